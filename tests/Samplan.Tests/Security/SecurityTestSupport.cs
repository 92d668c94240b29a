using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Security;

/// <summary>Raw HTTP helpers for the security tests: headers and Set-Cookie lines as sent, which <see cref="Browser"/> hides.</summary>
static class SecurityTestSupport
{
    /// <summary>A client on the same database with extra settings or another environment (e.g. Production over HTTPS).</summary>
    public static HttpClient Client(SamplanFactory app, string? environment = null, bool https = false,
        params (string Key, string Value)[] settings)
    {
        WebApplicationFactory<Program> factory = app;
        if (environment is not null || settings.Length > 0)
            factory = app.WithWebHostBuilder(b =>
            {
                if (environment is not null) b.UseEnvironment(environment);
                foreach (var (key, value) in settings) b.UseSetting(key, value);
            });
        return factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            // HSTS is never sent to localhost (HstsOptions.ExcludedHosts), so HTTPS clients use a real-looking host name.
            BaseAddress = new Uri(https ? "https://samplan.example" : "http://localhost"),
        });
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values) : "";

    /// <summary>The Set-Cookie line of the cookie <paramref name="name"/>, lower-cased for the flag checks.</summary>
    public static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var lines)
            ? lines.FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal))?.ToLowerInvariant()
            : null;

    public static async Task<string> TokenAsync(HttpClient client, string url = "/account/sign-in")
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return new Page(response.StatusCode, WebUtility.HtmlDecode(html), null).AntiforgeryToken;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password = Shared.DemoData.Password)
    {
        var token = await TokenAsync(client);
        return await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }
}
