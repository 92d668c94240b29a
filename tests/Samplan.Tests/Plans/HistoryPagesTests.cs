using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Tests.Plans;

/// <summary>
/// R5 history, comparison and the R4 print view, through HTTP on a real SQLite file with the demo data.
/// Self-contained (its own small fixture) so it does not depend on the shared fixture's API; move it onto
/// the shared fixture at merge if that one offers the same: a seeded app and "sign in as".
/// </summary>
public sealed partial class HistoryPagesTests(HistoryPagesTests.DemoApp app) : IClassFixture<HistoryPagesTests.DemoApp>
{
    [Fact]
    public async Task History_lists_revisions_newest_first_with_who_and_what_R5()
    {
        var kari = await app.SignInAsync("kari");
        var plan = await app.PlanIdAsync("Knut Holm");

        var response = await kari.GetAsync($"/plans/{plan}/history");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(html.IndexOf("Versjon 3", StringComparison.Ordinal) < html.IndexOf("Versjon 1", StringComparison.Ordinal));
        Assert.Contains("av Kari Nordmann", html);
        Assert.Contains("Planen avsluttet: Knut er tilbake i full jobb", html);
        Assert.Matches(@"Lagret \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", html);
        Assert.Contains($"action=\"/plans/{plan}/compare\"", html);
        Assert.Contains($"href=\"/plans/{plan}\"", html);
    }

    [Fact]
    public async Task Compare_shows_removed_and_added_lines_with_text_not_only_colour()
    {
        var kari = await app.SignInAsync("kari");
        var plan = await app.PlanIdAsync("Knut Holm");

        var response = await kari.GetAsync($"/plans/{plan}/compare?from=2&to=3");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong>Fjernet:</strong> <del>Status: Aktiv</del>", html);
        Assert.Contains("<strong>Lagt til:</strong> <ins>Status: Avsluttet</ins>", html);
        Assert.Contains("<details>", html);
    }

    [Fact]
    public async Task Compare_swaps_versions_given_newest_first()
    {
        var kari = await app.SignInAsync("kari");
        var plan = await app.PlanIdAsync("Knut Holm");

        var response = await kari.GetAsync($"/plans/{plan}/compare?from=3&to=1");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("versjon 1 sammenlignet med versjon 3", html);
        Assert.Contains("<ins>Status: Avsluttet</ins>", html);
    }

    [Theory]
    [InlineData("from=2&to=2", "Velg to forskjellige versjoner")]
    [InlineData("from=abc&to=2", "Versjonene må være hele tall")]
    [InlineData("from=1", "Versjonene må være hele tall")]
    [InlineData("from=-1&to=2", "Versjonene må være hele tall")]
    [InlineData("from=99999999999&to=2", "Versjonene må være hele tall")]
    [InlineData("from=1&to=9", "Versjon 9 finnes ikke. Planen har versjon 1 til 3.")]
    public async Task Compare_with_bad_input_is_400_with_a_message_never_500(string query, string message)
    {
        var kari = await app.SignInAsync("kari");
        var plan = await app.PlanIdAsync("Knut Holm");

        var response = await kari.GetAsync($"/plans/{plan}/compare?{query}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains("name=\"from\"", html);
    }

    [Fact]
    public async Task Print_holds_the_whole_plan_and_the_footer_R4()
    {
        var kari = await app.SignInAsync("kari");
        var plan = await app.PlanIdAsync("Emma Larsen");

        var response = await kari.GetAsync($"/plans/{plan}/print");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("print.", html); // _PrintLayout's stylesheet, not the site layout
        Assert.DoesNotContain("site-header", html);
        foreach (var expected in new[]
                 {
                     "Emma Larsen", "14.03.2016", "Å være med vennene mine", "Delmål: Sykle trygt", "Kroppsfunksjon og kroppsstruktur",
                     "Balansetrening og vurdering av hjelpemidler", "Kari Nordmann", "45 minutter, 2 ganger i uka",
                     "Ergoterapeut på skolen i gymtimen", "Samtykke fra Lene Larsen", "PPT Bjørkvik", "https://skole.example/iop/emma",
                     "Taushetsbelagt – skal ikke deles utenfor samtykket",
                 })
            Assert.Contains(expected, html);
        Assert.Matches(@"Utskrevet \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} av Kari Nordmann, versjon 3", html);
    }

