using Microsoft.EntityFrameworkCore;
using Samplan.Notifications;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Notifications.ReminderTestSupport;

namespace Samplan.Tests.Notifications;

public sealed class RemindersOnSqlite : ReminderJobTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class RemindersOnPostgreSql(PostgresCluster cluster) : ReminderJobTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The reminder job against the controllable clock: each kind fires once when due — not before, not again on the
/// next run, not again after a restart (a new job instance) — the recipient's e-mail choice is respected, and the
/// outbox e-mails hold no plan content.
/// </summary>
public abstract class ReminderJobTests : AppTests
{
    static readonly DateOnly Today = new(2026, 11, 23);

    void Advance(int days) => App.Clock.Advance(TimeSpan.FromDays(days));

    [Fact]
    public async Task Evaluation_and_revision_reminders_fire_once_before_the_date_and_once_when_overdue()
    {
        var arne = await App.PlanIdOfAsync("Arne Johansen");
        await SetPlanDatesAsync(App, arne, revision: Today.AddDays(20), evaluation: Today.AddDays(10));
        async Task<(int Due, int Overdue, int RevisionDue, int RevisionOverdue)> CountAsync() => (
            (await NoticesAsync(App, "kari", NotificationKind.EvaluationDue, $"evaluation-due:{arne:N}")).Count,
            (await NoticesAsync(App, "kari", NotificationKind.EvaluationDue, $"evaluation-overdue:{arne:N}")).Count,
            (await NoticesAsync(App, "kari", NotificationKind.RevisionDue, $"revision-due:{arne:N}")).Count,
            (await NoticesAsync(App, "kari", NotificationKind.RevisionDue, $"revision-overdue:{arne:N}")).Count);

        await Job(App).RunOnceAsync(default);
        Advance(2);
        await Job(App).RunOnceAsync(default);
        Assert.Equal((0, 0, 0, 0), await CountAsync());

        Advance(1); // the evaluation is 7 days away
        await Job(App).RunOnceAsync(default);
        await Job(App).RunOnceAsync(default);
        Assert.Equal((1, 0, 0, 0), await CountAsync());

        Advance(10); // evaluation 3 days overdue, revision 7 days away
        var job = Job(App);
        await job.RunOnceAsync(default);
        await job.RunOnceAsync(default);
        await Job(App, "node-b").RunOnceAsync(default);
        Assert.Equal((1, 1, 1, 0), await CountAsync());

        Advance(8);
        await Job(App).RunOnceAsync(default);
        await Job(App).RunOnceAsync(default);
        Assert.Equal((1, 1, 1, 1), await CountAsync());

        var due = Assert.Single(await NoticesAsync(App, "kari", NotificationKind.EvaluationDue, $"evaluation-due:{arne:N}"));
        Assert.Equal($"/plans/{arne}", due.Link);
        Assert.Contains(Today.AddDays(10).ToString("dd.MM.yyyy"), due.Body, StringComparison.Ordinal);
        await AssertOutboxHoldsNoPlanContentAsync(App);
    }

    [Fact]
    public async Task A_consent_about_to_expire_is_reminded_once_to_the_coordinator_of_each_open_plan()
    {
        // The demo consents run until today + 2 years: 31 days before, nothing; 30 days before, once per open plan.
        var validTo = Today.AddYears(2);
        Advance(validTo.DayNumber - Today.DayNumber - 31);
        await Job(App).RunOnceAsync(default);
        await using (var db = App.NewDb())
            Assert.Equal(0, await db.Notifications.CountAsync(n => n.Kind == NotificationKind.ConsentExpiring));

        Advance(1);
        await Job(App).RunOnceAsync(default);
        await Job(App, "node-b").RunOnceAsync(default);
        Advance(1);
        await Job(App).RunOnceAsync(default);

        var kari = await UserIdAsync(App, "kari");
        await using (var db = App.NewDb())
        {
            var notices = await db.Notifications.Where(n => n.Kind == NotificationKind.ConsentExpiring).ToListAsync();
            // Emma, Astrid and Arne (kari), Jonas (ola), Sara's draft (hanne); Knut's plan is closed.
            Assert.Equal(5, notices.Count);
            Assert.Equal(5, notices.Select(n => n.Link).Distinct().Count());
            Assert.Equal(3, notices.Count(n => n.RecipientUserId == kari));
            Assert.All(notices, n => Assert.Contains(validTo.ToString("dd.MM.yyyy"), n.Body, StringComparison.Ordinal));
        }
        await AssertOutboxHoldsNoPlanContentAsync(App);
    }

