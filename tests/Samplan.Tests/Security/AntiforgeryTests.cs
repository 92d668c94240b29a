using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Security.SecurityTestSupport;

namespace Samplan.Tests.Security;

public sealed class AntiforgeryOnSqlite : AntiforgeryTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class AntiforgeryOnPostgreSql(PostgresCluster cluster) : AntiforgeryTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Anti-forgery on every form (ASVS 4.2.2, 13.2.3): every page route that accepts a POST, found in the app's own
/// endpoint data source (a new form cannot escape), refuses a POST without the token with 400 — posted by users who
/// could otherwise post (the POST with the token is not refused as a forgery), and by anonymous visitors on the sign-in page.
/// </summary>
public abstract partial class AntiforgeryTests : AppTests
{
    /// <summary>The error page is re-executed for failed POSTs too, so it must not ask for a token; it changes nothing.</summary>
    static readonly HashSet<string> Exempt = ["error"];

    sealed record PostRoute(string Template, string? Handler);

    async Task<List<PostRoute>> PostRoutesAsync()
    {
        var loader = App.Services.GetRequiredService<PageLoader>();
        var routes = new List<PostRoute>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page) continue;
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)))
                routes.Add(new PostRoute((endpoint.RoutePattern.RawText ?? "").Trim('/'), handler.Name));
        }
        return routes.DistinctBy(r => (r.Template, r.Handler)).ToList();
    }

    /// <summary>A URL for the template: route values filled with a fresh id (the token is checked before any page work).</summary>
    static string UrlOf(PostRoute route) =>
        "/" + RouteParameter().Replace(route.Template, m => m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "x")
        + (route.Handler is { } h ? $"?handler={h}" : "");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task Every_post_route_refuses_a_post_without_the_antiforgery_token_with_400()
    {
        var routes = await PostRoutesAsync();
        Assert.True(routes.Count > 30, $"only {routes.Count} POST routes found");
        // Users who together may post everywhere: a coordinator, a coordinating-unit member, the administrator,
        // the privacy officer and a citizen; each route is tried by the first one authorisation lets through.
        var users = new List<(string Name, HttpClient Client, string Token)>();
        foreach (var name in new[] { "kari", "admin", "personvern", "arne" })
        {
            var client = Client(App);
            Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, name)).StatusCode);
            users.Add((name, client, await TokenAsync(client, "/notifications")));
        }

        var problems = new List<string>();
        var tested = 0;
        // Signing out (with the token) ends kari's session: last.
        foreach (var route in routes.Where(r => !Exempt.Contains(r.Template)).OrderBy(r => r.Template == "account/sign-out"))
        {
            var url = UrlOf(route);
            var tried = false;
            foreach (var (name, client, token) in users)
            {
                using var without = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>()));
                // Authorisation runs first: a user it refuses could not post here anyway; try the next one.
                if (without.StatusCode is HttpStatusCode.Forbidden || without.Headers.Location?.OriginalString.Contains("/account/sign-in", StringComparison.Ordinal) == true)
                    continue;
                tried = true;
                tested++;
                if (without.StatusCode != HttpStatusCode.BadRequest)
                    problems.Add($"{name} POST {url} without token: {(int)without.StatusCode}, expected 400");
                using var withToken = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
                if (withToken.StatusCode == HttpStatusCode.BadRequest)
                    problems.Add($"{name} POST {url} WITH the token was refused with 400 too, so this test proves nothing there");
                break;
            }
            if (!tried) problems.Add($"POST {url}: no test user may post here; add one who may");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) in {routes.Count} POST routes:\n" + string.Join("\n", problems));
        Assert.Equal(routes.Count(r => !Exempt.Contains(r.Template)), tested);
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_the_token_and_signs_no_one_in()
    {
        var client = Client(App);
        using var forged = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "kari", ["Password"] = Shared.DemoData.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(SetCookie(forged, "samplan"));
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }
}
