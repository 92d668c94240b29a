using Samplan.Domain.Shared;

namespace Samplan.Domain.Plans;

/// <summary>R3: the kinds of information a consent may allow to be shared (or explicitly not).</summary>
public enum InformationKind
{
    GoalsAndMeasures,
    HealthInformation,
    SocialAndNavInformation,
    SchoolInformation,
    PlanLog,
    MeetingMinutes,
}

/// <summary>
/// R3, R8: what a consent lets the participants see — which kinds of information, with whom
/// (participants, or everyone from an organisation), and for what use.
/// </summary>
public sealed record ConsentSharing(
    IReadOnlySet<InformationKind> SharedKinds,
    IReadOnlySet<InformationKind> ExcludedKinds,
    IReadOnlySet<Guid> ParticipantIds,
    IReadOnlySet<Guid> OrganisationIds,
    string? Purpose)
{
    public static readonly IReadOnlySet<InformationKind> AllKinds = Enum.GetValues<InformationKind>().ToHashSet();

    /// <summary>Every kind of information with every current participant — what a broad written declaration says.</summary>
    public static ConsentSharing WithEveryParticipant(IndividualPlan plan, string? purpose = "Samarbeid om individuell plan") =>
        new(AllKinds, new HashSet<InformationKind>(), plan.Participants.Where(p => p.Role != ParticipantRole.Person).Select(p => p.Id).ToHashSet(),
            new HashSet<Guid>(), purpose);
}

/// <summary>One "with whom" of a consent: a participant, or everyone taking part from an organisation.</summary>
public sealed class ConsentRecipient
{
    ConsentRecipient() { }

    internal ConsentRecipient(Guid consentId, Guid? participantId, Guid? organisationId)
    {
        Id = Guid.NewGuid();
        ConsentId = consentId;
        ParticipantId = participantId;
        OrganisationId = organisationId;
    }

    public Guid Id { get; private set; }
    public Guid ConsentId { get; private set; }
    public Guid? ParticipantId { get; private set; }
    public Guid? OrganisationId { get; private set; }
}

public sealed partial class PlanConsent
{
    readonly List<ConsentRecipient> _recipients = [];

    /// <summary>Stored as a comma-separated list of <see cref="InformationKind"/> names.</summary>
    public string SharedKindsList { get; private set; } = "";
    public string ExcludedKindsList { get; private set; } = "";
    /// <summary>R3: how the information will be used.</summary>
    public string? Purpose { get; private set; }
    /// <summary>S5: a written declaration is signed; when the signed copy (or a confirmation) was received.</summary>
    public DateOnly? SignedCopyReceivedOn { get; private set; }
    public string? SignedCopyNote { get; private set; }
    public IReadOnlyCollection<ConsentRecipient> Recipients => _recipients.AsReadOnly();

    public IReadOnlySet<InformationKind> SharedKinds => ParseKinds(SharedKindsList);
    public IReadOnlySet<InformationKind> ExcludedKinds => ParseKinds(ExcludedKindsList);

    /// <summary>R8: may this participant see information of this kind under this consent?</summary>
    public bool Lets(Participant participant, InformationKind kind) => Covers(participant) && SharedKinds.Contains(kind);

    /// <summary>
    /// R3, R8: does this consent let the participant take part at all? It must name them (or their organisation)
    /// and share at least one kind of information: a consent narrowed down to no kind shares nothing, so the
    /// plan is as invisible to them as without any consent.
    /// </summary>
    public bool Covers(Participant participant) =>
        CoversInformationExchange && SharedKindsList.Length > 0 && _recipients.Any(r => r.ParticipantId == participant.Id
            || (r.OrganisationId is not null && r.OrganisationId == participant.OrganisationId));

    internal void Share(ConsentSharing sharing)
    {
        var overlap = sharing.SharedKinds.Intersect(sharing.ExcludedKinds).ToList();
        if (overlap.Count > 0)
            throw new DomainRuleException("R3", $"En opplysningstype kan ikke både deles og ikke deles: {string.Join(", ", overlap.Select(Labels.Kind))}.");
        SharedKindsList = FormatKinds(sharing.SharedKinds);
        ExcludedKindsList = FormatKinds(sharing.ExcludedKinds.Union(InformationKindsNotShared(sharing.SharedKinds, sharing.ExcludedKinds)));
        Purpose = string.IsNullOrWhiteSpace(sharing.Purpose) ? null : sharing.Purpose.Trim();
        _recipients.Clear();
        _recipients.AddRange(sharing.ParticipantIds.Select(p => new ConsentRecipient(Id, p, null)));
        _recipients.AddRange(sharing.OrganisationIds.Select(o => new ConsentRecipient(Id, null, o)));
    }

    /// <summary>S5: narrowing takes effect at once — a recipient or a kind of information is taken out.</summary>
    internal bool Narrow(Guid? participantId, Guid? organisationId, InformationKind? kind)
    {
        var removed = _recipients.RemoveAll(r => (participantId is not null && r.ParticipantId == participantId)
            || (organisationId is not null && r.OrganisationId == organisationId));
        if (kind is { } k && SharedKinds.Contains(k))
        {
            SharedKindsList = FormatKinds(SharedKinds.Where(x => x != k));
            ExcludedKindsList = FormatKinds(ExcludedKinds.Append(k));
            removed++;
        }
        return removed > 0;
    }

    internal void RecordSignedCopy(DateOnly receivedOn, string? note)
    {
        if (Form != ConsentForm.Written)
            throw new DomainRuleException("S5", "Et muntlig samtykke har ingen signert erklæring. Registrer et skriftlig samtykke i stedet.");
        SignedCopyReceivedOn = receivedOn;
        SignedCopyNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }

    // Kinds neither shared nor explicitly excluded are not shared either; saying so keeps the declaration honest.
    static IEnumerable<InformationKind> InformationKindsNotShared(IReadOnlySet<InformationKind> shared, IReadOnlySet<InformationKind> excluded) =>
        ConsentSharing.AllKinds.Where(k => !shared.Contains(k) && !excluded.Contains(k));

    static string FormatKinds(IEnumerable<InformationKind> kinds) => string.Join(",", kinds.Distinct().Order());

    static HashSet<InformationKind> ParseKinds(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<InformationKind>).ToHashSet();
}
