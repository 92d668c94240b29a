using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;

namespace Samplan.Fhir;

public enum FhirFormat { Json, Xml }

/// <summary>
/// Bad input to the FHIR API, answered with an <c>OperationOutcome</c> and a 4xx status saying what is wrong:
/// malformed JSON/XML, the wrong resource type, a missing element, an invalid identity number, a body too large.
/// </summary>
public sealed class FhirInputException(int status, string message, OperationOutcome.IssueType code = OperationOutcome.IssueType.Invalid,
    string? rule = null, IReadOnlyList<string>? details = null) : Exception(message)
{
    public int Status { get; } = status;
    public OperationOutcome.IssueType Code { get; } = code;
    public string? Rule { get; } = rule;
    public IReadOnlyList<string> Details { get; } = details ?? [];
}

/// <summary>
/// Reading and writing FHIR R4 with the Firely SDK: content negotiation (<c>_format</c>, <c>Accept</c>,
/// <c>Content-Type</c>), strict parsing and the SDK's structure and cardinality validation of every incoming
/// resource before anything is stored.
/// </summary>
public static class FhirIo
{
    public const string JsonType = "application/fhir+json";
    public const string XmlType = "application/fhir+xml";

    /// <summary>The largest body /fhir accepts (a whole plan is a few kilobytes).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    static readonly BaseFhirJsonSerializer JsonSerializer = new(ModelInfo.ModelInspector);
    static readonly BaseFhirXmlSerializer XmlSerializer = new(ModelInfo.ModelInspector);

    // As the SDK's SerializeToString writes: æøå and '+' as themselves, not as \u escapes.
    static readonly System.Text.Json.JsonWriterOptions BodyJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static DeserializerSettings Strict() => new DeserializerSettings().UsingMode(DeserializationMode.Strict);

    /// <summary>The format of the answer: <c>_format</c> first, then <c>Accept</c>; JSON by default.</summary>
    public static FhirFormat ResponseFormat(HttpRequest request)
    {
        var format = request.Query["_format"].ToString();
        if (format.Length > 0)
            return format.Contains("xml", StringComparison.OrdinalIgnoreCase) ? FhirFormat.Xml : FhirFormat.Json;
        var accept = request.Headers.Accept.ToString();
        var xml = accept.IndexOf("xml", StringComparison.OrdinalIgnoreCase);
        var json = accept.IndexOf("json", StringComparison.OrdinalIgnoreCase);
        return xml >= 0 && (json < 0 || xml < json) ? FhirFormat.Xml : FhirFormat.Json;
    }

    public static string ContentType(FhirFormat format) =>
        (format == FhirFormat.Xml ? XmlType : JsonType) + "; charset=utf-8; fhirVersion=4.0";

    public static string Serialize(Resource resource, FhirFormat format) => format == FhirFormat.Xml
        ? XmlSerializer.SerializeToString(resource)
        : JsonSerializer.SerializeToString(resource);

    /// <summary>
    /// The resource written straight into the response body. JSON goes through the body's buffers as UTF-8 (issue 8: a
    /// bundle built as a string first, then encoded, was copied three times); XML, which is rare, still via a string.
    /// </summary>
    public static async System.Threading.Tasks.Task WriteAsync(HttpResponse response, Resource resource, FhirFormat format)
    {
        if (format == FhirFormat.Xml)
        {
            await response.WriteAsync(XmlSerializer.SerializeToString(resource));
            return;
        }
        await using (var writer = new System.Text.Json.Utf8JsonWriter(response.BodyWriter, BodyJson))
            WriteJson(resource, writer);
        await response.BodyWriter.FlushAsync();
    }

