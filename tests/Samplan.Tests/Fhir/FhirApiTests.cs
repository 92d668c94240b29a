using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;
using static Samplan.Tests.Fhir.FhirSupport;

namespace Samplan.Tests.Fhir;

public sealed class FhirApiTestsOnSqlite : FhirApiTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => System.Threading.Tasks.Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class FhirApiTestsOnPostgreSql(PostgresCluster cluster) : FhirApiTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The FHIR R4 API through the Firely SDK's FhirClient, as an outside system would use it: same policy, same domain
/// rules and same audit log as the pages (R2, R3, R8, R12, S1–S3), bad input answered with a 4xx OperationOutcome.
/// </summary>
public abstract class FhirApiTests : AppTests
{
    [Fact]
    public async System.Threading.Tasks.Task A_whole_plan_is_created_read_back_with_include_and_updated_with_If_Match_R2_R3_R5()
    {
        var kari = await ClientAsAsync(App, "kari");
        var kariStaff = await StaffIdAsync(App, "kari");
        var bjorkvik = await OrganisationIdAsync(App, "Bjørkvik kommune");

        var patient = await kari.CreateAsync(NewPatient(SyntheticNumber(new DateOnly(1990, 5, 17)), "Siri Fjell"));
        Assert.NotNull(patient?.Id);
        Assert.Equal("Siri", patient!.Name[0].Given.Single());

        // The plan work starts with the consent it rests on (R3), the coordinator (C2) and the responsible municipality (R2).
        var created = await kari.CreateAsync(NewCarePlan(patient.Id!, $"Patient/{patient.Id}", kariStaff, bjorkvik));
        Assert.Equal(RequestStatus.Draft, created!.Status);
        Assert.Equal($"Practitioner/{kariStaff}", created.Author!.Reference);
        Assert.Single(created.SupportingInfo);

        var goal = await kari.CreateAsync(new Goal
        {
            LifecycleStatus = Goal.GoalLifecycleStatus.Active,
            Description = new CodeableConcept { Text = "Gå tur med venner hver lørdag" },
            Subject = new ResourceReference($"Patient/{patient.Id}"),
            ExpressedBy = new ResourceReference($"Patient/{patient.Id}"),
            Target = [new Goal.TargetComponent { Due = new Date("2027-06-01") }],
        });
        var subGoal = await kari.CreateAsync(new Goal
        {
            LifecycleStatus = Goal.GoalLifecycleStatus.Proposed,
            Description = new CodeableConcept { Text = "Gå til butikken alene" },
            Subject = new ResourceReference($"Patient/{patient.Id}"),
            Extension = [new Extension("https://samplan.no/fhir/StructureDefinition/parent-goal", new ResourceReference($"Goal/{goal!.Id}"))],
        });

        // A further consent: what may be shared, and with whom (R3, R8).
        var consent = await kari.CreateAsync(new Hl7.Fhir.Model.Consent
        {
            Status = Hl7.Fhir.Model.Consent.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
            Patient = new ResourceReference($"Patient/{patient.Id}"),
            Performer = [new ResourceReference($"Patient/{patient.Id}")],
            PolicyRule = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
            Provision = new Hl7.Fhir.Model.Consent.provisionComponent
            {
                Type = Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit,
                Actor = [new Hl7.Fhir.Model.Consent.provisionActorComponent
                {
                    Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"),
                    Reference = new ResourceReference($"Organization/{bjorkvik}"),
                }],
                Class = [new Coding("https://samplan.no/fhir/CodeSystem/information-kind", "GoalsAndMeasures")],
                Provision = [new Hl7.Fhir.Model.Consent.provisionComponent
                {
                    Type = Hl7.Fhir.Model.Consent.ConsentProvisionType.Deny,
                    Class = [new Coding("https://samplan.no/fhir/CodeSystem/information-kind", "HealthInformation")],
                }],
            },
        });
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentState.Active, consent!.Status);
        Assert.Equal("GoalsAndMeasures", consent.Provision!.Class.Single().Code);
        Assert.Contains(consent.Provision.Provision.Single().Class, c => c.Code == "HealthInformation");

