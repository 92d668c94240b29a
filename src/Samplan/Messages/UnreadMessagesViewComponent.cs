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
    // Compiled (issue 8): asked on every plan page the coordinator opens.
    static readonly PerModel<Func<SamplanDb, Guid, Task<int>>> Unread = new(() => EF.CompileAsyncQuery(
        (SamplanDb db, Guid planId) => db.PlanMessages.Count(m => m.PlanId == planId && m.SenderRole != MessageSenderRole.Coordinator && m.ReadAt == null)));

    public async Task<IViewComponentResult> InvokeAsync(IndividualPlan plan)
    {
        // Only the coordinator's side has this link; the person has "Mine meldinger".
        if (gate.User.StaffMemberId is null || !PlanAccessPolicy.MayUseMessages(gate.User, plan, gate.Today))
            return Content("");
        var unread = await Unread.For(db)(db, plan.Id);
        return View("/Messages/_UnreadMessages.cshtml", (plan.Id, unread));
    }
}
