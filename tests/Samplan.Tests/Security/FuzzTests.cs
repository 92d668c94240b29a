using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Security.SecurityTestSupport;

namespace Samplan.Tests.Security;

public sealed class FuzzOnSqlite : FuzzTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class FuzzOnPostgreSql(PostgresCluster cluster) : FuzzTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Bad input (issue 9.3; ASVS 5.1.3, 5.1.4, 13.2.x): a property-based mutator (FsCheck generators) takes valid request bodies —
/// FHIR JSON and XML (Patient, CarePlan, Goal, Consent, Appointment, RelatedPerson, the staff directory's Organization, Practitioner
/// and PractitionerRole, a message to <c>$process-message</c>) and form posts with a valid
/// anti-forgery token (sign-in, what matters, the plan log, a meeting summons) — mutates them structurally (values replaced
/// by hostile ones, properties removed, duplicated, retyped, nested deep) and as text (bytes inserted, deleted, truncated),
/// and sends each. Asserted for every case: no 5xx, every refusal a 4xx with a message (FHIR: an OperationOutcome whose issue
/// has diagnostics or details), no request over 1 s.
/// Cases per database from <c>SAMPLAN_FUZZ_CASES</c> (default <see cref="DefaultCases"/>, a few seconds in CI); the seed
/// from <c>SAMPLAN_FUZZ_SEED</c> (printed on failure). The full run (docs/security.md):
/// <c>SAMPLAN_FUZZ_CASES=100000 dotnet test tests/Samplan.Tests --filter "FullyQualifiedName~Security.FuzzOn"</c>.
/// </summary>
public abstract partial class FuzzTests : AppTests
{
    const int DefaultCases = 300;
    static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(1);

    static int Cases => int.TryParse(Environment.GetEnvironmentVariable("SAMPLAN_FUZZ_CASES"), out var n) && n > 0 ? n : DefaultCases;

    enum BodyKind { FhirJson, FhirXml, Form }

    sealed record Target(string Name, HttpMethod Method, string Url, BodyKind Kind, HttpClient Client,
        string Body = "", IReadOnlyList<KeyValuePair<string, string>>? Fields = null);

    /// <summary>One generated mutation: which target, which operator, where, how much, with what value.</summary>
    public sealed record Mutation(int Target, int Op, int Where, int Length, string Value, int Extra);

    /// <summary>Values that have broken parsers and databases before: empty, huge, control and NUL characters, lone surrogates, markup, paths, dates out of range.</summary>
    static readonly string[] Hostile =
    [
        "", " ", "null", "0", "-1", "2147483648", "-9223372036854775809", "99999999999999999999999", "1e309", "NaN", "true",
        "\0", "a\0b", "\uD800", "\uDFFF\uD800", "\u202E", "\uFEFF", "😀👨‍👩‍👧", "\r\n\t", "<script>alert(1)</script>", "' OR 1=1 --",
        "\"; DROP TABLE \"Plans\"; --", "../../../../etc/passwd", "%00", "%", "{{x}}", "${jndi:ldap://x}", "2026-13-45", "0000-00-00",
        "9999-12-31", "0001-01-01", "-0001-01-01", "2026-11-23T25:61:00Z", "24:00", "T", "Patient/", "Patient/not-a-guid",
        "Patient/00000000-0000-0000-0000-000000000000", "CarePlan/../Patient/1", "#", "#missing", "urn:uuid:", "http://evil.test/Patient/1",
        "W/\"1\"", "W/\"-1\"", "*", "{}", "[]", "[[[[[[[[[[", "{\"resourceType\":\"Patient\"}", new string('x', 301), new string('å', 4001),
        new string('9', 100), "Active", "completed", "entered-in-error", "PlanLog", "Health", "BeforeDischarge", "urn:oid:2.16.578.1.12.4.1.4.1",
    ];

