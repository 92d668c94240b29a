using Samplan.Domain.Organisations;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Meetings;

/// <summary>An ordinary meeting of the responsibility group, or the one a hospital coordinator calls before discharge (C6).</summary>
public enum MeetingKind { Ordinary, BeforeDischarge }

public enum MeetingStatus { Summoned, Cancelled }

public enum InviteeReply { NoReply, Coming, NotComing }

public enum Attendance { NotRecorded, Present, Absent }

/// <summary>What a decision in the minutes became in the plan (R5): nothing yet, a measure or a task.</summary>
public enum DecisionOutcome { None, Measure, Task }

/// <summary>What a summons says: agenda, when (UTC instants) and where — a place, a video link, or both.</summary>
public sealed record MeetingDetails(string Agenda, DateTime StartsAt, DateTime EndsAt, string? Place, string? VideoLink);

/// <summary>
/// A meeting in the plan work (A2, C4): the summons with agenda, time, place and invitees — only participants a
/// consent in force covers, and always the person and the coordinator (R3, R12) — the replies, and the minutes
/// with attendance, the person's own input and the decisions, which become measures or tasks in the plan (R5).
/// <see cref="Sequence"/> rises with every change of the summons, as calendar programs expect (RFC 5545).
/// Approved minutes are never edited; a correction is an addendum.
/// </summary>
public sealed class Meeting
{
    public const int MaxAgenda = 4000;
    public const int MaxPlace = 300;
    public const int MaxVideoLink = 500;
    public const int MaxMinutes = 20000;
    public const int MaxDecision = 1000;

    readonly List<MeetingInvitee> _invitees = [];
    readonly List<MeetingDecision> _decisions = [];
    readonly List<MinutesAddendum> _addenda = [];

    Meeting() { Agenda = ""; SummonedByName = ""; }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid? GroupId { get; private set; }
    public MeetingKind Kind { get; private set; }
    public MeetingStatus Status { get; private set; }
    public string Agenda { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public string? Place { get; private set; }
    public string? VideoLink { get; private set; }
    public int Sequence { get; private set; }
    /// <summary>C6: the hospital coordinator confirmed the meeting before discharge is agreed with the patient.</summary>
    public bool AgreedWithPatient { get; private set; }
    public Guid SummonedByStaffId { get; private set; }
    public string SummonedByName { get; private set; }
    public DateTime SummonedAt { get; private set; }
    public DateTime? ChangedAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }

    public string? MinutesText { get; private set; }
    /// <summary>R12: what the person said, in their own words.</summary>
    public string? PersonsOwnInput { get; private set; }
    public string? MinutesWrittenByName { get; private set; }
    public DateTime? MinutesWrittenAt { get; private set; }
    public DateTime? MinutesApprovedAt { get; private set; }
    public string? MinutesApprovedByName { get; private set; }

    public IReadOnlyCollection<MeetingInvitee> Invitees => _invitees.AsReadOnly();
    public IReadOnlyCollection<MeetingDecision> Decisions => _decisions.AsReadOnly();
    public IReadOnlyCollection<MinutesAddendum> Addenda => _addenda.AsReadOnly();

    public bool IsCancelled => Status == MeetingStatus.Cancelled;
    public bool MinutesApproved => MinutesApprovedAt is not null;
    public bool HasMinutes => MinutesText is not null || PersonsOwnInput is not null || _decisions.Count > 0;

