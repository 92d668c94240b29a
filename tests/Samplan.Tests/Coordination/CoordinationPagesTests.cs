using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Coordination;

public sealed class CoordinationPagesOnSqlite : CoordinationPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

/// <summary>K5 services and public page, K6 routines, K7 disputes and R7 record note, over HTTP on the demo data.</summary>
public abstract partial class CoordinationPagesTests : AppTests
{
    async Task<Guid> OrganisationAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    async Task<Guid> DisputeAsync()
    {
        await using var db = App.NewDb();
        return await db.DisputeCases.Select(d => d.Id).SingleAsync();
    }

    [GeneratedRegex(@"\b\d{11}\b")]
    private static partial Regex ElevenDigits();

    [Fact]
    public async Task The_public_services_page_works_anonymously_and_holds_no_personal_data()
    {
        var bjorkvik = await OrganisationAsync("Bjørkvik kommune");

        var page = await Browser.Open(App).GetAsync($"/tjenester/{bjorkvik}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Koordinerende enhet Bjørkvik", page.Html);
        Assert.Contains("55 00 10 00", page.Html);
        Assert.Contains("ke@bjorkvik.kommune.example", page.Html);
        foreach (var service in new[] { "Hverdagsrehabilitering", "Fysio- og ergoterapi for barn", "Korttidsopphold med rehabilitering" })
            Assert.Contains(service, page.Html);
        Assert.DoesNotContain("Slagenheten", page.Html);
        // The latest published routine version, not the old one.
        Assert.Contains("innen 10 dager", page.Html);
        Assert.DoesNotContain("innen 14 dager", page.Html);
        foreach (var name in new[] { "Arne", "Emma", "Astrid", "Jonas", "Knut", "Fatima", "Sara", "Kari Nordmann", "Per Lie" })
            Assert.DoesNotContain(name, page.Html);
        Assert.DoesNotMatch(ElevenDigits(), page.Html);

        var hospital = await Browser.Open(App).GetAsync($"/tjenester/{await OrganisationAsync("Helse Vestfjord HF")}");
        Assert.Contains("Slagenheten", hospital.Html);
        Assert.Contains("Habiliteringstjenesten for barn og unge", hospital.Html);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.Open(App).GetAsync($"/tjenester/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task Kari_adds_a_service_that_then_shows_on_the_public_page_and_tone_may_not()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var added = await kari.SubmitAsync("/ke/services", new()
        {
            ["Input.Name"] = "Synssentralen",
            ["Input.Description"] = "Syns- og hørselskontakt",
            ["Input.Level"] = "Municipality",
            ["Input.Kind"] = "Habilitation",
            ["Input.Phone"] = "55 00 14 00",
        }, "/ke/services?handler=Add");
        Assert.Equal(HttpStatusCode.Redirect, added.Status);

        var bjorkvik = await OrganisationAsync("Bjørkvik kommune");
        Assert.Contains("Synssentralen", (await Browser.Open(App).GetAsync($"/tjenester/{bjorkvik}")).Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Browser.SignedInAsync(App, "tone")).GetAsync("/ke/services")).Status);
    }

    [Fact]
    public async Task A_new_routine_version_keeps_the_old_ones_and_is_public_once_published()
    {
        Guid series;
        await using (var db = App.NewDb())
            series = await db.RoutineDocuments.Select(r => r.SeriesId).Distinct().SingleAsync();
        var kari = await Browser.SignedInAsync(App, "kari");
        var url = $"/ke/routines/{series}";

        var page = await kari.GetAsync(url);
        Assert.Contains("Versjon 1", page.Html);
        Assert.Contains("Versjon 2", page.Html);
        await kari.SubmitAsync(url, new() { ["Input.Title"] = "Rutine for individuell plan og koordinator", ["Input.Body"] = "Versjon tre: innen 7 dager." },
            $"{url}?handler=NewVersion");
        var bjorkvik = await OrganisationAsync("Bjørkvik kommune");
        Assert.DoesNotContain("innen 7 dager", (await Browser.Open(App).GetAsync($"/tjenester/{bjorkvik}")).Html);

        Guid draft;
        await using (var db = App.NewDb())
        {
            Assert.Equal(3, await db.RoutineDocuments.CountAsync(r => r.SeriesId == series));
            draft = await db.RoutineDocuments.Where(r => r.SeriesId == series && r.VersionNumber == 3).Select(r => r.Id).SingleAsync();
        }
        await kari.SubmitAsync(url, new() { ["VersionId"] = draft.ToString() }, $"{url}?handler=Publish");

        var pub = await Browser.Open(App).GetAsync($"/tjenester/{bjorkvik}");
        Assert.Contains("innen 7 dager", pub.Html);
        Assert.DoesNotContain("innen 10 dager", pub.Html);
        Assert.Contains("Versjon 1", (await kari.GetAsync(url)).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "hanne")).GetAsync(url)).Status);
    }

    [Theory]
    [InlineData("kari")]
    [InlineData("per")]
    public async Task The_dispute_about_Arne_is_visible_to_both_units(string user)
    {
        var browser = await Browser.SignedInAsync(App, user);
        var id = await DisputeAsync();

        Assert.Contains("Arne Johansen", (await browser.GetAsync("/ke/disputes")).Html);
        var page = await browser.GetAsync($"/ke/disputes/{id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Helse Vestfjord HF – Per Lie", page.Html);
        Assert.Contains("Bjørkvik kommune – Kari Nordmann", page.Html);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == user && e.Action == "ke.dispute.read" && e.Allowed));
    }

    [Fact]
    public async Task Hanne_of_another_municipality_gets_403_and_tone_who_is_not_KE_too()
    {
        var id = await DisputeAsync();
        var hanne = await Browser.SignedInAsync(App, "hanne");

        Assert.Equal(HttpStatusCode.Forbidden, (await hanne.GetAsync($"/ke/disputes/{id}")).Status);
        Assert.DoesNotContain("Arne Johansen", (await hanne.GetAsync("/ke/disputes")).Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Browser.SignedInAsync(App, "tone")).GetAsync("/ke/disputes")).Status);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "hanne" && e.Action == "ke.dispute.read" && !e.Allowed));
    }

    [Fact]
    public async Task Both_units_write_joint_notes_and_conclude_with_an_outcome()
    {
        var id = await DisputeAsync();
        var url = $"/ke/disputes/{id}";
        var per = await Browser.SignedInAsync(App, "per");
        await per.SubmitAsync(url, new() { ["Note"] = "Enige om fire ukers korttidsopphold." }, $"{url}?handler=Note");
        var kari = await Browser.SignedInAsync(App, "kari");
        var concluded = await kari.SubmitAsync(url, new() { ["Conclusion"] = "Agreed", ["Outcome"] = "Korttidsopphold i fire uker, så hjem." },
            $"{url}?handler=Conclude");
        Assert.Equal(HttpStatusCode.Redirect, concluded.Status);

        var page = await kari.GetAsync(url);
        Assert.Contains("Enige om fire ukers korttidsopphold.", page.Html);
        Assert.Contains("Korttidsopphold i fire uker, så hjem.", page.Html);
        Assert.Contains("Enige", page.Html);
    }

    [Fact]
    public async Task The_record_note_names_the_coordinator_and_holds_no_plan_content()
    {
        var arne = await App.PlanIdOfAsync("Arne Johansen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync($"/plans/{arne}/record-note");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Arne Johansen har individuell plan.", page.Html);
        Assert.Contains("Koordinator: Kari Nordmann, Bjørkvik kommune", page.Html);
        Assert.Contains("kari@example.no", page.Html);
        Assert.DoesNotContain("Klare personlig hygiene", page.Html);
        Assert.DoesNotContain("komme hjem til Randi", page.Html);
        Assert.DoesNotContain("Lammelse", page.Html);

        var (status, type, body) = await kari.DownloadAsync($"/plans/{arne}/record-note?handler=Download");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("text/plain", type, StringComparison.Ordinal);
        var text = System.Text.Encoding.UTF8.GetString(body);
        Assert.Contains("Koordinator: Kari Nordmann", text);
        Assert.DoesNotContain("Klare personlig hygiene", text);

        // A covered participant gets it too.
        Assert.Equal(HttpStatusCode.OK, (await (await Browser.SignedInAsync(App, "lars")).GetAsync($"/plans/{arne}/record-note")).Status);
    }

    [Fact]
    public async Task The_record_note_is_404_for_non_participants_and_for_the_units_metadata_view()
    {
        var arne = await App.PlanIdOfAsync("Arne Johansen");
        var jonas = await App.PlanIdOfAsync("Jonas Berg");

        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "tone")).GetAsync($"/plans/{arne}/record-note")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "hanne")).GetAsync($"/plans/{arne}/record-note")).Status);
        // Kari is KE of Bjørkvik but takes no part in Jonas's plan: metadata only, so no record note.
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "kari")).GetAsync($"/plans/{jonas}/record-note")).Status);
    }
}
