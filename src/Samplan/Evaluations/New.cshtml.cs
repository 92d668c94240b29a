using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Plans;

namespace Samplan.Evaluations;

/// <summary>
/// R5, R12, C4: the coordinator holds an evaluation. The form has each goal's attainment, service delivery,
/// whether the way of working suits, the person's own words and the agreed changes; completing it saves the
/// evaluation, the changes to goals and measures (one new plan version naming the evaluation), the next
/// evaluation date and any task in one transaction — or nothing.
/// </summary>
public sealed class NewEvaluationModel(PlanGate gate, SamplanDb db, TimeProvider clock) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Evaluations;

    /// <summary>An extra evaluation, not the one the plan's evaluation date asks for.</summary>
    [BindProperty(SupportsGet = true)] public bool Extra { get; set; }

    [BindProperty] public EvaluationInput Input { get; set; } = new();

    Guid _completed;

    public sealed class EvaluationInput
    {
        public DateOnly? HeldOn { get; set; }
        public List<GoalInput> Goals { get; set; } = [];
        public string? ServiceDelivery { get; set; }
        public WayOfWorkingFit? WayOfWorking { get; set; }
        public string? WayOfWorkingComment { get; set; }
        public string? PersonsOwnWords { get; set; }
        public string? NoOwnWordsReason { get; set; }
        public string? OtherChanges { get; set; }
        public List<MeasureInput> Measures { get; set; } = [];
        public DateOnly? NextEvaluationDate { get; set; }
        public string? TaskTitle { get; set; }
        public Guid? TaskAssignee { get; set; }
        public DateOnly? TaskDueOn { get; set; }
    }

    public sealed class GoalInput
    {
        public Guid GoalId { get; set; }
        public GoalAttainment? Attainment { get; set; }
        public string? Comment { get; set; }
        public GoalStatus? NewStatus { get; set; }
        public string? NewText { get; set; }
        public string? NewSubGoal { get; set; }
    }

    public sealed class MeasureInput
    {
        public Guid MeasureId { get; set; }
        public MeasureStatus? NewStatus { get; set; }
        public string? NewScope { get; set; }
    }

    /// <summary>The goals in the order the plan shows them: each main goal followed by its sub-goals.</summary>
    public IReadOnlyList<Goal> GoalsInOrder => Plan.Goals.Where(g => g.ParentGoalId is null)
        .SelectMany(g => Plan.Goals.Where(s => s.ParentGoalId == g.Id).Prepend(g)).ToList();

    public GoalInput InputFor(Goal goal) => Input.Goals.FirstOrDefault(g => g.GoalId == goal.Id) ?? new GoalInput { GoalId = goal.Id };

    public MeasureInput InputFor(Measure measure) =>
        Input.Measures.FirstOrDefault(m => m.MeasureId == measure.Id) ?? new MeasureInput { MeasureId = measure.Id };

    /// <summary>R12: what the person wrote before this evaluation on their own page (/my/plan/evaluation), if anything.</summary>
    public EvaluationExperience? PersonsExperience { get; private set; }

    protected override async Task OnPlanLoadedAsync(CancellationToken ct)
    {
        Input.HeldOn ??= Today;
        if (!Extra && Plan.NextEvaluationDate is { } due)
            PersonsExperience = await db.Set<EvaluationExperience>().AsNoTracking()
                .FirstOrDefaultAsync(e => e.PlanId == Plan.Id && e.ForEvaluationOn == due, ct);
        // The person's own words start the field; the coordinator goes through them with the person.
        if (Request.Method == "GET" && PersonsExperience is not null) Input.PersonsOwnWords ??= PersonsExperience.Text;
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => ChangeAsync(plan =>
    {
        var role = Gate.Decide(plan, PlanAction.Write, PlanPart.Evaluations).Role;
        var now = clock.GetUtcNow().UtcDateTime;
        var content = new EvaluationContent(
            Input.HeldOn ?? Today,
            Extra ? null : plan.NextEvaluationDate,
            Input.Goals.Select(g => new GoalReview(g.GoalId, g.Attainment, g.Comment, g.NewStatus, g.NewText, g.NewSubGoal)).ToList(),
            Input.ServiceDelivery, Input.WayOfWorking, Input.WayOfWorkingComment, Input.PersonsOwnWords, Input.NoOwnWordsReason,
            Input.OtherChanges,
            Input.Measures.Select(m => new MeasureChange(m.MeasureId, m.NewStatus, m.NewScope)).ToList(),
            Input.NextEvaluationDate);
        var evaluation = Evaluation.Complete(Guid.NewGuid(), plan, content, Gate.User.UserId, Gate.User.DisplayName, role, Today, now);
        // Added before the gate saves, so the evaluation, the plan's new version and the task are one transaction.
        db.Evaluations.Add(evaluation);
        if (!string.IsNullOrWhiteSpace(Input.TaskTitle) || Input.TaskAssignee is not null)
        {
            if (Input.TaskAssignee is not { } assignee || Input.TaskDueOn is not { } due)
                throw new DomainRuleException("R4", "En oppgave trenger både hvem som skal gjøre den og en frist.");
            db.PlanTasks.Add(PlanTask.Assign(Guid.NewGuid(), plan, assignee, Input.TaskTitle ?? "", due, TaskSource.Evaluation,
                evaluation.Id, Gate.User.UserId, Gate.User.DisplayName, now));
        }
        _completed = evaluation.Id;
    }, "Evalueringen er fullført og endringene er lagret i planen.", ct);

    protected override string AfterSaveUrl() => $"/plans/{Id}/evaluations/{_completed}";
}
