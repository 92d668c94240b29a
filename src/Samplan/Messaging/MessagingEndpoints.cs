using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Coordination.Intake;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;
using Samplan.Fhir;
using Samplan.Notifications;
using Person = Samplan.Domain.People.Person;

namespace Samplan.Messaging;

/// <summary>
/// FHIR messaging between Samplan deployments (N1, K8, C6). <c>POST /fhir/$process-message</c> receives a message and
/// answers with the delivery receipt (a response message); <c>POST /fhir/Patient/[id]/$notify-peer</c> queues a notice to a
/// coordinating unit in a peer deployment, delivered by <see cref="MessageSender"/>.
/// </summary>
public static class MessagingEndpoints
{
    public static void Map(RouteGroupBuilder fhir)
    {
        fhir.MapPost("/$process-message", ProcessMessageAsync);
        fhir.MapPost("/Patient/{id}/$notify-peer", NotifyPeerAsync);
    }

    // ---------------------------------------------------------------- receiving

    static async Task<IResult> ProcessMessageAsync(FhirContext f, Microsoft.Extensions.Options.IOptions<MessagingOptions> options, Notifier notifier,
        CancellationToken ct)
    {
        var bundle = await FhirIo.ReadAsync<Bundle>(f.Request, ct);
        if (bundle.Type != Bundle.BundleType.Message || MessageBundles.HeaderOf(bundle) is not { } header)
            return FhirResult.Error(400, OperationOutcome.IssueType.Invalid,
                "$process-message tar imot en Bundle av typen message med MessageHeader som første oppføring.");
        if (string.IsNullOrEmpty(header.Id) || header.Id.Length > 64)
            return FhirResult.Error(400, OperationOutcome.IssueType.Required, "MessageHeader.id mangler: meldingen må ha en id.");
        if (await StoredResponseAsync(f, header.Id, ct) is { } earlier) return earlier;
        if (f.Me.StaffMemberId is null)
            return FhirResult.Forbidden("Bare ansatte og avtalte samarbeidsparter kan sende meldinger.");

        var eventCode = header.Event is Coding c && c.System == MessageBundles.EventSystem ? c.Code : null;
        var response = MessageHeader.ResponseType.Ok;
        OperationOutcome? outcome = null;
        string? caseId = null;
        Guid? personId = null;
        try
        {
            if (eventCode is null || (!MessageBundles.Events.Contains(eventCode) && eventCode != PlanTransfers.Event))
                throw new FhirInputException(422,
                    $"MessageHeader.eventCoding må være en kode fra {MessageBundles.EventSystem}: {string.Join(", ", MessageBundles.Events)}.",
                    OperationOutcome.IssueType.CodeInvalid);
            if (eventCode == PlanTransfers.Event) caseId = await PlanTransfers.ReceiveAsync(f, bundle, header, ct); // R9
            else if (MessageBundles.NoticeEvents.Contains(eventCode)) (caseId, personId) = await ReceiveNoticeAsync(f, bundle, header, eventCode, ct);
            else if (eventCode == MessageBundles.DischargeMeeting) (caseId, personId) = await ReceiveMeetingCallAsync(f, notifier, bundle, header, ct);
            else if (eventCode != MessageBundles.Receipt) personId = await ReceiveReplyAsync(f, notifier, bundle, header, eventCode, ct);
        }
        catch (Exception e) when (e is FhirInputException or DomainRuleException)
        {
            f.Db.ChangeTracker.Clear();
            response = MessageHeader.ResponseType.FatalError;
            outcome = e is DomainRuleException d
                ? FhirIo.Outcome(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.BusinessRule, d.Message, rule: d.Rule)
                : FhirIo.Outcome(OperationOutcome.IssueSeverity.Error, ((FhirInputException)e).Code, e.Message, ((FhirInputException)e).Details);
        }

        var answer = MessageBundles.Response(header.Id, response, f.BaseUrl, header.Source?.Endpoint, outcome, f.Now);
        var json = FhirIo.Serialize(answer, FhirFormat.Json);
        // K8, C6: a notice is answered later (coordinator appointed, plan started) at the peer whose address sent it.
        var replyPeer = caseId is null || header.Source?.Endpoint is not { Length: > 0 } source ? null
            : options.Value.Peers.FirstOrDefault(p => p.Value.BaseUrl is { Length: > 0 } url
                && string.Equals(url.TrimEnd('/') + "/fhir", source.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)).Key;
        f.Db.ProcessedMessages.Add(new ProcessedMessage(Guid.NewGuid(), header.Id, bundle.Id ?? "", eventCode ?? "", f.Me.UserId, f.Now,
            response == MessageHeader.ResponseType.Ok ? "ok" : "fatal-error", json, response == MessageHeader.ResponseType.Ok ? personId : null,
            response == MessageHeader.ResponseType.Ok ? replyPeer : null));
        f.Audit.Add(f.Me, f.AuditRole, "message.receive", null, null, caseId, response == MessageHeader.ResponseType.Ok,
            $"FHIR-melding {eventCode ?? "(ukjent)"} {header.Id}: {(response == MessageHeader.ResponseType.Ok ? "mottatt" : "avvist")}");
        try
        {
            await f.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same message delivered twice at once: the other delivery stored it first; answer as it did.
            f.Db.ChangeTracker.Clear();
            if (await StoredResponseAsync(f, header.Id, ct) is { } stored) return stored;
            throw;
        }
        return new FhirResult(answer);
    }

