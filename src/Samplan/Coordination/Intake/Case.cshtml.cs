using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Coordination.Intake;

/// <summary>
/// One case: what was reported, its steps, and the next step. received → under assessment → one outcome
/// (plan started, coordinator only, guidance given, declined, withdrawn). Each step is attributed,
/// timestamped and audited; a refused step (N2, R11, K2, K1) is a message on the page.
/// </summary>
public sealed class CaseModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : IntakePageModel(db, me, audit, clock)
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    [BindProperty] public bool WantsAssessment { get; set; }
    [BindProperty] public string? Guidance { get; set; }
    [BindProperty] public string? Reasons { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? ComplaintText { get; set; }
    [BindProperty] public DateOnly? ComplaintReceivedOn { get; set; }
    [BindProperty] public Guid ComplaintId { get; set; }
    [BindProperty] public bool Upheld { get; set; }
    [BindProperty] public DateOnly? OutcomeOn { get; set; }

    /// <summary>R2, K4: the person's open plan, as far as a coordinating unit may see it (its coordinator only when this unit's organisation holds it).</summary>
    public sealed record OpenPlanRow(PlanStatus Status, string ResponsibleOrganisationName, string? CoordinatorName);

    public IntakeCase Case { get; private set; } = null!;
    public OpenPlanRow? OpenPlan { get; private set; }
    public string PersonName { get; private set; } = "";
    public int DaysWaited { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (c, refused) = await OpenCaseAsync(Id, tracked: false, "les", ct);
        if (c is null) return refused!;
        await ShowAsync(c, ct);
        await Audit.WriteAsync(Me, AuditRole, "intake.case.read", null, c.PersonId, c.Id.ToString(), true, "Sak i innboksen", ct);
        return Page();
    }

    public Task<IActionResult> OnPostWishAsync(CancellationToken ct) =>
        StepAsync("person-asked", c => c.RecordPersonsWish(WantsAssessment, Actor, Now), "Personens ønske er registrert.", ct);

    public Task<IActionResult> OnPostAssessAsync(CancellationToken ct) =>
        StepAsync("assessment", c => c.StartAssessment(Actor, Now), "Saken er tatt til vurdering.", ct);

    /// <summary>Outcome: plan work. The plan wizard takes over, starting with consent (R3).</summary>
    public Task<IActionResult> OnPostStartPlanAsync(CancellationToken ct) =>
        StepAsync("outcome.plan", c => { RefuseBesideOpenPlan(); c.StartPlan(Actor, Now); }, "Utfall registrert: individuell plan. Registrer samtykket for å starte planarbeidet.", ct,
            c => $"/plans/start/{c.PersonId}");

    /// <summary>C1: coordinator only; the appointment itself is made from the person's page.</summary>
    public Task<IActionResult> OnPostCoordinatorOnlyAsync(CancellationToken ct) =>
        StepAsync("outcome.coordinator-only", c => { RefuseBesideOpenPlan(); c.CoordinatorOnly(Actor, Now); }, "Utfall registrert: koordinator uten individuell plan.", ct,
            c => $"/ke/persons/{c.PersonId}/appoint-coordinator");

    /// <summary>R2: the person already has an open plan; the need goes to whoever holds it.</summary>
    public Task<IActionResult> OnPostReferToPlanAsync(CancellationToken ct) =>
        StepAsync("outcome.referred-to-plan", c =>
        {
            if (OpenPlan is not { } plan)
                throw new DomainRuleException("R2", "Personen har ingen åpen individuell plan å sende behovet til.");
            c.ReferToPlan(plan.ResponsibleOrganisationName, plan.CoordinatorName, Actor, Now);
        }, "Utfall registrert: behovet er sendt til den som har planen.", ct);

    void RefuseBesideOpenPlan()
    {
        if (OpenPlan is not null)
            throw new DomainRuleException("R2", "Personen har allerede en individuell plan. Send behovet til planens koordinator i stedet.");
    }

    public Task<IActionResult> OnPostGuidanceAsync(CancellationToken ct) =>
        StepAsync("outcome.guidance", c => c.GiveGuidance(Guidance ?? "", Actor, Now), "Utfall registrert: melderen er veiledet.", ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct) =>
        StepAsync("outcome.declined", c => c.Decline(Reasons ?? "", Actor, Now), "Avslaget er registrert. Skriv ut vedtaket og send det til personen.", ct,
            c => $"/ke/cases/{c.Id}/decision");

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        StepAsync("outcome.withdrawn", c => c.Withdraw(Note, Actor, Now), "Saken er registrert som trukket.", ct);

    public Task<IActionResult> OnPostComplaintAsync(CancellationToken ct) =>
        StepAsync("complaint.registered", c => c.RegisterComplaint(ComplaintText ?? "", ComplaintReceivedOn ?? Today, Actor, Now),
            "Klagen er registrert.", ct);

    public Task<IActionResult> OnPostForwardComplaintAsync(CancellationToken ct) =>
        StepAsync("complaint.forwarded", c => c.ForwardComplaint(ComplaintId, Actor, Now), "Klagen er sendt til Statsforvalteren.", ct);

    public Task<IActionResult> OnPostComplaintOutcomeAsync(CancellationToken ct) =>
        StepAsync("complaint.decided", c => c.RecordComplaintOutcome(ComplaintId, Upheld, OutcomeOn ?? Today, Note, Actor, Now),
            "Statsforvalterens avgjørelse er registrert.", ct);

    async Task<IActionResult> StepAsync(string step, Action<IntakeCase> change, string status, CancellationToken ct,
        Func<IntakeCase, string>? redirect = null)
    {
        var (c, refused) = await OpenCaseAsync(Id, tracked: true, step, ct);
        if (c is null) return refused!;
        OpenPlan = await OpenPlanAsync(c.PersonId, ct);
        if (!await TryStepAsync(c, step, () => change(c), ct))
        {
            var fresh = await Db.IntakeCases.AsNoTracking().FirstAsync(x => x.Id == Id, ct);
            await ShowAsync(fresh, ct);
            return Page();
        }
        TempData["Status"] = status;
        return Redirect(redirect?.Invoke(c) ?? $"/ke/cases/{c.Id}");
    }

    async Task ShowAsync(IntakeCase c, CancellationToken ct)
    {
        Case = c;
        PersonName = await Db.Persons.Where(p => p.Id == c.PersonId).Select(p => p.Name).FirstAsync(ct);
        OpenPlan = await OpenPlanAsync(c.PersonId, ct);
        DaysWaited = c.DaysWaited(Today, t => DateOnly.FromDateTime(OsloTime.From(t)));
    }

    Task<OpenPlanRow?> OpenPlanAsync(Guid personId, CancellationToken ct)
    {
        var organisation = Organisation;
        return Db.Plans.Where(p => p.PersonId == personId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active))
            .Select(p => new OpenPlanRow(p.Status, p.ResponsibleOrganisationName, p.ResponsibleOrganisationId == organisation ? p.CoordinatorName : null))
            .FirstOrDefaultAsync(ct);
    }
}
