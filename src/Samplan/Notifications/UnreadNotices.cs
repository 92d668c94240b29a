using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Notifications;

/// <summary>The nav badge: how many of my notices are unread (one indexed count per page).</summary>
public sealed class UnreadNotices(SamplanDb db, CurrentUser me)
{
    // Compiled (issue 8): asked on every page a signed-in user opens.
    static readonly PerModel<Func<SamplanDb, Guid, Task<int>>> Unread = new(() => EF.CompileAsyncQuery(
        (SamplanDb db, Guid userId) => db.Notifications.Count(n => n.RecipientUserId == userId && n.ReadAt == null)));

    public async Task<int> CountAsync() => me.IsAuthenticated ? await Unread.For(db)(db, me.UserId) : 0;
}
