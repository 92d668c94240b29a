using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Plans;

/// <summary>
/// Step 1 of starting a plan: the consent (R3) and who is responsible (R2). The draft is created only
/// when both are in place; the next steps are coordinator → mapping → goals → measures.
/// </summary>
public sealed class StartModel(PlanGate gate, SamplanDb db, CurrentUser me) : PageModel
{
    public Person Person { get; private set; } = null!;
    /// <summary>S1–S3: who may consent to the plan today, shown above the form; only they are offered.</summary>
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;
    public IReadOnlyList<Organisation> ResponsibleChoices { get; private set; } = [];

    [BindProperty] public Guid ResponsibleOrganisationId { get; set; }

    /// <summary>"person" or the id of a related person who gave the consent.</summary>
    [BindProperty, Required(ErrorMessage = "Velg hvem som ga samtykket.")] public string? GivenBy { get; set; }
    [BindProperty] public ConsentForm Form { get; set; } = ConsentForm.Written;
    [BindProperty] public DateOnly GivenOn { get; set; }
    [BindProperty] public DateOnly? ValidTo { get; set; }
    [BindProperty] public bool CoversPlanWork { get; set; }
    [BindProperty] public bool CoversInformationExchange { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid personId, CancellationToken ct)
    {
        if (me.StaffMemberId is null) return Forbid();
        if (!await LoadAsync(personId, ct)) return NotFound();
        GivenOn = gate.Today;
        GivenBy = ConsentGiverChoice.Default(WhoMayConsent);
        ResponsibleOrganisationId = ResponsibleChoices.FirstOrDefault(o => o.Id == me.OrganisationId)?.Id
            ?? ResponsibleChoices.FirstOrDefault()?.Id ?? Guid.Empty;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid personId, CancellationToken ct)
    {
        if (me.StaffMemberId is not { } staffId) return Forbid();
        if (!await LoadAsync(personId, ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var responsible = ResponsibleChoices.FirstOrDefault(o => o.Id == ResponsibleOrganisationId);
        if (responsible is null)
        {
            ModelState.AddModelError(nameof(ResponsibleOrganisationId), "Velg kommunen eller helseforetaket som har ansvaret for planen.");
            return Page();
        }
        if (!ConsentGiverChoice.TryParse(GivenBy, out var givenBy))
        {
            ModelState.AddModelError(nameof(GivenBy), "Velg hvem som ga samtykket.");
            return Page();
        }
        var starter = await db.StaffMembers.FirstAsync(s => s.Id == staffId, ct);
        try
        {
            var plan = await gate.StartAsync(Person, responsible, starter,
                new ConsentDeclaration(givenBy, Form, GivenOn, ValidTo, CoversPlanWork, CoversInformationExchange), ct);
            TempData["Status"] = "Planarbeidet er startet. Neste steg: oppnevn koordinator.";
            return Redirect($"/plans/{plan.Id}/coordinator?wizard=true");
        }
        catch (DomainRuleException e)
        {
            DomainErrors.Add(ModelState, e);
            return Page();
        }
    }

    async Task<bool> LoadAsync(Guid personId, CancellationToken ct)
    {
        var person = await db.Persons.Include(p => p.Relations).AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return false;
        Person = person;
        WhoMayConsent = ConsentAuthority.WhoMayConsent(person, gate.Today, ConsentAuthority.IndividualPlanMatter);
        ResponsibleChoices = await db.Organisations.AsNoTracking()
            .Where(o => o.Kind == OrganisationKind.Municipality || o.Kind == OrganisationKind.HospitalTrust)
            .OrderBy(o => o.Name).ToListAsync(ct);
        return true;
    }
}
