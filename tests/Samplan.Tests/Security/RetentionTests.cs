using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Domain.Plans;
using Samplan.Shared;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Security;

public sealed class RetentionOnSqlite : RetentionTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class RetentionOnPostgreSql(PostgresCluster cluster) : RetentionTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Retention (issue 9.5; ASVS 8.3.8): a closed plan is kept for Retention:ClosedPlanYears (10 by default) and then
/// deleted with every row that belongs to it, by the <c>retention</c> verb; the deletion is audited (which plan,
/// when, by which rule — no content) and the audit chain still verifies. Open plans and younger closed plans stay.
/// </summary>
public abstract class RetentionTests : AppTests
{
    async Task CloseAsync(Guid planId)
    {
        await using var db = App.NewDb();
        var gate = App.Gate(db, await App.UserAsync("kari"));
        var plan = (await gate.OpenForChangeAsync(planId, PlanPart.Lifecycle))!;
        plan.Close("Målene er nådd, og Emma og koordinator er enige om å avslutte.", agreedWithPerson: true, App.Clock.GetUtcNow().UtcDateTime);
        await gate.SaveAsync(plan, PlanPart.Lifecycle, plan.Version);
    }

    /// <summary>The demo data's closed plan (Knut's), closed at the start time.</summary>
    async Task<Guid> ClosedDemoPlanAsync()
    {
        await using var db = App.NewDb();
        return await db.Plans.Where(p => p.Status == PlanStatus.Closed).Select(p => p.Id).SingleAsync();
    }

    async Task<IReadOnlyList<RetentionDeletion>> RunAsync(int? years = null)
    {
        await using var db = App.NewDb();
        return await Retention.RunAsync(db, App.Clock, years is { } y ? new RetentionOptions { ClosedPlanYears = y } : new RetentionOptions());
    }

    /// <summary>Rows in every table with a PlanId column (the audit log apart) that belong to the plan.</summary>
    async Task<Dictionary<string, int>> RowsOfAsync(Guid planId)
    {
        await using var db = App.NewDb();
        var counts = new Dictionary<string, int>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.ClrType != typeof(AuditEntry)))
        {
            var property = entity.ClrType == typeof(IndividualPlan) ? entity.FindProperty("Id") : entity.FindProperty("PlanId");
            if (property is null) continue;
            var table = entity.GetTableName()!;
            var column = property.GetColumnName(StoreObjectIdentifier.Table(table, entity.GetSchema()));
            await using var command = db.Database.GetDbConnection().CreateCommand();
            if (command.Connection!.State != System.Data.ConnectionState.Open) await command.Connection.OpenAsync();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" = @id";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@id";
            parameter.Value = App.Provider == "Sqlite" ? planId.ToString().ToUpperInvariant() : planId;
            command.Parameters.Add(parameter);
            counts[table] = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    [Fact]
    public async Task A_closed_plan_is_kept_ten_years_then_deleted_with_all_its_rows_and_the_deletion_is_audited_without_content()
    {
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        var arne = await App.PlanIdOfAsync("Arne Johansen");
        var knut = await ClosedDemoPlanAsync();
        await CloseAsync(emma);
        var closedAt = App.Clock.GetUtcNow().UtcDateTime;
        var rows = await RowsOfAsync(emma);
        Assert.True(rows.Count(r => r.Value > 0) >= 5, string.Join(", ", rows.Select(r => $"{r.Key}={r.Value}")));
        var arneRows = await RowsOfAsync(arne);

        // Nine years and a half: kept.
        App.Clock.Advance(TimeSpan.FromDays(365 * 9 + 180));
        Assert.Empty(await RunAsync());
        Assert.Equal(rows, await RowsOfAsync(emma));

        // Ten years and a day: deleted, with everything that belongs to it.
        App.Clock.Advance(TimeSpan.FromDays(190));
        // The demo's closed plan (Knut's, closed at the same time) goes too.
        Assert.Equal(new[] { emma, knut }.Order(), (await RunAsync()).Select(d => d.PlanId).Order());
        Assert.All(await RowsOfAsync(emma), r => Assert.True(r.Value == 0, $"{r.Key} still holds {r.Value} rows of the deleted plan"));
        // The open plan is untouched, and running again deletes nothing more.
        Assert.Equal(arneRows, await RowsOfAsync(arne));
        Assert.Empty(await RunAsync());

        await using var db = App.NewDb();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == Retention.AuditAction));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == Retention.AuditAction && e.PlanId == emma);
        Assert.Equal(emma, entry.PlanId);
        Assert.Equal("system", entry.UserName);
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, entry.At);
        Assert.Contains("Retention:ClosedPlanYears=10", entry.Reason, StringComparison.Ordinal);
        Assert.Contains($"avsluttet {closedAt:yyyy-MM-dd}", entry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Målene er nådd", entry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Emma", entry.Reason, StringComparison.Ordinal);
        var chain = await AuditChain.VerifyAsync(db);
        Assert.True(chain.Intact, chain.Message);
        // The person and the rest of the audit log stay (the log holds no plan content; its chain must stay whole).
        Assert.True(await db.AuditEntries.AnyAsync(e => e.PlanId == emma && e.Action != Retention.AuditAction));
    }

    [Fact]
    public async Task The_period_is_configurable()
    {
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        var knut = await ClosedDemoPlanAsync();
        await CloseAsync(emma);
        App.Clock.Advance(TimeSpan.FromDays(366 * 2));

        Assert.Empty(await RunAsync(years: 3));
        Assert.Equal(new[] { emma, knut }.Order(), (await RunAsync(years: 2)).Select(d => d.PlanId).Order());
        await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(years: 0));
    }
}
