using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using static Samplan.Fhir.FhirMapping;
using FhirConsent = Hl7.Fhir.Model.Consent;
using Person = Samplan.Domain.People.Person;

namespace Samplan.Fhir;

/// <summary>
/// R9: a whole plan with its history as FHIR resources, built with the API's own mappers — Patient, CarePlan, Goals,
/// CareTeam, Consents, every revision as a Provenance carrying its readable text, the meetings (Appointment), tasks
/// (Task), log entries and evaluations (Communication) — and read back on the receiving side into what
/// <see cref="IndividualPlan.ReceiveTransferred"/> needs. A few Samplan extensions carry what the mappers leave out.
/// </summary>
public static partial class FhirEndpoints
{
    const string TransferBase = "https://samplan.no/fhir/StructureDefinition/";
    public const string RevisionSnapshotExtension = TransferBase + "revision-snapshot";
    public const string ContributionExtension = TransferBase + "participant-contribution";
    public const string NextRevisionExtension = TransferBase + "next-revision-date";
    public const string NextEvaluationExtension = TransferBase + "next-evaluation-date";
    public const string ConsentGiverRoleExtension = TransferBase + "consent-giver-role";
    public const string ConsentValidToExtension = TransferBase + "consent-valid-to";
    public const string ConsentWithdrawnExtension = TransferBase + "consent-withdrawn";
    public const string ConsentTransferToExtension = TransferBase + "consent-transfer-to";
    public const string NeedExtension = TransferBase + "plan-need";
    public const string ResourceExtension = TransferBase + "plan-resource";
    public const string CollaborationExtension = TransferBase + "plan-collaboration";
    public const string SubPlanExtension = TransferBase + "plan-sub-plan";
    public const string MeetingRecordExtension = TransferBase + "meeting-record";
    public const string MeetingInviteeExtension = TransferBase + "meeting-invitee";
    public const string LogEntryDayExtension = TransferBase + "log-entry-day";
    public const string EvaluationRecordExtension = TransferBase + "evaluation-record";
    public const string CommunicationKindSystem = "https://samplan.no/fhir/CodeSystem/plan-record";

