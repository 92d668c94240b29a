using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;

namespace Samplan.MyPlan;

sealed class EvaluationExperienceConfiguration : IEntityTypeConfiguration<EvaluationExperience>
{
    public void Configure(EntityTypeBuilder<EvaluationExperience> experience)
    {
        experience.ToTable("EvaluationExperiences");
        experience.Property(e => e.Id).ValueGeneratedNever();
        experience.Property(e => e.Text).HasMaxLength(EvaluationExperience.MaxText);
        experience.Property(e => e.WrittenByName).HasMaxLength(200);
        experience.HasOne<IndividualPlan>().WithMany().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
        experience.HasIndex(e => new { e.PlanId, e.ForEvaluationOn }).IsUnique();
    }
}
