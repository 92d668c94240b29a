using System.Text;
using Microsoft.AspNetCore.Mvc;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Plans;

namespace Samplan.Meetings;

/// <summary>The meeting's .ics file, for those who may see the summons (through the gate, audited).</summary>
public sealed class CalendarModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : MeetingPageModel(gate, db, audit, clock)
{
    [BindProperty(SupportsGet = true)] public Guid MeetingId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.Overview, ct)) return NotFound();
        var meeting = await MeetingAsync(MeetingId, tracked: false, ct);
        if (meeting is null || !MaySee(meeting))
            return await RefuseAsync("meeting.calendar", "Ikke innkalt, og samtykket dekker ikke møtereferater", ct);
        await ReadAuditAsync("meeting.calendar", PlanPart.Meetings, "Kalenderfil lastet ned", ct);
        var file = MeetingCalendar.For(meeting, AbsoluteBase + MeetingUrl(meeting.Id), Now);
        return File(Encoding.UTF8.GetBytes(file.Content), "text/calendar; charset=utf-8", file.FileName);
    }
}
