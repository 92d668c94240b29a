using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Evaluations;

public sealed class EvaluationPagesOnSqlite : EvaluationPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class EvaluationPagesOnPostgreSql(PostgresCluster cluster) : EvaluationPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// R5, R12 through the real pages on Arne's plan: the coordinator evaluates with the person's own words, the agreed
/// changes land in the plan and its history naming the evaluation, all in one transaction or not at all; the
/// person and covered participants read it, everyone else gets 404.
/// </summary>
public abstract class EvaluationPagesTests : AppTests
{
    const string Person = "Arne Johansen";
    const string Goal = "Klare personlig hygiene selv";
    const string Measure = "Hverdagsrehabilitering";
    const string OwnWords = "Jeg dusjer selv nå, og det betyr mye for meg.";

    async Task<(Guid PlanId, IndividualPlan Plan)> ArnesPlanAsync()
    {
        var planId = await App.PlanIdOfAsync(Person);
        await using var db = App.NewDb();
        var plan = await db.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Goals).Include(p => p.Measures).Include(p => p.Participants)
            .SingleAsync(p => p.Id == planId);
        return (planId, plan);
    }

    /// <summary>The form as the coordinator fills it in: the goal achieved, the measure's scope and status changed.</summary>
    static Dictionary<string, string> Form(IndividualPlan plan, string? ownWords)
    {
        var goal = plan.Goals.Single(g => g.Text == Goal);
        var measures = plan.Measures.OrderBy(m => m.Title).ToList();
        var fields = new Dictionary<string, string>
        {
            ["Input.HeldOn"] = "2026-11-23",
            ["Input.Goals[0].GoalId"] = goal.Id.ToString(),
            ["Input.Goals[0].Attainment"] = nameof(GoalAttainment.Achieved),
            ["Input.Goals[0].Comment"] = "Dusjer selv med krakk.",
            ["Input.Goals[0].NewStatus"] = nameof(GoalStatus.Achieved),
            ["Input.ServiceDelivery"] = "Hverdagsrehabiliteringen er gitt fem dager i uka som avtalt.",
            ["Input.WayOfWorking"] = nameof(WayOfWorkingFit.Yes),
            ["Input.PersonsOwnWords"] = ownWords ?? "",
            ["Input.NextEvaluationDate"] = "2027-03-01",
            ["Input.TaskTitle"] = "Søke om krakk til dusjen",
            ["Input.TaskAssignee"] = plan.Participants.Single(p => p.Name == "Ola Hansen").Id.ToString(),
            ["Input.TaskDueOn"] = "2026-12-15",
        };
        for (var i = 0; i < measures.Count; i++)
        {
            fields[$"Input.Measures[{i}].MeasureId"] = measures[i].Id.ToString();
            if (measures[i].Title != Measure) continue;
            fields[$"Input.Measures[{i}].NewStatus"] = nameof(MeasureStatus.Ongoing);
            fields[$"Input.Measures[{i}].NewScope"] = "3 dager i uka i 4 uker";
        }
        return fields;
    }

    [Fact]
    public async Task Completing_an_evaluation_changes_goal_measure_and_date_and_the_history_names_it_R5_R12()
    {
        var (planId, plan) = await ArnesPlanAsync();
        var kari = await Browser.SignedInAsync(App, "kari");
        var due = await kari.GetAsync($"/plans/{planId}/evaluations");
        Assert.Equal(HttpStatusCode.OK, due.Status);
        Assert.Contains("Avtalt til 23.12.2026.", due.Html, StringComparison.Ordinal);
        Assert.Contains($"/plans/{planId}/evaluations/new", due.Html, StringComparison.Ordinal);

        var done = await PostPlanFormAsync(kari, $"/plans/{planId}/evaluations/new", null, Form(plan, OwnWords));

        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        await using (var db = App.NewDb())
        {
            var stored = await db.Plans.AsNoTracking().Include(p => p.Goals).Include(p => p.Measures).SingleAsync(p => p.Id == planId);
            Assert.Equal(GoalStatus.Achieved, stored.Goals.Single(g => g.Text == Goal).Status);
            var measure = stored.Measures.Single(m => m.Title == Measure);
            Assert.Equal("3 dager i uka i 4 uker", measure.Scope);
            Assert.Equal(MeasureStatus.Ongoing, measure.Status);
            Assert.Equal(new DateOnly(2027, 3, 1), stored.NextEvaluationDate);
            Assert.Equal(plan.Version + 1, stored.Version);
            var evaluation = await db.Evaluations.Include(e => e.Goals).SingleAsync(e => e.PlanId == planId);
            Assert.Equal(new DateOnly(2026, 12, 23), evaluation.DueOn);
            Assert.Equal(OwnWords, evaluation.PersonsOwnWords);
            Assert.Equal(GoalAttainment.Achieved, Assert.Single(evaluation.Goals).Attainment);
            Assert.Equal($"/plans/{planId}/evaluations/{evaluation.Id}", done.Location!.AbsolutePath);
            var task = await db.PlanTasks.SingleAsync(t => t.PlanId == planId && t.Source == TaskSource.Evaluation);
            Assert.Equal((TaskSource.Evaluation, (Guid?)evaluation.Id), (task.Source, task.SourceId));
        }

        var history = await kari.GetAsync($"/plans/{planId}/history");
        Assert.Contains($"Evaluering 23.11.2026: Mål endret: {Goal}", history.Html, StringComparison.Ordinal);
        Assert.Contains($"Evaluering 23.11.2026: Tiltak endret: {Measure}", history.Html, StringComparison.Ordinal);
        Assert.Contains("Evaluering 23.11.2026: Planperiode og datoer for revisjon og evaluering endret", history.Html, StringComparison.Ordinal);
        var planPage = await kari.GetAsync($"/plans/{planId}");
        Assert.Contains("01.03.2027", planPage.Html, StringComparison.Ordinal);
        Assert.Contains("3 dager i uka i 4 uker", planPage.Html, StringComparison.Ordinal);

        // Read only afterwards, for the person (R12) and a covered participant; 404 for anyone else.
        var view = done.Location!.AbsolutePath;
        foreach (var reader in new[] { "kari", "arne", "ola" })
        {
            var page = await (reader == "kari" ? kari : await Browser.SignedInAsync(App, reader)).GetAsync(view);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains(OwnWords, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("<form method=\"post\" class=\"form\"", page.Html, StringComparison.Ordinal);
        }
        var ola = await Browser.SignedInAsync(App, "ola");
        Assert.Equal(HttpStatusCode.Forbidden, (await ola.GetAsync($"/plans/{planId}/evaluations/new")).Status);
        foreach (var outsider in new[] { "tone", "admin" })
        {
            var browser = await Browser.SignedInAsync(App, outsider);
            foreach (var url in new[] { view, $"/plans/{planId}/evaluations", $"/plans/{planId}/evaluations/new" })
            {
                var page = await browser.GetAsync(url);
                Assert.Equal(HttpStatusCode.NotFound, page.Status);
                Assert.DoesNotContain(OwnWords, page.Html, StringComparison.Ordinal);
            }
        }
        await using var audit = App.NewDb();
        Assert.True(await audit.AuditEntries.AnyAsync(e => e.UserName == "tone" && e.PlanId == planId && e.Part == "Evaluations" && !e.Allowed));
    }

    [Fact]
    public async Task An_evaluation_without_the_persons_own_words_saves_nothing_R12_R5()
    {
        var (planId, plan) = await ArnesPlanAsync();
        var kari = await Browser.SignedInAsync(App, "kari");

        var refused = await PostPlanFormAsync(kari, $"/plans/{planId}/evaluations/new", null, Form(plan, ownWords: null));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Noe må rettes", refused.Html, StringComparison.Ordinal);
        Assert.Contains("(R12)", refused.Html, StringComparison.Ordinal);
        // The user's input is kept on the page.
        Assert.Contains("Hverdagsrehabiliteringen er gitt fem dager i uka som avtalt.", refused.Html, StringComparison.Ordinal);
        await using var db = App.NewDb();
        var stored = await db.Plans.AsNoTracking().Include(p => p.Goals).Include(p => p.Measures).SingleAsync(p => p.Id == planId);
        Assert.Equal(plan.Version, stored.Version);
        Assert.Equal(plan.Goals.Single(g => g.Text == Goal).Status, stored.Goals.Single(g => g.Text == Goal).Status);
        Assert.Equal(plan.Measures.Single(m => m.Title == Measure).Scope, stored.Measures.Single(m => m.Title == Measure).Scope);
        Assert.Equal(plan.NextEvaluationDate, stored.NextEvaluationDate);
        Assert.False(await db.Evaluations.AnyAsync(e => e.PlanId == planId));
        Assert.False(await db.PlanTasks.AnyAsync(t => t.PlanId == planId && t.Source == TaskSource.Evaluation));
    }
}
