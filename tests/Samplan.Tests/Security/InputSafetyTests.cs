using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Security.SecurityTestSupport;

namespace Samplan.Tests.Security;

public sealed class InputSafetyOnSqlite : InputSafetyTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class InputSafetyOnPostgreSql(PostgresCluster cluster) : InputSafetyTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Bad input (ASVS 5.1.4, 5.3.3, 12.1.1, 13.1.3): a body over the 1 MB limit gets a clear 413 page and changes
/// nothing; user text is stored as written and shown HTML-encoded (Razor encodes every value; no view writes raw HTML),
/// so a script typed into the plan stays text.
/// </summary>
public abstract class InputSafetyTests : AppTests
{
    const string Attack = "<script>alert('x')</script><img src=x onerror=alert(1)>\"><svg onload=alert(2)>";

    async Task<(HttpClient Client, string Token, string Version, Guid PlanId)> OpenWhatMattersAsync()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        var client = Client(App);
        await SignInAsync(client, "kari");
        using var page = await client.GetAsync($"/plans/{planId}/what-matters");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var version = System.Text.RegularExpressions.Regex.Match(html, @"name=""Version""[^>]*value=""(\d+)""").Groups[1].Value;
        return (client, new Page(page.StatusCode, html, null).AntiforgeryToken, version, planId);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_a_clear_413_page_and_changes_nothing()
    {
        var (client, token, version, planId) = await OpenWhatMattersAsync();
        var before = await WhatMattersAsync(planId);
        var huge = new string('a', 1024 * 1024 + 1);

        using var response = await client.PostAsync($"/plans/{planId}/what-matters", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Version"] = version, ["OwnWords"] = huge,
        }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<h1>For mye innhold</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Gjør teksten kortere og prøv igjen.", html, StringComparison.Ordinal);
        Assert.Equal(before, await WhatMattersAsync(planId));
    }

    [Fact]
    public async Task A_body_under_the_limit_is_read_as_usual()
    {
        var (client, token, version, planId) = await OpenWhatMattersAsync();
        using var response = await client.PostAsync($"/plans/{planId}/what-matters", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Version"] = version, ["OwnWords"] = "Å sykle.", ["Padding"] = new string('p', 900_000),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Å sykle.", await WhatMattersAsync(planId));
    }

    [Fact]
    public async Task Script_typed_into_the_plan_is_stored_as_text_and_shown_encoded_never_as_markup()
    {
        var (client, token, version, planId) = await OpenWhatMattersAsync();
        using var saved = await client.PostAsync($"/plans/{planId}/what-matters", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Version"] = version, ["OwnWords"] = Attack,
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(Attack, await WhatMattersAsync(planId));

        foreach (var url in new[] { $"/plans/{planId}", $"/plans/{planId}/what-matters", $"/plans/{planId}/history", $"/plans/{planId}/print" })
        {
            using var page = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var raw = Encoding.UTF8.GetString(await page.Content.ReadAsByteArrayAsync());
            Assert.DoesNotContain("<script>alert", raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<svg onload", raw, StringComparison.OrdinalIgnoreCase);
            if (url.EndsWith("/what-matters", StringComparison.Ordinal) || url == $"/plans/{planId}")
                Assert.Contains("&lt;script&gt;alert(", raw, StringComparison.Ordinal);
        }
    }

    async Task<string?> WhatMattersAsync(Guid planId)
    {
        await using var db = App.NewDb();
        return await db.Plans.Where(p => p.Id == planId).Select(p => p.WhatMattersToPerson).SingleAsync();
    }
}
