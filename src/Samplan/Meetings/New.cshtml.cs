using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Organisations;
using Samplan.Domain.Plans;
using Samplan.Plans;

namespace Samplan.Meetings;

/// <summary>
/// The summons: agenda, time, place or video link and invitees among the participants a consent covers (R3); the
/// person and the coordinator are always invited. A hospital coordinator may call the meeting before discharge (C6).
/// </summary>
public sealed class NewModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock, MeetingNotices notices)
    : MeetingPageModel(gate, db, audit, clock)
{
    [BindProperty] public MeetingInput Input { get; set; } = new();
    [BindProperty] public List<Guid> Invitees { get; set; } = [];
    [BindProperty] public MeetingKind Kind { get; set; }
    [BindProperty] public bool AgreedWithPatient { get; set; }

    /// <summary>C6: the user is the plan's coordinator and works in the specialist health service.</summary>
    public bool IsHospitalCoordinator { get; private set; }

    /// <summary>R3: those who may be invited — covered by a consent in force; the person and the coordinator are always invited.</summary>
    public IEnumerable<Participant> Choosable => Plan.Participants.Where(p => p.Role != ParticipantRole.Person
        && !(p.StaffMemberId is not null && p.StaffMemberId == Plan.CoordinatorStaffId) && Plan.Covers(p, Today));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!MayConvene || !Plan.IsOpen) return Forbid();
        Input.Day ??= Today.AddDays(7);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!MayConvene) return Forbid();
        if (!ModelState.IsValid) return Page();
        var meeting = default(Meeting);
        var saved = await SaveAsync("meeting.summon", PlanPart.Meetings, Kind == MeetingKind.BeforeDischarge ? "Innkalt til møte før utskrivning" : "Innkalt til møte", async () =>
        {
            var by = await Db.StaffMembers.SingleAsync(s => s.Id == Me.StaffMemberId, ct);
            meeting = Meeting.Summon(Guid.NewGuid(), Plan, Group, Kind, Input.ToDetails(), Invitees, AgreedWithPatient, by, Today, Now);
            Db.Meetings.Add(meeting);
            await notices.SendAsync(Plan, meeting, AbsoluteBase, ct);
        }, ct);
        if (!saved)
        {
            await LoadAsync(ct);
            return AsConflict(Page());
        }
        TempData["Status"] = "Innkallingen er sendt.";
        return Redirect(MeetingUrl(meeting!.Id));
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        // Overview, not Meetings: a reader without the consent's "meeting minutes" gets 403 here, like other pages they may not change.
        if (!await LoadPlanAsync(PlanPart.Overview, ct)) return false;
        IsHospitalCoordinator = Me.StaffMemberId is { } staff && staff == Plan.CoordinatorStaffId
            && await Db.StaffMembers.AnyAsync(s => s.Id == staff && s.OrganisationLevel == CareLevel.Hospital, ct);
        return true;
    }
}
