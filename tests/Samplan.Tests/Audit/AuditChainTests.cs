using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Audit;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Audit;

public sealed class AuditChainOnSqlite : AuditChainTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class AuditChainOnPostgreSql(PostgresCluster cluster) : AuditChainTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The audit log's hash chain on a real database: intact after normal use, a row changed or deleted
/// directly in the database is found by the verify command at the right entry, and concurrent writers
/// never fork the chain.
/// </summary>
public abstract class AuditChainTests : AppTests
{
    async Task UseTheAppAsync()
    {
        // Sub-microsecond ticks: the hash must survive PostgreSQL's microsecond timestamps.
        App.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");
        await kari.GetAsync($"/plans/{planId}");
        await kari.GetAsync("/");
        await (await Browser.SignedInAsync(App, "erik")).GetAsync($"/plans/{planId}");
        await (await Browser.SignedInAsync(App, "tone")).GetAsync($"/plans/{planId}");
    }

    async Task<AuditChainResult> VerifyAsync()
    {
        await using var db = App.NewDb();
        return await AuditChain.VerifyAsync(db, batchSize: 7);
    }

    async Task<long> MiddleSequenceAsync()
    {
        await using var db = App.NewDb();
        return await db.AuditEntries.MaxAsync(e => e.Sequence) / 2;
    }

    async Task<(int Exit, string Output, string Error)> VerifyCommandAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Samplan.Shared.Cli.VerifyAuditAsync(App.Services, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task The_chain_is_intact_after_normal_use()
    {
        await UseTheAppAsync();

        var result = await VerifyAsync();

        await using var db = App.NewDb();
        var sequences = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.True(result.Intact, result.Message);
        Assert.Equal(sequences.Count, result.Count);
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        var first = await db.AuditEntries.SingleAsync(e => e.Sequence == 1);
        Assert.Equal(AuditChain.Genesis, first.PreviousHash);
        var toneRead = await db.AuditEntries.SingleAsync(e => e.UserName == "tone" && e.Action == "plan.read");
        Assert.Equal(0, toneRead.At.Ticks % 10);
        Assert.Equal(SamplanFactory.StartTime.UtcDateTime.AddTicks(1_234_560), toneRead.At);
    }

    [Fact]
    public async Task The_verify_command_exits_0_on_an_intact_chain()
    {
        await UseTheAppAsync();

        var (exit, output, error) = await VerifyCommandAsync();

        Assert.Equal(0, exit);
        Assert.Contains("Revisjonsloggen er hel", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Changing_one_row_in_the_database_is_found_at_that_entry()
    {
        await UseTheAppAsync();
        var tampered = await MiddleSequenceAsync();
        await using (var db = App.NewDb())
            Assert.Equal(1, await db.Database.ExecuteSqlAsync(
                $"UPDATE \"AuditLog\" SET \"Reason\" = {"Ingen leste noe"} WHERE \"Sequence\" = {tampered}"));

        var result = await VerifyAsync();
        var (exit, _, error) = await VerifyCommandAsync();

        Assert.False(result.Intact);
        Assert.Equal(tampered, result.BrokenSequence);
        Assert.Equal(tampered - 1, result.Count);
        Assert.Contains("innholdet er endret", result.Problem, StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Contains($"oppføring nr. {tampered} (id {result.BrokenId})", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_row_and_its_hash_is_found_at_the_next_entry()
    {
        await UseTheAppAsync();
        var tampered = await MiddleSequenceAsync();
        await using (var db = App.NewDb())
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.Sequence == tampered);
            // A careful forger also writes a hash that fits the new content.
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditLog\" SET \"Allowed\" = {!entry.Allowed} WHERE \"Sequence\" = {tampered}");
            var changed = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == tampered);
            var hash = AuditChain.ComputeHash(changed);
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditLog\" SET \"Hash\" = {hash} WHERE \"Sequence\" = {tampered}");
        }

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(tampered + 1, result.BrokenSequence);
        Assert.Contains("lenken", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_row_in_the_middle_is_found_as_a_gap()
    {
        await UseTheAppAsync();
        var deleted = await MiddleSequenceAsync();
        await using (var db = App.NewDb())
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditLog\" WHERE \"Sequence\" = {deleted}"));

        var result = await VerifyAsync();
        var (exit, _, error) = await VerifyCommandAsync();

        Assert.False(result.Intact);
        Assert.Equal(deleted + 1, result.BrokenSequence);
        Assert.Contains($"oppføring nr. {deleted} mangler", result.Problem, StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Contains($"oppføring nr. {deleted + 1}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_first_row_is_found()
    {
        await using (var db = App.NewDb())
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditLog\" WHERE \"Sequence\" = {1L}");

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenSequence);
    }

    [Fact]
    public async Task Twenty_concurrent_writers_make_one_unbroken_chain()
    {
        var kari = await App.UserAsync("kari");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var db0 = App.NewDb();
        var before = await db0.AuditEntries.CountAsync();
        var writers = Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            await using var scope = App.CreateScope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            await start.Task;
            await audit.WriteAsync(kari, "test", "test.concurrent", null, null, null, true, $"Skriver {i}");
        })).ToList();

        start.SetResult();
        await Task.WhenAll(writers);

        var result = await VerifyAsync();
        await using var db = App.NewDb();
        var written = await db.AuditEntries.Where(e => e.Action == "test.concurrent").Select(e => e.Sequence).ToListAsync();
        Assert.True(result.Intact, result.Message);
        Assert.Equal(before + 20, result.Count);
        Assert.Equal(20, written.Distinct().Count());
        Assert.All(written, s => Assert.InRange(s, before + 1, before + 20));
    }

    [Fact]
    public async Task Entries_saved_together_are_chained_in_the_order_they_were_made()
    {
        var kari = await App.UserAsync("kari");
        await using (var scope = App.CreateScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            for (var i = 1; i <= 5; i++) audit.Add(kari, "test", "test.batch", null, null, null, true, $"{i}");
            await scope.ServiceProvider.GetRequiredService<Samplan.Data.SamplanDb>().SaveChangesAsync();
        }

        await using var db = App.NewDb();
        var reasons = await db.AuditEntries.Where(e => e.Action == "test.batch").OrderBy(e => e.Sequence).Select(e => e.Reason).ToListAsync();
        Assert.Equal(["1", "2", "3", "4", "5"], reasons);
        Assert.True((await VerifyAsync()).Intact);
    }
}