    /// <summary>
    /// Summons a meeting. Who calls it: the coordinator (or the previous one during the overlap, C5), or, where
    /// no coordinator is appointed, the one the group chose (A2). Invitees must be participants covered by a
    /// consent in force (R3); the person and the coordinator are always invited. A meeting before discharge (C6)
    /// is called by the plan's hospital coordinator in agreement with the patient, and invites the municipal
    /// participants the consent covers.
    /// </summary>
    public static Meeting Summon(Guid id, IndividualPlan plan, ResponsibilityGroup? group, MeetingKind kind, MeetingDetails details,
        IEnumerable<Guid> inviteeParticipantIds, bool agreedWithPatient, StaffMember by, DateOnly today, DateTime now)
    {
        if (!plan.IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet eller overført; det kan ikke kalles inn til møter.");
        EnsureMayConvene(plan, group, by.Id, today);
        var ids = inviteeParticipantIds.ToHashSet();
        if (kind == MeetingKind.BeforeDischarge)
        {
            if (plan.CoordinatorStaffId != by.Id || by.OrganisationLevel != CareLevel.Hospital)
                throw new DomainRuleException("C6", "Bare planens koordinator i spesialisthelsetjenesten kaller inn til møte før utskrivning.");
            if (!agreedWithPatient)
                throw new DomainRuleException("C6", "Møtet før utskrivning kalles inn i samråd med pasienten. Bekreft at det er avtalt med pasienten.");
            var municipal = plan.Participants
                .Where(p => p.OrganisationLevel == CareLevel.Municipality && p.StaffMemberId is not null && plan.Covers(p, today)).ToList();
            if (municipal.Count == 0)
                throw new DomainRuleException("C6", "Ingen kommunale deltakere er dekket av samtykket. Det må foreligge samtykke før kommunen kan innkalles.");
            ids.UnionWith(municipal.Select(p => p.Id));
        }
        var meeting = new Meeting
        {
            Id = id,
            PlanId = plan.Id,
            PersonId = plan.PersonId,
            GroupId = group?.Id,
            Kind = kind,
            Status = MeetingStatus.Summoned,
            AgreedWithPatient = kind == MeetingKind.BeforeDischarge && agreedWithPatient,
            SummonedByStaffId = by.Id,
            SummonedByName = by.Name,
            SummonedAt = now,
        };
        meeting.Apply(details, now);
        ids.Add(plan.Participants.First(p => p.Role == ParticipantRole.Person).Id);
        if (plan.Participants.FirstOrDefault(p => p.StaffMemberId is not null && p.StaffMemberId == plan.CoordinatorStaffId) is { } coordinator)
            ids.Add(coordinator.Id);
        foreach (var participantId in ids)
        {
            var participant = plan.Participants.FirstOrDefault(p => p.Id == participantId)
                ?? throw new DomainRuleException("R3", "Bare de som deltar i planen kan innkalles.");
            var always = participant.Role == ParticipantRole.Person || participant.StaffMemberId == plan.CoordinatorStaffId
                || plan.IsOverlappingCoordinator(participant.StaffMemberId, today);
            if (!always && !plan.Covers(participant, today))
                throw new DomainRuleException("R3", $"{participant.Name} er ikke dekket av samtykket og kan ikke innkalles før et nytt samtykke dekker deltakeren.");
            meeting._invitees.Add(new MeetingInvitee(Guid.NewGuid(), id, participant.Id, participant.Name, participant.StaffMemberId,
                participant.RelatedPersonId, participant.Role == ParticipantRole.Person));
        }
        return meeting;
    }

    /// <summary>C4, C5, A2: who may summon, change and cancel a meeting of this plan.</summary>
    public static void EnsureMayConvene(IndividualPlan plan, ResponsibilityGroup? group, Guid? staffId, DateOnly today)
    {
        if (plan.CoordinatorStaffId is null)
        {
            if (group is null)
                throw new DomainRuleException("A2", "Det er ikke oppnevnt koordinator. Opprett ansvarsgruppen og avtal hvem som kaller inn til møtene.");
            group.EnsureOrganised(hasCoordinator: false);
            if (staffId is null || group.MeetingCaller!.StaffMemberId != staffId)
                throw new DomainRuleException("A2", $"Ansvarsgruppen har avtalt at {group.MeetingCaller!.Name} kaller inn til møtene.");
            return;
        }
        if (staffId is null || (staffId != plan.CoordinatorStaffId && !plan.IsOverlappingCoordinator(staffId, today)))
            throw new DomainRuleException("C4", "Koordinator kaller inn til og leder møtene i ansvarsgruppen.");
    }

    /// <summary>C4, C5, A2: who may write the minutes: the coordinator, or, where there is none, the group's minutes writer.</summary>
    public static void EnsureMayWriteMinutes(IndividualPlan plan, ResponsibilityGroup? group, Guid? staffId, DateOnly today)
    {
        if (plan.CoordinatorStaffId is null)
        {
            if (group is null)
                throw new DomainRuleException("A2", "Det er ikke oppnevnt koordinator. Ansvarsgruppen må avtale hvem som skriver referat.");
            group.EnsureOrganised(hasCoordinator: false);
            if (staffId is null || group.MinutesWriter!.StaffMemberId != staffId)
                throw new DomainRuleException("A2", $"Ansvarsgruppen har avtalt at {group.MinutesWriter!.Name} skriver referat.");
            return;
        }
        if (staffId is null || (staffId != plan.CoordinatorStaffId && !plan.IsOverlappingCoordinator(staffId, today)))
            throw new DomainRuleException("C4", "Koordinator skriver referat fra møtene i ansvarsgruppen.");
    }

    /// <summary>Moves or changes the meeting; the calendar sequence rises so invitees' calendars update.</summary>
    public void Change(MeetingDetails details, DateTime now)
    {
        EnsureSummoned();
        if (HasMinutes)
            throw new DomainRuleException("A2", "Møtet har referat og kan ikke flyttes.");
        Apply(details, now);
        Sequence++;
        ChangedAt = now;
    }

    public void Cancel(DateTime now)
    {
        EnsureSummoned();
        if (HasMinutes)
            throw new DomainRuleException("A2", "Møtet har referat og kan ikke avlyses.");
        Status = MeetingStatus.Cancelled;
        Sequence++;
        CancelledAt = now;
    }

    public const int MaxReplyComment = 1000;

    /// <summary>An invitee answers for themself: coming or not coming, with a short comment if they like (R12: the person's own words).</summary>
    public void Reply(Guid inviteeId, InviteeReply reply, DateTime now, string? comment)
    {
        Reply(inviteeId, reply, now);
        Invitee(inviteeId).ReplyComment = Clean(comment, MaxReplyComment);
    }

    /// <summary>An invitee answers for themself: coming or not coming.</summary>
    public void Reply(Guid inviteeId, InviteeReply reply, DateTime now)
    {
        EnsureSummoned();
        if (reply == InviteeReply.NoReply)
            throw new DomainRuleException("A2", "Svar om du kommer eller ikke.");
        if (now >= EndsAt)
            throw new DomainRuleException("A2", "Møtet er over; svaret kan ikke endres.");
        var invitee = Invitee(inviteeId);
        invitee.Reply = reply;
        invitee.RepliedAt = now;
    }

    /// <summary>
    /// The minutes: who attended, the person's own input in their words (R12) and free text. Written once the
    /// meeting has begun, and only until approved.
    /// </summary>
    public void WriteMinutes(string? text, string? personsOwnInput, IReadOnlyDictionary<Guid, Attendance> attendance, string writerName, DateTime now)
    {
        EnsureMinutesOpen(now);
        MinutesText = Clean(text, MaxMinutes);
        PersonsOwnInput = Clean(personsOwnInput, MaxMinutes);
        foreach (var (inviteeId, present) in attendance) Invitee(inviteeId).Attendance = present;
        MinutesWrittenByName = writerName;
        MinutesWrittenAt = now;
    }

    public MeetingDecision AddDecision(string text, DateTime now)
    {
        EnsureMinutesOpen(now);
        var decision = new MeetingDecision(Guid.NewGuid(), Id, Clean(text, MaxDecision)
            ?? throw new DomainRuleException("R5", "Skriv hva som ble bestemt."), now);
        _decisions.Add(decision);
        return decision;
    }

    /// <summary>Approved minutes are final: from now on corrections are addenda.</summary>
    public void ApproveMinutes(string byName, DateTime now)
    {
        EnsureMinutesOpen(now);
        if (!HasMinutes)
            throw new DomainRuleException("A2", "Skriv referatet før det godkjennes.");
        MinutesApprovedAt = now;
        MinutesApprovedByName = byName;
    }

    /// <summary>A correction or addition to approved minutes, dated and signed; the minutes themselves stay as approved.</summary>
    public MinutesAddendum AddAddendum(string text, string byName, DateTime now)
    {
        if (!MinutesApproved)
            throw new DomainRuleException("A2", "Referatet er ikke godkjent ennå; rett det direkte.");
        var addendum = new MinutesAddendum(Guid.NewGuid(), Id, Clean(text, MaxMinutes)
            ?? throw new DomainRuleException("A2", "Skriv hva tillegget gjelder."), byName, now);
        _addenda.Add(addendum);
        return addendum;
    }

    /// <summary>
    /// R5: a decision becomes a measure in the plan with one action, as a normal change of the plan that names
    /// the meeting (<paramref name="meetingDay"/> in Norwegian time).
    /// </summary>
    public Measure DecideAsMeasure(Guid decisionId, IndividualPlan plan, MeasureDetails details, DateOnly meetingDay)
    {
        var decision = OpenDecision(decisionId, plan);
        var from = plan.PendingChanges.Count;
        var measure = plan.AddMeasure(details);
        plan.AttributeChanges($"Møte i ansvarsgruppen {meetingDay:dd.MM.yyyy}", from);
        decision.Outcome = DecisionOutcome.Measure;
        decision.MeasureId = measure.Id;
        return measure;
    }

    /// <summary>R5, C4: a decision becomes a task for one participant, remembering the meeting it came from.</summary>
    public PlanTask DecideAsTask(Guid decisionId, IndividualPlan plan, Guid assigneeParticipantId, DateOnly dueOn,
        Guid byUserId, string byName, DateTime now)
    {
        var decision = OpenDecision(decisionId, plan);
        var task = PlanTask.Assign(Guid.NewGuid(), plan, assigneeParticipantId, decision.Text, dueOn, TaskSource.Meeting, Id, byUserId, byName, now);
        decision.Outcome = DecisionOutcome.Task;
        decision.TaskId = task.Id;
        return task;
    }

    public MeetingInvitee? InviteeFor(Guid? staffMemberId, Guid? personId) => _invitees.FirstOrDefault(i =>
        (staffMemberId is not null && i.StaffMemberId == staffMemberId) || (personId is not null && i.IsThePerson && personId == PersonId));

    MeetingDecision OpenDecision(Guid decisionId, IndividualPlan plan)
    {
        if (plan.Id != PlanId)
            throw new DomainRuleException("R5", "Møtet hører til en annen plan.");
        var decision = _decisions.FirstOrDefault(d => d.Id == decisionId)
            ?? throw new DomainRuleException("R5", "Vedtaket finnes ikke i referatet.");
        if (decision.Outcome != DecisionOutcome.None)
            throw new DomainRuleException("R5", decision.Outcome == DecisionOutcome.Measure
                ? "Vedtaket er allerede blitt et tiltak i planen."
                : "Vedtaket er allerede blitt en oppgave.");
        return decision;
    }

    void Apply(MeetingDetails d, DateTime now)
    {
        var agenda = Clean(d.Agenda, MaxAgenda) ?? throw new DomainRuleException("A2", "Skriv dagsorden for møtet.");
        if (d.StartsAt.Kind != DateTimeKind.Utc || d.EndsAt.Kind != DateTimeKind.Utc)
            throw new ArgumentException("Meeting times are UTC instants.", nameof(d));
        if (d.EndsAt <= d.StartsAt)
            throw new DomainRuleException("A2", "Møtet må slutte etter at det begynner.");
        if (d.StartsAt <= now)
            throw new DomainRuleException("A2", "Møtet må ligge fram i tid.");
        var place = Clean(d.Place, MaxPlace);
        var link = Clean(d.VideoLink, MaxVideoLink);
        if (place is null && link is null)
            throw new DomainRuleException("A2", "Oppgi møtested eller lenke til videomøte.");
        if (link is not null && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0))
            throw new DomainRuleException("A2", "Lenken til videomøtet må være en sikker nettadresse som begynner med https://.");
        Agenda = agenda;
        StartsAt = d.StartsAt;
        EndsAt = d.EndsAt;
        Place = place;
        VideoLink = link;
    }

