using Samplan.Domain.Meetings;
using Samplan.Domain.Organisations;
using Samplan.Domain.Plans;

namespace Samplan.Domain.Tests;

/// <summary>Responsibility group (A1–A3), meetings with invitees the consent covers (R3), minutes (R5) and C6.</summary>
public sealed class MeetingTests
{
    static readonly DateTime Start = new(2026, 12, 1, 13, 0, 0, DateTimeKind.Utc);

    static MeetingDetails Details(string? place = "Bjørkvik rådhus", string? video = null, DateTime? starts = null) =>
        new("1. Status\n2. Veien videre", starts ?? Start, (starts ?? Start).AddHours(1), place, video);

    /// <summary>A municipal plan with a coordinator, two providers covered by consent and one added after it (not covered).</summary>
    sealed class Fixture
    {
        public IndividualPlan Plan { get; }
        public StaffMember Coordinator { get; } = Build.Staff(Build.Municipality, name: "Kari Nordmann");
        public StaffMember Therapist { get; } = Build.Staff(Build.Municipality, name: "Ola Hansen");
        public StaffMember HospitalNurse { get; } = Build.Staff(Build.Hospital, name: "Per Lie");
        public StaffMember Gp { get; } = Build.Staff(Build.Municipality, name: "Ingrid Berg");
        public Participant TherapistP { get; }
        public Participant NurseP { get; }
        public Participant GpP { get; }
        public Participant PersonP => Plan.Participants.Single(p => p.Role == ParticipantRole.Person);

        public Fixture()
        {
            var person = Build.Person();
            Plan = Build.Plan(person: person);
            Plan.AppointCoordinator(Coordinator, Build.Today);
            TherapistP = Plan.AddProvider(Therapist, ParticipantRole.ServiceProvider, "Trening");
            NurseP = Plan.AddProvider(HospitalNurse, ParticipantRole.ServiceProvider, "Sykehus");
            Plan.RecordConsent(Build.Consent(), person, Coordinator.Id, ConsentSharing.WithEveryParticipant(Plan));
            GpP = Plan.AddProvider(Gp, ParticipantRole.GeneralPractitioner, "Fastlege");
        }

        public Meeting Summon(IEnumerable<Guid>? invitees = null, MeetingDetails? details = null) =>
            Meeting.Summon(Guid.NewGuid(), Plan, null, MeetingKind.Ordinary, details ?? Details(), invitees ?? [TherapistP.Id], false,
                Coordinator, Build.Today, Build.Now);
    }

    [Fact]
    public void A_group_without_a_plan_needs_a_recorded_consent_and_is_seen_only_by_its_members_A1_R3()
    {
        var person = Build.Person();
        var creator = Build.Staff(Build.Municipality);
        Refusal.Of("R3", () => ResponsibilityGroup.WithoutPlan(Guid.NewGuid(), person, creator, " ", Build.Today, Build.Today, Build.Now));
        Refusal.Of("R3", () => ResponsibilityGroup.WithoutPlan(Guid.NewGuid(), person, creator, "Emma", Build.Today.AddDays(1), Build.Today, Build.Now));

        var group = ResponsibilityGroup.WithoutPlan(Guid.NewGuid(), person, creator, person.Name, Build.Today, Build.Today, Build.Now);
        var teacher = Build.Staff(Build.School, healthPersonnel: false, name: "Erik Strand");
        group.AddStaff(teacher, "Tilrettelegging på skolen");

        Assert.Null(group.PlanId);
        Assert.Equal(person.Name, group.ConsentGivenBy);
        Assert.True(group.MaySee(teacher.Id, null));
        Assert.True(group.MaySee(creator.Id, null));
        Assert.True(group.MaySee(null, person.Id));
        Assert.False(group.MaySee(Guid.NewGuid(), null));
        Refusal.Of("A1", () => group.AddStaff(teacher, null));
    }

