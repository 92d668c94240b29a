using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Notifications;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Notifications.ReminderTestSupport;

namespace Samplan.Tests.Notifications;

public sealed class NotificationPagesOnSqlite : NotificationPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class NotificationPagesOnPostgreSql(PostgresCluster cluster) : NotificationPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>"Varsler" with its badge, opening a notice, the outbox page and the e-mail choices.</summary>
public abstract class NotificationPagesTests : AppTests
{
    [Fact]
    public async Task A_notice_shows_with_a_badge_opens_its_link_marks_itself_read_and_is_no_one_elses()
    {
        // The demo's meeting summons would count in the badges too; this test is about the reminders it makes itself.
        await using (var db = App.NewDb())
            await db.Notifications.Where(n => n.Kind == NotificationKind.MeetingSummons).ExecuteDeleteAsync();
        await Job(App).RunOnceAsync(default);
        var notice = Assert.Single(await NoticesAsync(App, "ola", NotificationKind.TaskDue));
        var ola = await Browser.SignedInAsync(App, "ola");

        var list = await ola.GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("Oppgave forfaller", list.Html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge count\">1", list.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/notifications/{notice.Id}\"", list.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "kari")).GetAsync($"/notifications/{notice.Id}")).Status);
        var opened = await ola.GetAsync($"/notifications/{notice.Id}");
        Assert.Equal(HttpStatusCode.Redirect, opened.Status);
        Assert.Equal(notice.Link, opened.Location!.PathAndQuery);
        Assert.DoesNotContain("badge count", (await ola.GetAsync("/notifications")).Html, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(await NoticesAsync(App, "ola", NotificationKind.TaskDue)).ReadAt);

        // Kari's three inbox notices: marked read all at once; her outbox shows the e-mails sent to her.
        var kari = await Browser.SignedInAsync(App, "kari");
        Assert.Contains("<span class=\"badge count\">3", (await kari.GetAsync("/notifications")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync("/notifications", [], "/notifications?handler=ReadAll")).Status);
        Assert.DoesNotContain("badge count", (await kari.GetAsync("/notifications")).Html, StringComparison.Ordinal);
        var outbox = await kari.GetAsync("/my/outbox");
        Assert.Equal(3, outbox.Html.Split("Ny sak i innboksen").Length - 1);
        Assert.Contains("kari@example.no", outbox.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("per@example.no", outbox.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_user_chooses_an_address_and_the_kinds_by_email_and_a_bad_address_is_refused()
    {
        var tone = await Browser.SignedInAsync(App, "tone");
        var page = await tone.GetAsync("/my/notifications/settings");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Oppgave som forfaller", page.Html, StringComparison.Ordinal);

        var bad = await tone.SubmitAsync("/my/notifications/settings", new() { ["Email"] = "ikke-en-adresse", ["Wanted"] = "TaskDue" });
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Contains("Noe må rettes", bad.Html, StringComparison.Ordinal);

        var saved = await tone.SubmitAsync("/my/notifications/settings", new() { ["Email"] = "tone@bjorkvik.example", ["Wanted"] = "MeetingSummons" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        await using var db = App.NewDb();
        var account = await db.UserAccounts.SingleAsync(u => u.UserName == "tone");
        Assert.Equal("tone@bjorkvik.example", account.Email);
        Assert.True(account.WantsEmail(NotificationKind.MeetingSummons));
        Assert.False(account.WantsEmail(NotificationKind.TaskDue));
        var shown = await tone.GetAsync("/my/notifications/settings");
        Assert.Contains("value=\"MeetingSummons\" checked", shown.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"TaskDue\" checked", shown.Html, StringComparison.Ordinal);
    }
}
