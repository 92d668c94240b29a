using System.Linq.Expressions;
using Samplan.Domain.Plans;
using Samplan.Shared;

namespace Samplan.Consent;

public enum PlanAction { Read, Write }

/// <summary>The parts of a plan the policy speaks about; also written to the audit log.</summary>
public enum PlanPart { Overview, WhatMatters, Goals, Mapping, Participants, Coordinator, Measures, Dates, Collaboration, Consent, History, Lifecycle, Print }

public sealed record AccessDecision(bool Allowed, string Role, string Reason);

/// <summary>
/// The one access policy for plan data (R8). The person, the coordinator and participants may read;
/// the coordinator may change the plan, and so may the one who started a draft until a coordinator is
/// appointed; a participant may update the measures they are responsible for. No one else — not
/// administrators, not colleagues in the same organisation.
/// </summary>
public static class PlanAccessPolicy
{
    public static AccessDecision Decide(CurrentUser user, IndividualPlan plan, PlanAction action, PlanPart part)
    {
        if (!user.IsAuthenticated) return new(false, "anonym", "Ikke innlogget");
        if (user.PersonId == plan.PersonId)
            return action == PlanAction.Read
                ? new(true, "person", "Planen gjelder brukeren selv")
                : new(false, "person", "Endringer fra personen selv kommer med innbyggervisningen");
        var staff = user.StaffMemberId;
        if (staff is null) return new(false, "ukjent", "Ikke deltaker i planen");
        if (plan.CoordinatorStaffId == staff) return new(true, "koordinator", "Koordinator for planen");
        if (plan.Status == PlanStatus.Draft && plan.CoordinatorStaffId is null && plan.StartedByStaffId == staff)
            return new(true, "planstarter", "Startet planarbeidet, koordinator ikke oppnevnt ennå");
        var participant = plan.Participants.FirstOrDefault(p => p.StaffMemberId == staff);
        if (participant is null) return new(false, "ikke deltaker", "Ikke deltaker i planen");
        var role = participant.Role.ToString();
        if (action == PlanAction.Read) return new(true, role, "Deltaker i planen");
        return part == PlanPart.Measures && plan.Measures.Any(m => m.ResponsibleParticipantId == participant.Id)
            ? new(true, role, "Ansvarlig for tiltak")
            : new(false, role, "Deltakere kan bare endre tiltak de er ansvarlige for");
    }

    /// <summary>
    /// Measures: the coordinator adds, changes and removes any; a participant only changes the measures
    /// they are responsible for (<paramref name="measureId"/> null means adding or removing).
    /// </summary>
    public static bool MayChangeMeasure(CurrentUser user, IndividualPlan plan, Guid? measureId, bool removing = false)
    {
        if (Decide(user, plan, PlanAction.Write, PlanPart.Overview).Allowed) return true;
        if (measureId is null || removing) return false;
        var mine = plan.Participants.FirstOrDefault(p => p.StaffMemberId == user.StaffMemberId && user.StaffMemberId != null);
        return mine is not null && plan.Measures.Any(m => m.Id == measureId && m.ResponsibleParticipantId == mine.Id);
    }

    /// <summary>The read rule as a query filter, so lists and searches show only plans the user may read.</summary>
    public static Expression<Func<IndividualPlan, bool>> Readable(CurrentUser user)
    {
        var staff = user.StaffMemberId;
        var person = user.PersonId;
        if (!user.IsAuthenticated || (staff is null && person is null)) return p => false;
        return p => (person != null && p.PersonId == person)
            || (staff != null && (p.CoordinatorStaffId == staff
                || (p.Status == PlanStatus.Draft && p.CoordinatorStaffId == null && p.StartedByStaffId == staff)
                || p.Participants.Any(x => x.StaffMemberId == staff)));
    }
}
