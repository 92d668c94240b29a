using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Domain.Meetings;
using Samplan.Notifications;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Meetings;

public sealed class MeetingsOnSqlite : MeetingTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class MeetingsOnPostgreSql(PostgresCluster cluster) : MeetingTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Meetings through the real pages: a summons reaches only the invitees a consent covers (R3), with an .ics that a
/// standard parser reads, and no plan content in the notice; replies, change and cancellation; minutes whose
/// decisions become a measure in the plan's history and a task (R5); the meeting before discharge (C6).
/// </summary>
public abstract partial class MeetingTests : AppTests
{
    [GeneratedRegex(@"/plans/[0-9a-f-]{36}/meetings/([0-9a-f-]{36})$")]
    private static partial Regex MeetingPath();

    async Task<Guid> ParticipantIdAsync(Guid planId, string name)
    {
        await using var db = App.NewDb();
        return await db.Participants.Where(p => p.PlanId == planId && p.Name == name).Select(p => p.Id).SingleAsync();
    }

    async Task<Guid> UserIdAsync(string userName)
    {
        await using var db = App.NewDb();
        return await db.UserAccounts.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    static Dictionary<string, string> Summons(string agenda, DateOnly day, string starts, string ends, string? place, params Guid[] invitees)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Agenda"] = agenda,
            ["Input.Day"] = day.ToString("yyyy-MM-dd"),
            ["Input.Starts"] = starts,
            ["Input.Ends"] = ends,
            ["Input.Place"] = place ?? "",
        };
        for (var i = 0; i < invitees.Length; i++) fields[$"Invitees[{i}]"] = invitees[i].ToString();
        return fields;
    }

    static Guid MeetingIdOf(Page redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.Status);
        return Guid.Parse(MeetingPath().Match(redirect.Location!.AbsolutePath).Groups[1].Value);
    }

    async Task<List<Notification>> NoticesAsync(Guid meetingId)
    {
        await using var db = App.NewDb();
        var key = $"meeting:{meetingId:N}:";
        return await db.Notifications.AsNoTracking().Where(n => n.DedupeKey.StartsWith(key)).ToListAsync();
    }

    static Ical.Net.CalendarComponents.CalendarEvent EventOf(Notification notice, string method)
    {
        Assert.NotNull(notice.CalendarContent);
        var calendar = Ical.Net.Calendar.Load(notice.CalendarContent!)!;
        Assert.Equal(method, calendar.Method);
        return Assert.Single(calendar.Events);
    }

    [Fact]
    public async Task A_summons_reaches_only_covered_invitees_with_a_calendar_file_and_no_plan_content_R3_R8()
    {
        var astrid = await App.PlanIdOfAsync("Astrid Solberg");
        var nina = await ParticipantIdAsync(astrid, "Nina Aas");
        var ingrid = await ParticipantIdAsync(astrid, "Ingrid Berg");
        var kari = await Browser.SignedInAsync(App, "kari");
        var newUrl = $"/plans/{astrid}/meetings/new";
        const string Agenda = "Budsjett og gjeld, boligsøknad";

        // Ingrid was added after the consent: she is not offered, and a forged choice is refused (R3) with nothing saved.
        Assert.DoesNotContain("Ingrid Berg", (await kari.GetAsync(newUrl)).Html, StringComparison.Ordinal);
        var refused = await kari.SubmitAsync(newUrl, Summons(Agenda, new(2026, 11, 30), "14:00", "15:30", "Bjørkvik rådhus", nina, ingrid));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Noe må rettes", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Ingrid Berg er ikke dekket av samtykket", refused.Html, StringComparison.Ordinal);
        await using (var db = App.NewDb())
            Assert.False(await db.Meetings.AnyAsync(m => m.PlanId == astrid));

        var meetingId = MeetingIdOf(await kari.SubmitAsync(newUrl, Summons(Agenda, new(2026, 11, 30), "14:00", "15:30", "Bjørkvik rådhus", nina)));

        var notices = await NoticesAsync(meetingId);
        Assert.Equal(new[] { await UserIdAsync("kari"), await UserIdAsync("nina") }.Order(), notices.Select(n => n.RecipientUserId).Order());
        Assert.All(notices, n => Assert.Equal(NotificationKind.MeetingSummons, n.Kind));
        foreach (var n in notices)
            foreach (var secret in new[] { "Astrid", "Solberg", "Budsjett", "boligsøknad", "Bo trygt i egen leilighet", "Hjelp til innkjøp" })
                Assert.DoesNotContain(secret, n.Subject + n.Body + n.CalendarContent, StringComparison.OrdinalIgnoreCase);
        var summons = EventOf(notices[0], "REQUEST");
        Assert.Equal($"{meetingId:N}@samplan", summons.Uid);
        Assert.Equal(0, summons.Sequence);
        // November: Norwegian time is UTC+1.
        Assert.Equal(new DateTime(2026, 11, 30, 13, 0, 0, DateTimeKind.Utc), summons.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2026, 11, 30, 14, 30, 0, DateTimeKind.Utc), summons.DtEnd!.AsUtc);
        Assert.Equal("Bjørkvik rådhus", summons.Location);
        Assert.Equal("Møte i ansvarsgruppe", summons.Summary);
        Assert.Contains("30.11.2026 14:00", notices[0].Body, StringComparison.Ordinal);

        // Those the consent does not cover, and everyone else, cannot tell the meeting exists.
        var meetingUrl = $"/plans/{astrid}/meetings/{meetingId}";
        foreach (var outsider in new[] { "ingrid", "tone", "admin" })
        {
            var browser = await Browser.SignedInAsync(App, outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(meetingUrl)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"{meetingUrl}/calendar.ics")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"{meetingUrl}/minutes")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/plans/{astrid}/meetings")).Status);
        }

        // The invitee sees the summons, downloads the same event and answers for herself.
        var ninaBrowser = await Browser.SignedInAsync(App, "nina");
        Assert.Contains(Agenda, (await ninaBrowser.GetAsync(meetingUrl)).Html, StringComparison.Ordinal);
        var download = await ninaBrowser.DownloadAsync($"{meetingUrl}/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.StartsWith("text/calendar", download.ContentType, StringComparison.Ordinal);
        Assert.Equal($"{meetingId:N}@samplan", Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(download.Body))!.Events.Single().Uid);
        Assert.Equal(HttpStatusCode.Redirect, (await ninaBrowser.SubmitAsync(meetingUrl, new() { ["Answer"] = "Coming" }, $"{meetingUrl}?handler=Reply")).Status);
        await using (var db = App.NewDb())
            Assert.Equal(InviteeReply.Coming, (await db.Meetings.Include(m => m.Invitees).SingleAsync(m => m.Id == meetingId))
                .Invitees.Single(i => i.ParticipantId == nina).Reply);
        // She may not move the meeting.
        Assert.Equal(HttpStatusCode.Forbidden, (await ninaBrowser.SubmitAsync(meetingUrl,
            Summons(Agenda, new(2026, 12, 1), "10:00", "11:00", "Et annet sted"), $"{meetingUrl}?handler=Change")).Status);

        // A change sends MeetingChanged with the updated .ics (SEQUENCE 1); a cancellation sends METHOD:CANCEL.
        var change = Summons(Agenda, new(2026, 12, 1), "10:00", "11:00", "Bjørkvik helsehus");
        change["Sequence"] = "0";
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(meetingUrl, change, $"{meetingUrl}?handler=Change")).Status);
        var ninaUser = await UserIdAsync("nina");
        var changed = (await NoticesAsync(meetingId)).Single(n => n.Kind == NotificationKind.MeetingChanged && n.RecipientUserId == ninaUser);
        var moved = EventOf(changed, "REQUEST");
        Assert.Equal(1, moved.Sequence);
        Assert.Equal($"{meetingId:N}@samplan", moved.Uid);
        Assert.Equal(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc), moved.DtStart!.AsUtc);
        Assert.Equal("Bjørkvik helsehus", moved.Location);

        // A stale form (sequence 0) is refused with 409 Conflict (ASVS 11.1.6): the meeting as saved now is shown and the
        // user's own input is kept; the current one cancels.
        var staleChange = Summons(Agenda, new(2026, 12, 2), "12:00", "13:00", "Et tredje sted");
        staleChange["Sequence"] = "0";
        var conflict = await kari.SubmitAsync(meetingUrl, staleChange, $"{meetingUrl}?handler=Change");
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Contains("endret av en annen", conflict.Html, StringComparison.Ordinal);
        Assert.Contains("Slik er møtet lagret nå:", conflict.Html, StringComparison.Ordinal);
        Assert.Contains("Bjørkvik helsehus", conflict.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Et tredje sted\"", conflict.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"Sequence\" value=\"1\"", conflict.Html, StringComparison.Ordinal);
        var stale = await kari.SubmitAsync(meetingUrl, new() { ["Sequence"] = "0" }, $"{meetingUrl}?handler=Cancel");
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("endret av en annen", stale.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(meetingUrl, new() { ["Sequence"] = "1" }, $"{meetingUrl}?handler=Cancel")).Status);
        var cancelled = (await NoticesAsync(meetingId)).Where(n => n.RecipientUserId == ninaUser).ToList();
        Assert.Equal(3, cancelled.Count);
        Assert.Single(cancelled, n => n.CalendarContent!.Contains("METHOD:CANCEL", StringComparison.Ordinal)
            && EventOf(n, "CANCEL").Sequence == 2);
    }

    [Fact]
    public async Task Minutes_decisions_become_a_measure_in_the_plan_history_and_a_task_R5_R12()
    {
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        var ola = await ParticipantIdAsync(emma, "Ola Hansen");
        Guid meetingId;
        await using (var db = App.NewDb())
            meetingId = await db.Meetings.Where(m => m.PlanId == emma).Select(m => m.Id).SingleAsync();
        var minutesUrl = $"/plans/{emma}/meetings/{meetingId}/minutes";

        // The demo meeting is a week ahead: minutes are written once it has begun.
        App.Clock.Advance(TimeSpan.FromDays(8));
        var kari = await Browser.SignedInAsync(App, "kari");
        Meeting meeting;
        await using (var db = App.NewDb())
            meeting = await db.Meetings.Include(m => m.Invitees).SingleAsync(m => m.Id == meetingId);
        var save = new Dictionary<string, string>
        {
            ["PersonsOwnInput"] = "Jeg vil sykle alene til skolen til sommeren.",
            ["Text"] = "Gikk gjennom balansetreningen og friminuttet.",
        };
        foreach (var i in meeting.Invitees) save[$"Attendance[{i.Id}]"] = i.Name == "Erik Strand" ? "Absent" : "Present";
        var saved = await kari.SubmitAsync(minutesUrl, save, $"{minutesUrl}?handler=Save");
        Assert.True(saved.Status == HttpStatusCode.Redirect, Regex.Match(saved.Html, "error-summary.*?</div>", RegexOptions.Singleline).Value);
        foreach (var text in new[] { "Sykkeltrening med ergoterapeut", "Bestille tilpasset sykkel" })
        {
            var added = await kari.SubmitAsync(minutesUrl, new() { ["DecisionText"] = text }, $"{minutesUrl}?handler=Decision");
            Assert.True(added.Status == HttpStatusCode.Redirect, $"{added.Status} " + Regex.Match(added.Html, "error-summary.*?</div>", RegexOptions.Singleline).Value);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(minutesUrl, new(), $"{minutesUrl}?handler=Approve")).Status);

        Dictionary<string, Guid> decisions;
        await using (var db = App.NewDb())
            decisions = (await db.Meetings.Include(m => m.Decisions).SingleAsync(m => m.Id == meetingId)).Decisions.ToDictionary(d => d.Text, d => d.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(minutesUrl, new()
        {
            ["DecisionId"] = decisions["Sykkeltrening med ergoterapeut"].ToString(),
            ["MeasureTitle"] = "Sykkeltrening med ergoterapeut",
            ["Scope"] = "1 time i uka",
            ["ParticipantId"] = ola.ToString(),
        }, $"{minutesUrl}?handler=Measure")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(minutesUrl, new()
        {
            ["DecisionId"] = decisions["Bestille tilpasset sykkel"].ToString(),
            ["ParticipantId"] = ola.ToString(),
            ["DueOn"] = "2026-12-15",
        }, $"{minutesUrl}?handler=Task")).Status);

        // The measure is in the plan and in its history, naming the meeting; the task remembers where it came from.
        Assert.Contains("Sykkeltrening med ergoterapeut", (await kari.GetAsync($"/plans/{emma}")).Html, StringComparison.Ordinal);
        Assert.Contains("Møte i ansvarsgruppen 30.11.2026: Tiltak lagt til: Sykkeltrening med ergoterapeut",
            (await kari.GetAsync($"/plans/{emma}/history")).Html, StringComparison.Ordinal);
        await using (var db = App.NewDb())
        {
            var task = await db.PlanTasks.SingleAsync(t => t.PlanId == emma && t.Source == TaskSource.Meeting);
            Assert.Equal((TaskSource.Meeting, meetingId, "Ola Hansen", "Bestille tilpasset sykkel", new DateOnly(2026, 12, 15)),
                (task.Source, task.SourceId!.Value, task.AssigneeName, task.Title, task.DueOn));
            var stored = await db.Meetings.Include(m => m.Decisions).SingleAsync(m => m.Id == meetingId);
            Assert.Equal(task.Id, stored.Decisions.Single(d => d.Outcome == DecisionOutcome.Task).TaskId);
            var plan = await db.Plans.Include(p => p.Measures).SingleAsync(p => p.Id == emma);
            Assert.Equal(plan.Measures.Single(m => m.Title == "Sykkeltrening med ergoterapeut").Id,
                stored.Decisions.Single(d => d.Outcome == DecisionOutcome.Measure).MeasureId);
        }

        // Approved minutes are not edited in place; an addendum is added.
        var edit = await kari.SubmitAsync(minutesUrl, new() { ["Text"] = "Skrevet om i ettertid" }, $"{minutesUrl}?handler=Save");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Contains("Noe må rettes", edit.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(minutesUrl, new() { ["AddendumText"] = "Rettelse: treningen er tirsdager." },
            $"{minutesUrl}?handler=Addendum")).Status);

        // Ola's consent covers minutes; the school's does not: Erik sees the summons, not the minutes.
        var olaView = await (await Browser.SignedInAsync(App, "ola")).GetAsync(minutesUrl);
        Assert.Equal(HttpStatusCode.OK, olaView.Status);
        Assert.Contains("Jeg vil sykle alene til skolen til sommeren.", olaView.Html, StringComparison.Ordinal);
        Assert.Contains("Rettelse: treningen er tirsdager.", olaView.Html, StringComparison.Ordinal);
        Assert.Matches(@"<td>Erik Strand</td><td>Ikke til stede</td>", olaView.Html);
        Assert.Matches(@"<td>Ola Hansen</td><td>Til stede</td>", olaView.Html);
        Assert.DoesNotContain("Skrevet om i ettertid", olaView.Html, StringComparison.Ordinal);
        var erik = await Browser.SignedInAsync(App, "erik");
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync(minutesUrl)).Status);
        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync($"/plans/{emma}/meetings/{meetingId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound,
            (await erik.SubmitAsync($"/plans/{emma}/meetings/{meetingId}", new() { ["Text"] = "x" }, $"{minutesUrl}?handler=Save")).Status);
    }

    [Fact]
    public async Task The_hospital_coordinator_calls_the_meeting_before_discharge_with_the_patients_agreement_C6()
    {
        var arne = await App.PlanIdOfAsync("Arne Johansen");
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        await using (var db = App.NewDb())
        {
            var gate = App.Gate(db, await App.UserAsync("kari"));
            var plan = (await gate.OpenForChangeAsync(arne, PlanPart.Coordinator))!;
            plan.AppointCoordinator(await db.StaffMembers.SingleAsync(s => s.Name == "Per Lie"), new DateOnly(2026, 11, 23));
            await gate.SaveAsync(plan, PlanPart.Coordinator, plan.Version);
        }
        var per = await Browser.SignedInAsync(App, "per");
        var newUrl = $"/plans/{arne}/meetings/new";
        Assert.Contains("Møte før utskrivning", (await per.GetAsync(newUrl)).Html, StringComparison.Ordinal);

        var discharge = Summons("Utskrivning og oppfølging hjemme", new(2026, 11, 27), "12:00", "13:00", "Helse Vestfjord HF, møterom 4");
        discharge["Kind"] = "BeforeDischarge";
        var refused = await per.SubmitAsync(newUrl, new(discharge));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Bekreft at det er avtalt med pasienten. (C6)", refused.Html, StringComparison.Ordinal);

        discharge["AgreedWithPatient"] = "true";
        var meetingId = MeetingIdOf(await per.SubmitAsync(newUrl, new(discharge)));
        var page = await per.GetAsync($"/plans/{arne}/meetings/{meetingId}");
        Assert.Contains("<h1>Møte før utskrivning</h1>", page.Html, StringComparison.Ordinal);
        await using (var db = App.NewDb())
        {
            var invited = (await db.Meetings.Include(m => m.Invitees).SingleAsync(m => m.Id == meetingId)).Invitees.Select(i => i.Name).Order();
            // The municipal participants the consent covers, the patient and the coordinator; not the hospital's own contact physician.
            Assert.Equal(new[] { "Arne Johansen", "Ingrid Berg", "Kari Nordmann", "Ola Hansen", "Per Lie" }, invited);
        }
        var recipients = (await NoticesAsync(meetingId)).Select(n => n.RecipientUserId).ToHashSet();
        foreach (var user in new[] { "arne", "ingrid", "kari", "ola", "per" }) Assert.Contains(await UserIdAsync(user), recipients);
        Assert.DoesNotContain(await UserIdAsync("lars"), recipients);
        Assert.Contains("Møte før utskrivning", (await per.GetAsync($"/plans/{arne}")).Html, StringComparison.Ordinal);

        // Kari is no longer Arne's coordinator, and on Emma's plan she is a municipal coordinator: neither may call it.
        var kari = await Browser.SignedInAsync(App, "kari");
        Assert.Equal(HttpStatusCode.Forbidden, (await kari.GetAsync(newUrl)).Status);
        var municipal = await kari.SubmitAsync($"/plans/{emma}/meetings/new", new(discharge));
        Assert.Equal(HttpStatusCode.OK, municipal.Status);
        Assert.Contains("Bare planens koordinator i spesialisthelsetjenesten kaller inn til møte før utskrivning. (C6)", municipal.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_group_records_members_tasks_and_who_writes_minutes_and_warns_when_it_grows_large_A1_A2_A3()
    {
        // Arne's plan gets two more providers, covered by a new consent, so the group can pass the A3 limit.
        var arne = await App.PlanIdOfAsync("Arne Johansen");
        await using (var db = App.NewDb())
        {
            var gate = App.Gate(db, await App.UserAsync("kari"));
            var plan = (await gate.OpenForChangeAsync(arne, PlanPart.Participants))!;
            foreach (var name in new[] { "Nina Aas", "Tone Lund" })
                plan.AddProvider(await db.StaffMembers.SingleAsync(x => x.Name == name), Domain.Plans.ParticipantRole.ServiceProvider, null);
            var person = await db.Persons.Include(x => x.Relations).AsNoTracking().SingleAsync(x => x.Id == plan.PersonId);
            plan.RecordConsent(new Domain.Plans.ConsentDeclaration(null, Domain.Plans.ConsentForm.Written, new DateOnly(2026, 11, 23), null, true, true),
                person, plan.CoordinatorStaffId!.Value, Domain.Plans.ConsentSharing.WithEveryParticipant(plan));
            await gate.SaveAsync(plan, PlanPart.Participants, plan.Version);
        }
        var kari = await Browser.SignedInAsync(App, "kari");
        var url = $"/plans/{arne}/group";
        Assert.Contains("Det er ikke opprettet noen ansvarsgruppe ennå.", (await kari.GetAsync(url)).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(url, new(), $"{url}?handler=Create")).Status);

        var others = new[] { "Kari Nordmann", "Per Lie", "Lars Moe", "Ingrid Berg", "Ola Hansen", "Randi Johansen", "Nina Aas", "Tone Lund" };
        foreach (var name in others)
        {
            var before = await kari.GetAsync(url);
            // A3 is a reminder shown once the group passes the limit (the person and eight members is nine).
            Assert.DoesNotContain("så få som mulig, så mange som nødvendig", before.Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(url, new()
            {
                ["ParticipantId"] = (await ParticipantIdAsync(arne, name)).ToString(),
                ["MemberTask"] = $"Oppgave for {name}",
            }, $"{url}?handler=Add")).Status);
        }
        var large = await kari.GetAsync(url);
        Assert.Contains("Gruppen har 9 medlemmer. Husk: så få som mulig, så mange som nødvendig.", large.Html, StringComparison.Ordinal);
        Assert.Contains("Oppgave for Randi Johansen", large.Html, StringComparison.Ordinal);

        Guid olaMember, ingridMember;
        await using (var db = App.NewDb())
        {
            var group = await db.ResponsibilityGroups.Include(g => g.Members).SingleAsync(g => g.PlanId == arne);
            Assert.Equal(9, group.Members.Count);
            olaMember = group.Members.Single(m => m.Name == "Ola Hansen").Id;
            ingridMember = group.Members.Single(m => m.Name == "Ingrid Berg").Id;
        }
        // A2: who writes the minutes and calls the next meeting is recorded; a relative cannot be chosen.
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(url, new()
        {
            ["MinutesWriterId"] = olaMember.ToString(),
            ["MeetingCallerId"] = ingridMember.ToString(),
        }, $"{url}?handler=Organise")).Status);
        Assert.Contains("Referent: Ola Hansen · Kaller inn: Ingrid Berg", (await kari.GetAsync(url)).Html, StringComparison.Ordinal);

        // A covered participant reads the group but does not change it; someone outside the plan gets 404.
        var ola = await Browser.SignedInAsync(App, "ola");
        var olaView = await ola.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, olaView.Status);
        Assert.DoesNotContain("handler=Add", olaView.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await ola.SubmitAsync(url, new() { ["MemberId"] = olaMember.ToString() }, $"{url}?handler=Remove")).Status);
        var hanne = await Browser.SignedInAsync(App, "hanne");
        Assert.Equal(HttpStatusCode.NotFound, (await hanne.GetAsync(url)).Status);

        // A1 without a plan: Knut's plan is closed; his group needs a recorded consent (R3), then only its members see it.
        Guid knut, emmaPerson;
        await using (var db = App.NewDb())
        {
            knut = await db.Persons.Where(p => p.Name == "Knut Holm").Select(p => p.Id).SingleAsync();
            emmaPerson = await db.Persons.Where(p => p.Name == "Emma Larsen").Select(p => p.Id).SingleAsync();
        }
        var knutUrl = $"/persons/{knut}/group";
        var tone = await Browser.SignedInAsync(App, "tone");
        Assert.Equal(HttpStatusCode.OK, (await tone.GetAsync(knutUrl)).Status);
        var noConsent = await kari.SubmitAsync(knutUrl, new() { ["ConsentGivenBy"] = " ", ["ConsentGivenOn"] = "2026-11-23" }, $"{knutUrl}?handler=Create");
        Assert.Contains("uten samtykke. Oppgi hvem som samtykket. (R3)", noConsent.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(knutUrl,
            new() { ["ConsentGivenBy"] = "Knut Holm", ["ConsentGivenOn"] = "2026-11-20" }, $"{knutUrl}?handler=Create")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await kari.SubmitAsync(knutUrl,
            new() { ["StaffMemberId"] = (await StaffIdAsync("Erik Strand")).ToString(), ["MemberTask"] = "Arbeidstrening" }, $"{knutUrl}?handler=AddStaff")).Status);
        Assert.Contains("Samtykke fra Knut Holm, 20.11.2026.", (await kari.GetAsync(knutUrl)).Html, StringComparison.Ordinal);
        Assert.Contains("Arbeidstrening", (await (await Browser.SignedInAsync(App, "erik")).GetAsync(knutUrl)).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await tone.GetAsync(knutUrl)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "admin")).GetAsync(knutUrl)).Status);
        // A person with an open plan has the group on the plan: this page does not exist for them.
        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync($"/persons/{emmaPerson}/group")).Status);
        await using (var db = App.NewDb())
            Assert.True(await db.AuditEntries.AnyAsync(e => e.PersonId == knut && e.Action == "group.read" && !e.Allowed));

        async Task<Guid> StaffIdAsync(string name)
        {
            await using var db = App.NewDb();
            return await db.StaffMembers.Where(x => x.Name == name).Select(x => x.Id).SingleAsync();
        }
    }
}
