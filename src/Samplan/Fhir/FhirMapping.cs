using System.Globalization;
using Hl7.Fhir.Model;

namespace Samplan.Fhir;

/// <summary>Code systems, extension URLs and reference helpers shared by the mappers.</summary>
public static class FhirMapping
{
    /// <summary>Fødselsnummer (Norwegian national identity number).</summary>
    public const string FnrSystem = "urn:oid:2.16.578.1.12.4.1.4.1";
    /// <summary>D-nummer.</summary>
    public const string DnrSystem = "urn:oid:2.16.578.1.12.4.1.4.2";
    /// <summary>Organisasjonsnummer (Enhetsregisteret).</summary>
    public const string OrgNumberSystem = "urn:oid:2.16.578.1.12.4.1.4.101";
    /// <summary>HPR-nummer (Helsepersonellregisteret).</summary>
    public const string HprSystem = "urn:oid:2.16.578.1.12.4.1.4.4";

    const string Base = "https://samplan.no/fhir";
    public const string RuleSystem = Base + "/CodeSystem/domain-rule";
    public const string InformationKindSystem = Base + "/CodeSystem/information-kind";
    public const string ParticipantRoleSystem = Base + "/CodeSystem/participant-role";
    public const string CategorySystem = Base + "/CodeSystem/plan-category";
    public const string ConsentFormExtension = Base + "/StructureDefinition/consent-form";
    public const string InformationExchangeExtension = Base + "/StructureDefinition/consent-covers-information-exchange";
    public const string ParentGoalExtension = Base + "/StructureDefinition/parent-goal";
    public const string InterpreterRequiredExtension = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired";
    public const string LanguageSystem = "urn:ietf:bcp:47";

    public static ResourceReference Ref(string type, Guid id, string? display = null) =>
        new($"{type}/{id}", display);

    /// <summary>The id of a reference <c>Type/id</c> (relative, or absolute ending so), or null when it is not one of that type.</summary>
    public static Guid? IdOf(ResourceReference? reference, string type)
    {
        var value = reference?.Reference;
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Split('/');
        var i = Array.LastIndexOf(parts, type);
        if (parts.Length >= 2 && parts[^2] == "_history" && parts.Length >= 4) i = parts.Length - 4;
        if (i < 0 || i + 1 >= parts.Length || parts[i] != type) return null;
        return Guid.TryParse(parts[i + 1], out var id) ? id : null;
    }

    /// <summary>A required reference of a type, else 422 naming the element.</summary>
    public static Guid RequiredRef(ResourceReference? reference, string type, string element) =>
        IdOf(reference, type) ?? throw new FhirInputException(422,
            $"{element} må være en referanse til {type}/[id] i Samplan.", Hl7.Fhir.Model.OperationOutcome.IssueType.Required);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? date) => date is { } d ? Date(d) : null;

    /// <summary>A FHIR date or dateTime as a date in Norway's time zone; 422 when it is not one.</summary>
    public static DateOnly? ParseDate(string? value, string element)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return DateOnly.FromDateTime(Shared.OsloTime.From(instant.UtcDateTime));
        throw new FhirInputException(422, $"{element} må være en hel dato (ÅÅÅÅ-MM-DD).");
    }

    public static Period? PeriodOf(DateOnly? start, DateOnly? end) =>
        start is null && end is null ? null : new Period { Start = Date(start), End = Date(end) };

    public static Meta Meta(int version, DateTime? lastUpdated = null) => new()
    {
        VersionId = version.ToString(CultureInfo.InvariantCulture),
        LastUpdated = lastUpdated is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
    };

    public static CodeableConcept Concept(string system, string code, string display) => new(system, code, display, display);
}