    static Gen<string> Values => Gen.Frequency(
        (5, Gen.Elements(Hostile)),
        (2, Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(i => (char)i)).Select(a => new string(a))),
        (1, Gen.Choose(0, 20_000).Select(n => new string('a', n))),
        (1, Gen.Choose(int.MinValue / 2, int.MaxValue / 2).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    static Gen<Mutation> Mutations(int targets) =>
        from target in Gen.Choose(0, targets - 1)
        from op in Gen.Choose(0, 13)
        from at in Gen.Choose(0, 1_000_000)
        from length in Gen.Choose(0, 64)
        from value in Values
        from extra in Gen.Choose(0, 1_000)
        select new Mutation(target, op, at, length, value, extra);

    [Fact]
    public async Task Mutated_fhir_bodies_and_form_posts_never_give_5xx_each_refusal_is_a_4xx_with_a_message_and_none_takes_over_1_s()
    {
        var targets = await TargetsAsync();
        // Warm-up: each target once as it is (JIT, caches), so the 1-second limit measures the app, not its first start.
        foreach (var t in targets) (await SendAsync(t, t.Body, t.Fields, null)).Dispose();

        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("SAMPLAN_FUZZ_SEED"), out var s) ? s : (ulong)Environment.TickCount64;
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var slowest = TimeSpan.Zero;
        var done = 0;
        while (done < Cases && failures.Count < 25)
        {
            var batch = Math.Min(500, Cases - done);
            var mutations = Mutations(targets.Count).Sample(30, new Rnd(seed + (ulong)done), batch);
            foreach (var m in mutations)
            {
                var target = targets[m.Target];
                var (body, fields, ifMatch) = Apply(target, m);
                var clock = Stopwatch.StartNew();
                string problem;
                int status;
                try
                {
                    using var response = await SendAsync(target, body, fields, ifMatch);
                    var text = await response.Content.ReadAsStringAsync();
                    clock.Stop();
                    status = (int)response.StatusCode;
                    problem = Check(target, response, text);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    clock.Stop();
                    status = 0;
                    problem = "the server threw: " + e;
                }
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (clock.Elapsed > slowest) slowest = clock.Elapsed;
                if (clock.Elapsed > MaxDuration)
                {
                    // A shared build machine pauses now and then: a slow case is sent again, and fails only if it is slow
                    // again — an input that is slow to handle stays slow.
                    var again = Stopwatch.StartNew();
                    (await SendAsync(target, body, fields, ifMatch)).Dispose();
                    if (again.Elapsed > MaxDuration) problem += $" took {clock.Elapsed.TotalMilliseconds:0} ms, then {again.Elapsed.TotalMilliseconds:0} ms;";
                }
                if (problem.Length > 0 && _errors.Last() is { } logged) problem += $" logged: {Shorten(logged)};";
                if (problem.Length > 0)
                    failures.Add($"{target.Name} {m with { Value = Shorten(m.Value) }} → {status}: {problem}\n  body: {Shorten(body ?? string.Join("&", fields!.Select(f => f.Key + "=" + f.Value)))}");
                done++;
            }
        }
        var summary = $"{done} cases, seed {seed}, slowest {slowest.TotalMilliseconds:0} ms, statuses {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}";
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures));
    }

    readonly ErrorLog _errors = new();

    /// <summary>The app's logged errors (the FHIR API logs the exception behind a 500), so a failure shows its cause.</summary>
    sealed class ErrorLog : ILoggerProvider, ILogger
    {
        readonly System.Collections.Concurrent.ConcurrentQueue<string> _entries = new();
        public string? Last() { string? last = null; while (_entries.TryDequeue(out var e)) last = e; return last; }
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) _entries.Enqueue(formatter(state, exception) + " " + exception?.ToString().Split('\n').Take(6).Aggregate("", (a, b) => a + b));
        }
        public void Dispose() { }
    }

    static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + $"…({s.Length} chars)";

    /// <summary>What is wrong with the answer; empty when it is fine.</summary>
    static string Check(Target target, HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{status} {Shorten(text)};";
        if (status < 400) return "";
        if (target.Kind == BodyKind.Form)
            return text.Trim().Length == 0 ? "a refusal without a message;" : "";
        // FHIR: an OperationOutcome with an issue that says why.
        var xml = response.Content.Headers.ContentType?.MediaType?.Contains("xml", StringComparison.Ordinal) == true;
        var ok = xml
            ? new FhirXmlDeserializer().TryDeserializeResource(text, out var resource, out _)
            : new FhirJsonDeserializer().TryDeserializeResource(text, out resource, out _);
        if (!ok || resource is not Hl7.Fhir.Model.OperationOutcome outcome) return $"a {status} that is not an OperationOutcome: {Shorten(text)};";
        return outcome.Issue.Any(i => !string.IsNullOrWhiteSpace(i.Diagnostics) || !string.IsNullOrWhiteSpace(i.Details?.Text))
            ? "" : $"an OperationOutcome without diagnostics or details: {Shorten(text)};";
    }

    static async Task<HttpResponseMessage> SendAsync(Target target, string? body, IReadOnlyList<KeyValuePair<string, string>>? fields, string? ifMatch)
    {
        using var request = new HttpRequestMessage(target.Method, target.Url);
        if (target.Kind == BodyKind.Form)
            request.Content = new FormUrlEncodedContent(fields!);
        else
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body!));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(target.Kind == BodyKind.FhirXml ? "application/fhir+xml" : "application/fhir+json");
            request.Headers.Accept.ParseAdd("application/fhir+json");
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await target.Client.SendAsync(request);
    }

    // ---- the mutator ----

    static (string? Body, IReadOnlyList<KeyValuePair<string, string>>? Fields, string? IfMatch) Apply(Target target, Mutation m)
    {
        if (target.Kind == BodyKind.Form) return (null, MutateForm(target.Fields!, m), null);
        // One case in fourteen mangles the If-Match header instead of (or besides) the body.
        var ifMatch = m.Op == 13 ? m.Value : null;
        var body = target.Kind == BodyKind.FhirJson ? MutateJson(target.Body, m) : MutateXml(target.Body, m);
        return (body, null, ifMatch);
    }

    static string MutateText(string text, Mutation m)
    {
        if (text.Length == 0) return m.Value;
        var at = m.Where % text.Length;
        return (m.Op % 4) switch
        {
            0 => text.Insert(at, m.Value),
            1 => text.Remove(at, Math.Min(m.Length + 1, text.Length - at)),
            2 => text[..at],
            _ => text[..at] + text[at..Math.Min(text.Length, at + m.Length + 1)] + text[at..],
        };
    }

    static string MutateJson(string json, Mutation m)
    {
        if (m.Op is 0 or 1 or 2 or 3) return MutateText(json, m);
        var root = JsonNode.Parse(json)!;
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[m.Where % nodes.Count];
        var parent = node.Parent;
        JsonNode? replacement = (m.Op, m.Extra % 8) switch
        {
            (4 or 5, _) => JsonValue.Create(m.Value),
            (6, 0) => null,
            (6, 1) => JsonValue.Create(m.Extra - 500),
            (6, 2) => JsonValue.Create(m.Extra % 2 == 0),
            (6, 3) => new JsonArray(JsonValue.Create(m.Value), JsonValue.Create(m.Value)),
            (6, 4) => new JsonObject { ["value"] = m.Value },
            (6, 5) => JsonValue.Create(1e300),
            (6, 6) => new JsonArray(),
            (6, _) => new JsonObject(),
            (7, _) => Nest(m.Extra % 2 == 0 ? 600 : 64 + m.Length, m.Value),
            _ => null,
        };
        if (m.Op == 8 && parent is JsonObject obj8 && obj8 != null)
        {
            // Remove the property (or array element).
            obj8.Remove(node.GetPropertyName());
            return root.ToJsonString();
        }
        if (m.Op == 8 && parent is JsonArray arr8)
        {
            arr8.Remove(node);
            return root.ToJsonString();
        }
        if (m.Op == 9 && root is JsonObject r9)
        {
            // A property that FHIR does not have, or a resource type that is not the one expected.
            if (m.Extra % 2 == 0) r9["resourceType"] = m.Value.Length > 0 && m.Extra % 4 == 0 ? m.Value : (m.Extra % 3 == 0 ? "Patient" : "Bundle");
            else r9[m.Value.Length is > 0 and < 200 ? m.Value : "unknownElement"] = m.Value;
            return root.ToJsonString();
        }
        if (m.Op == 10 && parent is JsonObject obj10)
        {
            // The same property twice (the writer cannot, so as text).
            var name = node.GetPropertyName();
            var text = root.ToJsonString();
            var key = JsonSerializer.Serialize(name) + ":";
            var at = text.IndexOf(key, StringComparison.Ordinal);
            return at < 0 ? text : text.Insert(at, key + JsonSerializer.Serialize(m.Value) + ",");
        }
        if (m.Op is 11 or 12)
        {
            // A string where an array is expected, or the other way round.
            replacement = node is JsonArray a && a.Count > 0 ? a[0]!.DeepClone() : new JsonArray(node.DeepClone());
        }
        if (parent is null) return replacement?.ToJsonString() ?? "null";
        if (parent is JsonObject o) o[node.GetPropertyName()] = replacement;
        else if (parent is JsonArray arr) arr[node.GetElementIndex()] = replacement;
        return root.ToJsonString();
    }

    static JsonNode Nest(int depth, string value)
    {
        JsonNode node = JsonValue.Create(value)!;
        for (var i = 0; i < depth; i++) node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["extension"] = node };
        return node;
    }

    static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        if (node is JsonObject o) foreach (var (_, child) in o) { if (child is not null) Collect(child, into); }
        else if (node is JsonArray a) foreach (var child in a) { if (child is not null) Collect(child, into); }
    }

    static string MutateXml(string xml, Mutation m)
    {
        if (m.Op is 0 or 1 or 2 or 3) return MutateText(xml, m);
        var doc = XDocument.Parse(xml);
        var elements = doc.Descendants().ToList();
        var element = elements[m.Where % elements.Count];
        switch (m.Op)
        {
            case 4 or 5 or 6:
                element.SetAttributeValue("value", m.Value.Where(XmlConvertOk).Aggregate(new StringBuilder(), (b, c) => b.Append(c)).ToString());
                break;
            case 7:
                // An external entity and a billion laughs: neither may be resolved.
                return "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\"><!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                    + xml.Replace("value=\"", m.Extra % 2 == 0 ? "value=\"&x;" : "value=\"&c;", StringComparison.Ordinal)[(xml.StartsWith("<?xml", StringComparison.Ordinal) ? xml.IndexOf("?>", StringComparison.Ordinal) + 2 : 0)..];
            case 8:
                if (element != doc.Root) element.Remove();
                break;
            case 9:
                if (m.Extra % 2 == 0) doc.Root!.Name = doc.Root.Name.Namespace + (m.Extra % 4 == 0 ? "Patient" : "Bundle");
                else element.Add(new XElement(element.Name.Namespace + "unknownElement", new XAttribute("value", "x")));
                break;
            case 10:
                if (element != doc.Root) element.AddAfterSelf(new XElement(element));
                break;
            default:
                element.Add(new XText(m.Value.Where(XmlConvertOk).Aggregate(new StringBuilder(), (b, c) => b.Append(c)).ToString()));
                break;
        }
        return doc.ToString(SaveOptions.DisableFormatting);
    }

    static bool XmlConvertOk(char c) => System.Xml.XmlConvert.IsXmlChar(c);

    static List<KeyValuePair<string, string>> MutateForm(IReadOnlyList<KeyValuePair<string, string>> fields, Mutation m)
    {
        var list = fields.ToList();
        // The anti-forgery token stays valid in most cases, so the form's own handling is reached.
        var editable = list.Select((f, i) => (f, i)).Where(p => p.f.Key != "__RequestVerificationToken").Select(p => p.i).ToList();
        var i = editable[m.Where % editable.Count];
        switch (m.Op % 7)
        {
            case 0 or 1 or 2:
                list[i] = new(list[i].Key, m.Value);
                break;
            case 3:
                list.RemoveAt(i);
                break;
            case 4:
                list.Add(new(list[i].Key, m.Value));
                break;
            case 5:
                list.Add(new(m.Value.Length is > 0 and < 100 ? m.Value : "Input.Unknown", m.Value));
                break;
            default:
                if (m.Extra % 10 == 0) list.RemoveAll(f => f.Key == "__RequestVerificationToken");
                else list[i] = new(list[i].Key, MutateText(list[i].Value, m));
                break;
        }
        return list;
    }

    // ---- the valid bodies the mutations start from ----

    [GeneratedRegex(@"name=""Version""[^>]*value=""(\d+)""")]
    private static partial Regex VersionField();

    async Task<List<Target>> TargetsAsync()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        Guid personId;
        await using (var db = App.NewDb())
            personId = await db.Plans.Where(p => p.Id == planId).Select(p => p.PersonId).SingleAsync();
        // An app of its own with a messaging peer, so $notify-peer gives a valid message for $process-message.
        var app = App.WithWebHostBuilder(b =>
        {
            b.ConfigureLogging(l => l.AddProvider(_errors));
            b.UseSetting("Messaging:Enabled", "false");
            b.UseSetting("Messaging:Peers:self:BaseUrl", "http://self.test");
            b.UseSetting("Messaging:Peers:self:UserName", "kari");
            b.UseSetting("Messaging:Peers:self:Password", Shared.DemoData.Password);
        });
        var api = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Fhir.FhirSupport.TokenAsync(App, "kari"));

        async Task<string> GetAsync(string url, bool xml = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd(xml ? "application/fhir+xml" : "application/fhir+json");
            using var response = await api.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {text}");
            return text;
        }
        string FirstId(string bundle) => JsonNode.Parse(bundle)!["entry"]![0]!["resource"]!["id"]!.GetValue<string>();

        var goalId = FirstId(await GetAsync($"/fhir/Goal?patient=Patient/{personId}"));
        var consentId = FirstId(await GetAsync($"/fhir/Consent?patient=Patient/{personId}"));
        var targets = new List<Target>();
        foreach (var (type, id) in new[] { ("Patient", personId.ToString()), ("CarePlan", planId.ToString()), ("Goal", goalId), ("Consent", consentId) })
        {
            var url = $"/fhir/{type}/{id}";
            targets.Add(new($"PUT {type} json", HttpMethod.Put, url, BodyKind.FhirJson, api, await GetAsync(url)));
            targets.Add(new($"PUT {type} xml", HttpMethod.Put, url, BodyKind.FhirXml, api, await GetAsync(url, xml: true)));
        }
        // The other PUT routes, and the staff directory's writes (the administrator's), one format each so the cases spread
        // over more routes rather than growing in number: JSON for most, XML for some.
        var admin = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Fhir.FhirSupport.TokenAsync(App, "admin"));
        Guid meetingId, relatedId, organisationId, staffId;
        await using (var db = App.NewDb())
        {
            meetingId = await db.Meetings.Where(m => m.PlanId == planId).Select(m => m.Id).FirstAsync();
            relatedId = await db.RelatedPersons.Where(r => r.PersonId == personId).Select(r => r.Id).FirstAsync();
            organisationId = await db.Organisations.Where(o => o.Name == "Bjørkvik kommune").Select(o => o.Id).SingleAsync();
            staffId = await db.UserAccounts.Where(u => u.UserName == "ola").Select(u => u.StaffMemberId!.Value).SingleAsync();
        }
        foreach (var (type, id, client, xml) in new[] { ("Appointment", meetingId, api, false), ("RelatedPerson", relatedId, api, true),
            ("Organization", organisationId, admin, false), ("Practitioner", staffId, admin, true), ("PractitionerRole", staffId, admin, false) })
        {
            var url = $"/fhir/{type}/{id}";
            targets.Add(new($"PUT {type} {(xml ? "xml" : "json")}", HttpMethod.Put, url, xml ? BodyKind.FhirXml : BodyKind.FhirJson, client, await GetAsync(url, xml)));
        }
        var newStaff = $$$"""{"resourceType":"Practitioner","identifier":[{"system":"https://samplan.no/fhir/sid/username","value":"fuzz"},{"system":"urn:oid:2.16.578.1.12.4.1.4.4","value":"8901234"}],"name":[{"text":"Fuzz Fysio"}],"telecom":[{"system":"email","value":"fuzz@example.no"}],"qualification":[{"code":{"text":"Fysioterapeut"}}],"extension":[{"url":"https://samplan.no/fhir/StructureDefinition/practitioner-organization","valueReference":{"reference":"Organization/{{{organisationId}}}"}}]}""";
        targets.Add(new("POST Practitioner json", HttpMethod.Post, "/fhir/Practitioner", BodyKind.FhirJson, admin, newStaff));
        var newRole = $$$"""{"resourceType":"PractitionerRole","contained":[{"resourceType":"Practitioner","id":"ny","identifier":[{"system":"https://samplan.no/fhir/sid/username","value":"fuzz.role"}],"name":[{"text":"Fuzz Rolle"}]}],"practitioner":{"reference":"#ny"},"organization":{"reference":"Organization/{{{organisationId}}}"},"code":[{"text":"Vernepleier"},{"coding":[{"system":"https://samplan.no/fhir/CodeSystem/staff-role","code":"coordinating-unit"}]}]}""";
        targets.Add(new("POST PractitionerRole json", HttpMethod.Post, "/fhir/PractitionerRole", BodyKind.FhirJson, admin, newRole));

        var newPatient = new FhirJsonSerializer().SerializeToString(Fhir.FhirSupport.NewPatient(Fhir.FhirSupport.SyntheticNumber(new DateOnly(1991, 2, 3)), "Fuzz Person"));
        targets.Add(new("POST Patient json", HttpMethod.Post, "/fhir/Patient", BodyKind.FhirJson, api, newPatient));
        var newGoal = $$$"""{"resourceType":"Goal","lifecycleStatus":"proposed","description":{"text":"Et nytt mål"},"subject":{"reference":"Patient/{{{personId}}}"}}""";
        targets.Add(new("POST Goal json", HttpMethod.Post, "/fhir/Goal", BodyKind.FhirJson, api, newGoal));

        // A valid K8 notice as the peer would send it.
        using (var notify = new HttpRequestMessage(HttpMethod.Post, $"/fhir/Patient/{personId}/$notify-peer"))
        {
            notify.Content = new StringContent("""{"resourceType":"Parameters","parameter":[{"name":"peer","valueString":"self"},{"name":"receiver","valueString":"964000001"},{"name":"event","valueCode":"discharge-ready"},{"name":"need","valueString":"Trenger koordinator"},{"name":"urgency","valueCode":"Urgent"},{"name":"personAsked","valueBoolean":true},{"name":"personWantsAssessment","valueBoolean":true}]}""");
            notify.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
            using var queued = await api.SendAsync(notify);
            var message = await queued.Content.ReadAsStringAsync();
            Assert.True(queued.StatusCode == HttpStatusCode.Accepted, message);
            targets.Add(new("POST $process-message json", HttpMethod.Post, "/fhir/$process-message", BodyKind.FhirJson, api, message));
            var xmlMessage = new FhirXmlSerializer().SerializeToString(new FhirJsonDeserializer().DeserializeResource(message));
            targets.Add(new("POST $process-message xml", HttpMethod.Post, "/fhir/$process-message", BodyKind.FhirXml, api, xmlMessage));
        }

        // Forms, posted by a signed-in coordinator with the page's anti-forgery token; the sign-in form anonymously.
        var kari = Client(App);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(kari, "kari")).StatusCode);
        var anonymous = Client(App);
        var signInToken = await TokenAsync(anonymous);
        targets.Add(new("form sign-in", HttpMethod.Post, "/account/sign-in", BodyKind.Form, anonymous, Fields: Form(signInToken,
            ("UserName", "tone"), ("Password", "not the password"))));
        using (var page = await kari.GetAsync($"/plans/{planId}/what-matters"))
        {
            var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
            var version = VersionField().Match(html).Groups[1].Value;
            var token = new Page(page.StatusCode, html, null).AntiforgeryToken;
            targets.Add(new("form what-matters", HttpMethod.Post, $"/plans/{planId}/what-matters", BodyKind.Form, kari, Fields: Form(token,
                ("Version", version), ("OwnWords", "Å være med venner."))));
            targets.Add(new("form plan log", HttpMethod.Post, $"/plans/{planId}/log", BodyKind.Form, kari, Fields: Form(token,
                ("On", "2026-11-23"), ("Text", "Ringte og avtalte møte."), ("Kind", "PlanLog"))));
            targets.Add(new("form meeting summons", HttpMethod.Post, $"/plans/{planId}/meetings/new", BodyKind.Form, kari, Fields: Form(token,
                ("Input.Agenda", "Gjennomgang av planen"), ("Input.Day", "2026-12-01"), ("Input.Starts", "10:00"), ("Input.Ends", "11:00"),
                ("Input.Place", "Bjørkvik helsehus"), ("Kind", "Regular"), ("AgreedWithPatient", "true"))));
        }
        return targets;
    }

    static List<KeyValuePair<string, string>> Form(string token, params (string Key, string Value)[] fields) =>
        [.. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), new("__RequestVerificationToken", token)];
}
