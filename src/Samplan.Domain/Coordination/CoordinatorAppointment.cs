using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Coordination;

/// <summary>
/// C1: a coordinator for someone who needs long-term coordinated services but has declined an
/// individual plan. The appointment still needs consent (R3) and, in a hospital trust, health
/// personnel (C3).
/// </summary>
public sealed class CoordinatorAppointment
{
    readonly List<FollowUpEntry> _followUps = [];

    public const int MaxWish = 4000;

    CoordinatorAppointment() { CoordinatorName = ""; ConsentGivenBy = ""; }

    /// <summary>
    /// C1: appoints a coordinator for a person who has declined an IP. C2: the wish of the person (and relatives)
    /// is recorded with it, optionally naming a wished staff member. R3: consent, and who gave it. C3: in a hospital
    /// trust only health personnel. C1: a person has at most one running coordinator-only appointment, and none
    /// beside an open plan (its coordinator is the plan's, R2).
    /// </summary>
    public static CoordinatorAppointment WithoutPlan(Guid id, Guid personId, StaffMember coordinator, DateOnly appointedOn, string consentGivenBy,
        CoordinatorWish wish, PersonsCoordination existing)
    {
        if (existing.HasOpenPlan)
            throw new DomainRuleException("C1", "Personen har allerede en individuell plan. Koordinatoren oppnevnes i planen, ikke som koordinator uten plan.");
        if (existing.HasRunningAppointment)
            throw new DomainRuleException("C1", "Personen har allerede en koordinator uten individuell plan. Avslutt den oppnevnelsen først.");
        if (string.IsNullOrWhiteSpace(wish.Text))
            throw new DomainRuleException("C2", "Skriv hva personen og de pårørende ønsker for valg av koordinator.");
        if (string.IsNullOrWhiteSpace(consentGivenBy))
            throw new DomainRuleException("R3", "Koordinator kan ikke oppnevnes uten samtykke. Oppgi hvem som samtykket.");
        if (coordinator.OrganisationLevel == CareLevel.Hospital && !coordinator.IsHealthPersonnel)
            throw new DomainRuleException("C3", $"{coordinator.Name} er ikke helsepersonell. I spesialisthelsetjenesten må koordinator være helsepersonell.");
        var text = wish.Text.Trim();
        return new CoordinatorAppointment
        {
            Id = id,
            PersonId = personId,
            CoordinatorStaffId = coordinator.Id,
            CoordinatorName = coordinator.Name,
            AppointedOn = appointedOn,
            PlanDeclined = true,
            ConsentGivenBy = consentGivenBy.Trim(),
            Wish = text.Length <= MaxWish ? text : text[..MaxWish],
            WishedStaffId = wish.WishedStaff?.Id,
            WishedName = wish.WishedStaff?.Name,
        };
    }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid CoordinatorStaffId { get; private set; }
    public string CoordinatorName { get; private set; }
    public DateOnly AppointedOn { get; private set; }
    public DateOnly? EndedOn { get; private set; }
    /// <summary>C1: the person declined an IP but still has a coordinator.</summary>
    public bool PlanDeclined { get; private set; }
    public string ConsentGivenBy { get; private set; }
    /// <summary>C2: what the person and the relatives wished for when the coordinator was chosen (null only for appointments made before it was recorded).</summary>
    public string? Wish { get; private set; }
    public Guid? WishedStaffId { get; private set; }
    public string? WishedName { get; private set; }

    /// <summary>C1: the follow-up log, documented like other services; entries are appended, never edited or removed.</summary>
    public IReadOnlyCollection<FollowUpEntry> FollowUps => _followUps.AsReadOnly();

    /// <summary>C1: the coordinator-only work ends; the log is kept but no longer written.</summary>
    public void End(DateOnly on)
    {
        if (EndedOn is not null)
            throw new DomainRuleException("C1", "Oppnevnelsen er allerede avsluttet.");
        if (on < AppointedOn)
            throw new DomainRuleException("C1", "Oppnevnelsen kan ikke avsluttes før koordinatoren ble oppnevnt.");
        EndedOn = on;
    }

    /// <summary>
    /// C1: documents a piece of coordinator work without a plan document. Only the appointed coordinator
    /// writes, only while the appointment runs, and never for a day that has not come yet.
    /// </summary>
    public FollowUpEntry AddFollowUp(DateOnly on, string text, StaffMember by, DateOnly today, DateTime now)
    {
        if (EndedOn is not null)
            throw new DomainRuleException("C1", "Oppnevnelsen er avsluttet; oppfølgingsloggen kan ikke lenger føres.");
        if (by.Id != CoordinatorStaffId)
            throw new DomainRuleException("C1", "Bare den oppnevnte koordinatoren fører oppfølgingsloggen.");
        if (string.IsNullOrWhiteSpace(text))
            throw new DomainRuleException("C1", "Skriv hva som ble gjort i oppfølgingen.");
        if (on > today)
            throw new DomainRuleException("C1", "Oppfølgingen kan ikke dateres fram i tid.");
        if (on < AppointedOn)
            throw new DomainRuleException("C1", "Oppfølgingen kan ikke dateres før koordinatoren ble oppnevnt.");
        var entry = new FollowUpEntry(Guid.NewGuid(), Id, on, text.Trim(), by.Id, by.Name, now);
        _followUps.Add(entry);
        return entry;
    }
}

/// <summary>C2: the wish of the person (and relatives) for the coordinator, optionally naming a wished staff member.</summary>
public sealed record CoordinatorWish(string Text, StaffMember? WishedStaff = null);

/// <summary>C1: what the person already has — an open plan, a running coordinator-only appointment — read before appointing.</summary>
public sealed record PersonsCoordination(bool HasOpenPlan, bool HasRunningAppointment)
{
    public static readonly PersonsCoordination None = new(false, false);
}

/// <summary>C1: one dated entry in a coordinator-only follow-up log. Immutable: a correction is a new entry.</summary>
public sealed class FollowUpEntry
{
    FollowUpEntry() { Text = ""; WrittenByName = ""; }

    internal FollowUpEntry(Guid id, Guid appointmentId, DateOnly on, string text, Guid writtenByStaffId, string writtenByName, DateTime writtenAt)
    {
        Id = id;
        AppointmentId = appointmentId;
        On = on;
        Text = text;
        WrittenByStaffId = writtenByStaffId;
        WrittenByName = writtenByName;
        WrittenAt = writtenAt;
    }

    public Guid Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public DateOnly On { get; private set; }
    public string Text { get; private set; }
    public Guid WrittenByStaffId { get; private set; }
    public string WrittenByName { get; private set; }
    public DateTime WrittenAt { get; private set; }
}
