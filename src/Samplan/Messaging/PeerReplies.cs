using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Fhir;

namespace Samplan.Messaging;

/// <summary>
/// K8, N1, C6: when a person's case came from another deployment's notice (a hospital's, <c>$process-message</c>), the
/// municipality tells that deployment when a coordinator is appointed and when the plan is taken into use — automatically,
/// in the same transaction as the change (<see cref="Plans.PlanGate.SaveAsync"/> calls this), through the outbox
/// (<see cref="MessageSender"/> delivers it with retries). The answer goes to the peer the notice came from
/// (<see cref="ProcessedMessage.ReplyPeer"/>); without such a peer nothing is sent.
/// </summary>
public static class PeerReplies
{
    public static async System.Threading.Tasks.Task QueueAsync(SamplanDb db, IndividualPlan plan, DateTime now, CancellationToken ct)
    {
        var entry = db.Entry(plan);
        if (entry.State is not (EntityState.Modified or EntityState.Added)) return;
        var added = entry.State == EntityState.Added;
        var events = new List<string>();
        var coordinator = entry.Property(p => p.CoordinatorStaffId);
        if (plan.CoordinatorStaffId is not null && (added || coordinator.OriginalValue != coordinator.CurrentValue))
            events.Add(MessageBundles.CoordinatorAppointed);
        var status = entry.Property(p => p.Status);
        if (plan.Status == PlanStatus.Active && (added || status.OriginalValue != PlanStatus.Active))
            events.Add(MessageBundles.PlanStarted);
        if (events.Count == 0) return;
        await QueueAsync(db, plan.PersonId, events, plan.ResponsibleOrganisationId, plan.CoordinatorStaffId, plan.CoordinatorName, now, ct);
    }

    /// <summary>C1: a coordinator appointed without a plan is told the same way (<c>coordinator-appointed</c>).</summary>
    public static System.Threading.Tasks.Task QueueCoordinatorAppointedAsync(SamplanDb db, Guid personId, Domain.Organisations.StaffMember coordinator,
        DateTime now, CancellationToken ct) =>
        QueueAsync(db, personId, [MessageBundles.CoordinatorAppointed], coordinator.OrganisationId, coordinator.Id, coordinator.Name, now, ct);

    static async System.Threading.Tasks.Task QueueAsync(SamplanDb db, Guid personId, IReadOnlyList<string> events, Guid organisationId,
        Guid? coordinatorId, string? coordinatorName, DateTime now, CancellationToken ct)
    {
        var notices = await db.ProcessedMessages.AsNoTracking()
            .Where(m => m.PersonId == personId && m.ReplyPeer != null && m.ResponseCode == "ok")
            .OrderBy(m => m.ReceivedAt).ToListAsync(ct);
        if (notices.Count == 0) return;
        var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == personId, ct);
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        var staff = coordinatorId is { } id ? await db.StaffMembers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) : null;
        // One answer per peer, to the latest notice from it.
        foreach (var notice in notices.GroupBy(n => n.ReplyPeer!).Select(g => g.Last()))
        {
            using var receipt = System.Text.Json.JsonDocument.Parse(notice.ResponseJson);
            var endpoint = HeaderValue(receipt, "source") ?? "";
            var destination = HeaderValue(receipt, "destination") ?? "";
            foreach (var e in events)
            {
                var appointed = e == MessageBundles.CoordinatorAppointed;
                var bundle = MessageBundles.Reply(e, notice.MessageId, PatientMapper.ToFhir(person), organisation?.Name ?? "",
                    organisation?.OrganisationNumber, appointed ? staff?.Name ?? coordinatorName : null, appointed ? staff?.Phone : null,
                    endpoint, destination, now);
                db.OutboxMessages.Add(new OutboxMessage(Guid.NewGuid(), MessageBundles.HeaderOf(bundle)!.Id!, notice.ReplyPeer!, e,
                    FhirIo.Serialize(bundle, FhirFormat.Json), now));
            }
        }
    }

    /// <summary>The receipt this deployment gave names its own endpoint (source) and the notice's sender (destination).</summary>
    static string? HeaderValue(System.Text.Json.JsonDocument receipt, string element)
    {
        var root = receipt.RootElement;
        if (!root.TryGetProperty("entry", out var entries) || entries.GetArrayLength() == 0) return null;
        if (!entries[0].TryGetProperty("resource", out var header) || !header.TryGetProperty(element, out var value)) return null;
        if (value.ValueKind == System.Text.Json.JsonValueKind.Array) value = value.GetArrayLength() > 0 ? value[0] : default;
        return value.ValueKind == System.Text.Json.JsonValueKind.Object && value.TryGetProperty("endpoint", out var ep) ? ep.GetString() : null;
    }
}
