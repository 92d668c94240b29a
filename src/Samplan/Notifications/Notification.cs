namespace Samplan.Notifications;

/// <summary>What a notification is about; users choose per kind whether they also get it by e-mail.</summary>
public enum NotificationKind
{
    MeetingSummons,
    MeetingChanged,
    EvaluationDue,
    RevisionDue,
    ConsentExpiring,
    TaskDue,
    TaskOverdue,
    IntakeItem,
    /// <summary>S5: the person narrowed or withdrew a consent (to the coordinator).</summary>
    ConsentChanged,
    /// <summary>R3: the coordinator asks for a new consent (to the person or whoever may consent for them).</summary>
    ConsentRequested,
    /// <summary>R3: a consent asked for was given or declined (to the coordinator).</summary>
    ConsentAnswered,
    /// <summary>A new secure message in the plan's thread (to the other side).</summary>
    PlanMessage,
}

/// <summary>Pending: the delivery job has not yet sent the e-mail; NotWanted: the recipient chose in-app only (or has no address).</summary>
public enum EmailState { Pending, Sent, NotWanted, Failed }

/// <summary>
/// One notice to one user: shown in the app and, as the user chooses, sent by e-mail by the delivery job.
/// Privacy by construction: <see cref="Subject"/> and <see cref="Body"/> never hold the person's name or any
/// plan content — only what kind of thing happened, when, and a <see cref="Link"/> into the app, where the
/// plan's gate decides what the reader may see. <see cref="DedupeKey"/> is unique, so the same notice is
/// never created twice (restarts, several app nodes).
/// </summary>
public sealed class Notification
{
    public const int MaxSubject = 200;
    public const int MaxBody = 2000;

    Notification() { Subject = ""; Body = ""; Link = ""; DedupeKey = ""; }

    public Notification(Guid id, Guid recipientUserId, NotificationKind kind, string subject, string body, string link,
        string dedupeKey, DateTime createdAt, CalendarFile? calendar = null)
    {
        Id = id;
        RecipientUserId = recipientUserId;
        Kind = kind;
        Subject = subject.Length > MaxSubject ? subject[..MaxSubject] : subject;
        Body = body.Length > MaxBody ? body[..MaxBody] : body;
        Link = link;
        DedupeKey = dedupeKey;
        CreatedAt = createdAt;
        CalendarFileName = calendar?.FileName;
        CalendarContent = calendar?.Content;
        EmailState = EmailState.Pending;
    }

    public Guid Id { get; private set; }
    public Guid RecipientUserId { get; private set; }
    public NotificationKind Kind { get; private set; }
    public string Subject { get; private set; }
    public string Body { get; private set; }
    /// <summary>An app-relative link ("/plans/…/meetings/…").</summary>
    public string Link { get; private set; }
    public string DedupeKey { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ReadAt { get; private set; }

    /// <summary>An iCalendar (.ics) attachment for meeting summons and changes.</summary>
    public string? CalendarFileName { get; private set; }
    public string? CalendarContent { get; private set; }

    public EmailState EmailState { get; private set; }
    /// <summary>The delivery job's claim: which node holds the e-mail and until when (a crashed node's claim runs out).</summary>
    public string? EmailClaimedBy { get; private set; }
    public DateTime? EmailClaimedUntil { get; private set; }
    public DateTime? EmailSentAt { get; private set; }
    public int EmailAttempts { get; private set; }
    public string? EmailError { get; private set; }

    public void MarkRead(DateTime at) => ReadAt ??= at;

    public void ClaimEmail(string node, DateTime until)
    {
        EmailClaimedBy = node;
        EmailClaimedUntil = until;
        EmailAttempts++;
    }

    public void EmailSent(DateTime at)
    {
        EmailState = EmailState.Sent;
        EmailSentAt = at;
        EmailClaimedBy = null;
        EmailClaimedUntil = null;
        EmailError = null;
    }

    public void EmailNotWanted() => EmailState = EmailState.NotWanted;

    /// <summary>A failed try is tried again after the claim runs out, up to <paramref name="maxAttempts"/> tries.</summary>
    public void EmailFailed(string error, int maxAttempts)
    {
        EmailError = error.Length > 500 ? error[..500] : error;
        if (EmailAttempts >= maxAttempts) EmailState = EmailState.Failed;
    }
}

/// <summary>An .ics calendar file (RFC 5545) attached to a notice.</summary>
public sealed record CalendarFile(string FileName, string Content);
