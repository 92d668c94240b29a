using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Organisations;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Coordination.Coordinators;

/// <summary>
/// K3: one coordinator's figures — caseload (open plans they coordinate plus running coordinator-only
/// appointments), courses completed and supervision sessions.
/// </summary>
public sealed record CoordinatorRow(Guid StaffId, string Name, string OrganisationName, Guid OrganisationId, string Profession,
    bool IsHealthPersonnel, int OpenPlans, int Appointments, int CoursesCompleted, DateOnly? LastCourseCompletedOn, int SupervisionSessions)
{
    public int Caseload => OpenPlans + Appointments;
    public bool Trained => CoursesCompleted > 0;
}

/// <summary>
/// K3, C2: the candidates table shared by the plan's coordinator page and the coordinator-only appointment
/// (<c>_CoordinatorCandidates.cshtml</c>): name (marked when wished), profession, organisation, health personnel (C3),
/// caseload and training; each page renders its own actions per row.
/// </summary>
public sealed record CoordinatorCandidates(string Caption, IReadOnlyList<CoordinatorRow> Rows, Guid? WishedStaffId, Func<CoordinatorRow, IHtmlContent> Actions)
{
    public const string Partial = "/Coordination/Coordinators/_CoordinatorCandidates.cshtml";
}

public static class CoordinatorFigures
{
    /// <summary>The figures of the given staff, computed by the database in one query (correlated counts, never per row).</summary>
    public static IQueryable<CoordinatorRow> Of(SamplanDb db, IQueryable<StaffMember> staff) =>
        from s in staff
        join o in db.Organisations on s.OrganisationId equals o.Id
        orderby s.Name
        select new CoordinatorRow(s.Id, s.Name, o.Name, o.Id, s.Profession, s.IsHealthPersonnel,
            db.Plans.Count(p => p.CoordinatorStaffId == s.Id && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active)),
            db.CoordinatorAppointments.Count(a => a.CoordinatorStaffId == s.Id && a.EndedOn == null),
            db.CoordinatorCourseParticipants.Count(c => c.StaffMemberId == s.Id && c.Completed),
            db.CoordinatorCourseParticipants.Where(c => c.StaffMemberId == s.Id && c.Completed)
                .OrderByDescending(c => c.CompletedOn).Select(c => c.CompletedOn).FirstOrDefault(),
            db.SupervisionSessions.Count(x => x.CoordinatorStaffId == s.Id));

    public static async Task<IReadOnlyDictionary<Guid, CoordinatorRow>> ForAsync(SamplanDb db, IReadOnlyCollection<Guid> staffIds, CancellationToken ct) =>
        staffIds.Count == 0
            ? new Dictionary<Guid, CoordinatorRow>()
            : await Of(db, db.StaffMembers.Where(s => staffIds.Contains(s.Id))).ToDictionaryAsync(r => r.StaffId, ct);

    /// <summary>
    /// K3: the coordinators a coordinating unit answers for — its own organisation's staff who coordinate,
    /// have been on a course or had supervision, and anyone coordinating an open plan the organisation holds.
    /// </summary>
    public static IQueryable<StaffMember> ScopeOf(SamplanDb db, Guid organisationId, DateOnly today) =>
        db.StaffMembers.Where(s =>
            (s.OrganisationId == organisationId
                && (db.Plans.Any(p => p.CoordinatorStaffId == s.Id && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active))
                    || db.CoordinatorAppointments.Any(a => a.CoordinatorStaffId == s.Id && a.EndedOn == null)
                    || db.CoordinatorCourseParticipants.Any(c => c.StaffMemberId == s.Id)
                    || db.SupervisionSessions.Any(x => x.CoordinatorStaffId == s.Id)))
            || db.Plans.Any(p => p.ResponsibleOrganisationId == organisationId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active)
                && (p.CoordinatorStaffId == s.Id
                    || (p.PreviousCoordinatorStaffId == s.Id && p.PreviousCoordinatorUntil != null && p.PreviousCoordinatorUntil >= today))));
}

/// <summary>
/// Base for the coordinating unit's pages (K3): only staff with the coordinating-unit role, and always
/// within their own organisation. Everyone else gets a plain 403, audited, before any handler runs.
/// </summary>
public abstract class CoordinatingUnitPageModel(CurrentUser me, AuditLog audit, TimeProvider clock) : PageModel
{
    protected const string AuditRole = "koordinerende enhet";

    protected CurrentUser Me => me;

    protected AuditLog Audit => audit;

    public DateOnly Today => OsloTime.Today(clock);

    /// <summary>The user's organisation (set for every request that reaches a handler).</summary>
    protected Guid OrganisationId => me.OrganisationId!.Value;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (me.StaffMemberId is null || me.OrganisationId is null || !me.Has(SystemRole.CoordinatingUnitStaff))
        {
            await audit.WriteAsync(me, "ikke koordinerende enhet", "coordinators.denied", null, null, null, false,
                "Koordinatorregisteret er bare for koordinerende enhet", context.HttpContext.RequestAborted);
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        await next();
    }
}
