using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Coordination;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Coordination;

public sealed class CoordinatorOnlyOnSqlite : CoordinatorOnlyTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class CoordinatorOnlyOnPostgreSql(PostgresCluster cluster) : CoordinatorOnlyTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// C1 through the real pages: a notification ends in a coordinator only, the coordinating unit appoints the
/// coordinator with the person's wish (C2), consent (R3) and caseload (K3), the case gets its days to
/// coordinator (K4), and the coordinator keeps the follow-up log. C3 refusals, access, and a case for someone
/// who already has a plan (R2).
/// </summary>
public abstract partial class CoordinatorOnlyTests : AppTests
{
    const string Wish = "Knut ønsker Ola, som han kjenner fra hjemmetjenesten";

    async Task<Guid> IdAsync(Func<Samplan.Data.SamplanDb, Task<Guid>> query)
    {
        await using var db = App.NewDb();
        return await query(db);
    }

    Task<Guid> PersonIdAsync(string name) => IdAsync(db => db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync());

    Task<Guid> StaffIdAsync(string name) => IdAsync(db => db.StaffMembers.Where(s => s.Name == name).Select(s => s.Id).SingleAsync());

    static string AppointUrl(Guid person) => $"/ke/persons/{person}/appoint-coordinator";

    static void AssertRedirect(Page page, string to)
    {
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect, got {page.Status}");
        Assert.Equal(to, page.Location!.PathAndQuery);
    }

    static string CaseloadOf(string html, string name)
    {
        var row = Regex.Match(html, $@"<tr>\s*<td>{Regex.Escape(name)}.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"No row for {name}");
        return Regex.Match(row.Value, @"data-caseload=""(\d+)""").Groups[1].Value;
    }

    [Fact]
    public async Task A_notification_ends_in_a_coordinator_only_who_is_appointed_with_the_wish_and_keeps_the_log_C1_C2_K4()
    {
        var knut = await PersonIdAsync("Knut Holm");
        var bjorkvik = await IdAsync(db => db.Organisations.Where(o => o.Name == "Bjørkvik kommune").Select(o => o.Id).SingleAsync());
        var olaStaff = await StaffIdAsync("Ola Hansen");

        var ola = await Browser.SignedInAsync(App, "ola");
        AssertRedirect(await ola.SubmitAsync($"/persons/{knut}/notify", new()
        {
            ["ReceivingOrganisationId"] = bjorkvik.ToString(),
            ["Kind"] = "NeedNotification",
            ["Need"] = "Trenger hjelp til å samordne hjemmetjenester og fysioterapi; ønsker ikke ny plan",
            ["Urgency"] = "Normal",
            ["PersonAsked"] = "true",
            ["PersonWantsAssessment"] = "true",
        }), $"/persons/{knut}");
        var caseId = await IdAsync(db => db.IntakeCases.Where(c => c.PersonId == knut).Select(c => c.Id).SingleAsync());

        App.Clock.Advance(TimeSpan.FromDays(5));
        var kari = await Browser.SignedInAsync(App, "kari");
        AssertRedirect(await kari.SubmitAsync($"/ke/cases/{caseId}", [], $"/ke/cases/{caseId}?handler=Assess"), $"/ke/cases/{caseId}");
        AssertRedirect(await kari.SubmitAsync($"/ke/cases/{caseId}", [], $"/ke/cases/{caseId}?handler=CoordinatorOnly"), AppointUrl(knut));
        Assert.Contains(AppointUrl(knut), (await kari.GetAsync($"/ke/cases/{caseId}")).Html, StringComparison.Ordinal);
        Assert.Contains(AppointUrl(knut), (await kari.GetAsync($"/persons/{knut}")).Html, StringComparison.Ordinal);

        // C2 first, then who consented (R3), then the candidates with caseload and training (K3).
        var form = await kari.GetAsync(AppointUrl(knut));
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var wishAt = form.Html.IndexOf("Hva ønsker personen og de pårørende?", StringComparison.Ordinal);
        Assert.True(wishAt > 0 && wishAt < form.Html.IndexOf("Hvem ga samtykket?", StringComparison.Ordinal)
            && wishAt < form.Html.IndexOf("data-caseload", StringComparison.Ordinal));
        Assert.Equal("4", CaseloadOf(form.Html, "Kari Nordmann"));
        Assert.Equal("1", CaseloadOf(form.Html, "Ola Hansen"));
        Assert.DoesNotContain("Per Lie", form.Html, StringComparison.Ordinal);

        var saved = await kari.SubmitAsync(AppointUrl(knut), new()
        {
            ["Wish"] = Wish,
            ["WishedStaffMemberId"] = olaStaff.ToString(),
            ["GivenBy"] = "person",
            ["StaffMemberId"] = olaStaff.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var appointmentId = Guid.Parse(Regex.Match(saved.Location!.PathAndQuery, "^/coordination/appointments/([0-9a-f-]{36})$").Groups[1].Value);

        await using (var db = App.NewDb())
        {
            var a = await db.CoordinatorAppointments.AsNoTracking().SingleAsync(x => x.Id == appointmentId);
            Assert.Equal((knut, olaStaff, "Knut Holm", Wish, "Ola Hansen", true), (a.PersonId, a.CoordinatorStaffId, a.ConsentGivenBy, a.Wish, a.WishedName, a.PlanDeclined));
            var c = await db.IntakeCases.AsNoTracking().SingleAsync(x => x.Id == caseId);
            Assert.Equal(IntakeOutcome.CoordinatorOnly, c.Outcome);
            Assert.Equal(5, c.DaysToCoordinator);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "appointment.created" && e.UserName == "kari" && e.Allowed && e.PersonId == knut));
        }

        // The unit reads the log; the coordinator writes it.
        var log = await kari.GetAsync(saved.Location.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, log.Status);
        Assert.Contains(Wish, log.Html, StringComparison.Ordinal);
        ola = await Browser.SignedInAsync(App, "ola");
        AssertRedirect(await ola.SubmitAsync(saved.Location.PathAndQuery, new()
        {
            ["On"] = "2026-11-28",
            ["Text"] = "Første samtale med Knut om hjemmetjenestene",
        }), saved.Location.PathAndQuery);
        await using (var db = App.NewDb())
            Assert.Equal(1, await db.CoordinatorFollowUps.CountAsync(e => e.AppointmentId == appointmentId));

        // C1: one running appointment; the links are gone and a second appointment is refused.
        Assert.Contains("Koordinator oppnevnt 5 dager etter meldingen", (await kari.GetAsync($"/ke/cases/{caseId}")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain(AppointUrl(knut), (await kari.GetAsync($"/persons/{knut}")).Html, StringComparison.Ordinal);
        var again = await kari.SubmitAsync(AppointUrl(knut), new()
        {
            ["Wish"] = Wish,
            ["GivenBy"] = "person",
            ["StaffMemberId"] = (await StaffIdAsync("Kari Nordmann")).ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("har allerede en koordinator uten individuell plan", again.Html, StringComparison.Ordinal);
        await using (var db = App.NewDb())
            Assert.Equal(1, await db.CoordinatorAppointments.CountAsync(x => x.PersonId == knut));

        // Ending it: the log stays, read-only, and a new appointment may be made.
        AssertRedirect(await kari.SubmitAsync(saved.Location.PathAndQuery, [], $"{saved.Location.PathAndQuery}?handler=End"), saved.Location.PathAndQuery);
        Assert.Contains(AppointUrl(knut), (await kari.GetAsync($"/persons/{knut}")).Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tone")]
    [InlineData("ola")]
    public async Task Only_coordinating_unit_staff_appoint_a_coordinator_without_a_plan_C1(string user)
    {
        var knut = await PersonIdAsync("Knut Holm");
        var browser = await Browser.SignedInAsync(App, user);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(AppointUrl(knut))).Status);
        Assert.DoesNotContain(AppointUrl(knut), (await browser.GetAsync($"/persons/{knut}")).Html, StringComparison.Ordinal);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "intake.denied" && e.UserName == user && !e.Allowed));
    }

    [Fact]
    public async Task A_hospital_unit_cannot_appoint_someone_who_is_not_health_personnel_C3()
    {
        var knut = await PersonIdAsync("Knut Holm");
        var per = await Browser.SignedInAsync(App, "per");

        var refused = await per.SubmitAsync(AppointUrl(knut), new()
        {
            ["Wish"] = "Knut har ingen bestemte ønsker",
            ["GivenBy"] = "person",
            ["StaffMemberId"] = (await StaffIdAsync("Sofie Dahl")).ToString(),
        });

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Sofie Dahl er ikke helsepersonell", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Knut har ingen bestemte ønsker", refused.Html, StringComparison.Ordinal);
        await using var db = App.NewDb();
        Assert.False(await db.CoordinatorAppointments.AnyAsync(a => a.PersonId == knut));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "appointment.created" && e.UserName == "per" && !e.Allowed));
    }

