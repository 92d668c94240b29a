using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Plans;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Evaluations;

public sealed class PlanLogPagesOnSqlite : PlanLogPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PlanLogPagesOnPostgreSql(PostgresCluster cluster) : PlanLogPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The plan log through the real pages: entries are filtered by the kind of information they hold (R8), the person
/// writes in their own log (R12), outsiders get 404 (audited), and a correction is a new entry pointing to the old (R5).
/// </summary>
public abstract class PlanLogPagesTests : AppTests
{
    const string HealthEntry = "Blodtrykket var høyt etter treningen.";
    const string GoalsEntry = "Emma syklet hele veien til skolen med Sofie.";

    static Task<Page> WriteAsync(Browser browser, Guid planId, string text, InformationKind kind, Guid? corrects = null)
    {
        var fields = new Dictionary<string, string> { ["On"] = "2026-11-22", ["Text"] = text, ["Kind"] = kind.ToString() };
        if (corrects is { } id) fields["Corrects"] = id.ToString();
        var url = $"/plans/{planId}/log";
        return browser.SubmitAsync(corrects is { } c ? $"{url}?corrects={c}" : url, fields, url);
    }

    /// <summary>A new consent for the teacher as the demo's, but sharing the plan log too (still no health information).</summary>
    async Task ShareTheLogWithTheTeacherAsync(Guid planId)
    {
        await using var db = App.NewDb();
        var plan = await db.Plans.Include(p => p.Participants).Include(p => p.Consents).ThenInclude(c => c.Recipients)
            .SingleAsync(p => p.Id == planId);
        var person = await db.Persons.Include(p => p.Relations).SingleAsync(p => p.Id == plan.PersonId);
        var mother = person.Relations.Single(r => r.Name == "Lene Larsen");
        var teacher = ParticipantNamed(plan, "Erik Strand");
        plan.RecordConsent(new ConsentDeclaration(mother.Id, ConsentForm.Written, new DateOnly(2026, 11, 23), null, true, true), person,
            plan.CoordinatorStaffId!.Value, new ConsentSharing(
                new HashSet<InformationKind> { InformationKind.GoalsAndMeasures, InformationKind.SchoolInformation, InformationKind.PlanLog },
                new HashSet<InformationKind> { InformationKind.HealthInformation }, new HashSet<Guid> { teacher.Id }, new HashSet<Guid>(),
                "Tilrettelegging på skolen"));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_teacher_sees_goals_entries_but_not_health_entries_and_cannot_tag_health_R8()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var erik = await Browser.SignedInAsync(App, "erik");
        // The demo consent does not share the plan log with the school: the log is not there for him.
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync($"/plans/{planId}/log")).Status);

        var ola = await Browser.SignedInAsync(App, "ola");
        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(ola, planId, HealthEntry, InformationKind.HealthInformation)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(ola, planId, GoalsEntry, InformationKind.GoalsAndMeasures)).Status);
        var olaLog = await ola.GetAsync($"/plans/{planId}/log");
        Assert.Contains(HealthEntry, olaLog.Html, StringComparison.Ordinal);
        Assert.Contains(GoalsEntry, olaLog.Html, StringComparison.Ordinal);

        await ShareTheLogWithTheTeacherAsync(planId);
        var log = await erik.GetAsync($"/plans/{planId}/log");
        Assert.Equal(HttpStatusCode.OK, log.Status);
        Assert.Contains(GoalsEntry, log.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(HealthEntry, log.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Balansetest", log.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"HealthInformation\"", log.Html, StringComparison.Ordinal);

        // He may not tag what he may not see himself.
        var refused = await WriteAsync(erik, planId, "Emma var sliten i dag.", InformationKind.HealthInformation);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("(R8)", refused.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(erik, planId, "Emma leste høyt for klassen.", InformationKind.SchoolInformation)).Status);
        await using var db = App.NewDb();
        Assert.False(await db.PlanLogEntries.AnyAsync(e => e.Text == "Emma var sliten i dag."));
        var school = await db.PlanLogEntries.SingleAsync(e => e.Text == "Emma leste høyt for klassen.");
        Assert.Equal((InformationKind.SchoolInformation, "Erik Strand", "Tjenesteyter"), (school.Kind, school.AuthorName, school.AuthorRole));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "erik" && e.PlanId == planId && e.Part == "Log" && e.Allowed));
    }

    [Fact]
    public async Task The_person_writes_and_reads_their_own_log_and_outsiders_get_404_R12_R8()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arne = await Browser.SignedInAsync(App, "arne");

        var written = await WriteAsync(arne, planId, "Jeg gikk til postkassen alene.", InformationKind.PlanLog);

        Assert.Equal(HttpStatusCode.Redirect, written.Status);
        var log = await arne.GetAsync($"/plans/{planId}/log");
        Assert.Equal(HttpStatusCode.OK, log.Status);
        Assert.Contains("Jeg gikk til postkassen alene.", log.Html, StringComparison.Ordinal);
        Assert.Contains("Personen selv", log.Html, StringComparison.Ordinal);
        var kari = await Browser.SignedInAsync(App, "kari");
        Assert.Contains("Jeg gikk til postkassen alene.", (await kari.GetAsync($"/plans/{planId}/log")).Html, StringComparison.Ordinal);

        foreach (var outsider in new[] { "tone", "admin" })
        {
            var browser = await Browser.SignedInAsync(App, outsider);
            var page = await browser.GetAsync($"/plans/{planId}/log");
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.DoesNotContain("postkassen", page.Html, StringComparison.Ordinal);
        }
        // Arne may not write in another person's plan: it does not exist for him.
        var emmaPlan = await App.PlanIdOfAsync(EmmaName);
        Assert.Equal(HttpStatusCode.NotFound, (await arne.GetAsync($"/plans/{emmaPlan}/log")).Status);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "tone" && e.PlanId == planId && e.Part == "Log" && !e.Allowed));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "arne" && e.Action == "plan.log.write" && e.PlanId == planId));
    }

    [Fact]
    public async Task A_correction_is_a_new_entry_and_the_old_one_is_shown_as_corrected_R5()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var kari = await Browser.SignedInAsync(App, "kari");
        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(kari, planId, "Hjemmebesøk tirsdag.", InformationKind.GoalsAndMeasures)).Status);
        Guid oldId;
        await using (var db = App.NewDb())
            oldId = await db.PlanLogEntries.Where(e => e.Text == "Hjemmebesøk tirsdag.").Select(e => e.Id).SingleAsync();

        var corrected = await WriteAsync(kari, planId, "Hjemmebesøk onsdag, ikke tirsdag.", InformationKind.PlanLog, corrects: oldId);

        Assert.Equal(HttpStatusCode.Redirect, corrected.Status);
        var log = await kari.GetAsync($"/plans/{planId}/log");
        Assert.Contains("<del>Hjemmebesøk tirsdag.</del>", log.Html, StringComparison.Ordinal);
        Assert.Contains("Hjemmebesøk onsdag, ikke tirsdag.", log.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"#entry-{oldId}\"", log.Html, StringComparison.Ordinal);
        await using var check = App.NewDb();
        var old = await check.PlanLogEntries.SingleAsync(e => e.Id == oldId);
        Assert.Equal("Hjemmebesøk tirsdag.", old.Text);
        var correction = await check.PlanLogEntries.SingleAsync(e => e.CorrectsEntryId == oldId);
        Assert.Equal(InformationKind.GoalsAndMeasures, correction.Kind);
    }
}
