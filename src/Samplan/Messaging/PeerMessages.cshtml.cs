using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Coordination.Intake;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Messaging;

/// <summary>
/// K8, N1, C6: the messages this deployment exchanged with its peers — what it sent (notices, and the municipality's
/// «coordinator appointed» and «plan started») with their delivery status, and what it received with the answer it gave.
/// For the coordinating unit (as the inbox, <see cref="IntakePageModel"/>: others get 403, audited). No names or
/// content — except the calls to a meeting before discharge (C6) to the unit's own organisation, with time, place and
/// agenda and a link to the case (audited per person): the people are in the inbox and on the person pages.
/// </summary>
public sealed class PeerMessagesModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : IntakePageModel(db, me, audit, clock)
{
    public const int MaxRows = 200;

    public sealed record Sent(DateTime CreatedAt, string Peer, string Event, string Status, int Attempts, DateTime? NextAttemptAt, string? LastError);
    public sealed record Received(DateTime ReceivedAt, string Event, bool Accepted);

    public IReadOnlyList<Sent> SentMessages { get; private set; } = [];
    public IReadOnlyList<Received> ReceivedMessages { get; private set; } = [];

    /// <summary>C6: a call to a meeting before discharge received for this unit: its case (link) and its lines (time, place, agenda, who).</summary>
    public sealed record MeetingCall(DateTime ReceivedAt, Guid CaseId, string ReporterOrganisationName, IReadOnlyList<string> Lines);
    public IReadOnlyList<MeetingCall> MeetingCalls { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var sent = await Db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.CreatedAt).Take(MaxRows).ToListAsync(ct);
        SentMessages = [.. sent.Select(m => new Sent(m.CreatedAt, m.Peer, m.Event, StatusOf(m), m.Attempts, m.NextAttemptAt, m.LastError))];
        var received = await Db.ProcessedMessages.AsNoTracking().OrderByDescending(m => m.ReceivedAt).Take(MaxRows).ToListAsync(ct);
        ReceivedMessages = [.. received.Select(m => new Received(m.ReceivedAt, m.Event, m.ResponseCode == "ok"))];
        // C6: the calls to this unit only (the message and its case were stored at the same instant, about the same person).
        var calls = await (from m in Db.ProcessedMessages.AsNoTracking()
                           where m.Event == MessageBundles.DischargeMeeting && m.ResponseCode == "ok"
                           join c in Db.IntakeCases.AsNoTracking() on new { P = m.PersonId!.Value, T = m.ReceivedAt } equals new { P = c.PersonId, T = c.ReceivedAt }
                           where c.ReceivingOrganisationId == Organisation
                           orderby m.ReceivedAt descending
                           select new { m.ReceivedAt, c.Id, c.PersonId, c.ReporterOrganisationName, c.Need }).Take(MaxRows).ToListAsync(ct);
        MeetingCalls = [.. calls.Where(c => c.Need.StartsWith(MessagingEndpoints.MeetingCallTitle, StringComparison.Ordinal))
            .Select(c => new MeetingCall(c.ReceivedAt, c.Id, c.ReporterOrganisationName ?? "", c.Need.Split('\n').Skip(1).ToList()))];
        foreach (var c in calls.Where(c => MeetingCalls.Any(m => m.CaseId == c.Id)))
            Audit.Add(Me, AuditRole, "intake.case.read", null, c.PersonId, c.Id.ToString(), true, "Innkalling til møte før utskriving vist under Meldinger mellom virksomheter");
        await Audit.WriteAsync(Me, AuditRole, "message.list", null, null, null, true,
            $"Meldinger mellom virksomheter: {SentMessages.Count} sendt, {ReceivedMessages.Count} mottatt", ct);
        return Page();
    }

    /// <summary>Sent, delivered with a receipt, refused by the receiver, failed and retrying, or given up.</summary>
    public static string StatusOf(OutboxMessage m) =>
        m.DeliveredAt is not null ? (m.ResponseCode == "ok" ? "Levert – kvittering mottatt" : "Avvist av mottakeren")
        : m.Attempts == 0 ? "Venter på sending"
        : m.NextAttemptAt is not null ? "Feilet – prøver igjen"
        : "Gitt opp";

    public static string EventLabel(string code) => code switch
    {
        MessageBundles.NeedNotification => "Behov for individuell plan og koordinator",
        MessageBundles.Admitted => "Innlagt",
        MessageBundles.DischargeReady => "Utskrivningsklar",
        MessageBundles.Outpatient => "Poliklinisk",
        MessageBundles.CoordinatorAppointed => "Koordinator oppnevnt",
        MessageBundles.PlanStarted => "Individuell plan startet",
        MessageBundles.DischargeMeeting => "Innkalling til møte før utskriving",
        MessageBundles.Receipt => "Kvittering",
        _ => "Ukjent melding",
    };
}
