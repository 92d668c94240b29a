using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Notifications;

/// <summary>
/// "Varsler": my notices, newest first. A notice holds no personal data (only its kind, a date and a link), so
/// this page needs no plan access; the link's page decides what I may see.
/// </summary>
public sealed class IndexModel(SamplanDb db, CurrentUser me, TimeProvider clock) : PageModel
{
    public const int Shown = 200;

    public IReadOnlyList<Notification> Notices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Notices = await db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == me.UserId)
            .OrderByDescending(n => n.CreatedAt).Take(Shown).ToListAsync(ct);

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        await MarkReadAsync(db, me, clock, id, ct);
        return Redirect("/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await MarkReadAsync(db, me, clock, null, ct);
        TempData["Status"] = "Alle varsler er markert som lest.";
        return Redirect("/notifications");
    }

    /// <summary>
    /// One statement, only on the user's own notices; it leaves the e-mail claim columns alone, so it never collides
    /// with the delivery job working on the same notice.
    /// </summary>
    internal static Task<int> MarkReadAsync(SamplanDb db, CurrentUser me, TimeProvider clock, Guid? id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Notifications.Where(n => n.RecipientUserId == me.UserId && n.ReadAt == null && (id == null || n.Id == id))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
