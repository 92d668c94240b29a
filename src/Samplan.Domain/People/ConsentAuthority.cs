using System.Globalization;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Domain.People;

/// <summary>Someone who may give a consent: the person themself (<see cref="RelatedPersonId"/> null) or a related person.</summary>
public sealed record ConsentGiverOption(Guid? RelatedPersonId, string Name, ConsentGiverRole Role)
{
    public bool IsThePerson => RelatedPersonId is null;
}

/// <summary>
/// Who may consent for a person in one matter on one day, and why, in plain Bokmål citing the rule.
/// <see cref="Template"/> and <see cref="Arguments"/> let the web localizer translate the explanation;
/// <see cref="Explanation"/> is the Bokmål text.
/// </summary>
public sealed record ConsentAuthorityDecision(
    Guid PersonId,
    string Matter,
    DateOnly Day,
    int Age,
    string Rule,
    IReadOnlyList<ConsentGiverOption> MayConsent,
    CompetenceAssessment? Assessment,
    string Template,
    IReadOnlyList<string> Arguments)
{
    public string Explanation => string.Format(CultureInfo.InvariantCulture, Template, [.. Arguments]);

    /// <summary>S3: an adult lacking competence with no guardian for personal matters — no one can consent for the plan.</summary>
    public bool NoOneMayConsent => MayConsent.Count == 0;

    public ConsentGiverOption? Find(Guid? relatedPersonId) => MayConsent.FirstOrDefault(g => g.RelatedPersonId == relatedPersonId);
}

/// <summary>
/// S1–S4: decides from the birth date and the recorded facts (relations, competence assessments) who may
/// consent for a person. Pure: the same person, day and matter always give the same answer.
/// </summary>
public static class ConsentAuthority
{
    /// <summary>The matter a consent to the individual plan is about (R3).</summary>
    public const string IndividualPlanMatter = "Individuell plan";

    public const int AgeOfConsent = 16;
    public const int AgeOfMajority = 18;

