using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Fhir;
using Samplan.Organisations;
using Samplan.Plans;
using Samplan.Shared;
using Person = Samplan.Domain.People.Person;

namespace Samplan.Messaging;

public enum TransferOutcome { Sent, Received, Refused }

/// <summary>R9: a plan this deployment sent to another, and how it went (the message itself is in the outbox).</summary>
public sealed class OutgoingTransfer
{
    OutgoingTransfer() { Peer = ""; ReceiverNumber = ""; ReceiverName = ""; MessageId = ""; SentByName = ""; }

    public OutgoingTransfer(Guid planId, Guid personId, string peer, string receiverNumber, string receiverName, string messageId,
        DateTime sentAt, string sentByName)
    {
        Id = Guid.NewGuid();
        PlanId = planId;
        PersonId = personId;
        Peer = peer;
        ReceiverNumber = receiverNumber;
        ReceiverName = receiverName;
        MessageId = messageId;
        SentAt = sentAt;
        SentByName = sentByName;
        Outcome = TransferOutcome.Sent;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid PersonId { get; private set; }
    public string Peer { get; private set; }
    public string ReceiverNumber { get; private set; }
    public string ReceiverName { get; private set; }
    public string MessageId { get; private set; }
    public DateTime SentAt { get; private set; }
    public string SentByName { get; private set; }
    public TransferOutcome Outcome { get; private set; }
    public DateTime? AnsweredAt { get; private set; }
    /// <summary>R9: the person's consent this transfer was sent with (the consent is thereby marked as used, when: <see cref="SentAt"/>).</summary>
    public Guid? ConsentId { get; private set; }
    /// <summary>Why the receiver refused the plan, from its receipt.</summary>
    public string? RefusedBecause { get; private set; }

    public void SentWith(PlanConsent consent) => ConsentId = consent.Id;

    public void Received(DateTime at) { Outcome = TransferOutcome.Received; AnsweredAt = at; }

    public void Refused(DateTime at, string because)
    {
        Outcome = TransferOutcome.Refused;
        AnsweredAt = at;
        RefusedBecause = because.Length > 1000 ? because[..1000] : because;
    }
}

sealed class OutgoingTransferConfiguration : IEntityTypeConfiguration<OutgoingTransfer>
{
    public void Configure(EntityTypeBuilder<OutgoingTransfer> t)
    {
        t.ToTable("OutgoingTransfers");
        t.HasKey(x => x.Id);
        t.HasIndex(x => x.PlanId);
        t.HasIndex(x => x.MessageId).IsUnique();
        t.Property(x => x.Peer).HasMaxLength(100);
        t.Property(x => x.ReceiverNumber).HasMaxLength(9);
        t.Property(x => x.ReceiverName).HasMaxLength(200);
        t.Property(x => x.MessageId).HasMaxLength(64);
        t.Property(x => x.SentByName).HasMaxLength(200);
        t.Property(x => x.RefusedBecause).HasMaxLength(1000);
    }
}

/// <summary>R9: a digital request for the consent to a transfer names the receiving organisation too.</summary>
sealed class ConsentRequestTransferConfiguration : IEntityTypeConfiguration<ConsentRequest>
{
    public void Configure(EntityTypeBuilder<ConsentRequest> request)
    {
        request.Property(r => r.TransferToOrganisationNumber).HasMaxLength(9);
        request.Property(r => r.TransferToOrganisationName).HasMaxLength(200);
    }
}

/// <summary>R9: the consent to a transfer names the receiving organisation.</summary>
sealed class PlanConsentTransferConfiguration : IEntityTypeConfiguration<PlanConsent>
{
    public void Configure(EntityTypeBuilder<PlanConsent> consent)
    {
        consent.Property(c => c.TransferToOrganisationNumber).HasMaxLength(9);
        consent.Property(c => c.TransferToOrganisationName).HasMaxLength(200);
    }
}

/// <summary>
/// R9: plan transfer between Samplan deployments, carried as a FHIR message (event <see cref="Event"/>) through the same
/// outbox, sender and <c>$process-message</c> as the notices, so retries with back-off, receipts and idempotency by
/// message id come with it. The sender's plan is marked transferred when the message is queued (nothing more may change
/// in the copy that has left); a refusal in the receipt opens it again.
/// </summary>
public static class PlanTransfers
{
    public const string Event = "plan-transfer";

