using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;

namespace Samplan.PlanLog;

sealed class PlanLogConfiguration : IEntityTypeConfiguration<PlanLogEntry>
{
    public void Configure(EntityTypeBuilder<PlanLogEntry> entry)
    {
        entry.ToTable("PlanLogEntries");
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Text).HasMaxLength(PlanLogEntry.MaxText);
        entry.Property(e => e.AuthorName).HasMaxLength(200);
        entry.Property(e => e.AuthorRole).HasMaxLength(100);
        entry.HasOne<IndividualPlan>().WithMany().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
        // A correction points to an entry that stays: entries are never deleted.
        entry.HasOne<PlanLogEntry>().WithMany().HasForeignKey(e => e.CorrectsEntryId).OnDelete(DeleteBehavior.Restrict);
        entry.HasIndex(e => new { e.PlanId, e.On });
    }
}
