using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Coordination.Dashboard;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Coordination.Disputes;

/// <summary>
/// K7: disagreements between the municipality and the hospital about a patient's further needs. Only the
/// coordinating units of the two organisations involved see a case; every read of the list is audited per person.
/// </summary>
public sealed class IndexModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : KePageModel(me, audit)
{
    public sealed record Row(Guid Id, Guid PersonId, string PersonName, string Municipality, string Hospital, string Subject, DisputeStatus Status, DateTime OpenedAt);

    public IReadOnlyList<Row> Cases { get; private set; } = [];
    public IReadOnlyList<Organisation> Counterparts { get; private set; } = [];

    [BindProperty] public DisputeInput Input { get; set; } = new();

    public sealed class DisputeInput
    {
        [Required(ErrorMessage = "Skriv fødselsnummeret."), StringLength(11, MinimumLength = 11, ErrorMessage = "Fødselsnummeret har 11 siffer.")]
        public string? NationalIdentityNumber { get; set; }
        public Guid CounterpartId { get; set; }
        [Required(ErrorMessage = "Beskriv hva uenigheten gjelder."), StringLength(2000)] public string? Subject { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        var mine = await db.Organisations.SingleAsync(o => o.Id == OrganisationId, ct);
        var other = await db.Organisations.FirstOrDefaultAsync(o => o.Id == Input.CounterpartId, ct);
        if (other is null) ModelState.AddModelError("Input.CounterpartId", "Velg den andre parten.");
        var number = (Input.NationalIdentityNumber ?? "").Trim();
        var person = await db.Persons.Where(p => p.NationalIdentityNumber == number).Select(p => new { p.Id }).FirstOrDefaultAsync(ct);
        if (person is null) ModelState.AddModelError("Input.NationalIdentityNumber", "Fant ingen person med dette fødselsnummeret.");
        if (!ModelState.IsValid) { await LoadAsync(ct); return Page(); }
        DisputeCase dispute;
        try
        {
            var (municipality, hospital) = mine.Level == CareLevel.Municipality ? (mine, other!) : (other!, mine);
            dispute = DisputeCase.Open(Guid.NewGuid(), person!.Id, municipality, hospital, Input.Subject!, $"{Me.DisplayName}, {mine.Name}",
                clock.GetUtcNow().UtcDateTime);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ct);
            return Page();
        }
        db.DisputeCases.Add(dispute);
        Audit.Add(Me, AuditRole, "ke.dispute.open", null, person!.Id, null, true, $"Uenighetssak opprettet mellom {dispute.MunicipalOrganisationName} og {dispute.HospitalOrganisationName}");
        await db.SaveChangesAsync(ct);
        return Redirect($"/ke/disputes/{dispute.Id}");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var org = OrganisationId;
        Cases = await db.DisputeCases.AsNoTracking().Where(d => d.MunicipalOrganisationId == org || d.HospitalOrganisationId == org)
            .OrderBy(d => d.Status).ThenByDescending(d => d.OpenedAt)
            .Join(db.Persons, d => d.PersonId, p => p.Id, (d, p) => new Row(d.Id, d.PersonId, p.Name, d.MunicipalOrganisationName,
                d.HospitalOrganisationName, d.Subject, d.Status, d.OpenedAt))
            .ToListAsync(ct);
        foreach (var c in Cases)
            Audit.Add(Me, AuditRole, "ke.dispute.list", null, c.PersonId, null, true, "Liste over uenighetssaker");
        if (Cases.Count > 0) await db.SaveChangesAsync(ct);
        var mine = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == org, ct);
        var otherKind = mine.Level == CareLevel.Municipality ? OrganisationKind.HospitalTrust : OrganisationKind.Municipality;
        Counterparts = await db.Organisations.AsNoTracking().Where(o => o.Kind == otherKind).OrderBy(o => o.Name).ToListAsync(ct);
    }
}
