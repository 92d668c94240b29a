using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Meetings;

/// <summary>
/// R5, R8: a short dated entry in the plan log, by a participant or by the person (R12), tagged with the kind of
/// information it holds so the consent decides who reads it. Entries are never changed: a correction is a new
/// entry that points to the one it corrects.
/// </summary>
public sealed class PlanLogEntry
{
    public const int MaxText = 2000;

    PlanLogEntry() { Text = ""; AuthorName = ""; AuthorRole = ""; }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    /// <summary>The day what the entry tells of happened.</summary>
    public DateOnly On { get; private set; }
    public string Text { get; private set; }
    public InformationKind Kind { get; private set; }
    public Guid AuthorUserId { get; private set; }
    public string AuthorName { get; private set; }
    public string AuthorRole { get; private set; }
    public DateTime WrittenAt { get; private set; }
    /// <summary>The entry this one corrects, if it is a correction.</summary>
    public Guid? CorrectsEntryId { get; private set; }

    /// <summary>
    /// Writes an entry. R10: not in a closed plan. A correction (R5) must point to an entry of the same plan and
    /// keeps its kind of information (R8), so it reaches exactly those who could read what it corrects.
    /// </summary>
    public static PlanLogEntry Write(Guid id, IndividualPlan plan, DateOnly on, string? text, InformationKind kind,
        Guid authorUserId, string authorName, string authorRole, DateOnly today, DateTime now, PlanLogEntry? corrects = null)
    {
        if (!plan.IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet eller overført; det kan ikke skrives mer i loggen.");
        if (string.IsNullOrWhiteSpace(text))
            throw new DomainRuleException("R5", "Skriv hva som skjedde.");
        var clean = text.Trim();
        if (clean.Length > MaxText)
            throw new DomainRuleException("R5", $"En loggføring kan ha høyst {MaxText} tegn.");
        if (on > today)
            throw new DomainRuleException("R5", "Datoen for det som skjedde kan ikke være etter i dag.");
        if (corrects is not null && corrects.PlanId != plan.Id)
            throw new DomainRuleException("R5", "Rettelsen må gjelde en loggføring i samme plan.");
        return new PlanLogEntry
        {
            Id = id,
            PlanId = plan.Id,
            On = on,
            Text = clean,
            Kind = corrects?.Kind ?? kind,
            AuthorUserId = authorUserId,
            AuthorName = authorName,
            AuthorRole = authorRole,
            WrittenAt = now,
            CorrectsEntryId = corrects?.Id,
        };
    }
    /// <summary>
    /// R9, R5: an entry of the plan log as it arrives with a transferred plan: the day, the text, the kind of information
    /// (so the consent here decides who reads it, R8) and the author's name as text (they have no account here).
    /// </summary>
    public static PlanLogEntry Received(IndividualPlan plan, ReceivedLogEntry r)
    {
        ReceivedHistory.EnsureReceiving(plan);
        if (string.IsNullOrWhiteSpace(r.Text))
            throw new DomainRuleException("R5", "En loggføring mangler tekst.");
        var text = r.Text.Trim();
        return new PlanLogEntry
        {
            Id = r.Id,
            PlanId = plan.Id,
            On = r.On,
            Text = text.Length > MaxText ? text[..MaxText] : text,
            Kind = r.Kind,
            AuthorUserId = Guid.Empty,
            AuthorName = r.AuthorName,
            AuthorRole = "overført",
            WrittenAt = r.WrittenAt,
        };
    }
}
