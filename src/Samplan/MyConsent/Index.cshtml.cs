using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Messages;
using Samplan.Plans;

namespace Samplan.MyConsent;

/// <summary>
/// "Mitt samtykke" (R3, S5): every consent of the plan of the person the user is or acts for — what may be shared and
/// what not, with whom, how it will be used, valid from and to, who gave it and when, the signed copy — those in force
/// first; and the consents the coordinator has asked for. Read through the gate (audited as a read of the consent).
/// </summary>
public sealed class MyConsentModel(PlanGate gate, SamplanDb db, AuditLog audit) : PageModel
{
    public IndividualPlan? Plan { get; private set; }
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<PlanConsent> Consents { get; private set; } = [];
    public IReadOnlyList<ConsentRequest> OpenRequests { get; private set; } = [];
    public IReadOnlyList<ConsentRequest> AnsweredRequests { get; private set; } = [];
    public ConsentText Text { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> RecorderNames { get; private set; } = new Dictionary<Guid, string>();
    /// <summary>S1–S4: who may consent for the person today, and whether that is the signed-in user.</summary>
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;
    public bool MayConsent { get; private set; }
    public bool ActingForSomeone => gate.User.ActingAsRelatedPersonId is not null;
    public DateOnly Today => gate.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (gate.User.PersonId is null)
        {
            await audit.WriteAsync(gate.User, "", "my.consent", null, null, nameof(PlanPart.Consent), false, "Siden er for innbyggere", ct);
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (await PersonSide.MyPlanIdAsync(gate, ct) is not { } planId) return Page();
        var plan = await gate.ReadAsync(planId, PlanPart.Consent, ct);
        if (plan is null) return Page();
        Plan = plan;
        PersonName = await gate.PersonNameAsync(plan, ct);
        var person = await PersonSide.PersonAsync(db, plan.PersonId, ct);
        (WhoMayConsent, MayConsent) = PersonSide.WhoMayConsent(person, gate.User, Today);
        Consents = [.. plan.Consents.OrderByDescending(c => c.IsInForce(Today)).ThenByDescending(c => c.GivenOn)];
        var requests = await db.ConsentRequests.AsNoTracking().Where(r => r.PlanId == plan.Id).ToListAsync(ct);
        OpenRequests = [.. requests.Where(r => r.IsOpen).OrderByDescending(r => r.AskedAt)];
        AnsweredRequests = [.. requests.Where(r => !r.IsOpen).OrderByDescending(r => r.AnsweredAt)];
        var organisations = ConsentText.OrganisationIds(plan, requests.SelectMany(r => r.OrganisationIds)).ToList();
        Text = new ConsentText(plan, await db.Organisations.AsNoTracking().Where(o => organisations.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct));
        var recorders = plan.Consents.Where(c => c.RecordedByStaffId is not null).Select(c => c.RecordedByStaffId!.Value).Distinct().ToList();
        RecorderNames = await db.StaffMembers.AsNoTracking().Where(s => recorders.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return Page();
    }
}
