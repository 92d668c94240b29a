using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Coordination;

public sealed class CoordinatorsOnSqlite : CoordinatorTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class CoordinatorsOnPostgreSql(PostgresCluster cluster) : CoordinatorTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Appointing and changing coordinators through the real pages (C2, C3, C5), the coordinating unit's
/// registry, courses and supervision (K3), and the coordinator-only follow-up log (C1).
/// </summary>
public abstract partial class CoordinatorTests : AppTests
{
    static readonly DateOnly Today = new(2026, 11, 23);

    [GeneratedRegex(@"name=""Version"" value=""(\d+)""")]
    private static partial Regex VersionField();

    async Task<Guid> StaffIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.StaffMembers.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    async Task<Page> PostOnCoordinatorPageAsync(Browser browser, Guid planId, string handler, Dictionary<string, string> fields)
    {
        var url = $"/plans/{planId}/coordinator";
        var page = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        fields["Version"] = VersionField().Match(page.Html).Groups[1].Value;
        return await browser.SubmitAsync(url, fields, handler == "" ? url : $"{url}?handler={handler}");
    }

    static string CaseloadOf(string html, string name)
    {
        var row = Regex.Match(html, $@"<tr>\s*<td>(?:<a [^>]*>)?{Regex.Escape(name)}.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"No row for {name}");
        return Regex.Match(row.Value, @"data-caseload=""(\d+)""").Groups[1].Value;
    }

    [Fact]
    public async Task The_coordinator_page_lists_candidates_with_caseload_and_training_K3_C2()
    {
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync($"/plans/{emma}/coordinator?q=Bjørkvik");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        // Kari: Emma, Astrid and Arne (Knut's plan is closed) + Fatima without a plan.
        Assert.Equal("4", CaseloadOf(page.Html, "Kari Nordmann"));
        Assert.Equal("1", CaseloadOf(page.Html, "Ola Hansen"));
        Assert.Equal("0", CaseloadOf(page.Html, "Tone Lund"));
        Assert.Contains($"Ja, {Today.AddMonths(-3):dd.MM.yyyy}", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_persons_wish_is_recorded_and_shown_first_C2()
    {
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var saved = await PostOnCoordinatorPageAsync(kari, emma, "Wish", new() { ["Wish"] = "Emma og mor ønsker Ola, som hun kjenner fra skolen" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var page = await kari.GetAsync($"/plans/{emma}/coordinator");

        var wishAt = page.Html.IndexOf("Emma og mor ønsker Ola", StringComparison.Ordinal);
        Assert.True(wishAt > 0);
        Assert.True(wishAt < page.Html.IndexOf("Nåværende koordinator", StringComparison.Ordinal));
        Assert.True(wishAt < page.Html.IndexOf("staff-query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_of_coordinator_lets_both_act_during_the_overlap_and_only_the_new_one_after_C5()
    {
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var ola = await Browser.SignedInAsync(App, "ola");
        Assert.Equal(HttpStatusCode.Forbidden, (await ola.GetAsync($"/plans/{emma}/goals")).Status);

        var changed = await PostOnCoordinatorPageAsync(kari, emma, "Change", new()
        {
            ["StaffMemberId"] = (await StaffIdAsync("Ola Hansen")).ToString(),
            ["OverlapUntil"] = Today.AddDays(14).ToString("yyyy-MM-dd"),
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);

        Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync($"/plans/{emma}/goals")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ola.GetAsync($"/plans/{emma}/goals")).Status);
        Assert.Contains("Emma Larsen", (await kari.GetAsync("/")).Html, StringComparison.Ordinal);
        var coordinatorPage = await ola.GetAsync($"/plans/{emma}/coordinator");
        Assert.Contains($"Kari Nordmann er tidligere koordinator og kan handle sammen med ny koordinator til og med {Today.AddDays(14):dd.MM.yyyy}",
            coordinatorPage.Html, StringComparison.Ordinal);

        App.Clock.Advance(TimeSpan.FromDays(15));
        // The sign-in cookies have expired by now: sign in again.
        kari = await Browser.SignedInAsync(App, "kari");
        ola = await Browser.SignedInAsync(App, "ola");

        // Kari takes part in Emma's plan only as coordinator; no consent names her, so now she sees nothing.
        Assert.Contains((await kari.GetAsync($"/plans/{emma}/goals")).Status, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync($"/plans/{emma}")).Status);
        Assert.DoesNotContain("Emma Larsen", (await kari.GetAsync("/")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ola.GetAsync($"/plans/{emma}/goals")).Status);
    }

    [Fact]
    public async Task The_policy_gives_the_previous_coordinator_rights_until_the_overlap_ends_C5()
    {
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        var kari = await App.UserAsync("kari");
        await using (var db = App.NewDb())
        {
            var gate = App.Gate(db, kari);
            var plan = (await gate.OpenForChangeAsync(emma, PlanPart.Coordinator))!;
            var version = plan.Version;
            plan.ChangeCoordinator(await db.StaffMembers.SingleAsync(s => s.Name == "Ola Hansen"), Today, Today.AddDays(14));
            await gate.SaveAsync(plan, PlanPart.Coordinator, version);
        }
        await using var read = App.NewDb();
        var saved = await read.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Participants).Include(p => p.Consents).ThenInclude(c => c.Recipients)
            .SingleAsync(p => p.Id == emma);

        Assert.True(PlanAccessPolicy.Decide(kari, saved, PlanAction.Write, PlanPart.Goals, Today).Allowed);
        Assert.True(PlanAccessPolicy.Decide(kari, saved, PlanAction.Write, PlanPart.Goals, Today.AddDays(14)).Allowed);
        Assert.False(PlanAccessPolicy.Decide(kari, saved, PlanAction.Read, PlanPart.Goals, Today.AddDays(15)).Allowed);
        Assert.True(PlanAccessPolicy.Decide(await App.UserAsync("ola"), saved, PlanAction.Write, PlanPart.Goals, Today.AddDays(15)).Allowed);
    }

    [Fact]
    public async Task A_non_health_worker_in_the_hospital_cannot_take_over_C3()
    {
        var arne = await App.PlanIdOfAsync("Arne Johansen");
        var kari = await Browser.SignedInAsync(App, "kari");
        await using (var db = App.NewDb())
            Assert.True(await db.Plans.AnyAsync(p => p.Id == arne));

        var refused = await PostOnCoordinatorPageAsync(kari, arne, "Change", new()
        {
            ["StaffMemberId"] = (await StaffIdAsync("Sofie Dahl")).ToString(),
            ["OverlapUntil"] = Today.AddDays(14).ToString("yyyy-MM-dd"),
        });

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Sofie Dahl er ikke helsepersonell", refused.Html, StringComparison.Ordinal);
        await using var after = App.NewDb();
        Assert.Equal("Kari Nordmann", await after.Plans.Where(p => p.Id == arne).Select(p => p.CoordinatorName).SingleAsync());
    }

    [Fact]
    public async Task The_registry_shows_the_coordinating_units_coordinators_with_caseload_K3()
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync("/ke/coordinators");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("4", CaseloadOf(page.Html, "Kari Nordmann"));
        Assert.Equal("1", CaseloadOf(page.Html, "Ola Hansen"));
        Assert.DoesNotContain("Tone Lund", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hanne", page.Html, StringComparison.Ordinal);

        var details = await kari.GetAsync($"/ke/coordinators/{await StaffIdAsync("Kari Nordmann")}");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        Assert.Contains("Grunnkurs for koordinatorer", details.Html, StringComparison.Ordinal);
        Assert.Contains("Berit Solberg", details.Html, StringComparison.Ordinal);
        // Outside the unit's scope: staff who coordinate nothing and have had no training.
        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync($"/ke/coordinators/{await StaffIdAsync("Tone Lund")}")).Status);
    }

    [Theory]
    [InlineData("tone", "/ke/coordinators")]
    [InlineData("ola", "/ke/coordinators")]
    [InlineData("tone", "/ke/courses")]
    public async Task Only_the_coordinating_unit_sees_the_registry_K3(string user, string url)
    {
        var browser = await Browser.SignedInAsync(App, user);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(url)).Status);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "coordinators.denied" && e.UserName == user && !e.Allowed));
    }

    [Fact]
    public async Task The_unit_records_supervision_K3()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var ola = await StaffIdAsync("Ola Hansen");
        var url = $"/ke/coordinators/{ola}";

        var saved = await kari.SubmitAsync(url, new()
        {
            ["Input.On"] = Today.ToString("yyyy-MM-dd"),
            ["Input.SupervisorName"] = "Berit Solberg",
            ["Input.Note"] = "Første veiledning",
        }, $"{url}?handler=Supervision");

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Contains("Første veiledning", (await kari.GetAsync(url)).Html, StringComparison.Ordinal);
        await using var db = App.NewDb();
        Assert.Equal(1, await db.SupervisionSessions.CountAsync(s => s.CoordinatorStaffId == ola));
    }

    [Fact]
    public async Task A_course_is_planned_with_participants_from_the_municipality_and_the_hospital_K3()
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        var planned = await kari.SubmitAsync("/ke/courses", new()
        {
            ["Title"] = "Koordinatorrollen i praksis",
            ["On"] = Today.AddDays(30).ToString("yyyy-MM-dd"),
            ["Place"] = "Bjørkvik rådhus",
        }, "/ke/courses?handler=Plan");
        Assert.Equal(HttpStatusCode.Redirect, planned.Status);
        var courseUrl = planned.Location!.PathAndQuery;
        var courseId = Guid.Parse(courseUrl.Split("course=")[1]);

        foreach (var (query, name) in new[] { ("Hansen", "Ola Hansen"), ("Per Lie", "Per Lie") })
        {
            var search = await kari.GetAsync($"{courseUrl}&q={Uri.EscapeDataString(query)}");
            Assert.Contains(name, search.Html, StringComparison.Ordinal);
            var added = await kari.SubmitAsync($"{courseUrl}&q={Uri.EscapeDataString(query)}", new()
            {
                ["CourseId"] = courseId.ToString(),
                ["StaffMemberId"] = (await StaffIdAsync(name)).ToString(),
            }, "/ke/courses?handler=Participant");
            Assert.Equal(HttpStatusCode.Redirect, added.Status);
        }

        // Not held yet: completion is refused with a message, not a 500.
        var early = await kari.SubmitAsync(courseUrl, new()
        {
            ["CourseId"] = courseId.ToString(),
            ["StaffMemberId"] = (await StaffIdAsync("Per Lie")).ToString(),
        }, "/ke/courses?handler=Completed");
        Assert.Equal(HttpStatusCode.OK, early.Status);
        Assert.Contains("Kurset er ikke holdt ennå", early.Html, StringComparison.Ordinal);

        await using (var db = App.NewDb())
        {
            var organisations = await db.CoordinatorCourseParticipants.Where(p => p.CourseId == courseId)
                .Select(p => p.OrganisationName).OrderBy(n => n).ToListAsync();
            Assert.Equal(["Bjørkvik kommune", "Helse Vestfjord HF"], organisations);
        }
        // The hospital's unit sees the course its nurse attends, but may not change it.
        var per = await Browser.SignedInAsync(App, "per");
        Assert.Contains("Koordinatorrollen i praksis", (await per.GetAsync("/ke/courses")).Html, StringComparison.Ordinal);
        var refused = await per.SubmitAsync("/ke/courses", new()
        {
            ["CourseId"] = courseId.ToString(),
            ["StaffMemberId"] = (await StaffIdAsync("Lars Moe")).ToString(),
        }, "/ke/courses?handler=Participant");
        Assert.Contains("Bare den koordinerende enheten som arrangerer kurset", refused.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_coordinator_keeps_a_follow_up_log_without_a_plan_C1()
    {
        Guid appointment;
        await using (var db = App.NewDb())
            appointment = await db.CoordinatorAppointments.Select(a => a.Id).SingleAsync();
        var url = $"/coordination/appointments/{appointment}";
        var kari = await Browser.SignedInAsync(App, "kari");

        Guid fatima;
        await using (var db = App.NewDb())
            fatima = await db.Persons.Where(p => p.Name == "Fatima Ali").Select(p => p.Id).SingleAsync();
        Assert.Contains($"/coordination/appointments?person={fatima}", (await kari.GetAsync($"/persons/{fatima}")).Html, StringComparison.Ordinal);
        Assert.Equal(url, (await kari.GetAsync($"/coordination/appointments?person={fatima}")).Location!.AbsolutePath);

        var page = await kari.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Hjemmebesøk med tolk", page.Html, StringComparison.Ordinal);
        Assert.Contains("Søknad om støttekontakt sendt", page.Html, StringComparison.Ordinal);

        var saved = await kari.SubmitAsync(url, new() { ["On"] = Today.ToString("yyyy-MM-dd"), ["Text"] = "Telefonsamtale med Fatima" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var future = await kari.SubmitAsync(url, new() { ["On"] = Today.AddDays(1).ToString("yyyy-MM-dd"), ["Text"] = "Planlagt" });
        Assert.Equal(HttpStatusCode.OK, future.Status);
        Assert.Contains("kan ikke dateres fram i tid", future.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "ola")).GetAsync(url)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "per")).GetAsync(url)).Status);

        await using var after = App.NewDb();
        Assert.Equal(3, await after.CoordinatorFollowUps.CountAsync(e => e.AppointmentId == appointment));
        Assert.True(await after.AuditEntries.AnyAsync(e => e.Action == "appointment.follow-up" && e.UserName == "kari" && e.Allowed));
        Assert.True(await after.AuditEntries.AnyAsync(e => e.Action == "appointment.read" && e.UserName == "ola" && !e.Allowed));
    }
}
