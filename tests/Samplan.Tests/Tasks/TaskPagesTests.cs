using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Meetings;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Tasks;

public sealed class TaskPagesOnSqlite : TaskPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class TaskPagesOnPostgreSql(PostgresCluster cluster) : TaskPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>The plan's tasks page and "my tasks" (C4), read through the gate: only those the consent covers see tasks (R8).</summary>
public abstract class TaskPagesTests : AppTests
{
    static readonly DateOnly Today = new(2026, 11, 23);

    async Task<int> TaskCountAsync(Guid planId)
    {
        await using var db = App.NewDb();
        return await db.PlanTasks.CountAsync(t => t.PlanId == planId);
    }

    [Fact]
    public async Task The_coordinator_assigns_a_task_the_assignee_finds_it_overdue_first_in_my_tasks_and_marks_it_done_C4()
    {
        var emma = await App.PlanIdOfAsync(EmmaName);
        var ola = ParticipantNamed(await PlanAsync(App, emma), "Ola Hansen");
        var kari = await Browser.SignedInAsync(App, "kari");

        var added = await kari.SubmitAsync($"/plans/{emma}/tasks", new()
        {
            ["Title"] = "Ringe PPT om sakkyndig vurdering",
            ["AssigneeParticipantId"] = ola.Id.ToString(),
            ["DueOn"] = Today.AddDays(-1).ToString("yyyy-MM-dd"),
        }, $"/plans/{emma}/tasks?handler=Add");
        Assert.Equal(HttpStatusCode.Redirect, added.Status);

        var olaBrowser = await Browser.SignedInAsync(App, "ola");
        var mine = await olaBrowser.GetAsync("/my/tasks");
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        var overdue = mine.Html.IndexOf("Ringe PPT om sakkyndig vurdering", StringComparison.Ordinal);
        Assert.True(overdue > 0);
        Assert.True(overdue < mine.Html.IndexOf("Vurdere hjelpemidler på badet", StringComparison.Ordinal), "Overdue first");
        Assert.True(overdue < mine.Html.IndexOf("Bestille balansebrett", StringComparison.Ordinal), "Overdue first");
        Assert.Contains($"href=\"/plans/{emma}/tasks\"", mine.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Oppdatere IOP", mine.Html, StringComparison.Ordinal);

        Guid taskId;
        await using (var db = App.NewDb())
            taskId = await db.PlanTasks.Where(t => t.Title == "Ringe PPT om sakkyndig vurdering").Select(t => t.Id).SingleAsync();
        // Erik reads the tasks but may not close Ola's.
        var erik = await Browser.SignedInAsync(App, "erik");
        Assert.Equal(HttpStatusCode.Forbidden, (await erik.SubmitAsync($"/plans/{emma}/tasks", new() { ["TaskId"] = taskId.ToString() },
            $"/plans/{emma}/tasks?handler=Complete")).Status);
        var done = await olaBrowser.SubmitAsync($"/plans/{emma}/tasks", new() { ["TaskId"] = taskId.ToString() },
            $"/plans/{emma}/tasks?handler=Complete");
        Assert.Equal(HttpStatusCode.Redirect, done.Status);

        Assert.DoesNotContain("Ringe PPT om sakkyndig vurdering", (await olaBrowser.GetAsync("/my/tasks")).Html, StringComparison.Ordinal);
        await using (var db = App.NewDb())
        {
            var task = await db.PlanTasks.SingleAsync(t => t.Id == taskId);
            Assert.Equal(PlanTaskStatus.Done, task.Status);
            Assert.Equal("Ola Hansen", task.ClosedByName);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "task.close" && a.PlanId == emma && a.Allowed));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "task.list" && a.Part == "Tasks"));
        }
    }

    [Fact]
    public async Task Bad_input_gets_a_message_and_saves_nothing_and_only_the_coordinator_assigns()
    {
        var emma = await App.PlanIdOfAsync(EmmaName);
        var ola = ParticipantNamed(await PlanAsync(App, emma), "Ola Hansen");
        var before = await TaskCountAsync(emma);
        var kari = await Browser.SignedInAsync(App, "kari");

        var noTitle = await kari.SubmitAsync($"/plans/{emma}/tasks", new()
        {
            ["Title"] = " ", ["AssigneeParticipantId"] = ola.Id.ToString(), ["DueOn"] = Today.ToString("yyyy-MM-dd"),
        }, $"/plans/{emma}/tasks?handler=Add");
        var noDate = await kari.SubmitAsync($"/plans/{emma}/tasks", new()
        {
            ["Title"] = "Noe", ["AssigneeParticipantId"] = ola.Id.ToString(), ["DueOn"] = "ikke en dato",
        }, $"/plans/{emma}/tasks?handler=Add");
        var stranger = await kari.SubmitAsync($"/plans/{emma}/tasks", new()
        {
            ["Title"] = "Noe", ["AssigneeParticipantId"] = Guid.NewGuid().ToString(), ["DueOn"] = Today.ToString("yyyy-MM-dd"),
        }, $"/plans/{emma}/tasks?handler=Add");
        var olaTries = await (await Browser.SignedInAsync(App, "ola")).SubmitAsync($"/plans/{emma}/tasks", new()
        {
            ["Title"] = "Noe", ["AssigneeParticipantId"] = ola.Id.ToString(), ["DueOn"] = Today.ToString("yyyy-MM-dd"),
        }, $"/plans/{emma}/tasks?handler=Add");

        foreach (var page in new[] { noTitle, noDate, stranger })
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("Noe må rettes", page.Html, StringComparison.Ordinal);
        }
        Assert.Contains("(R4)", stranger.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, olaTries.Status);
        Assert.Equal(before, await TaskCountAsync(emma));
    }

    [Fact]
    public async Task Non_participants_uncovered_participants_and_administrators_see_no_tasks_R8()
    {
        var emma = await App.PlanIdOfAsync(EmmaName);
        var astrid = await App.PlanIdOfAsync("Astrid Solberg");
        foreach (var user in new[] { "tone", "admin" })
        {
            var browser = await Browser.SignedInAsync(App, user);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/plans/{emma}/tasks")).Status);
            var mine = await browser.GetAsync("/my/tasks");
            Assert.Equal(HttpStatusCode.OK, mine.Status);
            Assert.Contains("Du har ingen åpne oppgaver.", mine.Html, StringComparison.Ordinal);
        }
        // Ingrid takes part in Astrid's plan and has a task there, but no consent covers her yet (R3).
        var ingrid = await Browser.SignedInAsync(App, "ingrid");
        Assert.Equal(HttpStatusCode.NotFound, (await ingrid.GetAsync($"/plans/{astrid}/tasks")).Status);
        var hers = await ingrid.GetAsync("/my/tasks");
        Assert.DoesNotContain("Gjennomgang av faste medisiner", hers.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Astrid", hers.Html, StringComparison.Ordinal);
        // The coordinating unit sees that the plan exists, not its tasks (K4).
        await CreateAccountAsync(App, "ke", SystemRole.Staff | SystemRole.CoordinatingUnitStaff, "Bjørkvik kommune");
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "ke")).GetAsync($"/plans/{emma}/tasks")).Status);
        // Arne sees his own task on his own plan, and nothing of Emma's.
        await CreateAccountAsync(App, "citizen", SystemRole.Citizen, personId: await PersonIdAsync(App, "Arne Johansen"));
        var arne = await Browser.SignedInAsync(App, "citizen");
        var own = await arne.GetAsync("/my/tasks");
        Assert.Contains("Skrive ned hva som er viktigst å klare selv hjemme", own.Html, StringComparison.Ordinal);
        Assert.Contains("Min plan", own.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Vurdere hjelpemidler", own.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await arne.GetAsync($"/plans/{emma}/tasks")).Status);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "plan.read" && a.PlanId == astrid && a.Part == "Tasks" && !a.Allowed));
    }

    [Fact]
    public async Task A_withdrawn_consent_takes_the_task_out_of_my_tasks_at_once_S5_R8()
    {
        var emma = await App.PlanIdOfAsync(EmmaName);
        var ola = await Browser.SignedInAsync(App, "ola");
        Assert.Contains("Bestille balansebrett", (await ola.GetAsync("/my/tasks")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ola.GetAsync($"/plans/{emma}/tasks")).Status);

        var kari = await Browser.SignedInAsync(App, "kari");
        var consent = ConsentNaming(await PlanAsync(App, emma), "Ola Hansen");
        Assert.Equal(HttpStatusCode.Redirect, (await PostPlanFormAsync(kari, $"/plans/{emma}/consent", "Withdraw",
            new() { ["ConsentId"] = consent.Id.ToString() })).Status);

        var mine = await ola.GetAsync("/my/tasks");
        Assert.DoesNotContain("Bestille balansebrett", mine.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(EmmaName, mine.Html, StringComparison.Ordinal);
        Assert.Contains("Vurdere hjelpemidler på badet", mine.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync($"/plans/{emma}/tasks")).Status);
    }
}
