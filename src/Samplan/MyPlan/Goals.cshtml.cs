using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Plans;

namespace Samplan.MyPlan;

/// <summary>
/// R12, R5: the person adds goals in their own words (stored <see cref="Goal.InPersonsOwnWords"/>), changes them and marks
/// them reached. Goals the coordinator wrote (not in the person's own words) are shown but stay the coordinator's: the
/// person talks with the coordinator to change them, and a post that tries is refused here (403, audited).
/// </summary>
public sealed class GoalsModel(PlanGate gate, SamplanDb db, AuditLog audit) : MyPlanPageModel(gate, db, audit)
{
    public sealed class GoalInput
    {
        public Guid? GoalId { get; set; }
        [StringLength(2000, ErrorMessage = "Målet kan ha høyst 2000 tegn.")]
        public string? Text { get; set; }
        public GoalStatus Status { get; set; } = GoalStatus.InProgress;
        public DateOnly? TargetDate { get; set; }
        public Guid? ParentGoalId { get; set; }
    }

    [BindProperty] public GoalInput Input { get; set; } = new();

    /// <summary>The statuses a person sets on their own goal, in plain words.</summary>
    public static readonly GoalStatus[] Statuses = [GoalStatus.NotStarted, GoalStatus.InProgress, GoalStatus.Achieved];

    /// <summary>R12: the person may change a goal that is written in their own words.</summary>
    public static bool IsMine(Goal goal) => goal.InPersonsOwnWords;

    public IReadOnlyList<Goal> GoalsInOrder => Plan!.Goals.Where(g => g.ParentGoalId is null)
        .SelectMany(g => Plan.Goals.Where(s => s.ParentGoalId == g.Id).Prepend(g)).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadPlanAsync(PlanPart.Goals, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) => ChangeAsync(PlanPart.Goals, p =>
    {
        p.AddGoal(Input.Text ?? "", Input.TargetDate, inPersonsOwnWords: true, Input.ParentGoalId);
        return null;
    }, "Målet ditt er lagt til i planen.", Redisplay, ct);

    public Task<IActionResult> OnPostUpdateAsync(CancellationToken ct) => ChangeAsync(PlanPart.Goals, p =>
    {
        var goal = p.Goals.FirstOrDefault(g => g.Id == Input.GoalId);
        if (goal is null) return NotFound();
        // R12 with C4: what the coordinator wrote is changed by the coordinator, together with the person.
        if (!IsMine(goal)) return StatusCode(StatusCodes.Status403Forbidden);
        if (!Statuses.Contains(Input.Status)) return BadRequest();
        p.UpdateGoal(goal.Id, Input.Text ?? "", Input.Status, Input.TargetDate, inPersonsOwnWords: true);
        return null;
    }, "Målet ditt er endret.", Redisplay, ct);

    Task<IActionResult> Redisplay(CancellationToken ct) => Task.FromResult<IActionResult>(Page());

    /// <summary>The values a goal's form shows: the person's own input again after a refused save, else the plan's.</summary>
    public GoalInput ValuesFor(Goal goal) => Input.GoalId == goal.Id && !ModelState.IsValid
        ? Input
        : new GoalInput { GoalId = goal.Id, Text = goal.Text, Status = goal.Status, TargetDate = goal.TargetDate };
}
