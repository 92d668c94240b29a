using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;

namespace Samplan.Coordination.Dashboard;

public enum AgeGroup { Child = 0, Youth = 1, Adult = 2, Elderly = 3 }

/// <summary>
/// K4: the coordinating unit's figures for the plans its organisation is responsible for. Every figure is a
/// COUNT / GROUP BY the database computes — no plan row is loaded — and only metadata is touched (status,
/// coordinator, dates, the person's birth date for the age group): nothing of the plan's content can leak
/// through a count. The same filters drive the drill-down lists, so a count and its list always agree.
/// </summary>
public sealed partial class DashboardFigures(SamplanDb db, Guid organisationId, DateOnly today, Func<DateOnly, DateTime> startOfDayUtc)
{
    public const int ExpiringWithinDays = 30;
    public const int Months = 12;

    public static readonly string[] AgeGroupLabels = ["0–15 år", "16–17 år", "18–66 år", "67 år og eldre"];

    public sealed record CoordinatorLoad(Guid StaffId, string Name, int Count);

    public sealed record MonthRow(DateOnly Month, int[] ByAgeGroup)
    {
        public int Total => ByAgeGroup.Sum();
    }

    public sealed record Figures(
        IReadOnlyDictionary<PlanStatus, int> ByStatus,
        int OpenWithoutCoordinator,
        int OverdueEvaluations,
        int OverdueRevisions,
        int ConsentsExpiring,
        IReadOnlyList<CoordinatorLoad> Caseload,
        IReadOnlyList<MonthRow> NewPlansPerMonth,
        IntakeFigures Intake);

    IQueryable<IndividualPlan> Scope => db.Plans.AsNoTracking().Where(p => p.ResponsibleOrganisationId == organisationId);

    IQueryable<IndividualPlan> Open => Scope.Where(p => p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active);

    public DateOnly Today => today;

    /// <summary>The first day of each of the last <see cref="Months"/> months, oldest first (this month last).</summary>
    public IReadOnlyList<DateOnly> MonthStarts()
    {
        var current = new DateOnly(today.Year, today.Month, 1);
        return [.. Enumerable.Range(0, Months).Select(i => current.AddMonths(i - Months + 1))];
    }

