using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Security;

/// <summary>The backup, restore and retention verbs of the built app, run as a real process on a temp SQLite file.</summary>
public sealed class BackupCliTests : IDisposable
{
    readonly string _file = Path.Combine(Path.GetTempPath(), $"samplan-cli-{Guid.NewGuid():N}.db");
    readonly string _backup = Path.Combine(Path.GetTempPath(), $"samplan-cli-{Guid.NewGuid():N}.bak");

    string ConnectionString => $"Data Source={_file}";

    Task<CliRun> RunAsync(params string[] args) => CliRun.OfAsync(ConnectionString, args);

    async Task<List<string>> UserNamesAsync()
    {
        await using var app = new SamplanFactory("Sqlite", ConnectionString);
        await using var db = app.NewDb();
        return await db.UserAccounts.Select(u => u.UserName).ToListAsync();
    }

    [Fact]
    public async Task Backup_then_restore_gives_back_the_system_as_it_was_and_verifies_the_audit_chain()
    {
        Assert.Equal(0, (await RunAsync("seed-demo")).ExitCode);
        var before = await DatabaseDigest.OfAsync("Sqlite", ConnectionString);

        var backup = await RunAsync("backup", _backup);
        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Contains("Sikkerhetskopien er skrevet til", backup.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("create-user", "--username", "etter", "--password", "long enough pw", "--name", "Etter")).ExitCode);
        Assert.Contains("etter", await UserNamesAsync());

        var restore = await RunAsync("restore", _backup);

        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.Contains("Databasen er gjenopprettet fra", restore.Output, StringComparison.Ordinal);
        Assert.Contains("Revisjonsloggen er hel", restore.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("etter", await UserNamesAsync());
        Assert.Equal(before, await DatabaseDigest.OfAsync("Sqlite", ConnectionString));
    }

    [Fact]
    public async Task Backup_without_a_file_name_and_restore_of_a_missing_file_exit_with_2()
    {
        Assert.Equal(0, (await RunAsync("migrate")).ExitCode);
        var noFile = await RunAsync("backup");
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("Mangler filnavn", noFile.Error, StringComparison.Ordinal);
        var missing = await RunAsync("restore", _backup);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Fant ikke sikkerhetskopien", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_deletes_nothing_on_the_demo_data_and_says_so()
    {
        Assert.Equal(0, (await RunAsync("seed-demo")).ExitCode);
        var run = await RunAsync("retention");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("0 avsluttede planer er slettet etter oppbevaringstiden (10 år).", run.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm", _backup })
            File.Delete(file);
    }
}
