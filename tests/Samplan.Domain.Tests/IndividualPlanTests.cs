using Samplan.Domain.Plans;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class IndividualPlanTests
{
    [Theory]
    [InlineData(PlanStatus.Draft)]
    [InlineData(PlanStatus.Active)]
    public void Starting_a_second_open_plan_is_refused_R2(PlanStatus existing)
    {
        var e = Refusal.Of("R2", () => IndividualPlan.Start(Guid.NewGuid(), Person(), Municipality, Staff(Municipality),
            [PlanStatus.Closed, existing], Consent(), Now));
        Assert.Contains("Emma Larsen", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Starting_a_new_plan_after_earlier_ones_were_closed_is_allowed_R2()
    {
        var plan = IndividualPlan.Start(Guid.NewGuid(), Person(), Municipality, Staff(Municipality),
            [PlanStatus.Closed, PlanStatus.Transferred], Consent(), Now);

        Assert.Equal(PlanStatus.Draft, plan.Status);
    }

    [Fact]
    public void Only_a_municipality_or_hospital_can_hold_the_plan_R2() =>
        Refusal.Of("R2", () => Plan(School));

    [Fact]
    public void The_person_takes_part_from_the_start_R12()
    {
        var plan = Plan();

        var person = Assert.Single(plan.Participants);
        Assert.Equal(ParticipantRole.Person, person.Role);
        Assert.Equal("Emma Larsen", person.Name);
    }

    [Fact]
    public void Adding_a_hospital_provider_to_a_municipal_plan_is_allowed_R2()
    {
        var plan = Plan(Municipality);
        plan.AddProvider(Staff(Municipality, name: "Ola Hansen"), ParticipantRole.ServiceProvider, null);

        plan.AddProvider(Staff(Hospital, name: "Lars Moe"), ParticipantRole.ContactPhysician, null);

        Assert.Contains(plan.Participants, p => p.Name == "Lars Moe");
    }

    [Fact]
    public void Adding_a_municipal_provider_to_a_hospital_held_plan_is_refused_R2()
    {
        var plan = Plan(Hospital);
        plan.AddProvider(Staff(Hospital, name: "Lars Moe"), ParticipantRole.ContactPhysician, null);

        Refusal.Of("R2", () => plan.AddProvider(Staff(Municipality, name: "Ola Hansen"), ParticipantRole.ServiceProvider, null));

        Assert.DoesNotContain(plan.Participants, p => p.Name == "Ola Hansen");
    }

    [Fact]
    public void After_handing_over_to_the_municipality_a_municipal_provider_can_be_added_R2()
    {
        var plan = Plan(Hospital);
        plan.AddProvider(Staff(Hospital, name: "Lars Moe"), ParticipantRole.ContactPhysician, null);

        plan.HandOverResponsibility(Municipality);
        plan.AddProvider(Staff(Municipality, name: "Ola Hansen"), ParticipantRole.ServiceProvider, null);

        Assert.Equal(Municipality.Id, plan.ResponsibleOrganisationId);
        Assert.Contains(plan.Participants, p => p.Name == "Ola Hansen");
    }

    [Fact]
    public void Handing_over_to_the_hospital_when_both_levels_give_services_is_refused_R2()
    {
        var plan = Plan(Municipality);
        plan.AddProvider(Staff(Municipality, name: "Ola Hansen"), ParticipantRole.ServiceProvider, null);
        plan.AddProvider(Staff(Hospital, name: "Lars Moe"), ParticipantRole.ContactPhysician, null);

        Refusal.Of("R2", () => plan.HandOverResponsibility(Hospital));
    }

    [Fact]
    public void Activating_with_consent_and_coordinator_makes_the_plan_active_R3_C2()
    {
        var plan = ReadyPlan();

        plan.Activate(Today, Now);

        Assert.Equal(PlanStatus.Active, plan.Status);
        Assert.Equal(Now, plan.ActivatedAt);
    }

    [Fact]
    public void Activating_without_consent_is_refused_R3()
    {
        var plan = ReadyPlan();
        plan.WithdrawConsent(Assert.Single(plan.Consents).Id, Today);
        Assert.Null(plan.ConsentInForce(Today));

        Refusal.Of("R3", () => plan.Activate(Today, Now));

        Assert.Equal(PlanStatus.Draft, plan.Status);
    }

    [Fact]
    public void Activating_with_an_expired_consent_is_refused_R3()
    {
        var plan = Plan(consent: Consent(givenOn: Today.AddYears(-2), validTo: Today.AddDays(-1)));
        plan.AppointCoordinator(Staff(Municipality), Today.AddDays(-1)); // while the consent still held

        Refusal.Of("R3", () => plan.Activate(Today, Now));
    }

    [Fact]
    public void Activating_before_the_consent_is_given_is_refused_R3()
    {
        var plan = Plan(consent: Consent(givenOn: Today.AddDays(5)));
        plan.AppointCoordinator(Staff(Municipality), Today.AddDays(5));

        Refusal.Of("R3", () => plan.Activate(Today, Now));
    }

    [Fact]
    public void Activating_when_consent_does_not_cover_information_exchange_is_refused_R3()
    {
        var plan = ReadyPlan(consent: Consent(coversInformationExchange: false));

        var e = Refusal.Of("R3", () => plan.Activate(Today, Now));
        Assert.Contains("informasjonsutveksling", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Consent_that_does_not_cover_the_plan_work_is_refused_R3() =>
        Refusal.Of("R3", () => Plan(consent: Consent() with { CoversPlanWork = false }));

    [Fact]
    public void Activating_without_a_coordinator_is_refused_C2()
    {
        var plan = Plan();

        Refusal.Of("C2", () => plan.Activate(Today, Now));
    }

    [Fact]
    public void Appointing_a_coordinator_without_consent_in_force_is_refused_R3()
    {
        var plan = Plan();
        plan.WithdrawConsent(Assert.Single(plan.Consents).Id, Today);

        Refusal.Of("R3", () => plan.AppointCoordinator(Staff(Municipality), Today));
        Assert.Null(plan.CoordinatorStaffId);
    }

    [Fact]
    public void A_hospital_coordinator_who_is_not_health_personnel_is_refused_C3()
    {
        var plan = Plan(Hospital);

        Refusal.Of("C3", () => plan.AppointCoordinator(Staff(Hospital, healthPersonnel: false, name: "Sofie Dahl"), Today));
        Assert.Null(plan.CoordinatorStaffId);
    }

    [Fact]
    public void A_municipal_coordinator_need_not_be_health_personnel_C3()
    {
        var plan = Plan(Municipality);
        var teacher = Staff(Municipality, healthPersonnel: false, name: "Erik Strand");

        plan.AppointCoordinator(teacher, Today);

        Assert.Equal(teacher.Id, plan.CoordinatorStaffId);
        Assert.Contains(plan.Participants, p => p.StaffMemberId == teacher.Id);
    }

    [Fact]
    public void A_measure_without_anyone_responsible_is_refused_R4()
    {
        var plan = Plan();

        Refusal.Of("R4", () => plan.AddMeasure(new MeasureDetails("Balansetrening", "2 ganger i uka", null, null, null, null, null, null)));
        Assert.Empty(plan.Measures);
    }

    [Fact]
    public void A_measure_that_ends_before_it_starts_is_refused_R4()
    {
        var plan = Plan();

        Refusal.Of("R4", () => plan.AddMeasure(new MeasureDetails("Balansetrening", "2 ganger i uka", null, Municipality.Id,
            Municipality.Name, null, Today, Today.AddDays(-1))));
        Assert.Empty(plan.Measures);
    }

    [Fact]
    public void A_measure_with_an_organisation_responsible_is_added_R4()
    {
        var plan = Plan();

        var measure = plan.AddMeasure(new MeasureDetails(" Praktisk bistand ", "3 timer per uke", null, Municipality.Id,
            Municipality.Name, "Hjemmetjenesten", Today, Today.AddMonths(6)));

        Assert.Equal("Praktisk bistand", measure.Title);
        Assert.Equal(Municipality.Name, measure.ResponsibleOrganisationName);
    }

    [Fact]
    public void Sub_goals_go_one_level_only_R5()
    {
        var plan = Plan();
        var goal = plan.AddGoal("Sykle til skolen", null, inPersonsOwnWords: true);
        var subGoal = plan.AddGoal("Sykle med voksen", null, false, goal.Id);

        Refusal.Of("R5", () => plan.AddGoal("Sykle rundt kvartalet", null, false, subGoal.Id));

        Assert.Equal(goal.Id, subGoal.ParentGoalId);
        Assert.Equal(2, plan.Goals.Count);
    }

    [Fact]
    public void Closing_without_the_persons_agreement_is_refused_R10()
    {
        var plan = ReadyPlan();
        plan.Activate(Today, Now);

        Refusal.Of("R10", () => plan.Close("Trenger ikke lenger koordinerte tjenester", agreedWithPerson: false, Now));
        Assert.Equal(PlanStatus.Active, plan.Status);
    }

    [Fact]
    public void Closing_without_a_reason_is_refused_R10()
    {
        var plan = ReadyPlan();
        plan.Activate(Today, Now);

        Refusal.Of("R10", () => plan.Close("  ", agreedWithPerson: true, Now));
        Assert.Equal(PlanStatus.Active, plan.Status);
    }

    [Fact]
    public void A_closed_plan_records_its_reason_and_cannot_be_changed_R10()
    {
        var plan = ReadyPlan();
        plan.Activate(Today, Now);

        plan.Close("Tilbake i full jobb", agreedWithPerson: true, Now);

        Assert.Equal(PlanStatus.Closed, plan.Status);
        Assert.Equal("Tilbake i full jobb", plan.ClosingReason);
        Assert.Equal(Now, plan.ClosedAt);
        Refusal.Of("R10", () => plan.AddGoal("Nytt mål", null, true));
        Refusal.Of("R10", () => plan.DescribeWhatMatters("Noe annet"));
        Assert.Empty(plan.Goals);
    }

    [Fact]
    public void The_person_cannot_be_removed_from_their_own_plan_R12()
    {
        var plan = Plan();
        var person = Assert.Single(plan.Participants);

        Refusal.Of("R12", () => plan.RemoveParticipant(person.Id));
        Assert.Single(plan.Participants);
    }

    [Fact]
    public void Changes_are_listed_for_the_revision_and_cleared_when_saved_R5()
    {
        var plan = Plan();
        plan.AddGoal("Sykle til skolen", null, true);

        Assert.Contains("Mål lagt til: Sykle til skolen", plan.PendingChanges);
        plan.MarkSaved();

        Assert.Empty(plan.PendingChanges);
        Assert.Equal(1, plan.Version);
    }
}
