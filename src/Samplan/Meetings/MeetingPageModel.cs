using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Meetings;

/// <summary>
/// Base of the responsibility-group and meeting pages. The plan is read through the gate first (404 for anyone it
/// does not let in, and coordinating-unit staff's metadata access does not reach meetings); groups and meetings
/// are then read for that plan only, and every read, refusal and change is audited.
/// </summary>
public abstract class MeetingPageModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public IndividualPlan Plan { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public ResponsibilityGroup? Group { get; private set; }

    protected PlanGate Gate => gate;
    protected SamplanDb Db => db;
    protected AuditLog Audit => audit;
    public CurrentUser Me => gate.User;
    public DateOnly Today => gate.Today;
    protected DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The user's role on the plan, for the audit log.</summary>
    protected string Role => gate.Decide(Plan, PlanAction.Read, PlanPart.Overview).Role;

    /// <summary>C4, A2: may summon, change and cancel meetings.</summary>
    public bool MayConvene => PlanAccessPolicy.MayRunMeetings(Me, Plan, Group?.MeetingCaller?.StaffMemberId, Today);

    /// <summary>C4, A2: may write the minutes.</summary>
    public bool MayWriteMinutes => PlanAccessPolicy.MayRunMeetings(Me, Plan, Group?.MinutesWriter?.StaffMemberId, Today);

    /// <summary>R8: may read minutes (the kind MeetingMinutes of the consent).</summary>
    public bool MayReadMinutes => gate.Decide(Plan, PlanAction.Read, PlanPart.Meetings) is { Allowed: true, MetadataOnly: false };

    /// <summary>Reads the plan for <paramref name="part"/>; false when the user may not see it (audited).</summary>
    protected async Task<bool> LoadPlanAsync(PlanPart part, CancellationToken ct, bool trackGroup = false)
    {
        var plan = await gate.ReadAsync(Id, part, ct);
        if (plan is null) return false;
        var decision = gate.Decide(plan, PlanAction.Read, part);
        if (decision.MetadataOnly)
        {
            await audit.WriteAsync(Me, decision.Role, "meetings.read", plan.Id, plan.PersonId, part.ToString(), false,
                "Koordinerende enhet ser ikke ansvarsgruppe og møter", ct);
            return false;
        }
        Plan = plan;
        PersonName = await gate.PersonNameAsync(plan, ct);
        var groups = db.ResponsibilityGroups.Include(g => g.Members);
        Group = await (trackGroup ? groups : groups.AsNoTracking()).FirstOrDefaultAsync(g => g.PlanId == plan.Id, ct);
        return true;
    }

    /// <summary>R3, R8: may the user see this meeting's summons?</summary>
    public bool MaySee(Meeting meeting) => PlanAccessPolicy.MaySeeMeeting(Me, Plan, meeting.Invitees.Select(i => i.StaffMemberId), Today,
        gate.Decide(Plan, PlanAction.Read, PlanPart.Overview).Emergency);

    /// <summary>A meeting of this plan, with its invitees, decisions and addenda.</summary>
    protected async Task<Meeting?> MeetingAsync(Guid meetingId, bool tracked, CancellationToken ct)
    {
        var query = db.Meetings.Include(m => m.Invitees).Include(m => m.Decisions).Include(m => m.Addenda).AsSplitQuery();
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(m => m.Id == meetingId && m.PlanId == Plan.Id, ct);
    }

    /// <summary>404, with the refusal in the audit log and nothing half-done saved with it.</summary>
    protected async Task<IActionResult> RefuseAsync(string action, string reason, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await audit.WriteAsync(Me, Role, action, Plan.Id, Plan.PersonId, PlanPart.Meetings.ToString(), false, reason, ct);
        return NotFound();
    }

    protected Task ReadAuditAsync(string action, PlanPart part, string reason, CancellationToken ct) =>
        audit.WriteAsync(Me, Role, action, Plan.Id, Plan.PersonId, part.ToString(), true, reason, ct);

    public const string StaleMessage = "Møtet er endret av en annen siden du åpnet det. Endringen din er ikke lagret – se hva som er endret, og prøv igjen.";

    /// <summary>Set when the save lost a race (a stale version or sequence): the page is shown again with 409 Conflict.</summary>
    public bool Conflicted { get; private set; }

    /// <summary>A lost race: the message on the page, and 409 when it is shown again (<see cref="AsConflict"/>).</summary>
    protected void MarkConflict(string message)
    {
        Conflicted = true;
        ModelState.AddModelError(string.Empty, message);
    }

    /// <summary>ASVS 11.1.6: a stale form is answered 409 Conflict (like the plan edit pages), the other's change shown, the input kept.</summary>
    protected IActionResult AsConflict(IActionResult result)
    {
        if (Conflicted && result is PageResult page) page.StatusCode = StatusCodes.Status409Conflict;
        return result;
    }

    /// <summary>Saves a change with its audit entry; a refused rule becomes a message on the page, never a 500.</summary>
    protected async Task<bool> SaveAsync(string action, PlanPart part, string reason, Func<Task> change, CancellationToken ct,
        bool writeAudit = true)
    {
        try
        {
            await change();
            if (writeAudit) audit.Add(Me, Role, action, Plan.Id, Plan.PersonId, part.ToString(), true, reason);
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return false;
        }
        catch (PlanConflictException e)
        {
            db.ChangeTracker.Clear();
            MarkConflict(e.Message);
            return false;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            MarkConflict(StaleMessage);
            return false;
        }
    }

    /// <summary>The app's own address, for links in calendar files and e-mails.</summary>
    protected string AbsoluteBase => $"{Request.Scheme}://{Request.Host}";

    public string MeetingUrl(Guid meetingId) => $"/plans/{Id}/meetings/{meetingId}";

    public static string When(Meeting m) => When(m.StartsAt, m.EndsAt);

    public static string When(DateTime startsAt, DateTime endsAt) => $"{OsloTime.Format(startsAt)}–{OsloTime.From(endsAt):HH:mm}";
}
