using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Plans;

public sealed class PlanPagesOnSqlite : PlanPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PlanPagesOnPostgreSql(PostgresCluster cluster) : PlanPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// R8 access through the real pages, for every plan page: the coordinator may open them, a reader may
/// read but not edit (except the measures they are responsible for), and anyone else — a colleague who
/// is not a participant, an administrator — cannot tell the plan exists (404), with the denial audited.
/// </summary>
public abstract partial class PlanPagesTests : AppTests
{
    /// <summary>The edit pages and a handler each page has, for POST attempts.</summary>
    public static TheoryData<string, string> EditPages => new()
    {
        { "what-matters", "" },
        { "goals", "Add" },
        { "mapping", "WhatMatters" },
        { "participants", "AddProvider" },
        { "coordinator", "" },
        { "measures", "Add" },
        { "dates", "" },
        { "collaboration", "AddCollaboration" },
        { "consent", "Record" },
        { "lifecycle", "Close" },
    };

    /// <summary>Every page of a plan, relative to /plans/{id}.</summary>
    public static TheoryData<string> AllPlanPages => new()
    {
        "", "/what-matters", "/goals", "/mapping", "/participants", "/coordinator", "/measures", "/dates",
        "/collaboration", "/consent", "/lifecycle", "/history", "/print", "/compare?from=1&to=2",
    };

    static readonly string[] ReadOnlyPages = ["", "/history", "/print", "/compare?from=1&to=2"];