    /// <summary>Everything of the plan, for a transfer the gate has allowed (the coordinator, who may read all of it).</summary>
    public static async Task<List<Resource>> ExportPlanAsync(SamplanDb db, IndividualPlan plan, Person person, IReadOnlyList<Plans.PlanRevision> revisions,
        DateOnly today, CancellationToken ct)
    {
        var lastUpdated = revisions.Count == 0 ? (DateTime?)null : revisions.Max(r => r.At);
        var patient = PatientMapper.ToFhir(person);
        patient.Id = plan.PersonId.ToString();
        var carePlan = CarePlanMapper.ToFhir(plan, new PlanVisibility(true, true, true), lastUpdated);
        // Sent as the plan stands in use; the receiver records its own status.
        carePlan.Status = RequestStatus.Active;
        if (plan.NextRevisionDate is { } revision) carePlan.Extension.Add(new Extension(NextRevisionExtension, new Date(Date(revision))));
        if (plan.NextEvaluationDate is { } evaluation) carePlan.Extension.Add(new Extension(NextEvaluationExtension, new Date(Date(evaluation))));
        // R4 (a, i), R6, L2: the mapping, collaborations and sub-plans, which the CarePlan mapper does not carry.
        foreach (var n in plan.Needs)
            carePlan.Extension.Add(Complex(NeedExtension, ("area", new Code(n.Area.ToString())), ("description", new FhirString(n.Description))));
        foreach (var r in plan.Resources) carePlan.Extension.Add(new Extension(ResourceExtension, new FhirString(r.Description)));
        foreach (var c in plan.Collaborations)
            carePlan.Extension.Add(Complex(CollaborationExtension, ("agency", new FhirString(c.Agency)), ("purpose", new FhirString(c.Purpose))));
        foreach (var s in plan.SubPlans)
            carePlan.Extension.Add(Complex(SubPlanExtension, ("kind", new Code(s.Kind.ToString())), ("title", new FhirString(s.Title)),
                ("link", s.Link is null ? null : new FhirUrl(s.Link)), ("heldBy", s.HeldBy is null ? null : new FhirString(s.HeldBy))));
        var team = CarePlanMapper.CareTeamOf(plan, lastUpdated);
        // R9: staff carry their HPR number, so the receiver can link them to its own staff (matched by HPR number there).
        var staffIds = plan.Participants.Select(p => p.StaffMemberId).OfType<Guid>().ToList();
        var hprOf = await db.StaffMembers.AsNoTracking().Where(s => staffIds.Contains(s.Id) && s.HprNumber != null)
            .ToDictionaryAsync(s => s.Id, s => s.HprNumber!, ct);
        foreach (var (member, participant) in team.Participant.Zip(plan.Participants))
        {
            if (participant.Contribution is { } contribution) member.Extension.Add(new Extension(ContributionExtension, new FhirString(contribution)));
            if (participant.StaffMemberId is { } staff && hprOf.TryGetValue(staff, out var hpr) && member.Member is { } reference)
                reference.Identifier = new Identifier(HprSystem, hpr);
        }
        var resources = new List<Resource> { carePlan, patient, team };
        resources.AddRange(plan.Goals.Select(g => CarePlanMapper.ToFhir(plan, g, lastUpdated)));
        foreach (var c in plan.Consents.OrderBy(c => c.GivenOn))
        {
            var consent = ConsentMapper.ToFhir(plan, c, today, lastUpdated); // with its form (ConsentMapper.FormCode)
            consent.Extension.Add(new Extension(ConsentGiverRoleExtension, new Code(c.GiverRole.ToString())));
            if (c.ValidTo is { } to) consent.Extension.Add(new Extension(ConsentValidToExtension, new Date(Date(to))));
            if (c.WithdrawnOn is { } withdrawn) consent.Extension.Add(new Extension(ConsentWithdrawnExtension, new Date(Date(withdrawn))));
            if (c.TransferToOrganisationNumber is { } number)
                consent.Extension.Add(new Extension(ConsentTransferToExtension, new ResourceReference
                {
                    Identifier = new Identifier(OrgNumberSystem, number), Display = c.TransferToOrganisationName,
                }));
            resources.Add(consent);
        }
        foreach (var r in revisions.OrderBy(r => r.Version))
        {
            var provenance = ProvenanceOf(r);
            provenance.Extension.Add(new Extension(RevisionSnapshotExtension, new FhirString(r.Snapshot)));
            resources.Add(provenance);
        }
        var meetings = await db.Meetings.Include(m => m.Invitees).AsNoTracking().Where(m => m.PlanId == plan.Id).OrderBy(m => m.StartsAt).ToListAsync(ct);
        foreach (var m in meetings)
        {
            // R9: what the Appointment leaves out — who called it, and the minutes — so the receiver can recreate the meeting.
            var appointment = AppointmentOf(plan, m);
            // R9: each invitee's reply, when it was given and what they wrote, and the attendance in the minutes.
            if (m.Invitees.Count > 0)
                foreach (var (component, invitee) in appointment.Participant.Zip(m.Invitees))
                    component.Extension.Add(Complex(MeetingInviteeExtension, ("reply", new Code(invitee.Reply.ToString())),
                        ("repliedAt", invitee.RepliedAt is { } replied ? Instant(replied) : null),
                        ("comment", invitee.ReplyComment is null ? null : new FhirString(invitee.ReplyComment)),
                        ("attendance", new Code(invitee.Attendance.ToString()))));
            appointment.Extension.Add(Complex(MeetingRecordExtension, ("summonedBy", new FhirString(m.SummonedByName)),
                ("summonedAt", Instant(m.SummonedAt)), ("videoLink", m.VideoLink is null ? null : new FhirUrl(m.VideoLink)),
                ("minutes", m.MinutesText is null ? null : new FhirString(m.MinutesText)),
                ("personsOwnInput", m.PersonsOwnInput is null ? null : new FhirString(m.PersonsOwnInput)),
                ("approvedBy", m.MinutesApprovedByName is null ? null : new FhirString(m.MinutesApprovedByName)),
                ("approvedAt", m.MinutesApprovedAt is { } approved ? Instant(approved) : null)));
            resources.Add(appointment);
        }
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => t.PlanId == plan.Id).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        resources.AddRange(tasks.Select(t => TaskOf(plan, t)));
        var log = await db.PlanLogEntries.AsNoTracking().Where(e => e.PlanId == plan.Id).OrderBy(e => e.WrittenAt).ToListAsync(ct);
        foreach (var e in log)
        {
            var record = Record(plan, e.Id, "log", "Logg", e.WrittenAt, e.AuthorName, e.Text,
                new Coding(InformationKindSystem, e.Kind.ToString(), Domain.Shared.Labels.Kind(e.Kind)));
            record.Extension.Add(new Extension(LogEntryDayExtension, new Date(Date(e.On))));
            resources.Add(record);
        }
        var evaluations = await db.Evaluations.Include(e => e.Goals).AsNoTracking().Where(e => e.PlanId == plan.Id).OrderBy(e => e.CompletedAt).ToListAsync(ct);
        foreach (var e in evaluations)
        {
            var record = Record(plan, e.Id, "evaluation", Evaluation.Name(e.HeldOn), e.CompletedAt, e.RecordedByName, EvaluationText(e), null);
            var part = Complex(EvaluationRecordExtension, ("heldOn", new Date(Date(e.HeldOn))),
                ("dueOn", e.DueOn is { } due ? new Date(Date(due)) : null),
                ("serviceDelivery", new FhirString(e.ServiceDelivery)), ("wayOfWorking", new Code(e.WayOfWorking.ToString())),
                ("wayOfWorkingComment", e.WayOfWorkingComment is null ? null : new FhirString(e.WayOfWorkingComment)),
                ("personsOwnWords", e.PersonsOwnWords is null ? null : new FhirString(e.PersonsOwnWords)),
                ("noOwnWordsReason", e.NoOwnWordsReason is null ? null : new FhirString(e.NoOwnWordsReason)),
                ("otherChanges", e.OtherChanges is null ? null : new FhirString(e.OtherChanges)),
                ("nextEvaluation", new Date(Date(e.NextEvaluationDate))),
                ("changesMade", e.ChangesMade.Length == 0 ? null : new FhirString(e.ChangesMade)));
            foreach (var g in e.Goals)
                part.Extension.Add(Complex("goal", ("text", new FhirString(g.GoalText)), ("attainment", new Code(g.Attainment.ToString())),
                    ("comment", g.Comment is null ? null : new FhirString(g.Comment))));
            record.Extension.Add(part);
            resources.Add(record);
        }
        return resources;
    }

    static FhirDateTime Instant(DateTime at) => new(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)));

    static DateTime? InstantOf(Extension e, string name) =>
        e.GetExtensionValue<FhirDateTime>(name)?.TryToDateTimeOffset(out var at) == true ? at.UtcDateTime : null;

    static TEnum EnumOf<TEnum>(string? code, TEnum fallback) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(code, out var value) && Enum.IsDefined(value) ? value : fallback;

    /// <summary>A received meeting, task, log entry and evaluation: the plan's work as it was done there (R9).</summary>
    public sealed record ReceivedWork(List<ReceivedMeeting> Meetings, List<ReceivedTask> Tasks, List<ReceivedLogEntry> Log,
        List<ReceivedEvaluation> Evaluations);

    /// <summary>
    /// R9: the meetings, tasks, log entries and evaluations of a transfer message, checked; 422 when an id or a time is
    /// missing. Their ids are the sender's, so the same plan arriving twice cannot double them.
    /// </summary>
    public static ReceivedWork ReadTransferWork(Bundle bundle)
    {
        var resources = bundle.Entry.Select(e => e.Resource).ToList();
        Guid IdOfResource(Resource r) => FhirContext.ParseId(r.Id ?? "")
            ?? throw new FhirInputException(422, $"{r.TypeName}.id mangler i overføringen.", OperationOutcome.IssueType.Required);
        DateTime Required(DateTimeOffset? at, string field) => at?.UtcDateTime
            ?? throw new FhirInputException(422, $"{field} mangler i overføringen.", OperationOutcome.IssueType.Required);
        var meetings = resources.OfType<Appointment>().Select(a =>
        {
            var record = a.GetExtension(MeetingRecordExtension);
            var start = Required(a.Start, "Appointment.start");
            return new ReceivedMeeting(IdOfResource(a),
                a.ServiceCategory.FirstOrDefault()?.Text == "Møte før utskriving" ? MeetingKind.BeforeDischarge : MeetingKind.Ordinary,
                a.Status == Appointment.AppointmentStatus.Cancelled, a.Description, start, Required(a.End, "Appointment.end"), a.Comment,
                record is null ? null : Part(record, "videoLink"),
                (record is null ? null : Part(record, "summonedBy")) ?? "", (record is null ? null : InstantOf(record, "summonedAt")) ?? start,
                [.. a.Participant.Where(p => p.Actor?.Reference?.StartsWith("Patient/", StringComparison.Ordinal) != true)
                    .Select(p => p.Actor?.Display).OfType<string>()],
                a.Participant.Any(p => p.Actor?.Reference?.StartsWith("Patient/", StringComparison.Ordinal) == true),
                record is null ? null : Part(record, "minutes"), record is null ? null : Part(record, "personsOwnInput"),
                record is null ? null : Part(record, "approvedBy"), record is null ? null : InstantOf(record, "approvedAt"),
                [.. a.Participant.Select(p => (Participant: p, Invitee: p.GetExtension(MeetingInviteeExtension))).Where(x => x.Invitee is not null)
                    .Select(x => new ReceivedInvitee(x.Participant.Actor?.Display ?? "",
                        x.Participant.Actor?.Reference?.StartsWith("Patient/", StringComparison.Ordinal) == true,
                        EnumOf(Part(x.Invitee!, "reply"), InviteeReply.NoReply), InstantOf(x.Invitee!, "repliedAt"), Part(x.Invitee!, "comment"),
                        EnumOf(Part(x.Invitee!, "attendance"), Attendance.NotRecorded)))]);
        }).ToList();
        var tasks = resources.OfType<Hl7.Fhir.Model.Task>().Select(t =>
        {
            var created = DateTimeOffset.TryParse(t.AuthoredOn, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime
                : throw new FhirInputException(422, "Task.authoredOn mangler i overføringen.", OperationOutcome.IssueType.Required);
            DateTime? closed = DateTimeOffset.TryParse(t.LastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c) ? c.UtcDateTime : null;
            return new ReceivedTask(IdOfResource(t), t.Description ?? "",
                ParseDate(t.Restriction?.Period?.End, "Task.restriction.period.end")
                    ?? throw new FhirInputException(422, "Task.restriction.period.end mangler i overføringen.", OperationOutcome.IssueType.Required),
                t.Status switch
                {
                    Hl7.Fhir.Model.Task.TaskStatus.Completed => PlanTaskStatus.Done,
                    Hl7.Fhir.Model.Task.TaskStatus.Cancelled => PlanTaskStatus.Cancelled,
                    _ => PlanTaskStatus.Open,
                },
                t.Owner?.Display ?? "", t.Owner?.Reference?.StartsWith("Patient/", StringComparison.Ordinal) == true, created,
                t.Requester?.Display ?? "", closed);
        }).ToList();
        var records = resources.OfType<Communication>()
            .Select(c => (Communication: c, Code: c.Category.SelectMany(k => k.Coding).FirstOrDefault(k => k.System == CommunicationKindSystem)?.Code)).ToList();
        DateTime Sent(Communication c) => DateTimeOffset.TryParse(c.Sent, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime
            : throw new FhirInputException(422, "Communication.sent mangler i overføringen.", OperationOutcome.IssueType.Required);
        string TextOf(Communication c) => (c.Payload.FirstOrDefault()?.Content as FhirString)?.Value ?? "";
        var log = records.Where(r => r.Code == "log").Select(r =>
        {
            var c = r.Communication;
            var sent = Sent(c);
            return new ReceivedLogEntry(IdOfResource(c), ParseDate(c.GetExtensionValue<Date>(LogEntryDayExtension)?.Value, "log-entry-day") ?? DateOnly.FromDateTime(sent),
                TextOf(c), EnumOf(c.Category.SelectMany(k => k.Coding).FirstOrDefault(k => k.System == InformationKindSystem)?.Code, InformationKind.GoalsAndMeasures),
                c.Sender?.Display ?? "", sent);
        }).ToList();
        var evaluations = records.Where(r => r.Code == "evaluation" && r.Communication.GetExtension(EvaluationRecordExtension) is not null).Select(r =>
        {
            var c = r.Communication;
            var e = c.GetExtension(EvaluationRecordExtension)!;
            var heldOn = ParseDate(e.GetExtensionValue<Date>("heldOn")?.Value, "evaluation-record.heldOn")
                ?? throw new FhirInputException(422, "evaluation-record.heldOn mangler i overføringen.", OperationOutcome.IssueType.Required);
            return new ReceivedEvaluation(IdOfResource(c), heldOn, ParseDate(e.GetExtensionValue<Date>("dueOn")?.Value, "evaluation-record.dueOn"),
                Part(e, "serviceDelivery") ?? "", EnumOf(Part(e, "wayOfWorking"), WayOfWorkingFit.Partly), Part(e, "wayOfWorkingComment"),
                Part(e, "personsOwnWords"), Part(e, "noOwnWordsReason"), Part(e, "otherChanges"),
                ParseDate(e.GetExtensionValue<Date>("nextEvaluation")?.Value, "evaluation-record.nextEvaluation") ?? heldOn,
                Part(e, "changesMade") ?? "", c.Sender?.Display ?? "", Sent(c),
                [.. e.Extension.Where(g => g.Url == "goal").Select(g => (Part(g, "text") ?? "", EnumOf(Part(g, "attainment"), GoalAttainment.TooEarlyToSay), Part(g, "comment")))]);
        }).ToList();
        return new ReceivedWork(meetings, tasks, log, evaluations);
    }

    static string EvaluationText(Evaluation e)
    {
        List<string?> lines =
        [
            Evaluation.Name(e.HeldOn),
            .. e.Goals.Select(g => $"{g.GoalText}: {g.Attainment}{(g.Comment is { } c ? $" – {c}" : "")}"),
            $"Tjenesteyting: {e.ServiceDelivery}",
            e.PersonsOwnWords is { } own ? $"Personens egne ord: {own}" : $"Uten personens egne ord: {e.NoOwnWordsReason}",
            e.ChangesMade,
        ];
        return string.Join("\n", lines.Where(s => !string.IsNullOrWhiteSpace(s)));
    }

    static Extension Complex(string url, params (string Name, DataType? Value)[] parts)
    {
        var extension = new Extension { Url = url };
        foreach (var (name, value) in parts)
            if (value is not null) extension.Extension.Add(new Extension(name, value));
        return extension;
    }

    static string? Part(Extension e, string name) => e.GetExtensionValue<DataType>(name) switch
    {
        PrimitiveType p => p.ToString(),
        _ => null,
    };

    /// <summary>A log entry or an evaluation of the plan, as a completed Communication about the CarePlan (R5).</summary>
    static Communication Record(IndividualPlan plan, Guid id, string code, string display, DateTime at, string author, string text, Coding? kind)
    {
        var communication = new Communication
        {
            Id = id.ToString(),
            Status = EventStatus.Completed,
            Category = [new CodeableConcept(CommunicationKindSystem, code, display)],
            Subject = Ref("Patient", plan.PersonId),
            About = [Ref("CarePlan", plan.Id)],
            Sent = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))).Value,
            Sender = new ResourceReference { Display = author },
            Payload = [new Communication.PayloadComponent { Content = new FhirString(text) }],
        };
        if (kind is not null) communication.Category.Add(new CodeableConcept { Coding = [kind] });
        return communication;
    }

    /// <summary>A received revision: its version, time, author, summary and readable text (R5).</summary>
    public sealed record ReceivedRevision(int Version, DateTime At, string ByName, string Summary, string Snapshot);

    /// <summary>R9: what a transfer message's resources say, checked; 422 when something the plan needs is missing.</summary>
    public static (ReceivedPlan Plan, List<ReceivedRevision> Revisions, Guid PlanId) ReadTransfer(Bundle bundle, CarePlan carePlan, string fromName)
    {
        T? Find<T>(string type, Guid? id) where T : Resource =>
            bundle.Entry.Select(e => e.Resource).OfType<T>().FirstOrDefault(r => id is not null && r.Id == id.ToString());
        var planId = FhirContext.ParseId(carePlan.Id ?? "")
            ?? throw new FhirInputException(422, "CarePlan.id mangler i overføringen.", OperationOutcome.IssueType.Required);
        var senderPersonId = IdOf(carePlan.Subject, "Patient")
            ?? throw new FhirInputException(422, "CarePlan.subject må være Patient/[id].", OperationOutcome.IssueType.Required);
        var team = Find<CareTeam>("CareTeam", IdOf(carePlan.CareTeam.FirstOrDefault(), "CareTeam"));
        var participants = new List<ReceivedParticipant>();
        foreach (var member in team?.Participant ?? [])
        {
            var code = member.Role.SelectMany(r => r.Coding).FirstOrDefault(c => c.System == ParticipantRoleSystem && c.Code != "Coordinator")?.Code;
            var role = Enum.TryParse<ParticipantRole>(code, out var parsed) && Enum.IsDefined(parsed) ? parsed : ParticipantRole.ServiceProvider;
            var key = member.Member?.Reference ?? $"#{member.Member?.Display}";
            participants.Add(new ReceivedParticipant(key, role, member.Member?.Display ?? "", member.GetExtensionValue<FhirString>(ContributionExtension)?.Value,
                member.Member?.Identifier is { System: HprSystem, Value: { Length: > 0 } hpr } ? hpr : null));
        }
        var goals = bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Goal>().Select(g =>
        {
            var input = CarePlanMapper.Read(g, senderPersonId);
            return new ReceivedGoal($"Goal/{g.Id}", input.ParentGoalId is { } parent ? $"Goal/{parent}" : null, input.Text, input.Status,
                input.TargetDate, input.InPersonsOwnWords);
        }).ToList();
        var measures = carePlan.Activity.Select(a => a.Detail).Where(d => d is not null).Select(d =>
        {
            var performer = d!.Performer.FirstOrDefault();
            var byOrganisation = performer?.Reference?.StartsWith("Organization/", StringComparison.Ordinal) == true;
            return new ReceivedMeasure(d.Code?.Text ?? "", d.Description ?? "", byOrganisation ? null : performer?.Reference,
                byOrganisation ? performer!.Display : null, null, ParseDate((d.Scheduled as Period)?.Start, "activity.detail.scheduledPeriod.start"),
                ParseDate((d.Scheduled as Period)?.End, "activity.detail.scheduledPeriod.end"), d.Status switch
                {
                    CarePlan.CarePlanActivityStatus.InProgress => MeasureStatus.Ongoing,
                    CarePlan.CarePlanActivityStatus.OnHold => MeasureStatus.Paused,
                    CarePlan.CarePlanActivityStatus.Completed => MeasureStatus.Completed,
                    CarePlan.CarePlanActivityStatus.Stopped or CarePlan.CarePlanActivityStatus.Cancelled => MeasureStatus.Stopped,
                    _ => MeasureStatus.Planned,
                }, d.Goal.FirstOrDefault()?.Reference);
        }).ToList();
        // How each measure is carried out travels as the activity's progress note.
        for (var i = 0; i < measures.Count; i++)
            if (carePlan.Activity[i].Progress.FirstOrDefault()?.Text is { } how) measures[i] = measures[i] with { HowCarriedOut = how };
        var consents = bundle.Entry.Select(e => e.Resource).OfType<FhirConsent>().Select(c =>
        {
            var provision = c.Provision;
            var transferTo = c.GetExtensionValue<ResourceReference>(ConsentTransferToExtension);
            return new ReceivedConsent(c.Performer.FirstOrDefault()?.Display ?? "",
                Enum.TryParse<ConsentGiverRole>(c.GetExtensionValue<Code>(ConsentGiverRoleExtension)?.Value, out var giverRole) ? giverRole : ConsentGiverRole.Person,
                ConsentMapper.FormOf(c.GetExtensionValue<DataType>(ConsentFormExtension)),
                ParseDate(c.DateTime, "Consent.dateTime") ?? throw new FhirInputException(422, "Consent.dateTime mangler.", OperationOutcome.IssueType.Required),
                ParseDate(c.GetExtensionValue<Date>(ConsentValidToExtension)?.Value, "consent-valid-to"),
                ParseDate(c.GetExtensionValue<Date>(ConsentWithdrawnExtension)?.Value, "consent-withdrawn"),
                c.GetExtensionValue<FhirBoolean>(InformationExchangeExtension)?.Value == true,
                Kinds(provision?.Class ?? []),
                Kinds(provision?.Provision.Where(p => p.Type == FhirConsent.ConsentProvisionType.Deny).SelectMany(p => p.Class) ?? []),
                provision?.Purpose.Select(p => p.Display ?? p.Code).FirstOrDefault(),
                [.. (provision?.Actor ?? []).Select(a => a.Reference?.Reference).OfType<string>()],
                transferTo?.Identifier?.Value, transferTo?.Display);
        }).ToList();
        var revisions = bundle.Entry.Select(e => e.Resource).OfType<Provenance>().Select(p =>
        {
            var target = p.Target.FirstOrDefault()?.Reference ?? "";
            var version = int.TryParse(target.Split('/').LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                : throw new FhirInputException(422, "Provenance.target må være CarePlan/[id]/_history/[versjon].", OperationOutcome.IssueType.Value);
            return new ReceivedRevision(version, p.Recorded?.UtcDateTime ?? DateTime.UnixEpoch, p.Agent.FirstOrDefault()?.Who?.Display ?? "",
                p.Activity?.Text ?? "", p.GetExtensionValue<FhirString>(RevisionSnapshotExtension)?.Value ?? "");
        }).OrderBy(r => r.Version).ToList();
        if (revisions.Select(r => r.Version).Distinct().Count() != revisions.Count)
            throw new FhirInputException(422, "To Provenance har samme versjon.", OperationOutcome.IssueType.Duplicate);
        var version = int.TryParse(carePlan.Meta?.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var current) ? current
            : revisions.Count == 0 ? 0 : revisions[^1].Version;
        if (revisions.Count > 0 && revisions[^1].Version > version)
            throw new FhirInputException(422, "Historikken har nyere versjoner enn planen.", OperationOutcome.IssueType.Invariant);
        var created = DateTimeOffset.TryParse(carePlan.Created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : DateTime.UnixEpoch;
        var period = carePlan.Period;
        return (new ReceivedPlan(fromName, carePlan.Description, created, ParseDate(period?.Start, "CarePlan.period.start"),
            ParseDate(period?.End, "CarePlan.period.end"), ParseDate(carePlan.GetExtensionValue<Date>(NextRevisionExtension)?.Value, "next-revision-date"),
            ParseDate(carePlan.GetExtensionValue<Date>(NextEvaluationExtension)?.Value, "next-evaluation-date"), version,
            participants, goals, measures, consents,
            [.. carePlan.Extension.Where(e => e.Url == NeedExtension).Select(e => (
                Enum.TryParse<IcfArea>(Part(e, "area"), out var area) && Enum.IsDefined(area) ? area
                    : throw new FhirInputException(422, "plan-need.area må være et ICF-område.", OperationOutcome.IssueType.CodeInvalid),
                Part(e, "description") ?? ""))],
            [.. carePlan.Extension.Where(e => e.Url == ResourceExtension).Select(e => (e.Value as FhirString)?.Value ?? "")],
            [.. carePlan.Extension.Where(e => e.Url == CollaborationExtension).Select(e => (Part(e, "agency") ?? "", Part(e, "purpose") ?? ""))],
            [.. carePlan.Extension.Where(e => e.Url == SubPlanExtension).Select(e => new ReceivedSubPlan(
                Enum.TryParse<SubPlanKind>(Part(e, "kind"), out var kind) && Enum.IsDefined(kind) ? kind : SubPlanKind.Other,
                Part(e, "title") ?? "", Part(e, "link"), Part(e, "heldBy")))]), revisions, planId);
    }

    static HashSet<InformationKind> Kinds(IEnumerable<Coding> codings) =>
        [.. codings.Where(c => c.System == InformationKindSystem).Select(c => Enum.TryParse<InformationKind>(c.Code, out var k) && Enum.IsDefined(k) ? (InformationKind?)k : null)
            .OfType<InformationKind>()];
}
