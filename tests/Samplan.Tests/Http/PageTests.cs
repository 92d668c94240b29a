using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Http;

public sealed class PagesOnSqlite : PageTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PagesOnPostgreSql(PostgresCluster cluster) : PageTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>The real pages through HTTP: sign-in form, cookies, antiforgery, access to the plan page.</summary>
public abstract class PageTests : AppTests
{
    const string EmmasOwnWords = "Å være med vennene mine i friminuttet";

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var page = await Browser.Open(App).GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/account/sign-in", page.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2F", page.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kari_signs_in_and_sees_her_plans()
    {
        var browser = Browser.Open(App);

        var signIn = await browser.SignInAsync("kari", "samplan-demo");
        var myPlans = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.Equal("/", signIn.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, myPlans.Status);
        Assert.Contains("Emma Larsen", myPlans.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_shows_a_message_and_signs_no_one_in()
    {
        var browser = Browser.Open(App);

        var signIn = await browser.SignInAsync("kari", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        Assert.Contains("Feil brukernavn eller passord.", signIn.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).Status);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes()
    {
        var browser = Browser.Open(App);
        for (var attempt = 1; attempt <= 4; attempt++)
            Assert.Contains("Feil brukernavn eller passord.", (await browser.SignInAsync("nina", "wrong-password")).Html, StringComparison.Ordinal);

        var fifth = await browser.SignInAsync("nina", "wrong-password");
        var rightPasswordWhileLocked = await browser.SignInAsync("nina", "samplan-demo");
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        var afterLockout = await browser.SignInAsync("nina", "samplan-demo");

        Assert.Contains("For mange mislykkede forsøk", fifth.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rightPasswordWhileLocked.Status);
        Assert.Contains("For mange mislykkede forsøk", rightPasswordWhileLocked.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, afterLockout.Status);
    }

    [Fact]
    public async Task The_coordinator_sees_the_whole_plan_R4()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var browser = await Browser.SignedInAsync(App, "kari");

        var page = await browser.GetAsync($"/plans/{planId}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Emma Larsen", page.Html, StringComparison.Ordinal);
        Assert.Contains(EmmasOwnWords, page.Html, StringComparison.Ordinal);
        Assert.Contains("Balansetrening", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_participant_who_is_not_coordinator_can_read_the_plan_R8()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var browser = await Browser.SignedInAsync(App, "erik");

        var page = await browser.GetAsync($"/plans/{planId}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(EmmasOwnWords, page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_participant_gets_404_and_the_denied_read_is_audited_R8()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var browser = await Browser.SignedInAsync(App, "tone");

        var page = await browser.GetAsync($"/plans/{planId}");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain(EmmasOwnWords, page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Emma Larsen", page.Html, StringComparison.Ordinal);
        await using var db = App.NewDb();
        var entry = await db.AuditEntries.SingleAsync(e => e.PlanId == planId && e.UserName == "tone");
        Assert.False(entry.Allowed);
    }

    [Fact]
    public async Task An_administrator_gets_404_for_plan_content_R8()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var browser = await Browser.SignedInAsync(App, "admin");

        var page = await browser.GetAsync($"/plans/{planId}");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain(EmmasOwnWords, page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_english_switches_the_page_language()
    {
        var browser = Browser.Open(App);
        Assert.Contains("<html lang=\"nb\">", (await browser.GetAsync("/account/sign-in")).Html, StringComparison.Ordinal);

        var switched = await browser.SubmitAsync("/account/sign-in",
            new() { ["culture"] = "en", ["returnUrl"] = "/account/sign-in" }, action: "/language");
        var page = await browser.GetAsync("/account/sign-in");

        Assert.Equal(HttpStatusCode.Redirect, switched.Status);
        Assert.Equal("/account/sign-in", switched.Location!.AbsolutePath);
        Assert.Contains("<html lang=\"en\">", page.Html, StringComparison.Ordinal);
    }
}
