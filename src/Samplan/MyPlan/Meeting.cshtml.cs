using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.MyPlan;

/// <summary>
/// R12, A2: a summons to a meeting about the person's own plan, and their reply — coming or not, with a comment. A parent
/// or guardian who acts for the person answers as the invited relative when they are invited, else for the person. The
/// meeting is found only within the person's own open plan (404 otherwise, audited); the reply is audited.
/// </summary>
public sealed class MeetingModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : MyPlanPageModel(gate, db, audit)
{
    [BindProperty(SupportsGet = true)] public Guid MeetingId { get; set; }
    [BindProperty] public InviteeReply Answer { get; set; }
    [BindProperty, StringLength(Meeting.MaxReplyComment, ErrorMessage = "Kommentaren kan ha høyst 1000 tegn.")]
    public string? Comment { get; set; }

    public Meeting Meeting { get; private set; } = null!;
    public MeetingInvitee? Mine => IndexModel.MyInviteeOf(Meeting, Me.ActingAsRelatedPersonId);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(tracked: false, ct) is { } refused) return refused;
        await Audit.WriteAsync(Me, AuditRole, "meeting.read", Plan!.Id, Plan.PersonId, PlanPart.Meetings.ToString(), true, "Innkalling lest av personen", ct);
        Answer = Mine?.Reply ?? InviteeReply.NoReply;
        Comment = Mine?.ReplyComment;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(tracked: true, ct) is { } refused) return refused;
        if (!Gate.Decide(Plan!, PlanAction.Write, PlanPart.Meetings).Allowed) return Forbid();
        if (!ModelState.IsValid) return Page();
        try
        {
            var mine = Mine ?? throw new DomainRuleException("R3", "Du er ikke innkalt til dette møtet.");
            Meeting.Reply(mine.Id, Answer, clock.GetUtcNow().UtcDateTime, Comment);
        }
        catch (DomainRuleException e)
        {
            Db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        Audit.Add(Me, AuditRole, "meeting.reply", Plan!.Id, Plan.PersonId, PlanPart.Meetings.ToString(), true,
            Answer == InviteeReply.Coming ? "Svar på innkalling: kommer" : "Svar på innkalling: kommer ikke");
        await Db.SaveChangesAsync(ct);
        TempData["Status"] = "Svaret ditt er sendt til koordinatoren.";
        return Redirect(Request.Path);
    }

    async Task<IActionResult?> LoadAsync(bool tracked, CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.Meetings, ct)) return NotFound();
        var query = Db.Meetings.Include(m => m.Invitees).AsSplitQuery();
        var meeting = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(m => m.Id == MeetingId && m.PlanId == Plan!.Id, ct);
        if (meeting is null)
        {
            await Audit.WriteAsync(Me, AuditRole, "meeting.read", Plan!.Id, Plan.PersonId, PlanPart.Meetings.ToString(), false,
                "Møtet finnes ikke i personens plan", ct);
            return NotFound();
        }
        Meeting = meeting;
        return null;
    }
}
