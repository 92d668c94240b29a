using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Performance;

public sealed class PlanCacheOnSqlite : PlanCacheTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PlanCacheOnPostgreSql(PostgresCluster cluster) : PlanCacheTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Issue 8: the plan page and FHIR CarePlan serve a kept plan while its change stamp is unchanged (Plans/PlanCache.cs). A
/// change saved anywhere — here through a context of its own, as another app node or a background job would — renews the
/// stamp in the same transaction, so the very next request sees it: a withdrawn consent hides the plan at once (R3, R8, S5).
/// </summary>
public abstract class PlanCacheTests : AppTests
{
    [Fact]
    public async Task A_change_saved_elsewhere_is_seen_on_the_next_request_and_a_withdrawn_consent_hides_the_kept_plan_at_once_R3_R8_S5()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var erik = await Browser.SignedInAsync(App, "erik");
        var kari = await Browser.SignedInAsync(App, "kari");
        // Read twice: the second is served from the kept plan.
        Assert.Contains(EmmaGoal, (await kari.GetAsync($"/plans/{planId}")).Html, StringComparison.Ordinal);
        Assert.Contains(EmmaGoal, (await erik.GetAsync($"/plans/{planId}")).Html, StringComparison.Ordinal);

        // Another node changes a part of the plan (a goal) and then the consent naming Erik.
        await using (var db = App.NewDb())
        {
            var plan = await db.Plans.Include(p => p.Goals).SingleAsync(p => p.Id == planId);
            var goal = plan.Goals.Single(g => g.Text == EmmaGoal);
            plan.UpdateGoal(goal.Id, "Emma sykler alene til skolen", goal.Status, goal.TargetDate, goal.InPersonsOwnWords);
            await db.SaveChangesAsync();
        }
        var changed = await kari.GetAsync($"/plans/{planId}");
        Assert.Contains("Emma sykler alene til skolen", changed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(EmmaGoal, changed.Html, StringComparison.Ordinal);

        var consent = ConsentNaming(await PlanAsync(App, planId), "Erik Strand");
        await using (var db = App.NewDb())
        {
            var plan = await db.Plans.Include(p => p.Participants).Include(p => p.Consents).ThenInclude(c => c.Recipients)
                .SingleAsync(p => p.Id == planId);
            plan.WithdrawConsent(consent.Id, DateOnly.FromDateTime(DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        var hidden = await erik.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.DoesNotContain(EmmaName, hidden.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync($"/plans/{planId}")).Status);
    }

    [Fact]
    public async Task The_kept_plan_content_is_rendered_for_each_readers_view_and_never_shows_one_reader_what_another_sees_R8_K4()
    {
        // Issue 8: the plan page's content is kept with the kept plan per reader's view (PlanViewModel.ContentAsync). Readers
        // who see different parts of the same plan, in turn and again, each get their own: the coordinator with edit links,
        // the teacher without the health information (R8), coordinating-unit staff metadata only (K4), English in English.
        await CreateAccountAsync(App, "ke-bjorkvik", SystemRole.Staff | SystemRole.CoordinatingUnitStaff, "Bjørkvik kommune");
        var planId = await App.PlanIdOfAsync(EmmaName);
        var kari = await Browser.SignedInAsync(App, "kari");
        var erik = await Browser.SignedInAsync(App, "erik");
        var ola = await Browser.SignedInAsync(App, "ola");
        var ke = await Browser.SignedInAsync(App, "ke-bjorkvik");
        var url = $"/plans/{planId}";
        for (var round = 0; round < 2; round++)
        {
            var coordinator = (await kari.GetAsync(url)).Html;
            Assert.Contains(EmmaNeed, coordinator, StringComparison.Ordinal);
            Assert.Contains($"/plans/{planId}/goals", coordinator, StringComparison.Ordinal);

            var teacher = (await erik.GetAsync(url)).Html;
            Assert.Contains(EmmaGoal, teacher, StringComparison.Ordinal);
            Assert.DoesNotContain(EmmaNeed, teacher, StringComparison.Ordinal);
            Assert.DoesNotContain(MappingHeading, teacher, StringComparison.Ordinal);
            Assert.DoesNotContain($"/plans/{planId}/goals", teacher, StringComparison.Ordinal);

            Assert.Contains(EmmaNeed, (await ola.GetAsync(url)).Html, StringComparison.Ordinal);

            var unit = (await ke.GetAsync(url)).Html;
            Assert.Contains("Som koordinerende enhet ser du at planen finnes", unit, StringComparison.Ordinal);
            foreach (var secret in new[] { EmmaWhatMatters, EmmaGoal, EmmaNeed, EmmaMeasure, EmmaIop })
                Assert.DoesNotContain(secret, unit, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await erik.SubmitAsync(url, new() { ["culture"] = "en", ["returnUrl"] = url }, action: "/language")).Status);
        var english = (await erik.GetAsync(url)).Html;
        Assert.Contains("Goals", english, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2 id=\"goals\">Mål</h2>", english, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"goals\">Mål</h2>", (await ola.GetAsync(url)).Html, StringComparison.Ordinal);
        Assert.DoesNotContain(EmmaNeed, english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_read_of_a_kept_plan_is_still_decided_and_audited()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var kari = await Browser.SignedInAsync(App, "kari");
        var nobody = await Browser.SignedInAsync(App, "nina");
        await using var db = App.NewDb();
        var before = await db.AuditEntries.CountAsync(a => a.PlanId == planId && a.Action == "plan.read");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync($"/plans/{planId}")).Status);
        Assert.Equal(before + 3, await db.AuditEntries.CountAsync(a => a.PlanId == planId && a.Action == "plan.read" && a.Allowed));
        // Nina (NAV) is not in Emma's plan: the kept plan does not let her in, and her attempt is audited as refused.
        Assert.Equal(HttpStatusCode.NotFound, (await nobody.GetAsync($"/plans/{planId}")).Status);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.PlanId == planId && a.UserName == "nina" && !a.Allowed));
    }

    [Fact]
    public async Task A_part_saved_without_its_plan_is_refused_so_no_change_escapes_the_stamp()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        await using var db = App.NewDb();
        var participant = await db.Participants.FirstAsync(p => p.PlanId == planId);
        db.Entry(participant).Property(p => p.Contribution).CurrentValue = "Endret utenom planen";
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("without its plan", refused.Message, StringComparison.Ordinal);
        await using var check = App.NewDb();
        Assert.DoesNotContain(await check.Participants.Where(p => p.PlanId == planId).Select(p => p.Contribution).ToListAsync(),
            c => c == "Endret utenom planen");
    }
}
