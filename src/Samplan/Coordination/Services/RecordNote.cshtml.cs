using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Plans;

namespace Samplan.Coordination.Services;

/// <summary>
/// R7: the short note each participating organisation puts in its own patient record — that the person has
/// an individual plan and who the coordinator is, with contact details. Nothing else of the plan. Read through
/// the gate (audited); 404 for anyone who may not read the plan, and for the coordinating unit's metadata view.
/// </summary>
public sealed class RecordNoteModel(PlanGate gate, SamplanDb db) : PageModel
{
    public string Text { get; private set; } = "";
    public Guid PlanId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await BuildAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, CancellationToken ct)
    {
        if (!await BuildAsync(id, ct)) return NotFound();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Text + "\r\n")).ToArray();
        return File(bytes, "text/plain; charset=utf-8", $"journalnotat-individuell-plan-{gate.Today:yyyy-MM-dd}.txt");
    }

    async Task<bool> BuildAsync(Guid id, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(id, PlanPart.Overview, ct);
        if (plan is null) return false;
        if (gate.Decide(plan, PlanAction.Read, PlanPart.Overview).MetadataOnly) return false;
        PlanId = plan.Id;
        var person = await gate.PersonNameAsync(plan, ct);
        var coordinator = plan.CoordinatorStaffId is { } staffId
            ? await db.StaffMembers.Where(s => s.Id == staffId)
                .Join(db.Organisations, s => s.OrganisationId, o => o.Id, (s, o) => new { s.Name, s.Phone, s.Email, Organisation = o.Name })
                .FirstOrDefaultAsync(ct)
            : null;
        var unit = await db.OrganisationUnits.Where(u => u.OrganisationId == plan.ResponsibleOrganisationId && u.IsCoordinatingUnit)
            .Select(u => new { u.Name, u.Phone, u.Email }).FirstOrDefaultAsync(ct);
        var text = new StringBuilder();
        text.Append(plan.Status switch
        {
            PlanStatus.Closed => $"{person} har hatt individuell plan (avsluttet {(plan.ClosedAt is { } c ? Shared.OsloTime.From(c).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) : "")}).",
            PlanStatus.Draft => $"{person} har individuell plan under arbeid.",
            _ => $"{person} har individuell plan.",
        });
        if (coordinator is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" Koordinator: {coordinator.Name}, {coordinator.Organisation}");
            if (!string.IsNullOrWhiteSpace(coordinator.Phone)) text.Append(CultureInfo.InvariantCulture, $", telefon {coordinator.Phone}");
            if (!string.IsNullOrWhiteSpace(coordinator.Email)) text.Append(CultureInfo.InvariantCulture, $", e-post {coordinator.Email}");
            text.Append('.');
        }
        else
            text.Append(" Koordinator er ikke oppnevnt ennå.");
        text.Append(CultureInfo.InvariantCulture, $" Ansvarlig for planen: {plan.ResponsibleOrganisationName}");
        if (unit is not null)
            text.Append(CultureInfo.InvariantCulture, $" ({unit.Name}{(unit.Phone is null ? "" : ", telefon " + unit.Phone)}{(unit.Email is null ? "" : ", e-post " + unit.Email)})");
        text.Append(CultureInfo.InvariantCulture, $". Notert {gate.Today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}.");
        Text = text.ToString();
        return true;
    }
}
