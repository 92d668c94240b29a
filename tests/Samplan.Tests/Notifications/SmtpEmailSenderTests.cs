using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Samplan.Notifications;

namespace Samplan.Tests.Notifications;

/// <summary>The MailKit sender against a tiny fake SMTP server on 127.0.0.1: the meeting's .ics arrives as text/calendar.</summary>
public sealed class SmtpEmailSenderTests
{
    const string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Samplan//NO\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:m1@samplan\r\n"
        + "DTSTAMP:20261123T090000Z\r\nDTSTART:20261201T090000Z\r\nSUMMARY:Møte i ansvarsgruppen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    /// <summary>Accepts one SMTP session and returns the message it was given (just enough of RFC 5321, no extensions).</summary>
    static async Task<string> FakeSmtpSessionAsync(TcpListener listener, CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost fake SMTP");
        var data = new StringBuilder();
        var inData = false;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (inData)
            {
                if (line == ".") { inData = false; await writer.WriteLineAsync("250 queued"); }
                else data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
                continue;
            }
            switch (line.Split(' ')[0].ToUpperInvariant())
            {
                case "EHLO": await writer.WriteLineAsync("250 localhost"); break;
                case "DATA": inData = true; await writer.WriteLineAsync("354 end with ."); break;
                case "QUIT": await writer.WriteLineAsync("221 bye"); return data.ToString();
                default: await writer.WriteLineAsync("250 ok"); break;
            }
        }
        return data.ToString();
    }

    [Fact]
    public async Task The_ics_goes_as_a_text_calendar_attachment_over_smtp()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var session = FakeSmtpSessionAsync(listener, timeout.Token);
            var sender = new SmtpEmailSender(Options.Create(new EmailOptions
            {
                Mode = "Smtp",
                Smtp = new() { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None, From = "Samplan <samplan@test.example>" },
            }));

            await sender.SendAsync(new EmailMessage(Guid.NewGuid(), Guid.NewGuid(), "ola@example.no", "Innkalling til møte",
                "Du er invitert til et møte. Åpne i Samplan: http://localhost:5080/notifications/x", new CalendarFile("mote.ics", Ics)), timeout.Token);

            var received = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(await session)));
            Assert.Equal("Innkalling til møte", received.Subject);
            Assert.Equal("ola@example.no", Assert.Single(received.To.Mailboxes).Address);
            var attachment = Assert.IsAssignableFrom<MimePart>(Assert.Single(received.Attachments));
            Assert.Equal("text/calendar", attachment.ContentType.MimeType);
            Assert.Equal("REQUEST", attachment.ContentType.Parameters["method"]);
            Assert.Equal("mote.ics", attachment.FileName);
            using var content = new MemoryStream();
            await attachment.Content!.DecodeToAsync(content, timeout.Token);
            Assert.Equal(Ics, Encoding.UTF8.GetString(content.ToArray()));
            Assert.Contains("Du er invitert til et møte", received.TextBody, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }
}
