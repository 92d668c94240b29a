using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Audit;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Audit;

public sealed class AuditPagesOnSqlite : AuditPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class AuditPagesOnPostgreSql(PostgresCluster cluster) : AuditPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The audit pages over HTTP on the demo data: the privacy officer's search and CSV export, the
/// verify page, and the person's (and their parent's) "who has read my plan".
/// </summary>
public abstract class AuditPagesTests : AppTests
{
    const string Denied = "prøvde å åpne planen, men fikk ikke tilgang";

    async Task ToneTriesToOpenAsync(Guid planId) =>
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "tone")).GetAsync($"/plans/{planId}")).Status);

    async Task ReadsAsync(string userName, Guid planId) =>
        Assert.Equal(HttpStatusCode.OK, (await (await Browser.SignedInAsync(App, userName)).GetAsync($"/plans/{planId}")).Status);

    async Task<List<AuditEntry>> AuditAsync(string userName, string action)
    {
        await using var db = App.NewDb();
        return await db.AuditEntries.AsNoTracking().Where(e => e.UserName == userName && e.Action == action).ToListAsync();
    }

    async Task<(Guid Id, string Number)> PersonAsync(string name)
    {
        await using var db = App.NewDb();
        var p = await db.Persons.Where(x => x.Name == name).Select(x => new { x.Id, x.NationalIdentityNumber }).SingleAsync();
        return (p.Id, p.NationalIdentityNumber);
    }

    [Fact]
    public async Task The_privacy_officer_finds_tones_denied_read_of_emmas_plan()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var (emmaId, emmaNumber) = await PersonAsync("Emma Larsen");
        await ToneTriesToOpenAsync(planId);
        var officer = await Browser.SignedInAsync(App, "personvern");

        var byUser = await officer.GetAsync("/admin/audit?user=tone&outcome=denied");
        var byName = await officer.GetAsync("/admin/audit?person=emma&outcome=denied");
        var byNumber = await officer.GetAsync($"/admin/audit?person={emmaNumber}&action=plan.read&outcome=denied");
        var byPlan = await officer.GetAsync($"/admin/audit?plan={planId}&outcome=denied");
        var allowedOnly = await officer.GetAsync($"/admin/audit?plan={planId}&outcome=allowed");

        foreach (var page in new[] { byUser, byName, byNumber, byPlan })
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("tone (Tone Lund)", page.Html, StringComparison.Ordinal);
            Assert.Contains("Ikke deltaker i planen", page.Html, StringComparison.Ordinal);
            Assert.Contains("Emma Larsen", page.Html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("tone (Tone Lund)", allowedOnly.Html, StringComparison.Ordinal);
        var searches = await AuditAsync("personvern", "audit.search");
        Assert.Equal(5, searches.Count);
        Assert.Contains(searches, s => s.PersonId == emmaId && s.Reason.Contains("fnr ******" + emmaNumber[6..], StringComparison.Ordinal));
        Assert.DoesNotContain(searches, s => s.Reason.Contains(emmaNumber, StringComparison.Ordinal));
        Assert.Contains(searches, s => s.PlanId == planId);
    }

    [Fact]
    public async Task The_search_is_paged_newest_first()
    {
        var officer = await Browser.SignedInAsync(App, "personvern");
        await using (var scope = App.CreateScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            var kari = await App.UserAsync("kari");
            for (var i = 1; i <= 60; i++)
            {
                App.Clock.Advance(TimeSpan.FromSeconds(1));
                audit.Add(kari, "test", "test.paging", null, null, null, true, $"Oppføring {i:00}");
            }
            await scope.ServiceProvider.GetRequiredService<Samplan.Data.SamplanDb>().SaveChangesAsync();
        }

        var first = await officer.GetAsync("/admin/audit?action=test.paging");
        var second = await officer.GetAsync("/admin/audit?action=test.paging&p=2");

        Assert.Contains("Oppføring 60", first.Html, StringComparison.Ordinal);
        Assert.Contains("Oppføring 11", first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Oppføring 10", first.Html, StringComparison.Ordinal);
        Assert.True(first.Html.IndexOf("Oppføring 60", StringComparison.Ordinal) < first.Html.IndexOf("Oppføring 59", StringComparison.Ordinal));
        Assert.Contains("/admin/audit?action=test.paging&p=2", first.Html, StringComparison.Ordinal);
        Assert.Contains("Oppføring 10", second.Html, StringComparison.Ordinal);
        Assert.Contains("Oppføring 01", second.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Oppføring 11", second.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_by_date_range_uses_norwegian_days()
    {
        var officer = await Browser.SignedInAsync(App, "personvern");
        // The demo data is written at 09:00 UTC on 23.11.2026 (10:00 in Oslo).
        var on = await officer.GetAsync("/admin/audit?action=plan.change&from=2026-11-23&to=2026-11-23");
        var before = await officer.GetAsync("/admin/audit?action=plan.change&to=2026-11-22");
        var wrongWay = await officer.GetAsync("/admin/audit?from=2026-11-23&to=2026-11-22");

        Assert.Contains("Kari Nordmann", on.Html, StringComparison.Ordinal);
        Assert.Contains("Ingen oppføringer passet med søket.", before.Html, StringComparison.Ordinal);
        Assert.Contains("Til-datoen kan ikke være før fra-datoen.", wrongWay.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_export_holds_the_search_with_a_header_bom_and_escaped_fields()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        await ToneTriesToOpenAsync(planId);
        var kari = await Browser.SignedInAsync(App, "kari");
        await kari.GetAsync("/persons?q=" + Uri.EscapeDataString("a\"b;c"));
        var officer = await Browser.SignedInAsync(App, "personvern");

        var (status, contentType, body) = await officer.DownloadAsync("/admin/audit/export?user=tone&outcome=denied");
        var (_, _, kariBody) = await officer.DownloadAsync("/admin/audit/export?user=kari&action=person.search");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("text/csv", contentType, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body[..3]);
        var lines = Encoding.UTF8.GetString(body, 3, body.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(";", ExportModel.Header), lines[0]);
        Assert.StartsWith("Nr;Tidspunkt (norsk tid);", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines[1..]);
        Assert.Contains(";tone;ikke deltaker;Bjørkvik kommune;plan.read;Overview;" + planId + ";", row, StringComparison.Ordinal);
        Assert.Contains(";avvist;nei;;Ikke deltaker i planen;", row, StringComparison.Ordinal);
        var kariText = Encoding.UTF8.GetString(kariBody, 3, kariBody.Length - 3);
        Assert.Contains(";\"navn «a\"\"b;c»: 0 treff\";", kariText, StringComparison.Ordinal);
        Assert.Single(await AuditAsync("personvern", "audit.export"), e => e.Reason.Contains("bruker «tone»", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_fields_are_quoted_and_formulas_defused()
    {
        Assert.Equal("vanlig", AuditSearchPageModel.Csv("vanlig"));
        Assert.Equal("\"a;b\"", AuditSearchPageModel.Csv("a;b"));
        Assert.Equal("\"si \"\"hei\"\"\"", AuditSearchPageModel.Csv("si \"hei\""));
        Assert.Equal("\"to\nlinjer\"", AuditSearchPageModel.Csv("to\nlinjer"));
        Assert.Equal("'=SUM(A1)", AuditSearchPageModel.Csv("=SUM(A1)"));
        Assert.Equal("", AuditSearchPageModel.Csv(null));
    }

    [Fact]
    public async Task An_administrator_may_verify_the_log_but_not_read_it()
    {
        var admin = await Browser.SignedInAsync(App, "admin");

        var search = await admin.GetAsync("/admin/audit");
        var export = await admin.DownloadAsync("/admin/audit/export");
        var verify = await admin.GetAsync("/admin/audit/verify");

        Assert.Equal(HttpStatusCode.Forbidden, search.Status);
        Assert.Equal(HttpStatusCode.Forbidden, export.Status);
        Assert.Equal(HttpStatusCode.OK, verify.Status);
        Assert.Contains("data-result=\"intact\"", verify.Html, StringComparison.Ordinal);
        Assert.Equal(2, (await AuditAsync("admin", "audit.denied")).Count);
        Assert.Single(await AuditAsync("admin", "audit.verify"));
    }

    [Fact]
    public async Task Staff_get_403_on_the_log_pages()
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        Assert.Equal(HttpStatusCode.Forbidden, (await kari.GetAsync("/admin/audit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await kari.DownloadAsync("/admin/audit/export")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await kari.GetAsync("/admin/audit/verify")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await kari.GetAsync("/my/plan/readers")).Status);
    }

    [Fact]
    public async Task The_verify_page_points_at_the_first_broken_entry()
    {
        await using (var db = App.NewDb())
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditLog\" SET \"UserName\" = {"noen andre"} WHERE \"Sequence\" = {3L}");
        var officer = await Browser.SignedInAsync(App, "personvern");

        var page = await officer.GetAsync("/admin/audit/verify");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-result=\"broken\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Første brudd er ved oppføring nr. 3 ", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arne_sees_who_read_his_plan_and_who_tried()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        await ReadsAsync("kari", planId);
        await ToneTriesToOpenAsync(planId);
        var arne = await Browser.SignedInAsync(App, "arne");

        var page = await arne.GetAsync("/my/plan/readers");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Arne Johansen", page.Html, StringComparison.Ordinal);
        Assert.Contains("Kari Nordmann, koordinator, Bjørkvik kommune", page.Html, StringComparison.Ordinal);
        Assert.Contains("leste planen", page.Html, StringComparison.Ordinal);
        Assert.Contains("Tone Lund, ikke med i planarbeidet, Bjørkvik kommune", page.Html, StringComparison.Ordinal);
        Assert.Contains(Denied, page.Html, StringComparison.Ordinal);
        Assert.Contains("23.11.2026 10:00", page.Html, StringComparison.Ordinal);
        // Newest first: tone tried after kari read.
        Assert.True(page.Html.IndexOf(Denied, StringComparison.Ordinal) < page.Html.IndexOf("leste planen", StringComparison.Ordinal));
        var audited = Assert.Single(await AuditAsync("arne", "audit.readers"));
        Assert.Equal(planId, audited.PlanId);
        Assert.True(audited.Allowed);
    }

    [Fact]
    public async Task Emergency_access_is_highlighted_for_the_person_and_found_by_the_privacy_officer()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var (arneId, _) = await PersonAsync("Arne Johansen");
        await using (var scope = App.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(await App.UserAsync("sofie"), "nødtilgang",
                "plan.emergency-read", planId, arneId, "Overview", true, "Nødtilgang", "Akutt innlagt, kan ikke svare selv", emergency: true);
        var arne = await Browser.SignedInAsync(App, "arne");
        var officer = await Browser.SignedInAsync(App, "personvern");

        var readers = await arne.GetAsync("/my/plan/readers");
        var review = await officer.GetAsync("/admin/audit?emergency=true");

        Assert.Contains("Sofie Dahl", readers.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"emergency\"", readers.Html, StringComparison.Ordinal);
        Assert.Contains("Nødtilgang", readers.Html, StringComparison.Ordinal);
        Assert.Contains("åpnet planen med nødtilgang", readers.Html, StringComparison.Ordinal);
        Assert.Contains("Akutt innlagt, kan ikke svare selv", readers.Html, StringComparison.Ordinal);
        Assert.Contains("sofie (Sofie Dahl)", review.Html, StringComparison.Ordinal);
        Assert.Contains("Akutt innlagt, kan ikke svare selv", review.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Kari Nordmann", review.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emmas_mother_sees_who_read_emmas_plan()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        await ReadsAsync("erik", planId);
        var mother = await Browser.SignedInAsync(App, "emma.mor");
        // S2: she represents Emma and Emma's brother, so she chooses whom she acts for first.
        var (emmaId, _) = await PersonAsync("Emma Larsen");
        Assert.Equal(HttpStatusCode.Redirect, (await mother.SubmitAsync("/my/representing", new() { ["PersonId"] = emmaId.ToString() })).Status);

        var page = await mother.GetAsync("/my/plan/readers");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Emma Larsen", page.Html, StringComparison.Ordinal);
        Assert.Contains("barnet ditt", page.Html, StringComparison.Ordinal);
        Assert.Contains("Erik Strand, tjenesteyter, Bjørkvik skole", page.Html, StringComparison.Ordinal);
        var audited = Assert.Single(await AuditAsync("emma.mor", "audit.readers"));
        Assert.Equal(planId, audited.PlanId);
        Assert.Equal("forelder", audited.Role);
    }

    [Fact]
    public async Task Arne_cannot_see_who_read_emmas_plan()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var (emmaId, _) = await PersonAsync("Emma Larsen");
        await ReadsAsync("erik", planId);
        var arne = await Browser.SignedInAsync(App, "arne");

        // The page takes no person or plan from the request; whatever is asked, it shows Arne's own.
        foreach (var url in new[] { "/my/plan/readers", $"/my/plan/readers?personId={emmaId}&planId={planId}&id={planId}" })
        {
            var page = await arne.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("Arne Johansen", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Emma Larsen", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Erik Strand", page.Html, StringComparison.Ordinal);
        }
        Assert.All(await AuditAsync("arne", "audit.readers"), e => Assert.NotEqual(planId, e.PlanId));
    }

    [Fact]
    public async Task The_privacy_officer_and_citizens_see_their_own_menu_links()
    {
        var officer = await (await Browser.SignedInAsync(App, "personvern")).GetAsync("/");
        // R12: a citizen starts on their own plan (/ redirects there).
        var arne = await (await Browser.SignedInAsync(App, "arne")).GetAsync("/my/plan");

        Assert.Contains("href=\"/admin/audit\"", officer.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/my/plan/readers\"", arne.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/admin/audit\"", arne.Html, StringComparison.Ordinal);
    }
}
