using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Meetings;

/// <summary>Where a task came from: a meeting's decision, an evaluation's agreed change, or written by hand.</summary>
public enum TaskSource { Manual, Meeting, Evaluation }

public enum PlanTaskStatus { Open, Done, Cancelled }

/// <summary>
/// A task in the plan work (C4: clarify responsibilities): assigned to one participant of the plan, with a
/// due date. Its title is plan content (goals and measures), so it is read only through the plan's gate.
/// </summary>
public sealed class PlanTask
{
    public const int MaxTitle = 500;

    PlanTask() { Title = ""; AssigneeName = ""; CreatedByName = ""; }

    /// <summary>
    /// R4 (b, d): a task goes to someone who takes part in the plan; the plan must be open (R10).
    /// <paramref name="sourceId"/> is the meeting or evaluation it came from.
    /// </summary>
    public static PlanTask Assign(Guid id, IndividualPlan plan, Guid assigneeParticipantId, string title, DateOnly dueOn,
        TaskSource source, Guid? sourceId, Guid createdByUserId, string createdByName, DateTime now)
    {
        if (!plan.IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet eller overført; nye oppgaver kan ikke gis.");
        var assignee = plan.Participants.FirstOrDefault(p => p.Id == assigneeParticipantId)
            ?? throw new DomainRuleException("R4", "Oppgaven må gis til noen som deltar i planen.");
        if (string.IsNullOrWhiteSpace(title))
            throw new DomainRuleException("R4", "Skriv hva oppgaven går ut på.");
        if (source != TaskSource.Manual && sourceId is null)
            throw new DomainRuleException("R4", "Oppgaven må vise til møtet eller evalueringen den kom fra.");
        return new PlanTask
        {
            Id = id,
            PlanId = plan.Id,
            AssigneeParticipantId = assignee.Id,
            AssigneeStaffMemberId = assignee.StaffMemberId,
            AssigneeRelatedPersonId = assignee.RelatedPersonId,
            AssigneeIsThePerson = assignee.Role == ParticipantRole.Person,
            AssigneeName = assignee.Name,
            Title = title.Trim().Length > MaxTitle ? title.Trim()[..MaxTitle] : title.Trim(),
            DueOn = dueOn,
            Source = source,
            SourceId = source == TaskSource.Manual ? null : sourceId,
            Status = PlanTaskStatus.Open,
            CreatedAt = now,
            CreatedByUserId = createdByUserId,
            CreatedByName = createdByName,
        };
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid AssigneeParticipantId { get; private set; }
    /// <summary>Copied from the participant so "my tasks" is one indexed query per user.</summary>
    public Guid? AssigneeStaffMemberId { get; private set; }
    public Guid? AssigneeRelatedPersonId { get; private set; }
    public bool AssigneeIsThePerson { get; private set; }
    public string AssigneeName { get; private set; }
    public string Title { get; private set; }
    public DateOnly DueOn { get; private set; }
    public TaskSource Source { get; private set; }
    public Guid? SourceId { get; private set; }
    public PlanTaskStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public string CreatedByName { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public string? ClosedByName { get; private set; }

    /// <summary>
    /// R9, R4: a task as it arrives with a transferred plan, with its status as it stood there. It goes to the received
    /// plan's participant of the same name (a named participant without an account for the sender's staff); one whose
    /// assignee is not a participant there is kept with the name only, unassigned here, until the coordinator gives it anew.
    /// </summary>
    public static PlanTask Received(IndividualPlan plan, ReceivedTask r, Guid receivedByUserId)
    {
        ReceivedHistory.EnsureReceiving(plan);
        if (string.IsNullOrWhiteSpace(r.Title))
            throw new DomainRuleException("R4", "En oppgave mangler tekst.");
        var assignee = ReceivedHistory.Named(plan, r.AssigneeName, r.AssigneeIsThePerson);
        var title = r.Title.Trim();
        return new PlanTask
        {
            Id = r.Id,
            PlanId = plan.Id,
            AssigneeParticipantId = assignee?.Id ?? Guid.Empty,
            AssigneeStaffMemberId = assignee?.StaffMemberId,
            AssigneeRelatedPersonId = assignee?.RelatedPersonId,
            AssigneeIsThePerson = assignee?.Role == ParticipantRole.Person,
            AssigneeName = assignee?.Name ?? r.AssigneeName.Trim(),
            Title = title.Length > MaxTitle ? title[..MaxTitle] : title,
            DueOn = r.DueOn,
            Source = TaskSource.Manual,
            Status = r.Status,
            CreatedAt = r.CreatedAt,
            CreatedByUserId = receivedByUserId,
            CreatedByName = r.CreatedByName,
            ClosedAt = r.Status == PlanTaskStatus.Open ? null : r.ClosedAt ?? r.CreatedAt,
        };
    }

    public bool IsOverdue(DateOnly today) => Status == PlanTaskStatus.Open && DueOn < today;

    public void Complete(string byName, DateTime at) => CloseAs(PlanTaskStatus.Done, byName, at);

    public void Cancel(string byName, DateTime at) => CloseAs(PlanTaskStatus.Cancelled, byName, at);

    void CloseAs(PlanTaskStatus status, string byName, DateTime at)
    {
        if (Status != PlanTaskStatus.Open)
            throw new DomainRuleException("R5", "Oppgaven er allerede avsluttet.");
        Status = status;
        ClosedAt = at;
        ClosedByName = byName;
    }
}
