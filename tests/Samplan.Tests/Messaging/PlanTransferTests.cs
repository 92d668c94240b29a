using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Messaging;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Fhir.FhirSupport;

namespace Samplan.Tests.Messaging;

public sealed class PlanTransferTestsOnSqlite : PlanTransferTests
{
    protected override Task<SamplanFactory> CreateDeploymentAsync() => System.Threading.Tasks.Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PlanTransferTestsOnPostgreSql(PostgresCluster cluster) : PlanTransferTests
{
    protected override Task<SamplanFactory> CreateDeploymentAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// R9 between two Samplan deployments in one process: Bjørkvik's (the sender, where Arne's plan is) transfers the plan to
/// Fjellstad kommune in another deployment (the receiver, with the same demo world, so Arne is known there by his
/// fødselsnummer — and already has a plan there, which R2 makes the receiver refuse until it is closed).
/// </summary>
public abstract class PlanTransferTests : IAsyncLifetime
{
    protected abstract Task<SamplanFactory> CreateDeploymentAsync();

    const string Peer = "fjellstad";
    const string FjellstadNumber = "964000002";
    const string UnitValue = Peer + "|" + FjellstadNumber;

    TwoDeployments _two = null!;
    SamplanFactory _senderBase = null!;
    SamplanFactory Receiver = null!;

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        // The receiving coordinating unit's account for its partners (here hanne, Fjellstad's unit), and the unit plans go to.
        _two = await TwoDeployments.StartAsync(CreateDeploymentAsync, Peer, "http://receiver.test", new Dictionary<string, string>
        {
            ["UserName"] = "hanne", ["Password"] = Shared.DemoData.Password, [$"Units:{FjellstadNumber}"] = "Fjellstad kommune",
        });
        (_senderBase, Receiver) = (_two.SenderBase, _two.Receiver);
    }

    public async System.Threading.Tasks.Task DisposeAsync() => await _two.DisposeAsync();

    Task<int> SendDueAsync() => _two.SendDueAsync();

    Task<Browser> AtSenderAsync(string user) => _two.AtSenderAsync(user);

    async Task<int> SenderVersionAsync(Guid planId)
    {
        await using var db = _senderBase.NewDb();
        return await db.Plans.Where(p => p.Id == planId).Select(p => p.Version).SingleAsync();
    }

    async Task<Page> PostAsync(Browser browser, Guid planId, string handler, Dictionary<string, string> fields)
    {
        fields["Version"] = (await SenderVersionAsync(planId)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await browser.SubmitAsync($"/plans/{planId}/transfer", fields, $"/plans/{planId}/transfer?handler={handler}");
    }

    Task<Page> SendAsync(Browser kari, Guid planId) => PostAsync(kari, planId, "Send", new() { ["Unit"] = UnitValue, ["Confirm"] = "true" });

    [Fact]
    public async System.Threading.Tasks.Task R9_a_plan_moves_only_with_consent_with_its_history_and_the_old_organisation_loses_access()
    {
        var planId = await _senderBase.PlanIdOfAsync("Arne Johansen");
        var kari = await AtSenderAsync("kari");
        var page = await kari.GetAsync($"/plans/{planId}/transfer");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Fjellstad kommune: mangler samtykke", page.Html);
        // The page is the coordinator's: a participant who reads the plan may not transfer it (403), nor the person (a staff
        // page); anyone else cannot tell the plan exists (404).
        foreach (var (user, expected) in new[] { ("ingrid", HttpStatusCode.Forbidden), ("arne", HttpStatusCode.Forbidden),
                     ("tone", HttpStatusCode.NotFound), ("admin", HttpStatusCode.NotFound), ("hanne", HttpStatusCode.NotFound) })
            Assert.Equal(expected, (await (await AtSenderAsync(user)).GetAsync($"/plans/{planId}/transfer")).Status);

        // Arne's plan has a meeting with approved minutes, tasks and a log entry (demo data); it gets an evaluation too, so the
        // transfer carries every kind of the plan's work.
        await using (var db = _senderBase.NewDb())
        {
            var gate = _senderBase.Gate(db, await _senderBase.UserAsync("kari"));
            var plan = (await gate.OpenForChangeAsync(planId, PlanPart.Evaluations))!;
            var version = plan.Version;
            var evaluation = Evaluation.Complete(Guid.NewGuid(), plan, new EvaluationContent(gate.Today.AddDays(-1), null,
                    [.. plan.Goals.Select(g => new GoalReview(g.Id, GoalAttainment.PartlyAchieved, null))],
                    "Hverdagsrehabilitering er gitt fem dager i uka.", WayOfWorkingFit.Yes, null, "Jeg merker at armen blir sterkere.",
                    null, null, [], gate.Today.AddMonths(3)),
                gate.User.UserId, gate.User.DisplayName, "koordinator", gate.Today, _senderBase.Clock.GetUtcNow().UtcDateTime);
            db.Evaluations.Add(evaluation);
            await gate.SaveAsync(plan, PlanPart.Evaluations, version);
            // The held meeting's replies as they were given before it (the demo minutes have everyone present); Per was away.
            var held = await db.Meetings.Where(m => m.PlanId == planId).Select(m => m.Id).SingleAsync();
            await db.Set<MeetingInvitee>().Where(i => i.MeetingId == held && i.Name == "Ola Hansen").ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Reply, InviteeReply.Coming).SetProperty(i => i.RepliedAt, new DateTime(2026, 11, 14, 8, 0, 0, DateTimeKind.Utc))
                .SetProperty(i => i.ReplyComment, "Jeg tar med målebånd til badet."));
            await db.Set<MeetingInvitee>().Where(i => i.MeetingId == held && i.Name == "Per Lie").ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Reply, InviteeReply.NotComing).SetProperty(i => i.RepliedAt, new DateTime(2026, 11, 15, 8, 0, 0, DateTimeKind.Utc))
                .SetProperty(i => i.Attendance, Attendance.Absent));
        }
        // At the receiver, Lars Moe's HPR number is another's: he stays a named participant there; the others are matched (R9).
        await using (var rdb = Receiver.NewDb())
        {
            var lars = await rdb.StaffMembers.SingleAsync(x => x.Name == "Lars Moe");
            lars.ChangeContact(lars.Name, "9999999", lars.Phone, lars.Email);
            await rdb.SaveChangesAsync();
        }

        // R9: without the person's consent to this move, refused on the page; nothing sent, the plan unchanged.
        var refused = await SendAsync(kari, planId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("uten personens samtykke til det", refused.Html);
        Assert.Contains("error-summary", refused.Html);
        await using (var db = _senderBase.NewDb())
        {
            Assert.Empty(await db.OutboxMessages.ToListAsync());
            Assert.Equal(PlanStatus.Active, (await db.Plans.SingleAsync(p => p.Id == planId)).Status);
        }

        // S5: a digital consent is the person's own; the coordinator cannot record one as digital.
        var faked = await PostAsync(kari, planId, "Consent", new() { ["Unit"] = UnitValue, ["GivenBy"] = "person", ["Form"] = "Digital", ["GivenOn"] = "2026-11-23" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, faked.Status);
        Assert.Contains("gis av personen selv", faked.Html);
        // R9, S5: the coordinator asks Arne digitally; Arne reads what he agrees to on /my/consent and gives it there.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(kari, planId, "Ask", new() { ["Unit"] = UnitValue })).Status);
        Assert.Contains("Fjellstad kommune: venter på svar fra personen", (await kari.GetAsync($"/plans/{planId}/transfer")).Html);
        var arneAtSender = await AtSenderAsync("arne");
        Assert.Contains("ba om samtykke til å flytte planen til Fjellstad kommune", (await arneAtSender.GetAsync("/my/consent")).Html);
        Guid requestId;
        await using (var db = _senderBase.NewDb())
            requestId = await db.ConsentRequests.Where(r => r.PlanId == planId && r.TransferToOrganisationNumber == FjellstadNumber).Select(r => r.Id).SingleAsync();
        var asked = await arneAtSender.GetAsync($"/my/consent/requests/{requestId}");
        Assert.Equal(HttpStatusCode.OK, asked.Status);
        Assert.Contains("At planen din flyttes til Fjellstad kommune", asked.Html);
        // Another citizen cannot see or answer it: it is not theirs (404), or they act for no one yet (403).
        var other = await (await AtSenderAsync("emma.mor")).GetAsync($"/my/consent/requests/{requestId}");
        Assert.True(other.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, other.Status.ToString());
        Assert.DoesNotContain("Fjellstad", other.Html);
        var given = await arneAtSender.SubmitAsync($"/my/consent/requests/{requestId}",
            new() { ["Version"] = (await SenderVersionAsync(planId)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/my/consent/requests/{requestId}?handler=Give");
        Assert.Equal(HttpStatusCode.Redirect, given.Status);
        Assert.Contains("Planen kan flyttes til Fjellstad kommune.", (await arneAtSender.GetAsync("/my/consent")).Html);
        var transferPage = (await kari.GetAsync($"/plans/{planId}/transfer")).Html;
        Assert.Contains("Fjellstad kommune: samtykke registrert (Arne Johansen, 23.11.2026, digitalt)", transferPage);
        Assert.DoesNotContain("venter på svar fra personen", transferPage);
        Guid consentId;
        await using (var db = _senderBase.NewDb())
        {
            // The coordinator is told (no content), with a link to the transfer page.
            var kariId = await db.UserAccounts.Where(u => u.UserName == "kari").Select(u => u.Id).SingleAsync();
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientUserId == kariId && n.Link == $"/plans/{planId}/transfer"));
            consentId = (await db.Plans.Include(p => p.Consents).SingleAsync(p => p.Id == planId)).Consents
                .Single(c => c.TransferToOrganisationNumber == FjellstadNumber && c.Form == ConsentForm.Digital).Id;
        }

        // First try: Arne has an open plan in the receiving deployment too, so it refuses (R2) and the plan opens here again.
        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(kari, planId)).Status);
        await using (var db = _senderBase.NewDb())
            Assert.Equal(PlanStatus.Transferred, (await db.Plans.SingleAsync(p => p.Id == planId)).Status);
        Assert.Equal(1, await SendDueAsync());
        await using (var db = _senderBase.NewDb())
        {
            Assert.Equal(PlanStatus.Active, (await db.Plans.SingleAsync(p => p.Id == planId)).Status);
            var first = await db.Set<OutgoingTransfer>().SingleAsync();
            Assert.Equal(TransferOutcome.Refused, first.Outcome);
            Assert.StartsWith("R2", first.RefusedBecause);
        }
        Assert.Contains("Avvist av mottakeren", (await kari.GetAsync($"/plans/{planId}/transfer")).Html);

        // Fjellstad closes its old plan for Arne (R10); the second try meets the receiver down once, then gets through (retry).
        await using (var rdb = Receiver.NewDb())
        {
            var oldId = await Receiver.PlanIdOfAsync("Arne Johansen");
            var old = await rdb.Plans.SingleAsync(p => p.Id == oldId);
            old.Close("Arne flytter; planen fra Bjørkvik overtas.", agreedWithPerson: true, DateTime.UtcNow);
            old.MarkSaved();
            await rdb.SaveChangesAsync();
        }
        _two.Line.FailuresLeft = 1;
        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(kari, planId)).Status);
        Assert.Equal(0, await SendDueAsync());
        Assert.Contains("Ikke levert ennå – prøver igjen", (await kari.GetAsync($"/plans/{planId}/transfer")).Html);
        _senderBase.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendDueAsync());

        string bundleJson;
        int senderRevisions;
        (int Meetings, int Evaluations, int Log, int Tasks) senderWork;
        Guid heldId;
        string messageId;
        await using (var db = _senderBase.NewDb())
        {
            var plan = await db.Plans.SingleAsync(p => p.Id == planId);
            Assert.Equal(PlanStatus.Transferred, plan.Status);
            Assert.Contains("Fjellstad kommune", plan.ClosingReason!); // R10: the reason, the consent the agreement
            var second = await db.Set<OutgoingTransfer>().OrderByDescending(t => t.SentAt).ThenByDescending(t => t.Outcome).FirstAsync(t => t.Outcome != TransferOutcome.Refused);
            Assert.Equal(TransferOutcome.Received, second.Outcome);
            var message = await db.OutboxMessages.SingleAsync(m => m.MessageId == second.MessageId);
            Assert.Equal(("ok", 2), (message.ResponseCode, message.Attempts));
            messageId = message.MessageId;
            // R9: each try records the consent it was sent with.
            Assert.All(await db.Set<OutgoingTransfer>().Where(t => t.PlanId == planId).ToListAsync(), t => Assert.Equal(consentId, t.ConsentId));
            bundleJson = message.BundleJson;
            senderRevisions = await db.PlanRevisions.CountAsync(r => r.PlanId == planId);
            senderWork = (await db.Meetings.CountAsync(m => m.PlanId == planId), await db.Evaluations.CountAsync(e => e.PlanId == planId),
                await db.PlanLogEntries.CountAsync(e => e.PlanId == planId), await db.PlanTasks.CountAsync(t => t.PlanId == planId));
            // Both sides' audit logs show the transfer.
            var actions = await db.AuditEntries.Where(a => a.PlanId == planId && a.Action.StartsWith("plan.transfer")).Select(a => a.Action).ToListAsync();
            Assert.Equal(2, actions.Count(a => a == "plan.transfer.send"));
            Assert.Equal(2, actions.Count(a => a == "plan.transfer.receipt"));
        }

        // The bundle is valid FHIR R4 and holds the whole plan with every revision but the last (the transfer itself).
        var bundle = Assert.IsType<Bundle>(ParseAndValidate(bundleJson, xml: false));
        var types = bundle.Entry.Select(e => e.Resource!.TypeName).ToList();
        Assert.Equal("MessageHeader", types[0]);
        foreach (var type in new[] { "CarePlan", "Patient", "CareTeam", "Goal", "Consent", "Provenance" }) Assert.Contains(type, types);
        Assert.Equal(senderRevisions - 1, types.Count(t => t == "Provenance"));

        // The receiver has the plan, with its history, Fjellstad responsible, Arne matched by fødselsnummer.
        await using (var rdb = Receiver.NewDb())
        {
            var received = await rdb.Plans.Include(p => p.Participants).Include(p => p.Goals).Include(p => p.Consents).ThenInclude(c => c.Recipients)
                .Include(p => p.Needs).Include(p => p.Collaborations).Include(p => p.Measures).SingleAsync(p => p.Id == planId);
            Assert.Equal(2, received.Needs.Count);
            Assert.Contains(received.Needs, n => n.Description == "Lammelse i høyre arm etter hjerneslag");
            Assert.Single(received.Collaborations);
            Assert.Equal(2, received.Measures.Count);
            Assert.Contains(received.Measures, m => m.Title == "Hverdagsrehabilitering" && m.ResponsibleParticipantId is not null);
            var arne = await rdb.Persons.SingleAsync(p => p.Name == "Arne Johansen");
            Assert.Equal(arne.Id, received.PersonId);
            // A draft there until the receiving unit appoints a coordinator and takes it into use (C2, R3).
            Assert.Equal(PlanStatus.Draft, received.Status);
            Assert.Equal("Fjellstad kommune", received.ResponsibleOrganisationName);
            Assert.Null(received.CoordinatorStaffId);
            Assert.Contains(received.Participants, p => p.Name == "Ingrid Berg" && p.Role == ParticipantRole.GeneralPractitioner);
            // R9: staff are matched by HPR number to staff here; Lars (his HPR number unknown here) and the relative stay named participants.
            var staffHere = await rdb.StaffMembers.ToDictionaryAsync(x => x.Name, x => x.Id);
            foreach (var name in new[] { "Ingrid Berg", "Ola Hansen", "Per Lie" })
                Assert.Equal(staffHere[name], received.Participants.Single(p => p.Name == name).StaffMemberId);
            Assert.Null(received.Participants.Single(p => p.Name == "Lars Moe").StaffMemberId);
            Assert.All(received.Participants.Where(p => p.Role is ParticipantRole.Relative or ParticipantRole.Person), p => Assert.Null(p.StaffMemberId));
            // R3, R8: the consents from there do not name the staff linked here: a new group needs a consent given here.
            var linkedIds = received.Participants.Where(p => p.StaffMemberId is not null).Select(p => p.Id).ToHashSet();
            Assert.DoesNotContain(received.Consents.SelectMany(c => c.Recipients), r => r.ParticipantId is { } pid && linkedIds.Contains(pid));
            Assert.NotEmpty(received.Goals);
            Assert.Contains(received.Consents, c => c.TransferToOrganisationNumber == FjellstadNumber);
            Assert.Equal(senderRevisions, await rdb.PlanRevisions.CountAsync(r => r.PlanId == planId));
            Assert.Contains(await rdb.PlanRevisions.Where(r => r.PlanId == planId).Select(r => r.Summary).ToListAsync(), s => s.Contains("mottatt fra Bjørkvik kommune"));
            // Through the gate, both tries audited there: the first refused (R2), the second received.
            var receiveAudit = await rdb.AuditEntries.Where(a => a.PlanId == planId && a.Action == "plan.transfer.receive").ToListAsync();
            Assert.Single(receiveAudit, a => a.Allowed);
            Assert.Contains(receiveAudit, a => !a.Allowed && a.Reason.StartsWith("R2", StringComparison.Ordinal));
            var hanneId = await rdb.UserAccounts.Where(u => u.UserName == "hanne").Select(u => u.Id).SingleAsync();
            Assert.Single(await rdb.Notifications.Where(n => n.RecipientUserId == hanneId && n.Link == $"/plans/{planId}").ToListAsync());

            // R9: the work done there arrives too, nothing left out: meetings with their minutes, evaluations, the plan log
            // and the tasks, whose assignees are the plan's named participants here.
            var meetings = await rdb.Meetings.Include(m => m.Invitees).Where(m => m.PlanId == planId).ToListAsync();
            var evaluations = await rdb.Evaluations.Include(e => e.Goals).Where(e => e.PlanId == planId).ToListAsync();
            var log = await rdb.PlanLogEntries.Where(e => e.PlanId == planId).ToListAsync();
            var tasks = await rdb.PlanTasks.Where(t => t.PlanId == planId).ToListAsync();
            Assert.Equal(senderWork, (meetings.Count, evaluations.Count, log.Count, tasks.Count));
            Assert.True(senderWork is { Meetings: > 0, Evaluations: > 0, Log: > 0, Tasks: > 0 });
            var held = Assert.Single(meetings);
            heldId = held.Id;
            Assert.StartsWith("Hverdagsrehabilitering starter når Arne kommer hjem", held.MinutesText);
            Assert.Equal("Jeg vil klare dusjen selv før jul.", held.PersonsOwnInput);
            Assert.True(held.MinutesApproved);
            Assert.Contains(held.Invitees, i => i.Name == "Ingrid Berg" && i.StaffMemberId == staffHere["Ingrid Berg"]);
            Assert.Contains(held.Invitees, i => i.IsThePerson);
            // R9: the replies and the attendance come along.
            var olaInvited = held.Invitees.Single(i => i.Name == "Ola Hansen");
            Assert.Equal((InviteeReply.Coming, "Jeg tar med målebånd til badet.", Attendance.Present), (olaInvited.Reply, olaInvited.ReplyComment, olaInvited.Attendance));
            Assert.Equal(new DateTime(2026, 11, 14, 8, 0, 0, DateTimeKind.Utc), olaInvited.RepliedAt);
            var perInvited = held.Invitees.Single(i => i.Name == "Per Lie");
            Assert.Equal((InviteeReply.NotComing, Attendance.Absent), (perInvited.Reply, perInvited.Attendance));
            Assert.Equal(InviteeReply.NoReply, held.Invitees.Single(i => i.IsThePerson).Reply);
            var evaluation = Assert.Single(evaluations);
            Assert.Equal(("Hverdagsrehabilitering er gitt fem dager i uka.", "Jeg merker at armen blir sterkere."), (evaluation.ServiceDelivery, evaluation.PersonsOwnWords));
            Assert.NotEmpty(evaluation.Goals);
            Assert.Contains(log, e => e.Text == "Jeg klarte å ta på meg skjorta selv i dag." && e.AuthorName == "Arne Johansen");
            var ola = received.Participants.Single(p => p.Name == "Ola Hansen");
            Assert.Contains(tasks, t => t.Title == "Vurdere hjelpemidler på badet før hjemreise" && t.AssigneeParticipantId == ola.Id
                && t.Status == Domain.Meetings.PlanTaskStatus.Open);
            Assert.Contains(tasks, t => t.Title == "Avtale samarbeidsmøte før utskriving" && t.Status == Domain.Meetings.PlanTaskStatus.Done);
            Assert.All(tasks, t => Assert.Contains(received.Participants, p => p.Id == t.AssigneeParticipantId)); // all named participants here
        }
        // The receiving unit's staff member who took it in opens it and appoints the coordinator there (C2).
        var hanneThere = await Browser.SignedInAsync(Receiver, "hanne");
        Assert.Equal(HttpStatusCode.OK, (await hanneThere.GetAsync($"/plans/{planId}/coordinator")).Status);
        foreach (var (path, text) in new[]
        {
            ("meetings", "Referat godkjent"), ($"meetings/{heldId}", "Status etter hjerneslaget"),
            ($"meetings/{heldId}/minutes", "Hverdagsrehabilitering starter når Arne kommer hjem"),
            ("tasks", "Vurdere hjelpemidler på badet før hjemreise"), ("log", "Jeg klarte å ta på meg skjorta selv i dag."),
            ("evaluations", ">22.11.2026</a>"),
        })
        {
            var there = await hanneThere.GetAsync($"/plans/{planId}/{path}");
            Assert.Equal((path, HttpStatusCode.OK), (path, there.Status));
            Assert.Contains(text, there.Html);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(Receiver, "ingrid")).GetAsync($"/plans/{planId}")).Status);
        // R9, R12: Arne, at the receiver, sees on his own page that the plan came from Bjørkvik, and reads its history.
        var arneThere = await Browser.SignedInAsync(Receiver, "arne");
        var myPlanThere = await arneThere.GetAsync("/my/plan");
        Assert.Contains("Planen er flyttet hit fra Bjørkvik kommune", myPlanThere.Html);
        Assert.Contains("Klare personlig hygiene selv", myPlanThere.Html);
        var historyThere = await arneThere.GetAsync($"/plans/{planId}/history");
        Assert.Equal(HttpStatusCode.OK, historyThere.Status);
        Assert.Contains("mottatt fra Bjørkvik kommune", historyThere.Html);

        // After the transfer the old organisation's access ends: the participant from another organisation (per, the hospital),
        // the GP and even the coordinator get 404 for the plan; the coordinator still sees how the transfer went; Arne reads his old plan.
        foreach (var user in new[] { "per", "ingrid", "kari" })
            Assert.Equal(HttpStatusCode.NotFound, (await (await AtSenderAsync(user)).GetAsync($"/plans/{planId}")).Status);
        var status = await kari.GetAsync($"/plans/{planId}/transfer");
        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Contains("Mottatt – mottakeren har bekreftet", status.Html);
        Assert.Contains("Gitt av Arne Johansen 23.11.2026 (digitalt)", status.Html); // the consent used (R9)
        Assert.DoesNotContain("Klare personlig hygiene selv", status.Html);
        var arneHere = await arneAtSender.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.OK, arneHere.Status);
        Assert.Contains("Klare personlig hygiene selv", arneHere.Html);
        // R9, R12: his own page here says, plainly, where the plan went, when, and with whose consent.
        var myPlanHere = await arneAtSender.GetAsync("/my/plan");
        Assert.Equal(HttpStatusCode.OK, myPlanHere.Status);
        Assert.Contains("Planen er flyttet til Fjellstad kommune", myPlanHere.Html);
        Assert.Contains("Planen ble sendt til Fjellstad kommune 23.11.2026", myPlanHere.Html);
        Assert.Contains("Fjellstad kommune har bekreftet at de har fått den.", myPlanHere.Html);
        Assert.Contains("Det skjedde med samtykket Arne Johansen ga 23.11.2026.", myPlanHere.Html);
        Assert.Contains($"href=\"/plans/{planId}\"", myPlanHere.Html);
        await using (var db = _senderBase.NewDb())
        {
            var gate = _senderBase.Gate(db, await _senderBase.UserAsync("arne"));
            var own = await gate.ReadAsync(planId, PlanPart.Overview);
            Assert.NotNull(own);
            Assert.False(gate.Decide(own, PlanAction.Write, PlanPart.Goals).Allowed); // read-only
            var perGate = _senderBase.Gate(db, await _senderBase.UserAsync("per"));
            Assert.Empty(await perGate.Readable().Where(p => p.Id == planId).ToListAsync());
        }

        // The same message delivered again: the same receipt, still one plan.
        // R9: only the receiving coordinating unit takes a plan in: the GP there, sending it as a new message, is refused (audited).
        using (var ingridApi = ApiHttp(Receiver, await TokenAsync(Receiver, "ingrid")))
        using (var refusedThere = await ingridApi.PostAsync("/fhir/$process-message",
                   new StringContent(bundleJson.Replace(messageId, Guid.NewGuid().ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/fhir+json")))
        {
            var refusal = (Bundle)ParseAndValidate(await refusedThere.Content.ReadAsStringAsync(), xml: false);
            Assert.Equal(MessageHeader.ResponseType.FatalError, MessageBundles.HeaderOf(refusal)!.Response!.Code);
            await using var rdb = Receiver.NewDb();
            Assert.True(await rdb.AuditEntries.AnyAsync(a => a.PlanId == planId && a.Action == "plan.transfer.receive" && !a.Allowed && a.UserName == "ingrid"));
        }
        using var hanne = ApiHttp(Receiver, await TokenAsync(Receiver, "hanne"));
        using var again = await hanne.PostAsync("/fhir/$process-message", new StringContent(bundleJson, Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // The capability statement lists the transfer among the messages $process-message accepts.
        using (var metadata = await hanne.GetAsync("/fhir/metadata"))
        {
            var capability = Assert.IsType<CapabilityStatement>(ParseAndValidate(await metadata.Content.ReadAsStringAsync(), xml: false));
            Assert.Contains(capability.Messaging.Single().SupportedMessage, m => m.Definition == "https://samplan.no/fhir/MessageDefinition/plan-transfer"
                && m.Mode == CapabilityStatement.EventCapabilityMode.Receiver);
        }
        var receipt = MessageBundles.HeaderOf((Bundle)ParseAndValidate(await again.Content.ReadAsStringAsync(), xml: false))!;
        Assert.Equal(MessageHeader.ResponseType.Ok, receipt.Response!.Code);
        await using (var rdb = Receiver.NewDb())
        {
            Assert.Equal(1, await rdb.Plans.CountAsync(p => p.Id == planId));
            Assert.Equal(senderWork, (await rdb.Meetings.CountAsync(m => m.PlanId == planId), await rdb.Evaluations.CountAsync(e => e.PlanId == planId),
                await rdb.PlanLogEntries.CountAsync(e => e.PlanId == planId), await rdb.PlanTasks.CountAsync(t => t.PlanId == planId))); // nothing doubled
            Assert.Equal(1, await rdb.Plans.CountAsync(p => p.PersonId == rdb.Persons.Single(x => x.Name == "Arne Johansen").Id && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active))); // R2: one open plan
        }
    }
}
