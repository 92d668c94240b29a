namespace Samplan.Notifications;

/// <summary>
/// An e-mail as the embedded default "sends" it: written to the outbox table instead of an SMTP server, so a
/// demo or a test can see exactly what would have gone out (<c>/my/outbox</c>).
/// </summary>
public sealed class OutboxEmail
{
    OutboxEmail() { To = ""; Subject = ""; Body = ""; }

    public OutboxEmail(Guid id, EmailMessage message, DateTime sentAt)
    {
        Id = id;
        NotificationId = message.NotificationId;
        RecipientUserId = message.RecipientUserId;
        To = message.To;
        Subject = message.Subject;
        Body = message.Body;
        AttachmentFileName = message.Calendar?.FileName;
        AttachmentContent = message.Calendar?.Content;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public Guid NotificationId { get; private set; }
    public Guid RecipientUserId { get; private set; }
    public string To { get; private set; }
    public string Subject { get; private set; }
    public string Body { get; private set; }
    public string? AttachmentFileName { get; private set; }
    public string? AttachmentContent { get; private set; }
    public DateTime SentAt { get; private set; }
}
