using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Meetings;

/// <summary>
/// The minutes: attendance, the person's own input in their words (R12), free text and decisions. With one action a
/// decision becomes a measure in the plan (a normal revision naming the meeting, R5) or a task. Read by those the
/// consent lets see meeting minutes (R8); written by the coordinator or the group's minutes writer (C4, A2).
/// Approved minutes are final; corrections are addenda.
/// </summary>
public sealed class MinutesModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : MeetingPageModel(gate, db, audit, clock)
{
    [BindProperty(SupportsGet = true)] public Guid MeetingId { get; set; }
    [BindProperty, StringLength(Meeting.MaxMinutes)] public string? Text { get; set; }
    [BindProperty, StringLength(Meeting.MaxMinutes)] public string? PersonsOwnInput { get; set; }
    [BindProperty, StringLength(Meeting.MaxDecision)] public string? DecisionText { get; set; }
    [BindProperty] public Guid? DecisionId { get; set; }
    [BindProperty, StringLength(300)] public string? MeasureTitle { get; set; }
    [BindProperty, StringLength(500)] public string? Scope { get; set; }
    [BindProperty, StringLength(2000)] public string? HowCarriedOut { get; set; }
    [BindProperty] public Guid? ParticipantId { get; set; }
    [BindProperty] public DateOnly? DueOn { get; set; }
    [BindProperty, StringLength(Meeting.MaxMinutes)] public string? AddendumText { get; set; }

    public Meeting Meeting { get; private set; } = null!;

    public bool MayWrite => MayWriteMinutes && !Meeting.IsCancelled && !Meeting.MinutesApproved && Now >= Meeting.StartsAt;

    public bool MayFollowUp => MayWriteMinutes && Plan.IsOpen;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var refused = await LoadAsync(tracked: false, ct);
        if (refused is not null) return refused;
        await ReadAuditAsync("meeting.minutes.read", PlanPart.Meetings, "Møtereferat lest", ct);
        Text = Meeting.MinutesText;
        PersonsOwnInput = Meeting.PersonsOwnInput;
        DueOn = Today.AddDays(14);
        return Page();
    }

    /// <summary>Attendance is bound here only, under its explicit name: a dictionary bound on every handler would fall back to the whole form.</summary>
    public Task<IActionResult> OnPostSaveAsync([FromForm(Name = "Attendance")] Dictionary<Guid, Attendance>? attendance, CancellationToken ct) =>
        ActAsync("meeting.minutes", "Referat skrevet", () =>
    {
        Meeting.WriteMinutes(Text, PersonsOwnInput, attendance ?? [], Me.DisplayName, Now);
        return Task.CompletedTask;
    }, "Referatet er lagret.", ct);

    public Task<IActionResult> OnPostDecisionAsync(CancellationToken ct) => ActAsync("meeting.minutes", "Vedtak ført i referatet", () =>
    {
        Meeting.AddDecision(DecisionText ?? "", Now);
        return Task.CompletedTask;
    }, "Vedtaket er ført i referatet.", ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => ActAsync("meeting.minutes.approve", "Referat godkjent", () =>
    {
        Meeting.ApproveMinutes(Me.DisplayName, Now);
        return Task.CompletedTask;
    }, "Referatet er godkjent.", ct);

    public Task<IActionResult> OnPostAddendumAsync(CancellationToken ct) => ActAsync("meeting.minutes.addendum", "Tillegg til referat", () =>
    {
        Meeting.AddAddendum(AddendumText ?? "", Me.DisplayName, Now);
        return Task.CompletedTask;
    }, "Tillegget er ført.", ct);

    /// <summary>R5: the decision becomes a measure through the plan's gate, as a normal revision that names the meeting.</summary>
    public Task<IActionResult> OnPostMeasureAsync(CancellationToken ct) => ActAsync("meeting.decision.measure", "Vedtak gjort til tiltak", async () =>
    {
        var plan = await Gate.OpenForChangeAsync(Id, PlanPart.Measures, ct)
            ?? throw new DomainRuleException("R8", "Du kan ikke legge til tiltak i planen.");
        Meeting.DecideAsMeasure(DecisionId ?? Guid.Empty, plan,
            new MeasureDetails(MeasureTitle ?? "", Scope ?? "", ParticipantId, null, null, HowCarriedOut, Today, null),
            DateOnly.FromDateTime(OsloTime.From(Meeting.StartsAt)));
        Audit.Add(Me, Role, "meeting.decision.measure", Plan.Id, Plan.PersonId, PlanPart.Meetings.ToString(), true, "Vedtak gjort til tiltak");
        await Gate.SaveAsync(plan, PlanPart.Measures, plan.Version, ct);
    }, "Vedtaket er blitt et tiltak i planen.", ct, audited: false);

    public Task<IActionResult> OnPostTaskAsync(CancellationToken ct) => ActAsync("meeting.decision.task", "Vedtak gjort til oppgave", () =>
    {
        if (DueOn is not { } due) throw new DomainRuleException("R4", "Oppgi frist for oppgaven.");
        Db.PlanTasks.Add(Meeting.DecideAsTask(DecisionId ?? Guid.Empty, Plan, ParticipantId ?? Guid.Empty, due, Me.UserId, Me.DisplayName, Now));
        return Task.CompletedTask;
    }, "Vedtaket er blitt en oppgave.", ct);

    public string? MeasureTitleOf(Guid? measureId) => Plan.Measures.FirstOrDefault(m => m.Id == measureId)?.Title;

    async Task<IActionResult> ActAsync(string action, string reason, Func<Task> change, string status, CancellationToken ct, bool audited = true)
    {
        var refused = await LoadAsync(tracked: true, ct);
        if (refused is not null) return refused;
        if (!MayWriteMinutes) return Forbid();
        if (!ModelState.IsValid) return await RedisplayAsync(ct);
        if (!await SaveAsync(action, PlanPart.Meetings, reason, change, ct, writeAudit: audited)) return AsConflict(await RedisplayAsync(ct));
        TempData["Status"] = status;
        return Redirect($"{MeetingUrl(MeetingId)}/minutes");
    }

    async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        var refused = await LoadAsync(tracked: false, ct);
        return refused ?? Page();
    }

    async Task<IActionResult?> LoadAsync(bool tracked, CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.Meetings, ct)) return NotFound();
        var meeting = await MeetingAsync(MeetingId, tracked, ct);
        if (meeting is null) return await RefuseAsync("meeting.minutes.read", "Møtet finnes ikke i planen", ct);
        Meeting = meeting;
        return null;
    }
}
