using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Organisations;

namespace Samplan.Organisations;

/// <summary>Finding colleagues in any organisation to add to a plan. Staff names are not patient data.</summary>
public sealed class StaffDirectory(SamplanDb db)
{
    public sealed record Hit(Guid Id, string Name, string Profession, bool IsHealthPersonnel, string OrganisationName, OrganisationKind Kind);

    public async Task<IReadOnlyList<Hit>> SearchAsync(string? query, CancellationToken ct)
    {
        var q = (query ?? "").Trim().ToLowerInvariant();
        if (q.Length < 2) return [];
        var pattern = $"%{q.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)}%";
        return await (from s in db.StaffMembers
                      join o in db.Organisations on s.OrganisationId equals o.Id
                      where EF.Functions.Like(s.Name.ToLower(), pattern) || EF.Functions.Like(o.Name.ToLower(), pattern)
                      orderby s.Name
                      select new Hit(s.Id, s.Name, s.Profession, s.IsHealthPersonnel, o.Name, o.Kind)).Take(20).ToListAsync(ct);
    }

    public Task<StaffMember?> FindAsync(Guid id, CancellationToken ct) => db.StaffMembers.FirstOrDefaultAsync(s => s.Id == id, ct);
}
