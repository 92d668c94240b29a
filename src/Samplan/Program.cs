using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Samplan.Account;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Fhir;
using Samplan.Messaging;
using Samplan.Notifications;
using Samplan.Organisations;
using Samplan.Plans;
using Samplan.Shared;

// The settings are read once, at start. Watching appsettings*.json for changes watches the whole content root, and the
// default SQLite database lives under it (data/): every write of its log woke the watcher (issue 8: 3–4 % of a busy
// server's CPU). A changed setting takes effect at the next start.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"] });
// Security headers, cookie flags, request size limits and the sign-in rate limit (Shared/Security.cs).
builder.AddSecurity();

builder.Services.AddSamplanDatabase(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped(sp => CurrentUser.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new()));
builder.Services.AddScoped<AuditLog>();
// Audited reads are committed in groups (Audit/AuditWriter.cs).
builder.Services.AddSingleton<AuditWriter>();
// Benchmark only (bench/README.md): the audit log switched off to measure its cost. Never on by default, never in production.
if (builder.Configuration.GetValue<bool>("Bench:DisableAudit")) builder.Services.AddSingleton(new AuditLog.BenchOnlyDisabled());
builder.Services.AddScoped<PlanGate>();
builder.Services.AddSingleton<Samplan.Coordination.Dashboard.DashboardCache>();
builder.Services.AddSingleton(new PlanCache(builder.Configuration.GetValue("Performance:PlanCacheSize", PlanCache.DefaultSize)));
builder.Services.AddScoped<Accounts>();
builder.Services.AddScoped<Samplan.Account.Representation>();
builder.Services.AddScoped<StaffDirectory>();
builder.Services.AddSamplanNotifications(builder.Configuration);
builder.Services.AddSamplanMessaging(builder.Configuration);
builder.Services.AddScoped<Samplan.Meetings.MeetingNotices>();

builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/account/sign-in";
        o.LogoutPath = "/account/sign-out";
        o.Cookie.Name = "samplan";
        // HttpOnly, SameSite=Strict, Secure: set by AddSecurity.
        // Idle timeout: a forgotten session on a shared ward computer ends by itself.
        o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
        o.SlidingExpiration = true;
        // A refusal is a plain 403 page, not a redirect to a page that says the same.
        o.Events.OnRedirectToAccessDenied = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    })
    // Citizens through ID-porten, only when configured (docs/sign-in.md).
    .AddIdPorten(builder.Configuration);
// FHIR R4 API at /fhir with bearer tokens (Fhir/FhirApi.cs).
builder.AddFhirApi();
builder.Services.AddAuthorization(o => o.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
    .RequireAuthenticatedUser().Build());

builder.Services.AddLocalization();
// Norwegian letters as themselves in the HTML, not as &#xF8; entities.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddRazorPages(o =>
{
    // Pages live in their feature folders (Plans/, People/ …), not in a Pages/ layer.
    o.RootDirectory = "/";
    o.Conventions.AllowAnonymousToPage("/Account/SignIn");
    o.Conventions.AllowAnonymousToPage("/Shared/Error");
    o.Conventions.AllowAnonymousToPage("/Shared/Language");
})
    .AddMvcOptions(o =>
    {
        o.Filters.Add(new UnknownHandlerFilter());
        // Form values that cannot be read get a message a person can act on, not a framework sentence.
        var m = o.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((value, field) => $"«{value}» er ikke en gyldig verdi for {field}.");
        m.SetValueIsInvalidAccessor(value => $"«{value}» er ikke en gyldig verdi.");
        m.SetValueMustBeANumberAccessor(field => $"{field} må være et tall.");
        m.SetMissingBindRequiredValueAccessor(field => $"{field} mangler.");
        m.SetValueMustNotBeNullAccessor(field => $"{field} må fylles ut.");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"«{value}» er ikke en gyldig verdi.");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "Verdien må være et tall.");
        m.SetUnknownValueIsInvalidAccessor(field => $"Verdien for {field} er ugyldig.");
    })
    .AddViewLocalization()
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));

var app = builder.Build();

// The verb is the first argument (options such as --urls may follow it).
var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
if (verb is not null && verb != "demo")
    return await Cli.RunAsync(app, verb);

var supported = new[] { "nb", "nn", "en" }.Select(c => new CultureInfo(c)).ToList();
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("nb"),
    SupportedCultures = supported,
    SupportedUICultures = supported,
    RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()],
});

if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
app.UseSecurity();
app.UseAuthentication();
app.UseAuthorization();
// CSS and other static files are public; everything else needs a signed-in user (fallback policy).
app.MapStaticAssets().AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapFhirApi();

await Cli.MigrateAsync(app);
if (verb == "demo") await Cli.SeedDemoAsync(app);
await app.StartAsync();
Console.WriteLine($"Samplan kjører på {string.Join(", ", app.Urls)} – åpne adressen i en nettleser.");
if (verb == "demo") Console.WriteLine(DemoData.SignInHelp);
await app.WaitForShutdownAsync();
return 0;

public partial class Program;
