using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;

namespace Samplan.Coordination.Services;

/// <summary>
/// K1, K5, K6: the public page of a coordinating unit — its own contact details, the habilitation and
/// rehabilitation services it knows of, and its published routines. Open to anyone; holds no personal data.
/// </summary>
[AllowAnonymous]
public sealed class PublicModel(SamplanDb db) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public OrganisationUnit? Unit { get; private set; }
    public IReadOnlyList<ServiceOffering> Services { get; private set; } = [];
    public IReadOnlyList<RoutineDocument> Routines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid organisationId, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        if (organisation is null || organisation.Level == CareLevel.Other) return NotFound();
        Organisation = organisation;
        Unit = await db.OrganisationUnits.AsNoTracking().FirstOrDefaultAsync(u => u.OrganisationId == organisationId && u.IsCoordinatingUnit, ct);
        Services = await db.ServiceOfferings.AsNoTracking().Where(s => s.OrganisationId == organisationId)
            .OrderBy(s => s.Level).ThenBy(s => s.Kind).ThenBy(s => s.Name).ToListAsync(ct);
        // The latest published version of each routine.
        var published = db.RoutineDocuments.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.Status == RoutineStatus.Published);
        Routines = await published.Where(r => !published.Any(n => n.SeriesId == r.SeriesId && n.VersionNumber > r.VersionNumber))
            .OrderBy(r => r.Title).ToListAsync(ct);
        return Page();
    }
}
