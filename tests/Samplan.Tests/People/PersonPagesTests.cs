using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.People;

public sealed class PersonPagesOnSqlite : PersonPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PersonPagesOnPostgreSql(PostgresCluster cluster) : PersonPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The person pages over HTTP on the demo data: /persons, /persons/new, /persons/{id}, /persons/{id}/edit.
/// Written against the Infrastructure (AppTests, Browser, SamplanFactory) of the tests branch.
/// </summary>
public abstract class PersonPagesTests : AppTests
{
    // Synthetic (month + 80) numbers not used by the demo data; born 01.01.1985.
    const string NewNumber = "01818510078";
    const string OtherNewNumber = "01818510159";

    async Task<(Guid Id, string Number)> PersonAsync(string name)
    {
        await using var db = App.NewDb();
        var p = await db.Persons.Where(x => x.Name == name).Select(x => new { x.Id, x.NationalIdentityNumber }).SingleAsync();
        return (p.Id, p.NationalIdentityNumber);
    }

    async Task<List<(string Action, Guid? PersonId, bool Allowed, string Reason)>> AuditAsync(string userName, string action)
    {
        await using var db = App.NewDb();
        var rows = await db.AuditEntries.Where(e => e.UserName == userName && e.Action == action).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.PersonId, e.Allowed, e.Reason }).ToListAsync();
        return [.. rows.Select(r => (r.Action, r.PersonId, r.Allowed, r.Reason))];
    }

    static Dictionary<string, string> NewPerson(string number, string name = "Øyvind Sørensen") => new()
    {
        ["NationalIdentityNumber"] = number,
        ["Contact.Name"] = name,
        ["Contact.Phone"] = "900 00 000",
        ["Language.Code"] = "nb",
    };

    [Theory]
    [InlineData("/persons")]
    [InlineData("/persons?q=emma")]
    [InlineData("/persons/new")]
    public async Task A_user_who_is_not_staff_gets_403(string url)
    {
        var admin = await Browser.SignedInAsync(App, "admin");

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(url)).Status);
        Assert.Contains(await AuditAsync("admin", "person.denied"), e => !e.Allowed);
    }

    [Fact]
    public async Task A_user_who_is_not_staff_gets_403_on_a_person_and_its_edit_page()
    {
        var (emma, _) = await PersonAsync("Emma Larsen");
        var admin = await Browser.SignedInAsync(App, "admin");

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/persons/{emma}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/persons/{emma}/edit")).Status);
    }

    [Fact]
    public async Task Anonymous_is_sent_to_sign_in()
    {
        var page = await Browser.Open(App).GetAsync("/persons");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/account/sign-in", page.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Name_search_is_case_insensitive_and_links_only_plans_the_user_may_read_R8()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var emmaPlan = await App.PlanIdOfAsync("Emma Larsen");
        var saraPlan = await App.PlanIdOfAsync("Sara Nilsen"); // Hanne's draft in Fjellstad

        var page = await kari.GetAsync("/persons?q=AR");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Arne Johansen", page.Html);
        Assert.Contains("Emma Larsen", page.Html);
        Assert.Contains("Sara Nilsen", page.Html);
        Assert.Contains($"/plans/{emmaPlan}", page.Html);
        Assert.DoesNotContain(saraPlan.ToString(), page.Html);
        Assert.Contains(await AuditAsync("kari", "person.search"), e => e.Reason.Contains("«AR»") && e.Reason.Contains("3 treff"));
    }

    [Fact]
    public async Task A_name_search_needs_two_letters()
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync("/persons?q=a");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Skriv minst 2 tegn av navnet.", page.Html);
        Assert.Empty(await AuditAsync("kari", "person.search"));
    }

    [Fact]
    public async Task Like_wildcards_in_the_query_are_taken_literally()
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync("/persons?q=" + Uri.EscapeDataString("a%"));

        Assert.Contains("Ingen personer passet med søket.", page.Html);
    }

    [Fact]
    public async Task Search_by_identity_number_is_exact_and_the_log_holds_only_a_masked_number()
    {
        var (emma, number) = await PersonAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync($"/persons?q={number}");

        Assert.Contains("Emma Larsen", page.Html);
        Assert.DoesNotContain("Arne Johansen", page.Html);
        var entry = Assert.Single(await AuditAsync("kari", "person.search"));
        Assert.Equal(emma, entry.PersonId);
        Assert.Equal($"fnr ******{number[6..]}: 1 treff", entry.Reason);
        Assert.DoesNotContain(number, entry.Reason);
    }

    [Fact]
    public async Task An_incomplete_identity_number_is_refused_with_a_message()
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync("/persons?q=12345");

        Assert.Contains("Søk på fødselsnummer krever alle 11 sifrene.", page.Html);
    }

    [Theory]
    [InlineData("øyvind")]
    [InlineData("SØRENSEN")]
    [InlineData("Øyvind sør")]
    [InlineData("øyvind SØR")]
    public async Task Name_search_folds_case_of_norwegian_letters_on_every_provider(string query)
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync("/persons/new", NewPerson(NewNumber))).Status);

        var page = await kari.GetAsync("/persons?q=" + Uri.EscapeDataString(query));

        Assert.Contains("Øyvind Sørensen", page.Html);
    }

    /// <summary>
    /// Issue 8: a name search of three letters or more goes through the names' trigram index (pg_trgm on PostgreSQL, the
    /// FTS5 table PersonNames on SQLite, kept by triggers), which must follow every new and renamed person.
    /// </summary>
    [Fact]
    public async Task The_trigram_index_of_names_follows_new_and_renamed_persons()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync("/persons/new", NewPerson(NewNumber))).Status);
        Assert.Contains("Øyvind Sørensen", (await kari.GetAsync("/persons?q=rensen")).Html);

        await using (var db = App.NewDb())
        {
            var person = await db.Persons.SingleAsync(p => p.NationalIdentityNumber == NewNumber);
            person.UpdateContact("Øyvind Kvalheim", null, null);
            await db.SaveChangesAsync();
        }
        Assert.Contains("Øyvind Kvalheim", (await kari.GetAsync("/persons?q=KVALH")).Html);
        Assert.Contains("Ingen personer passet med søket.", (await kari.GetAsync("/persons?q=rensen")).Html);

        await using var check = App.NewDb();
        if (App.Provider == "Sqlite")
            Assert.Equal(await check.Persons.CountAsync(),
                await check.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"PersonNames\" WHERE \"PersonId\" IN (SELECT \"Id\" FROM \"Persons\")").SingleAsync());
        else
            Assert.Equal(1, await check.Database.SqlQuery<int>(
                $"SELECT COUNT(*)::int AS \"Value\" FROM pg_indexes WHERE indexname = 'IX_Persons_Name_Trigrams' AND indexdef LIKE '%gin_trgm_ops%'").SingleAsync());
    }

    [Fact]
    public async Task Registering_a_person_redirects_to_the_person_page_and_is_audited()
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        var posted = await kari.SubmitAsync("/persons/new", NewPerson("018185 10078"));

        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        var (id, number) = await PersonAsync("Øyvind Sørensen");
        Assert.Equal(NewNumber, number);
        Assert.Equal($"/persons/{id}", posted.Location!.AbsolutePath);
        var page = await kari.GetAsync(posted.Location.PathAndQuery);
        Assert.Contains("Øyvind Sørensen er registrert.", page.Html);
        Assert.Contains("01.01.1985", page.Html);
        Assert.Contains(await AuditAsync("kari", "person.create"), e => e.PersonId == id);
        Assert.Contains(await AuditAsync("kari", "person.read"), e => e.PersonId == id);
    }

    [Theory]
    [InlineData("123", "Fødselsnummeret må ha 11 sifre.")]
    [InlineData("01818510079", "Fødselsnummeret har feil kontrollsiffer. Sjekk at alle sifrene er riktige.")]
    [InlineData("", "Oppgi fødselsnummer.")]
    public async Task An_invalid_identity_number_is_shown_on_the_form_not_a_500(string number, string message)
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.SubmitAsync("/persons/new", NewPerson(number));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Html);
        Assert.Contains("data-valmsg-for=\"NationalIdentityNumber\"", page.Html);
        Assert.Empty(await AuditAsync("kari", "person.create"));
    }

    [Fact]
    public async Task A_person_who_needs_an_interpreter_needs_an_interpreter_language_L1()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var fields = NewPerson(NewNumber);
        fields["Language.NeedsInterpreter"] = "true";
        fields["Language.InterpreterLanguage"] = "";

        var page = await kari.SubmitAsync("/persons/new", fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Oppgi hvilket språk tolken skal tolke til når personen trenger tolk. (L1)", page.Html);
    }

    [Fact]
    public async Task Other_language_without_text_is_refused_L1()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var fields = NewPerson(NewNumber);
        fields["Language.Code"] = "other";

        var page = await kari.SubmitAsync("/persons/new", fields);

        Assert.Contains("Oppgi personens foretrukne språk. (L1)", page.Html);
    }

    [Fact]
    public async Task A_registered_identity_number_is_refused_with_a_link_to_the_person()
    {
        var (emma, number) = await PersonAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.SubmitAsync("/persons/new", NewPerson(number, "Noen Andre"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Det er allerede registrert en person med dette fødselsnummeret.", page.Html);
        Assert.Contains($"href=\"/persons/{emma}\"", page.Html);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/edit")]
    public async Task An_unknown_person_is_404(string suffix)
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync($"/persons/{Guid.NewGuid()}{suffix}")).Status);
    }

    [Fact]
    public async Task The_person_page_shows_interpreter_need_and_the_coordinator_only_appointment_to_the_coordinator_L1_C1()
    {
        var (fatima, _) = await PersonAsync("Fatima Ali");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync($"/persons/{fatima}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Trenger kvalifisert tolk (arabisk). Ikke bruk barn eller familie som tolk.", page.Html);
        Assert.Contains("Koordinator uten individuell plan", page.Html);
        Assert.Contains($"/plans/start/{fatima}", page.Html);
        Assert.Contains(await AuditAsync("kari", "person.read"), e => e.PersonId == fatima);
    }

    [Theory]
    [InlineData("tone")]  // same municipality, not coordinating unit
    [InlineData("hanne")] // coordinating unit of another municipality
    public async Task The_coordinator_only_appointment_is_not_shown_to_other_staff(string user)
    {
        var (fatima, _) = await PersonAsync("Fatima Ali");
        var browser = await Browser.SignedInAsync(App, user);

        var page = await browser.GetAsync($"/persons/{fatima}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("Koordinator uten individuell plan", page.Html);
    }

    [Fact]
    public async Task A_plan_the_user_may_not_read_is_not_hinted_at_R8()
    {
        var (sara, _) = await PersonAsync("Sara Nilsen");
        var saraPlan = await App.PlanIdOfAsync("Sara Nilsen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var hanne = await Browser.SignedInAsync(App, "hanne");

        var asKari = await kari.GetAsync($"/persons/{sara}");
        var asHanne = await hanne.GetAsync($"/persons/{sara}");

        Assert.DoesNotContain(saraPlan.ToString(), asKari.Html);
        Assert.Contains("Ingen individuell plan å vise.", asKari.Html);
        Assert.Contains($"/plans/start/{sara}", asKari.Html);
        Assert.Contains($"/plans/{saraPlan}", asHanne.Html);
        Assert.Contains("Under arbeid", asHanne.Html);
        Assert.DoesNotContain($"/plans/start/{sara}", asHanne.Html); // R2: one open plan per person
    }

    [Fact]
    public async Task The_person_page_lists_parents_with_their_kind_S2()
    {
        var (emma, _) = await PersonAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var page = await kari.GetAsync($"/persons/{emma}");

        Assert.Contains("Lene Larsen", page.Html);
        Assert.Contains("Forelder med foreldreansvar", page.Html);
        Assert.Contains("(10 år)", page.Html); // clock: 23.11.2026, born 14.03.2016
    }

    [Fact]
    public async Task Editing_contact_and_language_is_saved_and_audited()
    {
        var (arne, _) = await PersonAsync("Arne Johansen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var edit = $"/persons/{arne}/edit";

        var posted = await kari.SubmitAsync(edit, new()
        {
            ["Contact.Name"] = "Arne Johansen",
            ["Contact.Address"] = "Fjordveien 2",
            ["Language.Code"] = "se",
            ["Language.NeedsInterpreter"] = "true",
            ["Language.InterpreterLanguage"] = "nordsamisk",
        }, edit + "?handler=Details");

        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        var page = await kari.GetAsync($"/persons/{arne}");
        Assert.Contains("Fjordveien 2", page.Html);
        Assert.Contains("Samisk", page.Html);
        Assert.Contains("Trenger kvalifisert tolk (nordsamisk)", page.Html);
        Assert.Contains(await AuditAsync("kari", "person.change"), e => e.PersonId == arne);
    }

    [Fact]
    public async Task Editing_with_interpreter_but_no_language_is_refused_L1()
    {
        var (arne, _) = await PersonAsync("Arne Johansen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var edit = $"/persons/{arne}/edit";

        var page = await kari.SubmitAsync(edit, new()
        {
            ["Contact.Name"] = "Arne Johansen",
            ["Language.Code"] = "nb",
            ["Language.NeedsInterpreter"] = "true",
        }, edit + "?handler=Details");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("(L1)", page.Html);
        Assert.Empty(await AuditAsync("kari", "person.change"));
    }

    [Fact]
    public async Task A_third_parent_with_responsibility_is_refused_S2()
    {
        var (emma, _) = await PersonAsync("Emma Larsen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var edit = $"/persons/{emma}/edit";

        var page = await kari.SubmitAsync(edit, new() { ["Relation.Name"] = "Tredje Forelder", ["Relation.Kind"] = "ParentWithResponsibility" },
            edit + "?handler=AddRelation");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Et barn har høyst to med foreldreansvar registrert. (S2)", page.Html);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("Foo")]
    public async Task A_missing_or_tampered_relation_kind_gets_a_norwegian_message(string kind)
    {
        var (arne, _) = await PersonAsync("Arne Johansen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var edit = $"/persons/{arne}/edit";

        var page = await kari.SubmitAsync(edit, new() { ["Relation.Name"] = "Noen", ["Relation.Kind"] = kind }, edit + "?handler=AddRelation");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Velg hva slags relasjon det er.", page.Html);
    }

    [Fact]
    public async Task A_guardian_can_be_added_and_removed_S3()
    {
        var (arne, _) = await PersonAsync("Arne Johansen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var edit = $"/persons/{arne}/edit";

        var added = await kari.SubmitAsync(edit, new()
        {
            ["Relation.Name"] = "Verge Vergesen",
            ["Relation.Kind"] = "Guardian",
            ["Relation.GuardianForPersonalMatters"] = "true",
        }, edit + "?handler=AddRelation");
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        Assert.Contains("verge i personlige forhold", (await kari.GetAsync($"/persons/{arne}")).Html);

        Guid guardian;
        await using (var db = App.NewDb())
            guardian = await db.RelatedPersons.Where(r => r.PersonId == arne && r.Name == "Verge Vergesen").Select(r => r.Id).SingleAsync();
        var removed = await kari.SubmitAsync(edit, new() { ["relationId"] = guardian.ToString() }, edit + "?handler=RemoveRelation");

        Assert.Equal(HttpStatusCode.Redirect, removed.Status);
        Assert.Contains("Verge Vergesen er fjernet.", (await kari.GetAsync(removed.Location!.PathAndQuery)).Html);
        Assert.DoesNotContain("verge i personlige forhold", (await kari.GetAsync($"/persons/{arne}")).Html);
        Assert.Equal(2, (await AuditAsync("kari", "person.change")).Count(e => e.PersonId == arne));
    }
}
