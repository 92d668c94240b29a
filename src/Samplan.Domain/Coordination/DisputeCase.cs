using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Coordination;

/// <summary>Open while the two KEs assess; Agreed when they agree; Escalated to the collaboration agreement's dispute procedure.</summary>
public enum DisputeStatus { Open, Agreed, Escalated }

/// <summary>
/// K7: the hospital and the municipality disagree about a patient's further needs. Both coordinating
/// units assess jointly (notes signed with organisation, name and date); if they still disagree the
/// case goes to the dispute procedure of the collaboration agreement.
/// </summary>
public sealed class DisputeCase
{
    readonly List<DisputeNote> _notes = [];

    DisputeCase() { Subject = ""; MunicipalOrganisationName = ""; HospitalOrganisationName = ""; OpenedBy = ""; }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid MunicipalOrganisationId { get; private set; }
    public string MunicipalOrganisationName { get; private set; }
    public Guid HospitalOrganisationId { get; private set; }
    public string HospitalOrganisationName { get; private set; }
    public string Subject { get; private set; }
    public DisputeStatus Status { get; private set; }
    public string? Outcome { get; private set; }
    public DateTime OpenedAt { get; private set; }
    public string OpenedBy { get; private set; }
    public DateTime? ConcludedAt { get; private set; }
    public IReadOnlyCollection<DisputeNote> Notes => _notes.AsReadOnly();

    public static DisputeCase Open(Guid id, Guid personId, Organisation municipality, Organisation hospital, string subject, string openedBy, DateTime now)
    {
        if (municipality.Level != CareLevel.Municipality || hospital.Level != CareLevel.Hospital)
            throw new DomainRuleException("K7", "En uenighetssak er mellom en kommune og et helseforetak.");
        return new DisputeCase
        {
            Id = id,
            PersonId = personId,
            MunicipalOrganisationId = municipality.Id,
            MunicipalOrganisationName = municipality.Name,
            HospitalOrganisationId = hospital.Id,
            HospitalOrganisationName = hospital.Name,
            Subject = Required(subject, "Beskriv hva uenigheten gjelder."),
            Status = DisputeStatus.Open,
            OpenedAt = now,
            OpenedBy = openedBy,
        };
    }

    public bool Involves(Guid? organisationId) => organisationId == MunicipalOrganisationId || organisationId == HospitalOrganisationId;

    /// <summary>A joint-assessment note, signed with the author's organisation and name and the time.</summary>
    public DisputeNote AddNote(Guid organisationId, string authorName, string text, DateTime now)
    {
        if (!Involves(organisationId))
            throw new DomainRuleException("K7", "Bare de to koordinerende enhetene i saken skriver vurderinger.");
        if (Status != DisputeStatus.Open)
            throw new DomainRuleException("K7", "Saken er avsluttet.");
        var organisation = organisationId == MunicipalOrganisationId ? MunicipalOrganisationName : HospitalOrganisationName;
        var note = new DisputeNote(Guid.NewGuid(), Id, organisation, authorName, Required(text, "Skriv vurderingen."), now);
        _notes.Add(note);
        return note;
    }

    /// <summary>Agreed, or escalated to the collaboration agreement's dispute procedure; the outcome is written down either way.</summary>
    public void Conclude(DisputeStatus status, string outcome, DateTime now)
    {
        if (Status != DisputeStatus.Open) throw new DomainRuleException("K7", "Saken er allerede avsluttet.");
        if (status == DisputeStatus.Open) throw new DomainRuleException("K7", "Velg enighet eller tvisteløsning.");
        Outcome = Required(outcome, "Skriv utfallet.");
        Status = status;
        ConcludedAt = now;
    }

    static string Required(string? text, string message) =>
        string.IsNullOrWhiteSpace(text) ? throw new DomainRuleException("K7", message) : text.Trim();
}

public sealed class DisputeNote
{
    DisputeNote() { OrganisationName = ""; AuthorName = ""; Text = ""; }

    internal DisputeNote(Guid id, Guid disputeId, string organisationName, string authorName, string text, DateTime writtenAt)
    {
        Id = id;
        DisputeId = disputeId;
        OrganisationName = organisationName;
        AuthorName = authorName;
        Text = text;
        WrittenAt = writtenAt;
    }

    public Guid Id { get; private set; }
    public Guid DisputeId { get; private set; }
    public string OrganisationName { get; private set; }
    public string AuthorName { get; private set; }
    public string Text { get; private set; }
    public DateTime WrittenAt { get; private set; }
}
