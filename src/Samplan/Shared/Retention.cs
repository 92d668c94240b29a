using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Plans;

namespace Samplan.Shared;

/// <summary>Section <c>Retention</c>: how long a closed plan is kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Years after closing that a plan is deleted with everything that belongs to it.</summary>
    public int ClosedPlanYears { get; set; } = 10;
}

/// <summary>One plan the retention rule deleted: which, when it was closed, and the rule; never its content.</summary>
public sealed record RetentionDeletion(Guid PlanId, DateTime ClosedAt, string Rule);

/// <summary>
/// Deletes closed plans once the retention period has run out (<c>retention</c> verb; run it daily, e.g. from cron).
/// Each plan goes in one transaction with all its rows — versions, consents, participants, meetings, evaluations,
/// log, tasks, emergency accesses — and an audit entry that says what was deleted, when and by which rule, with no
/// content. The audit log itself is kept (it holds no plan content, and its chain must stay whole).
/// </summary>
public static class Retention
{
    public const string AuditAction = "retention.delete";

    public static async Task<IReadOnlyList<RetentionDeletion>> RunAsync(SamplanDb db, TimeProvider clock, RetentionOptions options,
        CancellationToken ct = default)
    {
        if (options.ClosedPlanYears < 1) throw new ArgumentException("Retention:ClosedPlanYears må være minst 1.");
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddYears(-options.ClosedPlanYears);
        var rule = $"Retention:ClosedPlanYears={options.ClosedPlanYears}";
        var due = await db.Plans.AsNoTracking()
            .Where(p => p.Status == PlanStatus.Closed && p.ClosedAt != null && p.ClosedAt <= cutoff)
            .Select(p => new { p.Id, p.PersonId, p.ResponsibleOrganisationId, ClosedAt = p.ClosedAt!.Value })
            .ToListAsync(ct);
        var deleted = new List<RetentionDeletion>();
        var system = CurrentUser.Anonymous with { UserName = "system", DisplayName = "Sletting etter oppbevaringstid" };
        var audit = new AuditLog(db, clock);
        foreach (var plan in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A correction points to the entry it corrects (ON DELETE RESTRICT, checked row by row): corrections first.
            while (await db.PlanLogEntries
                       .Where(e => e.PlanId == plan.Id && !db.PlanLogEntries.Any(c => c.CorrectsEntryId == e.Id))
                       .ExecuteDeleteAsync(ct) > 0) { }
            foreach (var table in RowsOfAPlan(db.Model))
                await table(db, plan.Id, ct);
            await db.Plans.Where(p => p.Id == plan.Id).ExecuteDeleteAsync(ct);
            // Deleted past the change tracker, so the dashboard's stamp is renewed here (Coordination/Dashboard/FiguresStamp.cs).
            await Coordination.Dashboard.FiguresStamp.RenewAsync(db, plan.ResponsibleOrganisationId, ct);
            audit.Add(system, "system", AuditAction, plan.Id, plan.PersonId, null, true,
                $"Avsluttet plan slettet etter oppbevaringstiden: avsluttet {plan.ClosedAt:yyyy-MM-dd}, regel {rule}");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            deleted.Add(new RetentionDeletion(plan.Id, plan.ClosedAt, rule));
        }
        return deleted;
    }

    /// <summary>
    /// A delete for every table with a PlanId that the database does not cascade from the plan row itself (found
    /// in the model, so a new table of plan data cannot be forgotten); the audit log is not one of them.
    /// </summary>
    static IEnumerable<Func<SamplanDb, Guid, CancellationToken, Task<int>>> RowsOfAPlan(IModel model)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.IsOwned() || entity.HasSharedClrType || entity.ClrType == typeof(IndividualPlan) || entity.ClrType == typeof(AuditEntry))
                continue;
            if (entity.FindProperty("PlanId") is not { } planId) continue;
            var cascades = entity.GetForeignKeys().Any(fk => fk.PrincipalEntityType.ClrType == typeof(IndividualPlan)
                && fk.Properties.Contains(planId) && fk.DeleteBehavior == DeleteBehavior.Cascade);
            if (cascades) continue;
            var method = typeof(Retention).GetMethod(nameof(DeleteByPlanAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(entity.ClrType, planId.ClrType);
            yield return (db, id, ct) => (Task<int>)method.Invoke(null, [db, id, ct])!;
        }
    }

    static Task<int> DeleteByPlanAsync<TEntity, TKey>(SamplanDb db, Guid planId, CancellationToken ct) where TEntity : class
    {
        var row = Expression.Parameter(typeof(TEntity), "row");
        var property = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TKey)], row, Expression.Constant("PlanId"));
        Expression id = Expression.Constant(planId);
        if (typeof(TKey) != typeof(Guid)) id = Expression.Convert(id, typeof(TKey));
        var match = Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(property, id), row);
        return db.Set<TEntity>().Where(match).ExecuteDeleteAsync(ct);
    }
}
