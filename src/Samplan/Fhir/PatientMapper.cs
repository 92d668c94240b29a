using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Samplan.Domain.People;
using Person = Samplan.Domain.People.Person;
using static Samplan.Fhir.FhirMapping;

namespace Samplan.Fhir;

/// <summary>Patient ⇄ <see cref="Person"/>: identity number (fødselsnummer or D-number), name, birth date, contact, language (L1).</summary>
public static class PatientMapper
{
    public static Patient ToFhir(Person person)
    {
        var isDNumber = NationalIdentityNumber.TryParse(person.NationalIdentityNumber, out var number, out _) && number!.IsDNumber;
        var patient = new Patient
        {
            Id = person.Id.ToString(),
            Identifier = [new Identifier(isDNumber ? DnrSystem : FnrSystem, person.NationalIdentityNumber) { Use = Identifier.IdentifierUse.Official }],
            Active = true,
            Name = [Name(person.Name)],
            BirthDate = Date(person.BirthDate),
            Communication = [new Patient.CommunicationComponent
            {
                Language = new CodeableConcept(LanguageSystem, person.PreferredLanguage),
                Preferred = true,
            }],
        };
        if (person.Phone is { } phone) patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, phone));
        if (person.Address is { } address) patient.Address.Add(new Address { Text = address });
        patient.Extension.Add(new Extension(InterpreterRequiredExtension, new FhirBoolean(person.NeedsInterpreter)));
        if (person.NeedsInterpreter && person.InterpreterLanguage is { } interpreted)
            patient.Communication.Add(new Patient.CommunicationComponent { Language = new CodeableConcept { Text = interpreted }, Preferred = false });
        patient.Meta = new Meta { VersionId = VersionOf(patient) };
        return patient;
    }

    /// <summary>
    /// A person has no version counter of their own, so the version is a digest of what the API shows: any change
    /// made anywhere gives a new one, so <c>If-Match</c> refuses a stale update just the same.
    /// </summary>
    public static string VersionOf(Patient patient)
    {
        var copy = (Patient)patient.DeepCopy();
        copy.Meta = null;
        var json = FhirIo.Serialize(copy, FhirFormat.Json);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16].ToLowerInvariant();
    }

    public static HumanName Name(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new HumanName
        {
            Use = HumanName.NameUse.Official,
            Text = name,
            Family = parts.Length > 1 ? parts[^1] : null,
            Given = parts.Length > 1 ? parts[..^1] : parts,
        };
    }

    /// <summary>What a Patient sent to Samplan says, checked: a valid identity number under the right system, and a name.</summary>
    public sealed record Input(NationalIdentityNumber Number, string Name, string? Phone, string? Address, string Language,
        bool NeedsInterpreter, string? InterpreterLanguage);

    public static Input Read(Patient patient)
    {
        var ours = patient.Identifier.Where(i => i.System is FnrSystem or DnrSystem).ToList();
        if (ours.Count != 1)
            throw new FhirInputException(422,
                $"Patient må ha nøyaktig én identifikator med system {FnrSystem} (fødselsnummer) eller {DnrSystem} (D-nummer).",
                OperationOutcome.IssueType.Required);
        if (!NationalIdentityNumber.TryParse(ours[0].Value, out var number, out var error))
            throw new FhirInputException(422, $"Ugyldig fødselsnummer eller D-nummer: {error}", OperationOutcome.IssueType.Value);
        if (number!.IsDNumber != (ours[0].System == DnrSystem))
            throw new FhirInputException(422, number.IsDNumber
                ? $"Nummeret er et D-nummer: bruk system {DnrSystem}."
                : $"Nummeret er et fødselsnummer: bruk system {FnrSystem}.", OperationOutcome.IssueType.Value);
        if (patient.BirthDate is { Length: > 0 } birth && birth != Date(number.BirthDate))
            throw new FhirInputException(422, "Fødselsdatoen stemmer ikke med fødselsnummeret.", OperationOutcome.IssueType.Value);
        var humanName = patient.Name.FirstOrDefault(n => n.Use is null or HumanName.NameUse.Official or HumanName.NameUse.Usual);
        var name = humanName?.Text is { Length: > 0 } text ? text.Trim()
            : string.Join(' ', (humanName?.Given ?? []).Append(humanName?.Family).Where(s => !string.IsNullOrWhiteSpace(s))).Trim();
        if (name.Length == 0)
            throw new FhirInputException(422, "Patient.name mangler: oppgi personens navn (text, eller given og family).", OperationOutcome.IssueType.Required);
        if (name.Length > 200) throw new FhirInputException(422, "Navnet er for langt (høyst 200 tegn).", OperationOutcome.IssueType.TooLong);
        var phone = patient.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value;
        var address = patient.Address.FirstOrDefault() is { } a
            ? a.Text is { Length: > 0 } t ? t : string.Join(", ", a.Line.Append(string.Join(' ', new[] { a.PostalCode, a.City }.Where(s => s is not null))).Where(s => !string.IsNullOrWhiteSpace(s)))
            : null;
        var language = patient.Communication.FirstOrDefault(c => c.Preferred == true)?.Language?.Coding.FirstOrDefault(c => c.System == LanguageSystem)?.Code
            ?? patient.Communication.FirstOrDefault()?.Language?.Coding.FirstOrDefault()?.Code ?? "nb";
        var interpreter = patient.GetExtensionValue<FhirBoolean>(InterpreterRequiredExtension)?.Value == true;
        var interpreterLanguage = interpreter
            ? patient.Communication.FirstOrDefault(c => c.Preferred != true)?.Language is { } l ? l.Text ?? l.Coding.FirstOrDefault()?.Code : language
            : null;
        return new Input(number, name, Blank(phone), Blank(address), language, interpreter, interpreterLanguage);
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
