using Samplan.Audit;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Coordination.Dashboard;

/// <summary>K4: the coordinating unit watches the scheme — counts only, each linking to the plans behind it.</summary>
public sealed class IndexModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock, DashboardCache cache) : KePageModel(me, audit)
{
    public DashboardFigures.Figures Figures { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = OsloTime.Today(clock);
        Figures = await cache.FiguresAsync(db, new DashboardFigures(db, OrganisationId, Today, OsloTime.StartOfDayUtc), OrganisationId, ct);
    }
}
