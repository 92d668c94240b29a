using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Plans;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Plans;

public sealed class PlanFormsOnSqlite : PlanFormsTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

/// <summary>
/// The plan's edit forms through HTTP: a refused rule or bad input is a message on the page (never a
/// 500) and leaves the database as it was; a lost race keeps the user's input and loses nothing (R5);
/// the whole start-up wizard works end to end (R3, C2, R4).
/// </summary>
public abstract partial class PlanFormsTests : AppTests
{
    const string Today = "2026-11-23";

    [GeneratedRegex(@"name=""Version"" value=""(\d+)""")]
    private static partial Regex VersionField();

    /// <summary>Opens <paramref name="pageUrl"/> and posts <paramref name="fields"/> to its <paramref name="handler"/> with the version the page shows (unless given).</summary>
    static async Task<Page> SaveAsync(Browser browser, string pageUrl, string? handler, Dictionary<string, string> fields)
    {
        var page = await browser.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        if (!fields.ContainsKey("Version") && VersionField().Match(page.Html) is { Success: true } m)
            fields["Version"] = m.Groups[1].Value;
        var path = pageUrl.Split('?')[0];
        if (pageUrl.Contains("wizard=true", StringComparison.Ordinal)) fields["Wizard"] = "true";
        return await browser.SubmitAsync(pageUrl, fields, handler is null ? path : $"{path}?handler={handler}");
    }

