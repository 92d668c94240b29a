using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;

namespace Samplan.Evaluations;

sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> evaluation)
    {
        evaluation.ToTable("Evaluations");
        evaluation.Property(e => e.Id).ValueGeneratedNever();
        foreach (var text in new[] { nameof(Evaluation.ServiceDelivery), nameof(Evaluation.WayOfWorkingComment), nameof(Evaluation.PersonsOwnWords),
                     nameof(Evaluation.NoOwnWordsReason), nameof(Evaluation.OtherChanges) })
            evaluation.Property(text).HasMaxLength(Evaluation.MaxText);
        evaluation.Property(e => e.RecordedByName).HasMaxLength(200);
        evaluation.Property(e => e.RecordedByRole).HasMaxLength(100);
        evaluation.HasOne<IndividualPlan>().WithMany().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
        evaluation.HasMany(e => e.Goals).WithOne().HasForeignKey(g => g.EvaluationId).OnDelete(DeleteBehavior.Cascade);
        evaluation.Navigation(e => e.Goals).HasField("_goals");
        evaluation.HasIndex(e => new { e.PlanId, e.HeldOn });
    }
}

sealed class EvaluationGoalConfiguration : IEntityTypeConfiguration<EvaluationGoal>
{
    public void Configure(EntityTypeBuilder<EvaluationGoal> goal)
    {
        goal.ToTable("EvaluationGoals");
        goal.Property(g => g.Id).ValueGeneratedNever();
        goal.Property(g => g.GoalText).HasMaxLength(2000);
        goal.Property(g => g.Comment).HasMaxLength(Evaluation.MaxText);
    }
}
