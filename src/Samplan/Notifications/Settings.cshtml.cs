using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Notifications;

/// <summary>The user chooses an e-mail address and which kinds of notice also come by e-mail (all, by default).</summary>
public sealed class SettingsModel(SamplanDb db, CurrentUser me) : PageModel
{
    [BindProperty]
    [EmailAddress(ErrorMessage = "Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.")]
    [StringLength(UserAccount.MaxEmail, ErrorMessage = "E-postadressen er for lang.")]
    public string? Email { get; set; }

    [BindProperty] public List<NotificationKind> Wanted { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var account = await db.UserAccounts.AsNoTracking().FirstOrDefaultAsync(u => u.Id == me.UserId, ct);
        if (account is null) return NotFound();
        Email = account.Email;
        Wanted = [.. Enum.GetValues<NotificationKind>().Where(k => account.Email is null || account.WantsEmail(k))];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var account = await db.UserAccounts.FirstOrDefaultAsync(u => u.Id == me.UserId, ct);
        if (account is null) return NotFound();
        account.SetEmailPreferences(Email, Wanted);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = account.Email is null ? "Lagret. Du får varsler bare i Samplan." : "Lagret. Du får e-post for varslene du har valgt.";
        return Redirect("/my/notifications/settings");
    }
}
