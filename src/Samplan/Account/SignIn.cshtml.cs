using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Account;

public sealed class SignInModel(Accounts accounts, Representation representation, IAuthenticationSchemeProvider schemes,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Skriv brukernavnet ditt."), StringLength(100)]
    public string UserName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Skriv passordet ditt."), StringLength(200)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Set when ID-porten is configured (docs/sign-in.md): the page offers it beside the local sign-in.</summary>
    public bool IdPortenConfigured { get; private set; }

    /// <summary>Why an ID-porten sign-in was refused (<c>?idporten=unknown</c> and so on), shown as a message.</summary>
    [BindProperty(SupportsGet = true, Name = "idporten")]
    public string? IdPortenRefusal { get; set; }

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        IdPortenConfigured = await schemes.GetSchemeAsync(IdPorten.Scheme) is not null;
        await next();
    }

    public void OnGet() { }

    /// <summary>Sends the browser to ID-porten; it comes back to the OpenID Connect callback, which signs the citizen in.</summary>
    public IActionResult OnPostIdPorten()
    {
        if (!IdPortenConfigured) return NotFound();
        return Challenge(new AuthenticationProperties { RedirectUri = "/" }, IdPorten.Scheme);
    }

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
        string? next = null;
        if (account!.Roles.HasFlag(SystemRole.Citizen))
        {
            // S2, S3: a citizen acts as themself or for the one person they may represent; with several, they choose.
            var (principal, choose) = await representation.CitizenPrincipalAsync(account, ct);
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
            next = choose;
        }
        else
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                CurrentUser.Of(account).ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(next ?? (ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/"));
    }
}
