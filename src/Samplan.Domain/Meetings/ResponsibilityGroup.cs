using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Meetings;

/// <summary>
/// The responsibility group (ansvarsgruppe) around one person (A1–A3): its members from any organisation, each
/// with their task in the group. Bound to the person's plan when there is one; without a plan it rests on a
/// consent of its own (R3), recorded here with who gave it and when.
/// </summary>
public sealed class ResponsibilityGroup
{
    /// <summary>A3: above this many members the page reminds of «så få som mulig, så mange som nødvendig».</summary>
    public const int LargeGroupLimit = 8;
    public const int MaxTask = 500;

    readonly List<GroupMember> _members = [];

    ResponsibilityGroup() { PersonName = ""; CreatedByName = ""; }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string PersonName { get; private set; }
    /// <summary>The person's plan; null when the person wants no plan (A1).</summary>
    public Guid? PlanId { get; private set; }
    public Guid CreatedByStaffId { get; private set; }
    public string CreatedByName { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>R3, A1: without a plan, the group's own consent: who gave it and when.</summary>
    public string? ConsentGivenBy { get; private set; }
    public DateOnly? ConsentGivenOn { get; private set; }
    /// <summary>A2: where no coordinator is appointed, who writes the minutes and who calls the next meeting.</summary>
    public Guid? MinutesWriterMemberId { get; private set; }
    public Guid? MeetingCallerMemberId { get; private set; }

    public IReadOnlyCollection<GroupMember> Members => _members.AsReadOnly();

    /// <summary>A3: a gentle warning, never a refusal.</summary>
    public bool IsLarge => _members.Count > LargeGroupLimit;

    public GroupMember? MinutesWriter => _members.FirstOrDefault(m => m.Id == MinutesWriterMemberId);
    public GroupMember? MeetingCaller => _members.FirstOrDefault(m => m.Id == MeetingCallerMemberId);

    /// <summary>A1: the group of a person who has a plan; the person is a member from the start (R12).</summary>
    public static ResponsibilityGroup ForPlan(Guid id, IndividualPlan plan, string personName, StaffMember createdBy, DateTime now)
    {
        if (!plan.IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet eller overført; en ansvarsgruppe kan ikke opprettes.");
        var group = New(id, plan.PersonId, personName, createdBy, now);
        group.PlanId = plan.Id;
        var person = plan.Participants.First(p => p.Role == ParticipantRole.Person);
        group._members.Add(new GroupMember(Guid.NewGuid(), id, person.Id, null, null, true, personName, null, "Personen gruppen er for"));
        return group;
    }

    /// <summary>
    /// A1, R3: a group for a person who wants no plan (or no coordinator). It needs a consent of its own: who gave
    /// it and when, never a day that has not come.
    /// </summary>
    public static ResponsibilityGroup WithoutPlan(Guid id, Person person, StaffMember createdBy, string consentGivenBy,
        DateOnly consentGivenOn, DateOnly today, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(consentGivenBy))
            throw new DomainRuleException("R3", "En ansvarsgruppe uten plan kan ikke opprettes uten samtykke. Oppgi hvem som samtykket.");
        if (consentGivenOn > today)
            throw new DomainRuleException("R3", "Samtykket kan ikke dateres fram i tid.");
        var group = New(id, person.Id, person.Name, createdBy, now);
        group.ConsentGivenBy = consentGivenBy.Trim();
        group.ConsentGivenOn = consentGivenOn;
        group._members.Add(new GroupMember(Guid.NewGuid(), id, null, null, null, true, person.Name, null, "Personen gruppen er for"));
        group._members.Add(new GroupMember(Guid.NewGuid(), id, null, createdBy.Id, null, false, createdBy.Name, createdBy.OrganisationId, null));
        return group;
    }

    static ResponsibilityGroup New(Guid id, Guid personId, string personName, StaffMember createdBy, DateTime now) => new()
    {
        Id = id,
        PersonId = personId,
        PersonName = personName,
        CreatedByStaffId = createdBy.Id,
        CreatedByName = createdBy.Name,
        CreatedAt = now,
    };

    /// <summary>
    /// A1, R3: in a plan-bound group, members are the plan's participants (staff from any organisation, relatives)
    /// whom a consent in force covers; the coordinator always may be.
    /// </summary>
    public GroupMember AddParticipant(IndividualPlan plan, Guid participantId, string? task, DateOnly today)
    {
        if (plan.Id != PlanId)
            throw new DomainRuleException("A1", "Ansvarsgruppen hører til en annen plan.");
        var participant = plan.Participants.FirstOrDefault(p => p.Id == participantId)
            ?? throw new DomainRuleException("A1", "Medlemmene av ansvarsgruppen må delta i planen.");
        if (_members.Any(m => m.ParticipantId == participantId))
            throw new DomainRuleException("A1", $"{participant.Name} er allerede med i ansvarsgruppen.");
        var isCoordinator = participant.StaffMemberId is not null && participant.StaffMemberId == plan.CoordinatorStaffId;
        if (!isCoordinator && !plan.Covers(participant, today))
            throw new DomainRuleException("R3", $"{participant.Name} er ikke dekket av samtykket. Det må foreligge samtykke før deltakeren kan være med i ansvarsgruppen.");
        return Add(new GroupMember(Guid.NewGuid(), Id, participant.Id, participant.StaffMemberId, participant.RelatedPersonId,
            false, participant.Name, participant.OrganisationId, Clean(task)));
    }

    /// <summary>A1: without a plan, staff from any organisation join directly.</summary>
    public GroupMember AddStaff(StaffMember staff, string? task)
    {
        EnsureWithoutPlan();
        if (_members.Any(m => m.StaffMemberId == staff.Id))
            throw new DomainRuleException("A1", $"{staff.Name} er allerede med i ansvarsgruppen.");
        return Add(new GroupMember(Guid.NewGuid(), Id, null, staff.Id, null, false, staff.Name, staff.OrganisationId, Clean(task)));
    }

    /// <summary>A1, R12: without a plan, relatives join as far as the person wishes.</summary>
    public GroupMember AddRelative(RelatedPerson relative, string? task)
    {
        EnsureWithoutPlan();
        if (relative.PersonId != PersonId)
            throw new DomainRuleException("R12", "Den pårørende er ikke registrert hos denne personen.");
        if (_members.Any(m => m.RelatedPersonId == relative.Id))
            throw new DomainRuleException("A1", $"{relative.Name} er allerede med i ansvarsgruppen.");
        return Add(new GroupMember(Guid.NewGuid(), Id, null, null, relative.Id, false, relative.Name, null, Clean(task)));
    }

    /// <summary>A2: the group clarifies each provider's tasks and obligations.</summary>
    public void DescribeTask(Guid memberId, string? task) => Find(memberId).Task = Clean(task);

    public void RemoveMember(Guid memberId)
    {
        var member = Find(memberId);
        if (member.IsThePerson)
            throw new DomainRuleException("R12", "Personen gruppen er for kan ikke fjernes fra sin egen ansvarsgruppe.");
        if (member.Id == MinutesWriterMemberId || member.Id == MeetingCallerMemberId)
            throw new DomainRuleException("A2", $"{member.Name} skriver referat eller kaller inn til møter. Velg en annen først.");
        _members.Remove(member);
    }

    /// <summary>A2: who writes the minutes and who calls the next meeting — staff members of the group.</summary>
    public void AssignMinutesAndCalling(Guid minutesWriterMemberId, Guid meetingCallerMemberId)
    {
        var writer = Find(minutesWriterMemberId);
        var caller = Find(meetingCallerMemberId);
        if (writer.StaffMemberId is null || caller.StaffMemberId is null)
            throw new DomainRuleException("A2", "Referent og den som kaller inn må være tjenesteytere i gruppen.");
        MinutesWriterMemberId = writer.Id;
        MeetingCallerMemberId = caller.Id;
    }

    /// <summary>
    /// A2: where no coordinator is appointed, the group must have decided who writes the minutes and who calls
    /// the next meeting before it meets.
    /// </summary>
    public void EnsureOrganised(bool hasCoordinator)
    {
        if (!hasCoordinator && (MinutesWriter is null || MeetingCaller is null))
            throw new DomainRuleException("A2", "Det er ikke oppnevnt koordinator. Ansvarsgruppen må først avtale hvem som skriver referat og hvem som kaller inn til neste møte.");
    }

    /// <summary>A1, R8: without a plan only the person, the group's staff members and its creator see the group.</summary>
    public bool MaySee(Guid? staffMemberId, Guid? personId) =>
        (personId is not null && personId == PersonId)
        || (staffMemberId is not null && (staffMemberId == CreatedByStaffId || _members.Any(m => m.StaffMemberId == staffMemberId)));

    GroupMember Add(GroupMember member)
    {
        _members.Add(member);
        return member;
    }

    void EnsureWithoutPlan()
    {
        if (PlanId is not null)
            throw new DomainRuleException("A1", "Ansvarsgruppen hører til planen: medlemmene velges blant planens deltakere.");
    }

    GroupMember Find(Guid memberId) => _members.FirstOrDefault(m => m.Id == memberId)
        ?? throw new DomainRuleException("A1", "Medlemmet finnes ikke i ansvarsgruppen (kanskje fjernet av en annen).");

    static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        return text.Length > MaxTask ? text[..MaxTask] : text;
    }
}

/// <summary>A1: one member of a responsibility group and their task in it.</summary>
public sealed class GroupMember
{
    GroupMember() { Name = ""; }

    internal GroupMember(Guid id, Guid groupId, Guid? participantId, Guid? staffMemberId, Guid? relatedPersonId, bool isThePerson,
        string name, Guid? organisationId, string? task)
    {
        Id = id;
        GroupId = groupId;
        ParticipantId = participantId;
        StaffMemberId = staffMemberId;
        RelatedPersonId = relatedPersonId;
        IsThePerson = isThePerson;
        Name = name;
        OrganisationId = organisationId;
        Task = task;
    }

    public Guid Id { get; private set; }
    public Guid GroupId { get; private set; }
    /// <summary>The plan participant this member is, in a plan-bound group.</summary>
    public Guid? ParticipantId { get; private set; }
    public Guid? StaffMemberId { get; private set; }
    public Guid? RelatedPersonId { get; private set; }
    public bool IsThePerson { get; private set; }
    public string Name { get; private set; }
    public Guid? OrganisationId { get; private set; }
    public string? Task { get; internal set; }
}
