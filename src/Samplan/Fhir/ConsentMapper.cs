using Hl7.Fhir.Model;
using Samplan.Domain.Plans;
using FhirConsent = Hl7.Fhir.Model.Consent;
using static Samplan.Fhir.FhirMapping;

namespace Samplan.Fhir;

/// <summary>
/// Consent ⇄ a plan's consent (R3, R8, S1–S5): who gave it (performer), when (dateTime) and until when (provision.period),
/// in what form, with whom information may be shared (provision.actor: participants or whole organisations) and which kinds
/// of information (provision.class), and which kinds explicitly not (a nested deny provision).
/// </summary>
public static class ConsentMapper
{
    static readonly Coding InformationRecipient = new("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient");

    public static FhirConsent ToFhir(IndividualPlan plan, PlanConsent consent, DateOnly today, DateTime? lastUpdated)
    {
        var fhir = new FhirConsent
        {
            Id = consent.Id.ToString(),
            Meta = Meta(plan.Version, lastUpdated),
            Status = consent.IsInForce(today) ? FhirConsent.ConsentState.Active
                : consent.WithdrawnOn is null && consent.GivenOn > today ? FhirConsent.ConsentState.Proposed
                : FhirConsent.ConsentState.Inactive,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0", "Patient Consent"), Concept(CategorySystem, "individuell-plan", "Individuell plan")],
            Patient = Ref("Patient", plan.PersonId),
            DateTime = Date(consent.GivenOn),
            Performer = [consent.GivenByRelatedPersonId is { } related
                ? Ref("RelatedPerson", related, consent.GivenBy)
                : Ref("Patient", plan.PersonId, consent.GivenBy)],
            Organization = [Ref("Organization", plan.ResponsibleOrganisationId, plan.ResponsibleOrganisationName)],
            PolicyRule = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in"),
        };
        fhir.Extension.Add(new Extension(ConsentFormExtension, new Code(FormCode(consent.Form))));
        fhir.Extension.Add(new Extension(InformationExchangeExtension, new FhirBoolean(consent.CoversInformationExchange)));
        var provision = new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Permit,
            Period = PeriodOf(consent.GivenOn, consent.WithdrawnOn ?? consent.ValidTo),
        };
        if (consent.Purpose is { } purpose) provision.Purpose.Add(new Coding(null, null, purpose));
        foreach (var r in consent.Recipients)
        {
            var who = r.ParticipantId is { } pid && plan.Participants.FirstOrDefault(p => p.Id == pid) is { } participant
                ? CarePlanMapper.MemberOf(plan, participant)
                : r.OrganisationId is { } org ? Ref("Organization", org) : null;
            if (who is not null)
                provision.Actor.Add(new FhirConsent.provisionActorComponent { Role = new CodeableConcept { Coding = [InformationRecipient] }, Reference = who });
        }
        provision.Class = [.. consent.SharedKinds.Order().Select(KindCoding)];
        if (consent.ExcludedKinds.Count > 0)
            provision.Provision.Add(new FhirConsent.provisionComponent
            {
                Type = FhirConsent.ConsentProvisionType.Deny,
                Class = [.. consent.ExcludedKinds.Order().Select(KindCoding)],
            });
        fhir.Provision = provision;
        return fhir;
    }

    /// <summary>The consent-form extension's code for each <see cref="ConsentForm"/>: oral, written or digital (R3).</summary>
    public static string FormCode(ConsentForm form) => form switch
    {
        ConsentForm.Oral => "oral",
        ConsentForm.Written => "written",
        ConsentForm.Digital => "digital",
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    /// <summary>The form a consent sent to Samplan names; written when it names none (as before the extension was required); 422 for an unknown code.</summary>
    public static ConsentForm FormOf(DataType? value)
    {
        if (value is null) return ConsentForm.Written;
        var code = (value as Code)?.Value ?? (value as FhirString)?.Value;
        return Enum.GetValues<ConsentForm>().FirstOrDefault(f => FormCode(f) == code, (ConsentForm)(-1)) is var form && Enum.IsDefined(form)
            ? form
            : throw new FhirInputException(422, $"Ukjent samtykkeform «{code}» i {ConsentFormExtension}: bruk oral, written eller digital.",
                OperationOutcome.IssueType.CodeInvalid, "R3");
    }

    static Coding KindCoding(InformationKind kind) => new(InformationKindSystem, kind.ToString(), Domain.Shared.Labels.Kind(kind));

    /// <summary>What a Consent sent to Samplan says. Actors are resolved against the plan's participants when there is a plan.</summary>
    public static (ConsentDeclaration Declaration, ConsentSharing? Sharing) Read(FhirConsent consent, Guid personId, IndividualPlan? plan, DateOnly today)
    {
        if (IdOf(consent.Patient, "Patient") is { } patient && patient != personId)
            throw new FhirInputException(422, "FhirConsent.patient må være personen planen gjelder.", OperationOutcome.IssueType.Invariant, "R3");
        if (consent.Performer.Count != 1)
            throw new FhirInputException(422, "FhirConsent.performer må være nøyaktig én: personen (Patient) eller den som samtykker på vegne av personen (RelatedPerson).",
                OperationOutcome.IssueType.Required, "R3");
        var performer = consent.Performer[0];
        Guid? givenBy = IdOf(performer, "Patient") == personId ? null
            : IdOf(performer, "RelatedPerson") ?? throw new FhirInputException(422,
                "FhirConsent.performer må være Patient/[personen] eller RelatedPerson/[id].", OperationOutcome.IssueType.Value, "R3");
        var givenOn = ParseDate(consent.DateTime, "FhirConsent.dateTime") ?? today;
        var provision = consent.Provision;
        var validTo = ParseDate(provision?.Period?.End, "FhirConsent.provision.period.end");
        var form = FormOf(consent.GetExtensionValue<DataType>(ConsentFormExtension));
        var exchange = consent.GetExtensionValue<FhirBoolean>(InformationExchangeExtension)?.Value
            ?? provision?.Type == FhirConsent.ConsentProvisionType.Permit;
        var declaration = new ConsentDeclaration(givenBy, form, givenOn, validTo, CoversPlanWork: true, CoversInformationExchange: exchange);
        if (!exchange || provision is null || (provision.Class.Count == 0 && provision.Actor.Count == 0)) return (declaration, null);

        var shared = provision.Class.Count == 0 ? ConsentSharing.AllKinds : provision.Class.Select(Kind).ToHashSet();
        var excluded = provision.Provision.Where(p => p.Type == FhirConsent.ConsentProvisionType.Deny).SelectMany(p => p.Class).Select(Kind).ToHashSet();
        var participants = new HashSet<Guid>();
        var organisations = new HashSet<Guid>();
        foreach (var actor in provision.Actor)
        {
            if (IdOf(actor.Reference, "Organization") is { } org) { organisations.Add(org); continue; }
            var member = plan?.Participants.FirstOrDefault(p =>
                (p.StaffMemberId is not null && p.StaffMemberId == IdOf(actor.Reference, "Practitioner"))
                || (p.RelatedPersonId is not null && p.RelatedPersonId == IdOf(actor.Reference, "RelatedPerson")));
            if (member is null)
                throw new FhirInputException(422, $"FhirConsent.provision.actor {actor.Reference?.Reference} deltar ikke i planen. Samtykket kan bare nevne deltakere eller virksomheter.",
                    OperationOutcome.IssueType.BusinessRule, "R3");
            participants.Add(member.Id);
        }
        if (provision.Actor.Count == 0 && plan is not null)
            participants = [.. plan.Participants.Where(p => p.Role != ParticipantRole.Person).Select(p => p.Id)];
        var purpose = provision.Purpose.Select(p => p.Display ?? p.Code).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));
        return (declaration, new ConsentSharing(shared, excluded, participants, organisations, purpose));
    }

    static InformationKind Kind(Coding coding) =>
        coding.System == InformationKindSystem && Enum.TryParse<InformationKind>(coding.Code, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new FhirInputException(422, $"Ukjent opplysningstype «{coding.Code}»: bruk {InformationKindSystem} med {string.Join(", ", Enum.GetNames<InformationKind>())}.",
                OperationOutcome.IssueType.CodeInvalid);
}
