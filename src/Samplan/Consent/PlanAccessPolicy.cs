using System.Linq.Expressions;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Consent;

public enum PlanAction { Read, Write }

/// <summary>The parts of a plan the policy speaks about; also written to the audit log.</summary>
public enum PlanPart { Overview, WhatMatters, Goals, Mapping, Participants, Coordinator, Measures, Dates, Collaboration, Consent, History, Lifecycle, Print,
    ResponsibilityGroup, Meetings, Evaluations, Log, Tasks, Messages }

/// <summary>
/// The policy's answer with its reason. <c>MetadataOnly</c>: coordinating-unit staff see that the plan exists,
/// its coordinator, dates and status — not its content. <c>Emergency</c>: allowed only through an emergency
/// access the user asked for with a reason.
/// </summary>
public sealed record AccessDecision(bool Allowed, string Role, string Reason, bool MetadataOnly = false, bool Emergency = false);

/// <summary>
/// The one access policy for plan data (R8): "may this user do this to this part of this plan?", with a reason.
/// <list type="bullet">
/// <item>The person reads their whole plan (R12).</item>
/// <item>The coordinator reads and changes it (C4) — also when a consent is narrowed, to be able to ask for a new one or close the plan.</item>
/// <item>After a change of coordinator the previous one keeps the coordinator's rights until the overlap ends (C5), then has none
/// (unless a consent covers them as a participant).</item>
/// <item>A participant (provider, GP, contact physician, relative) reads only what the person's consent in force lets them see:
/// the consent must name them or their organisation, and allow the kind of information of the part (R3, R8).
/// Until then they see nothing — not even that the plan exists.</item>
/// <item>A participant changes only the measures they are responsible for.</item>
/// <item>Coordinating-unit staff of the responsible organisation see metadata only (K4).</item>
/// <item>An emergency access (with a reason, time-limited, flagged for review) lets a provider read.</item>
/// <item>No one else — administrators and colleagues in the same organisation included.</item>
/// </list>
/// </summary>
public static class PlanAccessPolicy
{
    /// <summary>The kind of information a part holds; null for parts that hold none of the person's own information.</summary>
    public static InformationKind? KindOf(PlanPart part) => part switch
    {
        PlanPart.Mapping => InformationKind.HealthInformation,
        PlanPart.Meetings => InformationKind.MeetingMinutes,
        PlanPart.Log => InformationKind.PlanLog,
        PlanPart.Evaluations or PlanPart.Tasks or PlanPart.ResponsibilityGroup => InformationKind.GoalsAndMeasures,
        PlanPart.WhatMatters or PlanPart.Goals or PlanPart.Measures or PlanPart.Dates or PlanPart.Participants
            or PlanPart.Coordinator or PlanPart.Collaboration => InformationKind.GoalsAndMeasures,
        _ => null,
    };

