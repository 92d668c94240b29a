using Microsoft.EntityFrameworkCore;
using Samplan.Data;

namespace Samplan.Notifications;

/// <summary>
/// The one way features create notices. Adds them to the caller's unit of work (saved with the change that
/// caused them, so a notice is never sent for a change that was not saved); the delivery job sends the
/// e-mails. A dedupe key already used is skipped, so calling twice is harmless.
/// </summary>
public sealed class Notifier(SamplanDb db, TimeProvider clock)
{
    /// <summary>Notices to every user account of a staff member (a staff member without an account gets none).</summary>
    public async Task ToStaffAsync(Guid staffMemberId, NotificationKind kind, string subject, string body, string link,
        string dedupeKey, CalendarFile? calendar = null, CancellationToken ct = default)
    {
        var users = await db.UserAccounts.AsNoTracking().Where(u => u.StaffMemberId == staffMemberId).Select(u => u.Id).ToListAsync(ct);
        foreach (var user in users) await ToUserAsync(user, kind, subject, body, link, dedupeKey, calendar, ct);
    }

    /// <summary>A notice to one user account. <paramref name="dedupeKey"/> is made unique per recipient here.</summary>
    public async Task ToUserAsync(Guid userId, NotificationKind kind, string subject, string body, string link,
        string dedupeKey, CalendarFile? calendar = null, CancellationToken ct = default)
    {
        var key = $"{dedupeKey}:{userId:N}";
        if (db.ChangeTracker.Entries<Notification>().Any(e => e.Entity.DedupeKey == key)
            || await db.Notifications.AnyAsync(n => n.DedupeKey == key, ct))
            return;
        db.Notifications.Add(new Notification(Guid.NewGuid(), userId, kind, subject, body, link, key,
            clock.GetUtcNow().UtcDateTime, calendar));
    }
}
