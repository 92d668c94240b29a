using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Notifications;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Notifications.ReminderTestSupport;

namespace Samplan.Tests.Notifications;

/// <summary>
/// Several app nodes on one PostgreSQL: two job runners (own DI scopes, own node ids) run at the same time, round
/// after round, on fresh notices and on the same due reminders — and every notice is e-mailed exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentDeliveryOnPostgreSql(PostgresCluster cluster) : AppTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);

    [Fact]
    public async Task Two_nodes_running_at_once_send_every_notice_exactly_once()
    {
        var users = new[] { await UserIdAsync(App, "kari"), await UserIdAsync(App, "ola"), await UserIdAsync(App, "per") };
        var nodeA = Job(App, "node-a");
        var nodeB = Job(App, "node-b");
        var handled = 0;
        for (var round = 0; round < 6; round++)
        {
            await using (var scope = App.CreateScope())
            {
                var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
                for (var i = 0; i < 120; i++)
                    await notifier.ToUserAsync(users[i % users.Length], NotificationKind.MeetingChanged, "Et møte er endret",
                        "Et møte du er invitert til, er endret.", "/notifications", $"test-{round}-{i}");
                await scope.ServiceProvider.GetRequiredService<Samplan.Data.SamplanDb>().SaveChangesAsync();
            }
            // Both nodes also race to create the same due reminders (the unique dedupe index decides).
            var results = await Task.WhenAll(nodeA.RunOnceAsync(default), nodeB.RunOnceAsync(default));
            handled += results.Sum(r => r.Delivered);
            App.Clock.Advance(TimeSpan.FromDays(1));
        }

        await using var db = App.NewDb();
        var notices = await db.Notifications.AsNoTracking().ToListAsync();
        var emailsPerNotice = await db.OutboxEmails.GroupBy(e => e.NotificationId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.True(notices.Count > 6 * 120, "The reminders were created as well as the test's notices");
        Assert.Equal(notices.Count, handled);
        Assert.DoesNotContain(notices, n => n.EmailState == EmailState.Pending);
        Assert.All(emailsPerNotice, e => Assert.Equal(1, e.Count));
        Assert.Equal(notices.Count(n => n.EmailState == EmailState.Sent), emailsPerNotice.Count);
        Assert.Equal(notices.Count, notices.Select(n => n.DedupeKey).Distinct().Count());
        Assert.Contains(notices, n => n.EmailClaimedBy == null && n.EmailState == EmailState.Sent);
    }
}
