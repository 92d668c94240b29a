using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Plans;

namespace Samplan.Messages;

sealed class PlanMessageConfiguration : IEntityTypeConfiguration<PlanMessage>
{
    public void Configure(EntityTypeBuilder<PlanMessage> message)
    {
        message.ToTable("PlanMessages");
        message.Property(m => m.Id).ValueGeneratedNever();
        message.Property(m => m.SenderName).HasMaxLength(200);
        message.Property(m => m.Text).HasMaxLength(PlanMessage.MaxText);
        message.HasOne<IndividualPlan>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Cascade);
        message.HasIndex(m => new { m.PlanId, m.SentAt });
    }
}
