using Microsoft.AspNetCore.Mvc;
using Samplan.Consent;
using Samplan.Domain.Shared;
using Samplan.Organisations;

namespace Samplan.Plans.Edit;

/// <summary>C2, C3: appoint the coordinator, with the person's consent; in a hospital trust only health personnel.</summary>
public sealed class CoordinatorModel(PlanGate gate, StaffDirectory staff) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Coordinator;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty] public Guid StaffMemberId { get; set; }
    public IReadOnlyList<StaffDirectory.Hit> Hits { get; private set; } = [];

    protected override async Task OnPlanLoadedAsync(CancellationToken ct) => Hits = await staff.SearchAsync(Query, ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var coordinator = await staff.FindAsync(StaffMemberId, ct)
            ?? throw new DomainRuleException("C2", "Velg en ansatt som koordinator.");
        p.AppointCoordinator(coordinator, Gate.Today);
    }, "Koordinator er oppnevnt.", ct);
}
