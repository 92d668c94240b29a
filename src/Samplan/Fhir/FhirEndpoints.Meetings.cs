using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Meetings;
using static Samplan.Fhir.FhirMapping;

namespace Samplan.Fhir;

/// <summary>
/// Writing meetings (Appointment, A2, C4, R3): calling a meeting of the plan's responsibility group, moving it and
/// cancelling it — for those who may run the plan's meetings (<see cref="PlanAccessPolicy.MayRunMeetings"/>: the
/// coordinator, or the group's chosen caller where none is appointed), with the domain methods of the meeting pages and
/// the same notices (<see cref="MeetingNotices"/>), audited.
/// </summary>
public static partial class FhirEndpoints
{
    static void MapMeetingWrites(RouteGroupBuilder fhir)
    {
        fhir.MapPost("/Appointment", CreateAppointmentAsync);
        fhir.MapPut("/Appointment/{id}", UpdateAppointmentAsync);
    }

    /// <summary>The plan (read through the gate) and its group, for one who may run its meetings; else the refusal (audited).</summary>
    static async Task<(IndividualPlan? Plan, ResponsibilityGroup? Group, IResult? Refused)> MeetingPlanAsync(FhirContext f, Guid planId,
        string type, string id, bool tracked, CancellationToken ct)
    {
        var plan = await f.Gate.ReadAsync(planId, PlanPart.Overview, ct);
        if (plan is null) return (null, null, FhirResult.NotFound(type, id));
        var decision = f.Gate.Decide(plan, PlanAction.Read, PlanPart.Overview);
        if (decision.MetadataOnly)
        {
            await f.Audit.WriteAsync(f.Me, decision.Role, "meetings.read", plan.Id, plan.PersonId, nameof(PlanPart.Meetings), false,
                "FHIR: koordinerende enhet ser ikke ansvarsgruppe og møter", ct);
            return (null, null, FhirResult.NotFound(type, id));
        }
        var groups = f.Db.ResponsibilityGroups.Include(g => g.Members);
        var group = await (tracked ? groups : groups.AsNoTracking()).FirstOrDefaultAsync(g => g.PlanId == plan.Id, ct);
        if (!PlanAccessPolicy.MayRunMeetings(f.Me, plan, group?.MeetingCaller?.StaffMemberId, f.Today))
        {
            await f.Audit.WriteAsync(f.Me, decision.Role, "meeting.summon", plan.Id, plan.PersonId, nameof(PlanPart.Meetings), false,
                "FHIR: bare koordinator (eller den ansvarsgruppen har valgt) kaller inn til og endrer møter", ct);
            return (null, null, FhirResult.Forbidden("Koordinator kaller inn til, flytter og avlyser møtene (C4)."));
        }
        return (plan, group, null);
    }

    static MeetingDetails MeetingDetailsOf(Appointment a)
    {
        var start = a.Start
            ?? throw new FhirInputException(422, "Appointment.start mangler: når begynner møtet?", OperationOutcome.IssueType.Required, "A2");
        var end = a.End
            ?? throw new FhirInputException(422, "Appointment.end mangler: når slutter møtet?", OperationOutcome.IssueType.Required, "A2");
        if (end <= start) throw new FhirInputException(422, "Appointment.end må være etter Appointment.start.", OperationOutcome.IssueType.Value, "A2");
        if (a.Description is { Length: > Meeting.MaxAgenda })
            throw new FhirInputException(422, "Appointment.description (dagsorden) kan ha høyst 4000 tegn.", OperationOutcome.IssueType.Value);
        if (a.Comment is { Length: > Meeting.MaxPlace })
            throw new FhirInputException(422, "Appointment.comment (møtestedet) kan ha høyst 300 tegn.", OperationOutcome.IssueType.Value);
        return new MeetingDetails(a.Description ?? "", start.UtcDateTime, end.UtcDateTime,
            string.IsNullOrWhiteSpace(a.Comment) ? null : a.Comment.Trim(), null);
    }

