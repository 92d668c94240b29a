using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.MyPlan;

/// <summary>
/// R5, R12: before the plan's next evaluation the person writes how they experience that things are going, in their own
/// words. An evaluation is recorded by the coordinator once it is held, so this is the person's note for it: the
/// coordinator sees it on the evaluation form. The write is allowed by the gate (the person's Evaluations part) and audited.
/// </summary>
public sealed class EvaluationModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : MyPlanPageModel(gate, db, audit)
{
    [BindProperty, StringLength(EvaluationExperience.MaxText, ErrorMessage = "Teksten kan ha høyst 4000 tegn.")]
    public string? Experience { get; set; }

    /// <summary>When the note the form was built from was written (its ticks; 0 for none): a stale form is refused.</summary>
    [BindProperty] public long WrittenTicks { get; set; }

    public EvaluationExperience? Mine { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.Evaluations, ct)) return NotFound();
        Mine = await CurrentAsync(tracked: false, ct);
        Experience = Mine?.Text;
        WrittenTicks = Mine?.WrittenAt.Ticks ?? 0;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenPlanIdAsync(ct) is not { } id) return NotFound();
        var plan = await Gate.OpenForChangeAsync(id, PlanPart.Evaluations, ct);
        if (plan is null) return Forbid();
        // Only the plan's authorisation was needed; the note is saved on its own, not as a plan version.
        Gate.Discard();
        SetPlan(plan);
        if (!ModelState.IsValid) return await RedisplayAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            Mine = await CurrentAsync(tracked: true, ct);
            if ((Mine?.WrittenAt.Ticks ?? 0) != WrittenTicks)
            {
                ModelState.AddModelError(string.Empty, "Noen andre har endret teksten siden du åpnet siden. Se over og lagre igjen.");
                Db.ChangeTracker.Clear();
                return await RedisplayAsync(ct, keepInput: true);
            }
            if (Mine is null)
            {
                Mine = EvaluationExperience.Write(Guid.NewGuid(), plan, Experience, Me.UserId, Me.DisplayName, ActingForSomeone, now);
                Db.Add(Mine);
            }
            else
                Mine.Change(Experience, Me.UserId, Me.DisplayName, ActingForSomeone, now);
        }
        catch (DomainRuleException e)
        {
            Db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return await RedisplayAsync(ct, keepInput: true);
        }
        Audit.Add(Me, AuditRole, "plan.evaluation-experience", plan.Id, plan.PersonId, PlanPart.Evaluations.ToString(), true,
            $"Personens egen opplevelse før evalueringen {Mine.ForEvaluationOn:dd.MM.yyyy}");
        await Db.SaveChangesAsync(ct);
        TempData["Status"] = "Det du skrev, er lagret. Koordinatoren ser det når evalueringen skrives.";
        return Redirect(Request.Path);
    }

    async Task<IActionResult> RedisplayAsync(CancellationToken ct, bool keepInput = true)
    {
        Mine = await CurrentAsync(tracked: false, ct);
        ModelState.Remove(nameof(WrittenTicks));
        WrittenTicks = Mine?.WrittenAt.Ticks ?? 0;
        if (!keepInput) Experience = Mine?.Text;
        return Page();
    }

    Task<EvaluationExperience?> CurrentAsync(bool tracked, CancellationToken ct)
    {
        var due = Plan!.NextEvaluationDate;
        var query = tracked ? Db.Set<EvaluationExperience>() : Db.Set<EvaluationExperience>().AsNoTracking();
        return query.FirstOrDefaultAsync(e => e.PlanId == Plan.Id && e.ForEvaluationOn == due, ct);
    }
}
