using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Meetings;

/// <summary>
/// A1: the responsibility group of a person who wants no plan. It rests on its own recorded consent (R3: who gave
/// it, when); only its staff members, the person and its creator see it — everyone else gets 404, audited. A person
/// with an open plan has the group on the plan (<c>/plans/{id}/group</c>), so this page does not exist for them.
/// </summary>
public sealed class GroupWithoutPlanModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock, StaffDirectory directory) : PageModel
{
    const string Part = "ResponsibilityGroup";

    [BindProperty(SupportsGet = true)] public Guid PersonId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public string? ConsentGivenBy { get; set; }
    [BindProperty] public DateOnly? ConsentGivenOn { get; set; }
    [BindProperty] public Guid? StaffMemberId { get; set; }
    [BindProperty] public Guid? RelatedPersonId { get; set; }
    [BindProperty] public Guid? MemberId { get; set; }
    [BindProperty] public string? MemberTask { get; set; }
    [BindProperty] public Guid? MinutesWriterId { get; set; }
    [BindProperty] public Guid? MeetingCallerId { get; set; }

    public Person Person { get; private set; } = null!;
    public ResponsibilityGroup? Group { get; private set; }
    public IReadOnlyList<StaffDirectory.Hit> Hits { get; private set; } = [];
    public DateOnly Today => OsloTime.Today(clock);
    /// <summary>Staff members of the group (and its creator) change it; the person reads it.</summary>
    public bool MayChange => me.StaffMemberId is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(tracked: false, ct)) return await DeniedAsync(ct);
        if (MayChange && !string.IsNullOrWhiteSpace(Q)) Hits = await directory.SearchAsync(Q, ct);
        await audit.WriteAsync(me, Role, "group.read", null, PersonId, Part, true, Group is null ? "Ingen ansvarsgruppe ennå" : "Ansvarsgruppe uten plan lest", ct);
        ConsentGivenOn ??= Today;
        return Page();
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) => ChangeAsync("group.create", async () =>
    {
        if (Group is not null) throw new DomainRuleException("A1", "Personen har allerede en ansvarsgruppe.");
        var by = await db.StaffMembers.SingleAsync(s => s.Id == me.StaffMemberId, ct);
        db.ResponsibilityGroups.Add(ResponsibilityGroup.WithoutPlan(Guid.NewGuid(), Person, by, ConsentGivenBy ?? "",
            ConsentGivenOn ?? Today, Today, clock.GetUtcNow().UtcDateTime));
    }, "Ansvarsgruppen er opprettet.", ct);

    public Task<IActionResult> OnPostAddStaffAsync(CancellationToken ct) => ChangeAsync("group.change", async () =>
    {
        var staff = await directory.FindAsync(StaffMemberId ?? Guid.Empty, ct) ?? throw new DomainRuleException("A1", "Velg en tjenesteyter.");
        RequireGroup().AddStaff(staff, MemberTask);
    }, "Medlemmet er lagt til.", ct);

    public Task<IActionResult> OnPostAddRelativeAsync(CancellationToken ct) => ChangeAsync("group.change", () =>
    {
        var relative = Person.Relations.FirstOrDefault(r => r.Id == RelatedPersonId)
            ?? throw new DomainRuleException("R12", "Den pårørende er ikke registrert hos denne personen.");
        RequireGroup().AddRelative(relative, MemberTask);
        return Task.CompletedTask;
    }, "Medlemmet er lagt til.", ct);

    public Task<IActionResult> OnPostTaskAsync(CancellationToken ct) => ChangeAsync("group.change", () =>
    {
        RequireGroup().DescribeTask(MemberId ?? Guid.Empty, MemberTask);
        return Task.CompletedTask;
    }, "Oppgaven er lagret.", ct);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) => ChangeAsync("group.change", () =>
    {
        RequireGroup().RemoveMember(MemberId ?? Guid.Empty);
        return Task.CompletedTask;
    }, "Medlemmet er fjernet.", ct);

    public Task<IActionResult> OnPostOrganiseAsync(CancellationToken ct) => ChangeAsync("group.change", () =>
    {
        RequireGroup().AssignMinutesAndCalling(MinutesWriterId ?? Guid.Empty, MeetingCallerId ?? Guid.Empty);
        return Task.CompletedTask;
    }, "Referent og innkaller er lagret.", ct);

    string Role => Group is not null && Group.PersonId == me.PersonId ? "person"
        : Group is not null && Group.Members.Any(m => m.StaffMemberId == me.StaffMemberId && me.StaffMemberId != null) ? "gruppemedlem"
        : me.StaffMemberId is null ? "uten planrolle" : "tjenesteyter";

    ResponsibilityGroup RequireGroup() => Group ?? throw new DomainRuleException("A1", "Opprett ansvarsgruppen først.");

    async Task<IActionResult> ChangeAsync(string action, Func<Task> change, string status, CancellationToken ct)
    {
        if (!await LoadAsync(tracked: true, ct)) return await DeniedAsync(ct);
        if (!MayChange) return Forbid();
        try
        {
            await change();
            audit.Add(me, Role, action, null, PersonId, Part, true, "Ansvarsgruppe uten plan endret");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            await LoadAsync(tracked: false, ct);
            return Page();
        }
        TempData["Status"] = status;
        return Redirect($"/persons/{PersonId}/group");
    }

    /// <summary>
    /// A1, R8: true when the user may see this page: the person has no open plan, and either there is no group yet
    /// (staff may set one up) or the user is the person, the creator or a staff member of the group.
    /// </summary>
    async Task<bool> LoadAsync(bool tracked, CancellationToken ct)
    {
        if (me.StaffMemberId is null && me.PersonId != PersonId) return false;
        var person = await db.Persons.Include(p => p.Relations).AsNoTracking().FirstOrDefaultAsync(p => p.Id == PersonId, ct);
        if (person is null) return false;
        if (await db.Plans.AnyAsync(p => p.PersonId == PersonId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active), ct)) return false;
        var query = db.ResponsibilityGroups.Include(g => g.Members);
        var group = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(g => g.PersonId == PersonId && g.PlanId == null, ct);
        if (group is not null && !group.MaySee(me.StaffMemberId, me.PersonId)) return false;
        if (group is null && me.StaffMemberId is null) return false;
        Person = person;
        Group = group;
        return true;
    }

    async Task<IActionResult> DeniedAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await audit.WriteAsync(me, me.StaffMemberId is null ? "uten planrolle" : "ikke gruppemedlem", "group.read", null, PersonId, Part, false,
            "Ikke medlem av ansvarsgruppen, eller personen har en plan", ct);
        return NotFound();
    }
}
