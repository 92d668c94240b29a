using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Organisations;

namespace Samplan.Shared;

/// <summary>
/// Command-line verbs: <c>dotnet run --project src/Samplan -- VERB [--option value]</c>.
/// demo (serve with demo data), migrate, seed-demo, create-user, verify-audit, backup, restore, retention.
/// </summary>
public static class Cli
{
    public const string Usage = """
        Bruk: dotnet run --project src/Samplan -- VERB
          demo          kjør Samplan med demodata (SQLite som standard)
          migrate       oppdater databaseskjemaet
          seed-demo     legg inn demodata i en tom database
          create-user   --username NAVN --password PASSORD --name "Visningsnavn"
                        [--roles Staff,CoordinatingUnitStaff,Administrator,PrivacyOfficer] [--staff-id GUID]
          verify-audit  kontroller revisjonsloggens hashkjede (avslutter med 1 hvis den er brutt)
          backup FIL    sikkerhetskopi av hele systemet (SQLite: online backup; PostgreSQL: pg_dump -Fc)
          restore FIL   erstatt databasen med en sikkerhetskopi (stopp Samplan først), kontrollerer hashkjeden etterpå
          generate      --scale small|national [--seed N] [--targets FIL]: fyll en tom database med syntetiske testdata
                        (small: 1 000 planer, national: 100 000; fødselsnumre fra testserien med måned + 80)
          retention     slett avsluttede planer eldre enn Retention:ClosedPlanYears (standard 10 år), med revisjonslogg
        """;

    public static async Task<int> RunAsync(WebApplication app, string verb)
    {
        try
        {
            switch (verb)
            {
                case "migrate":
                    await MigrateAsync(app);
                    Console.WriteLine("Databasen er oppdatert.");
                    return 0;
                case "seed-demo":
                    await MigrateAsync(app);
                    await SeedDemoAsync(app);
                    Console.WriteLine(DemoData.SignInHelp);
                    return 0;
                case "create-user":
                    await MigrateAsync(app);
                    return await CreateUserAsync(app);
                case "verify-audit":
                    return await VerifyAuditAsync(app.Services, Console.Out, Console.Error);
                case "backup":
                    return await BackupAsync(app);
                case "restore":
                    return await RestoreAsync(app);
                case "generate":
                    await MigrateAsync(app);
                    return await GenerateAsync(app);
                case "retention":
                    await MigrateAsync(app);
                    return await RetentionAsync(app.Services, Console.Out);
                default:
                    await Console.Error.WriteLineAsync($"Ukjent kommando «{verb}».\n{Usage}");
                    return 2;
            }
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    public static async Task MigrateAsync(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>());
    }

    public static async Task SeedDemoAsync(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SamplanDb>();
        if (await db.Organisations.AnyAsync())
        {
            Console.WriteLine("Databasen har allerede data; demodata legges ikke inn på nytt.");
            return;
        }
        await DemoData.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>());
    }