    public async Task<Figures> ComputeAsync(CancellationToken ct)
    {
        var byStatus = (await Scope.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        foreach (var s in Enum.GetValues<PlanStatus>()) byStatus.TryAdd(s, 0);
        var caseload = (await Open.Where(p => p.CoordinatorStaffId != null)
                .GroupBy(p => new { p.CoordinatorStaffId, p.CoordinatorName })
                .Select(g => new { g.Key.CoordinatorStaffId, g.Key.CoordinatorName, Count = g.Count() }).ToListAsync(ct))
            .Select(x => new CoordinatorLoad(x.CoordinatorStaffId!.Value, x.CoordinatorName ?? "", x.Count))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Create(new System.Globalization.CultureInfo("nb-NO"), false)).ToList();

        // One grouped query for the twelve months, not one per month: the key is month × 4 + age group.
        var starts = MonthStarts();
        var counts = starts.Select(_ => new int[AgeGroupLabels.Length]).ToArray();
        var from = startOfDayUtc(starts[0]);
        var to = startOfDayUtc(starts[^1].AddMonths(1));
        foreach (var r in await Scope.Where(p => p.CreatedAt >= from && p.CreatedAt < to)
                     .Join(db.Persons, p => p.PersonId, x => x.Id, MonthAndAgeGroupKey(starts))
                     .GroupBy(k => k).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            counts[r.Key / AgeGroupLabels.Length][r.Key % AgeGroupLabels.Length] = r.Count;
        var months = starts.Select((month, i) => new MonthRow(month, counts[i])).ToList();

        return new Figures(byStatus,
            await Filter("no-coordinator")!.CountAsync(ct),
            await Filter("overdue-evaluation")!.CountAsync(ct),
            await Filter("overdue-revision")!.CountAsync(ct),
            await Filter("consent-expiring")!.CountAsync(ct),
            caseload, months,
            await ComputeIntakeAsync(ct));
    }

    /// <summary>Age group from the birth date against today (DateOnly comparisons, translated by both providers).</summary>
    Expression<Func<DateOnly, int>> AgeGroupOf()
    {
        var from16 = today.AddYears(-16);
        var from18 = today.AddYears(-18);
        var from67 = today.AddYears(-67);
        return b => b > from16 ? 0 : b > from18 ? 1 : b > from67 ? 2 : 3;
    }

    /// <summary>
    /// (plan, person) → index of the month the plan was created in (0 = oldest of <paramref name="starts"/>) × 4 + the
    /// person's age group: a CASE expression both providers translate, so the database groups and counts.
    /// </summary>
    Expression<Func<IndividualPlan, Person, int>> MonthAndAgeGroupKey(IReadOnlyList<DateOnly> starts)
    {
        var plan = Expression.Parameter(typeof(IndividualPlan), "p");
        var person = Expression.Parameter(typeof(Person), "x");
        var month = MonthIndex(Expression.Property(plan, nameof(IndividualPlan.CreatedAt)), starts);
        var ageGroupOf = AgeGroupOf();
        var ageGroup = ReplacingExpressionVisitor.Replace(ageGroupOf.Parameters[0],
            Expression.Property(person, nameof(Person.BirthDate)), ageGroupOf.Body);
        var key = Expression.Add(Expression.Multiply(month, Expression.Constant(AgeGroupLabels.Length)), ageGroup);
        return Expression.Lambda<Func<IndividualPlan, Person, int>>(key, plan, person);
    }

    /// <summary>
    /// The index in <paramref name="starts"/> of the month (Norwegian time) an instant falls in, as nested conditions
    /// (CASE WHEN in SQL) — for an instant the caller has already bounded to the months.
    /// </summary>
    Expression MonthIndex(Expression at, IReadOnlyList<DateOnly> starts)
    {
        Expression month = Expression.Constant(0);
        for (var i = 1; i < starts.Count; i++)
            month = Expression.Condition(Expression.GreaterThanOrEqual(at, Expression.Constant(startOfDayUtc(starts[i]), at.Type)),
                Expression.Constant(i), month);
        return month;
    }

    /// <summary>Plans created in the calendar month (Norwegian time) that starts on <paramref name="month"/>.</summary>
    IQueryable<IndividualPlan> NewIn(DateOnly month)
    {
        var from = startOfDayUtc(month);
        var to = startOfDayUtc(month.AddMonths(1));
        return Scope.Where(p => p.CreatedAt >= from && p.CreatedAt < to);
    }

    /// <summary>
    /// The plans behind a figure, by the filter name the dashboard links with; null for an unknown filter.
    /// <list type="bullet">
    /// <item><c>status-Draft|Active|Closed</c>; <c>no-coordinator</c> (open plans);</item>
    /// <item><c>overdue-evaluation</c>, <c>overdue-revision</c>: open plans whose date is before today;</item>
    /// <item><c>consent-expiring</c>: open plans with a consent in force where every consent in force ends within 30 days;</item>
    /// <item><c>coordinator-{staffId}</c>: the open plans a coordinator has;</item>
    /// <item><c>new-{yyyy-MM}-{0..3}</c>: plans created that month for the age group (or <c>new-{yyyy-MM}</c> for all).</item>
    /// </list>
    /// </summary>
    public IQueryable<IndividualPlan>? Filter(string? filter)
    {
        if (string.IsNullOrEmpty(filter)) return null;
        var limit = today.AddDays(ExpiringWithinDays);
        switch (filter)
        {
            case "no-coordinator": return Open.Where(p => p.CoordinatorStaffId == null);
            case "overdue-evaluation": return Open.Where(p => p.NextEvaluationDate != null && p.NextEvaluationDate < today);
            case "overdue-revision": return Open.Where(p => p.NextRevisionDate != null && p.NextRevisionDate < today);
            case "consent-expiring":
                return Open.Where(p =>
                    p.Consents.Any(c => c.WithdrawnOn == null && c.GivenOn <= today && (c.ValidTo == null || c.ValidTo >= today))
                    && !p.Consents.Any(c => c.WithdrawnOn == null && c.GivenOn <= today && (c.ValidTo == null || c.ValidTo > limit)));
        }
        if (filter.StartsWith("status-", StringComparison.Ordinal) && Enum.TryParse<PlanStatus>(filter[7..], out var status)
            && Enum.IsDefined(status))
            return Scope.Where(p => p.Status == status);
        if (filter.StartsWith("coordinator-", StringComparison.Ordinal) && Guid.TryParse(filter[12..], out var staff))
            return Open.Where(p => p.CoordinatorStaffId == staff);
        if (filter.StartsWith("new-", StringComparison.Ordinal) && filter.Length >= 11
            && DateOnly.TryParseExact(filter[4..11] + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var month))
        {
            var plans = NewIn(month);
            if (filter.Length == 11) return plans;
            if (filter.Length != 13 || filter[11] != '-' || filter[12] is < '0' or > '3') return null;
            var group = filter[12] - '0';
            var from16 = today.AddYears(-16);
            var from18 = today.AddYears(-18);
            var from67 = today.AddYears(-67);
            return plans.Where(p => db.Persons.Any(x => x.Id == p.PersonId
                && (x.BirthDate > from16 ? 0 : x.BirthDate > from18 ? 1 : x.BirthDate > from67 ? 2 : 3) == group));
        }
        return null;
    }

    /// <summary>Words for a filter, for the list heading and the audit log.</summary>
    public static string Describe(string filter) => filter switch
    {
        _ when IsIntakeFilter(filter) => DescribeIntake(filter),
        "no-coordinator" => "Åpne planer uten koordinator",
        "overdue-evaluation" => "Planer med evaluering på overtid",
        "overdue-revision" => "Planer med revisjon på overtid",
        "consent-expiring" => $"Planer der samtykket går ut innen {ExpiringWithinDays} dager",
        _ when filter.StartsWith("status-", StringComparison.Ordinal) => $"Planer med status {filter[7..]}",
        _ when filter.StartsWith("coordinator-", StringComparison.Ordinal) => "Åpne planer for én koordinator",
        _ when filter.Length == 13 => $"Nye planer {filter[4..11]}, {AgeGroupLabels[filter[12] - '0']}",
        _ => $"Nye planer {filter[4..]}",
    };
}
