using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Samplan.Data;
using Samplan.Domain.Plans;

namespace Samplan.Plans;

/// <summary>
/// Issue 8: recently read plan aggregates, kept per plan with the plan's change stamp, so a read that finds the stamp
/// unchanged costs one indexed lookup instead of the ten queries of the aggregate's load. The stamp is a column of the plan
/// row that <see cref="Stamp"/> renews in the same save, and so in the same transaction, as any change to the plan or its
/// parts — whichever app node or code path made it — so a node never serves a plan older than the stamp it just read.
/// </summary>
/// <remarks>
/// Only <see cref="PlanGate.ReadSharedAsync"/> hands out cached plans: the instance is shared between requests and must
/// never be changed. Access is still decided, and the read audited, on every request; only the loading is saved.
/// </remarks>
public sealed class PlanCache(int size = PlanCache.DefaultSize)
{
    public const int DefaultSize = 1_000;

    /// <summary>The shadow column of <c>Plans</c> that changes with every save of the plan or one of its parts.</summary>
    public const string StampProperty = "ChangeStamp";

    /// <summary>A kept plan with the time of its last revision (FHIR <c>meta.lastUpdated</c>), which changes only with the stamp.</summary>
    public sealed record Kept(IndividualPlan Plan, DateTime? LastChangedAt);

    sealed record Entry(Guid Stamp, Kept Kept);

    readonly MemoryCache _plans = new(new MemoryCacheOptions { SizeLimit = size });

    static readonly MemoryCacheEntryOptions Options = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) };

    public Kept? Find(Guid planId, Guid stamp) =>
        _plans.TryGetValue(planId, out Entry? entry) && entry!.Stamp == stamp ? entry.Kept : null;

    public void Keep(Guid planId, Guid stamp, Kept kept) => _plans.Set(planId, new Entry(stamp, kept), Options);

    /// <summary>
    /// Called by <see cref="SamplanDb"/> before every save: each plan with an added, changed or deleted row in its aggregate gets
    /// a new stamp, written in the same statement batch. A part saved without its plan tracked would escape the stamp, so that
    /// is refused — parts are only changed through their plan (the aggregate rule), and the tests hold every path to it.
    /// </summary>
    internal static void Stamp(SamplanDb db)
    {
        HashSet<Guid>? stamped = null;
        // One snapshot of the tracker (Entries() detects changes first); stamping a plan changes its state, so not while enumerating it.
        var entries = db.ChangeTracker.Entries().ToList();
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || PlanIdOf(entries, entry) is not { } planId)
                continue;
            if (!(stamped ??= []).Add(planId)) continue;
            var plan = entries.FirstOrDefault(p => p.Entity is IndividualPlan candidate && candidate.Id == planId)
                ?? throw new InvalidOperationException($"A part of plan {planId} ({entry.Metadata.ClrType.Name}) was saved without its plan.");
            if (plan.State != EntityState.Deleted) plan.Property(StampProperty).CurrentValue = Guid.NewGuid();
        }
    }

    /// <summary>The plan a tracked row belongs to when it is the plan or one of its parts (found through the model), else null.</summary>
    static Guid? PlanIdOf(List<EntityEntry> entries, EntityEntry entry)
    {
        if (entry.Entity is IndividualPlan plan) return plan.Id;
        foreach (var fk in entry.Metadata.GetForeignKeys())
        {
            // A part hangs from its plan (or from a part) by a navigation of the aggregate; other tables only name the plan.
            if (fk.PrincipalToDependent is null || !InAggregate(fk.PrincipalEntityType)) continue;
            var key = Value(entry, fk.Properties[0]);
            if (key is not Guid id) return null;
            if (fk.PrincipalEntityType.ClrType == typeof(IndividualPlan)) return id;
            var principal = entries.FirstOrDefault(e => e.Metadata == fk.PrincipalEntityType && Equals(Value(e, fk.PrincipalKey.Properties[0]), id));
            return principal is null
                ? throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} was saved without its {fk.PrincipalEntityType.ClrType.Name}.")
                : PlanIdOf(entries, principal);
        }
        return null;
    }

    static object? Value(EntityEntry entry, IProperty property) =>
        entry.State == EntityState.Deleted ? entry.Property(property.Name).OriginalValue : entry.Property(property.Name).CurrentValue;

    static bool InAggregate(ITypeBase type) => type is IEntityType entity && (entity.ClrType == typeof(IndividualPlan) ||
        entity.GetForeignKeys().Any(fk => fk.PrincipalToDependent is not null && InAggregate(fk.PrincipalEntityType)));
}
