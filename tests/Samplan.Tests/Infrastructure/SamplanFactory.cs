using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Tests.Infrastructure;

/// <summary>
/// The real app (Program.cs, its migrations at start-up, its pages) on a real database of its own:
/// a temp SQLite file or a fresh PostgreSQL database. The clock is a <see cref="FakeTimeProvider"/>
/// standing at <see cref="StartTime"/>, so tests decide what "now" is.
/// </summary>
public sealed class SamplanFactory(string provider, string connectionString, string? fileToDelete = null)
    : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset StartTime = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public string Provider => provider;
    public string ConnectionString => connectionString;
    public FakeTimeProvider Clock { get; } = new(StartTime);

    public static SamplanFactory OnSqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"samplan-test-{Guid.NewGuid():N}.db");
        return new SamplanFactory("Sqlite", $"Data Source={file}", file);
    }

    public static async Task<SamplanFactory> OnPostgreSqlAsync(PostgresCluster cluster) =>
        new("PostgreSQL", await cluster.CreateDatabaseAsync());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Program.cs reads these while building; UseSetting reaches it as host configuration.
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("ConnectionStrings:Samplan", connectionString);
        // Tests run the reminder job themselves (ReminderJob.RunOnceAsync), against their own clock.
        builder.UseSetting("Reminders:Enabled", "false");
        // One test app signs in many users from one in-process address; the sign-in limit has its own tests, which set it.
        builder.UseSetting("Security:SignInPerAddress", "100000");
        builder.UseSetting("Security:SignInPerUserName", "100000");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Starts the app (which migrates) and adds the demo data, as the <c>demo</c> verb would.</summary>
    public async Task SeedDemoDataAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await DemoData.SeedAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), Clock);
    }

    /// <summary>
    /// Puts a copy of the demo database (migrated and seeded once per run, see <see cref="DemoTemplate"/>) in
    /// place before the app starts: the same state as <see cref="SeedDemoDataAsync"/>, in a fraction of the time.
    /// </summary>
    public async Task StartFromDemoTemplateAsync()
    {
        if (_started) throw new InvalidOperationException("The demo template can only be copied before the app starts.");
        if (provider == "Sqlite") await DemoTemplate.CopyToSqliteAsync(connectionString);
        else await DemoTemplate.CopyToPostgresAsync(connectionString);
        _ = Services; // start the app (it migrates: nothing to do) as SeedDemoDataAsync would
    }

    bool _started;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        _started = true;
        return base.CreateHost(builder);
    }

    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    /// <summary>A DbContext of its own on the same database, outside the app's container (e.g. with an interceptor).</summary>
    public SamplanDb NewDb(params IInterceptor[] interceptors) => provider == "Sqlite"
        ? new SqliteSamplanDb(new DbContextOptionsBuilder<SqliteSamplanDb>().UseSqlite(connectionString).AddInterceptors(interceptors).Options)
        : new NpgsqlSamplanDb(new DbContextOptionsBuilder<NpgsqlSamplanDb>().UseNpgsql(connectionString).AddInterceptors(interceptors).Options);

    /// <summary>The signed-in identity of a demo user, for calling PlanGate directly.</summary>
    public async Task<CurrentUser> UserAsync(string userName)
    {
        await using var db = NewDb();
        return CurrentUser.Of(await db.UserAccounts.SingleAsync(u => u.UserName == userName));
    }

    public PlanGate Gate(SamplanDb db, CurrentUser user) => new(db, user, new AuditLog(db, Clock), Clock);

    public async Task<Guid> PlanIdOfAsync(string personName)
    {
        await using var db = NewDb();
        var personId = await db.Persons.Where(p => p.Name == personName).Select(p => p.Id).SingleAsync();
        return await db.Plans.Where(p => p.PersonId == personId).Select(p => p.Id).SingleAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Give the cluster its connections back: each test's database has its own pool.
        if (provider != "Sqlite") { await using var c = new Npgsql.NpgsqlConnection(connectionString); Npgsql.NpgsqlConnection.ClearPool(c); }
        if (fileToDelete is null) return;
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { fileToDelete, fileToDelete + "-wal", fileToDelete + "-shm" })
            File.Delete(file);
    }
}