    /// <summary>
    /// POST Appointment: calls a meeting of the plan (<c>supportingInformation</c> = the CarePlan, or a <c>Patient</c>
    /// participant = the person's open plan): <c>start</c>/<c>end</c>, <c>description</c> = agenda, <c>comment</c> = place,
    /// participants = the invitees among the plan's participants (R3: covered by a consent in force; the person and the
    /// coordinator are always invited). An ordinary meeting; a meeting before discharge (C6) is called on the page.
    /// </summary>
    static async Task<IResult> CreateAppointmentAsync(FhirContext f, CancellationToken ct)
    {
        var input = await FhirIo.ReadAsync<Appointment>(f.Request, ct);
        var planId = input.SupportingInformation.Select(r => IdOf(r, "CarePlan")).FirstOrDefault(i => i is not null);
        if (planId is null)
        {
            var personId = input.Participant.Select(p => IdOf(p.Actor, "Patient")).FirstOrDefault(i => i is not null)
                ?? throw new FhirInputException(422, "Hvilken plan gjelder møtet? Oppgi supportingInformation = CarePlan/[id] eller en deltaker Patient/[id].",
                    OperationOutcome.IssueType.Required, "R2");
            planId = await f.OpenPlanOfAsync(personId, ct);
            if (planId is null) return FhirResult.NotFound("Patient", personId.ToString());
        }
        var (plan, group, refused) = await MeetingPlanAsync(f, planId.Value, "CarePlan", planId.Value.ToString(), tracked: false, ct);
        if (refused is not null) return refused;
        if (input.Status is not (null or Appointment.AppointmentStatus.Booked or Appointment.AppointmentStatus.Proposed or Appointment.AppointmentStatus.Pending))
            throw new FhirInputException(422, "Et nytt møte har status booked.", OperationOutcome.IssueType.BusinessRule, "A2");
        var details = MeetingDetailsOf(input);
        var invitees = new List<Guid>();
        foreach (var actor in input.Participant.Select(p => p.Actor))
        {
            if (actor is null) throw new FhirInputException(422, "Appointment.participant.actor mangler: hvem innkalles?", OperationOutcome.IssueType.Required, "R3");
            invitees.Add(plan!.Participants.FirstOrDefault(p => SameReference(CarePlanMapper.MemberOf(plan, p), actor))?.Id
                ?? throw new FhirInputException(422, $"«{actor.Reference ?? actor.Display}» deltar ikke i planen; bare planens deltakere kan innkalles.",
                    OperationOutcome.IssueType.BusinessRule, "R3"));
        }
        var by = await f.Db.StaffMembers.SingleAsync(s => s.Id == f.Me.StaffMemberId, ct);
        var meeting = Meeting.Summon(Guid.NewGuid(), plan!, group, MeetingKind.Ordinary, details, invitees, false, by, f.Today, f.Now); // A2, C4, R3, R10
        f.Db.Meetings.Add(meeting);
        await NoticesOf(f).SendAsync(plan!, meeting, AppBase(f), ct);
        f.Audit.Add(f.Me, f.Gate.Decide(plan!, PlanAction.Read, PlanPart.Overview).Role, "meeting.summon", plan!.Id, plan.PersonId,
            nameof(PlanPart.Meetings), true, "Innkalt til møte (FHIR)");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(AppointmentOf(plan, meeting), 201, $"{f.BaseUrl}/Appointment/{meeting.Id}");
    }

