using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.People;

/// <summary>
/// The person page: details, language and interpreter (L1), relatives (S2, S3), and the plans the
/// user may read. A plan the user may not read is not hinted at (R8).
/// </summary>
public sealed class DetailsModel(SamplanDb db, PlanGate gate, CurrentUser me, AuditLog audit) : StaffPageModel(me, audit)
{
    public sealed record PlanRow(Guid Id, PlanStatus Status, string ResponsibleOrganisationName, string? CoordinatorName);

    public sealed record AppointmentRow(string CoordinatorName, DateOnly AppointedOn, string ConsentGivenBy);

    public Person Person { get; private set; } = null!;
    public int Age { get; private set; }
    public IReadOnlyList<PlanRow> Plans { get; private set; } = [];
    public AppointmentRow? Appointment { get; private set; }
    /// <summary>S1–S3: who may consent to an individual plan today, and why.</summary>
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;
    /// <summary>S2: from 7 the child's own views are always shown; a child under 7 only when some are recorded.</summary>
    public DateOnly Today => gate.Today;

    public bool ShowChildViews => Age < 18 && (Person.MustBeHeardAsChild(gate.Today) || Person.ChildViews.Count > 0);

    /// <summary>
    /// R8: competence assessments and a child's own views are personal details, shown only to those who
    /// work with the person — a reader of their plan, or their coordinator without a plan (C1) — not to all staff.
    /// </summary>
    public bool SeesPersonalDetails => Plans.Count > 0 || Appointment is not null;

    /// <summary>False when the user can see an open plan: there is one plan per person (R2).</summary>
    public bool CanStartPlan => !Plans.Any(p => p.Status is PlanStatus.Draft or PlanStatus.Active);

    /// <summary>C1: coordinating-unit staff may appoint a coordinator without a plan when the person has neither an open plan nor one already.</summary>
    public bool CanAppointCoordinator { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().Include(p => p.Relations).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return NotFound();
        Person = person;
        Age = person.AgeOn(gate.Today);
        WhoMayConsent = ConsentAuthority.WhoMayConsent(person, gate.Today, ConsentAuthority.IndividualPlanMatter);
        Plans = await gate.Readable().Where(p => p.PersonId == id).OrderByDescending(p => p.CreatedAt)
            .Select(p => new PlanRow(p.Id, p.Status, p.ResponsibleOrganisationName, p.CoordinatorName)).ToListAsync(ct);

        // C1 is health care too: shown to the coordinator and to the coordinating unit of the
        // coordinator's own organisation (K3), not to every member of staff.
        var staff = Me.StaffMemberId;
        var isCoordinatingUnit = Me.Has(SystemRole.CoordinatingUnitStaff);
        var organisation = Me.OrganisationId;
        Appointment = await (from a in db.CoordinatorAppointments
                             where a.PersonId == id && a.EndedOn == null
                             join s in db.StaffMembers on a.CoordinatorStaffId equals s.Id
                             where a.CoordinatorStaffId == staff || (isCoordinatingUnit && s.OrganisationId == organisation)
                             orderby a.AppointedOn descending
                             select new AppointmentRow(a.CoordinatorName, a.AppointedOn, a.ConsentGivenBy)).FirstOrDefaultAsync(ct);

        CanAppointCoordinator = Coordination.Intake.IntakePageModel.IsCoordinatingUnitStaff(Me)
            && !await db.Plans.AnyAsync(p => p.PersonId == id && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active), ct)
            && !await db.CoordinatorAppointments.AnyAsync(a => a.PersonId == id && a.EndedOn == null, ct);

        await Audit.WriteAsync(Me, AuditRole, "person.read", null, id, null, true, "Personside", ct);
        return Page();
    }
}
