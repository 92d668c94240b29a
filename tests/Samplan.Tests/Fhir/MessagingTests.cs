using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Messaging;
using Samplan.Tests.Infrastructure;
using Samplan.Tests.Messaging;
using static Samplan.Tests.Fhir.FhirSupport;

namespace Samplan.Tests.Fhir;

public sealed class MessagingTestsOnSqlite : MessagingTests
{
    protected override Task<SamplanFactory> CreateDeploymentAsync() => System.Threading.Tasks.Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class MessagingTestsOnPostgreSql(PostgresCluster cluster) : MessagingTests
{
    protected override Task<SamplanFactory> CreateDeploymentAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// FHIR messaging between two Samplan deployments in one process (N1, K8, C6): the hospital's deployment sends a notice
/// to the municipality's (its own database, its own TestServer); the municipality's coordinating unit gets an intake case,
/// the hospital records the receipt. The receiver may be down for a while (back-off), and a message delivered twice is
/// processed once.
/// </summary>
public abstract class MessagingTests : IAsyncLifetime
{
    protected abstract Task<SamplanFactory> CreateDeploymentAsync();

    const string Peer = "bjorkvik";
    const string BjorkvikNumber = "964000001";

    TwoDeployments _two = null!;
    /// <summary>The sending deployment (the hospital trust's), configured with the municipality's as a peer.</summary>
    WebApplicationFactory<Program> Hospital => _two.Sender;
    /// <summary>The receiving deployment (the municipality's).</summary>
    SamplanFactory Municipality => _two.Receiver;

    public async System.Threading.Tasks.Task InitializeAsync() =>
        _two = await TwoDeployments.StartAsync(CreateDeploymentAsync, Peer, "http://municipality.test", new Dictionary<string, string>
        {
            ["UserName"] = "per", ["Password"] = Shared.DemoData.Password, ["OrganisationNumber"] = BjorkvikNumber,
            ["Name"] = "Koordinerende enhet, Bjørkvik kommune",
        });

    public async System.Threading.Tasks.Task DisposeAsync() => await _two.DisposeAsync();

    Task<int> SendDueAsync() => _two.SendDueAsync();

    SamplanDb HospitalDb() => _two.SenderBase.NewDb();

    static StringContent Fhir(Resource resource) =>
        new(new FhirJsonSerializer().SerializeToString(resource), Encoding.UTF8, "application/fhir+json");

    static Resource Read(string body) => new FhirJsonDeserializer().DeserializeResource(body);

    /// <summary>The hospital's coordinator (per) registers a patient there and sends the municipality a K8 notice.</summary>
    async Task<(string MessageId, string Number, string Name)> NotifyAsync(string eventCode = "discharge-ready", string receiver = BjorkvikNumber)
    {
        var number = SyntheticNumber(new DateOnly(1958, 3, 9), 200);
        const string name = "Olav Strand";
        using var http = ApiHttp(Hospital, await TokenAsync(Hospital, "per"));
        using var created = await http.PostAsync("/fhir/Patient", Fhir(NewPatient(number, name)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var patientId = Read(await created.Content.ReadAsStringAsync()).Id;
        var parameters = new Parameters()
            .Add("peer", new FhirString(Peer))
            .Add("receiver", new FhirString(receiver))
            .Add("event", new Code(eventCode))
            .Add("need", new FhirString("Trenger koordinator og individuell plan etter hjerneslag"))
            .Add("urgency", new Code("Urgent"))
            .Add("personAsked", new FhirBoolean(true))
            .Add("personWantsAssessment", new FhirBoolean(true));
        using var queued = await http.PostAsync($"/fhir/Patient/{patientId}/$notify-peer", Fhir(parameters));
        var body = await queued.Content.ReadAsStringAsync();
        Assert.True(queued.StatusCode == HttpStatusCode.Accepted, body);
        var bundle = (Bundle)Read(body);
        Assert.Equal(Bundle.BundleType.Message, bundle.Type);
        var header = Assert.IsType<MessageHeader>(bundle.Entry[0].Resource);
        return (header.Id!, number, name);
    }

    async Task<List<IntakeCase>> CasesAtMunicipalityAsync(string number)
    {
        await using var db = Municipality.NewDb();
        var personId = await db.Persons.Where(p => p.NationalIdentityNumber == number).Select(p => p.Id).SingleOrDefaultAsync();
        return await db.IntakeCases.Where(c => c.PersonId == personId).ToListAsync();
    }

    [Fact]
    public async System.Threading.Tasks.Task K8_a_discharge_ready_notice_becomes_an_intake_case_in_the_municipality_and_the_receipt_is_recorded()
    {
        var (messageId, number, name) = await NotifyAsync();
        await using (var db = HospitalDb())
        {
            var queued = await db.OutboxMessages.SingleAsync(m => m.MessageId == messageId);
            Assert.Null(queued.DeliveredAt);
            Assert.Equal(0, queued.Attempts);
        }

        Assert.Equal(1, await SendDueAsync());

        var c = Assert.Single(await CasesAtMunicipalityAsync(number));
        await using (var mdb = Municipality.NewDb())
            Assert.Equal(await mdb.Organisations.Where(o => o.OrganisationNumber == BjorkvikNumber).Select(o => o.Id).SingleAsync(), c.ReceivingOrganisationId);
        Assert.Equal(IntakeKind.NeedNotification, c.Kind);
        Assert.Equal(SourceSector.Hospital, c.Sector);
        Assert.Equal(HospitalStatus.DischargeReady, c.HospitalStatus);
        Assert.Equal(IntakeUrgency.Urgent, c.Urgency);
        Assert.True(c.PersonAsked && c.PersonWantsAssessment); // N2 flags as sent
        Assert.Contains("hjerneslag", c.Need);
        Assert.Equal("Helse Vestfjord HF", c.ReporterOrganisationName);

        // The case is in the receiving coordinating unit's inbox.
        var kari = await Browser.SignedInAsync(Municipality, "kari");
        var inbox = await kari.GetAsync("/ke/inbox");
        Assert.Contains(name, inbox.Html);

        await using (var db = HospitalDb())
        {
            var sent = await db.OutboxMessages.SingleAsync(m => m.MessageId == messageId);
            Assert.NotNull(sent.DeliveredAt);
            Assert.Equal("ok", sent.ResponseCode);
            Assert.Equal(1, sent.Attempts);
            var receipt = (Bundle)Read(sent.ReceiptJson!);
            var answer = MessageBundles.HeaderOf(receipt)!;
            Assert.Equal(MessageBundles.Receipt, answer.Event is Coding e ? e.Code : null);
            Assert.Equal(messageId, answer.Response!.Identifier);
            Assert.Equal(MessageHeader.ResponseType.Ok, answer.Response!.Code);
        }
        Assert.Equal(0, await SendDueAsync()); // nothing left to send
    }

    [Fact]
    public async System.Threading.Tasks.Task While_the_municipality_is_down_the_hospital_retries_with_back_off_then_delivers_once()
    {
        _two.Line.FailuresLeft = 3;
        var (messageId, number, _) = await NotifyAsync();
        var clock = _two.SenderBase.Clock;
        var start = clock.GetUtcNow().UtcDateTime;

        async Task<OutboxMessage> OutboxAsync() { await using var db = HospitalDb(); return await db.OutboxMessages.SingleAsync(m => m.MessageId == messageId); }

        Assert.Equal(0, await SendDueAsync());
        var m = await OutboxAsync();
        Assert.Equal((1, start.AddMinutes(1)), (m.Attempts, m.NextAttemptAt));
        Assert.Contains("503", m.LastError);

        Assert.Equal(0, await SendDueAsync()); // not due yet: no attempt
        Assert.Equal(1, (await OutboxAsync()).Attempts);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await SendDueAsync());
        m = await OutboxAsync();
        Assert.Equal((2, start.AddMinutes(1 + 2)), (m.Attempts, m.NextAttemptAt));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await SendDueAsync());
        m = await OutboxAsync();
        Assert.Equal((3, start.AddMinutes(1 + 2 + 4)), (m.Attempts, m.NextAttemptAt));
        Assert.Empty(await CasesAtMunicipalityAsync(number));

        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, await SendDueAsync()); // 3 of the 4 minutes: still waiting
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendDueAsync());
        m = await OutboxAsync();
        Assert.Equal(4, m.Attempts);
        Assert.Equal("ok", m.ResponseCode);
        Assert.Equal(start.AddMinutes(7), m.DeliveredAt);
        Assert.Single(await CasesAtMunicipalityAsync(number));
        Assert.Equal(4, _two.Line.Posts);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_message_delivered_twice_is_processed_once()
    {
        // The receipt is lost on the way back: the municipality processed the message, the hospital sees a 503 and retries.
        _two.Line.LoseReceiptsLeft = 1;
        var (messageId, number, _) = await NotifyAsync();
        Assert.Equal(0, await SendDueAsync());
        _two.SenderBase.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendDueAsync());
        Assert.Single(await CasesAtMunicipalityAsync(number));

        // The same message posted again by hand: the same receipt, nothing new.
        string json;
        await using (var db = HospitalDb())
            json = (await db.OutboxMessages.SingleAsync(m => m.MessageId == messageId)).BundleJson;
        using var http = ApiHttp(Municipality, await TokenAsync(Municipality, "per"));
        var answers = new List<MessageHeader>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await http.PostAsync("/fhir/$process-message", new StringContent(json, Encoding.UTF8, "application/fhir+json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(MessageBundles.HeaderOf((Bundle)Read(await response.Content.ReadAsStringAsync()))!);
        }
        Assert.Equal(answers[0].Id, answers[1].Id);
        Assert.Equal(messageId, answers[1].Response!.Identifier);
        Assert.Single(await CasesAtMunicipalityAsync(number));
        await using var mdb = Municipality.NewDb();
        Assert.Equal(1, await mdb.ProcessedMessages.CountAsync(p => p.MessageId == messageId));

        // Someone else posting a message with the same id gets no receipt of it: 409, nothing processed.
        using var hanne = ApiHttp(Municipality, await TokenAsync(Municipality, "hanne"));
        using var other = await hanne.PostAsync("/fhir/$process-message", new StringContent(json, Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Single(await CasesAtMunicipalityAsync(number));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_notice_to_a_unit_the_peer_does_not_have_gets_a_fatal_error_receipt_and_is_not_retried()
    {
        var (messageId, number, _) = await NotifyAsync(receiver: "999999999");
        Assert.Equal(1, await SendDueAsync());
        await using var db = HospitalDb();
        var m = await db.OutboxMessages.SingleAsync(x => x.MessageId == messageId);
        Assert.Equal("fatal-error", m.ResponseCode);
        Assert.Null(m.NextAttemptAt);
        var answer = MessageBundles.HeaderOf((Bundle)Read(m.ReceiptJson!))!;
        Assert.Equal(MessageHeader.ResponseType.FatalError, answer.Response!.Code);
        Assert.NotNull(answer.Response!.Details);
        Assert.Empty(await CasesAtMunicipalityAsync(number));
        _two.SenderBase.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await SendDueAsync());
    }

    [Fact]
    public async System.Threading.Tasks.Task K8_the_hospital_must_say_admitted_discharge_ready_or_outpatient_and_only_staff_send_or_receive()
    {
        using var per = ApiHttp(Hospital, await TokenAsync(Hospital, "per"));
        await using var db = HospitalDb();
        var arneId = await db.Persons.Where(p => p.Name == "Arne Johansen").Select(p => p.Id).SingleAsync();
        var plain = new Parameters().Add("peer", new FhirString(Peer)).Add("receiver", new FhirString(BjorkvikNumber))
            .Add("event", new Code("need-notification")).Add("need", new FhirString("Behov for koordinator"));
        using var refused = await per.PostAsync($"/fhir/Patient/{arneId}/$notify-peer", Fhir(plain));
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains("K8", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await db.OutboxMessages.ToListAsync());

        // A citizen may neither send nor deliver messages; without a token, 401.
        using var arne = ApiHttp(Hospital, await TokenAsync(Hospital, "arne"));
        using var citizen = await arne.PostAsync($"/fhir/Patient/{arneId}/$notify-peer", Fhir(plain));
        Assert.Equal(HttpStatusCode.Forbidden, citizen.StatusCode);
        var message = MessageBundles.Response("x", MessageHeader.ResponseType.Ok, "http://x/fhir", null, null, DateTime.UtcNow);
        using var citizenPost = await arne.PostAsync("/fhir/$process-message", Fhir(message));
        Assert.Equal(HttpStatusCode.Forbidden, citizenPost.StatusCode);
        using var anonymous = Hospital.CreateClient();
        using var noToken = await anonymous.PostAsync("/fhir/$process-message", Fhir(message));
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        // Not a message at all: 400 with an OperationOutcome.
        using var notMessage = await per.PostAsync("/fhir/$process-message", Fhir(new Bundle { Type = Bundle.BundleType.Collection }));
        Assert.Equal(HttpStatusCode.BadRequest, notMessage.StatusCode);
        Assert.IsType<OperationOutcome>(Read(await notMessage.Content.ReadAsStringAsync()));
        // The capability statement names the messaging endpoint and both operations.
        var metadata = (CapabilityStatement)Read(await (await anonymous.GetAsync("/fhir/metadata")).Content.ReadAsStringAsync());
        Assert.EndsWith("/fhir/$process-message", metadata.Messaging.Single().Endpoint.Single().Address);
        Assert.Equal(["process-message", "notify-peer"], metadata.Rest.Single().Operation.Select(o => o.Name));
    }

    /// <summary>
    /// K8, N1, C6 both ways: the hospital notifies from its notify page, choosing the municipality's deployment; the
    /// municipality answers by itself when it appoints a coordinator and takes the plan into use (while the hospital is
    /// down for a while, then with back-off); the hospital's coordinator gets a notice without names, and both sides'
    /// messages page shows what was sent and received with its status. Slow (three app servers): one test per provider.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task The_municipality_answers_a_hospital_notice_with_coordinator_appointed_and_plan_started_K8_C6()
    {
        // Bjørkvik's account in the hospital's deployment; the hospital's address, as its notices name it.
        _two.ConfigureReceiver("helse-vestfjord", "http://localhost", new Dictionary<string, string>
        {
            ["UserName"] = "kari", ["Password"] = Shared.DemoData.Password,
        });
        var toHospital = _two.BackLine;
        Task<int> MunicipalitySendsAsync() => _two.ReceiverSendsDueAsync();

        // The hospital registers the patient and notifies from the page, choosing the peer deployment's unit.
        var number = SyntheticNumber(new DateOnly(1961, 8, 14), 300);
        using (var api = ApiHttp(Hospital, await TokenAsync(Hospital, "per")))
        using (var created = await api.PostAsync("/fhir/Patient", Fhir(NewPatient(number, "Solveig Bakke"))))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Guid hospitalPersonId;
        await using (var db = HospitalDb()) hospitalPersonId = await db.Persons.Where(p => p.NationalIdentityNumber == number).Select(p => p.Id).SingleAsync();
        var per = await _two.AtSenderAsync("per");
        var form = await per.GetAsync($"/persons/{hospitalPersonId}/notify");
        Assert.Contains("Koordinerende enhet, Bjørkvik kommune", form.Html);
        var sent = await per.SubmitAsync($"/persons/{hospitalPersonId}/notify", new()
        {
            ["ReceivingOrganisationId"] = Guid.Empty.ToString(), ["Peer"] = Peer, ["Kind"] = "NeedNotification",
            ["Need"] = "Trenger koordinator etter utskriving", ["Urgency"] = "Normal", ["HospitalStatus"] = "DischargeReady",
            ["PersonAsked"] = "true", ["PersonWantsAssessment"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        Assert.Equal(1, await SendDueAsync());
        var intake = Assert.Single(await CasesAtMunicipalityAsync(number));
        Assert.Equal(HospitalStatus.DischargeReady, intake.HospitalStatus);

        // The municipality starts the plan with Kari as coordinator, then takes it into use: two answers go to the outbox.
        var kari = await ClientAsAsync(Municipality, "kari");
        var personId = intake.PersonId;
        var plan = await kari.CreateAsync(NewCarePlan(personId.ToString(), $"Patient/{personId}", await StaffIdAsync(Municipality, "kari")));
        plan!.Status = RequestStatus.Active;
        await kari.UpdateAsync(plan, versionAware: true);
        await using (var mdb = Municipality.NewDb())
            Assert.Equal([MessageBundles.CoordinatorAppointed, MessageBundles.PlanStarted],
                await mdb.OutboxMessages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Event).Select(m => m.Event).ToListAsync());

        // The hospital is down at first: the municipality's page shows the retry; a minute later both are delivered.
        toHospital.FailuresLeft = 2;
        Assert.Equal(0, await MunicipalitySendsAsync());
        var kariPages = await Browser.SignedInAsync(Municipality, "kari");
        var retrying = await kariPages.GetAsync("/ke/messages");
        Assert.Equal(HttpStatusCode.OK, retrying.Status);
        Assert.Contains("Feilet – prøver igjen", retrying.Html);
        Assert.Contains("Koordinator oppnevnt", retrying.Html);
        Assert.DoesNotContain("Solveig", retrying.Html);
        Municipality.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await MunicipalitySendsAsync());
        await using (var mdb = Municipality.NewDb())
            Assert.All(await mdb.OutboxMessages.ToListAsync(), m => Assert.Equal(("ok", 2), (m.ResponseCode, m.Attempts)));
        Assert.Contains("Levert – kvittering mottatt", (await kariPages.GetAsync("/ke/messages")).Html);

        // At the hospital: both processed once, and Per (who sent the notice) has a notice for each, with no name in it.
        await using (var db = HospitalDb())
        {
            Assert.Equal(2, await db.ProcessedMessages.CountAsync(m => m.PersonId == hospitalPersonId
                && (m.Event == MessageBundles.CoordinatorAppointed || m.Event == MessageBundles.PlanStarted)));
            var perUser = await db.UserAccounts.Where(u => u.UserName == "per").Select(u => u.Id).SingleAsync();
            var notices = await db.Notifications.Where(n => n.RecipientUserId == perUser && n.Link == "/ke/messages").ToListAsync();
            Assert.Equal(["Individuell plan er startet", "Koordinator er oppnevnt"], notices.Select(n => n.Subject).Order());
            Assert.All(notices, n => Assert.DoesNotContain("Solveig", n.Subject + n.Body));
            var reply = (Bundle)Read((await db.ProcessedMessages.SingleAsync(m => m.Event == MessageBundles.CoordinatorAppointed)).ResponseJson);
            Assert.Equal(MessageHeader.ResponseType.Ok, MessageBundles.HeaderOf(reply)!.Response!.Code);
        }
        var hospitalPage = await per.GetAsync("/ke/messages");
        Assert.Contains("Utskrivningsklar", hospitalPage.Html);
        Assert.Contains("Levert – kvittering mottatt", hospitalPage.Html);
        Assert.Contains("Individuell plan startet", hospitalPage.Html);
        Assert.Contains("Mottatt – kvittering sendt", hospitalPage.Html);

        // The answer is sent once: nothing more is due, and a later change to the plan sends nothing.
        Assert.Equal(0, await MunicipalitySendsAsync());
        var again = await kari.ReadAsync<CarePlan>($"CarePlan/{plan.Id}");
        again!.Description = "Å bo hjemme igjen";
        await kari.UpdateAsync(again, versionAware: true);
        await using (var mdb = Municipality.NewDb()) Assert.Equal(2, await mdb.OutboxMessages.CountAsync());
        // The messages page is for the coordinating unit only.
        var erik = await Browser.SignedInAsync(Municipality, "erik");
        Assert.Equal(HttpStatusCode.Forbidden, (await erik.GetAsync("/ke/messages")).Status);
    }

    /// <summary>
    /// C6, K8: the hospital calls the municipality to a meeting before discharge from the notify page; the call (an
    /// Appointment, status proposed) validates, is delivered twice (the first receipt is lost) and processed once, lands in
    /// Bjørkvik's inbox and on its messages page with time, place and agenda, the plan's coordinator gets a notice without
    /// the name, and the receipt comes back. A teacher (staff, not the hospital) is refused; a citizen does not get the
    /// form; another coordinating unit does not see the call, and staff outside a coordinating unit do not get the page.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task C6_the_hospital_calls_the_municipality_to_a_meeting_before_discharge_processed_once_and_shown_to_its_unit()
    {
        Guid arneId;
        string arneNumber;
        await using (var db = HospitalDb())
        {
            var arneRow = await db.Persons.Where(p => p.Name == "Arne Johansen").Select(p => new { p.Id, p.NationalIdentityNumber }).SingleAsync();
            (arneId, arneNumber) = (arneRow.Id, arneRow.NationalIdentityNumber);
        }
        var url = $"/persons/{arneId}/notify";
        Dictionary<string, string> Call() => new()
        {
            ["MeetingPeer"] = Peer, ["MeetingStart"] = "2026-11-25T10:00", ["MeetingEnd"] = "2026-11-25T11:00",
            ["MeetingPlace"] = "Møterom 3, medisinsk avdeling", ["MeetingAgenda"] = "Oppfølging hjemme etter utskriving",
            ["MeetingParticipants"] = "Per Hansen, sykehuskoordinator\nSykepleier på posten", ["MeetingPatientAgrees"] = "true",
        };

        // Not the hospital: the teacher is refused (403), nothing queued; the citizen does not get the page at all.
        var erik = await _two.AtSenderAsync("erik");
        Assert.Equal(HttpStatusCode.Forbidden, (await erik.SubmitAsync(url, Call(), $"{url}?handler=Meeting")).Status);
        var arne = await _two.AtSenderAsync("arne");
        Assert.Equal(HttpStatusCode.Forbidden, (await arne.GetAsync(url)).Status);
        // Through the API too, the call is made in agreement with the patient (C6): without it, 422 and nothing queued.
        using (var api = ApiHttp(Hospital, await TokenAsync(Hospital, "per")))
        {
            var noAgreement = new Parameters().Add("peer", new FhirString(Peer)).Add("receiver", new FhirString(BjorkvikNumber))
                .Add("event", new Code(MessageBundles.DischargeMeeting)).Add("start", new FhirDateTime("2026-11-25T09:00:00Z"))
                .Add("end", new FhirDateTime("2026-11-25T10:00:00Z")).Add("place", new FhirString("Møterom 3")).Add("agenda", new FhirString("Oppfølging"))
                .Add("participant", new FhirString("Per Hansen, sykehuskoordinator"));
            using var refused = await api.PostAsync($"/fhir/Patient/{arneId}/$notify-peer", Fhir(noAgreement));
            Assert.Equal((HttpStatusCode)422, refused.StatusCode);
            Assert.Contains("C6", await refused.Content.ReadAsStringAsync());
        }
        await using (var db = HospitalDb()) Assert.Empty(await db.OutboxMessages.ToListAsync());

        var per = await _two.AtSenderAsync("per");
        Assert.Contains("Kall inn til møte før utskriving", (await per.GetAsync(url)).Html);
        var sent = await per.SubmitAsync(url, Call(), $"{url}?handler=Meeting");
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        string messageId;
        await using (var db = HospitalDb())
        {
            var queued = await db.OutboxMessages.SingleAsync();
            Assert.Equal(MessageBundles.DischargeMeeting, queued.Event);
            messageId = queued.MessageId;
            var bundle = (Bundle)ParseAndValidate(queued.BundleJson, xml: false); // Firely: structure and cardinality
            var appointment = bundle.Entry.Select(e => e.Resource).OfType<Appointment>().Single();
            Assert.Equal(Appointment.AppointmentStatus.Proposed, appointment.Status);
            Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), appointment.Start);
            Assert.Equal("Oppfølging hjemme etter utskriving", appointment.Description);
        }

        // The first delivery is processed but its receipt lost; the retry a minute later is answered from the first.
        _two.Line.LoseReceiptsLeft = 1;
        Assert.Equal(0, await SendDueAsync());
        _two.SenderBase.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(2, _two.Line.Posts);
        await using (var db = HospitalDb())
        {
            var delivered = await db.OutboxMessages.SingleAsync();
            Assert.Equal(("ok", 2), (delivered.ResponseCode, delivered.Attempts));
            Assert.Equal(messageId, MessageBundles.HeaderOf((Bundle)Read(delivered.ReceiptJson!))!.Response!.Identifier);
        }
        var calls = (await CasesAtMunicipalityAsync(arneNumber)).Where(c => c.Need.StartsWith(MessagingEndpoints.MeetingCallTitle)).ToList();
        var call = Assert.Single(calls);
        Assert.Equal(HospitalStatus.DischargeReady, call.HospitalStatus);
        await using (var mdb = Municipality.NewDb())
        {
            Assert.Equal(1, await mdb.ProcessedMessages.CountAsync(m => m.MessageId == messageId));
            // Arne's plan coordinator (Kari) is told there is a call, not whom it is about.
            var kariUser = await mdb.UserAccounts.Where(u => u.UserName == "kari").Select(u => u.Id).SingleAsync();
            var notice = await mdb.Notifications.SingleAsync(n => n.RecipientUserId == kariUser && n.Subject == "Innkalling til møte før utskriving");
            Assert.StartsWith("/plans/", notice.Link);
            Assert.DoesNotContain("Arne", notice.Subject + notice.Body);
            Assert.True(await mdb.AuditEntries.AnyAsync(a => a.Action == "intake.notify" && a.Part == call.Id.ToString()));
        }

        // Bjørkvik's coordinating unit sees it with time, place and agenda, in the inbox and on the messages page.
        var kari = await Browser.SignedInAsync(Municipality, "kari");
        Assert.Contains("Møterom 3", (await kari.GetAsync("/ke/inbox")).Html);
        var messages = await kari.GetAsync("/ke/messages");
        Assert.Contains("25.11.2026 10:00–11:00", messages.Html);
        Assert.Contains("Møterom 3, medisinsk avdeling", messages.Html);
        Assert.Contains("Oppfølging hjemme etter utskriving", messages.Html);
        Assert.Contains($"/ke/cases/{call.Id}", messages.Html);
        // Fjellstad's unit does not see Bjørkvik's call; a teacher does not get the page.
        var hanne = await (await Browser.SignedInAsync(Municipality, "hanne")).GetAsync("/ke/messages");
        Assert.Equal(HttpStatusCode.OK, hanne.Status);
        Assert.DoesNotContain("Møterom 3", hanne.Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Browser.SignedInAsync(Municipality, "erik")).GetAsync("/ke/messages")).Status);
    }
}
