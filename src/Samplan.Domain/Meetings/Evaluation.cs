using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Meetings;

/// <summary>R5: how far a goal has come, on a simple scale the person can follow.</summary>
public enum GoalAttainment { NotAchieved, PartlyAchieved, Achieved, TooEarlyToSay }

/// <summary>R5: whether the way of working suits the person.</summary>
public enum WayOfWorkingFit { Yes, Partly, No }

/// <summary>One goal's review in an evaluation, and the change to it that was agreed (none when all are null).</summary>
public sealed record GoalReview(Guid GoalId, GoalAttainment? Attainment, string? Comment,
    GoalStatus? NewStatus = null, string? NewText = null, string? NewSubGoal = null);

/// <summary>An agreed change to a measure: its status, its scope, or both.</summary>
public sealed record MeasureChange(Guid MeasureId, MeasureStatus? NewStatus, string? NewScope);

/// <summary>What was said and agreed in an evaluation, as the form gives it.</summary>
public sealed record EvaluationContent(
    DateOnly HeldOn,
    DateOnly? DueOn,
    IReadOnlyList<GoalReview> Goals,
    string? ServiceDelivery,
    WayOfWorkingFit? WayOfWorking,
    string? WayOfWorkingComment,
    string? PersonsOwnWords,
    string? NoOwnWordsReason,
    string? OtherChanges,
    IReadOnlyList<MeasureChange> Measures,
    DateOnly? NextEvaluationDate);

/// <summary>
/// R5: a scheduled (or extra) review of the plan — goal attainment and service delivery, whether the way of
/// working suits, the person's own experience (R12) and the changes agreed, which are made through the plan
/// so its revision history shows each. It exists only completed and never changes afterwards.
/// </summary>
public sealed class Evaluation
{
    public const int MaxText = 4000;

    readonly List<EvaluationGoal> _goals = [];

    Evaluation() { ServiceDelivery = ""; RecordedByName = ""; RecordedByRole = ""; ChangesMade = ""; }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    /// <summary>The evaluation date of the plan it was held for; null for an extra evaluation.</summary>
    public DateOnly? DueOn { get; private set; }
    public DateOnly HeldOn { get; private set; }
    public string ServiceDelivery { get; private set; }
    public WayOfWorkingFit WayOfWorking { get; private set; }
    public string? WayOfWorkingComment { get; private set; }
    /// <summary>R12: the person's own experience, in their own words.</summary>
    public string? PersonsOwnWords { get; private set; }
    /// <summary>Why the person could not or would not give their own words, when they did not.</summary>
    public string? NoOwnWordsReason { get; private set; }
    public string? OtherChanges { get; private set; }
    public DateOnly NextEvaluationDate { get; private set; }
    /// <summary>The changes made to the plan, as they stand in its revision history.</summary>
    public string ChangesMade { get; private set; }
    public Guid RecordedByUserId { get; private set; }
    public string RecordedByName { get; private set; }
    public string RecordedByRole { get; private set; }
    public DateTime CompletedAt { get; private set; }

    public IReadOnlyCollection<EvaluationGoal> Goals => _goals.AsReadOnly();

    /// <summary>How the plan's revision history names the evaluation.</summary>
    public static string Name(DateOnly heldOn) => $"Evaluering {heldOn:dd.MM.yyyy}";

