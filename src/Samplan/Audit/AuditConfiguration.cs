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
        // "Who has read my plan" and the privacy officer's search.
        entry.HasIndex(e => new { e.PlanId, e.At });
        entry.HasIndex(e => new { e.UserId, e.At });
    }
}
