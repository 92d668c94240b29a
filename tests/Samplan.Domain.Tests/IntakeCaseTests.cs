using Samplan.Domain.Coordination;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class IntakeCaseTests
{
    static readonly IntakeActor Kari = new(Guid.NewGuid(), "Kari Nordmann");
    static readonly IntakeActor Per = new(Guid.NewGuid(), "Per Lie");

    static IntakeReport Notification(IntakeKind kind = IntakeKind.NeedNotification, bool asked = false, bool wants = false,
        SourceSector sector = SourceSector.Hospital, HospitalStatus? hospitalStatus = HospitalStatus.DischargeReady) =>
        new(kind, IntakeForm.Written, sector, hospitalStatus, Guid.NewGuid(), "Per Lie", "Helse Vestfjord HF", ReportedByThePerson: false,
            Guid.NewGuid(), "Trenger koordinerte tjenester etter hjerneslag", IntakeUrgency.Urgent, asked, wants);

    static IntakeReport OralRequest() =>
        new(IntakeKind.Request, IntakeForm.Oral, SourceSector.PersonOrRelative, null, null, "Fatima Ali", null, ReportedByThePerson: true,
            Guid.NewGuid(), "Ønsker individuell plan", IntakeUrgency.Normal, false, false);

    static IntakeCase Received(IntakeReport report) => IntakeCase.Receive(Guid.NewGuid(), Municipality.Id, report, Per, Now);

    static IntakeCase UnderAssessment(IntakeReport report)
    {
        var c = Received(report);
        c.StartAssessment(Kari, Now.AddDays(1));
        return c;
    }

    [Fact]
    public void A_notification_by_someone_else_cannot_be_assessed_until_the_person_wants_it_N2()
    {
        var c = Received(Notification());

        var e = Refusal.Of("N2", () => c.StartAssessment(Kari, Now));
        Assert.Contains("ønsker en vurdering", e.Message, StringComparison.Ordinal);
        Assert.Equal(IntakeStatus.Received, c.Status);

        c.RecordPersonsWish(wantsAssessment: true, Kari, Now.AddHours(1));
        c.StartAssessment(Kari, Now.AddHours(2));
        Assert.Equal(IntakeStatus.UnderAssessment, c.Status);
    }

    [Fact]
    public void A_person_who_does_not_want_it_stops_the_case_at_received_N2()
    {
        var c = Received(Notification());
        c.RecordPersonsWish(wantsAssessment: false, Kari, Now);

        Refusal.Of("N2", () => c.StartAssessment(Kari, Now));
        c.Withdraw("Ønsker ikke vurdering nå", Kari, Now);
        Assert.Equal(IntakeOutcome.Withdrawn, c.Outcome);
    }

    [Fact]
    public void A_request_from_the_person_counts_as_wanting_it_N2_R11()
    {
        var c = Received(OralRequest());

        Assert.True(c.PersonConsentsToAssessment);
        Assert.Equal(IntakeForm.Oral, c.Form);
        c.StartAssessment(Kari, Now);
        c.StartPlan(Kari, Now);
        Assert.Equal(IntakeOutcome.PlanStarted, c.Outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_decline_without_reasons_is_refused_R11(string reasons)
    {
        var c = UnderAssessment(OralRequest());

        Refusal.Of("R11", () => c.Decline(reasons, Kari, Now));
        Assert.Equal(IntakeStatus.UnderAssessment, c.Status);
        Assert.Null(c.Outcome);
    }

    [Fact]
    public void A_decline_is_a_written_decision_and_a_complaint_is_tracked_to_its_outcome_R11()
    {
        var c = UnderAssessment(OralRequest());
        c.Decline("Behovet dekkes av én tjeneste.", Kari, Now.AddDays(2));

        Assert.Equal(IntakeOutcome.Declined, c.Outcome);
        Assert.Equal("Behovet dekkes av én tjeneste.", c.DecisionReasons);
        Assert.Equal("Kari Nordmann", c.DecidedByName);
        var complaint = c.RegisterComplaint("Jeg trenger flere tjenester.", Today.AddDays(5), Kari, Now.AddDays(5));
        Refusal.Of("R11", () => c.RecordComplaintOutcome(complaint.Id, false, Today.AddDays(30), null, Kari, Now));
        c.ForwardComplaint(complaint.Id, Kari, Now.AddDays(6));
        c.RecordComplaintOutcome(complaint.Id, upheld: false, Today.AddDays(30), "Vedtaket står", Kari, Now.AddDays(30));

        Assert.Equal(ComplaintStatus.Rejected, complaint.Status);
        Assert.Equal(Today.AddDays(30), complaint.OutcomeOn);
    }

    [Fact]
    public void A_complaint_needs_a_decline_R11()
    {
        var c = UnderAssessment(OralRequest());
        c.StartPlan(Kari, Now);

        Refusal.Of("R11", () => c.RegisterComplaint("Klage", Today, Kari, Now));
    }

    [Fact]
    public void Guidance_to_the_reporter_ends_a_possible_rehab_need_report_K2()
    {
        var c = UnderAssessment(Notification(IntakeKind.PossibleNeedReport, asked: true, wants: true));

        Refusal.Of("K2", () => c.GiveGuidance(" ", Kari, Now));
        c.GiveGuidance("Kontakt fastlegen for henvisning til rehabilitering.", Kari, Now);

        Assert.Equal(IntakeOutcome.GuidanceGiven, c.Outcome);
        Assert.Equal("Kontakt fastlegen for henvisning til rehabilitering.", c.Guidance);
    }

    [Fact]
    public void Only_a_possible_rehab_need_report_can_end_in_guidance_K2()
    {
        var notification = UnderAssessment(Notification(asked: true, wants: true));
        var request = UnderAssessment(OralRequest());

        Refusal.Of("K2", () => notification.GiveGuidance("Kontakt fastlegen.", Kari, Now));
        Refusal.Of("K2", () => request.GiveGuidance("Kontakt fastlegen.", Kari, Now));
    }

    [Fact]
    public void A_hospital_notification_says_admitted_discharge_ready_or_outpatient_K8() =>
        Refusal.Of("K8", () => Received(Notification(hospitalStatus: null)));

    [Fact]
    public void Outcomes_follow_received_then_assessment_K1()
    {
        var c = Received(Notification(asked: true, wants: true));

        Refusal.Of("K1", () => c.StartPlan(Kari, Now));
        Refusal.Of("K1", () => c.CoordinatorOnly(Kari, Now));
        c.StartAssessment(Kari, Now);
        Refusal.Of("K1", () => c.StartAssessment(Kari, Now));
        c.CoordinatorOnly(Kari, Now);
        Assert.Equal(IntakeOutcome.CoordinatorOnly, c.Outcome);
        Refusal.Of("K1", () => c.Withdraw(null, Kari, Now));
        Refusal.Of("K1", () => c.Decline("Grunn", Kari, Now));
    }

    [Fact]
    public void Every_step_is_timestamped_and_attributed()
    {
        var c = Received(Notification());
        c.RecordPersonsWish(true, Kari, Now.AddHours(1));
        c.StartAssessment(Kari, Now.AddDays(1));
        c.StartPlan(Kari, Now.AddDays(2));

        Assert.Equal([IntakeStepKind.Received, IntakeStepKind.PersonAsked, IntakeStepKind.AssessmentStarted, IntakeStepKind.PlanStarted],
            c.Steps.Select(s => s.Kind));
        Assert.Equal([Per.UserId, Kari.UserId, Kari.UserId, Kari.UserId], c.Steps.Select(s => s.ByUserId));
        Assert.Equal([Now, Now.AddHours(1), Now.AddDays(1), Now.AddDays(2)], c.Steps.Select(s => s.At));
        Assert.Equal(Now.AddDays(2), c.ClosedAt);
    }

    [Fact]
    public void Days_waited_count_from_received_until_closed_or_today()
    {
        var c = Received(Notification(asked: true, wants: true));
        static DateOnly Local(DateTime t) => DateOnly.FromDateTime(t);

        Assert.Equal(3, c.DaysWaited(Today.AddDays(3), Local));
        c.StartAssessment(Kari, Now.AddDays(4));
        c.StartPlan(Kari, Now.AddDays(5));
        Assert.Equal(5, c.DaysWaited(Today.AddDays(20), Local));
    }

    static DateOnly Oslo(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo")));

    [Fact]
    public void The_coordinator_appointment_is_recorded_once_with_the_days_since_the_notification_K4()
    {
        var c = UnderAssessment(Notification(asked: true, wants: true));
        c.StartPlan(Kari, Now.AddDays(2));

        c.RecordCoordinatorAppointed(Kari, Now.AddDays(12), Oslo);

        Assert.Equal(Now.AddDays(12), c.CoordinatorAppointedAt);
        Assert.Equal(12, c.DaysToCoordinator);
        Assert.Equal(IntakeStepKind.CoordinatorAppointed, c.Steps[^1].Kind);
        Assert.Equal(Kari.UserId, c.Steps[^1].ByUserId);
        // A later appointment (a change of coordinator) does not move the figure.
        Refusal.Of("K4", () => c.RecordCoordinatorAppointed(Kari, Now.AddDays(40), Oslo));
        Assert.Equal(12, c.DaysToCoordinator);
    }

    [Fact]
    public void Days_to_coordinator_count_Norwegian_calendar_days_K4()
    {
        // Received 23:30 Norwegian time (22:30 UTC) on 23.11, appointed 00:30 on 24.11: one day, not zero.
        var received = new DateTime(2026, 11, 23, 22, 30, 0, DateTimeKind.Utc);
        var c = IntakeCase.Receive(Guid.NewGuid(), Municipality.Id, OralRequest(), Kari, received);
        c.StartAssessment(Kari, received.AddMinutes(10));
        c.CoordinatorOnly(Kari, received.AddMinutes(20));

        c.RecordCoordinatorAppointed(Kari, received.AddHours(1), Oslo);

        Assert.Equal(1, c.DaysToCoordinator);
    }

    [Theory]
    [InlineData("open")]
    [InlineData("declined")]
    [InlineData("withdrawn")]
    [InlineData("guidance")]
    public void A_coordinator_appointment_is_recorded_only_on_a_case_that_led_to_a_plan_or_a_coordinator_K4(string outcome)
    {
        var c = UnderAssessment(Notification(IntakeKind.PossibleNeedReport, asked: true, wants: true));
        switch (outcome)
        {
            case "declined": c.Decline("Ikke behov for langvarige, koordinerte tjenester.", Kari, Now.AddDays(2)); break;
            case "withdrawn": c.Withdraw(null, Kari, Now.AddDays(2)); break;
            case "guidance": c.GiveGuidance("Kontakt fastlegen.", Kari, Now.AddDays(2)); break;
        }

        Refusal.Of("K4", () => c.RecordCoordinatorAppointed(Kari, Now.AddDays(3), Oslo));
        Assert.Null(c.CoordinatorAppointedAt);
        Assert.Null(c.DaysToCoordinator);
    }

    [Fact]
    public void A_coordinator_cannot_be_recorded_as_appointed_before_the_notification_came_K4()
    {
        var c = UnderAssessment(Notification(asked: true, wants: true));
        c.CoordinatorOnly(Kari, Now.AddDays(2));

        Refusal.Of("K4", () => c.RecordCoordinatorAppointed(Kari, Now.AddDays(-1), Oslo));
        Assert.Null(c.DaysToCoordinator);
    }

    [Fact]
    public void A_need_of_someone_who_already_has_a_plan_goes_to_the_plans_coordinator_R2()
    {
        var c = UnderAssessment(Notification(asked: true, wants: true));

        c.ReferToPlan("Bjørkvik kommune", "Kari Nordmann", Kari, Now.AddDays(2));

        Assert.Equal((IntakeStatus.Closed, IntakeOutcome.ReferredToPlan), (c.Status, c.Outcome!.Value));
        Assert.Contains("koordinator Kari Nordmann (Bjørkvik kommune)", c.Steps[^1].Text, StringComparison.Ordinal);
        // K4: no coordinator is appointed for this case; the plan already has one.
        Refusal.Of("K4", () => c.RecordCoordinatorAppointed(Kari, Now.AddDays(3), DateOnly.FromDateTime));
    }

    [Fact]
    public void A_need_is_not_passed_on_to_the_plan_before_the_person_wants_it_N2() =>
        Refusal.Of("N2", () => Received(Notification()).ReferToPlan("Bjørkvik kommune", null, Kari, Now));
}