    /// <summary>
    /// R5, R12: completes an evaluation and makes the agreed changes through the plan's own methods, each
    /// attributed to the evaluation. Everything is checked before the plan is touched, so a refused
    /// evaluation changes nothing.
    /// </summary>
    public static Evaluation Complete(Guid id, IndividualPlan plan, EvaluationContent c, Guid byUserId, string byName, string byRole,
        DateOnly today, DateTime now)
    {
        if (!plan.IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet eller overført og kan ikke evalueres.");
        if (c.HeldOn > today)
            throw new DomainRuleException("R5", "Evalueringen kan ikke være holdt etter i dag.");
        var ownWords = Clean(c.PersonsOwnWords);
        var reason = ownWords is null ? Clean(c.NoOwnWordsReason) : null;
        if (ownWords is null && reason is null)
            throw new DomainRuleException("R12", "Skriv personens egen opplevelse med personens egne ord, eller hvorfor personen ikke kunne eller ville gi den.");
        var serviceDelivery = Clean(c.ServiceDelivery)
            ?? throw new DomainRuleException("R5", "Beskriv hvordan tjenestene er gitt.");
        var fit = c.WayOfWorking ?? throw new DomainRuleException("R5", "Svar på om arbeidsformen passer for personen.");
        if (c.NextEvaluationDate is not { } next)
            throw new DomainRuleException("R5", "Avtal dato for neste evaluering.");
        if (next <= c.HeldOn)
            throw new DomainRuleException("R5", "Neste evaluering må være etter denne.");
        if (c.Goals.Any(r => plan.Goals.All(g => g.Id != r.GoalId)))
            throw new DomainRuleException("R5", "Et av målene finnes ikke lenger i planen (kanskje endret av en annen).");
        var reviews = new List<(Goal Goal, GoalReview Review)>();
        foreach (var goal in plan.Goals)
        {
            var review = c.Goals.FirstOrDefault(r => r.GoalId == goal.Id);
            if (review?.Attainment is null)
                throw new DomainRuleException("R5", $"Vurder måloppnåelsen for målet «{goal.Text}».");
            reviews.Add((goal, review));
        }
        if (c.Measures.Any(m => plan.Measures.All(x => x.Id != m.MeasureId)))
            throw new DomainRuleException("R5", "Et av tiltakene finnes ikke lenger i planen (kanskje fjernet av en annen).");
        foreach (var text in new[] { serviceDelivery, c.WayOfWorkingComment, ownWords, reason, c.OtherChanges }
                     .Concat(c.Goals.Select(g => g.Comment)))
            if (text is not null && text.Length > MaxText)
                throw new DomainRuleException("R5", $"Hvert tekstfelt kan ha høyst {MaxText} tegn.");

        var evaluation = new Evaluation
        {
            Id = id,
            PlanId = plan.Id,
            DueOn = c.DueOn,
            HeldOn = c.HeldOn,
            ServiceDelivery = serviceDelivery,
            WayOfWorking = fit,
            WayOfWorkingComment = Clean(c.WayOfWorkingComment),
            PersonsOwnWords = ownWords,
            NoOwnWordsReason = reason,
            OtherChanges = Clean(c.OtherChanges),
            NextEvaluationDate = next,
            RecordedByUserId = byUserId,
            RecordedByName = byName,
            RecordedByRole = byRole,
            CompletedAt = now,
        };
        foreach (var (goal, review) in reviews)
            evaluation._goals.Add(new EvaluationGoal(Guid.NewGuid(), id, goal.Id, goal.Text, review.Attainment!.Value, Clean(review.Comment)));

        // The agreed changes, through the plan: each becomes a line of the plan's next version.
        foreach (var (goal, review) in reviews)
        {
            var text = Clean(review.NewText) ?? goal.Text;
            var status = review.NewStatus ?? goal.Status;
            if (text != goal.Text || status != goal.Status)
                plan.UpdateGoal(goal.Id, text, status, goal.TargetDate, text == goal.Text && goal.InPersonsOwnWords);
            if (Clean(review.NewSubGoal) is { } subGoal)
                plan.AddGoal(subGoal, null, inPersonsOwnWords: false, goal.ParentGoalId ?? goal.Id);
        }
        foreach (var change in c.Measures)
        {
            var m = plan.Measures.Single(x => x.Id == change.MeasureId);
            var scope = Clean(change.NewScope) ?? m.Scope;
            var status = change.NewStatus ?? m.Status;
            if (scope == m.Scope && status == m.Status) continue;
            plan.UpdateMeasure(m.Id, new MeasureDetails(m.Title, scope, m.ResponsibleParticipantId, m.ResponsibleOrganisationId,
                m.ResponsibleOrganisationName, m.HowCarriedOut, m.Start, m.End, status, m.GoalId));
        }
        plan.SetDates(plan.PeriodStart, plan.PeriodEnd, plan.NextRevisionDate, next);
        plan.AttributeChanges(Name(c.HeldOn));
        evaluation.ChangesMade = string.Join("\n", plan.PendingChanges);
        return evaluation;
    }

    /// <summary>
    /// R9, R5, R12: an evaluation as it arrives with a transferred plan. The changes it made are already in the plan and its
    /// history, so nothing is changed again; the person's own words (or why there are none) are still required (R12). Each
    /// goal review keeps the goal's text as it was then, linked to the received goal of that text where there is one.
    /// </summary>
    public static Evaluation Received(IndividualPlan plan, ReceivedEvaluation r)
    {
        ReceivedHistory.EnsureReceiving(plan);
        var ownWords = Clean(r.PersonsOwnWords);
        var reason = ownWords is null ? Clean(r.NoOwnWordsReason) : null;
        if (ownWords is null && reason is null)
            throw new DomainRuleException("R12", "En evaluering mangler personens egen opplevelse eller hvorfor den ikke ble gitt.");
        var evaluation = new Evaluation
        {
            Id = r.Id,
            PlanId = plan.Id,
            DueOn = r.DueOn,
            HeldOn = r.HeldOn,
            ServiceDelivery = Clean(r.ServiceDelivery) ?? throw new DomainRuleException("R5", "En evaluering mangler hvordan tjenestene er gitt."),
            WayOfWorking = r.WayOfWorking,
            WayOfWorkingComment = Clean(r.WayOfWorkingComment),
            PersonsOwnWords = ownWords,
            NoOwnWordsReason = reason,
            OtherChanges = Clean(r.OtherChanges),
            NextEvaluationDate = r.NextEvaluationDate,
            ChangesMade = r.ChangesMade,
            RecordedByUserId = Guid.Empty,
            RecordedByName = r.RecordedByName,
            RecordedByRole = "overført",
            CompletedAt = r.CompletedAt,
        };
        foreach (var (text, attainment, comment) in r.Goals)
            evaluation._goals.Add(new EvaluationGoal(Guid.NewGuid(), r.Id, plan.Goals.FirstOrDefault(g => g.Text == text)?.Id ?? Guid.Empty, text,
                attainment, Clean(comment)));
        return evaluation;
    }

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>R5: one goal's attainment in an evaluation, with the goal's text as it was then.</summary>
public sealed class EvaluationGoal
{
    EvaluationGoal() { GoalText = ""; }

    internal EvaluationGoal(Guid id, Guid evaluationId, Guid goalId, string goalText, GoalAttainment attainment, string? comment)
    {
        Id = id;
        EvaluationId = evaluationId;
        GoalId = goalId;
        GoalText = goalText;
        Attainment = attainment;
        Comment = comment;
    }

    public Guid Id { get; private set; }
    public Guid EvaluationId { get; private set; }
    public Guid GoalId { get; private set; }
    public string GoalText { get; private set; }
    public GoalAttainment Attainment { get; private set; }
    public string? Comment { get; private set; }
}