    [Fact]
    public async Task Task_reminders_go_to_the_assignee_once_the_day_before_and_once_when_overdue_and_inbox_items_to_the_unit()
    {
        // Demo: Ola's task on Arne's plan is due tomorrow, Per's was due yesterday, Arne's own is due in 7 days;
        // three received cases wait in Bjørkvik's inbox.
        await Job(App).RunOnceAsync(default);
        Assert.Single(await NoticesAsync(App, "ola", NotificationKind.TaskDue));
        Assert.Single(await NoticesAsync(App, "per", NotificationKind.TaskOverdue));
        Assert.Equal(3, (await NoticesAsync(App, "kari", NotificationKind.IntakeItem)).Count);
        Assert.Empty(await NoticesAsync(App, "hanne", NotificationKind.IntakeItem));
        Assert.Empty(await NoticesAsync(App, "arne", NotificationKind.TaskDue));

        Advance(5);
        await Job(App).RunOnceAsync(default);
        Assert.Empty(await NoticesAsync(App, "arne", NotificationKind.TaskDue));
        // Ingrid's task on Astrid's plan is due today, but no consent covers her yet (R3, R8): no reminder.
        Assert.Empty(await NoticesAsync(App, "ingrid", NotificationKind.TaskDue));
        Assert.Empty(await NoticesAsync(App, "ingrid", NotificationKind.TaskOverdue));

        Advance(1); // Arne's task is due tomorrow
        await Job(App).RunOnceAsync(default);
        await Job(App).RunOnceAsync(default);
        await Job(App, "node-b").RunOnceAsync(default);
        var due = Assert.Single(await NoticesAsync(App, "arne", NotificationKind.TaskDue));
        Assert.StartsWith("Du har en oppgave som forfaller", due.Body, StringComparison.Ordinal);

        Advance(2);
        await Job(App).RunOnceAsync(default);
        await Job(App).RunOnceAsync(default);
        Assert.Single(await NoticesAsync(App, "arne", NotificationKind.TaskDue));
        Assert.Single(await NoticesAsync(App, "arne", NotificationKind.TaskOverdue));
        Assert.Equal(3, (await NoticesAsync(App, "kari", NotificationKind.IntakeItem)).Count);

        // A task marked done is not reminded of any more.
        await using (var db = App.NewDb())
        {
            var erik = await db.PlanTasks.SingleAsync(t => t.AssigneeName == "Erik Strand");
            erik.Complete("Erik Strand", App.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        Advance(7);
        await Job(App).RunOnceAsync(default);
        Assert.Empty(await NoticesAsync(App, "erik", NotificationKind.TaskDue));
        Assert.Empty(await NoticesAsync(App, "erik", NotificationKind.TaskOverdue));
    }

    [Fact]
    public async Task The_recipients_choice_decides_the_email_and_the_outbox_holds_no_plan_content()
    {
        await using (var db = App.NewDb())
        {
            var ola = await db.UserAccounts.SingleAsync(u => u.UserName == "ola");
            ola.SetEmailPreferences("ola@example.no", Enum.GetValues<NotificationKind>().Where(k => k != NotificationKind.TaskDue));
            var kari = await db.UserAccounts.SingleAsync(u => u.UserName == "kari");
            kari.SetEmailPreferences(null, Enum.GetValues<NotificationKind>());
            await db.SaveChangesAsync();
        }
        var arne = await App.PlanIdOfAsync("Arne Johansen");
        await SetPlanDatesAsync(App, arne, revision: null, evaluation: Today.AddDays(2));
        int waiting;
        await using (var db = App.NewDb())
            waiting = await db.Notifications.CountAsync(n => n.EmailState == EmailState.Pending); // the demo's meeting summons

        var (created, delivered) = await Job(App).RunOnceAsync(default);

        var olaDue = Assert.Single(await NoticesAsync(App, "ola", NotificationKind.TaskDue));
        Assert.Equal(EmailState.NotWanted, olaDue.EmailState);
        Assert.Null(olaDue.ReadAt);
        Assert.All(await NoticesAsync(App, "kari", NotificationKind.IntakeItem), n => Assert.Equal(EmailState.NotWanted, n.EmailState));
        var perOverdue = Assert.Single(await NoticesAsync(App, "per", NotificationKind.TaskOverdue));
        Assert.Equal(EmailState.Sent, perOverdue.EmailState);
        await using (var db = App.NewDb())
        {
            Assert.Equal(created + waiting, delivered);
            Assert.Equal(0, await db.OutboxEmails.CountAsync(e => e.RecipientUserId == olaDue.RecipientUserId && e.NotificationId == olaDue.Id));
            var email = await db.OutboxEmails.SingleAsync(e => e.NotificationId == perOverdue.Id);
            Assert.Equal("per@example.no", email.To);
            Assert.Equal("Oppgave på overtid", email.Subject);
            Assert.Contains("Du har en oppgave som forfalt", email.Body, StringComparison.Ordinal);
            Assert.Contains($"http://localhost:5080/notifications/{perOverdue.Id}", email.Body, StringComparison.Ordinal);
            Assert.Equal(0, await db.Notifications.CountAsync(n => n.EmailState == EmailState.Pending));
        }
        await AssertOutboxHoldsNoPlanContentAsync(App);
        await using (var db = App.NewDb())
            Assert.Contains(await db.PlanTasks.Select(t => t.Title).ToListAsync(), t => t.StartsWith("Sende utskrivingsrapport", StringComparison.Ordinal));
    }
}
