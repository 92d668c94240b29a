using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Messages;

/// <summary>
/// The person's side of a plan, for the citizen pages: the signed-in person's own plan (or the plan of the person they
/// act for, S2, S3), and the sign-ins that notices to the person's side go to.
/// </summary>
public static class PersonSide
{
    /// <summary>
    /// The id of the plan of the person the user is or acts for: the open one, otherwise the latest. Found through the
    /// gate's readable plans, so the user only ever gets a plan the policy lets them read.
    /// </summary>
    public static async Task<Guid?> MyPlanIdAsync(PlanGate gate, CancellationToken ct)
    {
        if (gate.User.PersonId is not { } person) return null;
        var plans = await gate.Readable().Where(p => p.PersonId == person)
            .Select(p => new { p.Id, p.Status, p.CreatedAt }).ToListAsync(ct);
        return plans.OrderByDescending(p => p.Status is PlanStatus.Draft or PlanStatus.Active).ThenByDescending(p => p.CreatedAt)
            .Select(p => (Guid?)p.Id).FirstOrDefault();
    }

    /// <summary>The person with relations and competence assessments, as <see cref="ConsentAuthority"/> needs it.</summary>
    public static Task<Person> PersonAsync(SamplanDb db, Guid personId, CancellationToken ct) =>
        db.Persons.AsNoTracking().Include(p => p.Relations)
            .SingleAsync(p => p.Id == personId, ct);

    /// <summary>
    /// S1–S4: who may consent for the person today, and whether the signed-in user is one of them — the person
    /// themself (acting for no one) or the representative whose related-person row is listed.
    /// </summary>
    public static (ConsentAuthorityDecision Decision, bool MayConsent) WhoMayConsent(Person person, CurrentUser user, DateOnly today)
    {
        var decision = ConsentAuthority.WhoMayConsent(person, today, ConsentAuthority.IndividualPlanMatter);
        return (decision, user.PersonId == person.Id && decision.Find(user.ActingAsRelatedPersonId) is not null);
    }

    /// <summary>
    /// Sign-ins on the person's side: the person's own, and those of a parent with parental responsibility (under 18, S2)
    /// or a guardian for personal matters (S3). With <paramref name="onlyWhoMayConsent"/>, only those who may consent today.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> UserIdsAsync(SamplanDb db, Person person, DateOnly today, bool onlyWhoMayConsent,
        CancellationToken ct)
    {
        var decision = ConsentAuthority.WhoMayConsent(person, today, ConsentAuthority.IndividualPlanMatter);
        var representatives = onlyWhoMayConsent
            ? decision.MayConsent.Where(g => g.RelatedPersonId is not null).Select(g => g.RelatedPersonId!.Value).ToList()
            : person.Relations.Where(r => (r.Kind == RelationKind.ParentWithResponsibility && person.AgeOn(today) < ConsentAuthority.AgeOfMajority)
                || (r.Kind == RelationKind.Guardian && r.GuardianForPersonalMatters)).Select(r => r.Id).ToList();
        var self = !onlyWhoMayConsent || decision.Find(null) is not null;
        var personId = person.Id;
        return await db.UserAccounts.AsNoTracking()
            .Where(u => (self && u.PersonId == personId) || (u.RelatedPersonId != null && representatives.Contains(u.RelatedPersonId.Value)))
            .Select(u => u.Id).ToListAsync(ct);
    }

    /// <summary>
    /// R3, R9, S5: tells those who may consent for the person today that a consent is asked of them digitally — a notice
    /// without content, linking to the request on their own page (<c>/my/consent/requests/[id]</c>).
    /// </summary>
    public static async Task NotifyConsentRequestedAsync(SamplanDb db, Notifications.Notifier notifier, Guid personId, Guid requestId,
        DateOnly today, CancellationToken ct)
    {
        var person = await PersonAsync(db, personId, ct);
        var (subject, body) = Notifications.NotificationTexts.ConsentRequested();
        foreach (var user in await UserIdsAsync(db, person, today, onlyWhoMayConsent: true, ct))
            await notifier.ToUserAsync(user, Notifications.NotificationKind.ConsentRequested, subject, body,
                $"/my/consent/requests/{requestId}", $"consent-requested:{requestId:N}", ct: ct);
    }

    /// <summary>The coordinator and, during the overlap, the previous one (C5): who hears from the person's side.</summary>
    public static IEnumerable<Guid> Coordinators(IndividualPlan plan, DateOnly today)
    {
        if (plan.CoordinatorStaffId is { } now) yield return now;
        if (plan.PreviousCoordinatorStaffId is { } before && plan.IsOverlappingCoordinator(before, today) && before != plan.CoordinatorStaffId)
            yield return before;
    }

    public static MessageSenderRole SenderRole(CurrentUser user) =>
        user.ActingAsRelatedPersonId is null ? MessageSenderRole.Person : MessageSenderRole.Representative;

    /// <summary>The policy's role name for the audit, as <see cref="PlanAccessPolicy.Decide"/> gives it.</summary>
    public static string AuditRole(CurrentUser user) => user.ActingAsRelatedPersonId is null ? "person" : "representant";
}
