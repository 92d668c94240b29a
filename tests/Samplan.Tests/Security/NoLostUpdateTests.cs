using System.Net;
using System.Text.RegularExpressions;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Security.SecurityTestSupport;

namespace Samplan.Tests.Security;

public sealed class NoLostUpdateOnSqlite : NoLostUpdateTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class NoLostUpdateOnPostgreSql(PostgresCluster cluster) : NoLostUpdateTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// No lost updates (issue 9.1, R5; ASVS 1.11.3, 11.1.6): 50 parallel saves of one plan form built from the same version —
/// exactly one is saved, the other 49 get 409 with the winner's change shown and their own input kept, the version
/// rises by exactly one, the history has exactly one new revision and the audit chain verifies.
/// </summary>
public abstract partial class NoLostUpdateTests : AppTests
{
    const int Parallel = 50;

    [GeneratedRegex(@"name=""Version""[^>]*value=""(\d+)""")]
    private static partial Regex VersionField();

    [Fact]
    public async Task Fifty_parallel_saves_from_the_same_version_one_wins_the_rest_get_409_with_the_change_shown()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var url = $"/plans/{planId}/what-matters";
        // Fifty open forms of the same version (one sign-in, as the sign-in rate limit allows; the forms share its token).
        var client = Client(App);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, "kari")).StatusCode);
        using var form = await client.GetAsync(url);
        var html = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        var version = int.Parse(VersionField().Match(html).Groups[1].Value);
        var token = new Page(form.StatusCode, html, null).AntiforgeryToken;
        await using (var db = App.NewDb())
            Assert.Equal(version, await db.Plans.Where(p => p.Id == planId).Select(p => p.Version).SingleAsync());
        var revisionsBefore = await RevisionCountAsync(planId);
        var changesBefore = await ChangeEntriesAsync(planId);

        using var start = new ManualResetEventSlim(false);
        var saves = Enumerable.Range(0, Parallel).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Version"] = version.ToString(), ["OwnWords"] = $"Svar nummer {i} fra skjemaet.",
            }));
            return (i, response.StatusCode, Html: WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(saves);

        var won = Assert.Single(results, r => r.StatusCode == HttpStatusCode.Redirect);
        var lost = results.Where(r => r.i != won.i).ToList();
        Assert.All(lost, r =>
        {
            Assert.True(r.StatusCode == HttpStatusCode.Conflict, $"save {r.i}: {(int)r.StatusCode}");
            Assert.Contains("Dette ble endret av andre etter at du åpnet siden:", r.Html, StringComparison.Ordinal);
            Assert.Contains("«Hva er viktig for deg?» oppdatert", r.Html, StringComparison.Ordinal);
            Assert.Contains("Kari Nordmann", r.Html, StringComparison.Ordinal);
            // The user's own input is kept in the form, and the form now carries the current version.
            Assert.Contains($"Svar nummer {r.i} fra skjemaet.", r.Html, StringComparison.Ordinal);
            Assert.Contains($"name=\"Version\" value=\"{version + 1}\"", r.Html, StringComparison.Ordinal);
        });

        await using var after = App.NewDb();
        var plan = await after.Plans.Where(p => p.Id == planId).Select(p => new { p.Version, p.WhatMattersToPerson }).SingleAsync();
        Assert.Equal(version + 1, plan.Version);
        Assert.Equal($"Svar nummer {won.i} fra skjemaet.", plan.WhatMattersToPerson);
        Assert.Equal(revisionsBefore + 1, await RevisionCountAsync(planId));
        var newest = await after.PlanRevisions.Where(r => r.PlanId == planId).OrderByDescending(r => r.Version).FirstAsync();
        Assert.Equal(version + 1, newest.Version);
        Assert.Contains($"Svar nummer {won.i} fra skjemaet.", newest.Snapshot, StringComparison.Ordinal);
        var chain = await AuditChain.VerifyAsync(after);
        Assert.True(chain.Intact, chain.Message);
        // One audited change of the part; each refused save is no change.
        Assert.Equal(changesBefore + 1, await ChangeEntriesAsync(planId));
    }

    /// <summary>
    /// The FHIR half of issue 9.1 (R5; ASVS 11.1.6): 50 parallel <c>PUT /fhir/CarePlan/{id}</c> with the same <c>If-Match</c> —
    /// exactly one 200, 49 × 412 each with an OperationOutcome that says why, the version rises by exactly one and the
    /// <c>_history</c> has exactly one new version, whose resource is the winner's.
    /// </summary>
    [Fact]
    public async Task Fifty_parallel_FHIR_puts_with_the_same_If_Match_one_gets_200_the_rest_412_and_the_history_is_intact()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var http = Fhir.FhirSupport.ApiHttp(App, await Fhir.FhirSupport.TokenAsync(App, "kari"));
        var url = $"/fhir/CarePlan/{planId}";
        using var read = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!.ToString();
        var carePlan = Assert.IsType<Hl7.Fhir.Model.CarePlan>(Fhir.FhirSupport.ParseAndValidate(await read.Content.ReadAsStringAsync(), xml: false));
        var version = int.Parse(carePlan.Meta!.VersionId!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"W/\"{version}\"", etag);
        var historyBefore = await HistoryAsync(http, url);
        var revisionsBefore = await RevisionCountAsync(planId);
        var serializer = new Hl7.Fhir.Serialization.FhirJsonSerializer();
        var bodies = Enumerable.Range(0, Parallel).Select(i =>
        {
            carePlan.Description = $"FHIR-svar nummer {i}.";
            return serializer.SerializeToString(carePlan);
        }).ToList();

        using var start = new ManualResetEventSlim(false);
        var puts = Enumerable.Range(0, Parallel).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(bodies[i]) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+json");
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await http.SendAsync(request);
            return (i, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(puts);

        var won = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.i != won.i), r =>
        {
            Assert.True(r.StatusCode == HttpStatusCode.PreconditionFailed, $"PUT {r.i}: {(int)r.StatusCode} {r.Body}");
            var outcome = Assert.IsType<Hl7.Fhir.Model.OperationOutcome>(Fhir.FhirSupport.ParseAndValidate(r.Body, xml: false));
            var issue = outcome.Issue[0];
            Assert.Equal(Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Error, issue.Severity);
            Assert.Equal(Hl7.Fhir.Model.OperationOutcome.IssueType.Conflict, issue.Code);
            Assert.Contains("If-Match", issue.Diagnostics, StringComparison.Ordinal);
            // The winner's change is named, as the UI shows it.
            Assert.Contains(outcome.Issue, i => i.Diagnostics == $"Versjon {version + 1}: «Hva er viktig for deg?» oppdatert");
        });
        var winner = Assert.IsType<Hl7.Fhir.Model.CarePlan>(Fhir.FhirSupport.ParseAndValidate(won.Body, xml: false));
        Assert.Equal((version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), winner.Meta!.VersionId);

        await using var after = App.NewDb();
        var plan = await after.Plans.Where(p => p.Id == planId).Select(p => new { p.Version, p.WhatMattersToPerson }).SingleAsync();
        Assert.Equal(version + 1, plan.Version);
        Assert.Equal($"FHIR-svar nummer {won.i}.", plan.WhatMattersToPerson);
        Assert.Equal(revisionsBefore + 1, await RevisionCountAsync(planId));
        // _history: every earlier version still there, one new one on top holding the winner's text.
        var history = await HistoryAsync(http, url);
        Assert.Equal(historyBefore.Entry.Count + 1, history.Entry.Count);
        Assert.Equal(historyBefore.Entry.Select(e => e.Response!.Etag).Order(), history.Entry.Select(e => e.Response!.Etag).Where(e => e != $"W/\"{version + 1}\"").Order());
        var newest = Assert.Single(history.Entry, e => e.Response!.Etag == $"W/\"{version + 1}\"");
        Assert.Equal($"FHIR-svar nummer {won.i}.", Assert.IsType<Hl7.Fhir.Model.CarePlan>(newest.Resource).Description);
        var chain = await AuditChain.VerifyAsync(after);
        Assert.True(chain.Intact, chain.Message);
    }

    static async Task<Hl7.Fhir.Model.Bundle> HistoryAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url + "/_history");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.IsType<Hl7.Fhir.Model.Bundle>(Fhir.FhirSupport.ParseAndValidate(await response.Content.ReadAsStringAsync(), xml: false));
    }

    async Task<int> ChangeEntriesAsync(Guid planId)
    {
        await using var db = App.NewDb();
        return await db.AuditEntries.CountAsync(e => e.PlanId == planId && e.Action == "plan.change" && e.Part == "WhatMatters");
    }

    async Task<int> RevisionCountAsync(Guid planId)
    {
        await using var db = App.NewDb();
        return await db.PlanRevisions.CountAsync(r => r.PlanId == planId);
    }
}
