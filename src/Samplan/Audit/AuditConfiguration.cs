using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Samplan.Audit;

sealed class AuditConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("AuditLog");
        entry.Property(e => e.UserName).HasMaxLength(100);
        entry.Property(e => e.Role).HasMaxLength(100);
        entry.Property(e => e.Action).HasMaxLength(100);
        entry.Property(e => e.Part).HasMaxLength(60);
        entry.Property(e => e.Reason).HasMaxLength(500);
        entry.Property(e => e.Purpose).HasMaxLength(500);
        entry.Property(e => e.PreviousHash).HasMaxLength(64);
        entry.Property(e => e.Hash).HasMaxLength(64);
        // The chain: one entry per place, and the last place found at once.
        entry.HasIndex(e => e.Sequence).IsUnique();
        // "Who has read my plan" and the privacy officer's search (newest first). Every audited read writes every one of
        // these indexes (issue 8), so each must serve a query: the search by user goes by user name (which also names
        // refused sign-ins without an account), so there is no index by user id.
        entry.HasIndex(e => new { e.PlanId, e.At });
        entry.HasIndex(e => new { e.UserName, e.At });
        entry.HasIndex(e => new { e.PersonId, e.At });
        entry.HasIndex(e => e.At);
    }
}
