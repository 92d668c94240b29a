using System.Diagnostics;

namespace Samplan.Tests.Infrastructure;

/// <summary>One run of the built app's command line (<c>dotnet Samplan.dll VERB …</c>) as a real process on a SQLite file.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<CliRun> OfAsync(string connectionString, params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Samplan"] = connectionString;
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"samplan {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.");
        }
        return new CliRun(process.ExitCode, await output, await error);
    }
}
