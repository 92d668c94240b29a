using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Domain.Plans;
using Samplan.Notifications;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;
using Samplan.Tests.MyConsent;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Messages;

public sealed class MessagePagesOnSqlite : MessagePagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class MessagePagesOnPostgreSql(PostgresCluster cluster) : MessagePagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Secure messages through the real pages: the person (or their representative) and the coordinator write to each other
/// with notices that hold no names or words (R12, C4); no one else reads the thread — not participants a consent covers,
/// coordinating-unit staff, the privacy officer or administrators (R8); every read is audited.
/// </summary>
public abstract class MessagePagesTests : AppTests
{
    const string FromArne = "Hei Kari. Kan vi flytte møtet til torsdag? Randi kan ikke på onsdag.";
    const string FromKari = "Hei Arne. Torsdag klokka 10 passer fint.";

    static Task<Page> SendAsync(Browser browser, string url, string text) => browser.SubmitAsync(url, new() { ["Text"] = text });

    async Task<List<Notification>> NoticesToAsync(string userName)
    {
        await using var db = App.NewDb();
        var id = await db.UserAccounts.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        return await db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == id && n.Kind == NotificationKind.PlanMessage).ToListAsync();
    }

    async Task<List<PlanMessage>> MessagesAsync(Guid planId)
    {
        await using var db = App.NewDb();
        return await db.PlanMessages.AsNoTracking().Where(m => m.PlanId == planId).OrderBy(m => m.SentAt).ToListAsync();
    }

    [Fact]
    public async Task Arne_and_kari_write_to_each_other_with_notices_unread_counts_and_read_marks_R12_C4()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arne = await Browser.SignedInAsync(App, "arne");
        var kari = await Browser.SignedInAsync(App, "kari");

        var empty = await arne.GetAsync("/my/messages");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("Ingen meldinger ennå.", empty.Html, StringComparison.Ordinal);
        var sent = await SendAsync(arne, "/my/messages", FromArne);
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);

        var toKari = Assert.Single(await NoticesToAsync("kari"));
        Assert.Equal($"/plans/{planId}/messages", toKari.Link);
        Assert.DoesNotContain("Arne", toKari.Subject + toKari.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("torsdag", toKari.Subject + toKari.Body, StringComparison.Ordinal);
        var planPage = await kari.GetAsync($"/plans/{planId}");
        Assert.Contains($"/plans/{planId}/messages", planPage.Html, StringComparison.Ordinal);
        Assert.Contains("1 uleste", planPage.Html, StringComparison.Ordinal);

        var thread = await kari.GetAsync($"/plans/{planId}/messages");
        Assert.Equal(HttpStatusCode.OK, thread.Status);
        Assert.Contains(FromArne, thread.Html, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(await MessagesAsync(planId)).ReadAt);
        Assert.DoesNotContain("1 uleste", (await kari.GetAsync($"/plans/{planId}")).Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(kari, $"/plans/{planId}/messages", FromKari)).Status);
        var toArne = Assert.Single(await NoticesToAsync("arne"));
        Assert.Equal("/my/messages", toArne.Link);
        Assert.DoesNotContain("Torsdag", toArne.Subject + toArne.Body, StringComparison.Ordinal);
        Assert.Null((await MessagesAsync(planId))[1].ReadAt);

        var mine = await arne.GetAsync("/my/messages");
        Assert.Contains(FromKari, mine.Html, StringComparison.Ordinal);
        Assert.Contains(FromArne, mine.Html, StringComparison.Ordinal);
        var messages = await MessagesAsync(planId);
        Assert.Equal([MessageSenderRole.Person, MessageSenderRole.Coordinator], messages.Select(m => m.SenderRole));
        Assert.All(messages, m => Assert.NotNull(m.ReadAt));

        // Every read of the thread went through the gate and is in the audit log, and so is each message sent.
        await using var db = App.NewDb();
        foreach (var user in new[] { "arne", "kari" })
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == user && e.Action == "plan.read" && e.Part == "Messages" && e.Allowed));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == user && e.Action == "plan.message.send" && e.PlanId == planId));
        }
    }

    [Fact]
    public async Task No_one_but_the_person_and_the_coordinator_reads_the_thread_and_refusals_are_audited_R8()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arne = await Browser.SignedInAsync(App, "arne");
        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(arne, "/my/messages", FromArne)).Status);
        await CreateAccountAsync(App, "ke", SystemRole.Staff | SystemRole.CoordinatingUnitStaff, "Bjørkvik kommune");

        // ingrid, ola, per and lars are participants a consent covers; the others take no part.
        foreach (var user in new[] { "ingrid", "ola", "per", "lars", "tone", "personvern", "admin", "ke", "emma.mor" })
        {
            var browser = await Browser.SignedInAsync(App, user);
            var page = await browser.GetAsync($"/plans/{planId}/messages");
            Assert.True(page.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{user} got {page.Status}");
            Assert.DoesNotContain(FromArne, page.Html, StringComparison.Ordinal);
            var posted = await browser.SubmitAsync("/notifications", new() { ["Text"] = "Hei" }, $"/plans/{planId}/messages");
            Assert.True(posted.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{user} posting got {posted.Status}");
        }
        Assert.Single(await MessagesAsync(planId));
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "ingrid" && e.Part == "Messages" && !e.Allowed));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "ke" && e.Part == "Messages" && !e.Allowed));
        // Ingrid may read the plan itself — the thread is simply not hers (and an emergency access does not reach it).
        Assert.Equal(HttpStatusCode.OK, (await (await Browser.SignedInAsync(App, "ingrid")).GetAsync($"/plans/{planId}")).Status);
        var plan = await PlanAsync(App, planId);
        var ingrid = await App.UserAsync("ingrid");
        Assert.False(PlanAccessPolicy.Decide(ingrid, plan, PlanAction.Read, PlanPart.Messages, new DateOnly(2026, 11, 23), emergencyGrant: true).Allowed);
        Assert.False(PlanAccessPolicy.MayUseMessages(ingrid, plan, new DateOnly(2026, 11, 23)));
        Assert.True(PlanAccessPolicy.MayUseMessages(await App.UserAsync("kari"), plan, new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public async Task An_over_long_message_is_refused_with_a_message_and_nothing_is_sent_R12()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arne = await Browser.SignedInAsync(App, "arne");
        var refused = await SendAsync(arne, "/my/messages", new string('a', 4001));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("Den kan ha høyst 4000 tegn. (R12)", refused.Html, StringComparison.Ordinal);
        var blank = await SendAsync(arne, "/my/messages", "   ");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.Status);
        Assert.Empty(await MessagesAsync(planId));
        Assert.Empty(await NoticesToAsync("kari"));
    }

    [Fact]
    public async Task Emmas_mother_acting_for_her_writes_to_kari_and_reads_the_reply_S2()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var mother = await ActingFor.SignedInAsync(App, "emma.mor", EmmaName);
        var page = await mother.GetAsync("/my/messages");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("planen til Emma Larsen", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(mother, "/my/messages", "Emma gleder seg til sykkelturen.")).Status);

        var message = Assert.Single(await MessagesAsync(planId));
        Assert.Equal(MessageSenderRole.Representative, message.SenderRole);
        Assert.Equal("Lene Larsen", message.SenderName);
        Assert.Single(await NoticesToAsync("kari"));

        var kari = await Browser.SignedInAsync(App, "kari");
        var thread = await kari.GetAsync($"/plans/{planId}/messages");
        Assert.Contains("Lene Larsen", thread.Html, StringComparison.Ordinal);
        Assert.Contains("på vegne av personen", thread.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(kari, $"/plans/{planId}/messages", "Så fint å høre!")).Status);
        // The reply reaches the parent's own sign-in (the mother represents Emma, S2).
        Assert.Single(await NoticesToAsync("emma.mor"));
        Assert.Contains("Så fint å høre!", (await mother.GetAsync("/my/messages")).Html, StringComparison.Ordinal);
        // The teacher, covered by a consent, never sees it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "erik")).GetAsync($"/plans/{planId}/messages")).Status);
    }

    [Fact]
    public async Task After_a_change_of_coordinator_both_read_the_thread_during_the_overlap_and_only_the_new_one_after_C5()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var today = new DateOnly(2026, 11, 23);
        await using (var db = App.NewDb())
        {
            var gate = App.Gate(db, await App.UserAsync("kari"));
            var plan = (await gate.OpenForChangeAsync(planId, PlanPart.Coordinator))!;
            var version = plan.Version;
            plan.ChangeCoordinator(await db.StaffMembers.SingleAsync(s => s.Name == "Tone Lund"), today, today.AddDays(14));
            await gate.SaveAsync(plan, PlanPart.Coordinator, version);
        }
        var arne = await Browser.SignedInAsync(App, "arne");
        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(arne, "/my/messages", FromArne)).Status);
        // The new coordinator and the previous one (during the overlap) are both told and both read the thread.
        Assert.Single(await NoticesToAsync("kari"));
        Assert.Single(await NoticesToAsync("tone"));
        foreach (var user in new[] { "kari", "tone" })
            Assert.Contains(FromArne, (await (await Browser.SignedInAsync(App, user)).GetAsync($"/plans/{planId}/messages")).Html, StringComparison.Ordinal);

        var saved = await PlanAsync(App, planId);
        var kari = await App.UserAsync("kari");
        Assert.True(PlanAccessPolicy.MayUseMessages(kari, saved, today.AddDays(14)));
        Assert.False(PlanAccessPolicy.MayUseMessages(kari, saved, today.AddDays(15)));
        Assert.True(PlanAccessPolicy.MayUseMessages(await App.UserAsync("tone"), saved, today.AddDays(15)));
    }
}
