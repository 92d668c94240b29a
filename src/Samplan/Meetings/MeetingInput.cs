using System.ComponentModel.DataAnnotations;
using Samplan.Domain.Meetings;
using Samplan.Domain.Shared;

namespace Samplan.Meetings;

/// <summary>The summons form: day and times in Norwegian time, stored as UTC instants.</summary>
public sealed class MeetingInput
{
    static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    [StringLength(Meeting.MaxAgenda, ErrorMessage = "Dagsorden kan ha høyst 4000 tegn.")] public string? Agenda { get; set; }
    public DateOnly? Day { get; set; }
    public TimeOnly? Starts { get; set; }
    public TimeOnly? Ends { get; set; }
    [StringLength(Meeting.MaxPlace, ErrorMessage = "Møtestedet kan ha høyst 300 tegn.")] public string? Place { get; set; }
    [StringLength(Meeting.MaxVideoLink, ErrorMessage = "Lenken kan ha høyst 500 tegn.")] public string? VideoLink { get; set; }

    public static MeetingInput From(Meeting m) => new()
    {
        Agenda = m.Agenda,
        Day = DateOnly.FromDateTime(Shared.OsloTime.From(m.StartsAt)),
        Starts = TimeOnly.FromDateTime(Shared.OsloTime.From(m.StartsAt)),
        Ends = TimeOnly.FromDateTime(Shared.OsloTime.From(m.EndsAt)),
        Place = m.Place,
        VideoLink = m.VideoLink,
    };

    public MeetingDetails ToDetails()
    {
        if (Day is not { } day || Starts is not { } starts || Ends is not { } ends)
            throw new DomainRuleException("A2", "Oppgi dato og klokkeslett for når møtet begynner og slutter.");
        return new MeetingDetails(Agenda ?? "", ToUtc(day, starts), ToUtc(day, ends), Place, VideoLink);
    }

    static DateTime ToUtc(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (Oslo.IsInvalidTime(local))
            throw new DomainRuleException("A2", "Klokkeslettet finnes ikke den dagen (overgang til sommertid). Velg et annet tidspunkt.");
        return TimeZoneInfo.ConvertTimeToUtc(local, Oslo);
    }
}