    [Fact]
    public void A_plan_bound_group_takes_only_covered_participants_and_warns_when_large_A1_A3_R3()
    {
        var f = new Fixture();
        var group = ResponsibilityGroup.ForPlan(Guid.NewGuid(), f.Plan, "Emma Larsen", f.Coordinator, Build.Now);
        group.AddParticipant(f.Plan, f.TherapistP.Id, "Balansetrening", Build.Today);

        Refusal.Of("R3", () => group.AddParticipant(f.Plan, f.GpP.Id, null, Build.Today));
        Refusal.Of("A1", () => group.AddParticipant(f.Plan, f.TherapistP.Id, null, Build.Today));
        Refusal.Of("R12", () => group.RemoveMember(group.Members.Single(m => m.IsThePerson).Id));
        Assert.False(group.IsLarge);

        // A3 is a reminder, never a refusal: the ninth member is added, and the group says it is large.
        var person = Build.Person();
        var big = Build.Plan(person: person);
        var coordinator = Build.Staff(Build.Municipality);
        big.AppointCoordinator(coordinator, Build.Today);
        for (var i = 0; i < ResponsibilityGroup.LargeGroupLimit; i++)
            big.AddProvider(Build.Staff(Build.Municipality, name: $"Tjenesteyter {i}"), ParticipantRole.ServiceProvider, null);
        big.RecordConsent(Build.Consent(), person, coordinator.Id, ConsentSharing.WithEveryParticipant(big));
        var bigGroup = ResponsibilityGroup.ForPlan(Guid.NewGuid(), big, person.Name, coordinator, Build.Now);
        foreach (var p in big.Participants.Where(p => p.Role != ParticipantRole.Person).Take(ResponsibilityGroup.LargeGroupLimit - 1))
            bigGroup.AddParticipant(big, p.Id, null, Build.Today);
        Assert.Equal(ResponsibilityGroup.LargeGroupLimit, bigGroup.Members.Count);
        Assert.False(bigGroup.IsLarge);
        bigGroup.AddParticipant(big, big.Participants.Last().Id, null, Build.Today);
        Assert.True(bigGroup.IsLarge);
    }

    [Fact]
    public void Without_a_coordinator_the_group_must_choose_who_writes_minutes_and_calls_meetings_A2()
    {
        var person = Build.Person();
        var starter = Build.Staff(Build.Municipality, name: "Kari Nordmann");
        var plan = Build.Plan(person: person);
        var therapist = plan.AddProvider(Build.Staff(Build.Municipality, name: "Ola Hansen"), ParticipantRole.ServiceProvider, null);
        plan.RecordConsent(Build.Consent(), person, starter.Id, ConsentSharing.WithEveryParticipant(plan));
        var group = ResponsibilityGroup.ForPlan(Guid.NewGuid(), plan, person.Name, starter, Build.Now);
        var member = group.AddParticipant(plan, therapist.Id, null, Build.Today);
        var caller = new StaffMember(therapist.StaffMemberId!.Value, "Ola Hansen", Build.Municipality.Id, CareLevel.Municipality, "Ergoterapeut", true);

        Refusal.Of("A2", () => Meeting.Summon(Guid.NewGuid(), plan, group, MeetingKind.Ordinary, Details(), [], false, caller, Build.Today, Build.Now));
        Refusal.Of("A2", () => group.AssignMinutesAndCalling(group.Members.Single(m => m.IsThePerson).Id, member.Id));

        group.AssignMinutesAndCalling(member.Id, member.Id);
        var meeting = Meeting.Summon(Guid.NewGuid(), plan, group, MeetingKind.Ordinary, Details(), [therapist.Id], false, caller, Build.Today, Build.Now);
        Assert.Equal(2, meeting.Invitees.Count);
        // Someone the group did not choose may not call the meeting.
        Refusal.Of("A2", () => Meeting.Summon(Guid.NewGuid(), plan, group, MeetingKind.Ordinary, Details(), [], false, starter, Build.Today, Build.Now));
        Refusal.Of("A2", () => group.RemoveMember(member.Id));
    }

    [Fact]
    public void Only_participants_the_consent_covers_are_invited_and_the_person_and_coordinator_always_are_R3()
    {
        var f = new Fixture();

        var e = Refusal.Of("R3", () => f.Summon([f.TherapistP.Id, f.GpP.Id]));
        Assert.Contains("Ingrid Berg", e.Message, StringComparison.Ordinal);

        var meeting = f.Summon([f.TherapistP.Id]);
        Assert.Equal(new[] { f.PersonP.Id, f.TherapistP.Id, f.Plan.Participants.Single(p => p.StaffMemberId == f.Coordinator.Id).Id }.Order(),
            meeting.Invitees.Select(i => i.ParticipantId).Order());
        Assert.Equal(0, meeting.Sequence);
        // Only the coordinator summons (C4).
        Refusal.Of("C4", () => Meeting.Summon(Guid.NewGuid(), f.Plan, null, MeetingKind.Ordinary, Details(), [], false, f.Therapist, Build.Today, Build.Now));
    }

    [Fact]
    public void A_summons_needs_an_agenda_a_future_time_and_a_place_or_a_secure_video_link_A2()
    {
        var f = new Fixture();
        Refusal.Of("A2", () => f.Summon(details: Details() with { Agenda = " " }));
        Refusal.Of("A2", () => f.Summon(details: Details(starts: Build.Now.AddHours(-1))));
        Refusal.Of("A2", () => f.Summon(details: Details() with { EndsAt = Start }));
        Refusal.Of("A2", () => f.Summon(details: Details(place: null)));
        Refusal.Of("A2", () => f.Summon(details: Details(place: null, video: "http://video.example/m/1")));
        Refusal.Of("A2", () => f.Summon(details: Details(place: null, video: "javascript:alert(1)")));

        var meeting = f.Summon(details: Details(place: null, video: "https://video.example/m/1"));
        meeting.Change(Details(starts: Start.AddDays(1)), Build.Now);
        Assert.Equal(1, meeting.Sequence);
        Assert.Equal(Start.AddDays(1), meeting.StartsAt);
        meeting.Cancel(Build.Now);
        Assert.Equal(2, meeting.Sequence);
        Refusal.Of("A2", () => meeting.Reply(meeting.Invitees.First().Id, InviteeReply.Coming, Build.Now));
    }

