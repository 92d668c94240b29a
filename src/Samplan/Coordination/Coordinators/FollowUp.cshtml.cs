using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Coordination.Coordinators;

/// <summary>
/// C1: the follow-up log of a coordinator without a plan. The appointed coordinator reads and writes it;
/// coordinating-unit staff of the coordinator's organisation read it (K3). Everyone else gets 404.
/// Every read, refusal and entry is audited.
/// </summary>
public sealed class FollowUpModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : PageModel
{
    const string Part = "FollowUp";

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public DateOnly? On { get; set; }
    [BindProperty] public string? Text { get; set; }

    public CoordinatorAppointment Appointment { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public bool IsCoordinator { get; private set; }
    public DateOnly Today => OsloTime.Today(clock);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var role = await LoadAsync(tracked: false, ct);
        if (role is null) return await DeniedAsync(ct);
        On ??= Today;
        await audit.WriteAsync(me, role, "appointment.read", null, Appointment.PersonId, Part, true, "Oppfølgingslogg lest", ct);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => ChangeAsync(async () =>
    {
        var by = await db.StaffMembers.SingleAsync(s => s.Id == me.StaffMemberId, ct);
        Appointment.AddFollowUp(On ?? Today, Text ?? "", by, Today, clock.GetUtcNow().UtcDateTime);
    }, "appointment.follow-up", "Oppfølging ført i loggen", "Oppfølgingen er ført i loggen.", ct);

    /// <summary>C1: the coordinator or the coordinating unit ends the coordinator-only work; the log is kept, read-only.</summary>
    public Task<IActionResult> OnPostEndAsync(CancellationToken ct) => ChangeAsync(() =>
    {
        Appointment.End(Today);
        return Task.CompletedTask;
    }, "appointment.ended", "Koordinator uten plan avsluttet", "Oppnevnelsen er avsluttet.", ct);

    /// <summary>One change to the appointment with its audit entry, saved together; a refused rule is shown on the page, nothing saved.</summary>
    async Task<IActionResult> ChangeAsync(Func<Task> change, string action, string auditText, string status, CancellationToken ct)
    {
        var role = await LoadAsync(tracked: true, ct);
        if (role is null) return await DeniedAsync(ct);
        try
        {
            await change();
            audit.Add(me, role, action, null, Appointment.PersonId, Part, true, auditText);
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
        return Redirect($"/coordination/appointments/{Id}");
    }

    /// <summary>The user's role for this appointment, or null when they may not see it.</summary>
    async Task<string?> LoadAsync(bool tracked, CancellationToken ct)
    {
        var query = db.CoordinatorAppointments.Include(a => a.FollowUps);
        var appointment = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(a => a.Id == Id, ct);
        if (appointment is null || me.StaffMemberId is null) return null;
        Appointment = appointment;
        PersonName = await db.Persons.Where(p => p.Id == appointment.PersonId).Select(p => p.Name).SingleAsync(ct);
        IsCoordinator = appointment.CoordinatorStaffId == me.StaffMemberId;
        if (IsCoordinator) return "koordinator";
        var coordinatorsOrganisation = await db.StaffMembers.Where(s => s.Id == appointment.CoordinatorStaffId)
            .Select(s => (Guid?)s.OrganisationId).FirstOrDefaultAsync(ct);
        return me.Has(SystemRole.CoordinatingUnitStaff) && me.OrganisationId is not null && coordinatorsOrganisation == me.OrganisationId
            ? "koordinerende enhet"
            : null;
    }

    async Task<IActionResult> DeniedAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await audit.WriteAsync(me, me.StaffMemberId is null ? "uten planrolle" : "ikke koordinator", "appointment.read", null, null, Part, false,
            "Ikke koordinator for oppnevnelsen", ct);
        return NotFound();
    }
}