    public static TheoryData<string> ReadPages
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var page in ReadOnlyPages) data.Add(page);
            return data;
        }
    }

    async Task<int> VersionAsync(Guid planId)
    {
        await using var db = App.NewDb();
        return await db.Plans.Where(p => p.Id == planId).Select(p => p.Version).SingleAsync();
    }

    async Task<List<(bool Allowed, string? Part)>> AuditOfAsync(string userName, Guid planId)
    {
        await using var db = App.NewDb();
        var rows = await db.AuditEntries.Where(e => e.UserName == userName && e.PlanId == planId)
            .Select(e => new { e.Allowed, e.Part }).ToListAsync();
        return [.. rows.Select(r => (r.Allowed, r.Part))];
    }

    [Theory]
    [MemberData(nameof(AllPlanPages))]
    public async Task Every_plan_page_renders_for_the_coordinator_R8(string page)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var response = await kari.GetAsync($"/plans/{planId}{page}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        // Read pages show the person; edit pages carry the version their form was built from.
        if (ReadOnlyPages.Contains(page))
            Assert.Contains("Emma Larsen", response.Html, StringComparison.Ordinal);
        else
            Assert.Contains($"<a href=\"/plans/{planId}\">← Tilbake til planen</a>", response.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/history")]
    [InlineData("/print")]
    [InlineData("/compare?from=1&to=2")]
    [InlineData("/goals")]
    [InlineData("/mapping")]
    [InlineData("/participants")]
    [InlineData("/measures")]
    [InlineData("/collaboration")]
    [InlineData("/consent")]
    [InlineData("/lifecycle")]
    public async Task A_post_that_matches_no_handler_is_404_never_a_500_or_an_ungated_page_R8(string page)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var before = await VersionAsync(planId);
        var url = $"/plans/{planId}{page}";

        var response = await kari.SubmitAsync("/", new() { ["Version"] = before.ToString() }, url);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(before, await VersionAsync(planId));
    }

    [Fact]
    public async Task The_start_page_renders_for_staff_R3()
    {
        var fatima = await PersonIdAsync("Fatima Ali");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync($"/plans/start/{fatima}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Start individuell plan for Fatima Ali", page.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"CoversPlanWork\"", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllPlanPages))]
    public async Task Every_plan_page_is_404_for_a_non_participant_and_the_denial_is_audited_R8(string page)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var tone = await Browser.SignedInAsync(App, "tone");

        var response = await tone.GetAsync($"/plans/{planId}{page}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.DoesNotContain("Emma Larsen", response.Html, StringComparison.Ordinal);
        Assert.Contains(await AuditOfAsync("tone", planId), e => !e.Allowed);
        Assert.DoesNotContain(await AuditOfAsync("tone", planId), e => e.Allowed);
    }

    [Theory]
    [MemberData(nameof(AllPlanPages))]
    public async Task Every_plan_page_is_404_for_an_administrator_and_the_denial_is_audited_R8(string page)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var admin = await Browser.SignedInAsync(App, "admin");

        var response = await admin.GetAsync($"/plans/{planId}{page}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.DoesNotContain("Emma Larsen", response.Html, StringComparison.Ordinal);
        Assert.Contains(await AuditOfAsync("admin", planId), e => !e.Allowed);
        Assert.DoesNotContain(await AuditOfAsync("admin", planId), e => e.Allowed);
    }

    [Theory]
    [MemberData(nameof(EditPages))]
    public async Task Posting_to_an_edit_page_is_404_for_a_non_participant_or_administrator_and_changes_nothing_R8(string page, string handler)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await VersionAsync(planId);

        foreach (var user in new[] { "tone", "admin" })
        {
            var browser = await Browser.SignedInAsync(App, user);
            var response = await browser.SubmitAsync("/", HostileFields(before),
                $"/plans/{planId}/{page}{(handler == "" ? "" : "?handler=" + handler)}");

            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.DoesNotContain("Emma Larsen", response.Html, StringComparison.Ordinal);
            Assert.Contains(await AuditOfAsync(user, planId), e => !e.Allowed);
            Assert.DoesNotContain(await AuditOfAsync(user, planId), e => e.Allowed);
        }
        Assert.Equal(before, await VersionAsync(planId));
    }

    [Theory]
    [MemberData(nameof(ReadPages))]
    public async Task Posting_to_a_read_only_plan_page_is_404_for_a_non_participant_never_a_500_R8(string page)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var tone = await Browser.SignedInAsync(App, "tone");

        var response = await tone.SubmitAsync("/", new(), $"/plans/{planId}{page}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.DoesNotContain("Emma Larsen", response.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_who_is_not_staff_gets_403_on_the_start_page_R3()
    {
        var fatima = await PersonIdAsync("Fatima Ali");
        var admin = await Browser.SignedInAsync(App, "admin");

        var get = await admin.GetAsync($"/plans/start/{fatima}");
        var post = await admin.SubmitAsync("/", new() { ["GivenBy"] = "person", ["CoversPlanWork"] = "true" }, $"/plans/start/{fatima}");

        Assert.Equal(HttpStatusCode.Forbidden, get.Status);
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        await using var db = App.NewDb();
        Assert.False(await db.Plans.AnyAsync(p => p.PersonId == fatima));
    }

    [Theory]
    [MemberData(nameof(ReadPages))]
    public async Task A_participant_reads_the_plan_but_not_its_history_R8(string page)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var erik = await Browser.SignedInAsync(App, "erik");

        var response = await erik.GetAsync($"/plans/{planId}{page}");

        // The history holds whole snapshots of the plan, beyond what erik's consent covers: only the
        // coordinator and the person read it.
        if (page.StartsWith("/history", StringComparison.Ordinal) || page.StartsWith("/compare", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.DoesNotContain("Emma Larsen", response.Html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.Contains("Emma Larsen", response.Html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EditPages))]
    public async Task A_participant_may_not_edit_other_parts_than_their_measures_R8(string page, string handler)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await VersionAsync(planId);
        var erik = await Browser.SignedInAsync(App, "erik");

        var get = await erik.GetAsync($"/plans/{planId}/{page}");
        var post = await erik.SubmitAsync($"/plans/{planId}", HostileFields(before),
            $"/plans/{planId}/{page}{(handler == "" ? "" : "?handler=" + handler)}");

        if (page == "measures")
        {
            // Erik is responsible for a measure: he may open the page, but adding a measure is refused.
            Assert.Equal(HttpStatusCode.OK, get.Status);
            Assert.Equal(HttpStatusCode.OK, post.Status);
            Assert.Contains("Bare koordinator kan legge til eller fjerne tiltak", post.Html, StringComparison.Ordinal);
        }
        else if (page == "mapping")
        {
            // Emma's consent does not share health information with the school: erik cannot even read it (R3).
            Assert.Equal(HttpStatusCode.NotFound, get.Status);
            Assert.Equal(HttpStatusCode.NotFound, post.Status);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, get.Status);
            Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        }
        Assert.Equal(before, await VersionAsync(planId));
    }

    [Fact]
    public async Task A_participant_updates_the_measure_they_are_responsible_for_R8()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var erik = await Browser.SignedInAsync(App, "erik");
        var before = await VersionAsync(planId);
        var (recess, _) = await MeasureAsync(planId, "Tilrettelagt friminutt");

        var form = await erik.GetAsync($"/plans/{planId}/measures");
        var posted = await erik.SubmitAsync($"/plans/{planId}/measures",
            MeasureFields(before, recess, "Tilrettelagt friminutt", "Hver skoledag, også i SFO", await ResponsibleOfAsync(recess)),
            $"/plans/{planId}/measures?handler=Update");

        Assert.DoesNotContain("Balansetrening", Regex.Replace(form.Html, "<option[^>]*>[^<]*</option>", ""), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        Assert.Equal(before + 1, await VersionAsync(planId));
        Assert.Equal("Hver skoledag, også i SFO", (await MeasureAsync(planId, "Tilrettelagt friminutt")).Scope);
    }

    [Fact]
    public async Task A_participant_cannot_update_a_measure_someone_else_is_responsible_for_R8()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var erik = await Browser.SignedInAsync(App, "erik");
        var before = await VersionAsync(planId);
        var (balance, scope) = await MeasureAsync(planId, "Balansetrening");

        var posted = await erik.SubmitAsync($"/plans/{planId}/measures",
            MeasureFields(before, balance, "Balansetrening", "Ingen trening", await ResponsibleOfAsync(balance)),
            $"/plans/{planId}/measures?handler=Update");

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Contains("Noe må rettes", posted.Html, StringComparison.Ordinal);
        Assert.Contains("Du kan endre tiltak du selv er ansvarlig for. (R8)", posted.Html, StringComparison.Ordinal);
        Assert.Equal(before, await VersionAsync(planId));
        Assert.Equal(scope, (await MeasureAsync(planId, "Balansetrening")).Scope);
    }

    [Fact]
    public async Task A_participant_cannot_remove_measures_not_even_their_own_R8()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var erik = await Browser.SignedInAsync(App, "erik");
        var before = await VersionAsync(planId);
        var (recess, _) = await MeasureAsync(planId, "Tilrettelagt friminutt");
        var (balance, _) = await MeasureAsync(planId, "Balansetrening");

        var form = await erik.GetAsync($"/plans/{planId}/measures");
        foreach (var measure in new[] { recess, balance })
        {
            var posted = await erik.SubmitAsync($"/plans/{planId}/measures",
                new() { ["Version"] = before.ToString(), ["Input.MeasureId"] = measure.ToString() },
                $"/plans/{planId}/measures?handler=Remove");

            Assert.Equal(HttpStatusCode.OK, posted.Status);
            Assert.Contains("Bare koordinator kan legge til eller fjerne tiltak. Du kan endre tiltak du selv er ansvarlig for. (R8)", posted.Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("handler=Remove", form.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Legg til tiltak", form.Html, StringComparison.Ordinal);
        Assert.Equal(before, await VersionAsync(planId));
        await using var db = App.NewDb();
        Assert.Equal(2, await db.Plans.Where(p => p.Id == planId).SelectMany(p => p.Measures).CountAsync());
    }

    static Dictionary<string, string> HostileFields(int version) => new()
    {
        ["Version"] = version.ToString(),
        ["OwnWords"] = "Overskrevet",
        ["Input.Text"] = "Nytt mål",
        ["Input.Title"] = "Nytt tiltak",
        ["Input.Scope"] = "Hver dag",
        ["Agency"] = "Noen",
        ["Purpose"] = "Noe",
        ["Reason"] = "Avsluttes",
        ["AgreedWithPerson"] = "true",
        ["GivenBy"] = "person",
        ["CoversPlanWork"] = "true",
        ["PeriodStart"] = "2026-01-01",
    };

    internal static Dictionary<string, string> MeasureFields(int version, Guid? measureId, string title, string scope, string responsible,
        string? start = null, string? end = null) => new()
    {
        ["Version"] = version.ToString(),
        ["Input.MeasureId"] = measureId?.ToString() ?? "",
        ["Input.Title"] = title,
        ["Input.Scope"] = scope,
        ["Input.Responsible"] = responsible,
        ["Input.HowCarriedOut"] = "",
        ["Input.Start"] = start ?? "",
        ["Input.End"] = end ?? "",
        ["Input.Status"] = "Ongoing",
        ["Input.GoalId"] = "",
    };

    async Task<Guid> PersonIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    async Task<(Guid Id, string Scope)> MeasureAsync(Guid planId, string title)
    {
        await using var db = App.NewDb();
        var m = await db.Plans.Where(p => p.Id == planId).SelectMany(p => p.Measures).Where(m => m.Title == title)
            .Select(m => new { m.Id, m.Scope }).SingleAsync();
        return (m.Id, m.Scope);
    }

    async Task<string> ResponsibleOfAsync(Guid measureId)
    {
        await using var db = App.NewDb();
        var m = await db.Plans.SelectMany(p => p.Measures).Where(m => m.Id == measureId)
            .Select(m => new { m.ResponsibleParticipantId, m.ResponsibleOrganisationId }).SingleAsync();
        return m.ResponsibleParticipantId is { } p ? $"p:{p}" : $"o:{m.ResponsibleOrganisationId}";
    }
}
