using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Consent;

/// <summary>Asking for emergency access to a person's plan: a reason is required, and everyone will see it was used.</summary>
public sealed class EmergencyAccessPageModel(PlanGate gate, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid PersonId { get; set; }

    [BindProperty, Required(ErrorMessage = "Skriv hvorfor du trenger nødtilgang."), StringLength(1000, ErrorMessage = "Begrunnelsen kan ha høyst 1000 tegn.")]
    public string? Reason { get; set; }

    public IActionResult OnGet() => me.StaffMemberId is null ? StatusCode(StatusCodes.Status403Forbidden) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (me.StaffMemberId is null) return StatusCode(StatusCodes.Status403Forbidden);
        if (!ModelState.IsValid) return Page();
        try
        {
            var planId = await gate.RequestEmergencyAccessAsync(PersonId, Reason!, ct);
            if (planId is null)
            {
                ModelState.AddModelError(string.Empty, "Personen har ingen åpen individuell plan.");
                return Page();
            }
            TempData["Status"] = "Du har nødtilgang til planen i to timer. Tilgangen er logget og vises for personen.";
            return Redirect($"/plans/{planId}");
        }
        catch (DomainRuleException e)
        {
            DomainErrors.Add(ModelState, e);
            return Page();
        }
    }
}
