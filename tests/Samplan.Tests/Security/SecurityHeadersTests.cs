using System.Net;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Security.SecurityTestSupport;

namespace Samplan.Tests.Security;

public sealed class SecurityHeadersOnSqlite : SecurityHeadersTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class SecurityHeadersOnPostgreSql(PostgresCluster cluster) : SecurityHeadersTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Security headers and cookie flags (ASVS 14.4, 3.4; docs/security.md): every response carries the strict CSP and
/// the other headers, pages with personal data are not cached, HSTS outside Development, and every cookie the app
/// sets is HttpOnly and SameSite — and Secure outside Development.
/// </summary>
public abstract class SecurityHeadersTests : AppTests
{
    const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
                       "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        Assert.True(Header(response, "Content-Security-Policy") == Csp, $"{what}: CSP «{Header(response, "Content-Security-Policy")}»");
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), $"{what}: a Server header");
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_strict_csp_and_the_security_headers()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var anonymous = Client(App);
        var kari = Client(App);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(kari, "kari")).StatusCode);

        foreach (var (client, url, status) in new[]
                 {
                     (anonymous, "/account/sign-in", HttpStatusCode.OK),
                     (anonymous, "/", HttpStatusCode.Redirect),
                     (kari, "/", HttpStatusCode.OK),
                     (kari, $"/plans/{planId}", HttpStatusCode.OK),
                     (kari, $"/plans/{planId}/what-matters", HttpStatusCode.OK),
                     (kari, $"/plans/{Guid.NewGuid()}", HttpStatusCode.NotFound),
                     (kari, "/css/site.css", HttpStatusCode.OK),
                 })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == status, $"GET {url}: {response.StatusCode}");
            AssertSecurityHeaders(response, url);
        }
    }

    [Fact]
    public async Task Pages_with_personal_data_are_not_stored_by_any_cache_but_the_stylesheet_may_be()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var kari = Client(App);
        await SignInAsync(kari, "kari");

        foreach (var url in new[] { $"/plans/{planId}", $"/plans/{planId}/history", "/", "/persons" })
        {
            using var page = await kari.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(Header(page, "Cache-Control").Contains("no-store", StringComparison.Ordinal), $"{url}: Cache-Control «{Header(page, "Cache-Control")}»");
        }
        using var css = await kari.GetAsync("/css/site.css");
        Assert.DoesNotContain("no-store", Header(css, "Cache-Control"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hsts_is_sent_outside_development_and_not_in_development()
    {
        using var production = await Client(App, "Production", https: true).GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, production.StatusCode);
        Assert.Contains("max-age=", Header(production, "Strict-Transport-Security"), StringComparison.Ordinal);
        AssertSecurityHeaders(production, "production");

        using var development = await Client(App, https: true).GetAsync("/account/sign-in");
        Assert.Equal("", Header(development, "Strict-Transport-Security"));
    }

    static void AssertFlags(string? cookie, string name, bool secure, string sameSite)
    {
        Assert.True(cookie is not null, $"no {name} cookie was set");
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains($"samesite={sameSite}", cookie, StringComparison.Ordinal);
        Assert.True(cookie.Contains("secure", StringComparison.Ordinal) == secure, $"{name}: «{cookie}» secure should be {secure}");
    }

    [Fact]
    public async Task Outside_development_the_sign_in_antiforgery_and_culture_cookies_are_secure_httponly_and_samesite()
    {
        var client = Client(App, "Production", https: true);
        using var signInPage = await client.GetAsync("/account/sign-in");
        AssertFlags(SetCookie(signInPage, "samplan-af"), "anti-forgery", secure: true, "strict");

        using var signedIn = await SignInAsync(client, "kari");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        AssertFlags(SetCookie(signedIn, "samplan"), "sign-in", secure: true, "strict");

        var token = await TokenAsync(client, "/");
        using var language = await client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "nn", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);
        AssertFlags(SetCookie(language, ".AspNetCore.Culture"), "culture", secure: true, "lax");
    }

    [Fact]
    public async Task In_development_over_plain_http_the_cookies_are_httponly_and_samesite_but_not_secure()
    {
        // Development servers (dotnet run, the test servers) speak HTTP on localhost: SecurePolicy SameAsRequest there.
        var client = Client(App);
        using var signInPage = await client.GetAsync("/account/sign-in");
        AssertFlags(SetCookie(signInPage, "samplan-af"), "anti-forgery", secure: false, "strict");
        using var signedIn = await SignInAsync(client, "kari");
        AssertFlags(SetCookie(signedIn, "samplan"), "sign-in", secure: false, "strict");
    }
}
