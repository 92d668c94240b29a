using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Account;

/// <summary>
/// Sign-in for citizens through ID-porten (OpenID Connect, authorization code with PKCE), registered only when
/// <c>Authentication:IdPorten:Authority</c>, <c>ClientId</c> and <c>ClientSecret</c> are configured (docs/sign-in.md).
/// ID-porten's token is used once: its <c>pid</c> claim (the national identity number) is mapped to the
/// <see cref="Domain.People.Person"/>, and Samplan's own cookie is issued with the citizen's claims (S1–S3 as for a local sign-in).
/// </summary>
public static class IdPorten
{
    public const string Scheme = "IdPorten";
    public const string PidClaim = "pid";
    public const string Section = "Authentication:IdPorten";
    public const string DefaultCallbackPath = "/signin-idporten";

    public static bool IsConfigured(IConfiguration configuration) =>
        new[] { "Authority", "ClientId", "ClientSecret" }.All(k => !string.IsNullOrWhiteSpace(configuration[$"{Section}:{k}"]));

    /// <summary>Adds the ID-porten scheme when it is configured; otherwise nothing changes.</summary>
    public static AuthenticationBuilder AddIdPorten(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        if (!IsConfigured(configuration)) return builder;
        builder.Services.AddScoped<IdPortenSignIn>();
        // The id_token's lifetime is checked on the app's clock, like the API's tokens (Fhir.FhirApi.Lifetime).
        builder.Services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = Fhir.FhirApi.Lifetime(clock));
        return builder.AddOpenIdConnect(Scheme, "ID-porten", o =>
        {
            o.Authority = configuration[$"{Section}:Authority"];
            o.ClientId = configuration[$"{Section}:ClientId"];
            o.ClientSecret = configuration[$"{Section}:ClientSecret"];
            o.CallbackPath = configuration[$"{Section}:CallbackPath"] ?? DefaultCallbackPath;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Events.OnTokenValidated = async context =>
            {
                var signIn = context.HttpContext.RequestServices.GetRequiredService<IdPortenSignIn>();
                var (principal, next) = await signIn.PrincipalForAsync(context.Principal?.FindFirstValue(PidClaim), context.HttpContext.RequestAborted);
                if (principal is null)
                {
                    // Not a 500: the citizen is told plainly that Samplan does not know them.
                    context.HandleResponse();
                    context.Response.Redirect("/account/sign-in?idporten=unknown");
                    return;
                }
                // Samplan's own claims replace ID-porten's; the cookie handler then signs them in.
                context.Principal = principal;
                if (next is not null && context.Properties is { } properties) properties.RedirectUri = next;
            };
            o.Events.OnRemoteFailure = context =>
            {
                context.HandleResponse();
                context.Response.Redirect("/account/sign-in?idporten=failed");
                return Task.CompletedTask;
            };
        });
    }
}

/// <summary>ID-porten's <c>pid</c> → the person → their citizen account (created on first sign-in) → Samplan's claims. Audited.</summary>
public sealed class IdPortenSignIn(SamplanDb db, AuditLog audit, Representation representation)
{
    public async Task<(ClaimsPrincipal? Principal, string? Next)> PrincipalForAsync(string? pid, CancellationToken ct = default)
    {
        var number = pid?.Trim() ?? "";
        var person = number.Length == 11 && number.All(char.IsAsciiDigit)
            ? await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.NationalIdentityNumber == number, ct)
            : null;
        if (person is null)
        {
            // The number itself is not written to the log (only that it was unknown).
            await audit.WriteAsync(CurrentUser.Anonymous with { UserName = "id-porten" }, "", "sign-in", null, null, null, false,
                "ID-porten: ukjent fødselsnummer", ct);
            return (null, null);
        }
        var accounts = await db.UserAccounts.Where(u => u.PersonId == person.Id).ToListAsync(ct);
        var account = accounts.FirstOrDefault(u => u.Roles.HasFlag(SystemRole.Citizen));
        if (account is null)
        {
            account = new UserAccount(Guid.NewGuid(), $"idporten-{person.Id:N}", person.Name, SystemRole.Citizen, null, null, personId: person.Id);
            db.UserAccounts.Add(account);
        }
        account.RecordSignIn();
        await audit.WriteAsync(CurrentUser.Of(account), "person", "sign-in", null, person.Id, null, true, "Innlogget med ID-porten", ct);
        return await representation.CitizenPrincipalAsync(account, ct);
    }
}