    [Fact]
    public async Task A_case_for_someone_with_an_open_plan_does_not_offer_a_new_plan_and_goes_to_the_plans_coordinator_R2()
    {
        var arne = await PersonIdAsync("Arne Johansen");
        var caseId = await IdAsync(db => db.IntakeCases.Where(c => c.PersonId == arne).Select(c => c.Id).SingleAsync());
        var kari = await Browser.SignedInAsync(App, "kari");
        var url = $"/ke/cases/{caseId}";
        AssertRedirect(await kari.SubmitAsync(url, [], $"{url}?handler=Assess"), url);

        var page = await kari.GetAsync(url);
        Assert.Contains("Personen har allerede en individuell plan", page.Html, StringComparison.Ordinal);
        var notice = Regex.Match(page.Html, @"id=""open-plan-notice"".*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("Bjørkvik kommune", notice, StringComparison.Ordinal);
        Assert.Contains("Kari Nordmann", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("Utfall: start individuell plan", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Utfall: bare koordinator", page.Html, StringComparison.Ordinal);

        // A forged post is refused with the rule; the referral closes the case.
        var forged = await kari.SubmitAsync(url, [], $"{url}?handler=StartPlan");
        Assert.Equal(HttpStatusCode.OK, forged.Status);
        Assert.Contains("(R2)", forged.Html, StringComparison.Ordinal);
        AssertRedirect(await kari.SubmitAsync(url, [], $"{url}?handler=ReferToPlan"), url);
        await using var db = App.NewDb();
        var c = await db.IntakeCases.AsNoTracking().SingleAsync(x => x.Id == caseId);
        Assert.Equal(IntakeOutcome.ReferredToPlan, c.Outcome);
        Assert.Contains(c.Steps, s => s.Text.Contains("koordinator Kari Nordmann", StringComparison.Ordinal));
    }
}
