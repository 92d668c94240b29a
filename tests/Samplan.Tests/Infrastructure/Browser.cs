using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Samplan.Tests.Infrastructure;

/// <summary>A page as the browser got it: status, decoded HTML, and where a redirect points.</summary>
public sealed partial record Page(HttpStatusCode Status, string Html, Uri? Location)
{
    /// <summary>The antiforgery token the page's forms carry (every post form has the same one).</summary>
    public string AntiforgeryToken => TokenPattern().Match(Html) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("The page has no form with an antiforgery token.");

    [GeneratedRegex(@"<input[^>]*name=""__RequestVerificationToken""[^>]*value=""([^""]+)""")]
    private static partial Regex TokenPattern();
}

/// <summary>
/// A cookie-keeping client that follows no redirects, so tests see each 302, and posts forms the way a
/// browser does: with the antiforgery token taken from the page the form is on.
/// </summary>
public sealed class Browser(HttpClient http)
{
    public static Browser Open(SamplanFactory app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public static async Task<Browser> SignedInAsync(SamplanFactory app, string userName, string password = Shared.DemoData.Password)
    {
        var browser = Open(app);
        var response = await browser.SignInAsync(userName, password);
        if (response.Status != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {userName} gave {response.Status}, not a redirect.");
        return browser;
    }

    public Task<Page> SignInAsync(string userName, string password) =>
        SubmitAsync("/account/sign-in", new() { ["UserName"] = userName, ["Password"] = password });

    public async Task<Page> GetAsync(string url) => await ReadAsync(await http.GetAsync(url));

    /// <summary>A file as it was sent (no HTML decoding): status, content type with charset, and the exact bytes.</summary>
    public async Task<(HttpStatusCode Status, string? ContentType, byte[] Body)> DownloadAsync(string url)
    {
        using var response = await http.GetAsync(url);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Opens <paramref name="pageUrl"/>, then posts <paramref name="fields"/> with its token to <paramref name="action"/> (default: the same URL).</summary>
    public async Task<Page> SubmitAsync(string pageUrl, Dictionary<string, string> fields, string? action = null)
    {
        var page = await GetAsync(pageUrl);
        if (page.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {pageUrl} gave {page.Status}, so there is no form to submit.");
        fields["__RequestVerificationToken"] = page.AntiforgeryToken;
        return await ReadAsync(await http.PostAsync(action ?? pageUrl, new FormUrlEncodedContent(fields)));
    }

    static async Task<Page> ReadAsync(HttpResponseMessage response)
    {
        using (response)
            return new Page(response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()),
                response.Headers.Location is { } l ? new Uri(new Uri("http://localhost"), l) : null);
    }
}