    void EnsureSummoned()
    {
        if (IsCancelled)
            throw new DomainRuleException("A2", "Møtet er avlyst.");
    }

    void EnsureMinutesOpen(DateTime now)
    {
        EnsureSummoned();
        if (now < StartsAt)
            throw new DomainRuleException("A2", "Referatet skrives når møtet har begynt.");
        if (MinutesApproved)
            throw new DomainRuleException("A2", "Referatet er godkjent og endres ikke. Skriv et tillegg i stedet.");
    }

    MeetingInvitee Invitee(Guid inviteeId) => _invitees.FirstOrDefault(i => i.Id == inviteeId)
        ?? throw new DomainRuleException("R3", "Bare de som er innkalt til møtet kan svare eller føres som til stede.");

    /// <summary>
    /// R9: a meeting as it arrives with a transferred plan — past or planned, with its minutes as written and approved
    /// there. It was called where the plan was, so the rules for calling a meeting (a time ahead, a place, invitees
    /// covered by a consent here) are not asked again; it is recorded as called by the staff member here who took the plan
    /// in, with the caller's name kept. Invitees are the received plan's participants of the same names.
    /// </summary>
    public static Meeting Received(IndividualPlan plan, ReceivedMeeting r, Guid receivedByStaffId)
    {
        ReceivedHistory.EnsureReceiving(plan);
        var agenda = Clean(r.Agenda, MaxAgenda) ?? throw new DomainRuleException("A2", "Et møte mangler dagsorden.");
        if (r.EndsAt <= r.StartsAt)
            throw new DomainRuleException("A2", "Møtet må slutte etter at det begynner.");
        var meeting = new Meeting
        {
            Id = r.Id,
            PlanId = plan.Id,
            PersonId = plan.PersonId,
            Kind = r.Kind,
            Status = r.Cancelled ? MeetingStatus.Cancelled : MeetingStatus.Summoned,
            Agenda = agenda,
            StartsAt = DateTime.SpecifyKind(r.StartsAt, DateTimeKind.Utc),
            EndsAt = DateTime.SpecifyKind(r.EndsAt, DateTimeKind.Utc),
            Place = Clean(r.Place, MaxPlace),
            VideoLink = Clean(r.VideoLink, MaxVideoLink),
            SummonedByStaffId = receivedByStaffId,
            SummonedByName = Clean(r.SummonedByName, 200) ?? "",
            SummonedAt = r.SummonedAt,
            CancelledAt = r.Cancelled ? r.SummonedAt : null,
            MinutesText = Clean(r.Minutes, MaxMinutes),
            PersonsOwnInput = Clean(r.PersonsOwnInput, MaxMinutes),
            MinutesApprovedAt = r.MinutesApprovedAt,
            MinutesApprovedByName = r.MinutesApprovedAt is null ? null : Clean(r.MinutesApprovedByName, 200),
        };
        if (meeting.MinutesText is not null || meeting.PersonsOwnInput is not null)
        {
            meeting.MinutesWrittenAt = r.MinutesApprovedAt ?? r.StartsAt;
            meeting.MinutesWrittenByName = meeting.MinutesApprovedByName;
        }
        var invited = new List<Participant>();
        if (r.PersonInvited && ReceivedHistory.Named(plan, "", isThePerson: true) is { } person) invited.Add(person);
        foreach (var name in r.InviteeNames)
            if (ReceivedHistory.Named(plan, name, isThePerson: false) is { } p && !invited.Contains(p)) invited.Add(p);
        foreach (var p in invited)
        {
            var invitee = new MeetingInvitee(Guid.NewGuid(), r.Id, p.Id, p.Name, p.StaffMemberId, p.RelatedPersonId, p.Role == ParticipantRole.Person);
            // R9: the replies and the attendance in the minutes come along as they were recorded there.
            var isThePerson = p.Role == ParticipantRole.Person;
            if (r.Replies?.FirstOrDefault(x => isThePerson ? x.IsThePerson : !x.IsThePerson && string.Equals(x.Name.Trim(), p.Name, StringComparison.OrdinalIgnoreCase)) is { } reply)
            {
                invitee.Reply = Enum.IsDefined(reply.Reply) ? reply.Reply : InviteeReply.NoReply;
                invitee.RepliedAt = invitee.Reply == InviteeReply.NoReply ? null : reply.RepliedAt ?? r.SummonedAt;
                invitee.ReplyComment = Clean(reply.Comment, MaxReplyComment);
                invitee.Attendance = Enum.IsDefined(reply.Attendance) ? reply.Attendance : Attendance.NotRecorded;
            }
            meeting._invitees.Add(invitee);
        }
        return meeting;
    }

