using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Security.SecurityTestSupport;

namespace Samplan.Tests.Security;

public sealed class CrashSafetyOnSqlite : CrashSafetyTests
{
    readonly string _file = Path.Combine(Path.GetTempPath(), $"samplan-crash-{Guid.NewGuid():N}.db");

    protected override Task<(string Provider, string ConnectionString)> DatabaseAsync() =>
        Task.FromResult(("Sqlite", $"Data Source={_file}"));

    protected override async Task AssertDatabaseIntactAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA foreign_key_check;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.False(await reader.ReadAsync(), "a row points to a row that is not there");
    }

    public override void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(file);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class CrashSafetyOnPostgreSql(PostgresCluster cluster) : CrashSafetyTests
{
    protected override async Task<(string Provider, string ConnectionString)> DatabaseAsync() =>
        ("PostgreSQL", await cluster.CreateDatabaseAsync());

    protected override async Task AssertDatabaseIntactAsync(string connectionString)
    {
        // PostgreSQL keeps its own integrity (the server was not killed, only the app); check the foreign keys held.
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM "PlanRevisions" r WHERE NOT EXISTS (SELECT 1 FROM "Plans" p WHERE p."Id" = r."PlanId"))
                 + (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated)
            """;
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }
}

/// <summary>
/// Crash safety (issue 9.2; ASVS 11.1.6): the built app runs as its own process; a loop of up to 1,000 saves of the plan
/// form goes through HTTP, and the process is killed with SIGKILL (kill -9) in the middle of it. After a restart: every
/// acknowledged save is there, no change is half written (each version has its revision and its audit entry, and the
/// plan's version is its newest revision's), the audit chain verifies, the database passes its integrity check, and
/// the app takes the next save.
/// </summary>
public abstract partial class CrashSafetyTests : IDisposable
{
    const int Writes = 1000;
    Process? _process;

    protected abstract Task<(string Provider, string ConnectionString)> DatabaseAsync();

    protected abstract Task AssertDatabaseIntactAsync(string connectionString);

    [GeneratedRegex(@"name=""Version""[^>]*value=""(\d+)""")]
    private static partial Regex VersionField();

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    async Task<Uri> StartAsync(string provider, string connectionString, bool demo)
    {
        var dll = typeof(Program).Assembly.Location;
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        if (demo) start.ArgumentList.Add("demo");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        start.Environment["ConnectionStrings__Samplan"] = connectionString;
        start.Environment["Database__Provider"] = provider;
        start.Environment["Reminders__Enabled"] = "false";
        // Development: plain HTTP on 127.0.0.1, so the cookies are not Secure-only (see docs/security.md).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with {_process.ExitCode} on start.");
            try
            {
                using var response = await probe.GetAsync("/account/sign-in");
                if (response.StatusCode == HttpStatusCode.OK) return url;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The app did not answer within 90 s.");
    }

    static HttpClient ClientFor(Uri url) => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = url, Timeout = TimeSpan.FromSeconds(30),
    };

    static string Marker(int i) => $"Lagring nummer {i} før krasjet.";

    static async Task<(string Token, int Version)> FormAsync(HttpClient client, string url)
    {
        using var page = await client.GetAsync(url);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        return (new Page(page.StatusCode, html, null).AntiforgeryToken, int.Parse(VersionField().Match(html).Groups[1].Value));
    }

    static Task<HttpResponseMessage> SaveAsync(HttpClient client, string url, string token, int version, string text) =>
        client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Version"] = version.ToString(), ["OwnWords"] = text,
        }));

    [Fact]
    public async Task Killed_with_sigkill_in_a_loop_of_writes_every_acknowledged_write_survives_whole_and_the_audit_chain_verifies()
    {
        var (provider, connectionString) = await DatabaseAsync();
        var url = await StartAsync(provider, connectionString, demo: true);
        await using var app = new SamplanFactory(provider, connectionString);
        var planId = await PlanIdAsync(app, "Emma Larsen");
        var form = $"/plans/{planId}/what-matters";
        var changesBefore = await ChangeEntriesAsync(app, planId);

        var client = ClientFor(url);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, "kari")).StatusCode);
        var (token, version) = await FormAsync(client, form);
        var acknowledged = new List<int>();
        var killAfter = Random.Shared.Next(100, 250);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Writes; i++)
            {
                try
                {
                    using var response = await SaveAsync(client, form, token, version, Marker(i));
                    if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"save {i}: {(int)response.StatusCode}");
                    lock (acknowledged) acknowledged.Add(i);
                    version++;
                }
                catch (HttpRequestException) { return i; }
                catch (TaskCanceledException) { return i; }
            }
            return Writes;
        });
        while (true)
        {
            lock (acknowledged) if (acknowledged.Count >= killAfter) break;
            if (writer.IsCompleted) break;
            await Task.Delay(5);
        }
        _process!.Kill(); // SIGKILL: no shutdown, no flush, mid-request
        await _process.WaitForExitAsync();
        var interrupted = await writer;
        Assert.True(interrupted < Writes, "the loop finished before the kill");
        Assert.True(acknowledged.Count >= killAfter, $"only {acknowledged.Count} saves were acknowledged");

        // Restart on the same database (the app migrates and recovers on start).
        url = await StartAsync(provider, connectionString, demo: false);
        await AssertDatabaseIntactAsync(connectionString);
        await using (var db = app.NewDb())
        {
            var chain = await AuditChain.VerifyAsync(db);
            Assert.True(chain.Intact, chain.Message);
            var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.Version, p.WhatMattersToPerson }).SingleAsync();
            var revisions = await db.PlanRevisions.AsNoTracking().Where(r => r.PlanId == planId).OrderBy(r => r.Version).ToListAsync();
            // Every acknowledged save is there, as its own version.
            var saved = revisions.Select(r => Regex.Match(r.Snapshot, @"Lagring nummer (\d+) før krasjet\.")).Where(m => m.Success)
                .Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.Empty(acknowledged.Except(saved));
            // At most the one save in flight at the kill is there unacknowledged; nothing else appeared.
            Assert.True(saved.Count - acknowledged.Count is 0 or 1, $"{saved.Count} saved, {acknowledged.Count} acknowledged");
            Assert.Equal(saved.Distinct().Count(), saved.Count);
            // No half-written change: versions without gaps, the plan at its newest revision, one audit entry per change.
            Assert.Equal(Enumerable.Range(revisions[0].Version, revisions.Count), revisions.Select(r => r.Version));
            Assert.Equal(revisions[^1].Version, plan.Version);
            Assert.Equal(Marker(saved[^1]), plan.WhatMattersToPerson);
            Assert.Equal(changesBefore + saved.Count, await ChangeEntriesAsync(app, planId));
        }

        // The restarted app takes the next save.
        var again = ClientFor(url);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(again, "kari")).StatusCode);
        var (token2, version2) = await FormAsync(again, form);
        using var next = await SaveAsync(again, form, token2, version2, "Etter omstarten.");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
    }

    static async Task<Guid> PlanIdAsync(SamplanFactory app, string personName)
    {
        await using var db = app.NewDb();
        var personId = await db.Persons.Where(p => p.Name == personName).Select(p => p.Id).SingleAsync();
        return await db.Plans.Where(p => p.PersonId == personId).Select(p => p.Id).SingleAsync();
    }

    static async Task<int> ChangeEntriesAsync(SamplanFactory app, Guid planId)
    {
        await using var db = app.NewDb();
        return await db.AuditEntries.CountAsync(e => e.PlanId == planId && e.Action == "plan.change" && e.Part == "WhatMatters");
    }

    public virtual void Dispose()
    {
        if (_process is { HasExited: false }) _process.Kill();
        _process?.Dispose();
        GC.SuppressFinalize(this);
    }
}
