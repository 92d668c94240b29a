using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Plans;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Access;

public sealed class RelativeAccessOnSqlite : RelativeAccessTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class RelativeAccessOnPostgreSql(PostgresCluster cluster) : RelativeAccessTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// R12, R3, R8: a relative who takes part in a plan (Geir Berg, father of Jonas, 17, who consents himself — so Geir may
/// not act for him) signs in and reads what Jonas's consent shares with him; never the history nor the messages; he
/// changes nothing but writes in the log the consent lets him read; narrowing him out takes the plan away at once.
/// </summary>
public abstract class RelativeAccessTests : AppTests
{
    const string JonasName = "Jonas Berg";
    const string JonasGoal = "Fullføre videregående med tilrettelegging";
    const string JonasWhatMatters = "Å få en jobb jeg trives i";
    const string JonasNeed = "Struktur i hverdagen";

    [Fact]
    public async Task Relative_participant_finds_the_plan_and_reads_what_the_consent_shares_but_not_history_or_messages_R12_R3_R8()
    {
        var planId = await App.PlanIdOfAsync(JonasName);
        var geir = await Browser.SignedInAsync(App, "geir");

        var list = await geir.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains($"/plans/{planId}", list.Html, StringComparison.Ordinal);
        Assert.Contains(JonasName, list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/persons\"", list.Html, StringComparison.Ordinal);

        var page = await geir.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(JonasGoal, page.Html, StringComparison.Ordinal);
        Assert.Contains(JonasWhatMatters, page.Html, StringComparison.Ordinal);
        Assert.Contains(JonasNeed, page.Html, StringComparison.Ordinal); // Jonas's consent shares every kind today
        Assert.Contains(JonasNeed, (await geir.GetAsync($"/plans/{planId}/print")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await geir.GetAsync($"/plans/{planId}/log")).Status);
        // Never the history (the whole plan over time) nor the messages between Jonas and his coordinator.
        Assert.NotEqual(HttpStatusCode.OK, (await geir.GetAsync($"/plans/{planId}/history")).Status);
        Assert.NotEqual(HttpStatusCode.OK, (await geir.GetAsync($"/plans/{planId}/messages")).Status);

        // Jonas's coordinator (ola) narrows the consent: no health information any more.
        var plan = await PlanAsync(App, planId);
        var ola = await Browser.SignedInAsync(App, "ola");
        var narrowed = await PostPlanFormAsync(ola, $"/plans/{planId}/consent", "Narrow", new()
        {
            ["ConsentId"] = ConsentNaming(plan, "Geir Berg").Id.ToString(),
            ["NarrowKind"] = nameof(InformationKind.HealthInformation),
        });
        Assert.Equal(HttpStatusCode.Redirect, narrowed.Status);
        var after = await geir.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Contains(JonasGoal, after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(JonasNeed, after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(JonasNeed, (await geir.GetAsync($"/plans/{planId}/print")).Html, StringComparison.Ordinal);

        // Reads are audited with his role in the plan; the refusals too.
        await using var db = App.NewDb();
        var audit = await db.AuditEntries.Where(e => e.UserName == "geir" && e.PlanId == planId).ToListAsync();
        Assert.Contains(audit, e => e.Allowed && e.Role == nameof(ParticipantRole.Relative));
        Assert.Contains(audit, e => !e.Allowed && e.Part == "History");
    }

    [Fact]
    public async Task Relative_participant_changes_nothing_and_cannot_open_another_plan_R12_R8_C4()
    {
        var planId = await App.PlanIdOfAsync(JonasName);
        var arnePlan = await App.PlanIdOfAsync("Arne Johansen");
        var geir = await Browser.SignedInAsync(App, "geir");
        var other = await geir.GetAsync($"/plans/{arnePlan}");
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.DoesNotContain("Arne Johansen", other.Html, StringComparison.Ordinal);

        foreach (var part in new[] { "goals", "measures", "what-matters", "mapping" })
            Assert.Equal(HttpStatusCode.Forbidden, (await geir.GetAsync($"/plans/{planId}/{part}")).Status);
        // R12, R5: like other participants he writes in the log the consent lets him read.
        const string Entry = "Jonas har jobbet godt med leksene denne uka.";
        var written = await geir.SubmitAsync($"/plans/{planId}/log",
            new() { ["On"] = "2026-11-22", ["Text"] = Entry, ["Kind"] = nameof(InformationKind.PlanLog) }, $"/plans/{planId}/log");
        Assert.Equal(HttpStatusCode.Redirect, written.Status);
        Assert.Contains(Entry, (await geir.GetAsync($"/plans/{planId}/log")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Narrowing_the_relative_out_takes_the_plan_away_at_once_R12_S5_R8()
    {
        var planId = await App.PlanIdOfAsync(JonasName);
        var geir = await Browser.SignedInAsync(App, "geir");
        Assert.Equal(HttpStatusCode.OK, (await geir.GetAsync($"/plans/{planId}")).Status);

        var plan = await PlanAsync(App, planId);
        var ola = await Browser.SignedInAsync(App, "ola");
        var narrowed = await PostPlanFormAsync(ola, $"/plans/{planId}/consent", "Narrow", new()
        {
            ["ConsentId"] = ConsentNaming(plan, "Geir Berg").Id.ToString(),
            ["NarrowParticipantId"] = ParticipantNamed(plan, "Geir Berg").Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, narrowed.Status);

        var after = await geir.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.DoesNotContain(JonasName, after.Html, StringComparison.Ordinal);
        var start = await geir.GetAsync("/");
        Assert.Equal("/my/representing", start.Location?.AbsolutePath);
        // nina is named by the same consent and still reads the plan.
        var nina = await Browser.SignedInAsync(App, "nina");
        Assert.Equal(HttpStatusCode.OK, (await nina.GetAsync($"/plans/{planId}")).Status);
    }
}
