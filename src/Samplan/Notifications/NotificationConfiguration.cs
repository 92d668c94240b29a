using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Organisations;

namespace Samplan.Notifications;

sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> n)
    {
        n.ToTable("Notifications");
        n.Property(x => x.Id).ValueGeneratedNever();
        n.Property(x => x.Subject).HasMaxLength(Notification.MaxSubject);
        n.Property(x => x.Body).HasMaxLength(Notification.MaxBody);
        n.Property(x => x.Link).HasMaxLength(400);
        n.Property(x => x.DedupeKey).HasMaxLength(300);
        n.Property(x => x.CalendarFileName).HasMaxLength(100);
        n.Property(x => x.EmailClaimedBy).HasMaxLength(100);
        // The claim guards its own update: a node whose lease was taken over cannot record a send (EmailDelivery).
        n.Property(x => x.EmailClaimedBy).IsConcurrencyToken();
        n.Property(x => x.EmailClaimedUntil).IsConcurrencyToken();
        n.Property(x => x.EmailError).HasMaxLength(500);
        n.HasOne<UserAccount>().WithMany().HasForeignKey(x => x.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
        // The same notice is never created twice, whichever node or restart tries (idempotent reminders).
        n.HasIndex(x => x.DedupeKey).IsUnique();
        n.HasIndex(x => new { x.RecipientUserId, x.CreatedAt });
        n.HasIndex(x => new { x.EmailState, x.EmailClaimedUntil });
    }
}
