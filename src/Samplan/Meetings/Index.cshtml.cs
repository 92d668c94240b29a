using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Plans;

namespace Samplan.Meetings;

/// <summary>The plan's meetings the user may see: those they are invited to, or all when the consent lets them read minutes (R8).</summary>
public sealed class IndexModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : MeetingPageModel(gate, db, audit, clock)
{
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.Overview, ct)) return NotFound();
        var all = await Db.Meetings.AsNoTracking().Include(m => m.Invitees).Where(m => m.PlanId == Plan.Id)
            .OrderByDescending(m => m.StartsAt).ToListAsync(ct);
        Meetings = all.Where(MaySee).ToList();
        await ReadAuditAsync("meetings.read", PlanPart.Meetings, "Møteoversikt lest", ct);
        return Page();
    }
}
