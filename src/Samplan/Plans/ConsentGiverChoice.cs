using Samplan.Domain.People;

namespace Samplan.Plans;

/// <summary>
/// Model of the «who gave the consent?» choice on the start and consent pages: the explanation of who may
/// consent (S1–S3) and only those who may as options. The plan refuses anyone else, so a forged choice
/// is told who may instead.
/// </summary>
public sealed record ConsentGiverChoice(ConsentAuthorityDecision Decision, string? Selected)
{
    /// <summary>The value posted for the person themself; a related person is posted by id.</summary>
    public const string ThePerson = "person";

    public static string ValueOf(ConsentGiverOption giver) => giver.RelatedPersonId?.ToString() ?? ThePerson;

    /// <summary>The first who may consent, preselected when the form opens.</summary>
    public static string? Default(ConsentAuthorityDecision decision) =>
        decision.MayConsent.Count > 0 ? ValueOf(decision.MayConsent[0]) : null;

    /// <summary>Parses a posted choice: null for the person, a related person's id, or false when it is neither.</summary>
    public static bool TryParse(string? posted, out Guid? relatedPersonId)
    {
        relatedPersonId = null;
        if (posted == ThePerson) return true;
        if (Guid.TryParse(posted, out var id)) { relatedPersonId = id; return true; }
        return false;
    }
}
