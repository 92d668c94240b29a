using System.Globalization;

namespace Samplan.Notifications;

/// <summary>
/// Bokmål labels of the kinds (the settings page) and the reminders' texts. A reminder says what kind of thing
/// is due and when — never whose plan it is or what it holds (the contract in <see cref="Notification"/>).
/// </summary>
public static class NotificationTexts
{
    public static string Kind(NotificationKind kind) => kind switch
    {
        NotificationKind.MeetingSummons => "Innkalling til møte",
        NotificationKind.MeetingChanged => "Endring i møte",
        NotificationKind.EvaluationDue => "Evaluering av plan",
        NotificationKind.RevisionDue => "Revisjon av plan",
        NotificationKind.ConsentExpiring => "Samtykke som går ut",
        NotificationKind.TaskDue => "Oppgave som forfaller",
        NotificationKind.TaskOverdue => "Oppgave på overtid",
        NotificationKind.ConsentChanged => "Endret samtykke",
        NotificationKind.ConsentRequested => "Forespørsel om samtykke",
        NotificationKind.ConsentAnswered => "Svar på forespørsel om samtykke",
        NotificationKind.PlanMessage => "Ny melding om planen",
        _ => "Ny sak i innboksen til koordinerende enhet",
    };

    static string D(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static (string Subject, string Body) EvaluationDue(DateOnly on, bool overdue) => overdue
        ? ("Evaluering på overtid", $"En plan du koordinerer skulle vært evaluert {D(on)}.")
        : ("Evaluering nærmer seg", $"En plan du koordinerer skal evalueres {D(on)}.");

    public static (string Subject, string Body) RevisionDue(DateOnly on, bool overdue) => overdue
        ? ("Revisjon på overtid", $"En plan du koordinerer skulle vært revidert {D(on)}.")
        : ("Revisjon nærmer seg", $"En plan du koordinerer skal revideres {D(on)}.");

    public static (string Subject, string Body) ConsentExpiring(DateOnly endsOn) =>
        ("Samtykke går snart ut", $"Samtykket i en plan du koordinerer gjelder til {D(endsOn)}. Snakk med personen om nytt samtykke i god tid.");

    public static (string Subject, string Body) TaskDue(DateOnly dueOn) =>
        ("Oppgave forfaller", $"Du har en oppgave som forfaller {D(dueOn)}.");

    public static (string Subject, string Body) TaskOverdue(DateOnly dueOn) =>
        ("Oppgave på overtid", $"Du har en oppgave som forfalt {D(dueOn)} og ikke er markert som utført.");

    public static (string Subject, string Body) IntakeItem(DateOnly receivedOn) =>
        ("Ny sak i innboksen", $"Koordinerende enhet fikk en ny sak {D(receivedOn)} som venter på behandling.");

    // Consent and messages: what happened and a link — never whose plan, who did it or what was written.
    public static (string Subject, string Body) ConsentNarrowed() =>
        ("Samtykke innsnevret", "Personen har snevret inn et samtykke i en plan du koordinerer. Endringen gjelder fra nå. Se hva samtykket dekker.");

    public static (string Subject, string Body) ConsentWithdrawn() =>
        ("Samtykke trukket tilbake", "Personen har trukket tilbake et samtykke i en plan du koordinerer. Informasjonsutvekslingen det dekket er stanset. Be om nytt samtykke hvis arbeidet skal fortsette.");

    public static (string Subject, string Body) ConsentRequested() =>
        ("Du er bedt om samtykke", "Koordinatoren din ber om et nytt samtykke til individuell plan. Les hva samtykket gjelder, og svar.");

    public static (string Subject, string Body) ConsentGiven() =>
        ("Samtykke gitt", "Et samtykke du ba om i en plan du koordinerer, er gitt digitalt.");

    public static (string Subject, string Body) ConsentDeclined() =>
        ("Samtykke ikke gitt", "Et samtykke du ba om i en plan du koordinerer, er ikke gitt.");

    public static (string Subject, string Body) MessageToCoordinator() =>
        ("Ny melding", "Du har fått en ny melding om en plan du koordinerer.");

    public static (string Subject, string Body) MessageToPerson() =>
        ("Ny melding fra koordinator", "Du har fått en ny melding fra koordinatoren din om planen.");
}
