using Microsoft.Extensions.DependencyInjection;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Shared;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Security;

public sealed class BackupRestoreOnSqlite : BackupRestoreTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class BackupRestoreOnPostgreSql(PostgresCluster cluster) : BackupRestoreTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Backup and restore of the whole system (issue 9.5; ASVS 8.1.6, 7.3.3): a backup of the demo system, then changes,
/// then the restore gives back every table with the same row count and the same content hash, and an audit chain
/// that verifies — on SQLite (online backup API) and PostgreSQL (pg_dump -Fc / pg_restore --clean).
/// </summary>
public abstract class BackupRestoreTests : AppTests, IDisposable
{
    readonly string _file = Path.Combine(Path.GetTempPath(), $"samplan-backup-{Guid.NewGuid():N}.bak");

    [Fact]
    public async Task A_restored_backup_has_every_table_with_the_same_rows_and_content_and_a_verifying_audit_chain()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        // The app has been used: pages read (audited) before the backup.
        var kari = await Browser.SignedInAsync(App, "kari");
        await kari.GetAsync($"/plans/{planId}");
        var before = await DatabaseDigest.OfAsync(App.Provider, App.ConnectionString);
        Assert.True(before.Count > 20, string.Join(", ", before.Keys));
        Assert.True(before["AuditLog"].Rows > 0);

        await using (var scope = App.CreateScope())
            await Backup.BackupAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), _file);
        Assert.True(new FileInfo(_file).Length > 0);

        // Life goes on after the backup: a change to the plan, more audit entries, a new user.
        var version = (await Access.AccessTestSupport.PlanAsync(App, planId)).Version;
        var saved = await kari.SubmitAsync($"/plans/{planId}/what-matters", new() { ["Version"] = version.ToString(), ["OwnWords"] = "Etter sikkerhetskopien." });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.Status);
        await kari.GetAsync($"/plans/{planId}");
        var changed = await DatabaseDigest.OfAsync(App.Provider, App.ConnectionString);
        Assert.NotEqual(before["Plans"].Hash, changed["Plans"].Hash);
        Assert.True(changed["AuditLog"].Rows > before["AuditLog"].Rows);

        await using (var scope = App.CreateScope())
            await Backup.RestoreAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), _file);

        var after = await DatabaseDigest.OfAsync(App.Provider, App.ConnectionString);
        Assert.Equal(before.Keys, after.Keys);
        var differences = before.Where(t => after[t.Key] != t.Value)
            .Select(t => $"{t.Key}: {t.Value.Rows} rows {t.Value.Hash[..12]} before, {after[t.Key].Rows} rows {after[t.Key].Hash[..12]} after").ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        await using var db = App.NewDb();
        var chain = await AuditChain.VerifyAsync(db);
        Assert.True(chain.Intact, chain.Message);
        Assert.Equal(before["AuditLog"].Rows, chain.Count);
        // The restored app works: sign in again and read the plan as it was at the backup.
        var again = await Browser.SignedInAsync(App, "kari");
        var page = await again.GetAsync($"/plans/{planId}");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("Etter sikkerhetskopien.", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restoring_a_file_that_is_not_a_backup_is_refused_and_changes_nothing()
    {
        await File.WriteAllTextAsync(_file, "not a backup");
        var before = await DatabaseDigest.OfAsync(App.Provider, App.ConnectionString);

        await using (var scope = App.CreateScope())
            await Assert.ThrowsAnyAsync<Exception>(() => Backup.RestoreAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), _file));

        Assert.Equal(before, await DatabaseDigest.OfAsync(App.Provider, App.ConnectionString));
    }

    public void Dispose()
    {
        File.Delete(_file);
        File.Delete(_file + ".partial");
    }
}
