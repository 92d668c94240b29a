using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Domain.Plans;
using DomainGoal = Samplan.Domain.Plans.Goal;
using FhirTask = Hl7.Fhir.Model.Task;

namespace Samplan.Fhir;

/// <summary>
/// <c>_history</c> of Goal, Consent, Appointment and Task, read through <see cref="Plans.PlanGate"/> (decided by the policy,
/// audited) as CarePlan's and CareTeam's are. A Goal's and a Consent's versions are the plan's (R5): the plan's history is
/// for those who may read it (the coordinator and the person, as /plans/[id]/history); the current version carries its
/// resource, earlier ones are the revision (see Provenance). A meeting keeps only its current summons (its version is the
/// calendar sequence); a task has two versions at most — as given, and as closed (only its status changes).
/// </summary>
public static partial class FhirEndpoints
{
    static void MapHistory(RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Goal/{id}/_history", (string id, FhirContext f, CancellationToken ct) => GoalHistoryAsync(id, null, f, ct));
        fhir.MapGet("/Goal/{id}/_history/{vid}", (string id, string vid, FhirContext f, CancellationToken ct) => GoalHistoryAsync(id, vid, f, ct));
        fhir.MapGet("/Consent/{id}/_history", (string id, FhirContext f, CancellationToken ct) => ConsentHistoryAsync(id, null, f, ct));
        fhir.MapGet("/Consent/{id}/_history/{vid}", (string id, string vid, FhirContext f, CancellationToken ct) => ConsentHistoryAsync(id, vid, f, ct));
        fhir.MapGet("/Appointment/{id}/_history", (string id, FhirContext f, CancellationToken ct) => AppointmentHistoryAsync(id, null, f, ct));
        fhir.MapGet("/Appointment/{id}/_history/{vid}", (string id, string vid, FhirContext f, CancellationToken ct) => AppointmentHistoryAsync(id, vid, f, ct));
        fhir.MapGet("/Task/{id}/_history", (string id, FhirContext f, CancellationToken ct) => TaskHistoryAsync(id, null, f, ct));
        fhir.MapGet("/Task/{id}/_history/{vid}", (string id, string vid, FhirContext f, CancellationToken ct) => TaskHistoryAsync(id, vid, f, ct));
    }

    sealed record HistoryVersion(string Id, DateTime? At, Resource? Resource, bool Created);

