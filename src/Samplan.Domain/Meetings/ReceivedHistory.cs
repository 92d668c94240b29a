using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Meetings;

// R9: the plan's history of work as it arrives with a transferred plan. The people named in it are matched to the received
// plan's participants by name (staff of the sender have no account here: they are named participants without access).

/// <summary>R9: a meeting of the sender, past or planned, with its minutes.</summary>
public sealed record ReceivedMeeting(Guid Id, MeetingKind Kind, bool Cancelled, string? Agenda, DateTime StartsAt, DateTime EndsAt, string? Place, string? VideoLink,
    string SummonedByName, DateTime SummonedAt, IReadOnlyList<string> InviteeNames, bool PersonInvited, string? Minutes, string? PersonsOwnInput,
    string? MinutesApprovedByName, DateTime? MinutesApprovedAt, IReadOnlyList<ReceivedInvitee>? Replies = null);

/// <summary>R9: an invitee's reply (with when and what they wrote) and attendance, as recorded there; matched by name (or as the person).</summary>
public sealed record ReceivedInvitee(string Name, bool IsThePerson, InviteeReply Reply, DateTime? RepliedAt, string? Comment, Attendance Attendance);

/// <summary>R9: a task of the sender; the assignee by name.</summary>
public sealed record ReceivedTask(Guid Id, string Title, DateOnly DueOn, PlanTaskStatus Status, string AssigneeName, bool AssigneeIsThePerson,
    DateTime CreatedAt, string CreatedByName, DateTime? ClosedAt);

/// <summary>R9: an entry of the sender's plan log.</summary>
public sealed record ReceivedLogEntry(Guid Id, DateOnly On, string Text, InformationKind Kind, string AuthorName, DateTime WrittenAt);

/// <summary>R9: a completed evaluation of the sender; the goal reviews with the goal's text as it was then.</summary>
public sealed record ReceivedEvaluation(Guid Id, DateOnly HeldOn, DateOnly? DueOn, string ServiceDelivery, WayOfWorkingFit WayOfWorking,
    string? WayOfWorkingComment, string? PersonsOwnWords, string? NoOwnWordsReason, string? OtherChanges, DateOnly NextEvaluationDate,
    string ChangesMade, string RecordedByName, DateTime CompletedAt, IReadOnlyList<(string GoalText, GoalAttainment Attainment, string? Comment)> Goals);

static class ReceivedHistory
{
    /// <summary>History is taken in only with the plan it belongs to, while that plan is the draft it arrives as (R9).</summary>
    internal static void EnsureReceiving(IndividualPlan plan)
    {
        if (plan.Status != PlanStatus.Draft)
            throw new DomainRuleException("R9", "Historikk fra en annen Samplan tas bare imot sammen med den overførte planen.");
    }

    internal static Participant? Named(IndividualPlan plan, string name, bool isThePerson) => isThePerson
        ? plan.Participants.FirstOrDefault(p => p.Role == ParticipantRole.Person)
        : plan.Participants.FirstOrDefault(p => p.Role != ParticipantRole.Person && string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
