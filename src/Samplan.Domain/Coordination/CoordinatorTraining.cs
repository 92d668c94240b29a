using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Coordination;

/// <summary>
/// K3: a course for coordinators, organised by one organisation and open to participants from several
/// (municipality, hospital trust, …). A participant has completed it or not.
/// </summary>
public sealed class CoordinatorCourse
{
    readonly List<CourseParticipant> _participants = [];

    CoordinatorCourse() { Title = ""; Place = ""; OrganiserName = ""; }

    public static CoordinatorCourse Plan(Guid id, string title, DateOnly on, string place, Organisation organiser)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainRuleException("K3", "Gi kurset en tittel.");
        if (string.IsNullOrWhiteSpace(place)) throw new DomainRuleException("K3", "Oppgi hvor kurset holdes.");
        return new CoordinatorCourse
        {
            Id = id,
            Title = title.Trim(),
            On = on,
            Place = place.Trim(),
            OrganiserOrganisationId = organiser.Id,
            OrganiserName = organiser.Name,
        };
    }

    public Guid Id { get; private set; }
    public string Title { get; private set; }
    public DateOnly On { get; private set; }
    public string Place { get; private set; }
    public Guid OrganiserOrganisationId { get; private set; }
    public string OrganiserName { get; private set; }
    public IReadOnlyCollection<CourseParticipant> Participants => _participants.AsReadOnly();

    public CourseParticipant AddParticipant(StaffMember staff, string organisationName)
    {
        if (_participants.Any(p => p.StaffMemberId == staff.Id))
            throw new DomainRuleException("K3", $"{staff.Name} er allerede påmeldt kurset.");
        var participant = new CourseParticipant(Guid.NewGuid(), Id, staff.Id, staff.Name, staff.OrganisationId, organisationName);
        _participants.Add(participant);
        return participant;
    }

    /// <summary>K3: a participant completed the course; not before it has been held.</summary>
    public void MarkCompleted(Guid staffMemberId, DateOnly today)
    {
        var participant = _participants.FirstOrDefault(p => p.StaffMemberId == staffMemberId)
            ?? throw new DomainRuleException("K3", "Den ansatte er ikke påmeldt kurset.");
        if (On > today)
            throw new DomainRuleException("K3", "Kurset er ikke holdt ennå og kan ikke være fullført.");
        participant.Completed = true;
        participant.CompletedOn = On;
    }
}

public sealed class CourseParticipant
{
    CourseParticipant() { StaffName = ""; OrganisationName = ""; }

    internal CourseParticipant(Guid id, Guid courseId, Guid staffMemberId, string staffName, Guid organisationId, string organisationName)
    {
        Id = id;
        CourseId = courseId;
        StaffMemberId = staffMemberId;
        StaffName = staffName;
        OrganisationId = organisationId;
        OrganisationName = organisationName;
    }

    public Guid Id { get; private set; }
    public Guid CourseId { get; private set; }
    public Guid StaffMemberId { get; private set; }
    public string StaffName { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string OrganisationName { get; private set; }
    public bool Completed { get; internal set; }
    public DateOnly? CompletedOn { get; internal set; }
}

/// <summary>K3: a supervision session a coordinator has had.</summary>
public sealed class SupervisionSession
{
    SupervisionSession() { SupervisorName = ""; }

    public SupervisionSession(Guid id, Guid coordinatorStaffId, DateOnly on, string supervisorName, string? note, Guid recordedByStaffId, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(supervisorName)) throw new DomainRuleException("K3", "Oppgi hvem som ga veiledningen.");
        if (on > today) throw new DomainRuleException("K3", "Veiledningen kan ikke registreres før den har funnet sted.");
        Id = id;
        CoordinatorStaffId = coordinatorStaffId;
        On = on;
        SupervisorName = supervisorName.Trim();
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        RecordedByStaffId = recordedByStaffId;
    }

    public Guid Id { get; private set; }
    public Guid CoordinatorStaffId { get; private set; }
    public DateOnly On { get; private set; }
    public string SupervisorName { get; private set; }
    public string? Note { get; private set; }
    public Guid RecordedByStaffId { get; private set; }
}
