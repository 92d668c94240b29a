using Samplan.Domain.Coordination;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

/// <summary>Rules C1, C2, C3, C5 and K3 for appointing, changing and training coordinators.</summary>
public sealed class CoordinatorTests
{
    static readonly DateTime Later = Now.AddHours(1);

    [Fact]
    public void C1_follow_up_entries_are_appended_and_never_edited()
    {
        var kari = Staff(Municipality);
        var appointment = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), kari, Today.AddDays(-20), "Fatima Ali", Wish, PersonsCoordination.None);

        var first = appointment.AddFollowUp(Today.AddDays(-14), " Hjemmebesøk med tolk ", kari, Today, Now);
        var second = appointment.AddFollowUp(Today.AddDays(-14), "Rettelse: besøket var sammen med fastlegen", kari, Today, Later);

        Assert.Equal([first, second], appointment.FollowUps);
        Assert.Equal("Hjemmebesøk med tolk", first.Text);
        Assert.Equal(kari.Id, second.WrittenByStaffId);
        // Nothing on an entry can be changed: every property is read-only from outside.
        Assert.All(typeof(FollowUpEntry).GetProperties(), p => Assert.False(p.SetMethod?.IsPublic ?? false, p.Name));
        Assert.False(appointment.FollowUps is List<FollowUpEntry>);
    }

    [Fact]
    public void C1_only_the_appointed_coordinator_writes_the_follow_up_log() =>
        Refusal.Of("C1", () => CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), Staff(Municipality), Today, "Fatima Ali", Wish, PersonsCoordination.None)
            .AddFollowUp(Today, "Samtale", Staff(Municipality, name: "Ola Hansen"), Today, Now));

    [Fact]
    public void C1_a_follow_up_needs_text_and_cannot_be_dated_ahead_or_after_the_appointment_ended()
    {
        var kari = Staff(Municipality);
        var appointment = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), kari, Today.AddDays(-20), "Fatima Ali", Wish, PersonsCoordination.None);
        Refusal.Of("C1", () => appointment.AddFollowUp(Today, "  ", kari, Today, Now));
        Refusal.Of("C1", () => appointment.AddFollowUp(Today.AddDays(1), "Samtale", kari, Today, Now));
        Refusal.Of("C1", () => appointment.AddFollowUp(Today.AddDays(-21), "Samtale", kari, Today, Now));
        appointment.End(Today);
        Refusal.Of("C1", () => appointment.AddFollowUp(Today, "Samtale", kari, Today, Now));
        Assert.Empty(appointment.FollowUps);
    }

    [Fact]
    public void C2_the_wish_is_recorded_and_kept_through_appointment_and_change()
    {
        var plan = Plan();
        var ola = Staff(Municipality, name: "Ola Hansen");

        plan.RecordCoordinatorWish("  Emma vil ha en hun kjenner fra skolen  ", ola);
        plan.AppointCoordinator(Staff(Municipality), Today);
        plan.ChangeCoordinator(ola, Today, Today.AddDays(14));

        Assert.Equal("Emma vil ha en hun kjenner fra skolen", plan.CoordinatorWish);
        Assert.Equal(ola.Id, plan.WishedCoordinatorStaffId);
        Assert.Equal("Ola Hansen", plan.WishedCoordinatorName);
        Assert.Contains(plan.PendingChanges, c => c.StartsWith("Ønske om koordinator registrert", StringComparison.Ordinal));
    }

    [Fact]
    public void C2_an_empty_wish_is_refused() => Refusal.Of("C2", () => Plan().RecordCoordinatorWish("   "));

    [Fact]
    public void C3_a_change_to_a_hospital_coordinator_needs_health_personnel()
    {
        var plan = ReadyPlan(Hospital);
        var before = plan.CoordinatorStaffId;

        Refusal.Of("C3", () => plan.ChangeCoordinator(Staff(Hospital, healthPersonnel: false, name: "Sofie Dahl"), Today, Today.AddDays(14)));

        Assert.Equal(before, plan.CoordinatorStaffId);
        Assert.Null(plan.PreviousCoordinatorStaffId);
    }

    [Fact]
    public void C3_in_a_municipality_the_role_is_profession_neutral_also_on_change()
    {
        var plan = ReadyPlan();
        var teacher = Staff(Municipality, healthPersonnel: false, name: "Erik Strand");
        plan.ChangeCoordinator(teacher, Today, Today.AddDays(14));
        Assert.Equal(teacher.Id, plan.CoordinatorStaffId);
    }

    [Fact]
    public void R3_a_change_of_coordinator_needs_a_consent_in_force()
    {
        var plan = ReadyPlan(consent: Consent(validTo: Today.AddDays(5)));
        Refusal.Of("R3", () => plan.ChangeCoordinator(Staff(Municipality, name: "Ola Hansen"), Today.AddDays(6), Today.AddDays(20)));
    }

    [Fact]
    public void C5_both_coordinators_may_act_during_the_overlap_and_the_previous_not_after()
    {
        var plan = Plan();
        var kari = Staff(Municipality);
        var ola = Staff(Municipality, name: "Ola Hansen");
        plan.AppointCoordinator(kari, Today);

        plan.ChangeCoordinator(ola, Today, Today.AddDays(14));

        Assert.Equal(ola.Id, plan.CoordinatorStaffId);
        Assert.Equal(kari.Id, plan.PreviousCoordinatorStaffId);
        Assert.Equal(Today.AddDays(14), plan.PreviousCoordinatorUntil);
        Assert.True(plan.IsOverlappingCoordinator(kari.Id, Today));
        Assert.True(plan.IsOverlappingCoordinator(kari.Id, Today.AddDays(14)));
        Assert.False(plan.IsOverlappingCoordinator(kari.Id, Today.AddDays(15)));
        Assert.False(plan.IsOverlappingCoordinator(ola.Id, Today));
        Assert.Contains(plan.Participants, p => p.StaffMemberId == ola.Id);
    }

    [Fact]
    public void C5_an_overlap_beyond_three_months_is_refused()
    {
        var plan = ReadyPlan();
        Refusal.Of("C5", () => plan.ChangeCoordinator(Staff(Municipality, name: "Ola Hansen"), Today, Today.AddMonths(3).AddDays(1)));
        plan.ChangeCoordinator(Staff(Municipality, name: "Ola Hansen"), Today, Today.AddMonths(3));
    }

    [Fact]
    public void C5_an_overlap_cannot_end_before_today()
    {
        var plan = ReadyPlan();
        Refusal.Of("C5", () => plan.ChangeCoordinator(Staff(Municipality, name: "Ola Hansen"), Today, Today.AddDays(-1)));
    }

    [Fact]
    public void C5_a_change_needs_a_coordinator_to_change_from_and_a_new_one()
    {
        Refusal.Of("C5", () => Plan().ChangeCoordinator(Staff(Municipality), Today, Today.AddDays(14)));
        var plan = Plan();
        var kari = Staff(Municipality);
        plan.AppointCoordinator(kari, Today);
        Refusal.Of("C5", () => plan.ChangeCoordinator(kari, Today, Today.AddDays(14)));
    }

    [Fact]
    public void K3_a_course_takes_participants_from_several_organisations_and_completion_only_once_held()
    {
        var course = CoordinatorCourse.Plan(Guid.NewGuid(), "Grunnkurs", Today.AddDays(10), "Rådhuset", Municipality);
        var kari = Staff(Municipality);
        var per = Staff(Hospital, name: "Per Lie");
        course.AddParticipant(kari, Municipality.Name);
        course.AddParticipant(per, Hospital.Name);

        Refusal.Of("K3", () => course.AddParticipant(kari, Municipality.Name));
        Refusal.Of("K3", () => course.MarkCompleted(kari.Id, Today));
        course.MarkCompleted(per.Id, Today.AddDays(10));

        Assert.Equal(2, course.Participants.Select(p => p.OrganisationId).Distinct().Count());
        Assert.True(course.Participants.Single(p => p.StaffMemberId == per.Id).Completed);
        Assert.False(course.Participants.Single(p => p.StaffMemberId == kari.Id).Completed);
    }

    [Fact]
    public void K3_supervision_is_recorded_after_it_took_place()
    {
        Refusal.Of("K3", () => new SupervisionSession(Guid.NewGuid(), Guid.NewGuid(), Today.AddDays(1), "Berit", null, Guid.NewGuid(), Today));
        Refusal.Of("K3", () => new SupervisionSession(Guid.NewGuid(), Guid.NewGuid(), Today, " ", null, Guid.NewGuid(), Today));
        Assert.Equal("Berit", new SupervisionSession(Guid.NewGuid(), Guid.NewGuid(), Today, " Berit ", null, Guid.NewGuid(), Today).SupervisorName);
    }
}
