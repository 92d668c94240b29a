using Samplan.Domain.Plans;

namespace Samplan.MyConsent;

/// <summary>How the citizen pages name a consent's recipients: participants with their role, organisations by name.</summary>
public sealed class ConsentText(IndividualPlan plan, IReadOnlyDictionary<Guid, string> organisationNames)
{
    public sealed record Recipient(string Name, ParticipantRole? Role, bool WholeOrganisation);

    public Recipient Of(ConsentRecipient r) => r.ParticipantId is { } pid ? Participant(pid) : Organisation(r.OrganisationId!.Value);

    public Recipient Participant(Guid participantId) =>
        plan.Participants.FirstOrDefault(p => p.Id == participantId) is { } p
            ? new(p.Name, p.Role, false)
            : new("(tidligere deltaker)", null, false);

    public Recipient Organisation(Guid organisationId) =>
        new(organisationNames.GetValueOrDefault(organisationId, "(virksomhet)"), null, true);

    /// <summary>The organisations a consent or a request may name: the participants' and those already named.</summary>
    public static IEnumerable<Guid> OrganisationIds(IndividualPlan plan, IEnumerable<Guid> alsoNamed) =>
        plan.Participants.Where(p => p.OrganisationId is not null).Select(p => p.OrganisationId!.Value)
            .Concat(plan.Consents.SelectMany(c => c.Recipients).Where(r => r.OrganisationId is not null).Select(r => r.OrganisationId!.Value))
            .Concat(alsoNamed).Distinct();
}
