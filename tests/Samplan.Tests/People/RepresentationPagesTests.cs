using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.People;

public sealed class RepresentationPagesOnSqlite : RepresentationPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class RepresentationPagesOnPostgreSql(PostgresCluster cluster) : RepresentationPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>Who may consent (S1–S3), competence assessments (S4) and the child's views (S2) over HTTP on the demo data.</summary>
public abstract class RepresentationPagesTests : AppTests
{
    string Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    async Task<Guid> PersonIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    async Task<Guid> RelationIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.Persons.SelectMany(p => p.Relations).Where(r => r.Name == name).Select(r => r.Id).SingleAsync();
    }

    async Task<(int Version, int Consents)> PlanStateAsync(Guid planId)
    {
        await using var db = App.NewDb();
        var plan = await db.Plans.Include(p => p.Consents).SingleAsync(p => p.Id == planId);
        return (plan.Version, plan.Consents.Count);
    }

    async Task<Page> PostConsentAsync(Browser browser, Guid planId, string givenBy)
    {
        var (version, _) = await PlanStateAsync(planId);
        return await browser.SubmitAsync($"/plans/{planId}/consent", new()
        {
            ["Version"] = version.ToString(CultureInfo.InvariantCulture),
            ["GivenBy"] = givenBy,
            ["Form"] = "Written",
            ["GivenOn"] = Today,
            ["CoversPlanWork"] = "true",
            ["CoversInformationExchange"] = "true",
        }, $"/plans/{planId}/consent?handler=Record");
    }

    [Fact]
    public async Task A_forged_consent_from_a_relative_of_an_adult_is_refused_with_who_may_and_nothing_is_stored_S1()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var randi = await RelationIdAsync("Randi Johansen");
        var before = await PlanStateAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await PostConsentAsync(kari, planId, randi.ToString());

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Randi Johansen kan ikke samtykke på vegne av Arne Johansen", page.Html, StringComparison.Ordinal);
        Assert.Contains("Fra fylte 16 år samtykker personen selv (S1)", page.Html, StringComparison.Ordinal);
        Assert.Equal(before, await PlanStateAsync(planId));
    }

    [Fact]
    public async Task A_forged_consent_from_a_parent_of_a_17_year_old_with_competence_is_refused_S1()
    {
        var planId = await App.PlanIdOfAsync("Jonas Berg");
        var geir = await RelationIdAsync("Geir Berg");
        var before = await PlanStateAsync(planId);
        var ola = await Browser.SignedInAsync(App, "ola");

        var page = await PostConsentAsync(ola, planId, geir.ToString());

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Geir Berg kan ikke samtykke på vegne av Jonas Berg", page.Html, StringComparison.Ordinal);
        Assert.Equal(before, await PlanStateAsync(planId));
    }

    [Fact]
    public async Task The_consent_page_explains_who_may_consent_and_offers_only_them_S1()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var randi = await RelationIdAsync("Randi Johansen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync($"/plans/{planId}/consent");

        Assert.Contains("Hvem kan samtykke", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"person\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{randi}\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guardian_consents_for_an_adult_assessed_as_lacking_competence_S3()
    {
        var planId = await App.PlanIdOfAsync("Astrid Solberg");
        var bente = await RelationIdAsync("Bente Solberg");
        var (_, consents) = await PlanStateAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var refused = await PostConsentAsync(kari, planId, "person");
        Assert.Contains("Astrid Solberg kan ikke samtykke selv", refused.Html, StringComparison.Ordinal);
        Assert.Equal(consents, (await PlanStateAsync(planId)).Consents);

        var saved = await PostConsentAsync(kari, planId, bente.ToString());
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(consents + 1, (await PlanStateAsync(planId)).Consents);
    }

    [Fact]
    public async Task The_person_page_shows_who_may_consent_and_a_childs_views_from_7_S2()
    {
        var emma = await PersonIdAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync($"/persons/{emma}");

        Assert.Contains("Under 16 år samtykker de med foreldreansvar (S2): Lene Larsen, Tor Larsen.", page.Html, StringComparison.Ordinal);
        Assert.Contains("Barnets egne synspunkter", page.Html, StringComparison.Ordinal);
        Assert.Contains("Jeg vil sykle til skolen med Sofie", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assessment_recorded_on_the_edit_page_decides_who_may_consent_S3_S4()
    {
        var fatima = await PersonIdAsync("Fatima Ali");
        var kari = await Browser.SignedInAsync(App, "kari");

        var saved = await kari.SubmitAsync($"/persons/{fatima}/edit", new()
        {
            ["Competence.Matter"] = "Individuell plan",
            ["Competence.LacksCompetence"] = "yes",
            ["Competence.AssessedOn"] = Today,
            ["Competence.Note"] = "Forstår ikke hva planen innebærer nå.",
        }, $"/persons/{fatima}/edit?handler=AssessCompetence");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        var page = await kari.GetAsync($"/persons/{fatima}");
        Assert.Contains("Kari Nordmann", page.Html, StringComparison.Ordinal);
        Assert.Contains("Mangler samtykkekompetanse", page.Html, StringComparison.Ordinal);
        Assert.Contains("Da kan ingen samtykke på vegne av Fatima Ali (S3)", page.Html, StringComparison.Ordinal);

        var start = await kari.GetAsync($"/plans/start/{fatima}");
        Assert.DoesNotContain("name=\"GivenBy\"", start.Html, StringComparison.Ordinal);
    }
}
