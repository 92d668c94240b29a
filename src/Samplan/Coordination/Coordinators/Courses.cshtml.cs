using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Coordination.Coordinators;

/// <summary>
/// K3: coordinator courses — planned by a coordinating unit, with participants from several organisations
/// found by the staff search; the organiser marks who completed. Others see the courses their staff attend.
/// </summary>
public sealed class CoursesModel(SamplanDb db, StaffDirectory staff, CurrentUser me, AuditLog audit, TimeProvider clock)
    : CoordinatingUnitPageModel(me, audit, clock)
{
    public IReadOnlyList<CoordinatorCourse> Courses { get; private set; } = [];

    /// <summary>The course participants are being added to (its search shows under it).</summary>
    [BindProperty(SupportsGet = true, Name = "course")] public Guid? SelectedCourseId { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    public IReadOnlyList<StaffDirectory.Hit> Hits { get; private set; } = [];

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public DateOnly? On { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public Guid CourseId { get; set; }
    [BindProperty] public Guid StaffMemberId { get; set; }

    public bool Organises(CoordinatorCourse course) => course.OrganiserOrganisationId == OrganisationId;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostPlanAsync(CancellationToken ct) => ChangeAsync(async () =>
    {
        var organiser = await db.Organisations.SingleAsync(o => o.Id == OrganisationId, ct);
        var course = CoordinatorCourse.Plan(Guid.NewGuid(), Title ?? "", On ?? throw new DomainRuleException("K3", "Oppgi når kurset holdes."),
            Place ?? "", organiser);
        db.CoordinatorCourses.Add(course);
        SelectedCourseId = course.Id;
        return $"Kurs planlagt: {course.Title}";
    }, "Kurset er planlagt.", ct);

    public Task<IActionResult> OnPostParticipantAsync(CancellationToken ct) => ChangeAsync(async () =>
    {
        var course = await OwnCourseAsync(ct);
        var member = await staff.FindAsync(StaffMemberId, ct) ?? throw new DomainRuleException("K3", "Velg en ansatt.");
        var organisation = await db.Organisations.Where(o => o.Id == member.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        course.AddParticipant(member, organisation);
        SelectedCourseId = course.Id;
        return $"{member.Name} påmeldt kurset {course.Title}";
    }, "Deltakeren er påmeldt.", ct);

    public Task<IActionResult> OnPostCompletedAsync(CancellationToken ct) => ChangeAsync(async () =>
    {
        var course = await OwnCourseAsync(ct);
        course.MarkCompleted(StaffMemberId, Today);
        SelectedCourseId = course.Id;
        return $"Kurset {course.Title} fullført av {course.Participants.First(p => p.StaffMemberId == StaffMemberId).StaffName}";
    }, "Kurset er registrert som fullført.", ct);

    async Task<CoordinatorCourse> OwnCourseAsync(CancellationToken ct)
    {
        var course = await db.CoordinatorCourses.Include(c => c.Participants).FirstOrDefaultAsync(c => c.Id == CourseId, ct)
            ?? throw new DomainRuleException("K3", "Fant ikke kurset.");
        if (!Organises(course))
            throw new DomainRuleException("K3", "Bare den koordinerende enheten som arrangerer kurset, kan endre det.");
        return course;
    }

    async Task<IActionResult> ChangeAsync(Func<Task<string>> change, string status, CancellationToken ct)
    {
        try
        {
            var what = await change();
            Audit.Add(Me, AuditRole, "coordinator.course", null, null, null, true, what);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Status"] = status;
        return Redirect(SelectedCourseId is { } id ? $"/ke/courses?course={id}" : "/ke/courses");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var org = OrganisationId;
        Courses = await db.CoordinatorCourses.AsNoTracking().Include(c => c.Participants)
            .Where(c => c.OrganiserOrganisationId == org || c.Participants.Any(p => p.OrganisationId == org))
            .OrderByDescending(c => c.On).ToListAsync(ct);
        if (SelectedCourseId is not null) Hits = await staff.SearchAsync(Query, ct);
    }
}
