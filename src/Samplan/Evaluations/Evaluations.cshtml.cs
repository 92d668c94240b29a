using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Plans;

namespace Samplan.Evaluations;

/// <summary>
/// R5: the plan's evaluations — the one due (the plan's next evaluation date) and the completed ones. Read by
/// those who may see goals and measures (R8) and by the person (R12); started by the coordinator (C4).
/// </summary>
public sealed class EvaluationsModel(PlanGate gate, SamplanDb db) : PageModel
{
    public IndividualPlan Plan { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<Evaluation> Completed { get; private set; } = [];
    public bool MayRecord { get; private set; }
    public DateOnly Today => gate.Today;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(id, PlanPart.Evaluations, ct);
        if (plan is null) return NotFound();
        Plan = plan;
        PersonName = await gate.PersonNameAsync(plan, ct);
        MayRecord = plan.IsOpen && gate.Decide(plan, PlanAction.Write, PlanPart.Evaluations).Allowed;
        Completed = await db.Evaluations.AsNoTracking().Where(e => e.PlanId == plan.Id)
            .OrderByDescending(e => e.HeldOn).ThenByDescending(e => e.CompletedAt).ToListAsync(ct);
        return Page();
    }
}
