using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samplan.Consent;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Plans;

/// <summary>
/// Base for the pages that edit one part of a plan. It does once what every such page needs: read the
/// plan through the gate (404 for non-participants, 403 for readers who may not change this part),
/// carry the version the form was built from, and turn a refused rule or a lost race into a message
/// on the same page with the user's input kept (a lost race is 409 Conflict) — never a 500, never a half-saved change.
/// </summary>
public abstract class PlanPageModel(PlanGate gate) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The plan version the form was built from (optimistic concurrency).</summary>
    [BindProperty]
    public int Version { get; set; }

    /// <summary>Set while the plan is being started step by step (consent → coordinator → mapping → goals → measures).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Wizard { get; set; }

    public IndividualPlan Plan { get; private set; } = null!;

    /// <summary>Whose plan this is, in the heading of every edit page, so no one edits the wrong person's plan.</summary>
    public string PersonName { get; private set; } = "";

    /// <summary>What others saved after this user opened the form, shown when their save is refused.</summary>
    public IReadOnlyList<PlanRevision> ConflictingChanges { get; private set; } = [];

    protected PlanGate Gate => gate;

    public DateOnly Today => gate.Today;

    protected abstract PlanPart Part { get; }

    /// <summary>
    /// These edit pages are the coordinator's and the providers' (C4). The person writes their own voice through
    /// <c>/my/...</c>, which lets them change only what is theirs (their own goals, not the coordinator's; R12), so the
    /// person's write rights in the policy do not open these pages to them.
    /// </summary>
    bool ForStaff => gate.User.StaffMemberId is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var plan = await gate.ReadAsync(Id, Part, ct);
        if (plan is null) return NotFound();
        if (!ForStaff || !gate.Decide(plan, PlanAction.Write, Part).Allowed) return Forbid();
        Plan = plan;
        PersonName = await gate.PersonNameAsync(plan, ct);
        Version = plan.Version;
        await OnPlanLoadedAsync(ct);
        return Page();
    }

    /// <summary>Extra data a page needs besides the plan (lists to choose from…).</summary>
    protected virtual Task OnPlanLoadedAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Applies one change through the aggregate and saves it as a new version, then returns to the page.</summary>
    protected async Task<IActionResult> ChangeAsync(Func<IndividualPlan, Task> change, string status, CancellationToken ct)
    {
        var plan = await gate.OpenForChangeAsync(Id, Part, ct);
        if (plan is null) return await DeniedAsync(ct);
        if (!ForStaff)
        {
            gate.Discard();
            return Forbid();
        }
        if (!ModelState.IsValid) return await RedisplayAsync(ct);
        try
        {
            await change(plan);
            await gate.SaveAsync(plan, Part, Version, ct);
        }
        catch (DomainRuleException e)
        {
            gate.Discard();
            DomainErrors.Add(ModelState, e);
            return await RedisplayAsync(ct);
        }
        catch (PlanConflictException e)
        {
            gate.Discard();
            ModelState.AddModelError(string.Empty, e.Message);
            ConflictingChanges = e.ChangesSince;
            // 409 Conflict: the page again, with what the others changed and the user's input kept.
            var result = await RedisplayAsync(ct);
            if (result is PageResult page) page.StatusCode = StatusCodes.Status409Conflict;
            return result;
        }
        TempData["Status"] = status;
        return Redirect(AfterSaveUrl());
    }

    protected Task<IActionResult> ChangeAsync(Action<IndividualPlan> change, string status, CancellationToken ct) =>
        ChangeAsync(plan => { change(plan); return Task.CompletedTask; }, status, ct);

    /// <summary>Where to go after a save: back to this page (keeps the wizard flag).</summary>
    protected virtual string AfterSaveUrl() => Request.Path + (Wizard ? "?wizard=true" : "");

    async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        var plan = await gate.ReadAsync(Id, Part, ct);
        if (plan is null) return NotFound();
        Plan = plan;
        PersonName = await gate.PersonNameAsync(plan, ct);
        // The form now shows the current version, so the user can look at what changed and save again on purpose.
        ModelState.Remove(nameof(Version));
        Version = plan.Version;
        await OnPlanLoadedAsync(ct);
        return Page();
    }

    async Task<IActionResult> DeniedAsync(CancellationToken ct)
    {
        // Readers who may not change this part get 403; everyone else cannot tell the plan exists.
        var readable = await gate.ReadAsync(Id, Part, ct);
        return readable is null ? NotFound() : Forbid();
    }

    public string StepUrl(string step) => $"/plans/{Id}/{step}{(Wizard ? "?wizard=true" : "")}";
}

/// <summary>Model of the shared header of the edit pages (a record, since tuples of a subclass do not convert).</summary>
public sealed record EditHeader(PlanPageModel Page, string Step, string Title);

/// <summary>Model of the staff search form on the coordinator and participant pages.</summary>
public sealed record StaffSearch(PlanPageModel Page, string? Query, IReadOnlyList<Organisations.StaffDirectory.Hit> Hits);
