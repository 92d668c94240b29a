using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Coordination.Coordinators;

/// <summary>K3: one coordinator — caseload, courses and supervision; the coordinating unit records supervision here.</summary>
public sealed class DetailsModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : CoordinatingUnitPageModel(me, audit, clock)
{
    public sealed record CourseLine(Guid CourseId, string Title, DateOnly On, string OrganiserName, bool Completed);

    [BindProperty(SupportsGet = true)] public Guid StaffId { get; set; }

    public CoordinatorRow Coordinator { get; private set; } = null!;
    public IReadOnlyList<CourseLine> Courses { get; private set; } = [];
    public IReadOnlyList<SupervisionSession> Sessions { get; private set; } = [];

    [BindProperty] public SupervisionInput Input { get; set; } = new();

    public sealed class SupervisionInput
    {
        [Display(Name = "Dato")] public DateOnly? On { get; set; }
        [Display(Name = "Veileder")] public string? SupervisorName { get; set; }
        [Display(Name = "Notat")] public string? Note { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Input.On ??= Today;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostSupervisionAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            var session = new SupervisionSession(Guid.NewGuid(), StaffId, Input.On ?? Today, Input.SupervisorName ?? "", Input.Note,
                Me.StaffMemberId!.Value, Today);
            db.SupervisionSessions.Add(session);
            Audit.Add(Me, AuditRole, "coordinator.supervision", null, null, null, true, $"Veiledning registrert for {Coordinator.Name}");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        TempData["Status"] = "Veiledningen er registrert.";
        return Redirect($"/ke/coordinators/{StaffId}");
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var row = await CoordinatorFigures.Of(db, CoordinatorFigures.ScopeOf(db, OrganisationId, Today).Where(s => s.Id == StaffId))
            .FirstOrDefaultAsync(ct);
        if (row is null) return false;
        Coordinator = row;
        Courses = await (from p in db.CoordinatorCourseParticipants
                         join c in db.CoordinatorCourses on p.CourseId equals c.Id
                         where p.StaffMemberId == StaffId
                         orderby c.On descending
                         select new CourseLine(c.Id, c.Title, c.On, c.OrganiserName, p.Completed)).ToListAsync(ct);
        Sessions = await db.SupervisionSessions.AsNoTracking().Where(s => s.CoordinatorStaffId == StaffId)
            .OrderByDescending(s => s.On).ToListAsync(ct);
        return true;
    }
}