    [Fact]
    public async Task Print_of_a_closed_plan_shows_the_closing_decision_R10()
    {
        var kari = await app.SignInAsync("kari");
        var html = WebUtility.HtmlDecode(await kari.GetStringAsync($"/plans/{await app.PlanIdAsync("Knut Holm")}/print"));

        Assert.Contains("Avsluttet", html);
        Assert.Contains("Knut er tilbake i full jobb og trenger ikke lenger koordinerte tjenester.", html);
    }

    [Fact]
    public async Task Print_says_whether_an_interpreter_is_needed_L1()
    {
        var kari = await app.SignInAsync("kari");
        var html = WebUtility.HtmlDecode(await kari.GetStringAsync($"/plans/{await app.PlanIdAsync("Emma Larsen")}/print"));

        Assert.Contains("Trenger ikke tolk", html);
    }

    [Theory]
    [InlineData("history")]
    [InlineData("compare?from=1&to=2")]
    [InlineData("compare?from=x")]
    [InlineData("print")]
    public async Task Non_participant_gets_404_R8(string page)
    {
        var tone = await app.SignInAsync("tone");
        var plan = await app.PlanIdAsync("Emma Larsen");

        var response = await tone.GetAsync($"/plans/{plan}/{page}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Emma", html);
    }

    [Fact]
    public async Task A_participant_does_not_see_the_history_since_it_shows_all_of_the_plan_R8()
    {
        // Emma's consent lets ola see every kind of information, yet the history holds whole snapshots that
        // another participant's consent may not cover; only the coordinator and the person read it.
        var ola = await app.SignInAsync("ola");
        var plan = await app.PlanIdAsync("Emma Larsen");

        var history = await ola.GetAsync($"/plans/{plan}/history");
        var page = await ola.GetAsync($"/plans/{plan}");

        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("history")]
    [InlineData("print")]
    public async Task Anonymous_is_sent_to_sign_in(string page)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/plans/{await app.PlanIdAsync("Emma Larsen")}/{page}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Reading_history_and_printing_are_audited()
    {
        var kari = await app.SignInAsync("kari");
        var plan = await app.PlanIdAsync("Astrid Solberg");
        await kari.GetAsync($"/plans/{plan}/history");
        await kari.GetAsync($"/plans/{plan}/print");

        using var scope = app.Services.CreateScope();
        var parts = await scope.ServiceProvider.GetRequiredService<SamplanDb>().AuditEntries
            .Where(a => a.PlanId == plan && a.Action == "plan.read").Select(a => a.Part).ToListAsync();
        Assert.Contains("History", parts);
        Assert.Contains("Print", parts);
    }

    /// <summary>The app on a fresh SQLite file with the demo data.</summary>
    public sealed partial class DemoApp : WebApplicationFactory<Program>, IAsyncLifetime
    {
        readonly string _file = Path.Combine(Path.GetTempPath(), $"samplan-history-{Guid.NewGuid():N}.db");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Samplan", $"Data Source={_file}");
            // Many sign-ins from one in-process address; the sign-in limit has its own tests.
            builder.UseSetting("Security:SignInPerAddress", "100000");
            builder.UseSetting("Security:SignInPerUserName", "100000");
        }

        public async Task InitializeAsync()
        {
            using var scope = Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SamplanDb>();
            await Database.MigrateAsync(db);
            if (!await db.UserAccounts.AnyAsync()) await DemoData.SeedAsync(db, TimeProvider.System);
        }

        Task IAsyncLifetime.DisposeAsync()
        {
            Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
            return Task.CompletedTask;
        }

        public async Task<Guid> PlanIdAsync(string personName)
        {
            using var scope = Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SamplanDb>();
            return await (from p in db.Plans join person in db.Persons on p.PersonId equals person.Id
                          where person.Name == personName select p.Id).SingleAsync();
        }

        public async Task<HttpClient> SignInAsync(string userName)
        {
            var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var form = await client.GetStringAsync("/account/sign-in");
            var token = TokenPattern().Match(form).Groups[1].Value;
            var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = userName,
                ["Password"] = DemoData.Password,
                ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return client;
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();
    }
}
