using Samplan.Domain.Shared;

namespace Samplan.Domain.Plans;

public enum MessageSenderRole { Person, Representative, Coordinator }

/// <summary>
/// R12, C4: a secure message between the person (or whoever represents them, S2, S3) and the plan's coordinator,
/// kept with the plan. Plain text only; never changed after it is sent. <see cref="ReadAt"/> is when the other
/// side first opened the thread.
/// </summary>
public sealed class PlanMessage
{
    public const int MaxText = 4000;

    PlanMessage() { SenderName = ""; Text = ""; }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid SenderUserId { get; private set; }
    public string SenderName { get; private set; }
    public MessageSenderRole SenderRole { get; private set; }
    public string Text { get; private set; }
    public DateTime SentAt { get; private set; }
    public DateTime? ReadAt { get; private set; }

    /// <summary>Sent by the person or their representative (so the coordinator is the recipient).</summary>
    public bool FromPersonSide => SenderRole != MessageSenderRole.Coordinator;

    /// <summary>R12: a message needs words, at most <see cref="MaxText"/> characters, and an open plan (R10).</summary>
    public static PlanMessage Send(Guid id, IndividualPlan plan, Guid senderUserId, string senderName, MessageSenderRole role,
        string? text, DateTime now)
    {
        if (!plan.IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet. Det kan ikke sendes nye meldinger.");
        if (string.IsNullOrWhiteSpace(text))
            throw new DomainRuleException("R12", "Skriv en melding.");
        var trimmed = text.Trim().ReplaceLineEndings("\n");
        if (trimmed.Length > MaxText)
            throw new DomainRuleException("R12", $"Meldingen er for lang ({trimmed.Length} tegn). Den kan ha høyst {MaxText} tegn.");
        return new PlanMessage
        {
            Id = id,
            PlanId = plan.Id,
            SenderUserId = senderUserId,
            SenderName = senderName,
            SenderRole = role,
            Text = trimmed,
            SentAt = now,
        };
    }

    public void MarkRead(DateTime at) => ReadAt ??= at;
}
