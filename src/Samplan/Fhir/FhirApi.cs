using System.Security.Claims;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Samplan.Data;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Fhir;

/// <summary>
/// The HL7 FHIR R4 API at <c>/fhir</c> and its bearer tokens (<c>POST /auth/token</c> in the embedded default,
/// HelseID in production). Everything the API reads and writes goes through <see cref="PlanGate"/> and the audit
/// log exactly as the pages do; only the bearer schemes are accepted there, never the sign-in cookie (no CSRF).
/// </summary>
public static class FhirApi
{
    public const string HelseIdScheme = "HelseId";
    public const string PolicyName = "FhirBearer";

    /// <summary>The claim in a HelseID access token that names the health professional: the HPR number.</summary>
    public const string HprNumberClaim = "helseid://claims/hpr/hpr_number";

    public static WebApplicationBuilder AddFhirApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddSingleton<ApiTokens>();
        services.AddScoped<FhirContext>();

        var schemes = new List<string> { ApiTokens.Scheme };
        var auth = services.AddAuthentication();
        auth.AddJwtBearer(ApiTokens.Scheme);
        services.AddOptions<JwtBearerOptions>(ApiTokens.Scheme).Configure<ApiTokens, TimeProvider>((o, tokens, clock) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = ApiTokens.Issuer,
                ValidAudience = ApiTokens.Audience,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                IssuerSigningKeyResolver = (_, _, _, _) => tokens.LoadedKey is { } key ? [key] : [],
                RequireExpirationTime = true,
                LifetimeValidator = Lifetime(clock),
            };
            o.Events = Events(async ctx =>
            {
                var sub = ctx.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
                var db = ctx.HttpContext.RequestServices.GetRequiredService<SamplanDb>();
                return Guid.TryParse(sub, out var id) ? await AccountById.For(db)(db, id) : null;
            });
            var inner = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = async ctx =>
            {
                await tokens.KeyAsync(ctx.HttpContext.RequestAborted);
                await inner(ctx);
            };
        });

        // Production: access tokens for personnel from HelseID (OpenID Connect), linked to the local staff account by HPR number.
        // Off unless Authentication:HelseId:Authority is set (docs/sign-in.md).
        var helseId = config.GetSection("Authentication:HelseId");
        if (!string.IsNullOrWhiteSpace(helseId["Authority"]))
        {
            schemes.Add(HelseIdScheme);
            services.AddSingleton<TokenReplayCache>();
            auth.AddJwtBearer(HelseIdScheme, o =>
            {
                o.Authority = helseId["Authority"];
                o.Audience = helseId["Audience"];
                o.RequireHttpsMetadata = !bool.TryParse(helseId["RequireHttpsMetadata"], out var https) || https;
                o.MapInboundClaims = false;
            });
            var claim = helseId["UserClaim"] is { Length: > 0 } c ? c : HprNumberClaim;
            services.AddOptions<JwtBearerOptions>(HelseIdScheme).Configure<TimeProvider, TokenReplayCache>((o, clock, replays) =>
            {
                var parameters = o.TokenValidationParameters;
                parameters.ValidTypes = ["at+jwt", "JWT"];
                // ASVS 3.5.3: signed with the provider's published key (JWKS), never "none" or a shared secret.
                parameters.RequireSignedTokens = true;
                parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];
                parameters.ValidateIssuer = true;
                parameters.ValidateAudience = true;
                parameters.RequireExpirationTime = true;
                parameters.LifetimeValidator = Lifetime(clock);
                o.Events = Events(async ctx =>
                {
                    // ASVS 3.5.3: a token is used once — a second request with the same jti is a replay and refused.
                    var jti = ctx.Principal?.FindFirstValue(JwtRegisteredClaimNames.Jti);
                    var expires = ctx.SecurityToken.ValidTo;
                    if (string.IsNullOrWhiteSpace(jti) || !replays.TryUse(ctx.SecurityToken.Issuer, jti, expires))
                    {
                        ctx.Fail("Tokenet mangler jti eller er brukt før.");
                        return null;
                    }
                    var value = ctx.Principal?.FindFirstValue(claim);
                    if (string.IsNullOrWhiteSpace(value)) return null;
                    var db = ctx.HttpContext.RequestServices.GetRequiredService<SamplanDb>();
                    return await (from a in db.UserAccounts.AsNoTracking()
                                  join s in db.StaffMembers on a.StaffMemberId equals s.Id
                                  where s.HprNumber == value && a.StaffMemberId != null
                                  select a).FirstOrDefaultAsync();
                });
            });
        }

        services.AddAuthorization(o => o.AddPolicy(PolicyName, p => p.AddAuthenticationSchemes([.. schemes]).RequireAuthenticatedUser()));
        return builder;
    }

    // Compiled (issue 8): every API request looks up its token's account (locked out since the token was issued?).
    static readonly PerModel<Func<SamplanDb, Guid, Task<UserAccount?>>> AccountById =
        new(() => EF.CompileAsyncQuery((SamplanDb db, Guid id) => db.UserAccounts.AsNoTracking().FirstOrDefault(u => u.Id == id)));

    /// <summary>The app's clock, not the machine's: tests move it, and so must token lifetimes. 30 seconds of clock skew.</summary>
    internal static LifetimeValidator Lifetime(TimeProvider clock) => (notBefore, expires, _, _) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (notBefore is null || notBefore <= now.AddSeconds(30)) && expires is not null && expires > now.AddSeconds(-30);
    };

    /// <summary>Bearer events shared by both schemes: the token names an account, which becomes the same <see cref="CurrentUser"/> as a cookie sign-in.</summary>
    static JwtBearerEvents Events(Func<TokenValidatedContext, Task<UserAccount?>> findAccount) => new()
    {
        OnTokenValidated = async ctx =>
        {
            var account = await findAccount(ctx);
            if (ctx.Result is { Failure: not null }) return;
            var clock = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
            if (account is null || account.IsLockedOut(clock.GetUtcNow().UtcDateTime))
            {
                ctx.Fail("Kontoen finnes ikke eller er låst.");
                return;
            }
            ctx.Principal = CurrentUser.Of(account).ToPrincipal(ctx.Scheme.Name);
        },
        OnChallenge = async ctx =>
        {
            ctx.HandleResponse();
            // With HelseID beside the local tokens both schemes challenge: the first one answers, the second adds nothing.
            if (ctx.Response.HasStarted) return;
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            await FhirResult.WriteAsync(ctx.HttpContext, FhirIo.Outcome(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Login,
                "Innlogging kreves: send et gyldig tilgangstoken (Authorization: Bearer …). Hent et med POST /auth/token."));
        },
        OnForbidden = async ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            await FhirResult.WriteAsync(ctx.HttpContext, FhirIo.Outcome(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Forbidden,
                "Ingen tilgang."));
        },
    };

    public static WebApplication MapFhirApi(this WebApplication app)
    {
        // A password check like the sign-in page: the same rate limit per client address and per user name (ASVS 2.2.1).
        app.MapPost("/auth/token", TokenAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(Security.SignInPolicy);

        var fhir = app.MapGroup("/fhir").RequireAuthorization(PolicyName).AddEndpointFilter(HandleErrorsAsync);
        FhirEndpoints.Map(fhir);
        return app;
    }

    sealed record TokenRequest(string? UserName, string? Password);

    /// <summary>
    /// <c>POST /auth/token</c>: a local user's user name and password (form fields <c>username</c>/<c>password</c>, as in the
    /// OAuth 2.0 password grant, or JSON <c>{"username": …, "password": …}</c>), checked exactly like the sign-in page
    /// (hashing, lockout, audit). Answers <c>{"access_token", "token_type": "Bearer", "expires_in"}</c>.
    /// </summary>
    static async Task<IResult> TokenAsync(HttpContext http, Accounts accounts, ApiTokens tokens, CancellationToken ct)
    {
        string? userName = null, password = null;
        var request = http.Request;
        if (request.ContentLength > 16 * 1024) return TokenError(413, "invalid_request", "Forespørselen er for stor.");
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                userName = form["username"].FirstOrDefault() ?? form["userName"].FirstOrDefault();
                password = form["password"].FirstOrDefault();
                if (form["grant_type"].FirstOrDefault() is { } grant && grant != "password")
                    return TokenError(400, "unsupported_grant_type", "Bare grant_type=password støttes.");
            }
            else if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                var body = await JsonSerializer.DeserializeAsync<TokenRequest>(request.Body,
                    new JsonSerializerOptions(JsonSerializerDefaults.Web), ct);
                userName = body?.UserName;
                password = body?.Password;
            }
            else return TokenError(415, "invalid_request", "Send skjemafelt (application/x-www-form-urlencoded) eller JSON.");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            return TokenError(400, "invalid_request", "Forespørselen kan ikke leses.");
        }
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 100 || password.Length > 200)
            return TokenError(400, "invalid_request", "Oppgi brukernavn (username) og passord (password).");
        var (outcome, account) = await accounts.SignInAsync(userName, password, ct);
        if (outcome != SignInOutcome.Success)
            return TokenError(400, "invalid_grant", outcome == SignInOutcome.LockedOut
                ? "For mange mislykkede forsøk. Kontoen er låst i 15 minutter."
                : "Feil brukernavn eller passord.");
        var (token, expires) = await tokens.IssueAsync(account!, ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)ApiTokens.Lifetime.TotalSeconds,
        });
    }

    static IResult TokenError(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    /// <summary>
    /// Every refusal as an <c>OperationOutcome</c>: bad input 400/413/415/422, a domain rule 422 citing the rule, a stale
    /// version 412. A 500 is the last resort for a fault in Samplan itself, never for bad input.
    /// </summary>
    static async ValueTask<object?> HandleErrorsAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        try
        {
            return await next(ctx);
        }
        catch (FhirInputException e)
        {
            return FhirResult.Error(e.Status, e.Code, e.Message, e.Details, e.Rule);
        }
        catch (DomainRuleException e)
        {
            ctx.HttpContext.RequestServices.GetRequiredService<PlanGate>().Discard();
            return FhirResult.Error(422, OperationOutcome.IssueType.BusinessRule, e.Message, rule: e.Rule);
        }
        catch (PlanConflictException e)
        {
            ctx.HttpContext.RequestServices.GetRequiredService<PlanGate>().Discard();
            return FhirResult.Error(412, OperationOutcome.IssueType.Conflict,
                "Ressursen er endret siden versjonen i If-Match. Ingenting er lagret – hent den nyeste versjonen og prøv igjen.",
                e.ChangesSince.Select(r => $"Versjon {r.Version}: {r.Summary}"));
        }
        catch (DbUpdateException e) when (e.InnerException is System.Data.Common.DbException { SqlState: "22001" or "22021" or "22P05" })
        {
            // PostgreSQL refuses a value longer than its column or a NUL character in text (SQLite stores both): the
            // client's input, so 422 and nothing saved (found by Security/FuzzTests).
            ctx.HttpContext.RequestServices.GetRequiredService<PlanGate>().Discard();
            return FhirResult.Error(422, OperationOutcome.IssueType.Value,
                "En verdi er for lang, eller har tegn som ikke kan lagres (som NUL). Ingenting er lagret.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Samplan.Fhir").LogError(e, "FHIR request failed");
            return FhirResult.Error(500, OperationOutcome.IssueType.Exception, "En feil i Samplan hindret svaret. Feilen er logget.");
        }
    }
}