    public static ConsentAuthorityDecision WhoMayConsent(Person person, DateOnly today, string matter)
    {
        var age = person.AgeOn(today);
        var name = person.Name;
        var heard = person.MustBeHeardAsChild(today)
            ? " Fra fylte 7 år skal {0} høres i alle saker som angår egen helse (S2)."
            : "";
        var parents = person.Relations.Where(r => r.Kind == RelationKind.ParentWithResponsibility)
            .OrderBy(r => r.Name, StringComparer.Create(CultureInfo.GetCultureInfo("nb-NO"), false))
            .Select(r => new ConsentGiverOption(r.Id, r.Name, ConsentGiverRole.ParentWithResponsibility)).ToList();
        var guardians = person.Relations.Where(r => r.Kind == RelationKind.Guardian && r.GuardianForPersonalMatters)
            .OrderBy(r => r.Name, StringComparer.Create(CultureInfo.GetCultureInfo("nb-NO"), false))
            .Select(r => new ConsentGiverOption(r.Id, r.Name, ConsentGiverRole.Guardian)).ToList();
        var self = new ConsentGiverOption(null, name, ConsentGiverRole.Person);

        ConsentAuthorityDecision Decide(string rule, IReadOnlyList<ConsentGiverOption> who, CompetenceAssessment? assessment,
            string template, params string[] more) =>
            new(person.Id, matter, today, age, rule, who, assessment, template,
                [name, age.ToString(CultureInfo.InvariantCulture), matter, .. more]);

        string Names(IEnumerable<ConsentGiverOption> who) => string.Join(", ", who.Select(g => g.Name));

        if (age < AgeOfConsent)
        {
            // S2: under 16 those with parental responsibility consent (an assessment does not change that).
            return parents.Count == 0
                ? Decide("S2", [], null,
                    "{0} er {1} år. Under 16 år samtykker de med foreldreansvar (S2), men ingen med foreldreansvar er registrert. Registrer hvem som har foreldreansvar." + heard)
                : Decide("S2", parents, null,
                    "{0} er {1} år. Under 16 år samtykker de med foreldreansvar (S2): {3}." + heard, Names(parents));
        }

        var assessment = person.LatestCompetenceAssessment(matter, today);
        if (assessment is not { LacksCompetence: true })
        {
            // S1: from 16 the person consents. S3: a guardian does not take that away — the person decides
            // as much as they can, so without an assessment that they lack competence they consent themself.
            var guardianNote = guardians.Count > 0
                ? " {0} har verge ({3}), men bestemmer selv så langt {0} kan (S3). Vergen samtykker bare hvis det er vurdert at {0} mangler samtykkekompetanse for «{2}»."
                : "";
            return Decide("S1", [self], assessment,
                "{0} er {1} år. Fra fylte 16 år samtykker personen selv (S1)." + guardianNote + heard, Names(guardians));
        }

        var assessedBy = assessment.AssessedByName;
        var assessedOn = assessment.AssessedOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        if (age < AgeOfMajority)
        {
            // S2: 16–18 without competence: those with parental responsibility consent.
            return parents.Count == 0
                ? Decide("S2", [], assessment,
                    "{0} er {1} år og mangler samtykkekompetanse for «{2}» (vurdert av {3} {4}). Da samtykker de med foreldreansvar (S2), men ingen med foreldreansvar er registrert. Registrer hvem som har foreldreansvar." + heard,
                    assessedBy, assessedOn)
                : Decide("S2", parents, assessment,
                    "{0} er {1} år og mangler samtykkekompetanse for «{2}» (vurdert av {3} {4}). For 16–18-åringer uten samtykkekompetanse samtykker de med foreldreansvar (S2): {5}." + heard,
                    assessedBy, assessedOn, Names(parents));
        }

        if (guardians.Count > 0)
        {
            // S3: a guardian with competence in personal matters consents; the person still decides as much as they can.
            return Decide("S3", guardians, assessment,
                "{0} er {1} år og mangler samtykkekompetanse for «{2}» (vurdert av {3} {4}). En verge med kompetanse på det personlige området samtykker da på vegne av {0} (S3): {5}. {0} skal likevel selv bestemme så langt det er mulig.",
                assessedBy, assessedOn, Names(guardians));
        }

        // S3: an adult lacking competence without such a guardian — no one may consent on their behalf.
        return Decide("S3", [], assessment,
            "{0} er {1} år og mangler samtykkekompetanse for «{2}» (vurdert av {3} {4}), og har ingen verge med kompetanse på det personlige området. Da kan ingen samtykke på vegne av {0} (S3). Helsepersonell kan bare ta avgjørelser av lite inngripende karakter, og nærmeste pårørende skal informeres og har rett til å medvirke. Individuell plan kan ikke bygge på et samtykke før {0} kan samtykke selv eller det er oppnevnt verge med kompetanse på det personlige området.",
            assessedBy, assessedOn);
    }

    /// <summary>
    /// The giver, when they may consent for the person in this matter on this day; otherwise refused by the
    /// rule that decides (S1, S2 or S3) with a message saying who may.
    /// </summary>
    public static ConsentGiverOption EnsureMayConsent(Person person, DateOnly today, string matter, Guid? givenByRelatedPersonId)
    {
        var decision = WhoMayConsent(person, today, matter);
        if (decision.Find(givenByRelatedPersonId) is { } giver) return giver;
        if (decision.NoOneMayConsent) throw new DomainRuleException(decision.Rule, decision.Explanation);
        var who = givenByRelatedPersonId is { } id
            ? person.Relations.FirstOrDefault(r => r.Id == id)?.Name
                ?? throw new DomainRuleException(decision.Rule, $"Den som ga samtykket er ikke registrert hos {person.Name}. {decision.Explanation}")
            : person.Name;
        throw new DomainRuleException(decision.Rule,
            $"{who} kan ikke samtykke {(givenByRelatedPersonId is null ? "selv" : $"på vegne av {person.Name}")} til «{matter}». {decision.Explanation}");
    }
}
