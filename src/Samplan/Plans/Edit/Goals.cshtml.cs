using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Samplan.Consent;
using Samplan.Domain.Plans;

namespace Samplan.Plans.Edit;

/// <summary>R4 (a), R5: the person's goals, broken into manageable sub-goals.</summary>
public sealed class GoalsModel(PlanGate gate) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Goals;

    [BindProperty] public GoalInput Input { get; set; } = new();

    public sealed class GoalInput
    {
        public Guid? GoalId { get; set; }
        [StringLength(2000, ErrorMessage = "Målet kan ha høyst 2000 tegn.")]
        public string? Text { get; set; }
        public GoalStatus Status { get; set; }
        public DateOnly? TargetDate { get; set; }
        public bool InPersonsOwnWords { get; set; }
        public Guid? ParentGoalId { get; set; }
    }

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) =>
        ChangeAsync(p => p.AddGoal(Input.Text ?? "", Input.TargetDate, Input.InPersonsOwnWords, Input.ParentGoalId), "Målet er lagt til.", ct);

    public Task<IActionResult> OnPostUpdateAsync(CancellationToken ct) =>
        ChangeAsync(p => p.UpdateGoal(Input.GoalId ?? Guid.Empty, Input.Text ?? "", Input.Status, Input.TargetDate, Input.InPersonsOwnWords),
            "Målet er endret.", ct);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        ChangeAsync(p => p.RemoveGoal(Input.GoalId ?? Guid.Empty), "Målet er fjernet.", ct);

    /// <summary>The values a goal's form shows: the user's own input again after a refused save, else the plan's.</summary>
    public GoalInput ValuesFor(Goal goal) => Input.GoalId == goal.Id && !ModelState.IsValid
        ? Input
        : new GoalInput { GoalId = goal.Id, Text = goal.Text, Status = goal.Status, TargetDate = goal.TargetDate, InPersonsOwnWords = goal.InPersonsOwnWords };
}
