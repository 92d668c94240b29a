using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;

namespace Samplan.Domain.Tests;

public sealed class PlanTaskTests
{
    static PlanTask Assign(IndividualPlan plan, Guid participantId, string title = "Bestille balansebrett") =>
        PlanTask.Assign(Guid.NewGuid(), plan, participantId, title, Build.Today.AddDays(3), TaskSource.Manual, null, Guid.NewGuid(), "Kari Nordmann", Build.Now);

    [Fact]
    public void A_task_goes_to_a_participant_and_copies_who_they_are_R4()
    {
        var plan = Build.ReadyPlan();
        var person = plan.Participants.Single(p => p.Role == ParticipantRole.Person);
        var coordinator = plan.Participants.Single(p => p.StaffMemberId == plan.CoordinatorStaffId);

        var mine = Assign(plan, coordinator.Id);
        var persons = Assign(plan, person.Id);

        Assert.Equal(plan.CoordinatorStaffId, mine.AssigneeStaffMemberId);
        Assert.False(mine.AssigneeIsThePerson);
        Assert.True(persons.AssigneeIsThePerson);
        Assert.Null(persons.AssigneeStaffMemberId);
        Refusal.Of("R4", () => Assign(plan, Guid.NewGuid()));
        Refusal.Of("R4", () => Assign(plan, person.Id, "  "));
    }

    [Fact]
    public void A_closed_plan_gets_no_new_tasks_R10()
    {
        var plan = Build.ReadyPlan();
        plan.Activate(Build.Today, Build.Now);
        var coordinator = plan.Participants.Single(p => p.StaffMemberId == plan.CoordinatorStaffId);
        plan.Close("Personen trenger ikke lenger koordinerte tjenester.", true, Build.Now);

        Refusal.Of("R10", () => Assign(plan, coordinator.Id));
    }

    [Fact]
    public void A_task_is_closed_once_and_is_overdue_only_while_open_R5()
    {
        var plan = Build.ReadyPlan();
        var task = Assign(plan, plan.Participants.First().Id);
        Assert.True(task.IsOverdue(Build.Today.AddDays(4)));

        task.Complete("Ola Hansen", Build.Now);

        Assert.Equal(PlanTaskStatus.Done, task.Status);
        Assert.False(task.IsOverdue(Build.Today.AddDays(4)));
        Refusal.Of("R5", () => task.Cancel("Kari Nordmann", Build.Now));
    }
}