    static void AssertRefused(Page page, string message)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Noe må rettes", page.Html, StringComparison.Ordinal);
        Assert.Contains(message, page.Html, StringComparison.Ordinal);
    }

    static void AssertSaved(Page page)
    {
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect after saving, got {page.Status}: {ErrorsIn(page.Html)}");
    }

    static string ErrorsIn(string html) =>
        html.IndexOf("error-summary", StringComparison.Ordinal) is var i and >= 0 ? html[i..Math.Min(html.Length, i + 600)] : "(no error summary)";

    async Task<IndividualPlan> PlanAsync(Guid planId)
    {
        await using var db = App.NewDb();
        return await db.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Goals).Include(p => p.Measures).Include(p => p.Participants)
            .Include(p => p.Needs).Include(p => p.Resources).Include(p => p.SubPlans).SingleAsync(p => p.Id == planId);
    }

    async Task<Guid> StaffIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.StaffMembers.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    async Task<Guid> OrganisationIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    async Task<Guid> PersonIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    async Task<Dictionary<string, string>> ConsentFieldsAsync(string responsibleOrganisation, bool coversPlanWork = true) => new()
    {
        ["ResponsibleOrganisationId"] = (await OrganisationIdAsync(responsibleOrganisation)).ToString(),
        ["GivenBy"] = "person",
        ["Form"] = "Written",
        ["GivenOn"] = Today,
        ["ValidTo"] = "",
        ["CoversPlanWork"] = coversPlanWork ? "true" : "false",
        ["CoversInformationExchange"] = "true",
    };

    /// <summary>Starts a plan for Fatima (who has none) as the signed-in user of <paramref name="browser"/>; returns the new plan's id.</summary>
    async Task<Guid> StartPlanForFatimaAsync(Browser browser, string responsibleOrganisation)
    {
        var fatima = await PersonIdAsync("Fatima Ali");
        var started = await browser.SubmitAsync($"/plans/start/{fatima}", await ConsentFieldsAsync(responsibleOrganisation));
        AssertSaved(started);
        var match = Regex.Match(started.Location!.PathAndQuery, @"^/plans/([0-9a-f-]{36})/coordinator\?wizard=true$");
        Assert.True(match.Success, started.Location.PathAndQuery);
        return Guid.Parse(match.Groups[1].Value);
    }

    // ---- c) bad input is a message on the page, and nothing is saved ----

    [Fact]
    public async Task An_empty_goal_is_refused_with_a_message_R4()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = (await PlanAsync(planId)).Version;
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/goals", "Add", new() { ["Input.Text"] = "  " });

        AssertRefused(page, "Skriv hva målet er. (R4)");
        var plan = await PlanAsync(planId);
        Assert.Equal(before, plan.Version);
        Assert.Equal(3, plan.Goals.Count);
    }

    [Fact]
    public async Task A_sub_goal_of_a_sub_goal_is_refused_R5()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var plan = await PlanAsync(planId);
        var subGoal = plan.Goals.Single(g => g.ParentGoalId is not null);
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/goals", "Add",
            new() { ["Input.Text"] = "Sykle alene", ["Input.ParentGoalId"] = subGoal.Id.ToString() });

        AssertRefused(page, "Delmål hører til et hovedmål, ikke til et annet delmål. (R5)");
        Assert.Contains("Sykle alene", page.Html, StringComparison.Ordinal);
        var after = await PlanAsync(planId);
        Assert.Equal(plan.Version, after.Version);
        Assert.DoesNotContain(after.Goals, g => g.Text == "Sykle alene");
    }

    [Fact]
    public async Task A_measure_without_a_responsible_is_refused_and_the_input_is_kept_R4()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await PlanAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/measures", "Add",
            PlanPagesTests.MeasureFields(before.Version, null, "Svømmetrening", "1 time i uka", ""));

        AssertRefused(page, "Hvert tiltak må ha en ansvarlig – en deltaker eller en virksomhet. (R4)");
        Assert.Contains("value=\"Svømmetrening\"", page.Html, StringComparison.Ordinal);
        var after = await PlanAsync(planId);
        Assert.Equal(before.Version, after.Version);
        Assert.DoesNotContain(after.Measures, m => m.Title == "Svømmetrening");
    }

    [Fact]
    public async Task A_measure_that_ends_before_it_starts_is_refused_R4()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await PlanAsync(planId);
        var bjorkvik = await OrganisationIdAsync("Bjørkvik kommune");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/measures", "Add",
            PlanPagesTests.MeasureFields(before.Version, null, "Svømmetrening", "1 time i uka", $"o:{bjorkvik}", "2026-12-01", "2026-11-01"));

        AssertRefused(page, "Tiltaket kan ikke slutte før det begynner. (R4)");
        Assert.Equal(before.Version, (await PlanAsync(planId)).Version);
    }

    [Fact]
    public async Task A_plan_period_that_ends_before_it_starts_is_refused_R4()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await PlanAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/dates", null,
            new() { ["PeriodStart"] = "2027-01-01", ["PeriodEnd"] = "2026-12-01", ["NextRevision"] = "", ["NextEvaluation"] = "" });

        AssertRefused(page, "Planperioden kan ikke slutte før den begynner. (R4)");
        Assert.Contains("value=\"2027-01-01\"", page.Html, StringComparison.Ordinal);
        var after = await PlanAsync(planId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.PeriodEnd, after.PeriodEnd);
    }

    [Fact]
    public async Task A_sub_plan_link_that_is_not_a_web_address_is_refused_R6()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await PlanAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/collaboration", "AddSubPlan",
            new() { ["Kind"] = "CrisisPlan", ["Title"] = "Kriseplan", ["Link"] = "javascript:alert(1)", ["HeldBy"] = "" });

        AssertRefused(page, "Lenken til delplanen må være en fullstendig nettadresse (https://…). (R6)");
        var after = await PlanAsync(planId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.SubPlans.Count, after.SubPlans.Count);
    }

    [Theory]
    [InlineData("dates", null, "PeriodStart", "31.02.2026")]
    [InlineData("dates", null, "NextEvaluation", "i morgen")]
    [InlineData("goals", "Add", "Input.TargetDate", "snart")]
    [InlineData("measures", "Add", "Input.Start", "2026-13-45")]
    public async Task A_value_that_is_not_a_date_is_a_message_not_a_500(string page, string? handler, string field, string value)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await PlanAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");
        var fields = page == "measures"
            ? PlanPagesTests.MeasureFields(before.Version, null, "Svømmetrening", "1 time i uka", $"o:{await OrganisationIdAsync("Bjørkvik kommune")}")
            : new Dictionary<string, string> { ["Input.Text"] = "Nytt mål" };
        fields[field] = value;

        var response = await SaveAsync(kari, $"/plans/{planId}/{page}", handler, fields);

        AssertRefused(response, $"«{value}» er ikke en gyldig verdi");
        Assert.Equal(before.Version, (await PlanAsync(planId)).Version);
    }

    [Theory]
    [InlineData("goals", "Add", "Input.Text", 2001, "Målet kan ha høyst 2000 tegn.")]
    [InlineData("what-matters", null, "OwnWords", 4001, "Teksten kan ha høyst 4000 tegn.")]
    [InlineData("mapping", "AddNeed", "Description", 2001, "Beskrivelsen kan ha høyst 2000 tegn.")]
    [InlineData("collaboration", "AddCollaboration", "Agency", 201, "Navnet kan ha høyst 200 tegn.")]
    [InlineData("lifecycle", "Close", "Reason", 4001, "Begrunnelsen kan ha høyst 4000 tegn.")]
    public async Task Text_over_the_maximum_length_is_refused_with_a_message(string page, string? handler, string field, int length, string message)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await PlanAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var response = await SaveAsync(kari, $"/plans/{planId}/{page}", handler,
            new() { [field] = new string('x', length), ["Purpose"] = "Noe", ["AgreedWithPerson"] = "true" });

        AssertRefused(response, message);
        var after = await PlanAsync(planId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(PlanStatus.Active, after.Status);
    }

    [Theory]
    [InlineData("", "true", "Skriv beslutningen og begrunnelsen for å avslutte planen. (R10)")]
    [InlineData("Emma trenger ikke planen lenger.", "false", "Bekreft at personen er enig. (R10)")]
    public async Task Closing_needs_a_reason_and_the_persons_agreement_R10(string reason, string agreed, string message)
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await PlanAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/lifecycle", "Close",
            new() { ["Reason"] = reason, ["AgreedWithPerson"] = agreed });

        AssertRefused(page, message);
        var after = await PlanAsync(planId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(PlanStatus.Active, after.Status);
        Assert.Null(after.ClosingReason);
    }

    [Fact]
    public async Task A_draft_without_a_coordinator_cannot_be_activated_C2()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var planId = await StartPlanForFatimaAsync(kari, "Bjørkvik kommune");

        var page = await SaveAsync(kari, $"/plans/{planId}/lifecycle", "Activate", []);

        AssertRefused(page, "Oppnevn en koordinator før planen tas i bruk. (C2)");
        var plan = await PlanAsync(planId);
        Assert.Equal(1, plan.Version);
        Assert.Equal(PlanStatus.Draft, plan.Status);
        Assert.Null(plan.CoordinatorStaffId);
    }

    [Fact]
    public async Task Staff_of_a_hospital_who_are_not_health_personnel_cannot_be_coordinator_C3()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var before = await PlanAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/coordinator", null,
            new() { ["Version"] = before.Version.ToString(), ["StaffMemberId"] = (await StaffIdAsync("Sofie Dahl")).ToString() });

        AssertRefused(page, "Sofie Dahl er ikke helsepersonell. I spesialisthelsetjenesten må koordinator være helsepersonell. (C3)");
        var after = await PlanAsync(planId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(await StaffIdAsync("Kari Nordmann"), after.CoordinatorStaffId);
        Assert.DoesNotContain(after.Participants, p => p.Name == "Sofie Dahl");
    }

    [Fact]
    public async Task A_municipal_provider_cannot_join_a_plan_the_hospital_holds_R2()
    {
        var per = await Browser.SignedInAsync(App, "per");
        var planId = await StartPlanForFatimaAsync(per, "Helse Vestfjord HF");
        AssertSaved(await SaveAsync(per, $"/plans/{planId}/coordinator?wizard=true&q=Lie", null,
            new() { ["StaffMemberId"] = (await StaffIdAsync("Per Lie")).ToString() }));
        var before = await PlanAsync(planId);

        var page = await SaveAsync(per, $"/plans/{planId}/participants", "AddProvider",
            new() { ["StaffMemberId"] = (await StaffIdAsync("Ola Hansen")).ToString(), ["Role"] = "ServiceProvider", ["Contribution"] = "Hjemmetjeneste" });

        AssertRefused(page, "Når både kommunen og spesialisthelsetjenesten gir tjenester, har kommunen ansvaret for planen. Overfør ansvaret til kommunen først. (R2)");
        var after = await PlanAsync(planId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal("Helse Vestfjord HF", after.ResponsibleOrganisationName);
        Assert.DoesNotContain(after.Participants, p => p.Name == "Ola Hansen");
    }

    [Fact]
    public async Task Responsibility_cannot_go_to_the_hospital_while_both_levels_take_part_R2()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var before = await PlanAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await SaveAsync(kari, $"/plans/{planId}/participants", "HandOver",
            new() { ["OrganisationId"] = (await OrganisationIdAsync("Helse Vestfjord HF")).ToString() });

        AssertRefused(page, "Når både kommunen og spesialisthelsetjenesten gir tjenester, har kommunen ansvaret for planen. (R2)");
        var after = await PlanAsync(planId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal("Bjørkvik kommune", after.ResponsibleOrganisationName);
        Assert.Equal(await OrganisationIdAsync("Bjørkvik kommune"), after.ResponsibleOrganisationId);
    }

    // ---- d) a lost race through the UI ----

    [Fact]
    public async Task A_stale_save_shows_the_other_change_keeps_the_input_and_loses_nothing_R5()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var first = await Browser.SignedInAsync(App, "kari");
        var second = await Browser.SignedInAsync(App, "kari");
        var url = $"/plans/{planId}/what-matters";
        var opened = await second.GetAsync(url);
        var openedVersion = VersionField().Match(opened.Html).Groups[1].Value;

        AssertSaved(await SaveAsync(first, url, null, new() { ["OwnWords"] = "Å sykle til skolen med Sofie." }));
        var stale = await second.SubmitAsync(url, new() { ["Version"] = openedVersion, ["OwnWords"] = "Å spille fotball i friminuttet." });

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Dette ble endret av andre etter at du åpnet siden:", stale.Html, StringComparison.Ordinal);
        Assert.Contains("Kari Nordmann", stale.Html, StringComparison.Ordinal);
        Assert.Contains("«Hva er viktig for deg?» oppdatert", stale.Html, StringComparison.Ordinal);
        Assert.Contains("Å spille fotball i friminuttet.", stale.Html, StringComparison.Ordinal);
        var plan = await PlanAsync(planId);
        Assert.Equal(int.Parse(openedVersion) + 1, plan.Version);
        Assert.Equal("Å sykle til skolen med Sofie.", plan.WhatMattersToPerson);
        // The form now carries the current version, so saving again on purpose works.
        Assert.Contains($"name=\"Version\" value=\"{plan.Version}\"", stale.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_users_on_the_same_measure_the_second_sees_the_first_change_R5()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var plan = await PlanAsync(planId);
        var balance = plan.Measures.Single(m => m.Title == "Balansetrening");
        var responsible = $"p:{balance.ResponsibleParticipantId}";
        var kari = await Browser.SignedInAsync(App, "kari");
        var ola = await Browser.SignedInAsync(App, "ola");
        await kari.GetAsync($"/plans/{planId}/measures");
        await ola.GetAsync($"/plans/{planId}/measures");

        AssertSaved(await ola.SubmitAsync($"/plans/{planId}/measures",
            PlanPagesTests.MeasureFields(plan.Version, balance.Id, "Balansetrening", "45 minutter, 3 ganger i uka", responsible),
            $"/plans/{planId}/measures?handler=Update"));
        var stale = await kari.SubmitAsync($"/plans/{planId}/measures",
            PlanPagesTests.MeasureFields(plan.Version, balance.Id, "Balansetrening", "30 minutter, 1 gang i uka", responsible),
            $"/plans/{planId}/measures?handler=Update");

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Dette ble endret av andre etter at du åpnet siden:", stale.Html, StringComparison.Ordinal);
        Assert.Contains("Ola Hansen", stale.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"30 minutter, 1 gang i uka\"", stale.Html, StringComparison.Ordinal);
        var after = await PlanAsync(planId);
        Assert.Equal(plan.Version + 1, after.Version);
        Assert.Equal("45 minutter, 3 ganger i uka", after.Measures.Single(m => m.Id == balance.Id).Scope);
    }

    // ---- e) the wizard end to end ----

    [Fact]
    public async Task The_whole_wizard_from_the_person_to_an_active_plan_R3_C2_R4_R5()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var fatima = await PersonIdAsync("Fatima Ali");

        var search = await kari.GetAsync("/persons?q=Fatima");
        Assert.Contains($"/persons/{fatima}", search.Html, StringComparison.Ordinal);
        var person = await kari.GetAsync($"/persons/{fatima}");
        Assert.Contains($"href=\"/plans/start/{fatima}\"", person.Html, StringComparison.Ordinal);

        // Step 1: consent. Without consent to the plan work nothing is started (R3).
        var refused = await kari.SubmitAsync($"/plans/start/{fatima}", await ConsentFieldsAsync("Bjørkvik kommune", coversPlanWork: false));
        AssertRefused(refused, "Samtykket må dekke å starte arbeidet med individuell plan. (R3)");
        await using (var db = App.NewDb())
            Assert.False(await db.Plans.AnyAsync(p => p.PersonId == fatima));
        var planId = await StartPlanForFatimaAsync(kari, "Bjørkvik kommune");
        var wizard = $"/plans/{planId}";

        // Step 2: coordinator (C2).
        var coordinatorPage = await kari.GetAsync($"{wizard}/coordinator?wizard=true");
        Assert.Contains("Planarbeidet er startet", coordinatorPage.Html, StringComparison.Ordinal);
        var appointed = await SaveAsync(kari, $"{wizard}/coordinator?wizard=true&q=Kari", null,
            new() { ["StaffMemberId"] = (await StaffIdAsync("Kari Nordmann")).ToString() });
        AssertSaved(appointed);
        Assert.Equal($"{wizard}/coordinator?wizard=true", appointed.Location!.PathAndQuery);

        // Step 3: mapping.
        AssertSaved(await SaveAsync(kari, $"{wizard}/mapping?wizard=true", "WhatMatters", new() { ["OwnWords"] = "Å lære norsk og få venner her." }));
        AssertSaved(await SaveAsync(kari, $"{wizard}/mapping?wizard=true", "AddNeed",
            new() { ["Area"] = "Participation", ["Description"] = "Trenger tolk i møter med tjenestene" }));
        AssertSaved(await SaveAsync(kari, $"{wizard}/mapping?wizard=true", "AddResource", new() { ["Description"] = "Søsteren bor i nærheten" }));

        // Step 4: goals, broken into a sub-goal (R5).
        AssertSaved(await SaveAsync(kari, $"{wizard}/goals?wizard=true", "Add",
            new() { ["Input.Text"] = "Snakke norsk i hverdagen", ["Input.TargetDate"] = "2027-06-01", ["Input.InPersonsOwnWords"] = "true" }));
        var goal = (await PlanAsync(planId)).Goals.Single();
        AssertSaved(await SaveAsync(kari, $"{wizard}/goals?wizard=true", "Add",
            new() { ["Input.Text"] = "Fullføre norskkurs nivå A2", ["Input.ParentGoalId"] = goal.Id.ToString() }));

        // Step 5: a measure with kari (a participant since she is coordinator) responsible (R4 e).
        var kariParticipant = (await PlanAsync(planId)).Participants.Single(p => p.Name == "Kari Nordmann");
        var fields = PlanPagesTests.MeasureFields(0, null, "Oppfølgingssamtaler med tolk", "1 time hver 14. dag", $"p:{kariParticipant.Id}", "2026-12-01", "2027-06-01");
        fields.Remove("Version");
        fields["Input.GoalId"] = goal.Id.ToString();
        AssertSaved(await SaveAsync(kari, $"{wizard}/measures?wizard=true", "Add", fields));

        // Take the plan into use.
        var activated = await SaveAsync(kari, $"{wizard}/lifecycle?wizard=true", "Activate", []);
        AssertSaved(activated);
        Assert.Equal(wizard, activated.Location!.AbsolutePath);

        var view = await kari.GetAsync(wizard);
        Assert.Equal(HttpStatusCode.OK, view.Status);
        foreach (var expected in new[]
                 {
                     "Fatima Ali", "Aktiv", "Kari Nordmann", "Å lære norsk og få venner her.", "Trenger tolk i møter med tjenestene",
                     "Søsteren bor i nærheten", "Snakke norsk i hverdagen", "Fullføre norskkurs nivå A2", "Oppfølgingssamtaler med tolk",
                     "1 time hver 14. dag",
                 })
            Assert.Contains(expected, view.Html, StringComparison.Ordinal);

        var plan = await PlanAsync(planId);
        Assert.Equal(PlanStatus.Active, plan.Status);
        Assert.Equal(9, plan.Version); // start, coordinator, 3 × mapping, 2 × goals, measure, activate
        var history = await kari.GetAsync($"{wizard}/history");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        for (var version = 1; version <= plan.Version; version++)
            Assert.Contains($"Versjon {version}", history.Html, StringComparison.Ordinal);
        foreach (var change in new[]
                 {
                     "Planarbeidet startet med Bjørkvik kommune som ansvarlig", "«Hva er viktig for deg?» oppdatert",
                     "Mål lagt til: Snakke norsk i hverdagen", "Delmål lagt til: Fullføre norskkurs nivå A2", "Planen tatt i bruk",
                 })
            Assert.Contains(change, history.Html, StringComparison.Ordinal);
        await using (var db = App.NewDb())
            Assert.Equal(plan.Version, await db.PlanRevisions.CountAsync(r => r.PlanId == planId));
    }

    // ---- f) R2 through the UI ----

    [Fact]
    public async Task A_second_plan_for_the_same_person_is_refused_R2()
    {
        var emma = await PersonIdAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.SubmitAsync($"/plans/start/{emma}", await ConsentFieldsAsync("Bjørkvik kommune"));

        AssertRefused(page, "Emma Larsen har allerede en individuell plan. Det skal bare være én plan per person – åpne den eksisterende planen. (R2)");
        await using var db = App.NewDb();
        Assert.Equal(1, await db.Plans.CountAsync(p => p.PersonId == emma));
    }
}
