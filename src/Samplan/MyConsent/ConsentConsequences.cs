using Samplan.Consent;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.MyConsent;

/// <summary>
/// S5: what narrowing or withdrawing a consent would mean, worked out before anyone confirms it — from the plan and
/// the policy: the plan is changed in memory only (it was read without tracking and is never saved here), and each
/// participant's access is asked of <see cref="PlanAccessPolicy"/> before and after.
/// </summary>
public sealed record ConsentConsequences(IReadOnlyList<ConsentConsequences.Loss> Losses, bool ExchangeStops, bool NoConsentLeft,
    IReadOnlyList<string> CoordinatorNames)
{
    /// <summary>A participant who will no longer see the plan (<see cref="Everything"/>) or some kinds of information in it.</summary>
    public sealed record Loss(string Name, ParticipantRole Role, bool Everything, IReadOnlyList<InformationKind> Kinds);

    public static ConsentConsequences Of(IndividualPlan plan, Action<IndividualPlan> change, DateOnly today)
    {
        var participants = plan.Participants.Where(p => p.Role != ParticipantRole.Person).ToList();
        var before = participants.ToDictionary(p => p.Id, p => Sees(plan, p, today));
        change(plan);
        var losses = new List<Loss>();
        foreach (var p in participants)
        {
            var (sawPlan, sawKinds) = before[p.Id];
            var (seesPlan, seesKinds) = Sees(plan, p, today);
            if (sawPlan && !seesPlan) losses.Add(new(p.Name, p.Role, true, []));
            else if (sawPlan && sawKinds.Except(seesKinds).ToList() is { Count: > 0 } lost) losses.Add(new(p.Name, p.Role, false, lost));
        }
        var exchange = plan.Consents.Any(c => c.IsInForce(today) && c.CoversInformationExchange && c.SharedKinds.Count > 0 && c.Recipients.Count > 0);
        var coordinators = new[] { plan.CoordinatorName }
            .Concat(plan.IsOverlappingCoordinator(plan.PreviousCoordinatorStaffId, today) ? [plan.PreviousCoordinatorName] : Array.Empty<string?>())
            .Where(n => n is not null).Select(n => n!).ToList();
        return new(losses, !exchange, plan.ConsentInForce(today) is null, coordinators);
    }

    /// <summary>What the policy lets this participant read: the plan at all, and which kinds of information in it (R3, R8).</summary>
    static (bool Plan, IReadOnlyList<InformationKind> Kinds) Sees(IndividualPlan plan, Participant p, DateOnly today)
    {
        if (p.StaffMemberId is { } staff)
        {
            // The participant as the policy would see them signed in: a staff member of their organisation.
            var them = new CurrentUser(Guid.NewGuid(), "", p.Name, SystemRole.Staff, staff, p.OrganisationId, null);
            var overview = PlanAccessPolicy.Decide(them, plan, PlanAction.Read, PlanPart.Overview, today);
            var sees = overview.Allowed && !overview.MetadataOnly;
            return (sees, sees ? [.. ConsentSharing.AllKinds.Order().Where(k => PlanAccessPolicy.MaySee(them, plan, k, today))] : []);
        }
        // A relative without a staff sign-in: the consent decides in the same way (R3, R8).
        var covered = plan.Covers(p, today);
        return (covered, covered ? [.. ConsentSharing.AllKinds.Order().Where(k => plan.Lets(p, k, today))] : []);
    }
}
