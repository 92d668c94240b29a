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

namespace Samplan.Coordination.Services;

/// <summary>K5: the coordinating unit keeps its overview of habilitation and rehabilitation services.</summary>
public sealed class CatalogueModel(SamplanDb db, CurrentUser me, AuditLog audit) : KePageModel(me, audit)
{
    public IReadOnlyList<ServiceOffering> Services { get; private set; } = [];

    [BindProperty] public ServiceInput Input { get; set; } = new();
    [BindProperty] public Guid ServiceId { get; set; }

    public sealed class ServiceInput
    {
        [Required(ErrorMessage = "Skriv navnet på tjenesten."), StringLength(200)] public string? Name { get; set; }
        [StringLength(2000)] public string? Description { get; set; }
        public CareLevel Level { get; set; } = CareLevel.Municipality;
        public ServiceKind Kind { get; set; } = ServiceKind.Rehabilitation;
        [StringLength(40)] public string? Phone { get; set; }
        [StringLength(200), EmailAddress(ErrorMessage = "Skriv en gyldig e-postadresse.")] public string? Email { get; set; }
        [StringLength(400), Url(ErrorMessage = "Skriv en gyldig nettadresse (https://…).")] public string? Web { get; set; }
    }

    public Guid Organisation => OrganisationId;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (Input.Level == CareLevel.Other) ModelState.AddModelError("Input.Level", "Velg kommune eller spesialisthelsetjeneste.");
        if (!ModelState.IsValid) { await LoadAsync(ct); return Page(); }
        var organisation = await db.Organisations.SingleAsync(o => o.Id == OrganisationId, ct);
        try
        {
            db.ServiceOfferings.Add(new ServiceOffering(Guid.NewGuid(), organisation, Input.Name!, Input.Description ?? "", Input.Level, Input.Kind,
                Input.Phone, Input.Email, Input.Web));
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ct);
            return Page();
        }
        Audit.Add(Me, AuditRole, "ke.service.add", null, null, null, true, $"Tjeneste lagt til: {Input.Name}");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"{Input.Name} er lagt til i tjenesteoversikten.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        var service = await db.ServiceOfferings.FirstOrDefaultAsync(s => s.Id == ServiceId && s.OrganisationId == OrganisationId, ct);
        if (service is null) return NotFound();
        db.ServiceOfferings.Remove(service);
        Audit.Add(Me, AuditRole, "ke.service.remove", null, null, null, true, $"Tjeneste fjernet: {service.Name}");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"{service.Name} er fjernet fra tjenesteoversikten.";
        return RedirectToPage();
    }

    async Task LoadAsync(CancellationToken ct) =>
        Services = await db.ServiceOfferings.AsNoTracking().Where(s => s.OrganisationId == OrganisationId)
            .OrderBy(s => s.Level).ThenBy(s => s.Name).ToListAsync(ct);
}
