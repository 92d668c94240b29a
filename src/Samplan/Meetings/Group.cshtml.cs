using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Plans;

namespace Samplan.Meetings;

/// <summary>
/// A1–A3: the person's responsibility group: members chosen among the plan's participants with their task in the
/// group, who writes the minutes and calls the meetings where no coordinator is appointed (A2), and a gentle
/// reminder when the group grows large (A3). The coordinator (or, before one is appointed, the plan's starter) changes it.
/// </summary>
public sealed class GroupModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : MeetingPageModel(gate, db, audit, clock)
{
    [BindProperty] public Guid? ParticipantId { get; set; }
    [BindProperty] public Guid? MemberId { get; set; }
    [BindProperty] public string? MemberTask { get; set; }
    [BindProperty] public Guid? MinutesWriterId { get; set; }
    [BindProperty] public Guid? MeetingCallerId { get; set; }

    public bool MayChange => Gate.Decide(Plan, PlanAction.Write, PlanPart.ResponsibilityGroup).Allowed && Plan.IsOpen;

    /// <summary>Participants who could join: covered by a consent in force (R3), or the coordinator, and not yet members.</summary>
    public IEnumerable<Participant> Candidates => Plan.Participants.Where(p => p.Role != ParticipantRole.Person
        && Group?.Members.Any(m => m.ParticipantId == p.Id) != true
        && ((p.StaffMemberId is not null && p.StaffMemberId == Plan.CoordinatorStaffId) || Plan.Covers(p, Today)));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.ResponsibilityGroup, ct)) return NotFound();
        await ReadAuditAsync("group.read", PlanPart.ResponsibilityGroup, "Ansvarsgruppen lest", ct);
        return Page();
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) => ChangeAsync("group.create", "Ansvarsgruppe opprettet", async () =>
    {
        var by = await Db.StaffMembers.SingleAsync(s => s.Id == Me.StaffMemberId, ct);
        if (Group is null) Db.ResponsibilityGroups.Add(ResponsibilityGroup.ForPlan(Guid.NewGuid(), Plan, PersonName, by, Now));
    }, "Ansvarsgruppen er opprettet.", ct);

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) => ChangeAsync("group.change", "Medlem lagt til i ansvarsgruppen", () =>
    {
        RequireGroup().AddParticipant(Plan, ParticipantId ?? Guid.Empty, MemberTask, Today);
        return Task.CompletedTask;
    }, "Medlemmet er lagt til.", ct);

    public Task<IActionResult> OnPostTaskAsync(CancellationToken ct) => ChangeAsync("group.change", "Oppgave i ansvarsgruppen endret", () =>
    {
        RequireGroup().DescribeTask(MemberId ?? Guid.Empty, MemberTask);
        return Task.CompletedTask;
    }, "Oppgaven er lagret.", ct);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) => ChangeAsync("group.change", "Medlem fjernet fra ansvarsgruppen", () =>
    {
        RequireGroup().RemoveMember(MemberId ?? Guid.Empty);
        return Task.CompletedTask;
    }, "Medlemmet er fjernet.", ct);

    public Task<IActionResult> OnPostOrganiseAsync(CancellationToken ct) => ChangeAsync("group.change", "Referent og innkaller valgt (A2)", () =>
    {
        RequireGroup().AssignMinutesAndCalling(MinutesWriterId ?? Guid.Empty, MeetingCallerId ?? Guid.Empty);
        return Task.CompletedTask;
    }, "Referent og innkaller er lagret.", ct);

    ResponsibilityGroup RequireGroup() => Group
        ?? throw new Domain.Shared.DomainRuleException("A1", "Opprett ansvarsgruppen først.");

    async Task<IActionResult> ChangeAsync(string action, string reason, Func<Task> change, string status, CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.ResponsibilityGroup, ct, trackGroup: true)) return NotFound();
        if (!MayChange) return Forbid();
        if (!await SaveAsync(action, PlanPart.ResponsibilityGroup, reason, change, ct))
        {
            await LoadPlanAsync(PlanPart.ResponsibilityGroup, ct);
            return AsConflict(Page());
        }
        TempData["Status"] = status;
        return Redirect($"/plans/{Id}/group");
    }
}
