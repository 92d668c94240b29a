using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;
using Samplan.Domain.Plans;

namespace Samplan.Coordination.Dashboard;

/// <summary>
/// Issue 8: one row per organisation, renewed in the same save — and so the same transaction — as every change that can
/// move a figure on the organisation's K4 dashboard: a plan of the organisation or any part of it (a part's save renews its
/// plan's stamp first, <see cref="Plans.PlanCache.Stamp"/>), and an intake case it received. A plan moved to another
/// organisation renews both. <see cref="DashboardCache"/> keeps the figures against it, so an unchanged organisation's
/// dashboard costs one lookup instead of twelve aggregate queries, on whichever app node.
/// </summary>
/// <remarks>
/// Every organisation has its row: added with the organisation here, and by the migration for those that were there before.
/// A delete that bypasses the change tracker (<see cref="Shared.Retention"/>) renews the stamp itself with <see cref="RenewAsync"/>.
/// </remarks>
public sealed class FiguresStamp
{
    FiguresStamp() { }

    FiguresStamp(Guid organisationId) => OrganisationId = organisationId;

    public Guid OrganisationId { get; private set; }

    public Guid Stamp { get; private set; } = Guid.NewGuid();

    /// <summary>Called by <see cref="SamplanDb"/> before every save, after the plans' own stamps.</summary>
    internal static void Renew(SamplanDb db)
    {
        HashSet<Guid>? renewed = null;
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case Organisation o when entry.State == EntityState.Added:
                    if (db.Set<FiguresStamp>().Local.FindEntry(o.Id) is null) db.Add(new FiguresStamp(o.Id));
                    break;
                case IndividualPlan:
                    Both(entry, nameof(IndividualPlan.ResponsibleOrganisationId));
                    break;
                case IntakeCase:
                    Both(entry, nameof(IntakeCase.ReceivingOrganisationId));
                    break;
            }
        }

        // The organisation before and after the change (a transfer moves a plan's figures from one dashboard to another).
        void Both(EntityEntry entry, string organisation)
        {
            var property = entry.Property(organisation);
            if (entry.State != EntityState.Added) Renew((Guid)property.OriginalValue!);
            Renew((Guid)property.CurrentValue!);
        }

        void Renew(Guid organisationId)
        {
            if (!(renewed ??= []).Add(organisationId)) return;
            var stamp = db.Set<FiguresStamp>().Local.FindEntry(organisationId) ?? db.Entry(new FiguresStamp(organisationId));
            if (stamp.State == EntityState.Detached) stamp.State = EntityState.Unchanged;
            stamp.Property(s => s.Stamp).CurrentValue = Guid.NewGuid();
            // An untracked row is updated blind (no read first): only the key and the new stamp are sent.
            stamp.Property(s => s.Stamp).IsModified = stamp.State != EntityState.Added;
        }
    }

    /// <summary>Renews an organisation's stamp at once, for a change written without the change tracker.</summary>
    public static Task<int> RenewAsync(SamplanDb db, Guid organisationId, CancellationToken ct)
    {
        var stamp = Guid.NewGuid();
        return db.Set<FiguresStamp>().Where(s => s.OrganisationId == organisationId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Stamp, stamp), ct);
    }
}

sealed class FiguresStampConfiguration : IEntityTypeConfiguration<FiguresStamp>
{
    public void Configure(EntityTypeBuilder<FiguresStamp> stamp)
    {
        stamp.ToTable("FiguresStamps");
        stamp.HasKey(s => s.OrganisationId);
        stamp.Property(s => s.OrganisationId).ValueGeneratedNever();
        stamp.HasOne<Organisation>().WithOne().HasForeignKey<FiguresStamp>(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
