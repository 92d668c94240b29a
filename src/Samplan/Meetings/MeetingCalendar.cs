using System.Globalization;
using System.Text;
using Samplan.Domain.Meetings;
using Samplan.Notifications;

namespace Samplan.Meetings;

/// <summary>
/// The iCalendar file (RFC 5545) of a meeting: METHOD:REQUEST for a summons or change, METHOD:CANCEL when
/// cancelled; one UID per meeting and a SEQUENCE that rises with each change, so calendar programs update the
/// same event. It holds only that there is a meeting, when, where and a link — no name, agenda or plan content.
/// </summary>
public static class MeetingCalendar
{
    public const string Summary = "Møte i ansvarsgruppe";

    public static string Uid(Meeting meeting) => $"{meeting.Id:N}@samplan";

    public static CalendarFile For(Meeting meeting, string absoluteLink, DateTime now)
    {
        var cancelled = meeting.IsCancelled;
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Samplan//Moter i ansvarsgruppe//NB",
            "CALSCALE:GREGORIAN",
            cancelled ? "METHOD:CANCEL" : "METHOD:REQUEST",
            "BEGIN:VEVENT",
            $"UID:{Uid(meeting)}",
            $"DTSTAMP:{Utc(now)}",
            $"SEQUENCE:{meeting.Sequence.ToString(CultureInfo.InvariantCulture)}",
            $"DTSTART:{Utc(meeting.StartsAt)}",
            $"DTEND:{Utc(meeting.EndsAt)}",
            $"SUMMARY:{Text(Summary)}",
            $"LOCATION:{Text(meeting.Place ?? meeting.VideoLink ?? "")}",
            $"DESCRIPTION:{Text(Description(meeting, absoluteLink))}",
            $"URL:{absoluteLink}",
            "ORGANIZER;CN=Samplan:mailto:ikke-svar@samplan.invalid",
            cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED",
            "END:VEVENT",
            "END:VCALENDAR",
        };
        var ics = new StringBuilder();
        foreach (var line in lines) Fold(ics, line);
        return new CalendarFile($"mote-{meeting.Id:N}.ics", ics.ToString());
    }

    static string Description(Meeting meeting, string link)
    {
        var where = meeting.VideoLink is { } v && meeting.Place is not null ? $"Videomøte: {v}\n" : "";
        return $"{where}Innkallingen og dagsorden finner du i Samplan: {link}";
    }

    static string Utc(DateTime instant) => instant.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values.</summary>
    static string Text(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>RFC 5545 §3.1: lines end in CRLF and are folded at 75 octets (UTF-8), never inside a character.</summary>
    static void Fold(StringBuilder ics, string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                ics.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space of a continuation line counts
            }
            ics.Append(rune.ToString());
            octets += size;
        }
        ics.Append("\r\n");
    }
}
