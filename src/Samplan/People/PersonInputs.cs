using System.ComponentModel.DataAnnotations;
using Samplan.Domain.People;

namespace Samplan.People;

/// <summary>Name and contact details, as typed in the register and edit forms.</summary>
public sealed class ContactInput
{
    [Required(ErrorMessage = "Oppgi navn.")]
    [StringLength(200, ErrorMessage = "Navnet kan ha høyst 200 tegn.")]
    public string? Name { get; set; }

    [StringLength(40, ErrorMessage = "Telefonnummeret kan ha høyst 40 tegn.")]
    public string? Phone { get; set; }

    [StringLength(200, ErrorMessage = "Adressen kan ha høyst 200 tegn.")]
    public string? Address { get; set; }

    public static ContactInput From(Person p) => new() { Name = p.Name, Phone = p.Phone, Address = p.Address };
}

/// <summary>
/// L1: preferred language and interpreter need. The rule itself (interpreter language required when an
/// interpreter is needed) is the domain's; this only maps the form to the values it checks.
/// </summary>
public sealed class LanguageInput
{
    public const string Other = "other";

    /// <summary>The languages offered in the list; anything else is typed as "other".</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Known =
    [
        ("nb", "Norsk bokmål"),
        ("nn", "Norsk nynorsk"),
        ("en", "Engelsk"),
        ("se", "Samisk"),
    ];

    [Required(ErrorMessage = "Velg foretrukket språk.")]
    public string? Code { get; set; } = "nb";

    [StringLength(40, ErrorMessage = "Språket kan ha høyst 40 tegn.")]
    public string? OtherLanguage { get; set; }

    public bool NeedsInterpreter { get; set; }

    [StringLength(40, ErrorMessage = "Tolkespråket kan ha høyst 40 tegn.")]
    public string? InterpreterLanguage { get; set; }

    /// <summary>The value stored on the person: a known code, the typed language, or "" (refused by L1).</summary>
    public string PreferredLanguage =>
        Known.Any(k => k.Code == Code) ? Code! : Code == Other ? OtherLanguage?.Trim() ?? "" : "";

    public static LanguageInput From(Person p)
    {
        var known = Known.Any(k => k.Code == p.PreferredLanguage);
        return new()
        {
            Code = known ? p.PreferredLanguage : Other,
            OtherLanguage = known ? null : p.PreferredLanguage,
            NeedsInterpreter = p.NeedsInterpreter,
            InterpreterLanguage = p.InterpreterLanguage,
        };
    }

    /// <summary>Bokmål label for a stored language (translated by the localizer like other text).</summary>
    public static string Label(string language) =>
        Known.FirstOrDefault(k => k.Code == language).Label ?? language;
}

/// <summary>A relative, a parent with parental responsibility (S2) or a guardian (S3).</summary>
public sealed class RelationInput
{
    [Required(ErrorMessage = "Oppgi navnet på personen.")]
    [StringLength(200, ErrorMessage = "Navnet kan ha høyst 200 tegn.")]
    public string? Name { get; set; }

    /// <summary>Bound as text and parsed here, so a tampered value gets the same Norwegian message as none.</summary>
    [Required(ErrorMessage = "Velg hva slags relasjon det er.")]
    public string? Kind { get; set; }

    public RelationKind? ParsedKind =>
        Enum.TryParse<RelationKind>(Kind, out var k) && Enum.IsDefined(k) && !char.IsAsciiDigit(Kind![0]) ? k : null;

    [StringLength(40, ErrorMessage = "Telefonnummeret kan ha høyst 40 tegn.")]
    public string? Phone { get; set; }

    /// <summary>S3: only a guardian whose mandate covers personal matters may consent.</summary>
    public bool GuardianForPersonalMatters { get; set; }
}

/// <summary>S4: an assessment of consent competence for one matter; who made it is the signed-in staff member.</summary>
public sealed class CompetenceInput
{
    [Required(ErrorMessage = "Oppgi hvilken sak vurderingen gjelder.")]
    [StringLength(200, ErrorMessage = "Saken kan ha høyst 200 tegn.")]
    public string? Matter { get; set; } = Samplan.Domain.People.ConsentAuthority.IndividualPlanMatter;

    /// <summary>"yes" or "no", bound as text so a tampered value gets a Norwegian message.</summary>
    [Required(ErrorMessage = "Velg om personen mangler samtykkekompetanse for saken.")]
    [RegularExpression("^(yes|no)$", ErrorMessage = "Velg om personen mangler samtykkekompetanse for saken.")]
    public string? LacksCompetence { get; set; }

    [Required(ErrorMessage = "Oppgi datoen for vurderingen.")]
    public DateOnly? AssessedOn { get; set; }

    [StringLength(2000, ErrorMessage = "Begrunnelsen kan ha høyst 2000 tegn.")]
    public string? Note { get; set; }
}

/// <summary>S2: the child's own view, in the child's words.</summary>
public sealed class ChildViewInput
{
    [Required(ErrorMessage = "Skriv hva barnet selv mener.")]
    [StringLength(4000, ErrorMessage = "Teksten kan ha høyst 4000 tegn.")]
    public string? Text { get; set; }
}
