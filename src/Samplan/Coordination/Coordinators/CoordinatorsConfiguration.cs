using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.Coordination;
using Samplan.Domain.Plans;

namespace Samplan.Coordination.Coordinators;

/// <summary>C1: the follow-up log of a coordinator-only appointment (the rest of the appointment is configured beside it).</summary>
sealed class FollowUpLogConfiguration : IEntityTypeConfiguration<CoordinatorAppointment>
{
    public void Configure(EntityTypeBuilder<CoordinatorAppointment> appointment)
    {
        appointment.HasMany(a => a.FollowUps).WithOne().HasForeignKey(e => e.AppointmentId).OnDelete(DeleteBehavior.Restrict);
        appointment.Navigation(a => a.FollowUps).HasField("_followUps").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class FollowUpEntryConfiguration : IEntityTypeConfiguration<FollowUpEntry>
{
    public void Configure(EntityTypeBuilder<FollowUpEntry> entry)
    {
        entry.ToTable("CoordinatorFollowUps");
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Text).HasMaxLength(4000);
        entry.Property(e => e.WrittenByName).HasMaxLength(200);
        entry.HasIndex(e => new { e.AppointmentId, e.On });
    }
}

/// <summary>C2, C5: the plan's coordinator wish and the overlapping previous coordinator.</summary>
sealed class CoordinatorChangeConfiguration : IEntityTypeConfiguration<IndividualPlan>
{
    public void Configure(EntityTypeBuilder<IndividualPlan> plan)
    {
        plan.Property(p => p.CoordinatorWish).HasMaxLength(4000);
        plan.Property(p => p.WishedCoordinatorName).HasMaxLength(200);
        plan.Property(p => p.PreviousCoordinatorName).HasMaxLength(200);
        plan.HasIndex(p => p.PreviousCoordinatorStaffId);
    }
}

/// <summary>K3: courses with participants from several organisations.</summary>
sealed class CoordinatorCourseConfiguration : IEntityTypeConfiguration<CoordinatorCourse>
{
    public void Configure(EntityTypeBuilder<CoordinatorCourse> course)
    {
        course.Property(c => c.Id).ValueGeneratedNever();
        course.Property(c => c.Title).HasMaxLength(200);
        course.Property(c => c.Place).HasMaxLength(200);
        course.Property(c => c.OrganiserName).HasMaxLength(200);
        course.HasIndex(c => c.On);
        course.HasMany(c => c.Participants).WithOne().HasForeignKey(p => p.CourseId).OnDelete(DeleteBehavior.Cascade);
        course.Navigation(c => c.Participants).HasField("_participants").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class CourseParticipantConfiguration : IEntityTypeConfiguration<CourseParticipant>
{
    public void Configure(EntityTypeBuilder<CourseParticipant> participant)
    {
        participant.ToTable("CoordinatorCourseParticipants");
        participant.Property(p => p.Id).ValueGeneratedNever();
        participant.Property(p => p.StaffName).HasMaxLength(200);
        participant.Property(p => p.OrganisationName).HasMaxLength(200);
        participant.HasIndex(p => new { p.CourseId, p.StaffMemberId }).IsUnique();
        participant.HasIndex(p => new { p.StaffMemberId, p.Completed });
    }
}

sealed class SupervisionSessionConfiguration : IEntityTypeConfiguration<SupervisionSession>
{
    public void Configure(EntityTypeBuilder<SupervisionSession> session)
    {
        session.Property(s => s.Id).ValueGeneratedNever();
        session.Property(s => s.SupervisorName).HasMaxLength(200);
        session.Property(s => s.Note).HasMaxLength(4000);
        session.HasIndex(s => s.CoordinatorStaffId);
    }
}
