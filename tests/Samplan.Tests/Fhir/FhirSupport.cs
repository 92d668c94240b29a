using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.People;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Fhir;

/// <summary>
/// The FHIR API as an outside client uses it: a token from <c>POST /auth/token</c>, then the Firely SDK's
/// <see cref="FhirClient"/>. Every body can be checked with the SDK alone (strict parse, then validation).
/// </summary>
public static class FhirSupport
{
    public const string BaseUrl = "http://localhost/fhir";
    public const string FnrSystem = "urn:oid:2.16.578.1.12.4.1.4.1";

    public static async Task<string> TokenAsync(WebApplicationFactory<Program> app, string userName, string password = Shared.DemoData.Password)
    {
        using var http = app.CreateClient();
        using var response = await http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = userName, ["password"] = password,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"Token for {userName}: {(int)response.StatusCode} {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    public static HttpClient ApiHttp(WebApplicationFactory<Program> app, string? token)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static FhirClient Client(HttpClient http, ResourceFormat format = ResourceFormat.Json) => new(BaseUrl, http, new FhirClientSettings
    {
        PreferredFormat = format,
        VerifyFhirVersion = false,
        ReturnPreference = ReturnPreference.Representation,
    });

    public static async Task<FhirClient> ClientAsAsync(SamplanFactory app, string userName, ResourceFormat format = ResourceFormat.Json) =>
        Client(ApiHttp(app, await TokenAsync(app, userName)), format);

    /// <summary>Parses strictly with the SDK and validates structure and cardinality; fails with every problem found.</summary>
    public static Resource ParseAndValidate(string body, bool xml)
    {
        var settings = new DeserializerSettings().UsingMode(DeserializationMode.Strict);
        var ok = xml
            ? new FhirXmlDeserializer(settings).TryDeserializeResource(body, out var resource, out var issues)
            : new FhirJsonDeserializer(settings).TryDeserializeResource(body, out resource, out issues);
        var problems = issues?.Select(i => i.Message).ToList() ?? [];
        Assert.True(ok && resource is not null && problems.Count == 0, $"Not valid FHIR R4 ({(xml ? "XML" : "JSON")}): {string.Join("; ", problems)}\n{body}");
        var invalid = resource!.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, null!, true).Select(e => e.Message).ToList();
        Assert.True(invalid.Count == 0, $"{resource.TypeName} does not validate: {string.Join("; ", invalid)}\n{body}");
        return resource;
    }

    /// <summary>GET as JSON and as XML; both must parse and validate; returns the JSON one.</summary>
    public static async Task<Resource> GetValidAsync(HttpClient http, string url, int status = 200)
    {
        Resource? first = null;
        foreach (var xml in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd(xml ? "application/fhir+xml" : "application/fhir+json");
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"GET {url} ({(xml ? "xml" : "json")}): {(int)response.StatusCode}\n{body}");
            Assert.StartsWith(xml ? "application/fhir+xml" : "application/fhir+json", response.Content.Headers.ContentType?.ToString());
            first ??= ParseAndValidate(body, xml);
            if (xml) ParseAndValidate(body, xml);
        }
        return first!;
    }

    /// <summary>Sends a raw body; the answer must be an OperationOutcome (valid FHIR) with this status.</summary>
    public static async Task<OperationOutcome> SendBadAsync(HttpClient http, HttpMethod method, string url, string body, string contentType, int status)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {url}: expected {status}, got {(int)response.StatusCode}\n{text}");
        return Assert.IsType<OperationOutcome>(ParseAndValidate(text, xml: false));
    }

    /// <summary>A valid synthetic fødselsnummer (month + 80) for a birth date not used by the demo data.</summary>
    public static string SyntheticNumber(DateOnly birth, int from = 100) =>
        Enumerable.Range(from, 100).Select(i => NationalIdentityNumber.Synthetic(birth, i)).First(n => n is not null)!.Value;

    public static Patient NewPatient(string number, string name) => new()
    {
        Identifier = [new Identifier(FnrSystem, number)],
        Name = [new HumanName { Text = name }],
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "400 12 345")],
    };

    /// <summary>A CarePlan that starts plan work: draft, with the consent contained and pointed to from supportingInfo.</summary>
    public static CarePlan NewCarePlan(string patientId, string performer, Guid? coordinatorStaffId = null, Guid? organisationId = null)
    {
        var consent = new Hl7.Fhir.Model.Consent
        {
            Id = "samtykke",
            Status = Hl7.Fhir.Model.Consent.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
            Patient = new ResourceReference($"Patient/{patientId}"),
            DateTime = "2026-11-23",
            Performer = [new ResourceReference(performer)],
            PolicyRule = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
            Provision = new Hl7.Fhir.Model.Consent.provisionComponent { Type = Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit },
        };
        var plan = new CarePlan
        {
            Status = RequestStatus.Draft,
            Intent = CarePlan.CarePlanIntent.Plan,
            Subject = new ResourceReference($"Patient/{patientId}"),
            Contained = [consent],
            SupportingInfo = [new ResourceReference("#samtykke")],
            Description = "Å komme meg ut på tur hver uke",
        };
        if (coordinatorStaffId is { } c) plan.Author = new ResourceReference($"Practitioner/{c}");
        if (organisationId is { } o) plan.Contributor = [new ResourceReference($"Organization/{o}")];
        return plan;
    }

    public static async Task<Guid> StaffIdAsync(SamplanFactory app, string userName)
    {
        await using var db = app.NewDb();
        return await db.UserAccounts.Where(u => u.UserName == userName).Select(u => u.StaffMemberId!.Value).SingleAsync();
    }

    public static async Task<Guid> OrganisationIdAsync(SamplanFactory app, string name)
    {
        await using var db = app.NewDb();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static string Issues(OperationOutcome outcome) =>
        string.Join(" | ", outcome.Issue.Select(i => $"{i.Details?.Coding.FirstOrDefault()?.Code} {i.Diagnostics}"));
}
