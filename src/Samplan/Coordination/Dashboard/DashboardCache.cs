using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Samplan.Data;

namespace Samplan.Coordination.Dashboard;

/// <summary>
/// Issue 8: each organisation's last computed K4 figures, kept with the <see cref="FiguresStamp"/> and the day they were
/// computed for. A dashboard whose organisation has not changed since, on the same Norwegian day, is served from here after
/// one indexed lookup of the stamp; any change, and midnight (overdue dates and waiting times move with the day), computes
/// them again. The stamp is read before the figures are computed, so a change made meanwhile can only make the kept figures
/// newer than their stamp, never older.
/// </summary>
public sealed class DashboardCache
{
    /// <summary>Organisations kept at once; a coordinating unit is one organisation, so this is all of them nationally.</summary>
    const int Size = 1_000;

    sealed record Entry(Guid Stamp, DateOnly Today, DashboardFigures.Figures Figures);

    readonly MemoryCache _figures = new(new MemoryCacheOptions { SizeLimit = Size });

    static readonly MemoryCacheEntryOptions Kept = new() { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) };

    public async Task<DashboardFigures.Figures> FiguresAsync(SamplanDb db, DashboardFigures figures, Guid organisationId, CancellationToken ct)
    {
        var stamp = await db.Set<FiguresStamp>().AsNoTracking().Where(s => s.OrganisationId == organisationId)
            .Select(s => (Guid?)s.Stamp).SingleOrDefaultAsync(ct);
        if (stamp is { } current && _figures.TryGetValue(organisationId, out Entry? kept)
            && kept!.Stamp == current && kept.Today == figures.Today)
            return kept.Figures;
        var computed = await figures.ComputeAsync(ct);
        if (stamp is { } s) _figures.Set(organisationId, new Entry(s, figures.Today, computed), Kept);
        return computed;
    }
}