    public static AccessDecision Decide(CurrentUser user, IndividualPlan plan, PlanAction action, PlanPart part, DateOnly today,
        bool emergencyGrant = false)
    {
        if (!user.IsAuthenticated) return new(false, "anonym", "Ikke innlogget");
        if (user.PersonId == plan.PersonId)
        {
            var role = user.ActingAsRelatedPersonId is null ? "person" : "representant";
            if (action == PlanAction.Read)
                return new(true, role, user.ActingAsRelatedPersonId is null ? "Planen gjelder brukeren selv" : "Representerer personen (S2, S3)");
            // R12: the person (or whoever represents them) shapes their own plan — what matters, their own goals, their
            // experience in evaluations, replies to meetings, the log, and their consent (S5). The rest is the coordinator's (C4).
            return part is PlanPart.WhatMatters or PlanPart.Goals or PlanPart.Evaluations or PlanPart.Meetings or PlanPart.Log or PlanPart.Consent
                    or PlanPart.Messages
                && plan.IsOpen
                ? new(true, role, "Personens egen stemme i planen (R12)")
                : new(false, role, "Denne delen av planen endres av koordinator");
        }
        var staff = user.StaffMemberId;
        // R9: a transferred plan is the receiving organisation's now, so the old organisation's access ends — coordinator,
        // participants, coordinating unit and emergency access alike. The person keeps reading it (above; read-only, as it is
        // no longer open): it is their own information, kept here as the record of the work done (R12). The coordinator who
        // sent it sees only how the transfer went (Lifecycle: the transfer page), not the plan's content.
        if (plan.Status == PlanStatus.Transferred)
            return action == PlanAction.Read && part == PlanPart.Lifecycle && staff is not null
                    && (plan.CoordinatorStaffId == staff || plan.IsOverlappingCoordinator(staff, today))
                ? new(true, "koordinator", "Sendte planen; ser bare hvordan overføringen gikk (R9)")
                : new(false, staff is null ? "uten planrolle" : "tidligere deltaker", "Planen er overført til en annen virksomhet (R9)");
        if (staff is not null && plan.CoordinatorStaffId == staff) return new(true, "koordinator", "Koordinator for planen");
        // C5: the previous coordinator acts alongside the new one until the overlap ends, then has no coordinator rights.
        if (plan.IsOverlappingCoordinator(staff, today)) return new(true, "koordinator", "Tidligere koordinator i overlappingsperioden");
        // The secure messages are a conversation between the person and the coordinator (R12, C4): no one else reads them —
        // not participants whatever the consent shares, not the one who started a draft, not coordinating-unit metadata
        // access, not an emergency access, not administrators.
        if (part == PlanPart.Messages)
            return new(false, staff is null ? "uten planrolle" : "ikke koordinator", "Meldingene er mellom personen og koordinator");
        if (staff is not null && plan.Status == PlanStatus.Draft && plan.CoordinatorStaffId is null && plan.StartedByStaffId == staff)
            return new(true, "planstarter", "Startet planarbeidet, koordinator ikke oppnevnt ennå");

        var participant = ParticipantOf(user, plan);
        if (participant is not null && plan.Covers(participant, today))
        {
            var role = participant.Role.ToString();
            if (part == PlanPart.History)
                return new(false, role, "Historikken viser hele planen; bare koordinator og personen ser den");
            if (KindOf(part) is { } kind && !plan.Lets(participant, kind, today))
                return new(false, role, $"Samtykket tillater ikke deling av {Labels.Kind(kind).ToLowerInvariant()} med deltakeren");
            if (action == PlanAction.Read) return new(true, role, "Deltaker dekket av samtykket");
            return part == PlanPart.Measures && plan.Measures.Any(m => m.ResponsibleParticipantId == participant.Id)
                ? new(true, role, "Ansvarlig for tiltak")
                : new(false, role, "Deltakere kan bare endre tiltak de er ansvarlige for");
        }
        if (emergencyGrant && staff is not null && action == PlanAction.Read && part != PlanPart.History)
            return new(true, "nødtilgang", "Nødtilgang med begrunnelse", Emergency: true);
        if (participant is not null)
            return new(false, participant.Role.ToString(), "Deltaker, men ikke dekket av samtykket ennå");
        if (user.Has(SystemRole.CoordinatingUnitStaff) && user.OrganisationId == plan.ResponsibleOrganisationId
            && action == PlanAction.Read && part == PlanPart.Overview)
            return new(true, "koordinerende enhet", "Koordinerende enhet ser at planen finnes, ikke innholdet", MetadataOnly: true);
        return new(false, staff is null ? "uten planrolle" : "ikke deltaker", "Ikke deltaker i planen");
    }

    /// <summary>
    /// The user's own participant row in the plan: as staff (by staff id), or as a relative (R12: by one of the
    /// <c>RelatedPerson</c> rows the citizen account is). The person themself and a representative are decided before this.
    /// </summary>
    public static Participant? ParticipantOf(CurrentUser user, IndividualPlan plan)
    {
        if (user.StaffMemberId is { } staff) return plan.Participants.FirstOrDefault(p => p.StaffMemberId == staff);
        var relatives = user.Relatives;
        return relatives.Count == 0 ? null
            : plan.Participants.FirstOrDefault(p => p.RelatedPersonId is { } r && relatives.Contains(r));
    }

