using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Organisations;
using Samplan.Plans;
using Samplan.Shared;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSamplanDatabase(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped(sp => CurrentUser.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new()));
builder.Services.AddScoped<AuditLog>();
builder.Services.AddScoped<PlanGate>();
builder.Services.AddScoped<Accounts>();
builder.Services.AddScoped<StaffDirectory>();

builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/account/sign-in";
        o.LogoutPath = "/account/sign-out";
        o.AccessDeniedPath = "/account/denied";
        o.Cookie.Name = "samplan";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        // Idle timeout: a forgotten session on a shared ward computer ends by itself.
        o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
        o.SlidingExpiration = true;
    });
builder.Services.AddAuthorization(o => o.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
    .RequireAuthenticatedUser().Build());

builder.Services.AddLocalization();
builder.Services.AddRazorPages(o =>
{
    // Pages live in their feature folders (Plans/, People/ …), not in a Pages/ layer.
    o.RootDirectory = "/";
    o.Conventions.AllowAnonymousToPage("/Account/SignIn");
    o.Conventions.AllowAnonymousToPage("/Shared/Error");
    o.Conventions.AllowAnonymousToPage("/Shared/Language");
})
    .AddViewLocalization()
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));

var app = builder.Build();

var verb = args.FirstOrDefault(a => !a.StartsWith('-'));
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
app.UseAuthentication();
app.UseAuthorization();
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();

await Cli.MigrateAsync(app);
if (verb == "demo") await Cli.SeedDemoAsync(app);
await app.StartAsync();
Console.WriteLine($"Samplan kjører på {string.Join(", ", app.Urls)} – åpne adressen i en nettleser.");
if (verb == "demo") Console.WriteLine(DemoData.SignInHelp);
await app.WaitForShutdownAsync();
return 0;

public partial class Program;
