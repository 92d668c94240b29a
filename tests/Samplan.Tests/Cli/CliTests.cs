using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Cli;

/// <summary>The command-line verbs of the built app, run as a real process on a temp SQLite file.</summary>
public sealed class CliTests : IDisposable
{
    readonly string _file = Path.Combine(Path.GetTempPath(), $"samplan-cli-{Guid.NewGuid():N}.db");

    string ConnectionString => $"Data Source={_file}";

    Task<CliRun> RunAsync(params string[] args) => CliRun.OfAsync(ConnectionString, args);

    SamplanFactory AppOnTheFile() => new("Sqlite", ConnectionString);

    [Fact]
    public async Task Migrate_creates_the_tables()
    {
        var run = await RunAsync("migrate");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Databasen er oppdatert.", run.Output, StringComparison.Ordinal);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("__EFMigrationsHistory", tables);
        Assert.True(tables.Count > 5, string.Join(", ", tables));
    }

    [Fact]
    public async Task Seed_demo_adds_the_demo_users()
    {
        var run = await RunAsync("seed-demo");

        Assert.True(run.ExitCode == 0, run.Error);
        await using var app = AppOnTheFile();
        await using var db = app.NewDb();
        var users = await db.UserAccounts.Select(u => u.UserName).ToListAsync();
        Assert.Contains("kari", users);
        Assert.Contains("admin", users);
        Assert.True(await db.Plans.AnyAsync());
    }

    [Fact]
    public async Task Create_user_makes_an_account_that_can_sign_in()
    {
        var run = await RunAsync("create-user", "--username", "x", "--password", "long enough pw", "--name", "X");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Bruker «x» er opprettet.", run.Output, StringComparison.Ordinal);
        await using var app = AppOnTheFile();
        var browser = Browser.Open(app);
        var signIn = await browser.SignInAsync("x", "long enough pw");
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).Status);
    }

    [Fact]
    public async Task Create_user_refuses_a_too_short_password_with_exit_code_2()
    {
        var run = await RunAsync("create-user", "--username", "x", "--password", "short", "--name", "X");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Passordet må ha minst 12 tegn.", run.Error, StringComparison.Ordinal);
        await using var app = AppOnTheFile();
        await using var db = app.NewDb();
        Assert.False(await db.UserAccounts.AnyAsync(u => u.UserName == "x"));
    }

    [Fact]
    public async Task An_unknown_verb_prints_the_usage_with_exit_code_2()
    {
        var run = await RunAsync("frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Ukjent kommando «frobnicate».", run.Error, StringComparison.Ordinal);
        Assert.Contains("Bruk: dotnet run --project src/Samplan -- VERB", run.Error, StringComparison.Ordinal);
        Assert.Contains("create-user", run.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
            File.Delete(file);
    }
}
