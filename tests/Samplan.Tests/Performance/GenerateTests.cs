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

/// <summary>
/// Issue 8: <c>generate</c> fills an empty database with synthetic, consistent data through the domain (so the rules hold),
/// with an audit log whose hash chain verifies, and the app serves it. The <c>tiny</c> scale keeps this under a few seconds;
/// <c>small</c> and <c>national</c> are the same code with larger numbers. SQLite only: the generator's writes are EF Core's.
/// </summary>
public sealed class GenerateTests : IDisposable
{
    readonly string _file = Path.Combine(Path.GetTempPath(), $"samplan-generate-{Guid.NewGuid():N}.db");
    string ConnectionString => $"Data Source={_file}";

    [Fact]
    public async Task Generate_fills_an_empty_database_with_valid_synthetic_data_whose_audit_chain_verifies_and_the_plan_page_renders()
    {
        var targetsFile = _file + ".json";
        var run = await CliRun.OfAsync(ConnectionString, "generate", "--scale", "tiny", "--seed", "7", "--targets", targetsFile);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("Generert «tiny»: 12 planer", run.Output, StringComparison.Ordinal);
        var targets = JsonSerializer.Deserialize<GenerateTargets>(await File.ReadAllTextAsync(targetsFile))!;
        var scale = GenerateScale.Named("tiny");

        await using var app = new SamplanFactory("Sqlite", ConnectionString);
        await using (var db = app.NewDb())
        {
            Assert.Equal(scale.Municipalities, await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.Municipality));
            Assert.Equal(scale.HospitalTrusts, await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.HospitalTrust));
            Assert.Equal(scale.Municipalities + scale.HospitalTrusts, await db.OrganisationUnits.CountAsync(u => u.IsCoordinatingUnit));
            Assert.Equal(scale.Plans, await db.Plans.CountAsync());
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

        var coordinator = await Browser.SignedInAsync(app, targets.Coordinator);
        var page = await coordinator.GetAsync($"/plans/{targets.PlanId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Mål 1:", page.Html, StringComparison.Ordinal);
        Assert.Contains("Tiltak 20", page.Html, StringComparison.Ordinal);

        // Only into an empty database.
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