    static async Task<FhirResult?> StoredResponseAsync(FhirContext f, string messageId, CancellationToken ct)
    {
        var stored = await f.Db.ProcessedMessages.AsNoTracking().FirstOrDefaultAsync(m => m.MessageId == messageId, ct);
        if (stored is null) return null;
        // Another sender's receipt is not handed out: the id is taken, the message is refused.
        return stored.SenderAccountId == f.Me.UserId
            ? new FhirResult(FhirIo.Parse(stored.ResponseJson, FhirFormat.Json))
            : FhirResult.Error(409, OperationOutcome.IssueType.Duplicate, "En annen avsender har allerede brukt denne MessageHeader.id.");
    }

    /// <summary>The coordinating unit the message is addressed to (by organisation number), here.</summary>
    static async Task<(Guid Id, string Name)> ReceivingUnitAsync(FhirContext f, MessageHeader header, CancellationToken ct)
    {
        var receiverNumber = header.Destination.Select(d => d.Receiver?.Identifier).FirstOrDefault(i => i?.System == FhirMapping.OrgNumberSystem)?.Value;
        var receiving = receiverNumber is null ? null : await (from o in f.Db.Organisations
                                                               where o.OrganisationNumber == receiverNumber
                                                               join unit in f.Db.OrganisationUnits on o.Id equals unit.OrganisationId
                                                               where unit.IsCoordinatingUnit
                                                               select new { o.Id, o.Name }).FirstOrDefaultAsync(ct);
        if (receiving is null)
            throw new FhirInputException(422, "MessageHeader.destination.receiver må være en organisasjon (organisasjonsnummer) med koordinerende enhet i denne Samplan.",
                OperationOutcome.IssueType.NotFound);
        return (receiving.Id, receiving.Name);
    }

    /// <summary>The person the message is about, registered from the message when not known here yet.</summary>
    static async Task<Person> PersonOfAsync(FhirContext f, Patient patient, CancellationToken ct)
    {
        var input = PatientMapper.Read(patient);
        var person = await f.Db.Persons.FirstOrDefaultAsync(p => p.NationalIdentityNumber == input.Number.Value, ct);
        if (person is null)
        {
            // Not known here yet: registered from the message, as staff would from the notice.
            person = new Person(Guid.NewGuid(), input.Number, input.Name, input.Language, input.NeedsInterpreter, input.InterpreterLanguage,
                input.Phone, input.Address);
            f.Db.Persons.Add(person);
            f.Audit.Add(f.Me, f.AuditRole, "person.create", null, person.Id, null, true, "Person registrert fra FHIR-melding");
        }
        return person;
    }

