using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Shared;

namespace Samplan.Plans;

/// <summary>"Mine planer": the plans the user coordinates or takes part in, and coordinator-only cases (C1).</summary>
public sealed class MyPlansModel(PlanGate gate, SamplanDb db, AuditLog audit, CurrentUser me) : PageModel
{
    public sealed record Row(Guid PlanId, string PersonName, PlanStatus Status, string? CoordinatorName, bool IAmCoordinator,
        DateOnly? NextEvaluation, DateOnly? NextRevision);

    public sealed record CoordinatorOnlyRow(Guid PersonId, string PersonName, DateOnly AppointedOn);

    public IReadOnlyList<Row> Plans { get; private set; } = [];
    public IReadOnlyList<CoordinatorOnlyRow> CoordinatorOnly { get; private set; } = [];
    public DateOnly Today { get; private set; }

    /// <summary>A citizen who sees the plans they take part in as a relative (R12).</summary>
    public bool AsRelative { get; private set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public bool ShowClosed { get; set; }

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(CancellationToken ct)
    {
        // R12: a citizen's start page is their own plan (or, for a representative who has not chosen, whom they act for);
        // a relative who takes part in plans (and acts for no one) finds them here, each part filtered by the policy (R3, R8).
        if (me.StaffMemberId is null && me.Has(Organisations.SystemRole.Citizen))
        {
            if (me.PersonId is not null) return Redirect("/my/plan");
            if (me.Relatives.Count == 0 || !await gate.Readable().AnyAsync(ct)) return Redirect("/my/representing");
            AsRelative = true;
        }
        Today = gate.Today;
        var staff = me.StaffMemberId;
        Plans = await (from p in gate.Readable()
                       where ShowClosed || p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active
                       join person in db.Persons on p.PersonId equals person.Id
                       orderby p.Status, person.Name
                       select new Row(p.Id, person.Name, p.Status, p.CoordinatorName, staff != null && p.CoordinatorStaffId == staff,
                           p.NextEvaluationDate, p.NextRevisionDate))
            .Take(500).ToListAsync(ct);
        if (staff is not null)
            CoordinatorOnly = await (from a in db.CoordinatorAppointments
                                     where a.CoordinatorStaffId == staff && a.EndedOn == null
                                     join person in db.Persons on a.PersonId equals person.Id
                                     orderby person.Name
                                     select new CoordinatorOnlyRow(person.Id, person.Name, a.AppointedOn)).ToListAsync(ct);
        await audit.WriteAsync(me, AsRelative ? "pårørende" : "", "plan.list", null, null, null, true, $"Mine planer ({Plans.Count})", ct);
        return Page();
    }
}
