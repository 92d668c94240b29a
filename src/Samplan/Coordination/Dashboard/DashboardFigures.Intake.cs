using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Coordination.Intake;
using Samplan.Domain.Coordination;

namespace Samplan.Coordination.Dashboard;

/// <summary>
/// K4: the figures from the unit's own inbox — which needs are open and how long they have waited, how long
/// people wait for a coordinator, and what came in from where and how it ended. Counted by the database over
/// the metadata columns only (dates, kind, sector, status, outcome); the need and the reporter are never read.
/// </summary>
public sealed partial class DashboardFigures
{
    public static readonly string[] WaitBandLabels = ["0–7 dager", "8–30 dager", "31–90 dager", "Over 90 dager"];

    /// <summary>The last day of waiting in each band but the last (0–7, 8–30, 31–90; then over 90).</summary>
    static readonly int[] WaitBandEnds = [7, 30, 90];

    /// <summary>The outcome columns, "Open" first for cases not closed yet.</summary>
    public static readonly string[] OutcomeKeys = ["Open", .. Enum.GetNames<IntakeOutcome>()];

    public sealed record AppointmentTimes(int Count, int? Median, int? Percentile90, DateOnly From);

    public sealed record IntakeMonthRow(DateOnly Month, IReadOnlyDictionary<SourceSector, int> BySector, IReadOnlyDictionary<string, int> ByOutcome)
    {
        public int Total => BySector.Values.Sum();
    }

    public sealed record IntakeFigures(int[] OpenByWait, AppointmentTimes ToCoordinator, IReadOnlyList<IntakeMonthRow> PerMonth);

    public static string OutcomeLabel(string key) =>
        key == "Open" ? "Ikke avsluttet" : IntakeLabels.Status(IntakeStatus.Closed, Enum.Parse<IntakeOutcome>(key));

    IQueryable<IntakeCase> Cases => db.IntakeCases.AsNoTracking().Where(c => c.ReceivingOrganisationId == organisationId);

    IQueryable<IntakeCase> OpenCases => Cases.Where(c => c.Status == IntakeStatus.Received || c.Status == IntakeStatus.UnderAssessment);

    /// <summary>The first day of the rolling 12 months the appointment times are taken over (today included).</summary>
    public DateOnly AppointedFrom => today.AddMonths(-Months).AddDays(1);

    IQueryable<IntakeCase> Appointed
    {
        get
        {
            var from = startOfDayUtc(AppointedFrom);
            return Cases.Where(c => c.DaysToCoordinator != null && c.CoordinatorAppointedAt >= from);
        }
    }