    /// <summary>A unit in a peer deployment a plan can be sent to: <c>Messaging:Peers:&lt;peer&gt;:Units:&lt;organisation number&gt;</c> = its name.</summary>
    public sealed record Unit(string Peer, string OrganisationNumber, string Name)
    {
        public string Value => $"{Peer}|{OrganisationNumber}";
    }

    public static IReadOnlyList<Unit> Units(IConfiguration configuration, MessagingOptions options) =>
        [.. options.Peers.Where(p => !string.IsNullOrWhiteSpace(p.Value.BaseUrl)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => configuration.GetSection($"Messaging:Peers:{p.Key}:Units").GetChildren()
                .Where(u => u.Key is { Length: 9 } k && k.All(char.IsAsciiDigit) && !string.IsNullOrWhiteSpace(u.Value))
                .Select(u => new Unit(p.Key, u.Key, u.Value!.Trim())))];

    /// <summary>
    /// Sends the plan: exports it (the coordinator may read all of it), marks it transferred — refused without the
    /// person's consent to this move (R9) — and queues the message, all in one transaction with the revision and the
    /// audit entry. Returns the message id.
    /// </summary>
    public static async Task<string> SendAsync(PlanGate gate, SamplanDb db, AuditLog audit, IndividualPlan plan, Unit unit, PeerOptions peer,
        string sourceEndpoint, DateTime now, CancellationToken ct)
    {
        var me = gate.User;
        var version = plan.Version;
        var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == plan.PersonId, ct);
        var revisions = await gate.RevisionsAsync(plan.Id, ct);
        var resources = await FhirEndpoints.ExportPlanAsync(db, plan, person, revisions, gate.Today, ct);
        var consent = plan.StartTransfer(unit.OrganisationNumber, unit.Name, gate.Today, now);

