using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Notifications;

/// <summary>Opening a notice (from the list or the e-mail): marks it read and goes to its link. Someone else's notice is 404.</summary>
public sealed class OpenModel(SamplanDb db, CurrentUser me, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var link = await db.Notifications.Where(n => n.Id == id && n.RecipientUserId == me.UserId).Select(n => n.Link).FirstOrDefaultAsync(ct);
        if (link is null) return NotFound();
        await IndexModel.MarkReadAsync(db, me, clock, id, ct);
        // Only app-relative links: a notice can never send the reader to another site.
        return Url.IsLocalUrl(link) ? LocalRedirect(link) : Redirect("/notifications");
    }
}
