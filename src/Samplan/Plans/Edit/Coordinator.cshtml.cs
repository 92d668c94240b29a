using Microsoft.AspNetCore.Mvc;
using Samplan.Consent;
using Samplan.Coordination.Coordinators;
using Samplan.Data;
using Samplan.Domain.Shared;
using Samplan.Organisations;

namespace Samplan.Plans.Edit;

/// <summary>
/// C2, C3, C5: the person's wish first; then appoint the coordinator (with consent; in a hospital trust only
/// health personnel) or change to a new one with an overlap. Candidates show caseload and training (K3).
/// </summary>
public sealed class CoordinatorModel(PlanGate gate, StaffDirectory staff, SamplanDb db) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Coordinator;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty] public Guid StaffMemberId { get; set; }
    [BindProperty] public string? Wish { get; set; }
    [BindProperty] public Guid? WishedStaffMemberId { get; set; }
    [BindProperty] public DateOnly? OverlapUntil { get; set; }
    public IReadOnlyList<StaffDirectory.Hit> Hits { get; private set; } = [];
    public IReadOnlyDictionary<Guid, CoordinatorRow> Figures { get; private set; } = new Dictionary<Guid, CoordinatorRow>();

    protected override async Task OnPlanLoadedAsync(CancellationToken ct)
    {
        Hits = await staff.SearchAsync(Query, ct);
        Figures = await CoordinatorFigures.ForAsync(db, Hits.Select(h => h.Id).ToList(), ct);
        Wish ??= Plan.CoordinatorWish;
        OverlapUntil ??= Today.AddDays(14);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var coordinator = await staff.FindAsync(StaffMemberId, ct)
            ?? throw new DomainRuleException("C2", "Velg en ansatt som koordinator.");
        p.AppointCoordinator(coordinator, Gate.Today);
    }, "Koordinator er oppnevnt.", ct);

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
