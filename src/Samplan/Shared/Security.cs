using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Samplan.Shared;

/// <summary>
/// Settings of the web security controls (section <c>Security</c>); the defaults are the production values.
/// docs/security.md maps each control to its OWASP ASVS requirement and to the test that proves it.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Sign-in attempts (POSTs) per user name per window, on top of the account lockout.</summary>
    public int SignInPerUserName { get; set; } = 10;

    /// <summary>
    /// Sign-in attempts per client address per window. Higher than per user name: a ward or an office signs in
    /// through one address at the start of a shift. Behind a reverse proxy the forwarded address must be trusted
    /// (ForwardedHeaders), or every user shares the proxy's address.
    /// </summary>
    public int SignInPerAddress { get; set; } = 60;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest request body accepted (forms; there are no file uploads). Larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// The web security controls in one place: security headers with a strict Content Security Policy, cookie
/// flags, anti-forgery cookie, request size limits and the sign-in rate limit. Program.cs calls
/// <see cref="AddSecurity"/> and <see cref="UseSecurity"/>.
/// </summary>
public static class Security
{
    /// <summary>Name of the rate-limiting policy for sign-in endpoints (the sign-in page; a token endpoint may use it too).</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>
    /// Strict: only the app's own files; no inline script or style, no plugins, no framing, forms post only
    /// here. The views hold no inline script, style attribute or event handler (<c>PageSecurityTests</c> checks).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

    const string SignInUserNameKey = "Samplan.SignInUserName";

    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        services.Configure<SecurityOptions>(section);
        var options = section.Get<SecurityOptions>() ?? new SecurityOptions();
        // Cookies are Secure everywhere except in Development, whose servers (dotnet run, the test servers) speak
        // plain HTTP on localhost; there they are Secure when the request is HTTPS.
        var secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "samplan-af";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // The page may not be framed anyway (CSP frame-ancestors); this adds X-Frame-Options for old browsers.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Every cookie the app writes — the culture cookie of the language switch included — gets the flags.
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = secure;
            o.HttpOnly = HttpOnlyPolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = options.MaxRequestBodyBytes;
            o.BufferBodyLengthLimit = options.MaxRequestBodyBytes;
            o.ValueCountLimit = 1024;
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The named policy marks an endpoint as a sign-in endpoint (.RequireRateLimiting(Security.SignInPolicy), e.g. a
            // token endpoint); the sign-in page is one by its page name. The limits are in the global limiter below, so
            // an endpoint is counted once: per client address and per posted user name.
            o.AddPolicy(SignInPolicy, _ => RateLimitPartition.GetNoLimiter(""));
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInPost(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => Window(options.SignInPerAddress, options.SignInWindow))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    IsSignInPost(context) && context.Items[SignInUserNameKey] is string { Length: > 0 } userName
                        ? RateLimitPartition.GetFixedWindowLimiter("user:" + userName, _ => Window(options.SignInPerUserName, options.SignInWindow))
                        : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = async (context, ct) =>
            {
                var response = context.HttpContext.Response;
                var seconds = ((int)options.SignInWindow.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers.RetryAfter = seconds;
                // The API's token endpoint answers machines: an OperationOutcome. Pages get no body here, so the status
                // code page renders the friendly 429 page in the user's language.
                if (IsApiPath(context.HttpContext.Request.Path))
                {
                    response.ContentType = "application/fhir+json";
                    await response.WriteAsync($$"""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"throttled","diagnostics":"For mange innloggingsforsøk. Vent {{seconds}} sekunder og prøv igjen."}]}""", ct);
                }
            };
        });
        return builder;
    }

    /// <summary>
    /// Exceptions that mean the request itself is malformed: form bodies with characters that cannot be decoded, and
    /// form or query keys that the jQuery-style key normalizer of model binding rejects (e.g. <c>a[[b</c>).
    /// </summary>
    static bool IsMalformedRequest(Exception e) => e is InvalidDataException or BadHttpRequestException
        || (e is ArgumentException && e.TargetSite?.DeclaringType?.Name == "JQueryKeyValuePairNormalizer")
        || (e.InnerException is { } inner && IsMalformedRequest(inner));

    static BadHttpRequestException? BadRequestOf(Exception? e) =>
        e is null ? null : e as BadHttpRequestException ?? BadRequestOf(e.InnerException);

    /// <summary>The FHIR API and its token endpoint, which answer refusals with an OperationOutcome rather than a page.</summary>
    static bool IsApiPath(PathString path) => path.StartsWithSegments("/fhir") || path.StartsWithSegments("/auth/token");

    static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>The page the sign-in form posts to (Account/SignIn.cshtml).</summary>
    const string SignInPage = "/Account/SignIn";

    static bool IsSignInPost(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata is { } metadata
        && (metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignInPolicy
            || metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == SignInPage);

    /// <summary>After the status code pages (so 413 and 429 get the friendly page), before authentication.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value;
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                AddHeaders(context);
                return Task.CompletedTask;
            });
            await next(context);
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseCookiePolicy();
        app.Use(async (context, next) =>
        {
            // Refuse an oversized body before anything reads it; Kestrel's limit catches bodies without a length.
            if (context.Request.ContentLength > options.MaxRequestBodyBytes && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                // The FHIR API answers in FHIR (an OperationOutcome); pages get the friendly status page.
                if (IsApiPath(context.Request.Path))
                {
                    context.Response.ContentType = "application/fhir+json";
                    await context.Response.WriteAsync($$"""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"too-costly","diagnostics":"Forespørselen er for stor (over {{options.MaxRequestBodyBytes}} byte)."}]}""");
                }
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = options.MaxRequestBodyBytes;
            try
            {
                // The per-user-name sign-in limit needs the posted name before the rate limiter decides.
                if (IsSignInPost(context) && context.Request.HasFormContentType)
                {
                    var form = await context.Request.ReadFormAsync(context.RequestAborted);
                    context.Items[SignInUserNameKey] = form["UserName"].ToString().Trim().ToLowerInvariant();
                }
                await next(context);
            }
            catch (Exception e) when (IsMalformedRequest(e) && !context.Response.HasStarted)
            {
                // A body the framework cannot decode (a NUL in a form value, a key model binding cannot parse): the client's
                // fault, so 400 with a message — never a 500 (found by Security/FuzzTests; ASVS 5.1.3).
                context.Response.Clear();
                // Kestrel's own refusals keep their status (413 for a body without a length over the limit).
                context.Response.StatusCode = BadRequestOf(e)?.StatusCode ?? StatusCodes.Status400BadRequest;
                if (IsApiPath(context.Request.Path))
                {
                    context.Response.ContentType = "application/fhir+json";
                    await context.Response.WriteAsync("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"structure","diagnostics":"Forespørselen kan ikke leses."}]}""");
                }
                else if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
                {
                    // The status page itself could not read the same body (it is re-executed with it): a plain message.
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("400 – Forespørselen kan ikke leses. Gå tilbake og prøv igjen.");
                }
                // Otherwise no body: the status code page renders the friendly 400 page.
            }
        });
        app.UseRateLimiter();
        return app;
    }

    static void AddHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        // Pages carry personal data: no copy in the browser's or a proxy's cache. Static files set their own caching.
        if (!headers.ContainsKey("Cache-Control"))
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }
    }
}
