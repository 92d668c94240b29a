using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Generate;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Performance;

/// <summary>SQLite through the CLI verb, as bench/run.sh runs it.</summary>
public sealed class GenerateTestsOnSqlite : GenerateTests, IDisposable
{
    readonly string _file = Path.Combine(Path.GetTempPath(), $"samplan-generate-{Guid.NewGuid():N}.db");
    string ConnectionString => $"Data Source={_file}";

    protected override async Task<SamplanFactory> GenerateAsync(string targetsFile)
    {
        var run = await CliRun.OfAsync(ConnectionString, "generate", "--scale", "tiny", "--seed", "7", "--targets", targetsFile);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("Generert «tiny»: 12 planer", run.Output, StringComparison.Ordinal);
        return new SamplanFactory("Sqlite", ConnectionString);
    }

    protected override async Task AssertRefusedAgainAsync(SamplanFactory app)
    {
        var again = await CliRun.OfAsync(ConnectionString, "generate", "--scale", "tiny");
        Assert.Equal(2, again.ExitCode);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm", _file + ".json" })
            File.Delete(file);
    }
}

/// <summary>PostgreSQL in the test process (the CLI helper speaks SQLite): the same generator, its COPY path.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GenerateTestsOnPostgreSql(PostgresCluster cluster) : GenerateTests
{
    protected override async Task<SamplanFactory> GenerateAsync(string targetsFile)
    {
        var app = new SamplanFactory("PostgreSQL", await cluster.CreateDatabaseAsync());
        _ = app.Services; // start the app: it migrates
        await using var db = app.NewDb();
        var targets = await DataGenerator.RunAsync(db, TimeProvider.System, GenerateScale.Named("tiny"), 7);
        await DataGenerator.WriteTargetsAsync(targets, targetsFile);
        return app;
    }

    protected override async Task AssertRefusedAgainAsync(SamplanFactory app)
    {
        await using var db = app.NewDb();
        await Assert.ThrowsAsync<ArgumentException>(() => DataGenerator.RunAsync(db, TimeProvider.System, GenerateScale.Named("tiny"), 7));
    }
}

/// <summary>
/// Issue 8: <c>generate</c> fills an empty database with synthetic, consistent data through the domain (so the rules hold),
/// with an audit log whose hash chain verifies, and the app serves it. The <c>tiny</c> scale keeps this under a few seconds;
/// <c>small</c> and <c>national</c> are the same code with larger numbers. The rows are written by the generator's bulk
/// writer (prepared INSERTs on SQLite, binary COPY on PostgreSQL), so each provider has its own run.
/// </summary>
public abstract class GenerateTests
{
    /// <summary>Rows per table for <c>tiny</c> with seed 7, as SaveChanges wrote them before the bulk writer; every other table is empty.</summary>
    static readonly Dictionary<string, long> TinyRows = new()
    {
        ["AuditLog"] = 120, ["Collaboration"] = 12, ["ConsentRecipient"] = 120, ["EvaluationGoals"] = 360, ["Evaluations"] = 36,
        ["FiguresStamps"] = 6, // one per organisation: the dashboard's stamp (Coordination/Dashboard/FiguresStamp.cs)
        ["Goal"] = 120, ["IntakeCases"] = 2, ["IntakeSteps"] = 2, ["Measure"] = 240, ["MeetingInvitees"] = 300, ["Meetings"] = 60,
        ["Need"] = 48, ["OrganisationUnits"] = 6, ["Organisations"] = 6, ["Participants"] = 132, ["Persons"] = 12, ["PlanConsent"] = 24,
        ["PlanLogEntries"] = 120, ["PlanResources"] = 12, ["PlanRevisions"] = 60, ["Plans"] = 12, ["RelatedPersons"] = 12,
        ["StaffMembers"] = 58, ["UserAccounts"] = 70,
    };

    /// <summary>Generates <c>tiny</c> with seed 7 into an empty database and returns the app on it.</summary>
    protected abstract Task<SamplanFactory> GenerateAsync(string targetsFile);

    protected abstract Task AssertRefusedAgainAsync(SamplanFactory app);

