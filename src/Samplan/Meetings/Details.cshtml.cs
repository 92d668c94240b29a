using Microsoft.AspNetCore.Mvc;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Plans;

namespace Samplan.Meetings;

/// <summary>
/// One meeting's summons: time, place, agenda and invitees with their replies. Each invitee answers for themself;
/// the convener changes the time or place (a new calendar sequence, MeetingChanged notices) or cancels (METHOD:CANCEL).
/// </summary>
public sealed class DetailsModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock, MeetingNotices notices)
    : MeetingPageModel(gate, db, audit, clock)
{
    [BindProperty(SupportsGet = true)] public Guid MeetingId { get; set; }
    [BindProperty] public MeetingInput Input { get; set; } = new();
    [BindProperty] public InviteeReply Answer { get; set; }
    /// <summary>The calendar sequence the change form was built from (optimistic concurrency).</summary>
    [BindProperty] public int Sequence { get; set; }

    public Meeting Meeting { get; private set; } = null!;
    public MeetingInvitee? Mine => Meeting.InviteeFor(Me.StaffMemberId, Me.PersonId);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var refused = await LoadAsync(tracked: false, ct);
        if (refused is not null) return refused;
        await ReadAuditAsync("meeting.read", PlanPart.Meetings, "Innkalling lest", ct);
        Input = MeetingInput.From(Meeting);
        Sequence = Meeting.Sequence;
        return Page();
    }

    public Task<IActionResult> OnPostReplyAsync(CancellationToken ct) => ActAsync(false, "meeting.reply", "Svar på innkalling", () =>
    {
        var mine = Mine ?? throw new Domain.Shared.DomainRuleException("R3", "Bare de som er innkalt, kan svare.");
        Meeting.Reply(mine.Id, Answer, Now);
        return Task.CompletedTask;
    }, "Svaret ditt er lagret.", ct);

    public Task<IActionResult> OnPostChangeAsync(CancellationToken ct) => ActAsync(true, "meeting.change", "Møtet endret", async () =>
    {
        Meeting.Change(Input.ToDetails(), Now);
        await notices.SendAsync(Plan, Meeting, AbsoluteBase, ct);
    }, "Møtet er endret, og de innkalte er varslet.", ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) => ActAsync(true, "meeting.cancel", "Møtet avlyst", async () =>
    {
        Meeting.Cancel(Now);
        await notices.SendAsync(Plan, Meeting, AbsoluteBase, ct);
    }, "Møtet er avlyst, og de innkalte er varslet.", ct);

    async Task<IActionResult> ActAsync(bool convenerOnly, string action, string reason, Func<Task> change, string status, CancellationToken ct)
    {
        var refused = await LoadAsync(tracked: true, ct);
        if (refused is not null) return refused;
        if (convenerOnly && !MayConvene) return Forbid();
        if (!ModelState.IsValid) return Page();
        if (convenerOnly && Sequence != Meeting.Sequence)
        {
            MarkConflict(StaleMessage);
            return AsConflict(await RedisplayAsync(ct));
        }
        if (!await SaveAsync(action, PlanPart.Meetings, reason, change, ct)) return AsConflict(await RedisplayAsync(ct));
        TempData["Status"] = status;
        return Redirect(MeetingUrl(MeetingId));
    }

    async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        var refused = await LoadAsync(tracked: false, ct);
        if (refused is not null) return refused;
        ModelState.Remove(nameof(Sequence));
        Sequence = Meeting.Sequence;
        return Page();
    }

    /// <summary>Null when the user may see the meeting; otherwise the 404 to return (audited).</summary>
    async Task<IActionResult?> LoadAsync(bool tracked, CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.Overview, ct)) return NotFound();
        var meeting = await MeetingAsync(MeetingId, tracked, ct);
        if (meeting is null) return await RefuseAsync("meeting.read", "Møtet finnes ikke i planen", ct);
        if (!MaySee(meeting)) return await RefuseAsync("meeting.read", "Ikke innkalt, og samtykket dekker ikke møtereferater", ct);
        Meeting = meeting;
        return null;
    }
}
