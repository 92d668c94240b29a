using Samplan.Domain.Meetings;

namespace Samplan.Domain.Tests;

/// <summary>R5, R12: the person's own experience written before an evaluation, for the coordinator to bring into it.</summary>
public sealed class EvaluationExperienceTests
{
    static Plans.IndividualPlan PlanWithEvaluationDate()
    {
        var plan = Build.ReadyPlan();
        plan.SetDates(Build.Today, Build.Today.AddYears(1), Build.Today.AddMonths(6), Build.Today.AddMonths(3));
        return plan;
    }

    [Fact]
    public void R12_the_experience_is_for_the_plans_next_evaluation_in_the_persons_words()
    {
        var plan = PlanWithEvaluationDate();

        var e = EvaluationExperience.Write(Guid.NewGuid(), plan, "  Det går bedre med dusjen.  ", Guid.NewGuid(), "Arne Johansen", false, Build.Now);

        Assert.Equal(Build.Today.AddMonths(3), e.ForEvaluationOn);
        Assert.Equal("Det går bedre med dusjen.", e.Text);
        Assert.False(e.WrittenByRepresentative);
    }

    [Fact]
    public void R12_an_empty_experience_is_refused_and_a_change_keeps_who_wrote_it_last()
    {
        var plan = PlanWithEvaluationDate();
        Refusal.Of("R12", () => EvaluationExperience.Write(Guid.NewGuid(), plan, "  ", Guid.NewGuid(), "Arne Johansen", false, Build.Now));
        var e = EvaluationExperience.Write(Guid.NewGuid(), plan, "Første", Guid.NewGuid(), "Emma Larsen", false, Build.Now);

        e.Change("Andre", Guid.NewGuid(), "Lene Larsen", true, Build.Now.AddHours(1));

        Assert.Equal("Andre", e.Text);
        Assert.Equal("Lene Larsen", e.WrittenByName);
        Assert.True(e.WrittenByRepresentative);
        Refusal.Of("R12", () => e.Change(new string('x', EvaluationExperience.MaxText + 1), Guid.NewGuid(), "Lene Larsen", true, Build.Now));
    }

    [Fact]
    public void R5_without_an_evaluation_date_there_is_nothing_to_write_for()
    {
        var plan = Build.ReadyPlan();

        Refusal.Of("R5", () => EvaluationExperience.Write(Guid.NewGuid(), plan, "Det går fint.", Guid.NewGuid(), "Arne Johansen", false, Build.Now));
    }
}
