using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Samplan.Tests.Infrastructure;

/// <summary>
/// The demo database, migrated and seeded once per test run and provider, then copied for each test:
/// SQLite by the online backup API, PostgreSQL by <c>CREATE DATABASE … TEMPLATE</c>. Seeding (with its
/// fifteen password hashes) and migrating for every test cost most of the suite's time.
/// The copy holds no key material: data-protection and API signing keys are made fresh by each app.
/// Tests that run two instances side by side seed each one themselves, so their ids differ.
/// </summary>
static class DemoTemplate
{
    static readonly Lazy<Task<string>> Sqlite = new(CreateSqliteAsync);
    static readonly Dictionary<string, Task<string>> Postgres = [];

    public static async Task CopyToSqliteAsync(string connectionString)
    {
        await using var source = new SqliteConnection(await Sqlite.Value);
        await using var target = new SqliteConnection(connectionString);
        await source.OpenAsync();
        await target.OpenAsync();
        source.BackupDatabase(target);
        await using (var wal = target.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearPool(target);
    }

    /// <summary>Replaces the (still unused) database of <paramref name="connectionString"/> by a copy of the template.</summary>
    public static async Task CopyToPostgresAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString;
        Task<string> template;
        lock (Postgres)
            if (!Postgres.TryGetValue(admin, out template!))
                Postgres[admin] = template = CreatePostgresAsync(admin);
        var templateName = await template;

        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"DROP DATABASE IF EXISTS \"{target.Database}\"; CREATE DATABASE \"{target.Database}\" TEMPLATE \"{templateName}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    static async Task<string> CreateSqliteAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"samplan-template-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file}";
        await SeedAsync(new SamplanFactory("Sqlite", connectionString));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        };
        return connectionString;
    }

    static async Task<string> CreatePostgresAsync(string admin)
    {
        var name = $"samplan_template_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await SeedAsync(new SamplanFactory("PostgreSQL", connectionString));
        // CREATE DATABASE … TEMPLATE needs the template to have no sessions.
        await using (var c = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(c);
        return name;
    }

    static async Task SeedAsync(SamplanFactory factory)
    {
        await using (factory)
        {
            await factory.SeedDemoDataAsync();
            await using var db = factory.NewDb();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"DataProtectionKeys\"; DELETE FROM \"ApiSigningKeys\";");
        }
    }
}
