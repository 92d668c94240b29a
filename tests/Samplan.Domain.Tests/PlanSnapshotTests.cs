using Samplan.Domain.Plans;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class PlanSnapshotTests
{
    [Fact]
    public void Compare_shows_added_and_removed_lines_R5()
    {
        string[] older = ["Status: Draft", "Mål: Sykle", "Behov: Balanse"];
        string[] newer = ["Status: Draft", "Behov: Balanse", "Ressurs: Venner"];

        var diff = PlanSnapshot.Compare(older, newer);

        Assert.Equal(
        [
            (' ', "Status: Draft"),
            ('-', "Mål: Sykle"),
            (' ', "Behov: Balanse"),
            ('+', "Ressurs: Venner"),
        ], diff);
    }

    [Fact]
    public void Comparing_two_renderings_shows_what_changed_in_the_plans_own_words_R5()
    {
        var plan = Plan();
        var goal = plan.AddGoal("Sykle til skolen", null, inPersonsOwnWords: true);
        var before = PlanSnapshot.Render(plan);

        plan.RemoveGoal(goal.Id);
        plan.AddResource("En god venn i klassen");
        var diff = PlanSnapshot.Compare(before, PlanSnapshot.Render(plan));

        Assert.Contains(('-', "Mål: Sykle til skolen [Ikke startet]"), diff);
        Assert.Contains(('+', "Ressurs: En god venn i klassen"), diff);
        Assert.Equal(2, diff.Count(d => d.Kind != ' '));
    }

    [Fact]
    public void Identical_renderings_have_no_changes()
    {
        var lines = PlanSnapshot.Render(Plan());

        Assert.All(PlanSnapshot.Compare(lines, lines), d => Assert.Equal(' ', d.Kind));
    }
}
