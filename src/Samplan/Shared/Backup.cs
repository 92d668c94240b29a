using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Samplan.Data;

namespace Samplan.Shared;

/// <summary>
/// Backup and restore of the whole system (every table: plans, people, accounts, the audit log, the sign-in keys).
/// SQLite: the online backup API, a consistent copy while the app runs. PostgreSQL: <c>pg_dump -Fc</c> and
/// <c>pg_restore --clean --if-exists --single-transaction</c> from <c>Backup:PgBin</c> (default
/// <c>/usr/lib/postgresql/15/bin</c>, else the PATH). Restore replaces the database with the backup: stop the app first.
/// </summary>
public static class Backup
{
    public const string DefaultPgBin = "/usr/lib/postgresql/15/bin";

    public static async Task BackupAsync(SamplanDb db, string file, string? pgBin = null, CancellationToken ct = default)
    {
        var path = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".partial";
        File.Delete(temp);
        if (db.Database.IsSqlite())
        {
            await using (var source = new SqliteConnection(db.Database.GetConnectionString()))
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString()))
            {
                await source.OpenAsync(ct);
                await target.OpenAsync(ct);
                source.BackupDatabase(target);
                // A backup is one self-contained file: no write-ahead log beside it.
                await using var command = target.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=DELETE;";
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        else
        {
            await RunPgAsync(pgBin, "pg_dump", db.Database.GetConnectionString()!,
                ["--format=custom", "--no-owner", "--no-privileges", "--file", temp], ct);
        }
        // Only a finished backup gets the name: a crash midway leaves no file that looks like a backup.
        File.Move(temp, path, overwrite: true);
    }

    public static async Task RestoreAsync(SamplanDb db, string file, string? pgBin = null, CancellationToken ct = default)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw new ArgumentException($"Fant ikke sikkerhetskopien «{file}».");
        if (db.Database.IsSqlite())
        {
            await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            await using (var target = new SqliteConnection(db.Database.GetConnectionString()))
            {
                await source.OpenAsync(ct);
                await using (var check = source.CreateCommand())
                {
                    check.CommandText = "PRAGMA integrity_check;";
                    if (await check.ExecuteScalarAsync(ct) is not "ok")
                        throw new ArgumentException($"«{file}» er ikke en hel SQLite-database.");
                }
                await target.OpenAsync(ct);
                // Page by page, in one step: readers see the old database or the restored one, never a mix.
                source.BackupDatabase(target);
                await using var wal = target.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteNonQueryAsync(ct);
            }
            SqliteConnection.ClearAllPools();
        }
        else
        {
            await RunPgAsync(pgBin, "pg_restore", db.Database.GetConnectionString()!,
                ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", path], ct);
            NpgsqlConnection.ClearAllPools();
        }
    }

    static async Task RunPgAsync(string? pgBin, string tool, string connectionString, string[] args, CancellationToken ct)
    {
        var bin = pgBin ?? DefaultPgBin;
        var exe = File.Exists(Path.Combine(bin, tool)) ? Path.Combine(bin, tool) : tool;
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The connection goes in the environment, so the password is not on the command line.
        start.Environment["PGHOST"] = cs.Host ?? "localhost";
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = cs.Database ?? "";
        if (cs.Username is { } user) start.Environment["PGUSER"] = user;
        if (cs.Password is { } password) start.Environment["PGPASSWORD"] = password;
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (tool == "pg_restore") start.ArgumentList.Insert(0, "--dbname=" + (cs.Database ?? ""));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Kunne ikke starte {exe}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} avsluttet med kode {process.ExitCode}: {await error}{await output}");
    }
}
