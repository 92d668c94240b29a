using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Coordination;
using Samplan.Domain.Plans;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Coordination;

public sealed class IntakeOnSqlite : IntakeTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class IntakeOnPostgreSql(PostgresCluster cluster) : IntakeTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The coordinating unit's intake over HTTP on the demo data: /persons/{id}/notify, /ke/inbox,
/// /ke/cases/{id}, /ke/cases/{id}/decision, /ke/requests/new (K1, K2, K8, N1, N2, R11).
/// </summary>
public abstract partial class IntakeTests : AppTests
{
    const string HospitalNeed = "Utskrivningsklar fra nevrologisk avdeling, trenger koordinerte tjenester hjemme";

    async Task<Guid> PersonIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    async Task<Guid> OrganisationIdAsync(string name)
    {
        await using var db = App.NewDb();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    async Task<IntakeCase> CaseAsync(Guid id)
    {
        await using var db = App.NewDb();
        return await db.IntakeCases.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    static Task<Page> StepAsync(Browser browser, Guid caseId, string handler, Dictionary<string, string>? fields = null) =>
        browser.SubmitAsync($"/ke/cases/{caseId}", fields ?? [], $"/ke/cases/{caseId}?handler={handler}");

    static void AssertRedirect(Page page, string to)
    {
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect, got {page.Status}: {Errors(page.Html)}");
        Assert.Equal(to, page.Location!.PathAndQuery);
    }

    static void AssertRefused(Page page, string message)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Noe må rettes", page.Html, StringComparison.Ordinal);
        Assert.Contains(message, page.Html, StringComparison.Ordinal);
    }

    static string Errors(string html) => string.Join(" | ", ErrorItem().Matches(html).Select(m => m.Groups[1].Value.Trim()));

    [GeneratedRegex(@"<li>([^<]*)</li>")]
    private static partial Regex ErrorItem();

    [Fact]
    public async Task A_hospital_notification_reaches_the_municipal_KE_is_assessed_and_starts_a_plan_K8_N1_N2()
    {
        var fatima = await PersonIdAsync("Fatima Ali");
        var bjorkvik = await OrganisationIdAsync("Bjørkvik kommune");

        // Two clicks: the person page links to the form, already filled in, and one submit sends it.
        var per = await Browser.SignedInAsync(App, "per");
        Assert.Contains($"href=\"/persons/{fatima}/notify\"", (await per.GetAsync($"/persons/{fatima}")).Html, StringComparison.Ordinal);
        var form = await per.GetAsync($"/persons/{fatima}/notify");
        Assert.Contains("Utskrivningsklar", form.Html, StringComparison.Ordinal);
        var sent = await per.SubmitAsync($"/persons/{fatima}/notify", new()
        {
            ["ReceivingOrganisationId"] = bjorkvik.ToString(),
            ["Kind"] = "NeedNotification",
            ["Need"] = HospitalNeed,
            ["Urgency"] = "Urgent",
            ["HospitalStatus"] = "DischargeReady",
            ["PersonAsked"] = "false",
            ["PersonWantsAssessment"] = "false",
        });
        AssertRedirect(sent, $"/persons/{fatima}");
        Guid caseId;
        await using (var db = App.NewDb())
        {
            var c = await db.IntakeCases.AsNoTracking().SingleAsync(x => x.PersonId == fatima && x.ReporterName == "Per Lie");
            Assert.Equal(bjorkvik, c.ReceivingOrganisationId);
            Assert.Equal(SourceSector.Hospital, c.Sector);
            Assert.Equal(HospitalStatus.DischargeReady, c.HospitalStatus);
            Assert.Equal(IntakeStatus.Received, c.Status);
            caseId = c.Id;
        }

        // It waits three days in the municipal KE's inbox.
        App.Clock.Advance(TimeSpan.FromDays(3));
        var kari = await Browser.SignedInAsync(App, "kari");
        var inbox = await kari.GetAsync("/ke/inbox");
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        var row = Regex.Match(inbox.Html, $@"<tr>\s*<td><a href=""/ke/cases/{caseId}"">.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, "The case is not in kari's inbox.");
        Assert.Contains("Fatima Ali", row.Value, StringComparison.Ordinal);
        Assert.Contains("Per Lie", row.Value, StringComparison.Ordinal);
        Assert.Contains(HospitalNeed, row.Value, StringComparison.Ordinal);
        Assert.Contains("Haster", row.Value, StringComparison.Ordinal);
        Assert.Contains("Ikke spurt", row.Value, StringComparison.Ordinal);
        Assert.Contains("3 dager", row.Value, StringComparison.Ordinal);

        // Another municipality's KE does not see it; staff outside a KE have no inbox.
        var hanne = await Browser.SignedInAsync(App, "hanne");
        var hanneInbox = await hanne.GetAsync("/ke/inbox");
        Assert.Equal(HttpStatusCode.OK, hanneInbox.Status);
        Assert.DoesNotContain(HospitalNeed, hanneInbox.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await hanne.GetAsync($"/ke/cases/{caseId}")).Status);
        var tone = await Browser.SignedInAsync(App, "tone");
        Assert.Equal(HttpStatusCode.Forbidden, (await tone.GetAsync("/ke/inbox")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await tone.GetAsync($"/ke/cases/{caseId}")).Status);

        // N2: not before the person has said they want it.
        AssertRefused(await StepAsync(kari, caseId, "Assess"), "(N2)");
        Assert.Equal(IntakeStatus.Received, (await CaseAsync(caseId)).Status);
        AssertRedirect(await StepAsync(kari, caseId, "Wish", new() { ["WantsAssessment"] = "true" }), $"/ke/cases/{caseId}");
        AssertRedirect(await StepAsync(kari, caseId, "Assess"), $"/ke/cases/{caseId}");
        AssertRedirect(await StepAsync(kari, caseId, "StartPlan"), $"/plans/start/{fatima}");

        // The plan wizard takes over: consent first (R3), then a draft plan exists.
        var started = await kari.SubmitAsync($"/plans/start/{fatima}", new()
        {
            ["ResponsibleOrganisationId"] = bjorkvik.ToString(),
            ["GivenBy"] = "person",
            ["Form"] = "Written",
            ["GivenOn"] = "2026-11-26",
            ["ValidTo"] = "",
            ["CoversPlanWork"] = "true",
            ["CoversInformationExchange"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, started.Status);
        Assert.Matches(@"^/plans/[0-9a-f-]{36}/coordinator\?wizard=true$", started.Location!.PathAndQuery);

        await using (var db = App.NewDb())
        {
            Assert.True(await db.Plans.AnyAsync(p => p.PersonId == fatima && p.Status == PlanStatus.Draft));
            var done = await db.IntakeCases.AsNoTracking().SingleAsync(c => c.Id == caseId);
            Assert.Equal(IntakeOutcome.PlanStarted, done.Outcome);
            Assert.Equal(["Per Lie", "Kari Nordmann", "Kari Nordmann", "Kari Nordmann"], done.Steps.OrderBy(s => s.At).Select(s => s.ByName));
            var actions = await db.AuditEntries.Where(e => e.Action.StartsWith("intake.")).Select(e => new { e.UserName, e.Action, e.Allowed }).ToListAsync();
            Assert.Contains(actions, a => a is { UserName: "per", Action: "intake.notify", Allowed: true });
            Assert.Contains(actions, a => a is { UserName: "kari", Action: "intake.inbox.read", Allowed: true });
            Assert.Contains(actions, a => a is { UserName: "kari", Action: "intake.assessment", Allowed: false });
            Assert.Contains(actions, a => a is { UserName: "kari", Action: "intake.outcome.plan", Allowed: true });
            Assert.Contains(actions, a => a is { UserName: "hanne", Action: "intake.case.denied", Allowed: false });
            Assert.Contains(actions, a => a is { UserName: "tone", Action: "intake.denied", Allowed: false });
        }
    }

    [Fact]
    public async Task A_declined_oral_request_gets_a_decision_letter_with_complaint_guidance_and_the_complaint_is_tracked_R11()
    {
        var knut = await PersonIdAsync("Knut Holm");
        var kari = await Browser.SignedInAsync(App, "kari");

        // An oral request, recorded by KE staff.
        Assert.Contains($"href=\"/ke/requests/new?personId={knut}\"", (await kari.GetAsync($"/persons/{knut}/notify")).Html, StringComparison.Ordinal);
        var tone = await Browser.SignedInAsync(App, "tone");
        Assert.Equal(HttpStatusCode.Forbidden, (await tone.GetAsync($"/ke/requests/new?personId={knut}")).Status);
        var recorded = await kari.SubmitAsync($"/ke/requests/new?personId={knut}", new()
        {
            ["PersonId"] = knut.ToString(),
            ["Form"] = "Oral",
            ["RequestedBy"] = "person",
            ["Need"] = "Ber om ny individuell plan etter tilbakefall",
            ["Urgency"] = "Normal",
        });
        Assert.Equal(HttpStatusCode.Redirect, recorded.Status);
        var caseId = Guid.Parse(Regex.Match(recorded.Location!.PathAndQuery, "^/ke/cases/([0-9a-f-]{36})$").Groups[1].Value);
        var c = await CaseAsync(caseId);
        Assert.Equal((IntakeKind.Request, IntakeForm.Oral, true), (c.Kind, c.Form, c.PersonConsentsToAssessment));
        AssertRedirect(await StepAsync(kari, caseId, "Assess"), $"/ke/cases/{caseId}");

        // A decline without reasons is refused.
        AssertRefused(await StepAsync(kari, caseId, "Decline", new() { ["Reasons"] = "" }), "Et avslag må begrunnes skriftlig");
        Assert.Null((await CaseAsync(caseId)).Outcome);

        const string reasons = "Knut får i dag bare én tjeneste, og behovet for koordinering er dekket av fastlegen.";
        AssertRedirect(await StepAsync(kari, caseId, "Decline", new() { ["Reasons"] = reasons }), $"/ke/cases/{caseId}/decision");
        var letter = await kari.GetAsync($"/ke/cases/{caseId}/decision");
        Assert.Equal(HttpStatusCode.OK, letter.Status);
        Assert.Contains(reasons, letter.Html, StringComparison.Ordinal);
        Assert.Contains("Statsforvalteren", letter.Html, StringComparison.Ordinal);
        Assert.Contains("pasient- og brukerrettighetsloven § 7-2", letter.Html, StringComparison.Ordinal);
        Assert.Contains("4 uker", letter.Html, StringComparison.Ordinal);
        Assert.Contains("print.", letter.Html, StringComparison.Ordinal); // _PrintLayout's stylesheet
        var hanne = await Browser.SignedInAsync(App, "hanne");
        Assert.Equal(HttpStatusCode.Forbidden, (await hanne.GetAsync($"/ke/cases/{caseId}/decision")).Status);

        // The complaint is registered and tracked to the county governor's outcome.
        AssertRedirect(await StepAsync(kari, caseId, "Complaint", new()
        {
            ["ComplaintText"] = "Knut mener han trenger flere tjenester og klager på avslaget.",
            ["ComplaintReceivedOn"] = "2026-12-01",
        }), $"/ke/cases/{caseId}");
        var complaintId = (await CaseAsync(caseId)).Complaints.Single().Id.ToString();
        AssertRedirect(await StepAsync(kari, caseId, "ForwardComplaint", new() { ["ComplaintId"] = complaintId }), $"/ke/cases/{caseId}");
        AssertRedirect(await StepAsync(kari, caseId, "ComplaintOutcome", new()
        {
            ["ComplaintId"] = complaintId,
            ["Upheld"] = "false",
            ["OutcomeOn"] = "2027-01-15",
            ["Note"] = "Statsforvalteren opprettholdt vedtaket",
        }), $"/ke/cases/{caseId}");

        var complaint = (await CaseAsync(caseId)).Complaints.Single();
        Assert.Equal(ComplaintStatus.Rejected, complaint.Status);
        Assert.Equal(new DateOnly(2027, 1, 15), complaint.OutcomeOn);
        var page = await kari.GetAsync($"/ke/cases/{caseId}");
        Assert.Contains("Ikke medhold", page.Html, StringComparison.Ordinal);
        Assert.Contains("Statsforvalteren opprettholdt vedtaket", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_inbox_shows_the_hospital_the_school_and_the_oral_request_K1()
    {
        var kari = await Browser.SignedInAsync(App, "kari");

        var inbox = await kari.GetAsync("/ke/inbox");

        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        Assert.Contains("href=\"/ke/inbox\"", inbox.Html, StringComparison.Ordinal);
        foreach (var text in new[] { "Arne Johansen", "Utskrivningsklar", "Emma Larsen", "Erik Strand", "Ikke spurt", "Fatima Ali", "Muntlig søknad", "Personen ber selv" })
            Assert.Contains(text, inbox.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_possible_rehab_need_report_ends_in_guidance_to_the_reporter_K2()
    {
        var jonas = await PersonIdAsync("Jonas Berg");
        var bjorkvik = await OrganisationIdAsync("Bjørkvik kommune");
        var nina = await Browser.SignedInAsync(App, "nina");
        AssertRedirect(await nina.SubmitAsync($"/persons/{jonas}/notify", new()
        {
            ["ReceivingOrganisationId"] = bjorkvik.ToString(),
            ["Kind"] = "PossibleNeedReport",
            ["Need"] = "Mulig behov for arbeidsrettet rehabilitering",
            ["Urgency"] = "Low",
            ["PersonAsked"] = "true",
            ["PersonWantsAssessment"] = "true",
        }), $"/persons/{jonas}");
        Guid caseId;
        await using (var db = App.NewDb())
            caseId = await db.IntakeCases.Where(c => c.PersonId == jonas).Select(c => c.Id).SingleAsync();
        var kari = await Browser.SignedInAsync(App, "kari");
        AssertRedirect(await StepAsync(kari, caseId, "Assess"), $"/ke/cases/{caseId}");

        AssertRefused(await StepAsync(kari, caseId, "Guidance", new() { ["Guidance"] = "" }), "(K2)");
        AssertRedirect(await StepAsync(kari, caseId, "Guidance", new() { ["Guidance"] = "Be fastlegen henvise til rehabilitering." }), $"/ke/cases/{caseId}");

        var c = await CaseAsync(caseId);
        Assert.Equal((IntakeOutcome.GuidanceGiven, SourceSector.Nav), (c.Outcome!.Value, c.Sector));
    }
}
