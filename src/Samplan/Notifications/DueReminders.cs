using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Notifications;

/// <summary>
/// Creates the reminders that are due today, each exactly once: the dedupe key names the thing and its date, so
/// a second run, a restart or a second node finds the notice already there. Only what is due is queried
/// (indexed date and status columns), and only metadata is read — dates, ids, the coordinator and assignee, and the
/// consents the policy decides by — never plan content, which the link's page shows through the plan's gate.
/// </summary>
public sealed class DueReminders(SamplanDb db, Notifier notifier, TimeProvider clock, ILogger<DueReminders> log)
{
    /// <summary>How long before an evaluation or revision date the coordinator is reminded.</summary>
    public const int DaysAhead = 7;
    /// <summary>Things overdue for longer than this are not reminded of (a job down for weeks does not flood anyone); the dashboard lists them.</summary>
    public const int OverdueLookbackDays = 14;
    /// <summary>As the dashboard's <c>consent-expiring</c> figure.</summary>
    public const int ConsentDaysAhead = Coordination.Dashboard.DashboardFigures.ExpiringWithinDays;

    /// <summary>Creates every due reminder; returns how many notices were created by this run.</summary>
    public async Task<int> CreateAsync(CancellationToken ct)
    {
        var today = OsloTime.Today(clock);
        return await PlanDatesAsync(today, ct) + await ConsentsAsync(today, ct) + await TasksAsync(today, ct) + await IntakeAsync(ct);
    }

    async Task<int> PlanDatesAsync(DateOnly today, CancellationToken ct)
    {
        var from = today.AddDays(-OverdueLookbackDays);
        var to = today.AddDays(DaysAhead);
        var open = db.Plans.AsNoTracking().Where(p => (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active) && p.CoordinatorStaffId != null);
        var evaluations = await open.Where(p => p.NextEvaluationDate >= from && p.NextEvaluationDate <= to)
            .Select(p => new { p.Id, Staff = p.CoordinatorStaffId!.Value, On = p.NextEvaluationDate!.Value }).ToListAsync(ct);
        var revisions = await open.Where(p => p.NextRevisionDate >= from && p.NextRevisionDate <= to)
            .Select(p => new { p.Id, Staff = p.CoordinatorStaffId!.Value, On = p.NextRevisionDate!.Value }).ToListAsync(ct);
        var created = 0;
        foreach (var e in evaluations)
        {
            var overdue = e.On < today;
            var (subject, body) = NotificationTexts.EvaluationDue(e.On, overdue);
            created += await NotifyAsync(c => notifier.ToStaffAsync(e.Staff, NotificationKind.EvaluationDue, subject, body, $"/plans/{e.Id}",
                $"evaluation-{(overdue ? "overdue" : "due")}:{e.Id:N}:{e.On:yyyyMMdd}", ct: c), ct);
        }
        foreach (var r in revisions)
        {
            var overdue = r.On < today;
            var (subject, body) = NotificationTexts.RevisionDue(r.On, overdue);
            created += await NotifyAsync(c => notifier.ToStaffAsync(r.Staff, NotificationKind.RevisionDue, subject, body, $"/plans/{r.Id}",
                $"revision-{(overdue ? "overdue" : "due")}:{r.Id:N}:{r.On:yyyyMMdd}", ct: c), ct);
        }
        return created;
    }

