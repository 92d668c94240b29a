using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Samplan.Data;

namespace Samplan.Notifications;

/// <summary>One e-mail copy of a notice, as composed by the delivery job (never more than the notice holds).</summary>
public sealed record EmailMessage(Guid NotificationId, Guid RecipientUserId, string To, string Subject, string Body, CalendarFile? Calendar);

/// <summary>
/// Sends an e-mail. An implementation may enlist in the caller's unit of work (the outbox does): the delivery job
/// saves the notice's new state in the same save, so an outbox e-mail and "sent" are stored together or not at all.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary><c>Email:*</c> settings. <see cref="Mode"/> is <c>Outbox</c> (embedded default) or <c>Smtp</c>.</summary>
public sealed class EmailOptions
{
    public string Mode { get; set; } = "Outbox";
    /// <summary>The app's public address, for the link in the e-mail.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";
    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string Host { get; set; } = "";
        public int Port { get; set; } = 587;
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string From { get; set; } = "Samplan <ikke-svar@samplan.example>";
        /// <summary>MailKit's choice of TLS: <c>Auto</c>, <c>StartTls</c>, <c>SslOnConnect</c> or <c>None</c> (only for a local relay).</summary>
        public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    }
}

/// <summary>The embedded default: the e-mail is written to the outbox table, in the delivery job's unit of work.</summary>
public sealed class OutboxEmailSender(SamplanDb db, TimeProvider clock) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        db.OutboxEmails.Add(new OutboxEmail(Guid.NewGuid(), message, clock.GetUtcNow().UtcDateTime));
        return Task.CompletedTask;
    }
}

/// <summary>SMTP through MailKit; the meeting's .ics goes along as a text/calendar attachment.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        await client.SendAsync(Compose(message, smtp.From), ct);
        await client.DisconnectAsync(true, ct);
    }

    public static MimeMessage Compose(EmailMessage message, string from)
    {
        var mail = new MimeMessage { Subject = message.Subject };
        mail.From.Add(MailboxAddress.Parse(from));
        mail.To.Add(MailboxAddress.Parse(message.To));
        var body = new BodyBuilder { TextBody = message.Body };
        if (message.Calendar is { } ics)
        {
            var type = new ContentType("text", "calendar") { Charset = "utf-8" };
            // A calendar client shows an invitation with answer buttons only when the part says which iTIP method it is.
            if (ics.Content.Contains("METHOD:", StringComparison.Ordinal))
                type.Parameters.Add("method", ics.Content.Split("METHOD:")[1].Split('\r', '\n')[0].Trim());
            body.Attachments.Add(ics.FileName, System.Text.Encoding.UTF8.GetBytes(ics.Content), type);
        }
        mail.Body = body.ToMessageBody();
        return mail;
    }
}