    /// <summary>A history Bundle (newest first), or with <paramref name="vid"/> that version's resource (404 when it is not kept).</summary>
    static FhirResult HistoryOf(FhirContext f, string type, string id, string? vid, IReadOnlyList<HistoryVersion> versions, string earlier)
    {
        if (vid is not null)
            return versions.FirstOrDefault(v => v.Id == vid)?.Resource is { } resource
                ? new FhirResult(resource)
                : FhirResult.Error(404, OperationOutcome.IssueType.NotFound, $"Versjon {vid} av {type}/{id} finnes ikke som ressurs. {earlier}");
        var bundle = new Bundle { Type = Bundle.BundleType.History, Total = versions.Count, Meta = new Meta { LastUpdated = new DateTimeOffset(f.Now) } };
        foreach (var v in versions)
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{f.BaseUrl}/{type}/{id}",
                Request = new Bundle.RequestComponent { Method = v.Created ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT, Url = v.Created ? type : $"{type}/{id}" },
                Response = new Bundle.ResponseComponent
                {
                    Status = v.Created ? "201 Created" : "200 OK",
                    Etag = $"W/\"{v.Id}\"",
                    LastModified = v.At is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
                    Location = $"{type}/{id}/_history/{v.Id}",
                },
                Resource = v.Resource,
            });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{f.BaseUrl}/{type}/{id}/_history" });
        return bundle.Entry.Count == 0 ? FhirResult.NotFound(type, id) : new FhirResult(bundle);
    }

    /// <summary>The plan's versions (R5), the current one with <paramref name="current"/> when the user may see it.</summary>
    static async Task<List<HistoryVersion>> PlanVersionsAsync(FhirContext f, IndividualPlan plan, Func<DateTime, Resource?> current, CancellationToken ct) =>
        [.. (await f.Gate.RevisionsAsync(plan.Id, ct)).Select(r => new HistoryVersion(r.Version.ToString(CultureInfo.InvariantCulture), r.At,
            r.Version == plan.Version ? current(r.At) : null, r.Version == 1))];

    static async Task<IResult> GoalHistoryAsync(string id, string? vid, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } goalId) return FhirResult.NotFound("Goal", id);
        var planId = await f.Db.Set<DomainGoal>().Where(g => g.Id == goalId).Select(g => (Guid?)g.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null || await f.Gate.ReadAsync(planId.Value, PlanPart.History, ct) is not { } plan) return FhirResult.NotFound("Goal", id);
        var goal = plan.Goals.Single(g => g.Id == goalId);
        var see = f.See(plan).Content;
        return HistoryOf(f, "Goal", id, vid, await PlanVersionsAsync(f, plan, at => see ? CarePlanMapper.ToFhir(plan, goal, at) : null, ct),
            $"Se endringshistorikken: Provenance?target=CarePlan/{plan.Id}.");
    }

    static async Task<IResult> ConsentHistoryAsync(string id, string? vid, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } consentId) return FhirResult.NotFound("Consent", id);
        var planId = await f.Db.Set<PlanConsent>().Where(c => c.Id == consentId).Select(c => (Guid?)c.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null || await f.Gate.ReadAsync(planId.Value, PlanPart.History, ct) is not { } plan) return FhirResult.NotFound("Consent", id);
        var consent = plan.Consents.Single(c => c.Id == consentId);
        var see = f.See(plan).Consents;
        return HistoryOf(f, "Consent", id, vid, await PlanVersionsAsync(f, plan, at => see ? ConsentMapper.ToFhir(plan, consent, f.Today, at) : null, ct),
            $"Se endringshistorikken: Provenance?target=CarePlan/{plan.Id}.");
    }

    /// <summary>A meeting's history for those who may see its summons (R3, R8): only the current summons is kept.</summary>
    static async Task<IResult> AppointmentHistoryAsync(string id, string? vid, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } meetingId) return FhirResult.NotFound("Appointment", id);
        var planId = await f.Db.Meetings.Where(m => m.Id == meetingId).Select(m => (Guid?)m.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null || await f.Gate.ReadAsync(planId.Value, PlanPart.Overview, ct) is not { } plan) return FhirResult.NotFound("Appointment", id);
        if ((await VisibleMeetingsAsync(f, plan, meetingId, ct)).FirstOrDefault() is not { } meeting)
        {
            await f.Audit.WriteAsync(f.Me, f.Gate.Decide(plan, PlanAction.Read, PlanPart.Overview).Role, "meetings.read", plan.Id, plan.PersonId,
                nameof(PlanPart.Meetings), false, "FHIR Appointment/_history: ikke invitert eller ikke dekket av samtykket", ct);
            return FhirResult.NotFound("Appointment", id);
        }
        var current = AppointmentOf(plan, meeting);
        return HistoryOf(f, "Appointment", id, vid, [new HistoryVersion(current.Meta?.VersionId ?? "0", meeting.SummonedAt, current, meeting.Sequence == 0)],
            "Samplan tar vare på den gjeldende innkallingen; tidligere utgaver ble sendt som endringsvarsler.");
    }

    /// <summary>A task's history, for those who may read the plan's tasks: version 1 as given, version 2 as closed (only the status changes).</summary>
    static async Task<IResult> TaskHistoryAsync(string id, string? vid, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } taskId) return FhirResult.NotFound("Task", id);
        var task = await f.Db.PlanTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || await f.Gate.ReadAsync(task.PlanId, PlanPart.Tasks, ct) is not { } plan) return FhirResult.NotFound("Task", id);
        var current = TaskOf(plan, task);
        var versions = new List<HistoryVersion>();
        if (task.ClosedAt is { } closed)
        {
            versions.Add(new HistoryVersion("2", closed, current, false));
            var given = (FhirTask)current.DeepCopy();
            given.Status = FhirTask.TaskStatus.Requested;
            given.LastModified = null;
            given.Meta = new Meta { VersionId = "1" };
            versions.Add(new HistoryVersion("1", task.CreatedAt, given, true));
        }
        else versions.Add(new HistoryVersion("1", task.CreatedAt, current, true));
        return HistoryOf(f, "Task", id, vid, versions, "En oppgave har versjon 1 (gitt) og 2 (avsluttet).");
    }
}
