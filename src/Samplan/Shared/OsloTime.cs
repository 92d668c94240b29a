using System.Globalization;

namespace Samplan.Shared;

/// <summary>Instants are stored in UTC; people read them in Norwegian time, summer time included.</summary>
public static class OsloTime
{
    static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateTime From(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc.Kind == DateTimeKind.Utc ? utc : DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>dd.MM.yyyy HH:mm in Norwegian time.</summary>
    public static string Format(DateTime utc) => From(utc).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The instant (UTC) a Norwegian calendar day begins; for date-range searches over UTC instants.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    /// <summary>Today's date in Norway (not in UTC: between midnight and 01/02 the two differ).</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(From(clock.GetUtcNow().UtcDateTime));
}