    /// <summary>
    /// PUT Appointment: moves the meeting (<c>start</c>, <c>end</c>, <c>comment</c> = place, <c>description</c> = agenda) or
    /// cancels it (<c>status</c> = cancelled), as on the meeting's page: the invitees get the changed summons. The version is
    /// the meeting's calendar sequence; a stale If-Match is 412. The invitees are not changed here (as on the page).
    /// </summary>
    static async Task<IResult> UpdateAppointmentAsync(string id, FhirContext f, CancellationToken ct)
    {
        var input = await FhirIo.ReadAsync<Appointment>(f.Request, ct);
        if (input.Id != id) throw new FhirInputException(400, $"Appointment.id ({input.Id ?? "mangler"}) må være den samme som i adressen ({id}).");
        if (FhirContext.ParseId(id) is not { } meetingId) return FhirResult.NotFound("Appointment", id);
        var planId = await f.Db.Meetings.Where(m => m.Id == meetingId).Select(m => (Guid?)m.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null) return FhirResult.NotFound("Appointment", id);
        var readable = await f.Gate.ReadAsync(planId.Value, PlanPart.Overview, ct);
        if (readable is null || (await VisibleMeetingsAsync(f, readable, meetingId, ct)).Count == 0)
        {
            if (readable is not null)
                await f.Audit.WriteAsync(f.Me, f.Gate.Decide(readable, PlanAction.Read, PlanPart.Overview).Role, "meeting.change", readable.Id,
                    readable.PersonId, nameof(PlanPart.Meetings), false, "FHIR Appointment: ikke invitert eller ikke dekket av samtykket", ct);
            return FhirResult.NotFound("Appointment", id);
        }
        var (plan, _, refused) = await MeetingPlanAsync(f, planId.Value, "Appointment", id, tracked: false, ct);
        if (refused is not null) return refused;
        var meeting = await f.Db.Meetings.Include(m => m.Invitees).Include(m => m.Decisions).Include(m => m.Addenda).AsSplitQuery()
            .FirstAsync(m => m.Id == meetingId, ct);
        if (f.ExpectedVersion(meeting.Sequence) != meeting.Sequence)
            return FhirResult.Error(412, OperationOutcome.IssueType.Conflict,
                "Møtet er endret siden versjonen i If-Match. Ingenting er lagret – hent den nyeste versjonen og prøv igjen.");
        var current = AppointmentOf(plan!, meeting);
        var invited = current.Participant.Select(p => p.Actor?.Reference).ToHashSet();
        if (!input.Participant.Select(p => p.Actor?.Reference).ToHashSet().SetEquals(invited))
            throw new FhirInputException(422, "De innkalte endres ikke her; kall inn til et nytt møte for andre deltakere.", OperationOutcome.IssueType.NotSupported, "R3");
        string action, reason;
        if (input.Status == Appointment.AppointmentStatus.Cancelled)
        {
            if (meeting.IsCancelled) return new FhirResult(current);
            meeting.Cancel(f.Now); // A2: not with minutes
            (action, reason) = ("meeting.cancel", "Møtet avlyst (FHIR)");
        }
        else if (input.Status is null or Appointment.AppointmentStatus.Booked)
        {
            var details = MeetingDetailsOf(input);
            if (details.StartsAt == meeting.StartsAt && details.EndsAt == meeting.EndsAt && details.Place == meeting.Place && details.Agenda == meeting.Agenda)
                return new FhirResult(current);
            meeting.Change(details with { VideoLink = meeting.VideoLink }, f.Now); // A2: not cancelled, not with minutes
            (action, reason) = ("meeting.change", "Møtet endret (FHIR)");
        }
        else throw new FhirInputException(422, $"Status {input.Status} kan ikke brukes: booked (endre tid/sted) eller cancelled (avlys).",
            OperationOutcome.IssueType.Value, "A2");
        await NoticesOf(f).SendAsync(plan!, meeting, AppBase(f), ct);
        f.Audit.Add(f.Me, f.Gate.Decide(plan!, PlanAction.Read, PlanPart.Overview).Role, action, plan!.Id, plan.PersonId, nameof(PlanPart.Meetings), true, reason);
        try
        {
            await f.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            f.Db.ChangeTracker.Clear();
            return FhirResult.Error(412, OperationOutcome.IssueType.Conflict, "Møtet ble endret av en annen samtidig. Ingenting er lagret – prøv igjen.");
        }
        return new FhirResult(AppointmentOf(plan, meeting));
    }

    static MeetingNotices NoticesOf(FhirContext f) => f.Request.HttpContext.RequestServices.GetRequiredService<MeetingNotices>();

    static string AppBase(FhirContext f) => $"{f.Request.Scheme}://{f.Request.Host}";
}
