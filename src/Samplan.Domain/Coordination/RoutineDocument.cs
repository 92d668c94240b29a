using Samplan.Domain.Shared;

namespace Samplan.Domain.Coordination;

public enum RoutineStatus { Draft, Published }

/// <summary>
/// K6: one version of a routine for IP and coordinator work. Versions of the same routine share a
/// <see cref="SeriesId"/>; publishing a new version keeps the old ones, so the quality system can show
/// which routine applied when.
/// </summary>
public sealed class RoutineDocument
{
    RoutineDocument() { Title = ""; Body = ""; CreatedBy = ""; }

    public Guid Id { get; private set; }
    public Guid SeriesId { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string Title { get; private set; }
    public string Body { get; private set; }
    public int VersionNumber { get; private set; }
    public RoutineStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public string? PublishedBy { get; private set; }

    /// <summary>A new routine: its first version, as a draft.</summary>
    public static RoutineDocument First(Guid id, Guid organisationId, string title, string body, string by, DateTime now) =>
        Create(id, Guid.NewGuid(), organisationId, title, body, 1, by, now);

    /// <summary>A new draft version after the versions the routine already has (they are kept as they are).</summary>
    public static RoutineDocument NextVersion(Guid id, IReadOnlyCollection<RoutineDocument> existing, string title, string body, string by, DateTime now)
    {
        if (existing.Count == 0) throw new DomainRuleException("K6", "Fant ikke rutinen.");
        if (existing.Any(v => v.Status == RoutineStatus.Draft))
            throw new DomainRuleException("K6", "Rutinen har allerede et utkast. Publiser eller endre det før du lager en ny versjon.");
        var latest = existing.MaxBy(v => v.VersionNumber)!;
        return Create(id, latest.SeriesId, latest.OrganisationId, title, body, latest.VersionNumber + 1, by, now);
    }

    public void Edit(string title, string body)
    {
        if (Status != RoutineStatus.Draft)
            throw new DomainRuleException("K6", "En publisert versjon endres ikke. Lag en ny versjon.");
        Title = Required(title, "Skriv en tittel.");
        Body = Required(body, "Skriv rutinen.");
    }

    public void Publish(string by, DateTime now)
    {
        if (Status == RoutineStatus.Published)
            throw new DomainRuleException("K6", $"Versjon {VersionNumber} er allerede publisert.");
        Status = RoutineStatus.Published;
        PublishedAt = now;
        PublishedBy = by;
    }

    static RoutineDocument Create(Guid id, Guid seriesId, Guid organisationId, string title, string body, int version, string by, DateTime now) => new()
    {
        Id = id,
        SeriesId = seriesId,
        OrganisationId = organisationId,
        Title = Required(title, "Skriv en tittel."),
        Body = Required(body, "Skriv rutinen."),
        VersionNumber = version,
        Status = RoutineStatus.Draft,
        CreatedAt = now,
        CreatedBy = by,
    };

    static string Required(string? text, string message) =>
        string.IsNullOrWhiteSpace(text) ? throw new DomainRuleException("K6", message) : text.Trim();
}