        // One request returns the whole plan.
        var bundle = await kari.SearchAsync<CarePlan>(new SearchParams().Where($"patient=Patient/{patient.Id}")
            .Include("CarePlan:goal").Include("CarePlan:care-team").Include("CarePlan:subject"));
        var plan = bundle!.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();
        Assert.Equal(2, bundle.Entry.Select(e => e.Resource).OfType<Goal>().Count());
        Assert.Contains(bundle.Entry.Select(e => e.Resource).OfType<Goal>(), g => g.Description.Text == "Gå til butikken alene"
            && g.Extension.Single().Value is ResourceReference r && r.Reference == $"Goal/{goal.Id}");
        var team = bundle.Entry.Select(e => e.Resource).OfType<CareTeam>().Single();
        Assert.Contains(team.Participant, p => p.Member!.Reference == $"Practitioner/{kariStaff}" && p.Role.Any(r => r.Coding.Any(c => c.Code == "Coordinator")));
        Assert.Contains(team.Participant, p => p.Member!.Reference == $"Patient/{patient.Id}");
        Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Patient>());
        Assert.Equal(2, plan.Goal.Count);
        Assert.Equal(2, plan.SupportingInfo.Count);
        Assert.Equal(1, bundle.Total);

        // If-Match with the version just read: saved as the next version.
        var version = int.Parse(plan.Meta!.VersionId!, System.Globalization.CultureInfo.InvariantCulture);
        plan.Description = "Å komme meg ut på tur to ganger i uka";
        var updated = await kari.UpdateAsync(plan, versionAware: true);
        Assert.Equal((version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), updated!.Meta!.VersionId);
        Assert.Equal("Å komme meg ut på tur to ganger i uka", updated.Description);

        // A stale If-Match: 412 and nothing changes.
        plan.Description = "Skrevet over av en som ikke så endringen";
        var stale = await Assert.ThrowsAsync<FhirOperationException>(() => kari.UpdateAsync(plan, versionAware: true));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        var reread = await kari.ReadAsync<CarePlan>($"CarePlan/{plan.Id}");
        Assert.Equal("Å komme meg ut på tur to ganger i uka", reread!.Description);
        Assert.Equal(updated.Meta!.VersionId, reread.Meta!.VersionId);

        // Taken into use: consent covering information exchange and a coordinator are in place (R3, C2).
        reread.Status = RequestStatus.Active;
        var active = await kari.UpdateAsync(reread, versionAware: true);
        Assert.Equal(RequestStatus.Active, active!.Status);

        // A goal is updated with If-Match on the plan's version (R5).
        var readGoal = await kari.ReadAsync<Goal>($"Goal/{goal.Id}");
        readGoal!.LifecycleStatus = Goal.GoalLifecycleStatus.Completed;
        var doneGoal = await kari.UpdateAsync(readGoal, versionAware: true);
        Assert.Equal(Goal.GoalLifecycleStatus.Completed, doneGoal!.LifecycleStatus);

        // The revision history (R5): one version per change, each with who and what.
        var history = await kari.HistoryAsync($"CarePlan/{plan.Id}");
        Assert.True(history!.Entry.Count >= 6);
        var provenance = await kari.SearchAsync<Provenance>(new SearchParams().Where($"target=CarePlan/{plan.Id}"));
        Assert.Contains(provenance!.Entry.Select(e => e.Resource).OfType<Provenance>(), p => p.Activity!.Text!.Contains("Planen tatt i bruk", StringComparison.Ordinal));

        // R2: a second plan for the same person is refused, citing the rule.
        var second = await Assert.ThrowsAsync<FhirOperationException>(() => kari.CreateAsync(NewCarePlan(patient.Id!, $"Patient/{patient.Id}", null, bjorkvik)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.Status);
        Assert.Contains(second.Outcome!.Issue, i => i.Details?.Coding.Any(c => c.Code == "R2") == true);
        await using var db = App.NewDb();
        Assert.Equal(1, await db.Plans.CountAsync(p => p.PersonId == Guid.Parse(patient.Id)));
    }

    [Fact]
    public async System.Threading.Tasks.Task Without_a_token_and_with_the_sign_in_cookie_the_API_answers_401()
    {
        var anonymous = Client(ApiHttp(App, null));
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => anonymous.SearchAsync<CarePlan>());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);

        // The sign-in cookie is not accepted on /fhir (so no cross-site request can use it).
        var browser = await Browser.SignedInAsync(App, "kari");
        var page = await browser.GetAsync("/fhir/CarePlan");
        Assert.Equal(HttpStatusCode.Unauthorized, page.Status);
        Assert.Contains("OperationOutcome", page.Html, StringComparison.Ordinal);

        using var forged = ApiHttp(App, "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/fhir/CarePlan")).StatusCode);

        // The capability statement is public, as FHIR clients expect.
        var metadata = await anonymous.CapabilityStatementAsync();
        Assert.Equal(FHIRVersion.N4_0_1, metadata!.FhirVersion);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_token_endpoint_checks_the_password_like_the_sign_in_page_and_tokens_expire()
    {
        using var http = App.CreateClient();
        var wrong = await http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "kari", ["password"] = "feil passord" }));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_grant", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var json = await http.PostAsJsonAsync("/auth/token", new { username = "kari", password = Shared.DemoData.Password });
        var body = await json.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(900, body.GetProperty("expires_in").GetInt32());

        using var api = ApiHttp(App, body.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/fhir/CarePlan")).StatusCode);
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/fhir/CarePlan")).StatusCode);

        // Five wrong passwords lock the account, here as on the sign-in page.
        for (var i = 0; i < 5; i++)
            await http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "ola", ["password"] = "feil" }));
        var locked = await http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "ola", ["password"] = Shared.DemoData.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("låst", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Tone_who_takes_part_in_no_plan_gets_404_and_empty_searches_and_is_audited_R8()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var emma = await PersonIdAsync(App, EmmaName);
        Guid goalId, consentId;
        await using (var db = App.NewDb())
        {
            var plan = await db.Plans.Include(p => p.Goals).Include(p => p.Consents).SingleAsync(p => p.Id == planId);
            goalId = plan.Goals.First().Id;
            consentId = plan.Consents.First().Id;
        }
        var tone = await ClientAsAsync(App, "tone");
        foreach (var url in new[] { $"CarePlan/{planId}", $"Goal/{goalId}", $"CareTeam/{planId}", $"Consent/{consentId}", $"CarePlan/{planId}/_history" })
        {
            var e = await Assert.ThrowsAsync<FhirOperationException>(() => tone.GetAsync(url));
            Assert.Equal(HttpStatusCode.NotFound, e.Status);
        }
        foreach (var type in new[] { "CarePlan", "Goal", "CareTeam", "Consent" })
        {
            var found = await tone.SearchAsync(type, [$"patient=Patient/{emma}"]);
            Assert.Empty(found!.Entry);
        }
        var write = await Assert.ThrowsAsync<FhirOperationException>(() => tone.CreateAsync(new Goal
        {
            LifecycleStatus = Goal.GoalLifecycleStatus.Proposed,
            Description = new CodeableConcept { Text = "Et mål fra en som ikke deltar" },
            Subject = new ResourceReference($"Patient/{emma}"),
        }));
        Assert.Equal(HttpStatusCode.NotFound, write.Status);

        await using var check = App.NewDb();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.UserName == "tone" && a.PlanId == planId && !a.Allowed && a.Action == "plan.read"));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.UserName == "tone" && a.PlanId == planId && !a.Allowed && a.Action == "plan.open-for-change"));
        Assert.Equal(0, await check.Set<Samplan.Domain.Plans.Goal>().CountAsync(g => g.Text == "Et mål fra en som ikke deltar"));
    }

    /// <summary>
    /// Issue 8: a search naming only ids looks each plan up directly (PlanGate.FindSharedAsync) instead of querying the access
    /// filter. It must find exactly what the filter lists (R8): the coordinator and a covered participant find the plan; one
    /// who takes part in nothing, and coordinating-unit staff, who read only its metadata by id (K4), do not; and the very
    /// next search follows a withdrawn consent (S5). meta.lastUpdated is the last revision's time, kept with the plan.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task A_search_by_id_finds_exactly_what_the_access_filter_lists_R8_K4_S5()
    {
        await CreateAccountAsync(App, "ke-bjorkvik", Samplan.Organisations.SystemRole.Staff | Samplan.Organisations.SystemRole.CoordinatingUnitStaff, "Bjørkvik kommune");
        var planId = await App.PlanIdOfAsync(EmmaName);
        var emma = await PersonIdAsync(App, EmmaName);
        var byId = $"_id={planId}&_include=CarePlan:goal&_include=CarePlan:care-team";
        async Task<(int ById, int ByPatient)> FoundAsync(FhirClient client) =>
            ((await client.SearchAsync("CarePlan", [$"_id={planId}"]))!.Entry.Count(e => e.Resource is CarePlan),
             (await client.SearchAsync("CarePlan", [$"patient=Patient/{emma}"]))!.Entry.Count(e => e.Resource is CarePlan));

        var kari = await ClientAsAsync(App, "kari");
        var erik = await ClientAsAsync(App, "erik");
        var tone = await ClientAsAsync(App, "tone");
        var ke = await ClientAsAsync(App, "ke-bjorkvik");
        Assert.Equal((1, 1), await FoundAsync(kari));
        Assert.Equal((1, 1), await FoundAsync(erik));
        Assert.Equal((0, 0), await FoundAsync(tone));
        Assert.Equal((0, 0), await FoundAsync(ke));
        Assert.NotNull(await ke.ReadAsync<CarePlan>($"CarePlan/{planId}")); // K4: the metadata, when asked for by id

        var bundle = (await kari.SearchAsync("CarePlan", byId.Split('&')))!;
        Assert.Contains(bundle.Entry, e => e.Resource is Goal);
        Assert.Contains(bundle.Entry, e => e.Resource is CareTeam);
        var found = bundle.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();
        await using (var db = App.NewDb())
        {
            var last = await db.PlanRevisions.Where(r => r.PlanId == planId).OrderByDescending(r => r.Version).FirstAsync();
            Assert.Equal(last.At, found.Meta!.LastUpdated!.Value.UtcDateTime);
            Assert.Equal(last.Version.ToString(), found.Meta!.VersionId);
        }

        // S5: Kari withdraws the consent naming Erik; his next search by id finds nothing, and lastUpdated moves with the change.
        var consent = await kari.ReadAsync<Hl7.Fhir.Model.Consent>($"Consent/{ConsentNaming(await PlanAsync(App, planId), "Erik Strand").Id}");
        consent!.Status = Hl7.Fhir.Model.Consent.ConsentState.Inactive;
        await kari.UpdateAsync(consent, versionAware: true);
        Assert.Equal((0, 0), await FoundAsync(erik));
        var after = (await kari.SearchAsync("CarePlan", [$"_id={planId}"]))!.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();
        Assert.Equal(int.Parse(found.Meta!.VersionId!) + 1, int.Parse(after.Meta!.VersionId!));
        await using (var db = App.NewDb())
            Assert.Equal((await db.PlanRevisions.Where(r => r.PlanId == planId).OrderByDescending(r => r.Version).FirstAsync()).At,
                after.Meta.LastUpdated!.Value.UtcDateTime);

        // Not an audited refusal: like a plan the filter leaves out, a plan named by id that one may not open is simply not found.
        await using var check = App.NewDb();
        Assert.False(await check.AuditEntries.AnyAsync(a => a.UserName == "tone" && a.PlanId == planId));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.UserName == "erik" && a.PlanId == planId && a.Allowed && a.Action == "plan.read"));
    }

    /// <summary>
    /// Issue 8: a search set is written with the JSON of the kept plan's resources copied in (Fhir/KeptResources.cs,
    /// FhirIo.WriteJson). What goes out must be exactly what the SDK writes for the same bundle, and a change must show at
    /// once (R5): a new stamp brings a new kept plan, so nothing mapped from the old one is served again.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task A_search_set_with_kept_resources_is_written_exactly_as_the_SDK_writes_it_and_a_change_shows_at_once_R5()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        using var http = ApiHttp(App, await TokenAsync(App, "kari"));
        var url = $"/fhir/CarePlan?_id={planId}&_include=CarePlan:goal&_include=CarePlan:care-team";
        await http.GetStringAsync(url); // the plan is kept now, and its resources with it
        var sent = await http.GetStringAsync(url);
        var parsed = (Bundle)ParseAndValidate(sent, xml: false);
        Assert.Contains(parsed.Entry, e => e.Resource is Goal);
        Assert.Contains(parsed.Entry, e => e.Resource is CareTeam);
        Assert.Equal(Samplan.Fhir.FhirIo.Serialize(parsed, Samplan.Fhir.FhirFormat.Json), sent); // the SDK's own way, whole

        var kari = await ClientAsAsync(App, "kari");
        var plan = await kari.ReadAsync<CarePlan>($"CarePlan/{planId}");
        plan!.Description = "Endret for å se at bundelen følger med";
        await kari.UpdateAsync(plan, versionAware: true);
        var after = (Bundle)ParseAndValidate(await http.GetStringAsync(url), xml: false);
        var carePlan = after.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();
        Assert.Equal("Endret for å se at bundelen følger med", carePlan.Description);
        Assert.Equal((int.Parse(parsed.Entry.Select(e => e.Resource).OfType<CarePlan>().Single().Meta!.VersionId!) + 1).ToString(), carePlan.Meta!.VersionId);
    }

    [Fact]
    public async System.Threading.Tasks.Task Reads_through_FHIR_are_audited_as_on_the_pages()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var kari = await ClientAsAsync(App, "kari");
        await kari.ReadAsync<CarePlan>($"CarePlan/{planId}");
        await kari.ReadAsync<Patient>($"Patient/{await PersonIdAsync(App, EmmaName)}");
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserName == "kari" && a.PlanId == planId && a.Allowed && a.Action == "plan.read" && a.Part == "Overview"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserName == "kari" && a.Action == "person.read" && a.Reason == "FHIR Patient"));
    }

    [Fact]
    public async System.Threading.Tasks.Task The_audit_log_as_AuditEvent_for_the_privacy_officer_and_for_the_person_about_their_own_plan()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var kari = await ClientAsAsync(App, "kari");
        await kari.ReadAsync<CarePlan>($"CarePlan/{planId}");

        var privacy = await ClientAsAsync(App, "personvern");
        var all = await privacy.SearchAsync<AuditEvent>(new SearchParams().Where($"entity=CarePlan/{planId}").Where("action=plan.read"));
        Assert.Contains(all!.Entry.Select(e => e.Resource).OfType<AuditEvent>(), a => a.Agent[0].Who!.Display == "kari" && a.Outcome == AuditEvent.AuditEventOutcome.N0);

        // Arne sees who read his plan (as on /my/plan/readers), not his own reads, nor anyone else's plan.
        var arne = await ClientAsAsync(App, "arne");
        var mine = await arne.SearchAsync<AuditEvent>();
        var events = mine!.Entry.Select(e => e.Resource).OfType<AuditEvent>().ToList();
        Assert.Contains(events, a => a.Agent[0].Who!.Display == "kari");
        Assert.All(events, a => Assert.Contains(a.Entity, x => x.What!.Reference == $"CarePlan/{planId}"));
        Assert.DoesNotContain(events, a => a.Agent[0].Who!.Display == "arne");

        // Staff who are not the privacy officer see nothing of the log.
        var tone = await ClientAsAsync(App, "tone");
        Assert.Empty((await tone.SearchAsync<AuditEvent>())!.Entry);
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => tone.ReadAsync<AuditEvent>($"AuditEvent/{events[0].Id}"));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_consent_from_someone_who_may_not_give_it_is_refused_S1_S2()
    {
        var kari = await ClientAsAsync(App, "kari");
        var bjorkvik = await OrganisationIdAsync(App, "Bjørkvik kommune");
        // A ten-year-old cannot consent to a plan herself; those with parental responsibility do (S2).
        var child = await kari.CreateAsync(NewPatient(SyntheticNumber(new DateOnly(2016, 6, 1), 500), "Lise Berg"));
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => kari.CreateAsync(NewCarePlan(child!.Id!, $"Patient/{child.Id}", null, bjorkvik)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains(refused.Outcome!.Issue, i => i.Details?.Coding.Any(c => c.Code == "S2") == true);
        await using (var db = App.NewDb())
            Assert.False(await db.Plans.AnyAsync(p => p.PersonId == Guid.Parse(child!.Id!)));

        // On Emma's plan: Emma (10) may not consent herself either.
        var emma = await PersonIdAsync(App, EmmaName);
        var onEmma = await Assert.ThrowsAsync<FhirOperationException>(() => kari.CreateAsync(new Hl7.Fhir.Model.Consent
        {
            Status = Hl7.Fhir.Model.Consent.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
            Patient = new ResourceReference($"Patient/{emma}"),
            Performer = [new ResourceReference($"Patient/{emma}")],
            PolicyRule = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, onEmma.Status);
        Assert.Contains("S2", Issues(onEmma.Outcome!), StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Bad_input_gets_a_4xx_OperationOutcome_saying_what_is_wrong_never_500()
    {
        using var http = ApiHttp(App, await TokenAsync(App, "kari"));
        const string json = "application/fhir+json";

        var malformedJson = await SendBadAsync(http, HttpMethod.Post, "/fhir/Patient", "{\"resourceType\": \"Patient\", \"name\": [", json, 400);
        Assert.NotEmpty(malformedJson.Issue);
        await SendBadAsync(http, HttpMethod.Post, "/fhir/Patient",
            "<Patient xmlns=\"http://hl7.org/fhir\"><name><text value=\"Kari\"/></Patient>", "application/fhir+xml", 400);
        var unknownElement = await SendBadAsync(http, HttpMethod.Post, "/fhir/Patient", "{\"resourceType\": \"Patient\", \"nickname\": \"x\"}", json, 400);
        Assert.Contains("nickname", Issues(unknownElement), StringComparison.Ordinal);
        var wrongType = await SendBadAsync(http, HttpMethod.Post, "/fhir/CarePlan", "{\"resourceType\": \"Patient\"}", json, 400);
        Assert.Contains("CarePlan", Issues(wrongType), StringComparison.Ordinal);
        var missing = await SendBadAsync(http, HttpMethod.Post, "/fhir/CarePlan",
            "{\"resourceType\": \"CarePlan\", \"status\": \"draft\", \"subject\": {\"reference\": \"Patient/x\"}}", json, 400);
        Assert.Contains("intent", Issues(missing), StringComparison.OrdinalIgnoreCase);
        var invalidNumber = await SendBadAsync(http, HttpMethod.Post, "/fhir/Patient",
            "{\"resourceType\": \"Patient\", \"identifier\": [{\"system\": \"urn:oid:2.16.578.1.12.4.1.4.1\", \"value\": \"01018512345\"}], \"name\": [{\"text\": \"Ola Feil\"}]}", json, 422);
        Assert.Contains("kontrollsiffer", Issues(invalidNumber), StringComparison.Ordinal);
        var noName = await SendBadAsync(http, HttpMethod.Post, "/fhir/Patient",
            $"{{\"resourceType\": \"Patient\", \"identifier\": [{{\"system\": \"urn:oid:2.16.578.1.12.4.1.4.1\", \"value\": \"{SyntheticNumber(new DateOnly(1977, 2, 3))}\"}}]}}", json, 422);
        Assert.Contains("name", Issues(noName), StringComparison.Ordinal);
        var oversize = "{\"resourceType\": \"Patient\", \"name\": [{\"text\": \"" + new string('a', 1_100_000) + "\"}]}";
        await SendBadAsync(http, HttpMethod.Post, "/fhir/Patient", oversize, json, 413);
        await SendBadAsync(http, HttpMethod.Post, "/fhir/Patient", "name=Kari", "application/x-www-form-urlencoded", 415);
        await SendBadAsync(http, HttpMethod.Post, "/fhir/Patient",
            "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY x \"y\">]><Patient xmlns=\"http://hl7.org/fhir\"><name><text value=\"&x;\"/></name></Patient>",
            "application/fhir+xml", 400);
        await SendBadAsync(http, HttpMethod.Put, $"/fhir/CarePlan/{await App.PlanIdOfAsync(EmmaName)}", "{\"resourceType\": \"CarePlan\", \"id\": \"other\", \"status\": \"draft\", \"intent\": \"plan\", \"subject\": {\"reference\": \"Patient/x\"}}", json, 400);
        using (var unknown = await http.GetAsync("/fhir/Observation"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.IsType<OperationOutcome>(ParseAndValidate(await unknown.Content.ReadAsStringAsync(), xml: false));
        }
        await using var db = App.NewDb();
        Assert.Equal(0, await db.Persons.CountAsync(p => p.Name == "Ola Feil" || p.Name == "Kari"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_resource_type_Samplan_returns_parses_and_validates_as_FHIR_R4_in_JSON_and_XML()
    {
        using var http = ApiHttp(App, await TokenAsync(App, "kari"));
        var planId = await App.PlanIdOfAsync(EmmaName);
        var emma = await PersonIdAsync(App, EmmaName);
        var kariStaff = await StaffIdAsync(App, "kari");
        var bjorkvik = await OrganisationIdAsync(App, "Bjørkvik kommune");
        Guid goalId, consentId, relatedId, meetingId, taskId;
        await using (var db = App.NewDb())
        {
            var plan = await db.Plans.Include(p => p.Goals).Include(p => p.Consents).SingleAsync(p => p.Id == planId);
            goalId = plan.Goals.First().Id;
            consentId = plan.Consents.First().Id;
            relatedId = await db.RelatedPersons.Where(r => r.PersonId == emma).Select(r => r.Id).FirstAsync();
            meetingId = await db.Meetings.Where(m => m.PlanId == planId).Select(m => m.Id).FirstAsync();
            taskId = await db.PlanTasks.Where(t => t.PlanId == planId).Select(t => t.Id).FirstAsync();
        }
        var expected = new Dictionary<string, Type>
        {
            ["/fhir/metadata"] = typeof(CapabilityStatement),
            [$"/fhir/Patient/{emma}"] = typeof(Patient),
            [$"/fhir/RelatedPerson/{relatedId}"] = typeof(RelatedPerson),
            [$"/fhir/Practitioner/{kariStaff}"] = typeof(Practitioner),
            [$"/fhir/PractitionerRole/{kariStaff}"] = typeof(PractitionerRole),
            [$"/fhir/Organization/{bjorkvik}"] = typeof(Organization),
            [$"/fhir/CarePlan/{planId}"] = typeof(CarePlan),
            [$"/fhir/Goal/{goalId}"] = typeof(Goal),
            [$"/fhir/CareTeam/{planId}"] = typeof(CareTeam),
            [$"/fhir/Consent/{consentId}"] = typeof(Hl7.Fhir.Model.Consent),
            [$"/fhir/CarePlan/{planId}/_history"] = typeof(Bundle),
            [$"/fhir/CarePlan?patient=Patient/{emma}&_include=CarePlan:goal&_include=CarePlan:care-team&_include=CarePlan:subject&_revinclude=Provenance:target"] = typeof(Bundle),
            [$"/fhir/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|{(await db2()).Item1}"] = typeof(Bundle),
            [$"/fhir/Goal?patient={emma}"] = typeof(Bundle),
            [$"/fhir/Consent?patient={emma}"] = typeof(Bundle),
            [$"/fhir/CareTeam?patient={emma}"] = typeof(Bundle),
            [$"/fhir/RelatedPerson?patient={emma}"] = typeof(Bundle),
            ["/fhir/Practitioner?name=Kari"] = typeof(Bundle),
            [$"/fhir/PractitionerRole?organization=Organization/{bjorkvik}"] = typeof(Bundle),
            ["/fhir/Organization"] = typeof(Bundle),
            [$"/fhir/Provenance?target=CarePlan/{planId}"] = typeof(Bundle),
            [$"/fhir/Appointment/{meetingId}"] = typeof(Appointment),
            [$"/fhir/Appointment?patient={emma}"] = typeof(Bundle),
            [$"/fhir/Task/{taskId}"] = typeof(Hl7.Fhir.Model.Task),
            [$"/fhir/Task?patient={emma}"] = typeof(Bundle),
            // _history of the plan's parts, units of an organisation, the user's own notices, the messages $process-message accepts.
            [$"/fhir/Goal/{goalId}/_history"] = typeof(Bundle),
            [$"/fhir/Consent/{consentId}/_history"] = typeof(Bundle),
            [$"/fhir/Appointment/{meetingId}/_history"] = typeof(Bundle),
            [$"/fhir/Task/{taskId}/_history"] = typeof(Bundle),
            [$"/fhir/Task/{taskId}/_history/1"] = typeof(Hl7.Fhir.Model.Task),
            [$"/fhir/Organization?partof=Organization/{bjorkvik}"] = typeof(Bundle),
            ["/fhir/Communication"] = typeof(Bundle),
            ["/fhir/MessageDefinition"] = typeof(Bundle),
            ["/fhir/MessageDefinition/discharge-ready"] = typeof(MessageDefinition),
        };
        foreach (var (url, type) in expected)
            Assert.IsType(type, await GetValidAsync(http, url));
        var search = (Bundle)await GetValidAsync(http, $"/fhir/CarePlan?patient=Patient/{emma}&_include=CarePlan:goal&_include=CarePlan:care-team&_include=CarePlan:subject&_revinclude=Provenance:target");
        foreach (var type in new[] { "CarePlan", "Goal", "CareTeam", "Patient", "Provenance" })
            Assert.Contains(search.Entry, e => e.Resource!.TypeName == type);
        var provenance = (Bundle)await GetValidAsync(http, $"/fhir/Provenance?target=CarePlan/{planId}");
        Assert.IsType<Provenance>(await GetValidAsync(http, $"/fhir/Provenance/{provenance.Entry[0].Resource!.Id}"));
        Assert.IsType<OperationOutcome>(await GetValidAsync(http, $"/fhir/CarePlan/{Guid.NewGuid()}", 404));

        // The audit log as AuditEvent, for the privacy officer.
        using var privacy = ApiHttp(App, await TokenAsync(App, "personvern"));
        var audit = (Bundle)await GetValidAsync(privacy, $"/fhir/AuditEvent?entity=CarePlan/{planId}");
        Assert.NotEmpty(audit.Entry);
        Assert.IsType<AuditEvent>(await GetValidAsync(privacy, $"/fhir/AuditEvent/{audit.Entry[0].Resource!.Id}"));

        async Task<(string, int)> db2()
        {
            await using var db = App.NewDb();
            return (await db.Persons.Where(p => p.Id == emma).Select(p => p.NationalIdentityNumber).SingleAsync(), 0);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task A_participant_reads_what_the_consent_shares_until_it_is_withdrawn_through_FHIR_R8_S5()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var emma = await PersonIdAsync(App, EmmaName);
        var consentId = ConsentNaming(await PlanAsync(App, planId), "Erik Strand").Id;
        var erik = await ClientAsAsync(App, "erik");
        var plan = await erik.ReadAsync<CarePlan>($"CarePlan/{planId}");
        Assert.NotEmpty(plan!.Goal);
        Assert.Single((await erik.SearchAsync<CarePlan>(new SearchParams().Where($"patient={emma}")))!.Entry);
        // The history shows the whole plan: only the coordinator and the person see it.
        var history = await Assert.ThrowsAsync<FhirOperationException>(() => erik.HistoryAsync($"CarePlan/{planId}"));
        Assert.Equal(HttpStatusCode.NotFound, history.Status);
        // A participant changes only measures they are responsible for, not what matters to Emma: 403, since he may read it.
        plan.Description = "Endret av læreren";
        var write = await Assert.ThrowsAsync<FhirOperationException>(() => erik.UpdateAsync(plan, versionAware: true));
        Assert.Equal(HttpStatusCode.Forbidden, write.Status);

        var kari = await ClientAsAsync(App, "kari");
        var consent = await kari.ReadAsync<Hl7.Fhir.Model.Consent>($"Consent/{consentId}");
        consent!.Status = Hl7.Fhir.Model.Consent.ConsentState.Inactive;
        var withdrawn = await kari.UpdateAsync(consent, versionAware: true);
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentState.Inactive, withdrawn!.Status);

        // S5: the very next request follows the withdrawn consent.
        var gone = await Assert.ThrowsAsync<FhirOperationException>(() => erik.ReadAsync<CarePlan>($"CarePlan/{planId}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Empty((await erik.SearchAsync<CarePlan>(new SearchParams().Where($"patient={emma}")))!.Entry);
        await using var db = App.NewDb();
        Assert.StartsWith(EmmaWhatMatters, await db.Plans.Where(p => p.Id == planId).Select(p => p.WhatMattersToPerson).SingleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_person_reads_their_own_plan_and_changes_only_what_matters_R12()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arne = await ClientAsAsync(App, "arne", ResourceFormat.Xml);
        var plan = await arne.ReadAsync<CarePlan>($"CarePlan/{planId}");
        Assert.NotNull(plan!.Description);
        plan.Description = "Å klare meg hjemme, med Randi";
        var saved = await arne.UpdateAsync(plan, versionAware: true);
        Assert.Equal("Å klare meg hjemme, med Randi", saved!.Description);

        saved.Period = new Period { Start = "2026-01-01", End = "2030-12-31" };
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => arne.UpdateAsync(saved, versionAware: true));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);

        // The staff directory and other people's records are not for citizens.
        var emmaId = await PersonIdAsync(App, EmmaName);
        var other = await Assert.ThrowsAsync<FhirOperationException>(() => arne.ReadAsync<Patient>($"Patient/{emmaId}"));
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        var own = await arne.ReadAsync<Patient>($"Patient/{await PersonIdAsync(App, "Arne Johansen")}");
        Assert.Equal("Arne Johansen", own!.Name[0].Text);
    }
}