    async Task<IntakeFigures> ComputeIntakeAsync(CancellationToken ct)
    {
        // Days waited is counted in Norwegian calendar days, so a band is a range of received instants.
        var upTo7 = startOfDayUtc(today.AddDays(-WaitBandEnds[0]));
        var upTo30 = startOfDayUtc(today.AddDays(-WaitBandEnds[1]));
        var upTo90 = startOfDayUtc(today.AddDays(-WaitBandEnds[2]));
        var open = new int[WaitBandLabels.Length];
        foreach (var r in await OpenCases
                     .GroupBy(c => c.ReceivedAt >= upTo7 ? 0 : c.ReceivedAt >= upTo30 ? 1 : c.ReceivedAt >= upTo90 ? 2 : 3)
                     .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            open[r.Key] = r.Count;

        var count = await Appointed.CountAsync(ct);
        var times = new AppointmentTimes(count, await NearestRankAsync(50, count, ct), await NearestRankAsync(90, count, ct), AppointedFrom);

        // One grouped query for the twelve months (see MonthIndex), not one per month.
        var starts = MonthStarts();
        var from = startOfDayUtc(starts[0]);
        var to = startOfDayUtc(starts[^1].AddMonths(1));
        var all = await Cases.Where(c => c.ReceivedAt >= from && c.ReceivedAt < to)
            .Select(ReceivedRowOf(starts))
            .GroupBy(r => new { r.Month, r.Sector, r.Outcome })
            .Select(g => new { g.Key.Month, g.Key.Sector, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct);
        var months = starts.Select((month, i) =>
        {
            var rows = all.Where(r => r.Month == i).ToList();
            var bySector = Enum.GetValues<SourceSector>().ToDictionary(s => s, s => rows.Where(r => r.Sector == s).Sum(r => r.Count));
            var byOutcome = OutcomeKeys.ToDictionary(k => k, k => rows.Where(r => (r.Outcome?.ToString() ?? "Open") == k).Sum(r => r.Count));
            return new IntakeMonthRow(month, bySector, byOutcome);
        }).ToList();
        return new IntakeFigures(open, times, months);
    }

    /// <summary>
    /// The nearest-rank percentile of days to coordinator: the value at rank ⌈p·n/100⌉ in ascending order,
    /// picked by the database with ORDER BY … OFFSET k LIMIT 1 (portable to SQLite and PostgreSQL) — one value read, never all rows.
    /// </summary>
    async Task<int?> NearestRankAsync(int percent, int count, CancellationToken ct)
    {
        if (count == 0) return null;
        var rank = (percent * count + 99) / 100;
        return await Appointed.OrderBy(c => c.DaysToCoordinator).Select(c => c.DaysToCoordinator).Skip(rank - 1).FirstAsync(ct);
    }

    sealed class ReceivedRow
    {
        public int Month { get; init; }
        public SourceSector Sector { get; init; }
        public IntakeOutcome? Outcome { get; init; }
    }

    /// <summary>A case → the month it was received in (index into <paramref name="starts"/>), its sector and outcome.</summary>
    Expression<Func<IntakeCase, ReceivedRow>> ReceivedRowOf(IReadOnlyList<DateOnly> starts)
    {
        var c = Expression.Parameter(typeof(IntakeCase), "c");
        return Expression.Lambda<Func<IntakeCase, ReceivedRow>>(Expression.MemberInit(Expression.New(typeof(ReceivedRow)),
            Expression.Bind(typeof(ReceivedRow).GetProperty(nameof(ReceivedRow.Month))!,
                MonthIndex(Expression.Property(c, nameof(IntakeCase.ReceivedAt)), starts)),
            Expression.Bind(typeof(ReceivedRow).GetProperty(nameof(ReceivedRow.Sector))!, Expression.Property(c, nameof(IntakeCase.Sector))),
            Expression.Bind(typeof(ReceivedRow).GetProperty(nameof(ReceivedRow.Outcome))!, Expression.Property(c, nameof(IntakeCase.Outcome)))), c);
    }

    /// <summary>Cases received in the calendar month (Norwegian time) that starts on <paramref name="month"/>.</summary>
    IQueryable<IntakeCase> ReceivedIn(DateOnly month)
    {
        var from = startOfDayUtc(month);
        var to = startOfDayUtc(month.AddMonths(1));
        return Cases.Where(c => c.ReceivedAt >= from && c.ReceivedAt < to);
    }

    public static bool IsIntakeFilter(string? filter) => filter?.StartsWith("intake-", StringComparison.Ordinal) == true;

    /// <summary>
    /// The cases behind an intake figure; null for an unknown filter.
    /// <list type="bullet">
    /// <item><c>intake-open-{0..3}</c>: open cases in a band of days waited;</item>
    /// <item><c>intake-appointed</c>: cases whose coordinator was appointed in the last 12 months;</item>
    /// <item><c>intake-{yyyy-MM}</c>, <c>intake-{yyyy-MM}-sector-{Sector}</c>, <c>intake-{yyyy-MM}-outcome-{Open|Outcome}</c>: received that month.</item>
    /// </list>
    /// </summary>
    public IQueryable<IntakeCase>? IntakeFilter(string? filter)
    {
        if (!IsIntakeFilter(filter)) return null;
        var f = filter![7..];
        if (f == "appointed") return Appointed;
        if (f.Length == 6 && f.StartsWith("open-", StringComparison.Ordinal) && f[5] is >= '0' and <= '3')
        {
            var band = f[5] - '0';
            var open = OpenCases;
            if (band < WaitBandEnds.Length)
            {
                var from = startOfDayUtc(today.AddDays(-WaitBandEnds[band]));
                open = open.Where(c => c.ReceivedAt >= from);
            }
            if (band > 0)
            {
                var to = startOfDayUtc(today.AddDays(-WaitBandEnds[band - 1]));
                open = open.Where(c => c.ReceivedAt < to);
            }
            return open;
        }
        if (f.Length < 7 || !DateOnly.TryParseExact(f[..7] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            return null;
        var cases = ReceivedIn(month);
        var rest = f[7..];
        if (rest.Length == 0) return cases;
        if (rest.StartsWith("-sector-", StringComparison.Ordinal) && Enum.TryParse<SourceSector>(rest[8..], out var sector) && Enum.IsDefined(sector)
            && !char.IsDigit(rest[8]))
            return cases.Where(c => c.Sector == sector);
        if (rest == "-outcome-Open") return cases.Where(c => c.Outcome == null);
        if (rest.StartsWith("-outcome-", StringComparison.Ordinal) && Enum.TryParse<IntakeOutcome>(rest[9..], out var outcome) && Enum.IsDefined(outcome)
            && !char.IsDigit(rest[9]))
            return cases.Where(c => c.Outcome == outcome);
        return null;
    }

    static string DescribeIntake(string filter)
    {
        var f = filter[7..];
        if (f == "appointed") return "Saker der koordinator ble oppnevnt siste 12 måneder";
        if (f.StartsWith("open-", StringComparison.Ordinal)) return $"Åpne meldinger som har ventet {WaitBandLabels[f[5] - '0']}";
        var month = f[..7];
        var rest = f[7..];
        if (rest.StartsWith("-sector-", StringComparison.Ordinal))
            return $"Meldinger mottatt {month} fra {IntakeLabels.Sector(Enum.Parse<SourceSector>(rest[8..]))}";
        if (rest.StartsWith("-outcome-", StringComparison.Ordinal))
            return $"Meldinger mottatt {month}, utfall: {OutcomeLabel(rest[9..])}";
        return $"Meldinger mottatt {month}";
    }
}
