using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;

namespace Samplan.Coordination.Coordinators;

/// <summary>C1: from the person page to the follow-up log of their running coordinator-only appointment (access is decided there).</summary>
public sealed class FollowUpOfPersonModel(SamplanDb db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid person, CancellationToken ct)
    {
        var id = await db.CoordinatorAppointments.Where(a => a.PersonId == person && a.EndedOn == null)
            .OrderByDescending(a => a.AppointedOn).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        return id is { } found ? Redirect($"/coordination/appointments/{found}") : NotFound();
    }
}