    /// <summary>R8: may the user see an item holding this kind of information (a sub-plan, later a log entry)?</summary>
    public static bool MaySee(CurrentUser user, IndividualPlan plan, InformationKind kind, DateOnly today, bool emergencyGrant = false)
    {
        var decision = Decide(user, plan, PlanAction.Read, PlanPart.Overview, today, emergencyGrant);
        if (!decision.Allowed || decision.MetadataOnly) return false;
        if (decision.Role is "person" or "representant" or "koordinator" or "planstarter" or "nødtilgang") return true;
        var participant = ParticipantOf(user, plan);
        return participant is not null && plan.Lets(participant, kind, today);
    }

    /// <summary>
    /// Secure messages (R12, C4): the person (or their representative, S2, S3) and the coordinator — the previous one
    /// too during the overlap (C5) — and no one else. The thread is between the person and the coordinator, so neither
    /// participants (whatever the consent shares), coordinating-unit metadata access, an emergency access nor
    /// administrators read it.
    /// </summary>
    public static bool MayUseMessages(CurrentUser user, IndividualPlan plan, DateOnly today)
    {
        var decision = Decide(user, plan, PlanAction.Read, PlanPart.Messages, today);
        return decision.Allowed && !decision.MetadataOnly && !decision.Emergency;
    }

    /// <summary>
    /// Measures: the coordinator adds, changes and removes any; a participant only changes the measures
    /// they are responsible for (<paramref name="measureId"/> null means adding or removing).
    /// </summary>
    public static bool MayChangeMeasure(CurrentUser user, IndividualPlan plan, Guid? measureId, DateOnly today, bool removing = false)
    {
        if (Decide(user, plan, PlanAction.Write, PlanPart.Overview, today).Allowed) return true;
        if (measureId is null || removing || !Decide(user, plan, PlanAction.Write, PlanPart.Measures, today).Allowed) return false;
        var mine = ParticipantOf(user, plan);
        return mine is not null && plan.Measures.Any(m => m.Id == measureId && m.ResponsibleParticipantId == mine.Id);
    }

    /// <summary>
    /// The read rule as a query filter, so lists and searches show only plans the user may open:
    /// the person's own, the ones they coordinate (or coordinated, during the overlap, C5), the ones a consent in force lets them take part in,
    /// and those they hold an emergency access to.
    /// </summary>
    public static Expression<Func<IndividualPlan, bool>> Readable(CurrentUser user, DateOnly today, DateTime now,
        IQueryable<EmergencyAccess> emergencyAccesses)
    {
        var staff = user.StaffMemberId;
        var person = user.PersonId;
        var userId = user.UserId;
        // R12: a relative taking part in a plan (not the person, not acting for them) — by the RelatedPerson rows the account is.
        var relatives = staff is null ? user.Relatives.ToList() : [];
        var anyRelative = relatives.Count > 0;
        if (!user.IsAuthenticated || (staff is null && person is null && !anyRelative)) return p => false;
        return p => (person != null && p.PersonId == person)
            || (anyRelative && p.Status != PlanStatus.Transferred && p.Participants.Any(x => x.RelatedPersonId != null && relatives.Contains(x.RelatedPersonId.Value) && p.Consents.Any(c =>
                    c.WithdrawnOn == null && c.GivenOn <= today && (c.ValidTo == null || c.ValidTo >= today) && c.CoversInformationExchange && c.SharedKindsList != ""
                    && c.Recipients.Any(r => r.ParticipantId == x.Id))))
            || (staff != null && p.Status != PlanStatus.Transferred && (p.CoordinatorStaffId == staff
                || (p.PreviousCoordinatorStaffId == staff && p.PreviousCoordinatorUntil != null && p.PreviousCoordinatorUntil >= today)
                || (p.Status == PlanStatus.Draft && p.CoordinatorStaffId == null && p.StartedByStaffId == staff)
                || p.Participants.Any(x => x.StaffMemberId == staff && p.Consents.Any(c =>
                    c.WithdrawnOn == null && c.GivenOn <= today && (c.ValidTo == null || c.ValidTo >= today) && c.CoversInformationExchange && c.SharedKindsList != ""
                    && c.Recipients.Any(r => r.ParticipantId == x.Id || (r.OrganisationId != null && r.OrganisationId == x.OrganisationId))))
                || emergencyAccesses.Any(e => e.PlanId == p.Id && e.UserId == userId && e.ExpiresAt > now)));
    }