    static string? Clean(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        return text.Length > max ? text[..max] : text;
    }
}

/// <summary>One participant invited to a meeting, their reply and whether they attended.</summary>
public sealed class MeetingInvitee
{
    MeetingInvitee() { Name = ""; }

    internal MeetingInvitee(Guid id, Guid meetingId, Guid participantId, string name, Guid? staffMemberId, Guid? relatedPersonId, bool isThePerson)
    {
        Id = id;
        MeetingId = meetingId;
        ParticipantId = participantId;
        Name = name;
        StaffMemberId = staffMemberId;
        RelatedPersonId = relatedPersonId;
        IsThePerson = isThePerson;
    }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public Guid ParticipantId { get; private set; }
    public string Name { get; private set; }
    public Guid? StaffMemberId { get; private set; }
    public Guid? RelatedPersonId { get; private set; }
    public bool IsThePerson { get; private set; }
    public InviteeReply Reply { get; internal set; }
    public DateTime? RepliedAt { get; internal set; }
    /// <summary>What the invitee wrote with their reply (for instance the person: "I come, but need a ride").</summary>
    public string? ReplyComment { get; internal set; }
    public Attendance Attendance { get; internal set; }
}

/// <summary>A decision in the minutes and what it became in the plan (R5).</summary>
public sealed class MeetingDecision
{
    MeetingDecision() { Text = ""; }

    internal MeetingDecision(Guid id, Guid meetingId, string text, DateTime createdAt)
    {
        Id = id;
        MeetingId = meetingId;
        Text = text;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public string Text { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DecisionOutcome Outcome { get; internal set; }
    public Guid? MeasureId { get; internal set; }
    public Guid? TaskId { get; internal set; }
}

/// <summary>A dated, signed addition to approved minutes; never edited.</summary>
public sealed class MinutesAddendum
{
    MinutesAddendum() { Text = ""; WrittenByName = ""; }

    internal MinutesAddendum(Guid id, Guid meetingId, string text, string writtenByName, DateTime writtenAt)
    {
        Id = id;
        MeetingId = meetingId;
        Text = text;
        WrittenByName = writtenByName;
        WrittenAt = writtenAt;
    }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public string Text { get; private set; }
    public string WrittenByName { get; private set; }
    public DateTime WrittenAt { get; private set; }
}
