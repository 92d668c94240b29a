using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Notifications;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Messages;

/// <summary>
/// The secure message thread of one plan, between the person (or their representative, S2, S3) and the coordinator
/// (the previous one too during the overlap, C5) — no one else (<see cref="PlanAccessPolicy.MayUseMessages"/>). Each
/// read goes through the gate and is audited; opening the thread marks the other side's messages read; sending is
/// audited and tells the other side with a notice that holds no names and no words of the message.
/// </summary>
public abstract class MessageThreadModel(PlanGate gate, SamplanDb db, AuditLog audit, Notifier notifier, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Text { get; set; }

    public IndividualPlan Plan { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<PlanMessage> Messages { get; private set; } = [];
    public bool MaySend { get; private set; }
    public DateOnly Today => gate.Today;
    public int MaxText => PlanMessage.MaxText;
    protected PlanGate Gate => gate;
    protected AuditLog Audit => audit;

    /// <summary>The coordinator's side, or the person's.</summary>
    protected abstract bool CoordinatorSide { get; }

    /// <summary>Where the other side reads the thread (the link in their notice).</summary>
    protected abstract string OtherSideLink(IndividualPlan plan);

    protected abstract string ThisPage(IndividualPlan plan);

    /// <summary>Reads the plan's thread through the gate (audited) and marks the other side's messages read. Null: the user may not.</summary>
    protected async Task<IndividualPlan?> OpenThreadAsync(Guid planId, bool markRead, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(planId, PlanPart.Messages, ct);
        if (plan is null || !PlanAccessPolicy.MayUseMessages(gate.User, plan, Today)) return null;
        Plan = plan;
        PersonName = await gate.PersonNameAsync(plan, ct);
        var messages = await db.PlanMessages.Where(m => m.PlanId == plan.Id).OrderBy(m => m.SentAt).ToListAsync(ct);
        if (markRead)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var m in messages.Where(m => m.FromPersonSide == CoordinatorSide && m.ReadAt is null)) m.MarkRead(now);
            await db.SaveChangesAsync(ct);
        }
        Messages = messages;
        MaySend = gate.Decide(plan, PlanAction.Write, PlanPart.Messages).Allowed;
        return plan;
    }

    protected async Task<IActionResult> SendAsync(Guid planId, CancellationToken ct)
    {
        var plan = await OpenThreadAsync(planId, markRead: false, ct);
        if (plan is null) return NotFound();
        if (!MaySend)
        {
            ModelState.AddModelError(nameof(Text), "Planen er avsluttet. Det kan ikke sendes nye meldinger. (R10)");
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        var decision = gate.Decide(plan, PlanAction.Write, PlanPart.Messages);
        try
        {
            var role = CoordinatorSide ? MessageSenderRole.Coordinator : PersonSide.SenderRole(gate.User);
            var message = PlanMessage.Send(Guid.NewGuid(), plan, gate.User.UserId, gate.User.DisplayName, role, Text,
                clock.GetUtcNow().UtcDateTime);
            db.PlanMessages.Add(message);
            audit.Add(gate.User, decision.Role, "plan.message.send", plan.Id, plan.PersonId, nameof(PlanPart.Messages), true, "Melding sendt");
            await NotifyOtherSideAsync(plan, message, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = "Meldingen er sendt.";
        return Redirect(ThisPage(plan));
    }

    async Task NotifyOtherSideAsync(IndividualPlan plan, PlanMessage message, CancellationToken ct)
    {
        var key = $"plan-message:{message.Id:N}";
        if (CoordinatorSide)
        {
            var person = await PersonSide.PersonAsync(db, plan.PersonId, ct);
            var (subject, body) = NotificationTexts.MessageToPerson();
            foreach (var user in await PersonSide.UserIdsAsync(db, person, Today, onlyWhoMayConsent: false, ct))
                if (user != gate.User.UserId)
                    await notifier.ToUserAsync(user, NotificationKind.PlanMessage, subject, body, OtherSideLink(plan), key, ct: ct);
        }
        else
        {
            var (subject, body) = NotificationTexts.MessageToCoordinator();
            foreach (var staff in PersonSide.Coordinators(plan, Today))
                await notifier.ToStaffAsync(staff, NotificationKind.PlanMessage, subject, body, OtherSideLink(plan), key, ct: ct);
        }
    }

    /// <summary>Who wrote a message, as the thread shows it.</summary>
    public static string RoleLabel(MessageSenderRole role) => role switch
    {
        MessageSenderRole.Person => "personen selv",
        MessageSenderRole.Representative => "på vegne av personen",
        _ => "koordinator",
    };
}

/// <summary>"Mine meldinger": the thread of the plan of the person the user is or acts for.</summary>
public sealed class MyMessagesModel(PlanGate gate, SamplanDb db, AuditLog audit, Notifier notifier, TimeProvider clock)
    : MessageThreadModel(gate, db, audit, notifier, clock)
{
    public bool HasPlan { get; private set; }

    protected override bool CoordinatorSide => false;
    protected override string OtherSideLink(IndividualPlan plan) => $"/plans/{plan.Id}/messages";
    protected override string ThisPage(IndividualPlan plan) => "/my/messages";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Gate.User.PersonId is null)
        {
            await Audit.WriteAsync(Gate.User, "", "my.messages", null, null, nameof(PlanPart.Messages), false, "Siden er for innbyggere", ct);
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (await PersonSide.MyPlanIdAsync(Gate, ct) is not { } planId) return Page();
        HasPlan = await OpenThreadAsync(planId, markRead: true, ct) is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Gate.User.PersonId is null) return StatusCode(StatusCodes.Status403Forbidden);
        if (await PersonSide.MyPlanIdAsync(Gate, ct) is not { } planId) return NotFound();
        HasPlan = true;
        return await SendAsync(planId, ct);
    }
}

/// <summary>The coordinator's view of a plan's thread, with the reply form. The person uses "Mine meldinger".</summary>
public sealed class PlanMessagesModel(PlanGate gate, SamplanDb db, AuditLog audit, Notifier notifier, TimeProvider clock)
    : MessageThreadModel(gate, db, audit, notifier, clock)
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    protected override bool CoordinatorSide => true;
    protected override string OtherSideLink(IndividualPlan plan) => "/my/messages";
    protected override string ThisPage(IndividualPlan plan) => $"/plans/{plan.Id}/messages";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The person (or their representative) has their own page for the thread.
        if (Gate.User.StaffMemberId is null)
            return await PersonSide.MyPlanIdAsync(Gate, ct) == Id ? Redirect("/my/messages") : NotFound();
        return await OpenThreadAsync(Id, markRead: true, ct) is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Gate.User.StaffMemberId is null) return NotFound();
        return await SendAsync(Id, ct);
    }
}
