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
    public sealed record Model(Guid PlanId, IReadOnlyList<Upcoming> Upcoming, bool MayConvene);

    /// <summary>What the section shows of a meeting, and whom it invites (who may see it, R8).</summary>
    public sealed record Upcoming(Guid Id, DateTime StartsAt, DateTime EndsAt, MeetingKind Kind, List<Guid?> InvitedStaff);

    // Compiled (issue 8): asked on every plan page; only the columns the section shows, not the minutes.
    static readonly PerModel<Func<SamplanDb, Guid, DateTime, IAsyncEnumerable<Upcoming>>> Coming = new(() => EF.CompileAsyncQuery(
        (SamplanDb db, Guid planId, DateTime now) => db.Meetings.AsNoTracking()
            .Where(m => m.PlanId == planId && m.Status == MeetingStatus.Summoned && m.EndsAt > now)
            .OrderBy(m => m.StartsAt).Take(10)
            .Select(m => new Upcoming(m.Id, m.StartsAt, m.EndsAt, m.Kind, m.Invitees.Select(i => i.StaffMemberId).ToList()))));

    public async Task<IViewComponentResult> InvokeAsync(IndividualPlan plan)
    {
        var overview = gate.Decide(plan, PlanAction.Read, PlanPart.Overview);
        if (!overview.Allowed || overview.MetadataOnly) return Content("");
        var meetings = await Coming.For(db)(db, plan.Id, clock.GetUtcNow().UtcDateTime).ToListAsync();
        var visible = meetings.Where(m => PlanAccessPolicy.MaySeeMeeting(gate.User, plan, m.InvitedStaff, gate.Today,
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
