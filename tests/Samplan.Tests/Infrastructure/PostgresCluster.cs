using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Samplan.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}

/// <summary>
/// A throwaway PostgreSQL cluster for one test run: initdb into a temp folder, listen on 127.0.0.1 at a
/// free port, trust auth, fsync off. initdb refuses to run as root, so as root the cluster belongs to
/// the <c>postgres</c> user and every command goes through <c>runuser</c>. Missing binaries fail the
/// tests with a message: a PostgreSQL test that quietly skips proves nothing.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    public const string BinEnvironmentVariable = "SAMPLAN_PG_BIN";
    const string DefaultBin = "/usr/lib/postgresql/15/bin";

    readonly string _bin;
    readonly string _root = Path.Combine(Path.GetTempPath(), $"samplan-pg-{Guid.NewGuid():N}");
    readonly bool _asPostgresUser = Environment.UserName == "root";
    readonly int _port;

    public PostgresCluster()
    {
        _bin = Environment.GetEnvironmentVariable(BinEnvironmentVariable) ?? DefaultBin;
        foreach (var tool in new[] { "initdb", "pg_ctl" })
            if (!File.Exists(Path.Combine(_bin, tool)))
                throw new InvalidOperationException(
                    $"PostgreSQL tests need {tool} in {_bin} (install postgresql-15, or set {BinEnvironmentVariable} to the folder holding initdb and pg_ctl).");
        if (_asPostgresUser && !UserExists("postgres"))
            throw new InvalidOperationException("Running as root: initdb refuses root, and there is no 'postgres' user to run it as.");

        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(SocketDir);
        if (_asPostgresUser) Run("chown", "-R", "postgres:postgres", _root);
        _port = FreePort();
        Pg("initdb", "-D", DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        Pg("pg_ctl", "-D", DataDir, "-l", Path.Combine(_root, "server.log"), "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -p {_port} -k {SocketDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start");
    }

    string DataDir => Path.Combine(_root, "data");
    string SocketDir => Path.Combine(_root, "socket");

    string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Include Error Detail=true";

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"samplan_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Pg("pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    void Pg(string tool, params string[] args) =>
        Run(_asPostgresUser ? "runuser" : Path.Combine(_bin, tool),
            _asPostgresUser ? ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args] : args);

    static void Run(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', args)} failed with exit code {process.ExitCode}:\n{output.Result}\n{error.Result}");
    }

    static bool UserExists(string user) =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
