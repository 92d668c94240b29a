using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Account;

public sealed class SignInModel(Accounts accounts, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Skriv brukernavnet ditt."), StringLength(100)]
    public string UserName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Skriv passordet ditt."), StringLength(200)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var (outcome, account) = await accounts.SignInAsync(UserName, Password, ct);
        if (outcome != SignInOutcome.Success)
        {
            ModelState.AddModelError(string.Empty, outcome == SignInOutcome.LockedOut
                ? l["For mange mislykkede forsøk. Kontoen er låst i 15 minutter."]
                : l["Feil brukernavn eller passord."]);
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            CurrentUser.Of(account!).ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
