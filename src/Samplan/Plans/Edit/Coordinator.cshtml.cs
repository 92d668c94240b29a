using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Coordination.Coordinators;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Plans.Edit;

/// <summary>
/// C2, C3, C5: the person's wish first; then appoint the coordinator (with consent; in a hospital trust only
/// health personnel) or change to a new one with an overlap. Candidates show caseload and training (K3).
/// K4: the first appointment is also recorded on the intake case that started the plan, saved with the plan.
/// </summary>
public sealed class CoordinatorModel(PlanGate gate, StaffDirectory staff, SamplanDb db, TimeProvider clock) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Coordinator;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty] public Guid StaffMemberId { get; set; }
    [BindProperty] public string? Wish { get; set; }
    [BindProperty] public Guid? WishedStaffMemberId { get; set; }
    [BindProperty] public DateOnly? OverlapUntil { get; set; }
    public IReadOnlyList<StaffDirectory.Hit> Hits { get; private set; } = [];
    /// <summary>K3: the hits with their caseload and training, in the hits' order.</summary>
    public IReadOnlyList<CoordinatorRow> Candidates { get; private set; } = [];

    protected override async Task OnPlanLoadedAsync(CancellationToken ct)
    {
        Hits = await staff.SearchAsync(Query, ct);
        var figures = await CoordinatorFigures.ForAsync(db, Hits.Select(h => h.Id).ToList(), ct);
        Candidates = [.. Hits.Select(h => figures.GetValueOrDefault(h.Id)).OfType<CoordinatorRow>()];
        Wish ??= Plan.CoordinatorWish;
        OverlapUntil ??= Today.AddDays(14);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var coordinator = await staff.FindAsync(StaffMemberId, ct)
            ?? throw new DomainRuleException("C2", "Velg en ansatt som koordinator.");
        var first = p.CoordinatorStaffId is null;
        p.AppointCoordinator(coordinator, Gate.Today);
        if (first) await RecordOnIntakeCasesAsync(p, ct);
    }, "Koordinator er oppnevnt.", ct);

    /// <summary>K4: the person's cases in the responsible organisation's inbox that ended in this plan and wait for a coordinator.</summary>
    async Task RecordOnIntakeCasesAsync(IndividualPlan plan, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cases = await db.IntakeCases.Where(c => c.PersonId == plan.PersonId
                && c.ReceivingOrganisationId == plan.ResponsibleOrganisationId
                && c.Outcome == IntakeOutcome.PlanStarted && c.CoordinatorAppointedAt == null)
            .ToListAsync(ct);
        var by = new IntakeActor(Gate.User.UserId, Gate.User.DisplayName);
        foreach (var c in cases)
            c.RecordCoordinatorAppointed(by, now, t => DateOnly.FromDateTime(OsloTime.From(t)));
    }

    public Task<IActionResult> OnPostChangeAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var next = await staff.FindAsync(StaffMemberId, ct)
            ?? throw new DomainRuleException("C5", "Velg en ansatt som ny koordinator.");
        p.ChangeCoordinator(next, Gate.Today, OverlapUntil ?? throw new DomainRuleException("C5", "Oppgi hvor lenge koordinatorene skal overlappe."));
    }, "Koordinator er byttet.", ct);

    public Task<IActionResult> OnPostWishAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var wished = WishedStaffMemberId is { } id ? await staff.FindAsync(id, ct) : null;
        p.RecordCoordinatorWish(Wish ?? "", wished);
    }, "Ønsket er registrert.", ct);
}
