using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Notifications;

/// <summary>The nav badge: how many of my notices are unread (one indexed count per page).</summary>
public sealed class UnreadNotices(SamplanDb db, CurrentUser me)
{
    public async Task<int> CountAsync() => me.IsAuthenticated
        ? await db.Notifications.CountAsync(n => n.RecipientUserId == me.UserId && n.ReadAt == null)
        : 0;
}
