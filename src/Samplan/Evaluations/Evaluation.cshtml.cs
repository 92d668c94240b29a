using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Plans;

namespace Samplan.Evaluations;

/// <summary>R5, R12: a completed evaluation, read only; for the same readers as the plan's goals and measures, and the person.</summary>
public sealed class EvaluationModel(PlanGate gate, SamplanDb db) : PageModel
{
    public Guid PlanId { get; private set; }
    public Evaluation Evaluation { get; private set; } = null!;
    public IReadOnlyList<PlanTask> Tasks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, Guid evaluationId, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(id, PlanPart.Evaluations, ct);
        if (plan is null) return NotFound();
        var evaluation = await db.Evaluations.AsNoTracking().Include(e => e.Goals)
            .FirstOrDefaultAsync(e => e.Id == evaluationId && e.PlanId == plan.Id, ct);
        if (evaluation is null) return NotFound();
        PlanId = plan.Id;
        Evaluation = evaluation;
        Tasks = await db.PlanTasks.AsNoTracking()
            .Where(t => t.PlanId == plan.Id && t.Source == TaskSource.Evaluation && t.SourceId == evaluation.Id)
            .OrderBy(t => t.DueOn).ToListAsync(ct);
        return Page();
    }

    public static string Label(GoalAttainment a) => a switch
    {
        GoalAttainment.NotAchieved => "Ikke nådd",
        GoalAttainment.PartlyAchieved => "Delvis nådd",
        GoalAttainment.Achieved => "Nådd",
        _ => "For tidlig å si",
    };

    public static string Label(WayOfWorkingFit f) => f switch
    {
        WayOfWorkingFit.Yes => "Ja",
        WayOfWorkingFit.Partly => "Delvis",
        _ => "Nei",
    };
}
