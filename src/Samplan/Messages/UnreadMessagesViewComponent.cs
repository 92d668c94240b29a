using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Plans;

namespace Samplan.Messages;

/// <summary>The coordinator's link to the plan's messages on the plan page, with how many from the person are unread.</summary>
public sealed class UnreadMessagesViewComponent(PlanGate gate, SamplanDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(IndividualPlan plan)
    {
        // Only the coordinator's side has this link; the person has "Mine meldinger".
        if (gate.User.StaffMemberId is null || !PlanAccessPolicy.MayUseMessages(gate.User, plan, gate.Today))
            return Content("");
        var unread = await db.PlanMessages.AsNoTracking()
            .CountAsync(m => m.PlanId == plan.Id && m.SenderRole != MessageSenderRole.Coordinator && m.ReadAt == null);
        return View("/Messages/_UnreadMessages.cshtml", (plan.Id, unread));
    }
}