    [Fact]
    public void A_hospital_coordinator_calls_the_meeting_before_discharge_in_agreement_with_the_patient_C6()
    {
        var f = new Fixture();
        // The municipal coordinator may not call it.
        Refusal.Of("C6", () => Meeting.Summon(Guid.NewGuid(), f.Plan, null, MeetingKind.BeforeDischarge, Details(), [], true,
            f.Coordinator, Build.Today, Build.Now));

        f.Plan.AppointCoordinator(f.HospitalNurse, Build.Today);
        Refusal.Of("C6", () => Meeting.Summon(Guid.NewGuid(), f.Plan, null, MeetingKind.BeforeDischarge, Details(), [], false,
            f.HospitalNurse, Build.Today, Build.Now));

        var meeting = Meeting.Summon(Guid.NewGuid(), f.Plan, null, MeetingKind.BeforeDischarge, Details(), [], true,
            f.HospitalNurse, Build.Today, Build.Now);
        Assert.True(meeting.AgreedWithPatient);
        var invited = meeting.Invitees.Select(i => i.ParticipantId).ToHashSet();
        // The municipal participants the consent covers (the therapist, the former coordinator), not the uncovered GP.
        Assert.Contains(f.TherapistP.Id, invited);
        Assert.Contains(f.Plan.Participants.Single(p => p.StaffMemberId == f.Coordinator.Id).Id, invited);
        Assert.DoesNotContain(f.GpP.Id, invited);
        Assert.Contains(f.PersonP.Id, invited);
    }

    [Fact]
    public void Minutes_decisions_become_a_measure_or_a_task_once_and_approved_minutes_are_not_edited_R5()
    {
        var f = new Fixture();
        var meeting = f.Summon([f.TherapistP.Id]);
        Refusal.Of("A2", () => meeting.WriteMinutes("For tidlig", null, new Dictionary<Guid, Attendance>(), "Kari", Build.Now));

        var after = Start.AddMinutes(70);
        var therapistInvitee = meeting.Invitees.Single(i => i.ParticipantId == f.TherapistP.Id);
        meeting.WriteMinutes("Gikk gjennom treningen.", "Jeg vil sykle til skolen.", new Dictionary<Guid, Attendance> { [therapistInvitee.Id] = Attendance.Present },
            "Kari Nordmann", after);
        var toMeasure = meeting.AddDecision("Sykkeltrening på skolen", after);
        var toTask = meeting.AddDecision("Søke om tilpasset sykkel", after);
        meeting.ApproveMinutes("Kari Nordmann", after);

        var measure = meeting.DecideAsMeasure(toMeasure.Id, f.Plan,
            new MeasureDetails("Sykkeltrening på skolen", "1 time i uka", f.TherapistP.Id, null, null, null, Build.Today, null),
            new DateOnly(2026, 12, 1));
        Assert.Contains(measure, f.Plan.Measures);
        Assert.Equal(DecisionOutcome.Measure, toMeasure.Outcome);
        Assert.Equal(measure.Id, toMeasure.MeasureId);
        Assert.Equal("Møte i ansvarsgruppen 01.12.2026: Tiltak lagt til: Sykkeltrening på skolen", f.Plan.PendingChanges[^1]);
        Assert.DoesNotContain(f.Plan.PendingChanges.SkipLast(1), c => c.StartsWith("Møte", StringComparison.Ordinal));
        Refusal.Of("R5", () => meeting.DecideAsTask(toMeasure.Id, f.Plan, f.TherapistP.Id, Build.Today.AddDays(14), Guid.NewGuid(), "Kari", after));

        var task = meeting.DecideAsTask(toTask.Id, f.Plan, f.TherapistP.Id, Build.Today.AddDays(14), Guid.NewGuid(), "Kari", after);
        Assert.Equal(TaskSource.Meeting, task.Source);
        Assert.Equal(meeting.Id, task.SourceId);
        Assert.Equal(task.Id, toTask.TaskId);

        Refusal.Of("A2", () => meeting.WriteMinutes("Endret i ettertid", null, new Dictionary<Guid, Attendance>(), "Kari", after));
        Refusal.Of("A2", () => meeting.AddDecision("Nytt vedtak", after));
        meeting.AddAddendum("Rettelse: treningen er på tirsdager.", "Kari Nordmann", after.AddDays(1));
        Assert.Equal("Gikk gjennom treningen.", meeting.MinutesText);
        Assert.Single(meeting.Addenda);
    }
}