    /// <summary>N1, K8: the notice becomes an intake case in the receiving coordinating unit's inbox, as the hospital's own form does.</summary>
    static async Task<(string, Guid)> ReceiveNoticeAsync(FhirContext f, Bundle bundle, MessageHeader header, string eventCode, CancellationToken ct)
    {
        var (receivingId, receivingName) = await ReceivingUnitAsync(f, header, ct);
        var patient = header.Focus.Select(r => MessageBundles.Resolve<Patient>(bundle, r)).FirstOrDefault(p => p is not null)
            ?? throw new FhirInputException(422, "MessageHeader.focus må peke på en Patient i meldingen.", OperationOutcome.IssueType.Required);
        var need = header.Focus.Select(r => MessageBundles.Resolve<ServiceRequest>(bundle, r)).FirstOrDefault(s => s is not null)
            ?? throw new FhirInputException(422, "MessageHeader.focus må peke på en ServiceRequest med behovet (N1).", OperationOutcome.IssueType.Required);
        var person = await PersonOfAsync(f, patient, ct);
        var urgency = Enum.TryParse<IntakeUrgency>(need.GetExtensionValue<Code>(MessageBundles.UrgencyExtension)?.Value, out var u) ? u
            : need.Priority is RequestPriority.Urgent or RequestPriority.Asap or RequestPriority.Stat ? IntakeUrgency.Urgent : IntakeUrgency.Normal;
        var asked = need.GetExtensionValue<FhirBoolean>(MessageBundles.PersonAskedExtension)?.Value == true;
        var wants = need.GetExtensionValue<FhirBoolean>(MessageBundles.PersonWantsAssessmentExtension)?.Value == true;
        var text = string.Join("\n", need.Note.Select(n => n.Text).Where(t => !string.IsNullOrWhiteSpace(t)));

        // The sector is the authenticated sender's (the peer's account here), not what the message claims.
        var sender = await f.Db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == f.Me.StaffMemberId, ct);
        var senderOrg = await f.Db.Organisations.AsNoTracking().FirstAsync(o => o.Id == sender.OrganisationId, ct);
        var reporter = header.Author?.Display is { Length: > 0 and <= 200 } author ? author : sender.Name;
        var reporterOrg = header.Sender?.Display is { Length: > 0 and <= 200 } org ? org : senderOrg.Name;
        var c = IntakeCase.Receive(Guid.NewGuid(), receivingId,
            new IntakeReport(IntakeKind.NeedNotification, IntakeForm.Written, IntakeLabels.SectorOf(senderOrg.Kind), MessageBundles.StatusOf(eventCode),
                sender.Id, reporter, reporterOrg, ReportedByThePerson: false, person.Id, text, urgency, asked, wants),
            new Domain.Coordination.IntakeActor(f.Me.UserId, f.Me.DisplayName), f.Now);
        f.Db.IntakeCases.Add(c);
        f.Audit.Add(f.Me, f.AuditRole, "intake.notify", null, person.Id, c.Id.ToString(), true, $"Melding mottatt som FHIR-melding til {receivingName}");
        return (c.Id.ToString(), person.Id);
    }

    /// <summary>The first line of the case a call to a meeting before discharge becomes (C6); /ke/messages shows such cases.</summary>
    public const string MeetingCallTitle = "Innkalling til møte før utskriving";

    /// <summary>
    /// C6, K8: the hospital's call to a meeting before discharge becomes a case in the receiving coordinating unit's inbox
    /// (patient discharge-ready) whose text says when, where, what about and who from the hospital takes part; the
    /// coordinator of the person's plan here, if there is one, gets a notice with no name in it and a link.
    /// </summary>
    static async Task<(string, Guid)> ReceiveMeetingCallAsync(FhirContext f, Notifier notifier, Bundle bundle, MessageHeader header, CancellationToken ct)
    {
        var (receivingId, receivingName) = await ReceivingUnitAsync(f, header, ct);
        var patient = header.Focus.Select(r => MessageBundles.Resolve<Patient>(bundle, r)).FirstOrDefault(p => p is not null)
            ?? throw new FhirInputException(422, "MessageHeader.focus må peke på en Patient i meldingen.", OperationOutcome.IssueType.Required);
        var meeting = header.Focus.Select(r => MessageBundles.Resolve<Appointment>(bundle, r)).FirstOrDefault(a => a is not null)
            ?? throw new FhirInputException(422, "MessageHeader.focus må peke på en Appointment med møtet (C6).", OperationOutcome.IssueType.Required);
        if (meeting.Start is not { } start || meeting.End is not { } end || end <= start)
            throw new FhirInputException(422, "Appointment.start og Appointment.end må være oppgitt, og slutt etter start.", OperationOutcome.IssueType.Required);
        var place = meeting.Participant.Select(p => MessageBundles.Resolve<Location>(bundle, p.Actor)?.Name).FirstOrDefault(n => n is { Length: > 0 })
            ?? throw new FhirInputException(422, "Appointment.participant må ha en Location med stedet eller videolenken.", OperationOutcome.IssueType.Required);
        var hospital = meeting.Participant.Where(p => p.Actor is { Reference: null, Display.Length: > 0 }).Select(p => p.Actor!.Display!).ToList();
        var person = await PersonOfAsync(f, patient, ct);
        var sender = await f.Db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == f.Me.StaffMemberId, ct);
        var senderOrg = await f.Db.Organisations.AsNoTracking().FirstAsync(o => o.Id == sender.OrganisationId, ct);
        var reporter = header.Author?.Display is { Length: > 0 and <= 200 } author ? author : sender.Name;
        var reporterOrg = header.Sender?.Display is { Length: > 0 and <= 200 } org ? org : senderOrg.Name;
        var text = string.Join("\n", new[]
        {
            MeetingCallTitle,
            $"Tid: {Shared.OsloTime.Format(start.UtcDateTime)}–{Shared.OsloTime.From(end.UtcDateTime):HH:mm}",
            $"Sted: {place}",
            $"Agenda: {meeting.Description}",
            hospital.Count > 0 ? $"Fra sykehuset: {string.Join("; ", hospital)}" : "",
        }.Where(t => t.Length > 0));
        var c = IntakeCase.Receive(Guid.NewGuid(), receivingId,
            new IntakeReport(IntakeKind.NeedNotification, IntakeForm.Written, IntakeLabels.SectorOf(senderOrg.Kind), HospitalStatus.DischargeReady,
                sender.Id, reporter, reporterOrg, ReportedByThePerson: false, person.Id, text, IntakeUrgency.Normal, false, false),
            new Domain.Coordination.IntakeActor(f.Me.UserId, f.Me.DisplayName), f.Now);
        f.Db.IntakeCases.Add(c);
        // The plan's coordinator here (C2, C6) is told there is a call, not who it is about: the link opens the plan.
        var plan = await f.Db.Plans.AsNoTracking()
            .Where(p => p.PersonId == person.Id && p.ResponsibleOrganisationId == receivingId && p.CoordinatorStaffId != null
                && (p.Status == Domain.Plans.PlanStatus.Draft || p.Status == Domain.Plans.PlanStatus.Active))
            .Select(p => new { p.Id, p.CoordinatorStaffId }).FirstOrDefaultAsync(ct);
        if (plan is not null)
            await notifier.ToStaffAsync(plan.CoordinatorStaffId!.Value, NotificationKind.IntakeItem, "Innkalling til møte før utskriving",
                "Sykehuset kaller inn til møte før utskriving for en person du er koordinator for. Se planen i Samplan.",
                $"/plans/{plan.Id}", $"discharge-meeting:{header.Id}", ct: ct);
        f.Audit.Add(f.Me, f.AuditRole, "intake.notify", null, person.Id, c.Id.ToString(), true,
            $"Innkalling til møte før utskriving mottatt som FHIR-melding til {receivingName}");
        return (c.Id.ToString(), person.Id);
    }

    /// <summary>
    /// K8, C6 at the hospital: the municipality's answer (coordinator appointed, plan started) to a notice sent from here
    /// becomes a notice to whoever sent it (from the audit log's <c>intake.notify</c>), with no name in it; the message
    /// itself is on the messages page (/ke/messages).
    /// </summary>
    static async Task<Guid> ReceiveReplyAsync(FhirContext f, Notifier notifier, Bundle bundle, MessageHeader header, string eventCode, CancellationToken ct)
    {
        var patient = header.Focus.Select(r => MessageBundles.Resolve<Patient>(bundle, r)).FirstOrDefault(p => p is not null)
            ?? throw new FhirInputException(422, "MessageHeader.focus må peke på en Patient i meldingen.", OperationOutcome.IssueType.Required);
        var number = patient.Identifier.FirstOrDefault(i => i.System is FhirMapping.FnrSystem or FhirMapping.DnrSystem)?.Value;
        var person = number is null ? null : await f.Db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.NationalIdentityNumber == number, ct);
        if (person is null)
            throw new FhirInputException(422, "Personen meldingen gjelder er ikke kjent her: svaret hører ikke til en melding sendt herfra.", OperationOutcome.IssueType.NotFound);
        var notice = header.Response?.Identifier;
        var senders = await f.Db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "intake.notify" && a.Allowed && a.PersonId == person.Id && (notice == null || a.Part == notice))
            .Select(a => a.UserId).Distinct().ToListAsync(ct);
        var (subject, body) = eventCode == MessageBundles.CoordinatorAppointed
            ? ("Koordinator er oppnevnt", "Kommunen har oppnevnt koordinator for en pasient dere meldte behov for. Se meldingen i Samplan.")
            : ("Individuell plan er startet", "Kommunen har tatt i bruk en individuell plan for en pasient dere meldte behov for. Se meldingen i Samplan.");
        foreach (var user in senders.OfType<Guid>())
            await notifier.ToUserAsync(user, NotificationKind.IntakeItem, subject, body, "/ke/messages", $"peer-reply:{header.Id}", ct: ct);
        f.Audit.Add(f.Me, f.AuditRole, "message.reply", null, person.Id, notice, true, $"Svar fra kommunen: {eventCode}");
        return person.Id;
    }

    // ---------------------------------------------------------------- sending

    /// <summary>
    /// <c>POST /fhir/Patient/[id]/$notify-peer</c> with a <c>Parameters</c>: <c>peer</c> (a configured peer deployment),
    /// <c>receiver</c> (the receiving municipality's organisation number), <c>event</c> (need-notification, admitted,
    /// discharge-ready, outpatient, or discharge-meeting with <c>start</c>, <c>end</c>, <c>place</c>, <c>agenda</c>, <c>participant</c>
    /// (repeated) and <c>patientAgrees</c>), <c>need</c>, optional <c>urgency</c> (Low/Normal/Urgent), <c>personAsked</c>,
    /// <c>personWantsAssessment</c>. Queues the message in the outbox in the same transaction as its audit entry; 202.
    /// </summary>
    static async Task<IResult> NotifyPeerAsync(string id, FhirContext f, Microsoft.Extensions.Options.IOptions<MessagingOptions> options, CancellationToken ct)
    {
        var parameters = await FhirIo.ReadAsync<Parameters>(f.Request, ct);
        if (f.Me.StaffMemberId is null) return FhirResult.Forbidden("Bare ansatte kan sende melding til koordinerende enhet.");
        if (FhirContext.ParseId(id) is not { } personId || await f.Db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct) is not { } person)
            return FhirResult.NotFound("Patient", id);
        string? Text(string name) => parameters.Parameter.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
        bool Flag(string name) => parameters.Parameter.FirstOrDefault(p => p.Name == name)?.Value is FhirBoolean { Value: true };
        var peerName = Text("peer") ?? "";
        if (!options.Value.Peers.TryGetValue(peerName, out var peer) || string.IsNullOrWhiteSpace(peer.BaseUrl))
            throw new FhirInputException(422, $"Ukjent samarbeidspart «{peerName}»: sett Messaging:Peers:{peerName}:BaseUrl.", OperationOutcome.IssueType.NotFound);
        var eventCode = Text("event") ?? MessageBundles.NeedNotification;
        if (eventCode == MessageBundles.DischargeMeeting)
        {
            // C6: start, end (instants), place (an address or a video link), agenda, participant (repeated: «name, role»), patientAgrees.
            var sending = await f.Db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == f.Me.StaffMemberId, ct);
            var sendingOrg = await f.Db.Organisations.AsNoTracking().FirstAsync(o => o.Id == sending.OrganisationId, ct);
            var to = Text("receiver");
            if (to is not { Length: 9 } || !to.All(char.IsAsciiDigit))
                throw new FhirInputException(422, "receiver må være mottakerens organisasjonsnummer (9 sifre).", OperationOutcome.IssueType.Value);
            DateTime? When(string name) => parameters.Parameter.FirstOrDefault(p => p.Name == name)?.Value is FhirDateTime { } d
                && d.TryToDateTimeOffset(out var at) ? at.UtcDateTime : null;
            var call = QueueMeetingCall(f.Db, f.Audit, f.Me, f.AuditRole, person, peerName, peer, to, Text("receiverName") ?? to,
                When("start"), When("end"), Text("place"), Text("agenda"),
                [.. parameters.Parameter.Where(p => p.Name == "participant").Select(p => p.Value?.ToString() ?? "")], Flag("patientAgrees"),
                sending.Name, sendingOrg, f.BaseUrl, f.Now);
            await f.Db.SaveChangesAsync(ct);
            return new FhirResult(call, 202);
        }
        if (!MessageBundles.NoticeEvents.Contains(eventCode))
            throw new FhirInputException(422, "event må være need-notification, admitted, discharge-ready, outpatient eller discharge-meeting.", OperationOutcome.IssueType.CodeInvalid);
        var need = Text("need");
        if (string.IsNullOrWhiteSpace(need)) throw new DomainRuleException("N1", "Beskriv behovet meldingen gjelder.");
        if (need.Length > IntakeCase.MaxText) throw new FhirInputException(422, "Behovet er for langt.", OperationOutcome.IssueType.TooLong);
        var receiver = Text("receiver");
        if (receiver is not { Length: 9 } || !receiver.All(char.IsAsciiDigit))
            throw new FhirInputException(422, "receiver må være mottakerens organisasjonsnummer (9 sifre).", OperationOutcome.IssueType.Value);
        var urgency = Enum.TryParse<IntakeUrgency>(Text("urgency") ?? "Normal", out var u) ? u : IntakeUrgency.Normal;
        var asked = Flag("personAsked");
        var sender = await f.Db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == f.Me.StaffMemberId, ct);
        var senderOrg = await f.Db.Organisations.AsNoTracking().FirstAsync(o => o.Id == sender.OrganisationId, ct);
        // K8: the hospital says whether the patient is admitted, discharge-ready or an outpatient.
        if (senderOrg.Kind == OrganisationKind.HospitalTrust && MessageBundles.StatusOf(eventCode) is null)
            throw new DomainRuleException("K8", "Oppgi om pasienten er innlagt, utskrivningsklar eller poliklinisk.");

        var bundle = QueueNotice(f.Db, f.Audit, f.Me, f.AuditRole, person, peerName, peer, eventCode, receiver, Text("receiverName") ?? receiver,
            need.Trim(), urgency, asked, asked && Flag("personWantsAssessment"), sender.Name, senderOrg, f.BaseUrl, f.Now);
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(bundle, 202);
    }

    /// <summary>Builds a notice and adds it to the outbox with its audit entry (saved by the caller): the API above and the notify page.</summary>
    public static Bundle QueueNotice(Data.SamplanDb db, Audit.AuditLog audit, Shared.CurrentUser me, string auditRole, Person person, string peerName,
        PeerOptions peer, string eventCode, string receiver, string receiverName, string need, IntakeUrgency urgency, bool asked, bool wantsAssessment,
        string senderName, Organisation senderOrg, string baseUrl, DateTime now)
    {
        var bundle = MessageBundles.Build(new MessageBundles.Notice(eventCode, PatientMapper.ToFhir(person), receiver, receiverName,
            need, urgency, asked, wantsAssessment, senderName, senderOrg.Name, senderOrg.OrganisationNumber,
            baseUrl, peer.BaseUrl.TrimEnd('/') + "/fhir"), now);
        var header = MessageBundles.HeaderOf(bundle)!;
        db.OutboxMessages.Add(new OutboxMessage(Guid.NewGuid(), header.Id!, peerName, eventCode, FhirIo.Serialize(bundle, FhirFormat.Json), now));
        audit.Add(me, auditRole, "intake.notify", null, person.Id, header.Id, true, $"Melding ({eventCode}) lagt i utboksen til {peerName}");
        return bundle;
    }

    /// <summary>The most people from the hospital a call names, and the longest place and agenda.</summary>
    public const int MaxParticipants = 10, MaxPlace = 500, MaxAgenda = 2000;

    /// <summary>
    /// C6, K8: checks a call to a meeting before discharge, builds it and adds it to the outbox with its audit entry (saved
    /// by the caller): the API above and the notify page. Only a hospital calls, in agreement with the patient.
    /// </summary>
    public static Bundle QueueMeetingCall(Data.SamplanDb db, Audit.AuditLog audit, Shared.CurrentUser me, string auditRole, Person person, string peerName,
        PeerOptions peer, string receiver, string receiverName, DateTime? startUtc, DateTime? endUtc, string? place, string? agenda,
        IReadOnlyList<string> participants, bool patientAgrees, string senderName, Organisation senderOrg, string baseUrl, DateTime now)
    {
        if (senderOrg.Kind != OrganisationKind.HospitalTrust)
            throw new DomainRuleException("C6", "Bare sykehuset kaller inn til møte før utskriving.");
        if (!patientAgrees)
            throw new DomainRuleException("C6", "Møtet før utskriving kalles inn i samråd med pasienten: bekreft at pasienten er enig.");
        if (startUtc is not { } start || endUtc is not { } end)
            throw new DomainRuleException("C6", "Oppgi når møtet begynner og slutter.");
        if (end <= start) throw new DomainRuleException("C6", "Møtet må slutte etter at det begynner.");
        if (start <= now) throw new DomainRuleException("C6", "Møtet før utskriving må være fram i tid.");
        if (string.IsNullOrWhiteSpace(place) || place.Trim().Length > MaxPlace)
            throw new DomainRuleException("C6", "Oppgi stedet eller videolenken for møtet (høyst 500 tegn).");
        if (string.IsNullOrWhiteSpace(agenda) || agenda.Trim().Length > MaxAgenda)
            throw new DomainRuleException("C6", "Skriv hva møtet skal handle om (høyst 2000 tegn).");
        var who = participants.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (who.Count == 0) throw new DomainRuleException("C6", "Oppgi hvem fra sykehuset som deltar (navn og rolle).");
        if (who.Count > MaxParticipants || who.Any(p => p.Length > 200))
            throw new DomainRuleException("C6", "Oppgi høyst 10 deltakere fra sykehuset, hver med navn og rolle på én linje.");
        var bundle = MessageBundles.BuildMeetingCall(new MessageBundles.MeetingCall(PatientMapper.ToFhir(person), receiver, receiverName, start, end,
            place.Trim(), agenda.Trim(), who, senderName, senderOrg.Name, senderOrg.OrganisationNumber, baseUrl, peer.BaseUrl.TrimEnd('/') + "/fhir"), now);
        var header = MessageBundles.HeaderOf(bundle)!;
        db.OutboxMessages.Add(new OutboxMessage(Guid.NewGuid(), header.Id!, peerName, MessageBundles.DischargeMeeting, FhirIo.Serialize(bundle, FhirFormat.Json), now));
        audit.Add(me, auditRole, "intake.notify", null, person.Id, header.Id, true, $"Innkalling til møte før utskriving lagt i utboksen til {peerName}");
        return bundle;
    }
}
