using Samplan.Domain.People;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Plans;

public enum ConsentRequestAnswer { Given, Declined }

/// <summary>
/// R3, S5: the coordinator asks digitally for a new consent — when the group of participants changes or a new kind
/// of information must be shared. It holds the whole proposed declaration (what may be shared and what not, with whom,
/// how it will be used, valid to), so the person (or whoever may consent for them, S1–S4) reads exactly what they give.
/// Giving it records a <see cref="PlanConsent"/> through <see cref="IndividualPlan.GiveRequestedConsent"/>; declining
/// is recorded too. A request is answered once.
/// </summary>
public sealed partial class ConsentRequest
{
    ConsentRequest() { AskedByName = ""; SharedKindsList = ""; ExcludedKindsList = ""; ParticipantIdsList = ""; OrganisationIdsList = ""; Purpose = ""; }

    public const int MaxPurpose = 1000;

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public DateOnly? ValidTo { get; private set; }
    public bool CoversInformationExchange { get; private set; }
    public string SharedKindsList { get; private set; }
    public string ExcludedKindsList { get; private set; }
    /// <summary>Comma-separated participant ids ("with whom").</summary>
    public string ParticipantIdsList { get; private set; }
    public string OrganisationIdsList { get; private set; }
    /// <summary>R3: how the information will be used.</summary>
    public string Purpose { get; private set; }
    public Guid AskedByStaffId { get; private set; }
    public string AskedByName { get; private set; }
    public DateTime AskedAt { get; private set; }
    public DateTime? AnsweredAt { get; private set; }
    public ConsentRequestAnswer? Answer { get; private set; }
    public string? AnsweredByName { get; private set; }
    /// <summary>The consent recorded when the request was given.</summary>
    public Guid? ConsentId { get; private set; }

    public bool IsOpen => Answer is null;

    public IReadOnlySet<InformationKind> SharedKinds => Kinds(SharedKindsList);
    public IReadOnlySet<InformationKind> ExcludedKinds => Kinds(ExcludedKindsList);
    public IReadOnlySet<Guid> ParticipantIds => Ids(ParticipantIdsList);
    public IReadOnlySet<Guid> OrganisationIds => Ids(OrganisationIdsList);

    /// <summary>The proposed sharing as the consent will record it.</summary>
    public ConsentSharing Sharing => new(SharedKinds, ExcludedKinds, ParticipantIds, OrganisationIds, Purpose);

    /// <summary>
    /// R3: the declaration must say what may be shared, with whom, and how it will be used, and name only participants
    /// of the plan. The request always covers the plan work (R3 a); <paramref name="coversInformationExchange"/> the exchange (R3 b).
    /// </summary>
    public static ConsentRequest Ask(Guid id, IndividualPlan plan, ConsentSharing sharing, DateOnly? validTo, bool coversInformationExchange,
        Guid askedByStaffId, string askedByName, DateOnly today, DateTime now)
    {
        if (!plan.IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet eller overført. Det kan ikke bes om nytt samtykke.");
        if (validTo is { } to && to < today)
            throw new DomainRuleException("R3", "Samtykket kan ikke gjelde til en dato som har vært.");
        var overlap = sharing.SharedKinds.Intersect(sharing.ExcludedKinds).ToList();
        if (overlap.Count > 0)
            throw new DomainRuleException("R3", $"En opplysningstype kan ikke både deles og ikke deles: {string.Join(", ", overlap.Select(Labels.Kind))}.");
        if (sharing.ParticipantIds.Any(pid => plan.Participants.All(p => p.Id != pid || p.Role == ParticipantRole.Person)))
            throw new DomainRuleException("R3", "Samtykket kan bare nevne personer som deltar i planen.");
        if (coversInformationExchange && sharing.SharedKinds.Count == 0)
            throw new DomainRuleException("R3", "Velg hvilke opplysninger som kan deles.");
        if (coversInformationExchange && sharing.ParticipantIds.Count == 0 && sharing.OrganisationIds.Count == 0)
            throw new DomainRuleException("R3", "Velg hvem opplysningene kan deles med.");
        var purpose = string.IsNullOrWhiteSpace(sharing.Purpose)
            ? throw new DomainRuleException("R3", "Skriv hva opplysningene skal brukes til.")
            : sharing.Purpose.Trim();
        if (purpose.Length > MaxPurpose)
            throw new DomainRuleException("R3", $"Formålet kan ha høyst {MaxPurpose} tegn.");
        return new ConsentRequest
        {
            Id = id,
            PlanId = plan.Id,
            ValidTo = validTo,
            CoversInformationExchange = coversInformationExchange,
            SharedKindsList = coversInformationExchange ? Format(sharing.SharedKinds) : "",
            // Kinds neither shared nor excluded are not shared either; the declaration says so.
            ExcludedKindsList = Format(sharing.ExcludedKinds.Union(ConsentSharing.AllKinds.Where(k => !coversInformationExchange || !sharing.SharedKinds.Contains(k)))),
            ParticipantIdsList = coversInformationExchange ? string.Join(",", sharing.ParticipantIds.Order()) : "",
            OrganisationIdsList = coversInformationExchange ? string.Join(",", sharing.OrganisationIds.Order()) : "",
            Purpose = purpose,
            AskedByStaffId = askedByStaffId,
            AskedByName = askedByName,
            AskedAt = now,
        };
    }

    /// <summary>S1–S4, S5: only someone who may consent for the person today may decline; declining is recorded, nothing else changes.</summary>
    public void Decline(IndividualPlan plan, Person person, Guid? byRelatedPersonId, DateOnly today, DateTime now)
    {
        if (plan.Id != PlanId || person.Id != plan.PersonId)
            throw new DomainRuleException("R3", "Forespørselen gjelder en annen plan.");
        var giver = ConsentAuthority.EnsureMayConsent(person, today, ConsentAuthority.IndividualPlanMatter, byRelatedPersonId);
        EnsureOpen();
        Answer = ConsentRequestAnswer.Declined;
        AnsweredAt = now;
        AnsweredByName = giver.Name;
    }

    internal void Given(Guid consentId, string byName, DateTime now)
    {
        EnsureOpen();
        Answer = ConsentRequestAnswer.Given;
        AnsweredAt = now;
        AnsweredByName = byName;
        ConsentId = consentId;
    }

    internal void EnsureOpen()
    {
        if (!IsOpen)
            throw new DomainRuleException("R3", "Forespørselen om samtykke er allerede besvart.");
    }

    static string Format(IEnumerable<InformationKind> kinds) => string.Join(",", kinds.Distinct().Order());

    static HashSet<InformationKind> Kinds(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<InformationKind>).ToHashSet();

    static HashSet<Guid> Ids(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToHashSet();
}
