using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Shared;

namespace Samplan.Coordination.Dashboard;

/// <summary>
/// K4 drill-down: the plans behind one figure, with what the access policy lets the coordinating unit see —
/// the person's name, status, coordinator and dates (metadata only, never content). The query selects only
/// those columns, and every listed plan is written to the audit log (so the person sees who has read it).
/// </summary>
public sealed class ListModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : KePageModel(me, audit)
{
    public sealed record Row(Guid PlanId, Guid PersonId, string PersonName, PlanStatus Status, string? CoordinatorName,
        DateTime CreatedAt, DateOnly? NextEvaluationDate, DateOnly? NextRevisionDate, DateOnly? PeriodEnd);

    [BindProperty(SupportsGet = true)] public string? Filter { get; set; }

    public string Heading { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var figures = new DashboardFigures(db, OrganisationId, OsloTime.Today(clock), OsloTime.StartOfDayUtc);
        var plans = figures.Filter(Filter);
        if (plans is null) return NotFound();
        Heading = DashboardFigures.Describe(Filter!);
        var rows = await plans.Join(db.Persons, p => p.PersonId, x => x.Id, (p, x) => new
            {
                p.Id, p.PersonId, x.Name, p.Status, p.CoordinatorName, p.CreatedAt, p.NextEvaluationDate, p.NextRevisionDate, p.PeriodEnd,
            })
            .OrderBy(r => r.Name).Take(500).ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Id, r.PersonId, r.Name, r.Status, r.CoordinatorName, r.CreatedAt,
            r.NextEvaluationDate, r.NextRevisionDate, r.PeriodEnd))];
        foreach (var r in Rows)
            Audit.Add(Me, AuditRole, "ke.dashboard.list", r.PlanId, r.PersonId, "Metadata", true,
                $"Oversikt for koordinerende enhet: {Heading} (bare metadata)");
        if (Rows.Count == 0)
            Audit.Add(Me, AuditRole, "ke.dashboard.list", null, null, "Metadata", true, $"Oversikt for koordinerende enhet: {Heading} (ingen planer)");
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
