using Samplan.Domain.Meetings;
using Samplan.Domain.Organisations;
using Samplan.Domain.Plans;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class PlanTransferTests
{
    const string Fjellstad = "964000002";

    static (IndividualPlan Plan, People.Person Person) ActivePlan()
    {
        var person = Person();
        var plan = Plan(person: person);
        plan.AppointCoordinator(Staff(Municipality), Today);
        plan.Activate(Today, Now);
        plan.MarkSaved();
        return (plan, person);
    }

    [Fact]
    public void A_plan_is_not_transferred_without_the_persons_consent_to_that_move_R9()
    {
        var (plan, person) = ActivePlan();
        Refusal.Of("R9", () => plan.StartTransfer(Fjellstad, "Fjellstad kommune", Today, Now));

        // A consent to move it somewhere else does not cover this move; nor does a withdrawn one.
        plan.RecordTransferConsent(Consent(), person, Guid.NewGuid(), "964000009", "Annen kommune");
        Refusal.Of("R9", () => plan.StartTransfer(Fjellstad, "Fjellstad kommune", Today, Now));
        var consent = plan.RecordTransferConsent(Consent(), person, Guid.NewGuid(), Fjellstad, "Fjellstad kommune");
        plan.WithdrawConsent(consent.Id, Today);
        Refusal.Of("R9", () => plan.StartTransfer(Fjellstad, "Fjellstad kommune", Today, Now));
        Assert.Equal(PlanStatus.Active, plan.Status);
    }

    [Fact]
    public void With_the_persons_consent_the_plan_moves_with_the_reason_recorded_and_nothing_more_changes_here_R9_R10()
    {
        var (plan, person) = ActivePlan();
        var consent = plan.RecordTransferConsent(Consent(), person, Guid.NewGuid(), Fjellstad, "Fjellstad kommune");
        // The transfer consent shares nothing here and is not "the consent in force" the plan rests on (R3, R8).
        Assert.False(consent.CoversInformationExchange);
        Assert.NotEqual(consent.Id, plan.ConsentInForce(Today)!.Id);

        plan.StartTransfer(Fjellstad, "Fjellstad kommune", Today, Now);

        Assert.Equal(PlanStatus.Transferred, plan.Status);
        Assert.False(plan.IsOpen);
        Assert.Contains("Fjellstad kommune", plan.ClosingReason, StringComparison.Ordinal);
        Assert.Contains("Emma Larsen", plan.ClosingReason, StringComparison.Ordinal);
        Refusal.Of("R10", () => plan.AddGoal("Nytt mål", null, false));

        // Refused by the receiver: open here again.
        plan.TransferRefused("R2");
        Assert.Equal(PlanStatus.Active, plan.Status);
        Assert.Null(plan.ClosingReason);
    }

    [Fact]
    public void A_draft_is_not_transferred_R9()
    {
        var person = Person();
        var plan = Plan(person: person);
        plan.RecordTransferConsent(Consent(), person, Guid.NewGuid(), Fjellstad, "Fjellstad kommune");
        Refusal.Of("R9", () => plan.StartTransfer(Fjellstad, "Fjellstad kommune", Today, Now));
    }

    [Fact]
    public void The_receiver_refuses_a_plan_for_someone_who_already_has_an_open_plan_there_R2_R9()
    {
        var received = new ReceivedPlan("Bjørkvik kommune", "Å bo hjemme", Now, null, null, null, null, 4,
            [new("Patient/1", ParticipantRole.Person, "Emma Larsen", null), new("Practitioner/2", ParticipantRole.GeneralPractitioner, "Ingrid Lege", "Medisinsk")],
            [new("Goal/1", null, "Gå til butikken", GoalStatus.InProgress, Today.AddMonths(2), true), new("Goal/2", "Goal/1", "Gå 500 meter", GoalStatus.NotStarted, null, false)],
            [new("Trening", "2 ganger i uka", "Practitioner/2", null, null, null, null, MeasureStatus.Ongoing, "Goal/2"),
             new("Hjemmehjelp", "Ukentlig", null, "Bjørkvik kommune", null, null, null, MeasureStatus.Planned, null)],
            [new("Emma Larsen", ConsentGiverRole.Person, ConsentForm.Written, Today.AddDays(-10), null, null, true,
                ConsentSharing.AllKinds, new HashSet<InformationKind>(), "Samarbeid", ["Practitioner/2", "Organization/9"], null, null)],
            Needs: [(IcfArea.DailyActivities, "Hjelp til innkjøp")], Resources: ["Naboen handler"], Collaborations: [("NAV", "Arbeid")],
            SubPlans: [new(SubPlanKind.CrisisPlan, "Kriseplan", null, "DPS")]);
        var person = Person();
        var fjellstad = new Organisation(Guid.NewGuid(), "Fjellstad kommune", OrganisationKind.Municipality, Fjellstad);

        Refusal.Of("R2", () => IndividualPlan.ReceiveTransferred(Guid.NewGuid(), person, fjellstad, Guid.NewGuid(), [PlanStatus.Active], received));

        var receiver = Staff(fjellstad, name: "Hanne Fjell");
        var plan = IndividualPlan.ReceiveTransferred(Guid.NewGuid(), person, fjellstad, receiver.Id, [PlanStatus.Closed], received);
        Assert.Equal((PlanStatus.Draft, 4, fjellstad.Id), (plan.Status, plan.Version, plan.ResponsibleOrganisationId));
        // C2: the receiving unit's staff member who took it in appoints a coordinator and takes it into use here.
        Assert.Null(plan.CoordinatorStaffId);
        Assert.Equal(receiver.Id, plan.StartedByStaffId);
        plan.AppointCoordinator(receiver, Today);
        plan.Activate(Today, Now);
        // Staff of the sender have no account here: a named participant, not a user (R8).
        var gp = Assert.Single(plan.Participants, p => p.Role == ParticipantRole.GeneralPractitioner);
        Assert.Null(gp.StaffMemberId);
        Assert.Equal(gp.Id, plan.Measures.Single(m => m.Title == "Trening").ResponsibleParticipantId);
        Assert.Equal(plan.Goals.Single(g => g.Text == "Gå til butikken").Id, plan.Goals.Single(g => g.Text == "Gå 500 meter").ParentGoalId);
        Assert.Equal(fjellstad.Id, plan.Measures.Single(m => m.Title == "Hjemmehjelp").ResponsibleOrganisationId);
        var consent = Assert.Single(plan.Consents);
        Assert.Equal([gp.Id], consent.Recipients.Select(r => r.ParticipantId!.Value)); // unknown organisations dropped
        Assert.True(plan.Covers(gp, Today));
        Assert.Equal((1, 1, 1, 1), (plan.Needs.Count, plan.Resources.Count, plan.Collaborations.Count, plan.SubPlans.Count));
    }
    [Fact]
    public void The_work_done_there_arrives_with_the_plan_past_meetings_tasks_log_and_evaluations_included_R9()
    {
        var person = Person();
        var fjellstad = new Organisation(Guid.NewGuid(), "Fjellstad kommune", OrganisationKind.Municipality, Fjellstad);
        var receiver = Staff(fjellstad, name: "Hanne Fjell");
        var plan = IndividualPlan.ReceiveTransferred(Guid.NewGuid(), person, fjellstad, receiver.Id, [], new ReceivedPlan("Bjørkvik kommune", null, Now,
            null, null, null, null, 3, [new("Practitioner/2", ParticipantRole.GeneralPractitioner, "Ingrid Lege", null)],
            [new("Goal/1", null, "Gå til butikken", GoalStatus.InProgress, null, true)], [], []));
        var gp = plan.Participants.Single(p => p.Name == "Ingrid Lege");

        // A meeting in the past, which could never be called now (A2: a time ahead), arrives with its approved minutes.
        var held = Now.AddDays(-30);
        var meeting = Meeting.Received(plan, new ReceivedMeeting(Guid.NewGuid(), MeetingKind.Ordinary, false, "Status", held, held.AddHours(1), null,
            null, "Kari Nordmann", held.AddDays(-7), ["Ingrid Lege", "Ukjent Person"], true, "Vi ble enige om trening.", "Jeg vil gå selv.",
            "Kari Nordmann", held.AddHours(2)), receiver.Id);
        Assert.True(meeting.MinutesApproved);
        Assert.Equal("Vi ble enige om trening.", meeting.MinutesText);
        Assert.Equal(2, meeting.Invitees.Count); // the person and the named GP; a name not in the plan is left out
        Assert.Contains(meeting.Invitees, i => i.ParticipantId == gp.Id && i.StaffMemberId is null);
        Refusal.Of("A2", () => Meeting.Received(plan, new ReceivedMeeting(Guid.NewGuid(), MeetingKind.Ordinary, false, " ", held, held.AddHours(1),
            null, null, "", held, [], true, null, null, null, null), receiver.Id));

        // A task overdue and one done there keep their status; the assignee is the named participant, or no one here.
        var task = PlanTask.Received(plan, new ReceivedTask(Guid.NewGuid(), "Måle blodtrykket", Today.AddDays(-3), PlanTaskStatus.Open, "Ingrid Lege",
            false, Now.AddDays(-10), "Kari Nordmann", null), Guid.NewGuid());
        Assert.Equal((gp.Id, true), (task.AssigneeParticipantId, task.IsOverdue(Today)));
        var done = PlanTask.Received(plan, new ReceivedTask(Guid.NewGuid(), "Søke TT-kort", Today, PlanTaskStatus.Done, "Kari Nordmann", false,
            Now.AddDays(-10), "Kari Nordmann", Now.AddDays(-1)), Guid.NewGuid());
        Assert.Equal((Guid.Empty, "Kari Nordmann", PlanTaskStatus.Done), (done.AssigneeParticipantId, done.AssigneeName, done.Status));

        var entry = PlanLogEntry.Received(plan, new ReceivedLogEntry(Guid.NewGuid(), Today.AddDays(-2), " Gikk til butikken. ", InformationKind.PlanLog,
            "Emma Larsen", Now.AddDays(-2)));
        Assert.Equal(("Gikk til butikken.", "Emma Larsen", Guid.Empty), (entry.Text, entry.AuthorName, entry.AuthorUserId));

        // R12 holds for a received evaluation too: the person's own words, or why there are none.
        ReceivedEvaluation Evaluation(string? ownWords) => new(Guid.NewGuid(), Today.AddDays(-5), null, "Trening gitt", WayOfWorkingFit.Yes, null,
            ownWords, null, null, Today.AddMonths(3), "", "Kari Nordmann", Now.AddDays(-5), [("Gå til butikken", GoalAttainment.PartlyAchieved, null)]);
        var evaluation = Domain.Meetings.Evaluation.Received(plan, Evaluation("Det går bedre"));
        Assert.Equal(plan.Goals.Single().Id, Assert.Single(evaluation.Goals).GoalId);
        Refusal.Of("R12", () => Domain.Meetings.Evaluation.Received(plan, Evaluation(null)));

        // Received history is taken in only with the plan as it arrives, not added to a plan in use.
        var (inUse, _) = ActivePlan();
        Refusal.Of("R9", () => PlanLogEntry.Received(inUse, new ReceivedLogEntry(Guid.NewGuid(), Today, "Mer", InformationKind.PlanLog, "X", Now)));
    }

    [Fact]
    public void Staff_are_matched_by_HPR_number_and_the_consents_from_there_do_not_name_them_R9_R3_R8()
    {
        var fjellstad = new Organisation(Guid.NewGuid(), "Fjellstad kommune", OrganisationKind.Municipality, Fjellstad);
        var ingridHere = new StaffMember(Guid.NewGuid(), "Ingrid Berg", fjellstad.Id, fjellstad.Level, "Lege", true, "3456789");
        var received = new ReceivedPlan("Bjørkvik kommune", null, Now, null, null, null, null, 2,
            [new("Patient/1", ParticipantRole.Person, "Emma Larsen", null), new("Practitioner/2", ParticipantRole.GeneralPractitioner, "Ingrid Berg", null, "3456789"),
             new("Practitioner/3", ParticipantRole.ServiceProvider, "Ola Hansen", null, "2345678"), new("#Sofie", ParticipantRole.ServiceProvider, "Sofie Dahl", null)],
            [], [new("Trening", "Ukentlig", "Practitioner/2", null, null, null, null, MeasureStatus.Ongoing, null)],
            [new("Emma Larsen", ConsentGiverRole.Person, ConsentForm.Written, Today.AddDays(-10), null, null, true, ConsentSharing.AllKinds,
                new HashSet<InformationKind>(), "Samarbeid", ["Practitioner/2", "Practitioner/3", "#Sofie"], null, null)]);

        var plan = IndividualPlan.ReceiveTransferred(Guid.NewGuid(), Person(), fjellstad, Guid.NewGuid(), [], received,
            new Dictionary<string, StaffMember> { ["3456789"] = ingridHere });

        var gp = plan.Participants.Single(p => p.Name == "Ingrid Berg");
        Assert.Equal((ingridHere.Id, fjellstad.Id), (gp.StaffMemberId, gp.OrganisationId));
        Assert.Equal(gp.Id, plan.Measures.Single().ResponsibleParticipantId);
        // An HPR number no one has here, or none: a named participant, as before.
        Assert.All(plan.Participants.Where(p => p.Name is "Ola Hansen" or "Sofie Dahl"), p => Assert.Null(p.StaffMemberId));
        // The group here is new (R3): the consent from there names only the unlinked, so Ingrid sees nothing until asked here (R8).
        Assert.DoesNotContain(plan.Consents.Single().Recipients, r => r.ParticipantId == gp.Id);
        Assert.False(plan.Covers(gp, Today));
    }

    [Fact]
    public void Replies_and_attendance_arrive_with_a_received_meeting_R9()
    {
        var fjellstad = new Organisation(Guid.NewGuid(), "Fjellstad kommune", OrganisationKind.Municipality, Fjellstad);
        var plan = IndividualPlan.ReceiveTransferred(Guid.NewGuid(), Person(), fjellstad, Guid.NewGuid(), [], new ReceivedPlan("Bjørkvik kommune", null, Now,
            null, null, null, null, 1, [new("Practitioner/2", ParticipantRole.GeneralPractitioner, "Ingrid Berg", null)], [], [], []));
        var held = Now.AddDays(-30);
        var meeting = Meeting.Received(plan, new ReceivedMeeting(Guid.NewGuid(), MeetingKind.Ordinary, false, "Status", held, held.AddHours(1), null,
            null, "Kari Nordmann", held.AddDays(-7), ["Ingrid Berg"], true, "Referat", null, "Kari Nordmann", held.AddHours(2),
            [new("Ingrid Berg", false, InviteeReply.NotComing, held.AddDays(-2), "Har legevakt", Attendance.Absent),
             new("Emma Larsen", true, InviteeReply.Coming, held.AddDays(-3), "Trenger skyss", Attendance.Present)]), Guid.NewGuid());

        var gp = meeting.Invitees.Single(i => !i.IsThePerson);
        Assert.Equal((InviteeReply.NotComing, held.AddDays(-2), "Har legevakt", Attendance.Absent), (gp.Reply, gp.RepliedAt, gp.ReplyComment, gp.Attendance));
        var person = meeting.Invitees.Single(i => i.IsThePerson);
        Assert.Equal((InviteeReply.Coming, "Trenger skyss", Attendance.Present), (person.Reply, person.ReplyComment, person.Attendance));
    }

    [Fact]
    public void A_transfer_consent_asked_for_digitally_is_given_by_the_person_and_lets_exactly_that_move_happen_R9_S5()
    {
        var (plan, person) = ActivePlan();
        var request = ConsentRequest.AskForTransfer(Guid.NewGuid(), plan, Fjellstad, "Fjellstad kommune", Guid.NewGuid(), "Kari Nordmann", Today, Now);
        Assert.True(request.IsTransferRequest);
        Assert.False(request.CoversInformationExchange); // it shares nothing (R3, R8)
        Refusal.Of("R9", () => plan.StartTransfer(Fjellstad, "Fjellstad kommune", Today, Now));

        var consent = plan.GiveRequestedConsent(request, person, null, Today, Now);

        Assert.Equal((ConsentForm.Digital, Fjellstad, (Guid?)null), (consent.Form, consent.TransferToOrganisationNumber, consent.RecordedByStaffId));
        Assert.True(consent.LetsTransferTo(Fjellstad, Today));
        Assert.False(consent.LetsTransferTo("964000009", Today));
        Assert.Contains(plan.PendingChanges, c => c.Contains("overføring av planen til Fjellstad kommune gitt digitalt", StringComparison.Ordinal));
        Assert.Equal(consent.Id, plan.StartTransfer(Fjellstad, "Fjellstad kommune", Today, Now).Id);
        // Not for a draft, nor without a receiver.
        Refusal.Of("R9", () => ConsentRequest.AskForTransfer(Guid.NewGuid(), Plan(), Fjellstad, "Fjellstad kommune", Guid.NewGuid(), "Kari", Today, Now));
        var (other, _) = ActivePlan();
        Refusal.Of("R9", () => ConsentRequest.AskForTransfer(Guid.NewGuid(), other, "12", " ", Guid.NewGuid(), "Kari", Today, Now));
    }

    [Fact]
    public void The_revision_that_received_a_plan_says_where_it_came_from_R9()
    {
        var fjellstad = new Organisation(Guid.NewGuid(), "Fjellstad kommune", OrganisationKind.Municipality, Fjellstad);
        var plan = IndividualPlan.ReceiveTransferred(Guid.NewGuid(), Person(), fjellstad, Guid.NewGuid(), [], new ReceivedPlan("Bjørkvik kommune", null, Now,
            null, null, null, null, 1, [], [], [], []));
        Assert.Equal("Bjørkvik kommune", IndividualPlan.ReceivedFrom(string.Join("\n", plan.PendingChanges)));
        Assert.Null(IndividualPlan.ReceivedFrom("Mål lagt til: Gå til butikken"));
    }
}
