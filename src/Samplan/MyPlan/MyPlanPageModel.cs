using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.MyPlan;

/// <summary>
/// Base of the person's own pages (<c>/my/...</c>, R12): only a signed-in citizen gets in (staff and administrators get
/// 403, audited), and only for the person they are or act for (S2, S3) — no page takes a person from the request. The
/// plan is the person's open plan, found through <see cref="PlanGate.Readable"/> and read through the gate (audited).
/// A representative who has not chosen whom to act for is sent to <c>/my/representing</c>.
/// </summary>
public abstract class MyPlanPageModel(PlanGate gate, SamplanDb db, AuditLog audit) : PageModel
{
    protected PlanGate Gate => gate;
    protected SamplanDb Db => db;
    protected AuditLog Audit => audit;
    public CurrentUser Me => gate.User;
    public DateOnly Today => gate.Today;

    /// <summary>The person's open plan (draft or active), once loaded; null when they have none.</summary>
    public IndividualPlan? Plan { get; private set; }

    /// <summary>The person the page is about: the citizen, or the one they act for.</summary>
    public string PersonName { get; private set; } = "";

    public bool ActingForSomeone => Me.ActingAsRelatedPersonId is not null;

    /// <summary>The role written in the audit log: the person themself, or their parent or guardian.</summary>
    protected string AuditRole => ActingForSomeone ? "representant" : "person";

    /// <summary>The plan version the form was built from (optimistic concurrency, R5).</summary>
    [BindProperty]
    public int Version { get; set; }

    /// <summary>What others saved after the form was opened, when a save is refused as stale.</summary>
    public IReadOnlyList<PlanRevision> ConflictingChanges { get; private set; } = [];

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var ct = context.HttpContext.RequestAborted;
        if (!Me.Has(SystemRole.Citizen) || Me.StaffMemberId is not null)
        {
            await audit.WriteAsync(Me, "", "my.denied", null, null, null, false, "Sidene under /my/plan er for personen selv", ct);
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        if (Me.PersonId is not { } personId)
        {
            context.Result = Redirect("/my/representing");
            return;
        }
        PersonName = await db.Persons.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Name).FirstOrDefaultAsync(ct) ?? "";
        await next();
    }

    /// <summary>The id of the person's open plan, if any (the policy's own read filter).</summary>
    protected Task<Guid?> OpenPlanIdAsync(CancellationToken ct) => gate.Readable()
        .Where(p => p.PersonId == Me.PersonId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active))
        .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);

    /// <summary>Sets the plan a handler opened itself through the gate.</summary>
    protected void SetPlan(IndividualPlan plan) => Plan = plan;

    /// <summary>Reads the person's open plan for <paramref name="part"/> through the gate (audited); false when they have none.</summary>
    protected async Task<bool> LoadPlanAsync(PlanPart part, CancellationToken ct)
    {
        if (await OpenPlanIdAsync(ct) is not { } id) return false;
        Plan = await gate.ReadAsync(id, part, ct);
        if (Plan is not null && Request.Method == "GET") Version = Plan.Version;
        return Plan is not null;
    }

    /// <summary>
    /// One change of the person's own part of the plan, through the gate: opened for change (the policy decides, R12), changed
    /// through the aggregate, saved as a new version against the form's <see cref="Version"/>. A refused rule or a stale form
    /// comes back as a message on the same page, with the input kept.
    /// </summary>
    protected async Task<IActionResult> ChangeAsync(PlanPart part, Func<IndividualPlan, IActionResult?> change, string status,
        Func<CancellationToken, Task<IActionResult>> redisplay, CancellationToken ct)
    {
        if (await OpenPlanIdAsync(ct) is not { } id) return NotFound();
        if (!ModelState.IsValid) return await RedisplayAsync(part, redisplay, ct);
        var plan = await gate.OpenForChangeAsync(id, part, ct);
        if (plan is null) return Forbid();
        try
        {
            if (change(plan) is { } refused)
            {
                gate.Discard();
                await audit.WriteAsync(Me, AuditRole, "plan.change", plan.Id, plan.PersonId, part.ToString(), false,
                    "Personen kan ikke endre det koordinator har skrevet", ct);
                return refused;
            }
            await gate.SaveAsync(plan, part, Version, ct);
        }
        catch (DomainRuleException e)
        {
            gate.Discard();
            DomainErrors.Add(ModelState, e);
            return await RedisplayAsync(part, redisplay, ct);
        }
        catch (PlanConflictException e)
        {
            gate.Discard();
            ModelState.AddModelError(string.Empty, e.Message);
            ConflictingChanges = e.ChangesSince;
            return await RedisplayAsync(part, redisplay, ct);
        }
        TempData["Status"] = status;
        return Redirect(Request.Path);
    }

    async Task<IActionResult> RedisplayAsync(PlanPart part, Func<CancellationToken, Task<IActionResult>> redisplay, CancellationToken ct)
    {
        if (!await LoadPlanAsync(part, ct)) return NotFound();
        // The form now carries the current version, so the person can look at what changed and save again on purpose.
        ModelState.Remove(nameof(Version));
        Version = Plan!.Version;
        return await redisplay(ct);
    }
}
