using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class EvaluationTests
{
    static readonly DateOnly Next = Today.AddMonths(6);

    static (IndividualPlan Plan, Goal Goal, Measure Measure) PlanWithGoalAndMeasure()
    {
        var plan = ReadyPlan();
        var goal = plan.AddGoal("Sykle til skolen", Today.AddMonths(6), inPersonsOwnWords: true);
        var measure = plan.AddMeasure(new MeasureDetails("Balansetrening", "2 ganger i uka", null, Municipality.Id, Municipality.Name,
            null, Today, null, MeasureStatus.Ongoing, goal.Id));
        plan.SetDates(Today.AddDays(-30), Today.AddYears(1), Today.AddMonths(3), Today);
        plan.MarkSaved();
        return (plan, goal, measure);
    }

    static EvaluationContent Content(IndividualPlan plan, string? ownWords = "Jeg sykler nesten hver dag nå.", string? reason = null,
        GoalStatus? newStatus = null, string? subGoal = null, IReadOnlyList<MeasureChange>? measures = null, DateOnly? next = null,
        GoalAttainment? attainment = GoalAttainment.Achieved) =>
        new(Today, plan.NextEvaluationDate, plan.Goals.Select(g => new GoalReview(g.Id, attainment, "Bra", newStatus, null, subGoal)).ToList(),
            "Tjenestene er gitt som avtalt.", WayOfWorkingFit.Yes, null, ownWords, reason, null, measures ?? [], next ?? Next);

    static Evaluation Complete(IndividualPlan plan, EvaluationContent content) =>
        Evaluation.Complete(Guid.NewGuid(), plan, content, Guid.NewGuid(), "Kari Nordmann", "koordinator", Today, Now);

    [Fact]
    public void An_evaluation_without_the_persons_own_words_or_a_reason_is_refused_and_changes_nothing_R12_R5()
    {
        var (plan, goal, _) = PlanWithGoalAndMeasure();

        Refusal.Of("R12", () => Complete(plan, Content(plan, ownWords: "  ", newStatus: GoalStatus.Achieved)));

        Assert.Equal(GoalStatus.NotStarted, goal.Status);
        Assert.Equal(Today, plan.NextEvaluationDate);
        Assert.Empty(plan.PendingChanges);
    }

    [Fact]
    public void A_recorded_reason_why_the_person_gave_no_words_completes_the_evaluation_R12()
    {
        var (plan, _, _) = PlanWithGoalAndMeasure();

        var evaluation = Complete(plan, Content(plan, ownWords: null, reason: "Personen ønsket ikke å si noe i dag."));

        Assert.Null(evaluation.PersonsOwnWords);
        Assert.Equal("Personen ønsket ikke å si noe i dag.", evaluation.NoOwnWordsReason);
    }

    [Fact]
    public void Every_goal_needs_its_attainment_R5()
    {
        var (plan, _, _) = PlanWithGoalAndMeasure();

        Refusal.Of("R5", () => Complete(plan, Content(plan, attainment: null)));

        Assert.Empty(plan.PendingChanges);
    }

    [Fact]
    public void Agreed_changes_go_through_the_plan_each_naming_the_evaluation_R5()
    {
        var (plan, goal, measure) = PlanWithGoalAndMeasure();

        var evaluation = Complete(plan, Content(plan, newStatus: GoalStatus.Achieved, subGoal: "Sykle alene",
            measures: [new MeasureChange(measure.Id, MeasureStatus.Completed, "1 gang i uka")]));

        Assert.Equal(GoalStatus.Achieved, goal.Status);
        Assert.Contains(plan.Goals, g => g.ParentGoalId == goal.Id && g.Text == "Sykle alene");
        Assert.Equal(MeasureStatus.Completed, measure.Status);
        Assert.Equal("1 gang i uka", measure.Scope);
        Assert.Equal(Next, plan.NextEvaluationDate);
        Assert.Equal(Today.AddMonths(3), plan.NextRevisionDate);
        var name = Evaluation.Name(Today);
        Assert.Contains($"{name}: Mål endret: Sykle til skolen", plan.PendingChanges);
        Assert.Contains($"{name}: Delmål lagt til: Sykle alene", plan.PendingChanges);
        Assert.Contains($"{name}: Tiltak endret: Balansetrening", plan.PendingChanges);
        Assert.All(plan.PendingChanges, line => Assert.StartsWith(name, line, StringComparison.Ordinal));
        Assert.Equal(string.Join("\n", plan.PendingChanges), evaluation.ChangesMade);
        Assert.Equal(GoalAttainment.Achieved, Assert.Single(evaluation.Goals).Attainment);
    }

    [Fact]
    public void The_next_evaluation_date_is_agreed_and_after_this_one_R5()
    {
        var (plan, _, _) = PlanWithGoalAndMeasure();

        Refusal.Of("R5", () => Complete(plan, Content(plan, next: Today)));

        Assert.Empty(plan.PendingChanges);
    }

    [Fact]
    public void A_closed_plan_is_not_evaluated_R10()
    {
        var (plan, _, _) = PlanWithGoalAndMeasure();
        plan.Close("Ikke lenger behov, avtalt med personen.", agreedWithPerson: true, Now);

        Refusal.Of("R10", () => Complete(plan, Content(plan)));
    }

    [Fact]
    public void A_completed_evaluation_cannot_be_changed_R5() =>
        Assert.All(typeof(Evaluation).GetProperties().Concat(typeof(EvaluationGoal).GetProperties()),
            p => Assert.True(p.SetMethod is null || !p.SetMethod.IsPublic, $"{p.Name} has a public setter"));
}
