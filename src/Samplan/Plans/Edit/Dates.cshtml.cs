using Microsoft.AspNetCore.Mvc;
using Samplan.Consent;

namespace Samplan.Plans.Edit;

/// <summary>R4 (g): plan period and agreed dates for revision and evaluation (R5).</summary>
public sealed class DatesModel(PlanGate gate) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Dates;

    [BindProperty] public DateOnly? PeriodStart { get; set; }
    [BindProperty] public DateOnly? PeriodEnd { get; set; }
    [BindProperty] public DateOnly? NextRevision { get; set; }
    [BindProperty] public DateOnly? NextEvaluation { get; set; }

    protected override Task OnPlanLoadedAsync(CancellationToken ct)
    {
        if (Request.Method == "GET")
            (PeriodStart, PeriodEnd, NextRevision, NextEvaluation) = (Plan.PeriodStart, Plan.PeriodEnd, Plan.NextRevisionDate, Plan.NextEvaluationDate);
        return Task.CompletedTask;
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(p => p.SetDates(PeriodStart, PeriodEnd, NextRevision, NextEvaluation), "Datoene er lagret.", ct);
}
