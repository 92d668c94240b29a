using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Organisations;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Meetings.Tasks;

/// <summary>
/// "Mine oppgaver": the open tasks assigned to me across all plans — only of plans the policy lets me read, and
/// whose tasks it lets me see (R8: a withdrawn consent makes them disappear at once). Audited as one list read.
/// </summary>
public sealed class MyTasksModel(PlanGate gate, SamplanDb db, AuditLog audit, CurrentUser me) : PageModel
{
    public sealed record Row(Guid TaskId, Guid PlanId, string PersonName, bool MyOwnPlan, string Title, DateOnly DueOn);

    public IReadOnlyList<Row> Tasks { get; private set; } = [];
    public DateOnly Today => gate.Today;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = me.StaffMemberId;
        var person = me.PersonId;
        // A relative with an account is the related-person row it points to.
        var related = me.Has(SystemRole.Citizen)
            ? await db.UserAccounts.Where(u => u.Id == me.UserId).Select(u => u.RelatedPersonId).FirstOrDefaultAsync(ct)
            : null;
        var candidates = await (from t in db.PlanTasks.AsNoTracking()
                                where t.Status == PlanTaskStatus.Open
                                join p in gate.Readable() on t.PlanId equals p.Id
                                where (staff != null && t.AssigneeStaffMemberId == staff)
                                    || (related != null && t.AssigneeRelatedPersonId == related)
                                    || (person != null && t.AssigneeIsThePerson && p.PersonId == person)
                                join x in db.Persons on p.PersonId equals x.Id
                                orderby t.DueOn, t.CreatedAt
                                select new Row(t.Id, p.Id, x.Name, p.PersonId == person, t.Title, t.DueOn))
            .Take(500).ToListAsync(ct);
        // Readable is "may open the plan"; a task is goals-and-measures information, which the consent may still withhold.
        var planIds = candidates.Select(c => c.PlanId).Distinct().ToList();
        var plans = await gate.Readable().AsSplitQuery().Include(p => p.Participants).Include(p => p.Consents).ThenInclude(c => c.Recipients)
            .Where(p => planIds.Contains(p.Id)).ToListAsync(ct);
        var seesTasks = plans.Where(p => gate.Decide(p, PlanAction.Read, PlanPart.Tasks).Allowed).Select(p => p.Id).ToHashSet();
        Tasks = [.. candidates.Where(c => seesTasks.Contains(c.PlanId))];
        await audit.WriteAsync(me, "", "task.list", null, null, nameof(PlanPart.Tasks), true, $"Mine oppgaver ({Tasks.Count})", ct);
    }
}
