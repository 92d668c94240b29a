using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Samplan.Audit;
using Samplan.Coordination.Intake;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Coordination.Dashboard;

/// <summary>K4: the dashboard figures as CSV (UTF-8 with BOM, semicolon-separated, for Norwegian Excel). Counts only, no names of persons.</summary>
public sealed class ExportModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock, DashboardCache cache) : KePageModel(me, audit)
{
    public const string Header = "Del;Gruppe;Periode;Antall";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = OsloTime.Today(clock);
        var f = await cache.FiguresAsync(db, new DashboardFigures(db, OrganisationId, today, OsloTime.StartOfDayUtc), OrganisationId, ct);
        var period = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = new List<string> { Header };
        void Line(string part, string group, string when, int? count) =>
            lines.Add(string.Join(";", Csv(part), Csv(group), Csv(when), count?.ToString(CultureInfo.InvariantCulture) ?? ""));
        foreach (var (status, count) in f.ByStatus.OrderBy(x => x.Key)) Line("Planer etter status", Labels.Status(status), period, count);
        Line("Oppfølging", "Åpne planer uten koordinator", period, f.OpenWithoutCoordinator);
        Line("Oppfølging", "Evaluering på overtid", period, f.OverdueEvaluations);
        Line("Oppfølging", "Revisjon på overtid", period, f.OverdueRevisions);
        Line("Oppfølging", $"Samtykke går ut innen {DashboardFigures.ExpiringWithinDays} dager", period, f.ConsentsExpiring);
        foreach (var c in f.Caseload) Line("Saker per koordinator", c.Name, period, c.Count);
        foreach (var m in f.NewPlansPerMonth)
            for (var g = 0; g < 4; g++)
                Line("Nye planer", DashboardFigures.AgeGroupLabels[g], m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.ByAgeGroup[g]);
        var intake = f.Intake;
        for (var b = 0; b < DashboardFigures.WaitBandLabels.Length; b++)
            Line("Åpne saker etter ventetid", DashboardFigures.WaitBandLabels[b], period, intake.OpenByWait[b]);
        // An empty value when no coordinator was appointed in the window: a median of nothing is not 0.
        var window = $"{intake.ToCoordinator.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}–{period}";
        Line("Dager til koordinator", "Saker", window, intake.ToCoordinator.Count);
        Line("Dager til koordinator", "Median", window, intake.ToCoordinator.Median);
        Line("Dager til koordinator", "90-persentil", window, intake.ToCoordinator.Percentile90);
        foreach (var m in intake.PerMonth)
        {
            var month = m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            foreach (var sector in Enum.GetValues<SourceSector>()) Line("Meldinger etter sektor", IntakeLabels.Sector(sector), month, m.BySector[sector]);
            foreach (var outcome in DashboardFigures.OutcomeKeys) Line("Meldinger etter utfall", DashboardFigures.OutcomeLabel(outcome), month, m.ByOutcome[outcome]);
        }
        await Audit.WriteAsync(Me, AuditRole, "ke.dashboard.export", null, null, null, true, "Tall for koordinerende enhet eksportert (CSV, bare antall)", ct);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"ke-oversikt-{period}.csv");
    }

    static string Csv(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
