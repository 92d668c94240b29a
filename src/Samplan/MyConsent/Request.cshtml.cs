using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Messages;
using Samplan.Notifications;
using Samplan.Plans;

namespace Samplan.MyConsent;

/// <summary>
/// R3, S5: a consent the coordinator asked for, read in full — what may be shared and what not, with whom, how it will be
/// used, valid to — and given or declined by the person (or whoever may consent for them today, S1–S4). Giving records
/// the consent as given digitally by them; both answers are audited and the coordinator is told.
/// </summary>
public sealed class ConsentRequestModel(PlanGate gate, SamplanDb db, AuditLog audit, Notifier notifier, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid RequestId { get; set; }
    [BindProperty] public int Version { get; set; }

    public IndividualPlan Plan { get; private set; } = null!;
    public ConsentRequest Asked { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public ConsentText Text { get; private set; } = null!;
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;
    public bool MayConsent { get; private set; }
    public DateOnly Today => gate.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        Version = Plan.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostGiveAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        if (!MayConsent) return Refused();
        var plan = await gate.OpenForChangeAsync(Plan.Id, PlanPart.Consent, ct);
        if (plan is null) return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            var request = await db.ConsentRequests.SingleAsync(r => r.Id == RequestId, ct);
            var person = await PersonSide.PersonAsync(db, plan.PersonId, ct);
            plan.GiveRequestedConsent(request, person, gate.User.ActingAsRelatedPersonId, Today, clock.GetUtcNow().UtcDateTime);
            await NotifyCoordinatorsAsync(plan, NotificationTexts.ConsentGiven(), ct);
            await gate.SaveAsync(plan, PlanPart.Consent, Version, ct);
        }
        catch (DomainRuleException e)
        {
            gate.Discard();
            return await RedisplayAsync(e.Message + $" ({e.Rule})", ct);
        }
        catch (PlanConflictException e)
        {
            gate.Discard();
            return await RedisplayAsync(e.Message, ct);
        }
        TempData["Status"] = "Takk. Samtykket er gitt og gjelder fra i dag. Koordinatoren har fått beskjed.";
        return Redirect("/my/consent");
    }

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        if (!MayConsent) return Refused();
        try
        {
            var request = await db.ConsentRequests.SingleAsync(r => r.Id == RequestId, ct);
            var person = await PersonSide.PersonAsync(db, Plan.PersonId, ct);
            request.Decline(Plan, person, gate.User.ActingAsRelatedPersonId, Today, clock.GetUtcNow().UtcDateTime);
            audit.Add(gate.User, PersonSide.AuditRole(gate.User), "plan.consent-request.decline", Plan.Id, Plan.PersonId,
                nameof(PlanPart.Consent), true, "Forespørsel om samtykke ikke gitt");
            await NotifyCoordinatorsAsync(Plan, NotificationTexts.ConsentDeclined(), ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            return await RedisplayAsync(e.Message + $" ({e.Rule})", ct);
        }
        TempData["Status"] = "Du har svart nei. Samtykket er ikke gitt, og koordinatoren har fått beskjed.";
        return Redirect("/my/consent");
    }

    async Task NotifyCoordinatorsAsync(IndividualPlan plan, (string Subject, string Body) text, CancellationToken ct)
    {
        foreach (var staff in PersonSide.Coordinators(plan, Today))
            // R9: an answer to a request for a transfer consent is followed up on the transfer page.
            await notifier.ToStaffAsync(staff, NotificationKind.ConsentAnswered, text.Subject, text.Body,
                Asked.IsTransferRequest ? $"/plans/{plan.Id}/transfer" : $"/plans/{plan.Id}/consent",
                $"consent-answered:{RequestId:N}", ct: ct);
    }

    async Task<IActionResult> RedisplayAsync(string error, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        ModelState.AddModelError(string.Empty, error);
        Version = Plan.Version;
        return Page();
    }

    IActionResult Refused()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Version = Plan.Version;
        return Page();
    }

    /// <summary>The request, of the plan of the person the user is or acts for (read through the gate, audited), or 404.</summary>
    async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (gate.User.PersonId is null) return StatusCode(StatusCodes.Status403Forbidden);
        if (await PersonSide.MyPlanIdAsync(gate, ct) is not { } planId) return NotFound();
        var request = await db.ConsentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == RequestId && r.PlanId == planId, ct);
        if (request is null) return NotFound();
        var plan = await gate.ReadAsync(planId, PlanPart.Consent, ct);
        if (plan is null) return NotFound();
        Plan = plan;
        Asked = request;
        PersonName = await gate.PersonNameAsync(plan, ct);
        var person = await PersonSide.PersonAsync(db, plan.PersonId, ct);
        (WhoMayConsent, var mayConsent) = PersonSide.WhoMayConsent(person, gate.User, Today);
        MayConsent = mayConsent && plan.IsOpen;
        var organisations = ConsentText.OrganisationIds(plan, request.OrganisationIds).ToList();
        Text = new ConsentText(plan, await db.Organisations.AsNoTracking().Where(o => organisations.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct));
        return null;
    }
}
