using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.BrowserTests;

/// <summary>
/// The real app on Kestrel (a real port on 127.0.0.1) with the demo data on a temp SQLite file, and Debian's
/// Chromium driven by Playwright — never a downloaded browser. The app's clock starts at the real time (the
/// browser keeps cookies by its own clock) and tests may move it on, e.g. past a meeting; sign in again after.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    readonly string _file = Path.Combine(Path.GetTempPath(), $"samplan-browser-{Guid.NewGuid():N}.db");
    IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public string BaseUrl { get; private set; } = "";

    public BrowserApp() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Samplan", $"Data Source={_file}");
        builder.UseSetting("Reminders:Enabled", "false");
        // The walks sign the same demo users in many times a minute from one address; the limits have their own tests.
        builder.UseSetting("Security:SignInPerAddress", "100000");
        builder.UseSetting("Security:SignInPerUserName", "100000");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task InitializeAsync()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using (var scope = Services.CreateAsyncScope())
            await DemoData.SeedAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), Clock);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>A fresh browser context (own cookies) in the given language (Bokmål by default), signed in as a demo user.</summary>
    public async Task<IPage> SignInAsync(string user, string language = "nb-NO")
    {
        // BypassCSP: axe-core is injected as an inline script, which the app's strict CSP (script-src 'self') refuses.
        // That no page needs inline script or style is proven by RouteWalkTests (InlineCode) on every route.
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, Locale = language, ViewportSize = new() { Width = 1100, Height = 900 }, BypassCSP = true });
        // CI runs this beside the HTTP tests on two cores; a sign-in there once took longer than Playwright's 30 s default.
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        // By id, not label: the sign-in page speaks the browser's language.
        await page.Locator("#UserName").FillAsync(user);
        await page.Locator("#Password").FillAsync(DemoData.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        // Polls the address, then waits for the page's main landmark: no wait on the browser's load events. With CI's two
        // cores shared with the HTTP tests, WaitForURLAsync twice hung for 90 s waiting for "load" on a page that was
        // already there (Playwright had logged network idle), even when asked to wait only for the commit.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"), new() { Timeout = 90_000 });
        await page.Locator("main").WaitForAsync();
        return page;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await DisposeAsync();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }
}
