using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Plans;

namespace Samplan.Meetings;

/// <summary>
/// The plan page's small "meetings" section: the coming meetings the reader may see (R8), and links to the group
/// and all meetings. The plan was already read through the gate by the page.
/// </summary>
public sealed class UpcomingMeetingsViewComponent(PlanGate gate, SamplanDb db, TimeProvider clock) : ViewComponent
{
    public sealed record Model(Guid PlanId, IReadOnlyList<Meeting> Upcoming, bool MayConvene);

    public async Task<IViewComponentResult> InvokeAsync(IndividualPlan plan)
    {
        var overview = gate.Decide(plan, PlanAction.Read, PlanPart.Overview);
        if (!overview.Allowed || overview.MetadataOnly) return Content("");
        var now = clock.GetUtcNow().UtcDateTime;
        var meetings = await db.Meetings.AsNoTracking().Include(m => m.Invitees)
            .Where(m => m.PlanId == plan.Id && m.Status == MeetingStatus.Summoned && m.EndsAt > now)
            .OrderBy(m => m.StartsAt).Take(10).ToListAsync();
        var visible = meetings.Where(m => PlanAccessPolicy.MaySeeMeeting(gate.User, plan, m.Invitees.Select(i => i.StaffMemberId), gate.Today,
            overview.Emergency)).Take(3).ToList();
        // The group's chosen meeting caller matters only where the plan has no coordinator (A2): most plans have one,
        // and their page saves the query.
        var callerStaff = plan.CoordinatorStaffId is null && gate.User.StaffMemberId is not null
            ? await db.ResponsibilityGroups.AsNoTracking().Where(g => g.PlanId == plan.Id)
                .Select(g => g.Members.Where(x => x.Id == g.MeetingCallerMemberId).Select(x => x.StaffMemberId).FirstOrDefault()).FirstOrDefaultAsync()
            : null;
        return View("/Meetings/_UpcomingMeetings.cshtml",
            new Model(plan.Id, visible, plan.IsOpen && PlanAccessPolicy.MayRunMeetings(gate.User, plan, callerStaff, gate.Today)));
    }
}