    [Fact]
    public async Task Generate_fills_an_empty_database_with_valid_synthetic_data_whose_audit_chain_verifies_and_the_plan_page_renders()
    {
        var targetsFile = Path.Combine(Path.GetTempPath(), $"samplan-generate-{Guid.NewGuid():N}.json");
        try
        {
            await using var app = await GenerateAsync(targetsFile);
            var targets = JsonSerializer.Deserialize<GenerateTargets>(await File.ReadAllTextAsync(targetsFile))!;
            await AssertContentAsync(app, targets);
            await AssertRefusedAgainAsync(app);
        }
        finally
        {
            File.Delete(targetsFile);
        }
    }

    static async Task AssertContentAsync(SamplanFactory app, GenerateTargets targets)
    {
        var scale = GenerateScale.Named("tiny");
        await using (var db = app.NewDb())
        {
            // (The app's own sign-in keys are not the generator's: the app may have made one on start-up.)
            foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct()
                .Where(t => t != "DataProtectionKeys"))
            {
                // The table names come from the model, not from input.
                var count = $"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"";
                var rows = await db.Database.SqlQueryRaw<long>(count).SingleAsync();
                Assert.True(TinyRows.GetValueOrDefault(table) == rows, $"{table}: {rows} rows, expected {TinyRows.GetValueOrDefault(table)}");
            }
            Assert.Equal(scale.Municipalities, await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.Municipality));
            Assert.Equal(scale.HospitalTrusts, await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.HospitalTrust));
            Assert.Equal(scale.Municipalities + scale.HospitalTrusts, await db.OrganisationUnits.CountAsync(u => u.IsCoordinatingUnit));
            Assert.Equal(scale.Plans, await db.Plans.CountAsync());
            // The bulk load leaves the planner its statistics (a caseload walked every plan without them, issue 8).
            var statistics = db.Database.IsSqlite()
                ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_stat1 WHERE tbl = 'Plans'"
                : "SELECT COUNT(*) AS \"Value\" FROM pg_stats WHERE tablename = 'Plans'";
            Assert.True(await db.Database.SqlQueryRaw<long>(statistics).SingleAsync() > 0, "no planner statistics for Plans");
            Assert.Equal(scale.Plans * scale.GoalsPerPlan, await db.Set<Domain.Plans.Goal>().CountAsync());
            Assert.Equal(scale.Plans * scale.MeasuresPerPlan, await db.Set<Domain.Plans.Measure>().CountAsync());
            // The person, the coordinator, the providers and a relative.
            Assert.Equal(scale.Plans * (scale.ProvidersPerPlan + 3), await db.Participants.CountAsync());
            Assert.Equal(scale.Plans * scale.LogEntriesPerPlan, await db.PlanLogEntries.CountAsync());
            Assert.Equal(scale.Plans * scale.MeetingsPerPlan, await db.Meetings.CountAsync());
            Assert.Equal(scale.Plans * scale.EvaluationsPerPlan, await db.Evaluations.CountAsync());
            Assert.Equal(scale.Plans * scale.RevisionsPerPlan, await db.PlanRevisions.CountAsync());
            Assert.True(await db.Plans.AllAsync(p => p.Version == scale.RevisionsPerPlan));
            Assert.True(await db.Set<Domain.Plans.PlanConsent>().CountAsync() >= scale.Plans * 2);

            // Valid (both check digits, a real date) and from the synthetic test range (month + 80): never a real person's.
            foreach (var number in await db.Persons.Select(p => p.NationalIdentityNumber).ToListAsync())
            {
                Assert.True(NationalIdentityNumber.TryParse(number, out var parsed, out var error), $"{number}: {error}");
                Assert.True(parsed!.IsSynthetic, number);
            }

            var chain = await AuditChain.VerifyAsync(db);
            Assert.True(chain.Intact, chain.Message);
            Assert.Equal(scale.Plans * (scale.RevisionsPerPlan + scale.ReadsPerPlan), chain.Count);
            Assert.Equal(chain.Count, targets.AuditEntries);
        }

        // The app reads what the writer wrote (the whole plan aggregate), and its own audit entries continue the chain.
        var coordinator = await Browser.SignedInAsync(app, targets.Coordinator);
        var page = await coordinator.GetAsync($"/plans/{targets.PlanId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Mål 1:", page.Html, StringComparison.Ordinal);
        Assert.Contains("Tiltak 20", page.Html, StringComparison.Ordinal);
        await using (var db = app.NewDb())
        {
            var chain = await AuditChain.VerifyAsync(db);
            Assert.True(chain.Intact, chain.Message);
            Assert.True(chain.Count > targets.AuditEntries, "the plan page's read is audited after the generated entries");
        }
    }
}
