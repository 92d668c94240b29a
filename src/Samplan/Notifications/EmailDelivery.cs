using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samplan.Data;

namespace Samplan.Notifications;

/// <summary>
/// Sends the e-mail copies of pending notices, safely with several app nodes on one database: a node first
/// claims a batch (its node id and a lease), so no other node takes the same notices; a node that dies
/// loses its claim when the lease runs out, and another node tries again. The claim columns are concurrency
/// tokens, so a node whose lease ran out and was taken over cannot also record its send (and, with the
/// outbox, cannot store a second e-mail).
/// </summary>
public sealed class EmailDelivery(SamplanDb db, IEmailSender sender, TimeProvider clock, IOptions<EmailOptions> options,
    ILogger<EmailDelivery> log)
{
    public const int BatchSize = 50;
    public const int MaxBatchesPerRun = 20;
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Delivers what is pending; returns how many notices this node handled (sent, not wanted or failed).</summary>
    public async Task<int> DeliverAsync(string node, CancellationToken ct)
    {
        var handled = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            // Whole seconds: the lease is compared for equality, and providers store fractions differently.
            var now = clock.GetUtcNow().UtcDateTime;
            now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            var until = now + Lease;
            var claimed = db.Database.IsNpgsql() ? await ClaimWithRowLocksAsync(node, now, until, ct) : await ClaimAtomicallyAsync(node, now, until, ct);
            if (claimed.Count == 0) break;
            foreach (var id in claimed)
                if (await DeliverOneAsync(id, node, until, ct)) handled++;
        }
        return handled;
    }

    /// <summary>PostgreSQL: lock a batch of pending rows, skipping rows another node holds, and set the claim in the same transaction.</summary>
    async Task<List<Guid>> ClaimWithRowLocksAsync(string node, DateTime now, DateTime until, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.Notifications.FromSql($"""
            SELECT * FROM "Notifications"
            WHERE "EmailState" = 'Pending' AND ("EmailClaimedUntil" IS NULL OR "EmailClaimedUntil" < {now})
            ORDER BY "CreatedAt"
            LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var n in rows) n.ClaimEmail(node, until);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return [.. rows.Select(r => r.Id)];
    }

    /// <summary>SQLite (one writer at a time): one conditional UPDATE claims what is still claimable; then read back what this node got.</summary>
    async Task<List<Guid>> ClaimAtomicallyAsync(string node, DateTime now, DateTime until, CancellationToken ct)
    {
        var candidates = await Claimable(now).OrderBy(n => n.CreatedAt).Select(n => n.Id).Take(BatchSize).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        await Claimable(now).Where(n => candidates.Contains(n.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.EmailClaimedBy, node)
            .SetProperty(n => n.EmailClaimedUntil, until)
            .SetProperty(n => n.EmailAttempts, n => n.EmailAttempts + 1), ct);
        return await db.Notifications.AsNoTracking()
            .Where(n => candidates.Contains(n.Id) && n.EmailClaimedBy == node && n.EmailClaimedUntil == until)
            .Select(n => n.Id).ToListAsync(ct);
    }

    IQueryable<Notification> Claimable(DateTime now) =>
        db.Notifications.Where(n => n.EmailState == EmailState.Pending && (n.EmailClaimedUntil == null || n.EmailClaimedUntil < now));

    async Task<bool> DeliverOneAsync(Guid id, string node, DateTime until, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var notice = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.EmailState == EmailState.Pending
            && n.EmailClaimedBy == node && n.EmailClaimedUntil == until, ct);
        if (notice is null) return false;
        var recipient = await db.UserAccounts.AsNoTracking().FirstOrDefaultAsync(u => u.Id == notice.RecipientUserId, ct);
        if (recipient?.Email is not { } address || !recipient.WantsEmail(notice.Kind))
            notice.EmailNotWanted();
        else
        {
            try
            {
                await sender.SendAsync(Compose(notice, address), ct);
                notice.EmailSent(clock.GetUtcNow().UtcDateTime);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Tried again by whichever node claims it after the lease, up to MaxAttempts.
                log.LogWarning(e, "E-mail for notice {NoticeId} failed (attempt {Attempt})", notice.Id, notice.EmailAttempts);
                notice.EmailFailed(e.Message, MaxAttempts);
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our lease ran out and another node took the notice over: it records the delivery, we do not.
            db.ChangeTracker.Clear();
            log.LogWarning("Notice {NoticeId}: claim taken over by another node", id);
            return false;
        }
    }

    /// <summary>The e-mail holds what the notice holds (no names, no plan content) and a link that opens the notice.</summary>
    EmailMessage Compose(Notification notice, string address)
    {
        var link = $"{options.Value.BaseUrl.TrimEnd('/')}/notifications/{notice.Id}";
        var body = $"""
            {notice.Body}

            Åpne i Samplan: {link}

            Du får denne e-posten fordi du har valgt varsler på e-post i Samplan. Du kan endre valget under Varsler → Innstillinger.
            """;
        return new EmailMessage(notice.Id, notice.RecipientUserId, address, notice.Subject, body,
            notice.CalendarFileName is { } file && notice.CalendarContent is { } content ? new CalendarFile(file, content) : null);
    }
}