    /// <summary>
    /// Tasks (C4: clarify responsibilities; R12: the person takes part): the coordinator closes any task of the plan;
    /// the assignee — a provider, or the person themselves — closes their own while they may read the plan's tasks (R8).
    /// </summary>
    public static bool MayCloseTask(CurrentUser user, IndividualPlan plan, Domain.Meetings.PlanTask task, DateOnly today)
    {
        if (task.PlanId != plan.Id) return false;
        if (Decide(user, plan, PlanAction.Write, PlanPart.Tasks, today).Allowed) return true;
        if (!Decide(user, plan, PlanAction.Read, PlanPart.Tasks, today).Allowed) return false;
        return (task.AssigneeStaffMemberId is { } staff && staff == user.StaffMemberId)
            || (task.AssigneeIsThePerson && user.PersonId == plan.PersonId);
    }

    /// <summary>
    /// R5, R12, R8: may the user write an entry holding this kind of information in the plan log? The coordinator
    /// (and the previous one during the overlap, C5) may; the person may write in their own plan's log (R12);
    /// a participant may when a consent in force lets them read the log and the kind they tag (so no one tags
    /// a kind they could not see themselves). An emergency access reads only.
    /// </summary>
    public static bool MayWriteLog(CurrentUser user, IndividualPlan plan, InformationKind kind, DateOnly today)
    {
        if (!plan.IsOpen) return false;
        var decision = Decide(user, plan, PlanAction.Read, PlanPart.Log, today);
        if (!decision.Allowed || decision.MetadataOnly || decision.Emergency) return false;
        if (decision.Role is "person" or "representant" or "koordinator" or "planstarter") return true;
        return MaySee(user, plan, kind, today);
    }

    /// <summary>
    /// C4, C5, A2: who summons, changes and cancels meetings and writes their minutes: the coordinator (and the previous
    /// one during the overlap); where no coordinator is appointed, the group member chosen for it
    /// (<paramref name="chosenStaffId"/>: the meeting caller or the minutes writer), as long as they may read the plan.
    /// </summary>
    public static bool MayRunMeetings(CurrentUser user, IndividualPlan plan, Guid? chosenStaffId, DateOnly today)
    {
        if (user.StaffMemberId is not { } staff) return false;
        if (plan.CoordinatorStaffId is not null) return staff == plan.CoordinatorStaffId || plan.IsOverlappingCoordinator(staff, today);
        var overview = Decide(user, plan, PlanAction.Read, PlanPart.Overview, today);
        return chosenStaffId == staff && overview.Allowed && !overview.MetadataOnly && !overview.Emergency;
    }

    /// <summary>
    /// R3, R8: a meeting's summons (time, place, agenda, invitees) is seen by those who may read the minutes, and by
    /// the invitees a consent in force still covers — never by coordinating-unit staff through metadata access.
    /// </summary>
    public static bool MaySeeMeeting(CurrentUser user, IndividualPlan plan, IEnumerable<Guid?> invitedStaffIds, DateOnly today,
        bool emergencyGrant = false)
    {
        var minutes = Decide(user, plan, PlanAction.Read, PlanPart.Meetings, today, emergencyGrant);
        if (minutes.Allowed && !minutes.MetadataOnly) return true;
        var overview = Decide(user, plan, PlanAction.Read, PlanPart.Overview, today);
        return overview.Allowed && !overview.MetadataOnly && user.StaffMemberId is { } staff && invitedStaffIds.Contains(staff);
    }
}
