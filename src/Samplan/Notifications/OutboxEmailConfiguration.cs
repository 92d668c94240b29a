using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Organisations;

namespace Samplan.Notifications;

sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> e)
    {
        e.ToTable("OutboxEmails");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.To).HasMaxLength(UserAccount.MaxEmail);
        e.Property(x => x.Subject).HasMaxLength(Notification.MaxSubject);
        e.Property(x => x.Body).HasMaxLength(Notification.MaxBody + 1000);
        e.Property(x => x.AttachmentFileName).HasMaxLength(100);
        e.HasOne<UserAccount>().WithMany().HasForeignKey(x => x.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
        // Deliberately not unique: the claim protocol, not an index, keeps a notice from being sent twice, and the
        // concurrency tests count rows per notice to prove it.
        e.HasIndex(x => x.NotificationId);
        e.HasIndex(x => new { x.RecipientUserId, x.SentAt });
    }
}
