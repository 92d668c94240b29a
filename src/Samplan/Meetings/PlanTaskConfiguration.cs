using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;

namespace Samplan.Meetings;

sealed class PlanTaskConfiguration : IEntityTypeConfiguration<PlanTask>
{
    public void Configure(EntityTypeBuilder<PlanTask> task)
    {
        task.ToTable("PlanTasks");
        task.Property(t => t.Id).ValueGeneratedNever();
        task.Property(t => t.Title).HasMaxLength(PlanTask.MaxTitle);
        task.Property(t => t.AssigneeName).HasMaxLength(200);
        task.Property(t => t.CreatedByName).HasMaxLength(200);
        task.Property(t => t.ClosedByName).HasMaxLength(200);
        task.HasOne<IndividualPlan>().WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Cascade);
        task.HasIndex(t => new { t.PlanId, t.Status });
        // "My tasks" and the reminder job look tasks up by assignee and due date.
        task.HasIndex(t => new { t.AssigneeStaffMemberId, t.Status, t.DueOn });
        task.HasIndex(t => new { t.Status, t.DueOn });
    }
}
