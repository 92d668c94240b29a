using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Plans;
using Samplan.Shared;

namespace Samplan.Coordination.Dashboard;

/// <summary>
/// K4 drill-down: the plans behind one figure, with what the access policy lets the coordinating unit see —
/// the person's name, status, coordinator and dates (metadata only, never content). The query selects only
/// those columns, and every listed plan is written to the audit log (so the person sees who has read it).
/// The intake figures list the unit's own cases the same way: received date, kind, sector, status and days
/// waited, linking to the case page — never the need or the reporter.
/// </summary>
public sealed class ListModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : KePageModel(me, audit)
{
    public sealed record Row(Guid PlanId, Guid PersonId, string PersonName, PlanStatus Status, string? CoordinatorName,
        DateTime CreatedAt, DateOnly? NextEvaluationDate, DateOnly? NextRevisionDate, DateOnly? PeriodEnd);

    public sealed record IntakeRow(Guid CaseId, Guid PersonId, DateTime ReceivedAt, IntakeKind Kind, IntakeForm Form, SourceSector Sector,
        IntakeStatus Status, IntakeOutcome? Outcome, int DaysWaited, int? DaysToCoordinator);

    [BindProperty(SupportsGet = true)] public string? Filter { get; set; }

    public string Heading { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<IntakeRow>? IntakeRows { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = OsloTime.Today(clock);
        var figures = new DashboardFigures(db, OrganisationId, today, OsloTime.StartOfDayUtc);
        if (DashboardFigures.IsIntakeFilter(Filter)) return await IntakeAsync(figures, today, ct);
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

    async Task<IActionResult> IntakeAsync(DashboardFigures figures, DateOnly today, CancellationToken ct)
    {
        var cases = figures.IntakeFilter(Filter);
        if (cases is null) return NotFound();
        Heading = DashboardFigures.Describe(Filter!);
        var rows = await cases.OrderBy(c => c.ReceivedAt)
            .Select(c => new { c.Id, c.PersonId, c.ReceivedAt, c.Kind, c.Form, c.Sector, c.Status, c.Outcome, c.ClosedAt, c.DaysToCoordinator })
            .Take(500).ToListAsync(ct);
        static DateOnly Local(DateTime t) => DateOnly.FromDateTime(OsloTime.From(t));
        IntakeRows = [.. rows.Select(r => new IntakeRow(r.Id, r.PersonId, r.ReceivedAt, r.Kind, r.Form, r.Sector, r.Status, r.Outcome,
            (r.ClosedAt is { } closed ? Local(closed) : today).DayNumber - Local(r.ReceivedAt).DayNumber, r.DaysToCoordinator))];
        foreach (var r in IntakeRows)
            Audit.Add(Me, AuditRole, "ke.dashboard.list", null, r.PersonId, "Metadata", true,
                $"Oversikt for koordinerende enhet: {Heading} (sak {r.CaseId}, bare metadata)");
        if (IntakeRows.Count == 0)
            Audit.Add(Me, AuditRole, "ke.dashboard.list", null, null, "Metadata", true, $"Oversikt for koordinerende enhet: {Heading} (ingen saker)");
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
