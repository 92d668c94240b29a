using Samplan.Audit;
using Samplan.Data;
using Samplan.Shared;
using Microsoft.EntityFrameworkCore;

namespace Samplan.Coordination.Coordinators;

/// <summary>K3: the coordinating unit's register of coordinators, with caseload and training.</summary>
public sealed class RegistryModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : CoordinatingUnitPageModel(me, audit, clock)
{
    public IReadOnlyList<CoordinatorRow> Coordinators { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Coordinators = await CoordinatorFigures.Of(db, CoordinatorFigures.ScopeOf(db, OrganisationId, Today)).ToListAsync(ct);
}