    /// <summary>
    /// Walks the audit log's hash chain. Exit code 0 when it is intact, 1 when it is broken (the message
    /// names the first broken entry by sequence number and id). Changes nothing, not even the schema.
    /// </summary>
    public static async Task<int> VerifyAuditAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), ct: ct);
        if (result.Intact)
        {
            await output.WriteLineAsync(result.Message);
            return 0;
        }
        await error.WriteLineAsync(result.Message);
        return 1;
    }

    /// <summary>The file argument of backup and restore: the second argument, or <c>--file</c>.</summary>
    static string FileArgument(WebApplication app)
    {
        var args = Environment.GetCommandLineArgs();
        var index = Array.FindIndex(args, a => a is "backup" or "restore");
        var file = index >= 0 && index + 1 < args.Length && !args[index + 1].StartsWith('-') ? args[index + 1] : app.Configuration["file"];
        return file ?? throw new ArgumentException("Mangler filnavn: backup FIL / restore FIL.\n" + Usage);
    }

    static async Task<int> BackupAsync(WebApplication app)
    {
        var file = FileArgument(app);
        await using var scope = app.Services.CreateAsyncScope();
        await Backup.BackupAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), file, app.Configuration["Backup:PgBin"]);
        Console.WriteLine($"Sikkerhetskopien er skrevet til {Path.GetFullPath(file)}.");
        return 0;
    }

    static async Task<int> RestoreAsync(WebApplication app)
    {
        var file = FileArgument(app);
        await using (var scope = app.Services.CreateAsyncScope())
            await Backup.RestoreAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), file, app.Configuration["Backup:PgBin"]);
        Console.WriteLine($"Databasen er gjenopprettet fra {Path.GetFullPath(file)}.");
        // A restored database must hold an unbroken audit log; exit code 1 if it does not.
        return await VerifyAuditAsync(app.Services, Console.Out, Console.Error);
    }

    /// <summary>Deletes the closed plans whose retention period has run out; prints one line per plan (its id only).</summary>
    public static async Task<int> RetentionAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(RetentionOptions.Section).Get<RetentionOptions>()
            ?? new RetentionOptions();
        var deleted = await Retention.RunAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), options, ct);
        foreach (var d in deleted)
            await output.WriteLineAsync($"Slettet plan {d.PlanId} (avsluttet {d.ClosedAt:yyyy-MM-dd}, {d.Rule}).");
        await output.WriteLineAsync($"{deleted.Count} avsluttede planer er slettet etter oppbevaringstiden ({options.ClosedPlanYears} år).");
        return 0;
    }

    /// <summary>Issue 8: synthetic data at a scale (Generate/DataGenerator.cs); prints the time it took.</summary>
    static async Task<int> GenerateAsync(WebApplication app)
    {
        var scale = Generate.GenerateScale.Named(app.Configuration["scale"] ?? "small");
        var seed = int.TryParse(app.Configuration["seed"], out var s) ? s : 1;
        await using var scope = app.Services.CreateAsyncScope();
        var targets = await Generate.DataGenerator.RunAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), scale, seed, Console.Out);
        if (app.Configuration["targets"] is { } file) await Generate.DataGenerator.WriteTargetsAsync(targets, file);
        Console.WriteLine($"Generert «{scale.Name}»: {targets.Plans} planer, {targets.AuditEntries} revisjonsloggoppføringer på {targets.Seconds} s. "
            + $"Prøv {targets.Coordinator}, {targets.CoordinatingUnitStaff} eller {targets.Citizen} (passord {DemoData.Password}).");
        return 0;
    }

    static async Task<int> CreateUserAsync(WebApplication app)
    {
        var config = app.Configuration;
        var userName = config["username"] ?? throw new ArgumentException("Mangler --username.\n" + Usage);
        var password = config["password"] ?? throw new ArgumentException("Mangler --password.\n" + Usage);
        var name = config["name"] ?? userName;
        var roles = Enum.TryParse<SystemRole>(config["roles"] ?? "Staff", ignoreCase: true, out var r)
            ? r : throw new ArgumentException($"Ukjent rolle i «{config["roles"]}».");
        Guid? staffId = config["staff-id"] is { } s ? Guid.Parse(s) : null;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SamplanDb>();
        if (await db.UserAccounts.AnyAsync(u => u.UserName == userName.ToLowerInvariant()))
            throw new ArgumentException($"Brukernavnet «{userName}» finnes allerede.");
        Guid? orgId = null;
        if (staffId is { } sid)
            orgId = (await db.StaffMembers.FindAsync(sid))?.OrganisationId
                ?? throw new ArgumentException($"Fant ingen ansatt med id {sid}.");
        var account = new UserAccount(Guid.NewGuid(), userName, name, roles, staffId, orgId);
        Accounts.SetPassword(account, password);
        db.UserAccounts.Add(account);
        await db.SaveChangesAsync();
        Console.WriteLine($"Bruker «{account.UserName}» er opprettet.");
        return 0;
    }
}
