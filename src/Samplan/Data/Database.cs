using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Samplan.Data;

/// <summary>Chooses the provider from configuration: SQLite (embedded default) or PostgreSQL.</summary>
public static class Database
{
    /// <remarks>
    /// Any <see cref="IInterceptor"/> registered in the container is added to the context (none in the app itself;
    /// the SQL statement bound tests register a command counter, tests/Samplan.Tests/Performance). Contexts are pooled
    /// (issue 8): a request reuses a reset context instead of building EF's services for a new one.
    /// </remarks>
    public static IServiceCollection AddSamplanDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString("Samplan") ?? "Data Source=data/samplan.db";
        if (provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || provider.Equals("Npgsql", StringComparison.OrdinalIgnoreCase))
        {
            services.AddDbContextPool<NpgsqlSamplanDb>((sp, o) => Configure(o.UseNpgsql(connectionString), sp));
            services.AddScoped<SamplanDb>(sp => sp.GetRequiredService<NpgsqlSamplanDb>());
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            EnsureSqliteFolder(connectionString);
            services.AddDbContextPool<SqliteSamplanDb>((sp, o) => Configure(o.UseSqlite(connectionString), sp));
            services.AddScoped<SamplanDb>(sp => sp.GetRequiredService<SqliteSamplanDb>());
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not known; use Sqlite or PostgreSQL.");
        }
        services.AddDataProtection().SetApplicationName("Samplan").PersistKeysToDbContext<SamplanDb>();
        return services;
    }

    /// <summary>The audit chain's interceptor and any registered in the container.</summary>
    /// <remarks>
    /// Migrating does not compare the model with the migrations' snapshot (EF's pending-model-changes check): that diff
    /// of the whole model cost a fair share of every start-up. MigrationTests asserts it on both providers instead.
    /// </remarks>
    static void Configure(DbContextOptionsBuilder o, IServiceProvider sp) => o
        .AddInterceptors([Samplan.Audit.AuditChainInterceptor.Instance, .. sp.GetServices<IInterceptor>()])
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>
    /// Applies pending migrations; SQLite also gets WAL mode so readers do not block the writer, and fresh planner statistics.
    /// </summary>
    /// <remarks>
    /// Issue 8: without statistics SQLite guessed that the plans in a caseload were best found by walking every open plan by
    /// status (0.9 s at national scale) instead of by the handful of ids the caseload names (45 ms). <c>PRAGMA optimize</c> with
    /// an analysis limit samples only what needs it, in well under a second even on a national database, as SQLite advises for
    /// long-lived connections; PostgreSQL keeps its own statistics (autovacuum).
    /// </remarks>
    public static async Task MigrateAsync(SamplanDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (!db.Database.IsSqlite()) return;
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        // Analyses only the tables whose statistics are missing or far off (row counts changed tenfold), so usually nothing.
        await db.Database.ExecuteSqlRawAsync(Optimize, ct);
    }

    const string Optimize = "PRAGMA analysis_limit=400; PRAGMA optimize=0x10002;";

    /// <summary>Planner statistics brought up to date (also after the generator's bulk load).</summary>
    public static async Task RefreshStatisticsAsync(SamplanDb db, CancellationToken ct = default)
    {
        // A whole database's ANALYZE after a national bulk load takes longer than a request's 30 s command timeout
        // (PostgreSQL, 100,000 plans on a busy 2-core machine: the generator failed at the very end).
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        try
        {
            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=400; ANALYZE;", ct);
            else
                await db.Database.ExecuteSqlRawAsync("ANALYZE;", ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    static void EnsureSqliteFolder(string connectionString)
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder) && path != ":memory:") Directory.CreateDirectory(folder);
    }
}