    /// <summary>
    /// As the SDK writes it, with the JSON of kept resources (<see cref="KeptResources"/>) copied in instead of serialized
    /// again. A search set's own elements are written here in the SDK's order, its entries' resources each as above;
    /// any other bundle, and any other resource, goes to the SDK whole (FhirIoTests compare the two ways byte for byte).
    /// </summary>
    internal static void WriteJson(Resource resource, System.Text.Json.Utf8JsonWriter writer)
    {
        if (KeptResources.JsonOf(resource, SerializeJson) is { } kept)
        {
            writer.WriteRawValue(kept, skipInputValidation: true);
            return;
        }
        if (resource is not Bundle bundle || !PlainSearchSet(bundle))
        {
            JsonSerializer.Serialize(resource, writer);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("resourceType", "Bundle");
        if (bundle.Meta is { } meta)
        {
            writer.WritePropertyName("meta");
            JsonSerializer.Serialize(meta, writer);
        }
        writer.WriteString("type", "searchset");
        if (bundle.Total is { } total) writer.WriteNumber("total", total);
        if (bundle.Link.Count > 0)
        {
            writer.WriteStartArray("link");
            foreach (var link in bundle.Link) JsonSerializer.Serialize(link, writer);
            writer.WriteEndArray();
        }
        if (bundle.Entry.Count > 0)
        {
            writer.WriteStartArray("entry");
            foreach (var entry in bundle.Entry)
            {
                writer.WriteStartObject();
                if (entry.FullUrl is { } fullUrl) writer.WriteString("fullUrl", fullUrl);
                if (entry.Resource is { } entryResource)
                {
                    writer.WritePropertyName("resource");
                    WriteJson(entryResource, writer);
                }
                if (entry.Search is { } search)
                {
                    writer.WritePropertyName("search");
                    JsonSerializer.Serialize(search, writer);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    static byte[] SerializeJson(Resource resource)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, BodyJson)) JsonSerializer.Serialize(resource, writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A search set with nothing but what <see cref="WriteJson"/> writes itself (as FhirContext.SearchSet makes them).</summary>
    static bool PlainSearchSet(Bundle bundle) =>
        bundle.Type == Bundle.BundleType.Searchset && bundle.Id is null && bundle.ImplicitRules is null && bundle.Language is null
        && bundle.Identifier is null && bundle.Timestamp is null && bundle.Signature is null
        && bundle.Entry.All(e => e.Link.Count == 0 && e.Request is null && e.Response is null && e.ElementId is null
            && e.Extension.Count == 0 && e.ModifierExtension.Count == 0);

    /// <summary>
    /// Reads the body (at most <see cref="MaxBodyBytes"/>), parses it strictly as JSON or XML by its content type and
    /// validates it with the SDK (structure and cardinality). The resource must be a <typeparamref name="T"/>.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : Resource
    {
        var format = RequestFormat(request.ContentType);
        var text = await ReadBodyAsync(request, ct);
        if (PeekType(text, format) is { } named && named != typeof(T).Name)
            throw new FhirInputException(400, $"Endepunktet tar imot {typeof(T).Name}, ikke {named}.", OperationOutcome.IssueType.Invalid);
        var resource = Parse(text, format);
        if (resource is not T typed)
            throw new FhirInputException(400, $"Endepunktet tar imot {typeof(T).Name}, ikke {resource.TypeName}.",
                OperationOutcome.IssueType.Invalid);
        Validate(typed);
        return typed;
    }

    /// <summary>The resource type the body names (resourceType, or the XML root), or null when it cannot be seen.</summary>
    static string? PeekType(string text, FhirFormat format)
    {
        try
        {
            if (format == FhirFormat.Json)
            {
                using var doc = System.Text.Json.JsonDocument.Parse(text);
                return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("resourceType", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String
                    ? type.GetString() : null;
            }
            using var reader = System.Xml.XmlReader.Create(new StringReader(text),
                new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
            return reader.MoveToContent() == System.Xml.XmlNodeType.Element ? reader.LocalName : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or System.Xml.XmlException)
        {
            return null;
        }
    }

    public static FhirFormat RequestFormat(string? contentType)
    {
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            JsonType or "application/json" or "application/json+fhir" => FhirFormat.Json,
            XmlType or "application/xml" or "text/xml" or "application/xml+fhir" => FhirFormat.Xml,
            _ => throw new FhirInputException(415,
                $"Innholdstypen «{(type.Length == 0 ? "(ingen)" : type)}» støttes ikke. Send {JsonType} eller {XmlType}.",
                OperationOutcome.IssueType.NotSupported),
        };
    }

    static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) throw TooLarge();
        }
        if (buffer.Length == 0) throw new FhirInputException(400, "Forespørselen har ingen ressurs i innholdet.", OperationOutcome.IssueType.Required);
        try
        {
            return new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new FhirInputException(400, "Innholdet er ikke gyldig UTF-8.", OperationOutcome.IssueType.Structure);
        }
    }

    static FhirInputException TooLarge() => new(413,
        $"Innholdet er for stort: høyst {MaxBodyBytes / 1024} kB tas imot.", OperationOutcome.IssueType.TooLong);

    /// <summary>Strict parse; every problem the SDK finds is listed in the outcome.</summary>
    public static Resource Parse(string text, FhirFormat format)
    {
        // No DTDs: FHIR XML never has one, and entity expansion is a classic attack on XML parsers.
        if (format == FhirFormat.Xml && text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            throw new FhirInputException(400, "FHIR XML kan ikke ha en DOCTYPE.", OperationOutcome.IssueType.Security);
        Resource? resource;
        IEnumerable<CodedException>? issues;
        bool ok;
        try
        {
            ok = format == FhirFormat.Xml
                ? new FhirXmlDeserializer(Strict()).TryDeserializeResource(text, out resource, out issues)
                : new FhirJsonDeserializer(Strict()).TryDeserializeResource(text, out resource, out issues);
        }
        // The deserializer reads nothing but the client's text, so whatever it throws is bad input, never a fault of
        // Samplan's (e.g. NotSupportedException for an untyped value element; found by Security/FuzzTests).
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new FhirInputException(400, $"Innholdet kan ikke leses som FHIR {(format == FhirFormat.Xml ? "XML" : "JSON")}: {e.Message}",
                OperationOutcome.IssueType.Structure);
        }
        var problems = issues?.Select(i => i.Message).ToList() ?? [];
        if (!ok || resource is null || problems.Count > 0)
            throw new FhirInputException(400,
                $"Innholdet er ikke en gyldig FHIR R4-ressurs i {(format == FhirFormat.Xml ? "XML" : "JSON")}.",
                OperationOutcome.IssueType.Structure, details: problems.Count > 0 ? problems : ["Ukjent feil ved lesing."]);
        return resource;
    }

    /// <summary>The SDK's validation of the POCO and everything in it: cardinality, required elements, value formats.</summary>
    public static void Validate(Resource resource)
    {
        var problems = ValidationProblems(resource);
        if (problems.Count > 0)
            throw new FhirInputException(422, $"{resource.TypeName} er ikke gyldig etter FHIR R4.", OperationOutcome.IssueType.Required,
                details: problems);
    }

    /// <summary>What the SDK finds wrong with a resource (structure, cardinality, formats); empty when valid.</summary>
    public static IReadOnlyList<string> ValidationProblems(Base resource) =>
        [.. resource.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, null!, true).Select(e => e.Message)];

    public static OperationOutcome Outcome(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string message,
        IEnumerable<string>? details = null, string? rule = null)
    {
        var outcome = new OperationOutcome();
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = severity,
            Code = code,
            Diagnostics = message,
        };
        if (rule is not null)
            issue.Details = new CodeableConcept(FhirMapping.RuleSystem, rule, message);
        outcome.Issue.Add(issue);
        foreach (var detail in details ?? [])
            outcome.Issue.Add(new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = detail });
        return outcome;
    }
}
