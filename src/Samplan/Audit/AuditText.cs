using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Audit;

/// <summary>Audit entries in plain Bokmål, for the person's "who has read my plan" page.</summary>
public static class AuditText
{
    public static string Role(string role) => role switch
    {
        "koordinator" => "koordinator",
        "planstarter" => "startet planarbeidet",
        "person" => "personen selv",
        "representant" => "på vegne av personen",
        "ikke deltaker" => "ikke med i planarbeidet",
        "personvernombud" => "personvernombud",
        "" or "ukjent" or "anonym" => "ukjent rolle",
        _ when Enum.TryParse<ParticipantRole>(role, out var participant) => Labels.Role(participant).ToLowerInvariant(),
        _ => role,
    };

    public static string What(AuditEntry e) => (e.Action, e.Allowed, e.Emergency) switch
    {
        (_, false, _) => "prøvde å åpne planen, men fikk ikke tilgang",
        (_, true, true) => "åpnet planen med nødtilgang",
        ("plan.read", _, _) => "leste planen",
        ("plan.open-for-change", _, _) => "åpnet planen for å endre den",
        ("plan.change", _, _) => "endret planen",
        ("plan.message.send", _, _) => "sendte en melding",
        ("plan.log.write", _, _) => "skrev i planloggen",
        ("plan.evaluation-experience", _, _) => "skrev om opplevelsen før evalueringen",
        ("plan.consent-request", _, _) => "ba om samtykke",
        ("plan.consent-request.decline", _, _) => "registrerte at samtykket ikke ble gitt",
        _ => "var inne i planen",
    };
}