    /// <summary>Open plans where every consent in force ends within 30 days (the dashboard's rule), to the coordinator.</summary>
    async Task<int> ConsentsAsync(DateOnly today, CancellationToken ct)
    {
        var limit = today.AddDays(ConsentDaysAhead);
        var ending = db.Set<PlanConsent>().Where(c => c.WithdrawnOn == null && c.GivenOn <= today && c.ValidTo >= today && c.ValidTo <= limit)
            .Select(c => c.PlanId);
        var plans = await db.Plans.AsNoTracking()
            .Where(p => ending.Contains(p.Id) && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active) && p.CoordinatorStaffId != null
                && !p.Consents.Any(c => c.WithdrawnOn == null && c.GivenOn <= today && (c.ValidTo == null || c.ValidTo > limit)))
            .Select(p => new
            {
                p.Id,
                Staff = p.CoordinatorStaffId!.Value,
                Ends = p.Consents.Where(c => c.WithdrawnOn == null && c.GivenOn <= today && c.ValidTo >= today).Max(c => c.ValidTo)!.Value,
            })
            .ToListAsync(ct);
        var created = 0;
        foreach (var p in plans)
        {
            var (subject, body) = NotificationTexts.ConsentExpiring(p.Ends);
            created += await NotifyAsync(c => notifier.ToStaffAsync(p.Staff, NotificationKind.ConsentExpiring, subject, body, $"/plans/{p.Id}/consent",
                $"consent-expiring:{p.Id:N}:{p.Ends:yyyyMMdd}", ct: c), ct);
        }
        return created;
    }

    /// <summary>
    /// Open tasks of open plans due today or tomorrow, and overdue ones, to the assignee's accounts (staff, the person,
    /// or a relative) — only while the policy lets the assignee see the plan's tasks (R8): a task on a plan whose
    /// consent no longer covers them is not reminded of, as it no longer shows in their task list.
    /// </summary>
    async Task<int> TasksAsync(DateOnly today, CancellationToken ct)
    {
        var earliest = today.AddDays(-OverdueLookbackDays);
        var tomorrow = today.AddDays(1);
        var tasks = await (from t in db.PlanTasks.AsNoTracking()
                           where t.Status == PlanTaskStatus.Open && t.DueOn >= earliest && t.DueOn <= tomorrow
                           join p in db.Plans on t.PlanId equals p.Id
                           where p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active
                           select new { t.Id, t.PlanId, p.PersonId, t.DueOn, t.AssigneeStaffMemberId, t.AssigneeRelatedPersonId, t.AssigneeIsThePerson })
            .ToListAsync(ct);
        if (tasks.Count == 0) return 0;
        // The policy's input (participants and consents) for the plans with a due task, nothing of their content.
        var planIds = tasks.Select(t => t.PlanId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Participants).Include(p => p.Consents).ThenInclude(c => c.Recipients)
            .Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var created = 0;
        foreach (var t in tasks)
        {
            var overdue = t.DueOn < today;
            var (subject, body) = overdue ? NotificationTexts.TaskOverdue(t.DueOn) : NotificationTexts.TaskDue(t.DueOn);
            var kind = overdue ? NotificationKind.TaskOverdue : NotificationKind.TaskDue;
            var key = $"task-{(overdue ? "overdue" : "due")}:{t.Id:N}:{t.DueOn:yyyyMMdd}";
            var accounts = await db.UserAccounts.AsNoTracking()
                .Where(u => (t.AssigneeStaffMemberId != null && u.StaffMemberId == t.AssigneeStaffMemberId)
                    || (t.AssigneeIsThePerson && u.PersonId == t.PersonId)
                    || (t.AssigneeRelatedPersonId != null && u.RelatedPersonId == t.AssigneeRelatedPersonId))
                .ToListAsync(ct);
            foreach (var account in accounts.Where(a => Consent.PlanAccessPolicy.Decide(CurrentUser.Of(a), plans[t.PlanId],
                         Consent.PlanAction.Read, Consent.PlanPart.Tasks, today).Allowed))
                created += await NotifyAsync(c => notifier.ToUserAsync(account.Id, kind, subject, body, $"/plans/{t.PlanId}/tasks", key, ct: c), ct);
        }
        return created;
    }

    /// <summary>Cases still waiting as received in a coordinating unit's inbox, to every coordinating-unit user of the receiving organisation.</summary>
    async Task<int> IntakeAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-OverdueLookbackDays);
        var cases = await db.IntakeCases.AsNoTracking().Where(c => c.Status == IntakeStatus.Received && c.ReceivedAt >= since)
            .Select(c => new { c.Id, c.ReceivingOrganisationId, c.ReceivedAt }).ToListAsync(ct);
        if (cases.Count == 0) return 0;
        var organisations = cases.Select(c => (Guid?)c.ReceivingOrganisationId).Distinct().ToList();
        var unitUsers = (await db.UserAccounts.AsNoTracking().Where(u => organisations.Contains(u.OrganisationId))
                .Select(u => new { u.Id, u.OrganisationId, u.Roles }).ToListAsync(ct))
            .Where(u => u.Roles.HasFlag(SystemRole.CoordinatingUnitStaff)).ToList();
        var created = 0;
        foreach (var c in cases)
        {
            var (subject, body) = NotificationTexts.IntakeItem(DateOnly.FromDateTime(OsloTime.From(c.ReceivedAt)));
            foreach (var user in unitUsers.Where(u => u.OrganisationId == c.ReceivingOrganisationId))
                created += await NotifyAsync(x => notifier.ToUserAsync(user.Id, NotificationKind.IntakeItem, subject, body, $"/ke/cases/{c.Id}",
                    $"intake:{c.Id:N}", ct: x), ct);
        }
        return created;
    }

    /// <summary>
    /// Adds a reminder's notices and saves them at once. Two nodes may race to create the same notice: the loser's
    /// save hits the unique dedupe index, which is not an error — forget the attempt and ask again (the notices now
    /// exist, so nothing is added).
    /// </summary>
    async Task<int> NotifyAsync(Func<CancellationToken, Task> add, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await add(ct);
            var added = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.DedupeKey).ToList();
            if (added.Count == 0) return 0;
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return added.Count;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                if (!await db.Notifications.AnyAsync(n => added.Contains(n.DedupeKey), ct)) throw;
                log.LogInformation("Another node created the same reminder first ({Key})", added[0]);
            }
        }
    }
}
