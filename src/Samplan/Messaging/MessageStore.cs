using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Samplan.Messaging;

/// <summary>
/// A FHIR message this deployment has processed (<c>POST /fhir/$process-message</c>), kept with the response it gave:
/// a message delivered again (the sender retried after a lost receipt) gets the same response and changes nothing.
/// The unique index on <see cref="MessageId"/> holds even when two deliveries race.
/// </summary>
public sealed class ProcessedMessage
{
    ProcessedMessage() { MessageId = ""; BundleId = ""; Event = ""; ResponseJson = ""; ResponseCode = ""; }

    public ProcessedMessage(Guid id, string messageId, string bundleId, string @event, Guid senderAccountId, DateTime receivedAt,
        string responseCode, string responseJson, Guid? personId = null, string? replyPeer = null)
    {
        PersonId = personId;
        ReplyPeer = replyPeer;
        Id = id;
        MessageId = messageId;
        BundleId = bundleId;
        Event = @event;
        SenderAccountId = senderAccountId;
        ReceivedAt = receivedAt;
        ResponseCode = responseCode;
        ResponseJson = responseJson;
    }

    public Guid Id { get; private set; }
    /// <summary><c>MessageHeader.id</c>: the message's identity.</summary>
    public string MessageId { get; private set; }
    public string BundleId { get; private set; }
    public string Event { get; private set; }
    public Guid SenderAccountId { get; private set; }
    public DateTime ReceivedAt { get; private set; }
    /// <summary><c>ok</c> or <c>fatal-error</c> (a transient error is not stored, so the retry is processed).</summary>
    public string ResponseCode { get; private set; }
    public string ResponseJson { get; private set; }
    /// <summary>The person the message was about (as registered here), when it was a notice that was accepted.</summary>
    public Guid? PersonId { get; private set; }
    /// <summary>
    /// K8, C6: the configured peer (<c>Messaging:Peers:&lt;name&gt;</c>) whose address is the notice's source: the
    /// municipality answers it there with «coordinator appointed» and «plan started» (<see cref="PeerReplies"/>).
    /// </summary>
    public string? ReplyPeer { get; private set; }
}

/// <summary>
/// A FHIR message waiting to be delivered to a peer deployment (<c>Messaging:Peers:&lt;name&gt;</c>), added in the same
/// transaction as the change that causes it; <see cref="MessageSender"/> posts it and retries with back-off until the
/// peer answers with a receipt.
/// </summary>
public sealed class OutboxMessage
{
    OutboxMessage() { MessageId = ""; Peer = ""; Event = ""; BundleJson = ""; }

    public OutboxMessage(Guid id, string messageId, string peer, string @event, string bundleJson, DateTime createdAt)
    {
        Id = id;
        MessageId = messageId;
        Peer = peer;
        Event = @event;
        BundleJson = bundleJson;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string MessageId { get; private set; }
    public string Peer { get; private set; }
    public string Event { get; private set; }
    public string BundleJson { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    /// <summary>When the next attempt is due; null once delivered or given up.</summary>
    public DateTime? NextAttemptAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    /// <summary>The receipt's <c>MessageHeader.response.code</c>: ok, or fatal-error (not retried).</summary>
    public string? ResponseCode { get; private set; }
    public string? ReceiptJson { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>Back-off after a failed attempt: 1, 2, 4, 8 … minutes, at most <see cref="MaxDelay"/>.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    public static TimeSpan DelayAfter(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Max(0, attempts - 1)), MaxDelay.TotalMinutes));

    public void Delivered(DateTime at, string responseCode, string receiptJson, string? error)
    {
        Attempts++;
        DeliveredAt = at;
        NextAttemptAt = null;
        ResponseCode = responseCode;
        ReceiptJson = receiptJson;
        LastError = error;
    }

    public void Failed(DateTime at, string error)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
        NextAttemptAt = at + DelayAfter(Attempts);
    }
}

sealed class ProcessedMessageConfiguration : IEntityTypeConfiguration<ProcessedMessage>
{
    public void Configure(EntityTypeBuilder<ProcessedMessage> m)
    {
        m.ToTable("ProcessedMessages");
        m.HasKey(x => x.Id);
        m.Property(x => x.MessageId).HasMaxLength(64);
        m.HasIndex(x => x.MessageId).IsUnique();
        m.Property(x => x.BundleId).HasMaxLength(64);
        m.Property(x => x.Event).HasMaxLength(40);
        m.Property(x => x.ResponseCode).HasMaxLength(20);
        m.Property(x => x.ReplyPeer).HasMaxLength(100);
        m.HasIndex(x => x.PersonId);
    }
}

sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> m)
    {
        m.ToTable("OutboxMessages");
        m.HasKey(x => x.Id);
        m.Property(x => x.MessageId).HasMaxLength(64);
        m.HasIndex(x => x.MessageId).IsUnique();
        m.Property(x => x.Peer).HasMaxLength(100);
        m.Property(x => x.Event).HasMaxLength(40);
        m.Property(x => x.ResponseCode).HasMaxLength(20);
        m.Property(x => x.LastError).HasMaxLength(2000);
        m.HasIndex(x => x.NextAttemptAt);
    }
}
