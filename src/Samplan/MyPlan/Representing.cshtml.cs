using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Account;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.MyPlan;

/// <summary>
/// S2, S3: a citizen who may act for more than one person (themself, their children, someone they are guardian for)
/// chooses whom they act for now. Each choice is checked again against who may consent today
/// (<see cref="Domain.People.ConsentAuthority"/>); the sign-in cookie is re-issued and the switch audited. Persons
/// the account is linked to but may no longer act for are shown with the reason.
/// </summary>
public sealed class RepresentingModel(SamplanDb db, CurrentUser me, AuditLog audit, Representation representation) : PageModel
{
    public IReadOnlyList<ActingChoice> Choices { get; private set; } = [];
    public IReadOnlyList<RefusedChoice> Refused { get; private set; } = [];
    public CurrentUser Me => me;

    [BindProperty] public Guid PersonId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        await audit.WriteAsync(me, "", "account.representing", null, null, null, true, $"Velg hvem du handler for ({Choices.Count})", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        var (done, refusal) = await representation.SwitchAsync(HttpContext, me, PersonId, ct);
        if (!done)
        {
            ModelState.AddModelError(nameof(PersonId), refusal!);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        TempData["Status"] = "Du har byttet hvem du handler for.";
        return Redirect("/my/plan");
    }

    async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var account = me.Has(SystemRole.Citizen) && me.StaffMemberId is null
            ? await db.UserAccounts.AsNoTracking().FirstOrDefaultAsync(u => u.Id == me.UserId, ct)
            : null;
        if (account is null)
        {
            await audit.WriteAsync(me, "", "account.representing", null, null, null, false, "Siden er for innbyggere", ct);
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        (Choices, Refused) = await representation.ChoicesAsync(account, ct);
        return null;
    }
}
