using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Shared;

namespace Samplan.Coordination.Intake;

/// <summary>
/// R11: the written decision on a declined request, printable: the reasons, and the right to complain to
/// the county governor (pasient- og brukerrettighetsloven § 7-2) with the deadline and the offer of help.
/// The decision is stored on the case; this page renders it.
/// </summary>
public sealed class DecisionModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : IntakePageModel(db, me, audit, clock)
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public IntakeCase Case { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public string? PersonAddress { get; private set; }
    public string OrganisationName { get; private set; } = "";
    public string? UnitName { get; private set; }
    public string? UnitPhone { get; private set; }
    public string? UnitEmail { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (c, refused) = await OpenCaseAsync(Id, tracked: false, "vedtak", ct);
        if (c is null) return refused!;
        if (c.Outcome != IntakeOutcome.Declined) return NotFound();
        Case = c;
        var person = await Db.Persons.AsNoTracking().Where(p => p.Id == c.PersonId).Select(p => new { p.Name, p.Address }).FirstAsync(ct);
        PersonName = person.Name;
        PersonAddress = person.Address;
        OrganisationName = await Db.Organisations.Where(o => o.Id == c.ReceivingOrganisationId).Select(o => o.Name).FirstAsync(ct);
        var unit = await Db.OrganisationUnits.AsNoTracking()
            .FirstOrDefaultAsync(u => u.OrganisationId == c.ReceivingOrganisationId && u.IsCoordinatingUnit, ct);
        UnitName = unit?.Name;
        UnitPhone = unit?.Phone;
        UnitEmail = unit?.Email;
        await Audit.WriteAsync(Me, AuditRole, "intake.decision.read", null, c.PersonId, c.Id.ToString(), true, "Vedtaksbrev", ct);
        return Page();
    }
}
