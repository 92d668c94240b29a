using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Meetings;

public sealed class PlanCycleOnSqlite : PlanCycleTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PlanCycleOnPostgreSql(PostgresCluster cluster) : PlanCycleTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// R5, a living plan, end to end through the pages as a coordinator runs it: summon the responsibility group, write
/// the minutes whose decision becomes a measure, hold the evaluation where the person's own words go with a changed
/// goal — and the revision history shows each change with where it was agreed.
/// </summary>
public abstract partial class PlanCycleTests : AppTests
{
    const string Person = "Arne Johansen";
    const string Goal = "Klare personlig hygiene selv";
    const string NewMeasure = "Trening på å dusje med krakk";
    const string OwnWords = "Jeg klarer dusjen selv nå, og vil heller trene på å lage middag.";

    [GeneratedRegex(@"/plans/[0-9a-f-]{36}/meetings/([0-9a-f-]{36})$")]
    private static partial Regex MeetingPath();

    static string Errors(Page page) => Regex.Match(page.Html, "error-summary.*?</div>", RegexOptions.Singleline).Value;

    async Task<IndividualPlan> PlanAsync(Guid planId)
    {
        await using var db = App.NewDb();
        return await db.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Goals).Include(p => p.Measures).Include(p => p.Participants)
            .SingleAsync(p => p.Id == planId);
    }

    [Fact]
    public async Task A_coordinator_runs_meeting_minutes_and_evaluation_and_the_history_shows_each_change_R5_R12_A2()
    {
        var planId = await App.PlanIdOfAsync(Person);
        var before = await PlanAsync(planId);
        var ola = before.Participants.Single(p => p.Name == "Ola Hansen").Id;
        var kari = await Browser.SignedInAsync(App, "kari");

        // 1. Summon the group tomorrow (the demo clock stands at 23.11.2026).
        var summons = await kari.SubmitAsync($"/plans/{planId}/meetings/new", new()
        {
            ["Input.Agenda"] = "Hvordan går det med dusjen? Hva er neste mål?",
            ["Input.Day"] = "2026-11-24",
            ["Input.Starts"] = "10:00",
            ["Input.Ends"] = "11:00",
            ["Input.Place"] = "Bjørkvik helsehus",
            ["Invitees[0]"] = ola.ToString(),
        });
        Assert.True(summons.Status == HttpStatusCode.Redirect, Errors(summons));
        var meetingId = Guid.Parse(MeetingPath().Match(summons.Location!.AbsolutePath).Groups[1].Value);
        await using (var db = App.NewDb())
            Assert.True(await db.Notifications.AnyAsync(n => n.DedupeKey.StartsWith($"meeting:{meetingId:N}:summons")));

        // 2. The day after the meeting: minutes with the person's own input, and a decision that becomes a measure.
        App.Clock.Advance(TimeSpan.FromDays(2));
        kari = await Browser.SignedInAsync(App, "kari");
        var minutesUrl = $"/plans/{planId}/meetings/{meetingId}/minutes";
        Meeting meeting;
        await using (var db = App.NewDb())
            meeting = await db.Meetings.Include(m => m.Invitees).SingleAsync(m => m.Id == meetingId);
        var minutes = new Dictionary<string, string>
        {
            ["PersonsOwnInput"] = "Jeg vil klare å dusje uten at noen er til stede.",
            ["Text"] = "Gikk gjennom hverdagsrehabiliteringen.",
        };
        foreach (var invitee in meeting.Invitees) minutes[$"Attendance[{invitee.Id}]"] = "Present";
        var saved = await kari.SubmitAsync(minutesUrl, minutes, $"{minutesUrl}?handler=Save");
        Assert.True(saved.Status == HttpStatusCode.Redirect, Errors(saved));
        var decided = await kari.SubmitAsync(minutesUrl, new() { ["DecisionText"] = NewMeasure }, $"{minutesUrl}?handler=Decision");
        Assert.True(decided.Status == HttpStatusCode.Redirect, Errors(decided));
        Guid decisionId;
        await using (var db = App.NewDb())
            decisionId = (await db.Meetings.Include(m => m.Decisions).SingleAsync(m => m.Id == meetingId)).Decisions.Single().Id;
        var measure = await kari.SubmitAsync(minutesUrl, new()
        {
            ["DecisionId"] = decisionId.ToString(),
            ["MeasureTitle"] = NewMeasure,
            ["Scope"] = "2 ganger i uka i 4 uker",
            ["ParticipantId"] = ola.ToString(),
        }, $"{minutesUrl}?handler=Measure");
        Assert.True(measure.Status == HttpStatusCode.Redirect, Errors(measure));

        // 3. The evaluation: the goal is achieved, in the person's own words, and the next evaluation is set.
        var plan = await PlanAsync(planId);
        var goal = plan.Goals.Single(g => g.Text == Goal);
        var evaluation = new Dictionary<string, string>
        {
            ["Input.HeldOn"] = "2026-11-25",
            ["Input.Goals[0].GoalId"] = goal.Id.ToString(),
            ["Input.Goals[0].Attainment"] = nameof(GoalAttainment.Achieved),
            ["Input.Goals[0].Comment"] = "Dusjer selv med krakk.",
            ["Input.Goals[0].NewStatus"] = nameof(GoalStatus.Achieved),
            ["Input.ServiceDelivery"] = "Tjenestene er gitt som avtalt.",
            ["Input.WayOfWorking"] = nameof(WayOfWorkingFit.Yes),
            ["Input.PersonsOwnWords"] = OwnWords,
            ["Input.NextEvaluationDate"] = "2027-03-01",
        };
        var measures = plan.Measures.OrderBy(m => m.Title).ToList();
        for (var i = 0; i < measures.Count; i++) evaluation[$"Input.Measures[{i}].MeasureId"] = measures[i].Id.ToString();
        var evaluated = await PostPlanFormAsync(kari, $"/plans/{planId}/evaluations/new", null, evaluation);
        Assert.True(evaluated.Status == HttpStatusCode.Redirect, Errors(evaluated));

        // 4. The plan and its history show each change, and say where it was agreed.
        var after = await PlanAsync(planId);
        Assert.Equal(GoalStatus.Achieved, after.Goals.Single(g => g.Id == goal.Id).Status);
        Assert.Contains(after.Measures, m => m.Title == NewMeasure && m.ResponsibleParticipantId == ola);
        Assert.Equal(new DateOnly(2027, 3, 1), after.NextEvaluationDate);
        Assert.Equal(before.Version + 2, after.Version);
        var history = (await kari.GetAsync($"/plans/{planId}/history")).Html;
        Assert.Contains($"Møte i ansvarsgruppen 24.11.2026: Tiltak lagt til: {NewMeasure}", history, StringComparison.Ordinal);
        Assert.Contains($"Evaluering 25.11.2026: Mål endret: {Goal}", history, StringComparison.Ordinal);
        Assert.Contains("Evaluering 25.11.2026: Planperiode og datoer for revisjon og evaluering endret", history, StringComparison.Ordinal);
        var evaluationPage = await kari.GetAsync(evaluated.Location!.AbsolutePath);
        Assert.Contains(OwnWords, evaluationPage.Html, StringComparison.Ordinal);

        // The person reads the changed plan and their own words (R12); someone outside the plan sees none of it.
        var arne = await Browser.SignedInAsync(App, "arne");
        Assert.Contains(OwnWords, (await arne.GetAsync(evaluated.Location!.AbsolutePath)).Html, StringComparison.Ordinal);
        var tone = await Browser.SignedInAsync(App, "tone");
        foreach (var url in new[] { minutesUrl, evaluated.Location!.AbsolutePath, $"/plans/{planId}/history" })
            Assert.Equal(HttpStatusCode.NotFound, (await tone.GetAsync(url)).Status);
    }
}
