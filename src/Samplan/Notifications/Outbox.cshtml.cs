using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Notifications;

/// <summary>The e-mails the embedded outbox "sent" to me: what an SMTP server would have delivered (<c>Email:Mode=Outbox</c>).</summary>
public sealed class OutboxModel(SamplanDb db, CurrentUser me) : PageModel
{
    public IReadOnlyList<OutboxEmail> Emails { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Emails = await db.OutboxEmails.AsNoTracking().Where(e => e.RecipientUserId == me.UserId)
            .OrderByDescending(e => e.SentAt).Take(100).ToListAsync(ct);
}