        var sender = await db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == me.StaffMemberId, ct);
        var senderOrg = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == sender.OrganisationId, ct);
        var carePlanUrl = $"{sourceEndpoint}/CarePlan/{plan.Id}";
        var header = new MessageHeader
        {
            Id = Guid.NewGuid().ToString(),
            Event = new Coding(MessageBundles.EventSystem, Event),
            Source = new MessageHeader.MessageSourceComponent { Name = "Samplan", Endpoint = sourceEndpoint },
            Destination = [new MessageHeader.MessageDestinationComponent
            {
                Endpoint = peer.BaseUrl.TrimEnd('/') + "/fhir",
                Receiver = new ResourceReference { Identifier = new Identifier(FhirMapping.OrgNumberSystem, unit.OrganisationNumber), Display = unit.Name },
            }],
            Sender = new ResourceReference
            {
                Identifier = senderOrg.OrganisationNumber is null ? null : new Identifier(FhirMapping.OrgNumberSystem, senderOrg.OrganisationNumber),
                Display = senderOrg.Name,
            },
            Author = new ResourceReference { Display = me.DisplayName },
            Focus = [new ResourceReference(carePlanUrl)],
        };
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Bundle.BundleType.Message,
            Timestamp = new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc)),
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{header.Id}", Resource = header });
        foreach (var r in resources)
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{sourceEndpoint}/{r.TypeName}/{r.Id}", Resource = r });
        if (FhirIo.ValidationProblems(bundle) is { Count: > 0 } problems)
            throw new InvalidOperationException("The transfer bundle is not valid FHIR R4: " + string.Join("; ", problems));

        db.OutboxMessages.Add(new OutboxMessage(Guid.NewGuid(), header.Id, unit.Peer, Event, FhirIo.Serialize(bundle, FhirFormat.Json), now));
        var transfer = new OutgoingTransfer(plan.Id, plan.PersonId, unit.Peer, unit.OrganisationNumber, unit.Name, header.Id, now, me.DisplayName);
        transfer.SentWith(consent);
        db.Add(transfer);
        audit.Add(me, "koordinator", "plan.transfer.send", plan.Id, plan.PersonId, nameof(PlanPart.Lifecycle), true,
            $"Planen med {revisions.Count} versjoner sendt til {unit.Name} ({unit.Peer}) med samtykke fra {consent.GivenBy} (R9)");
        await gate.SaveAsync(plan, PlanPart.Lifecycle, version, ct);
        return header.Id;
    }

    // ---------------------------------------------------------------- receiving

    /// <summary>
    /// R9, R2: the plan arrives. The person is found by national identity number (or registered from the message), the
    /// plan is created with its history and consents, the receiving organisation responsible; a person with an open plan
    /// here is refused (R2, a fatal-error receipt). The same plan arriving again (a new message for a plan already
    /// received) changes nothing: one plan.
    /// </summary>
    public static async Task<string> ReceiveAsync(FhirContext f, Bundle bundle, MessageHeader header, CancellationToken ct)
    {
        var receiverNumber = header.Destination.Select(d => d.Receiver?.Identifier).FirstOrDefault(i => i?.System == FhirMapping.OrgNumberSystem)?.Value;
        var receivingId = receiverNumber is null ? null : await (from o in f.Db.Organisations
                                                                 where o.OrganisationNumber == receiverNumber
                                                                 join unit in f.Db.OrganisationUnits on o.Id equals unit.OrganisationId
                                                                 where unit.IsCoordinatingUnit
                                                                 select (Guid?)o.Id).FirstOrDefaultAsync(ct);
        if (receivingId is null)
            throw new FhirInputException(422, "MessageHeader.destination.receiver må være en organisasjon (organisasjonsnummer) med koordinerende enhet i denne Samplan.",
                OperationOutcome.IssueType.NotFound);
        var receiving = await f.Db.Organisations.FirstAsync(o => o.Id == receivingId, ct);
        var carePlan = header.Focus.Select(r => MessageBundles.Resolve<CarePlan>(bundle, r)).FirstOrDefault(c => c is not null)
            ?? throw new FhirInputException(422, "MessageHeader.focus må peke på planens CarePlan i meldingen.", OperationOutcome.IssueType.Required);
        var patientId = FhirMapping.IdOf(carePlan.Subject, "Patient")?.ToString();
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().FirstOrDefault(p => p.Id == patientId)
            ?? throw new FhirInputException(422, "Meldingen må ha personen planen gjelder (Patient).", OperationOutcome.IssueType.Required);
        var fromName = header.Sender?.Display is { Length: > 0 and <= 200 } sender ? sender : "en annen virksomhet";
        var (received, revisions, planId) = FhirEndpoints.ReadTransfer(bundle, carePlan, fromName);
        var work = FhirEndpoints.ReadTransferWork(bundle);
        var input = PatientMapper.Read(patient);

        // R9: staff of the sender who work here too (the same HPR number) are linked to their account here.
        var hprNumbers = received.Participants.Select(p => p.HprNumber).OfType<string>().Distinct().ToList();
        var staffByHpr = (await f.Db.StaffMembers.AsNoTracking().Where(s => s.HprNumber != null && hprNumbers.Contains(s.HprNumber)).ToListAsync(ct))
            .GroupBy(s => s.HprNumber!).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        async Task<Person> FindOrRegisterAsync(CancellationToken token)
        {
            if (await f.Db.Persons.FirstOrDefaultAsync(p => p.NationalIdentityNumber == input.Number.Value, token) is { } known) return known;
            var person = new Person(Guid.NewGuid(), input.Number, input.Name, input.Language, input.NeedsInterpreter, input.InterpreterLanguage,
                input.Phone, input.Address);
            f.Db.Persons.Add(person);
            f.Audit.Add(f.Me, f.AuditRole, "person.create", null, person.Id, null, true, "Person registrert fra overført plan (R9)");
            return person;
        }
        // R9: the work done there — meetings with their minutes, replies and attendance, tasks, the plan log and evaluations —
        // through the domain's factories for received history; the people in it are the plan's participants here.
        void AddWork(IndividualPlan plan)
        {
            foreach (var m in work.Meetings) f.Db.Meetings.Add(Domain.Meetings.Meeting.Received(plan, m, f.Me.StaffMemberId!.Value));
            foreach (var t in work.Tasks) f.Db.PlanTasks.Add(Domain.Meetings.PlanTask.Received(plan, t, f.Me.UserId));
            foreach (var e in work.Log) f.Db.PlanLogEntries.Add(Domain.Meetings.PlanLogEntry.Received(plan, e));
            foreach (var e in work.Evaluations) f.Db.Evaluations.Add(Domain.Meetings.Evaluation.Received(plan, e));
        }
        var linked = received.Participants.Count(p => p.HprNumber is { } h && staffByHpr.ContainsKey(h));
        var plan = await f.Gate.ReceiveAsync(planId, receiving, received, FindOrRegisterAsync, staffByHpr,
            revisions.Select(r => new PlanRevision(planId, r.Version, r.At, Guid.Empty, r.ByName, r.Summary, r.Snapshot)), AddWork,
            $"Individuell plan mottatt fra {fromName} med {revisions.Count} versjoner historikk, {work.Meetings.Count} møter, {work.Tasks.Count} oppgaver, {work.Log.Count} loggføringer og {work.Evaluations.Count} evalueringer; {linked} deltakere koblet til ansatte her (HPR); {receiving.Name} ansvarlig (R9)",
            ct);
        if (plan is null) return planId.ToString();
        // C2: the receiving coordinating unit is told (no names, no content) so a coordinator is appointed.
        var notifier = f.Request.HttpContext.RequestServices.GetRequiredService<Notifications.Notifier>();
        var unitStaff = await f.Db.UserAccounts.AsNoTracking().Where(u => u.OrganisationId == receiving.Id).ToListAsync(ct);
        foreach (var account in unitStaff.Where(u => (u.Roles & SystemRole.CoordinatingUnitStaff) != 0))
            await notifier.ToUserAsync(account.Id, Notifications.NotificationKind.IntakeItem, "Individuell plan mottatt",
                "Koordinerende enhet har mottatt en individuell plan fra en annen virksomhet. Oppnevn en koordinator og ta planen i bruk.",
                $"/plans/{planId}", $"plan-received:{planId:N}", ct: ct);
        return planId.ToString();
    }

    // ---------------------------------------------------------------- the receipt

    static readonly CurrentUser System = new(Guid.Empty, "samplan", "Samplan (meldinger)", SystemRole.None, null, null, null);

    /// <summary>
    /// Called by <see cref="MessageSender"/> when a transfer got its receipt: ok records that it arrived; a refusal
    /// (fatal-error) opens the plan here again with the receiver's reason, so it is never left with no one (R9).
    /// </summary>
    public static async System.Threading.Tasks.Task OnDeliveredAsync(IServiceProvider services, OutboxMessage message, DateTime now, CancellationToken ct)
    {
        var db = services.GetRequiredService<SamplanDb>();
        var audit = services.GetRequiredService<AuditLog>();
        var transfer = await db.Set<OutgoingTransfer>().FirstOrDefaultAsync(t => t.MessageId == message.MessageId, ct);
        if (transfer is null || transfer.Outcome != TransferOutcome.Sent) return;
        if (message.ResponseCode == "ok")
        {
            transfer.Received(now);
            audit.Add(System, "meldingstjeneste", "plan.transfer.receipt", transfer.PlanId, transfer.PersonId, nameof(PlanPart.Lifecycle), true,
                $"{transfer.ReceiverName} bekreftet at planen er mottatt (R9)");
            return;
        }
        var because = RefusalOf(message);
        transfer.Refused(now, because);
        var plan = await db.Plans.AsSplitQuery()
            .Include(p => p.Goals).Include(p => p.Needs).Include(p => p.Resources).Include(p => p.Participants)
            .Include(p => p.Measures).Include(p => p.Collaborations).Include(p => p.SubPlans)
            .Include(p => p.Consents).ThenInclude(c => c.Recipients)
            .FirstOrDefaultAsync(p => p.Id == transfer.PlanId, ct);
        if (plan is not null && plan.Status == PlanStatus.Transferred)
        {
            plan.TransferRefused(because.Length > 300 ? because[..300] : because);
            var summary = string.Join("\n", plan.PendingChanges);
            plan.MarkSaved();
            db.PlanRevisions.Add(new PlanRevision(plan.Id, plan.Version, now, Guid.Empty, System.DisplayName, summary, string.Join("\n", PlanSnapshot.Render(plan))));
        }
        audit.Add(System, "meldingstjeneste", "plan.transfer.receipt", transfer.PlanId, transfer.PersonId, nameof(PlanPart.Lifecycle), false,
            $"{transfer.ReceiverName} avviste planen: {because} (R9)");
    }

    static string RefusalOf(OutboxMessage message)
    {
        try
        {
            if (message.ReceiptJson is { Length: > 0 } json && FhirIo.Parse(json, FhirFormat.Json) is { } receipt)
            {
                var outcome = receipt as OperationOutcome
                    ?? (receipt as Bundle)?.Entry.Select(e => e.Resource).OfType<OperationOutcome>().FirstOrDefault();
                if (outcome?.Issue.FirstOrDefault() is { } issue)
                    return issue.Details?.Coding.FirstOrDefault()?.Code is { } rule ? $"{rule}: {issue.Diagnostics}" : issue.Diagnostics ?? "avvist";
            }
        }
        catch (FhirInputException)
        {
        }
        return message.LastError ?? "avvist";
    }
}
