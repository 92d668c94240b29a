using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using static Samplan.Fhir.FhirMapping;
using FhirTask = Hl7.Fhir.Model.Task;

namespace Samplan.Fhir;

/// <summary>Appointment (meetings), Task (the plan's tasks) and AuditEvent (the audit log), read and search.</summary>
public static partial class FhirEndpoints
{
    const string AuditActionSystem = "https://samplan.no/fhir/CodeSystem/audit-action";

    static void MapMore(RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Appointment/{id}", ReadAppointmentAsync);
        fhir.MapGet("/Appointment", SearchAppointmentsAsync);
        fhir.MapGet("/Task/{id}", ReadTaskAsync);
        fhir.MapGet("/Task", SearchTasksAsync);
        fhir.MapGet("/AuditEvent/{id}", ReadAuditEventAsync);
        fhir.MapGet("/AuditEvent", SearchAuditEventsAsync);
    }

    // ---------------------------------------------------------------- Appointment (meetings, R3, R8)

    static Appointment AppointmentOf(IndividualPlan plan, Meeting m)
    {
        var appointment = new Appointment
        {
            Id = m.Id.ToString(),
            Meta = new Meta { VersionId = m.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Status = m.Status == MeetingStatus.Cancelled ? Appointment.AppointmentStatus.Cancelled : Appointment.AppointmentStatus.Booked,
            ServiceCategory = [new CodeableConcept { Text = m.Kind == MeetingKind.BeforeDischarge ? "Møte før utskriving" : "Ansvarsgruppemøte" }],
            Description = m.Agenda,
            Start = new DateTimeOffset(DateTime.SpecifyKind(m.StartsAt, DateTimeKind.Utc)),
            End = new DateTimeOffset(DateTime.SpecifyKind(m.EndsAt, DateTimeKind.Utc)),
            Created = Date(DateOnly.FromDateTime(m.SummonedAt)),
            BasedOn = [],
            SupportingInformation = [Ref("CarePlan", plan.Id)],
        };
        if (m.Place is { Length: > 0 } place) appointment.Comment = place;
        foreach (var invitee in m.Invitees)
            appointment.Participant.Add(new Appointment.ParticipantComponent
            {
                Actor = invitee.IsThePerson ? Ref("Patient", plan.PersonId, invitee.Name)
                    : invitee.RelatedPersonId is { } related ? Ref("RelatedPerson", related, invitee.Name)
                    : invitee.StaffMemberId is { } staff ? Ref("Practitioner", staff, invitee.Name)
                    : new ResourceReference { Display = invitee.Name },
                Required = Appointment.ParticipantRequired.Required,
                Status = invitee.Reply switch
                {
                    InviteeReply.Coming => ParticipationStatus.Accepted,
                    InviteeReply.NotComing => ParticipationStatus.Declined,
                    _ => ParticipationStatus.NeedsAction,
                },
            });
        if (appointment.Participant.Count == 0)
            appointment.Participant.Add(new Appointment.ParticipantComponent
            {
                Actor = Ref("Practitioner", m.SummonedByStaffId, m.SummonedByName),
                Status = ParticipationStatus.Accepted,
            });
        return appointment;
    }

    /// <summary>The meetings of a plan the user may see the summons of (R3, R8), as the meeting pages decide.</summary>
    static async Task<List<Meeting>> VisibleMeetingsAsync(FhirContext f, IndividualPlan plan, Guid? meetingId, CancellationToken ct)
    {
        var decision = f.Gate.Decide(plan, PlanAction.Read, PlanPart.Overview);
        if (decision.MetadataOnly) return [];
        var meetings = await f.Db.Meetings.Include(m => m.Invitees).AsNoTracking()
            .Where(m => m.PlanId == plan.Id && (meetingId == null || m.Id == meetingId)).OrderBy(m => m.StartsAt).ToListAsync(ct);
        return [.. meetings.Where(m => PlanAccessPolicy.MaySeeMeeting(f.Me, plan, m.Invitees.Select(i => i.StaffMemberId), f.Today, decision.Emergency))];
    }

    static async Task<IResult> ReadAppointmentAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } meetingId) return FhirResult.NotFound("Appointment", id);
        var planId = await f.Db.Meetings.Where(m => m.Id == meetingId).Select(m => (Guid?)m.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null || await f.Gate.ReadAsync(planId.Value, PlanPart.Overview, ct) is not { } plan) return FhirResult.NotFound("Appointment", id);
        var meeting = (await VisibleMeetingsAsync(f, plan, meetingId, ct)).FirstOrDefault();
        if (meeting is null)
        {
            await f.Audit.WriteAsync(f.Me, f.Gate.Decide(plan, PlanAction.Read, PlanPart.Overview).Role, "meetings.read", plan.Id, plan.PersonId,
                nameof(PlanPart.Meetings), false, "FHIR Appointment: ikke invitert eller ikke dekket av samtykket", ct);
            return FhirResult.NotFound("Appointment", id);
        }
        return new FhirResult(AppointmentOf(plan, meeting));
    }

    static async Task<IResult> SearchAppointmentsAsync(FhirContext f, CancellationToken ct)
    {
        var found = new List<Resource>();
        foreach (var plan in await ReadablePlansAsync(f, PlanPart.Overview, ct, planIds: false))
            found.AddRange((await VisibleMeetingsAsync(f, plan, null, ct)).Select(m => AppointmentOf(plan, m)));
        return new FhirResult(f.SearchSet(found, []));
    }

    // ---------------------------------------------------------------- Task (C4, R12)

    static FhirTask TaskOf(IndividualPlan plan, PlanTask t)
    {
        var task = new FhirTask
        {
            Id = t.Id.ToString(),
            // Two versions at most: as given (1) and as closed (2) — only the status changes (see TaskHistoryAsync).
            Meta = new Meta { VersionId = t.ClosedAt is null ? "1" : "2" },
            Status = t.Status switch
            {
                PlanTaskStatus.Done => FhirTask.TaskStatus.Completed,
                PlanTaskStatus.Cancelled => FhirTask.TaskStatus.Cancelled,
                _ => FhirTask.TaskStatus.Requested,
            },
            Intent = FhirTask.TaskIntent.Order,
            Description = t.Title,
            Focus = Ref("CarePlan", plan.Id),
            For = Ref("Patient", plan.PersonId),
            AuthoredOn = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(t.CreatedAt, DateTimeKind.Utc))).Value,
            Requester = new ResourceReference { Display = t.CreatedByName },
            Owner = t.AssigneeIsThePerson ? Ref("Patient", plan.PersonId, t.AssigneeName)
                : t.AssigneeRelatedPersonId is { } related ? Ref("RelatedPerson", related, t.AssigneeName)
                : t.AssigneeStaffMemberId is { } staff ? Ref("Practitioner", staff, t.AssigneeName)
                : new ResourceReference { Display = t.AssigneeName },
            Restriction = new FhirTask.RestrictionComponent { Period = new Period { End = Date(t.DueOn) } },
        };
        if (t.ClosedAt is { } closed) task.LastModified = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(closed, DateTimeKind.Utc))).Value;
        return task;
    }

    static async Task<IResult> ReadTaskAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } taskId) return FhirResult.NotFound("Task", id);
        var task = await f.Db.PlanTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || await f.Gate.ReadAsync(task.PlanId, PlanPart.Tasks, ct) is not { } plan) return FhirResult.NotFound("Task", id);
        return new FhirResult(TaskOf(plan, task));
    }

    static async Task<IResult> SearchTasksAsync(FhirContext f, CancellationToken ct)
    {
        var found = new List<Resource>();
        foreach (var plan in await ReadablePlansAsync(f, PlanPart.Tasks, ct, planIds: false))
        {
            var tasks = await f.Db.PlanTasks.AsNoTracking().Where(t => t.PlanId == plan.Id).OrderBy(t => t.DueOn).ToListAsync(ct);
            found.AddRange(tasks.Select(t => TaskOf(plan, t)));
        }
        return new FhirResult(f.SearchSet(found, []));
    }

    // ---------------------------------------------------------------- AuditEvent

    static AuditEvent AuditEventOf(Audit.AuditEntry e)
    {
        var audit = new AuditEvent
        {
            Id = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"),
            Subtype = [new Coding(AuditActionSystem, e.Action)],
            Action = e.Action.EndsWith(".read", StringComparison.Ordinal) || e.Action.EndsWith(".search", StringComparison.Ordinal) ? AuditEvent.AuditEventAction.R
                : e.Action.EndsWith(".create", StringComparison.Ordinal) ? AuditEvent.AuditEventAction.C
                : e.Action.EndsWith(".change", StringComparison.Ordinal) ? AuditEvent.AuditEventAction.U
                : AuditEvent.AuditEventAction.E,
            Recorded = new DateTimeOffset(DateTime.SpecifyKind(e.At, DateTimeKind.Utc)),
            Outcome = e.Allowed ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4,
            OutcomeDesc = e.Reason,
            Agent = [new AuditEvent.AgentComponent
            {
                Who = new ResourceReference { Display = e.UserName },
                Requestor = true,
                Role = e.Role.Length > 0 ? [new CodeableConcept { Text = e.Role }] : [],
            }],
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = "Samplan" } },
        };
        if (e.Emergency)
            audit.PurposeOfEvent.Add(new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActReason", "ETREAT", "Emergency Treatment", e.Purpose));
        else if (e.Purpose is { Length: > 0 } purpose) audit.PurposeOfEvent.Add(new CodeableConcept { Text = purpose });
        if (e.PlanId is { } planId)
            audit.Entity.Add(new AuditEvent.EntityComponent { What = Ref("CarePlan", planId), Description = e.Part });
        if (e.PersonId is { } personId)
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = Ref("Patient", personId),
                Role = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
            });
        return audit;
    }

    /// <summary>
    /// Who may read the audit log: the privacy officer (all of it, as on /admin/audit), and a citizen what others did with
    /// their own plan (as on /my/plan/readers). Everyone else finds nothing.
    /// </summary>
    static IQueryable<Audit.AuditEntry> VisibleAudit(FhirContext f)
    {
        var entries = f.Db.AuditEntries.AsNoTracking();
        if (f.Me.Has(SystemRole.PrivacyOfficer)) return entries;
        if (f.Me.Has(SystemRole.Citizen) && f.Me.PersonId is { } own)
        {
            var planIds = f.Db.Plans.Where(p => p.PersonId == own).Select(p => (Guid?)p.Id);
            var viewer = f.Me.UserId;
            return entries.Where(e => planIds.Contains(e.PlanId) && (e.Action.StartsWith("plan.") || e.Emergency) && e.UserId != viewer);
        }
        return entries.Where(e => false);
    }

    static async Task<IResult> ReadAuditEventAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var entryId))
            return FhirResult.NotFound("AuditEvent", id);
        var entry = await VisibleAudit(f).FirstOrDefaultAsync(e => e.Id == entryId, ct);
        await f.Audit.WriteAsync(f.Me, f.AuditRole, "audit.read", entry?.PlanId, entry?.PersonId, null, entry is not null, $"FHIR AuditEvent/{id}", ct);
        return entry is null ? FhirResult.NotFound("AuditEvent", id) : new FhirResult(AuditEventOf(entry));
    }

    static async Task<IResult> SearchAuditEventsAsync(FhirContext f, CancellationToken ct)
    {
        var query = VisibleAudit(f);
        if (f.PatientParameter("patient") is { } personId) query = query.Where(e => e.PersonId == personId);
        if (f.Request.Query["entity"].ToString() is { Length: > 0 } entity)
        {
            var planId = IdOf(new ResourceReference(entity), "CarePlan") ?? FhirContext.ParseId(entity) ?? Guid.Empty;
            query = query.Where(e => e.PlanId == planId);
        }
        if (f.Request.Query["action"].ToString() is { Length: > 0 } action) query = query.Where(e => e.Action == action);
        var entries = await query.OrderByDescending(e => e.Sequence).Take(200).ToListAsync(ct);
        await f.Audit.WriteAsync(f.Me, f.AuditRole, "audit.search", null, f.PatientParameter("patient"), null, true,
            $"FHIR AuditEvent-søk: {entries.Count} treff", ct);
        return new FhirResult(f.SearchSet(entries.Select(AuditEventOf), []));
    }
}
