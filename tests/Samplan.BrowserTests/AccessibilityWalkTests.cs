using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Samplan.BrowserTests;

/// <summary>
/// Universal design (WCAG 2.1 AA) across the app: each kind of user follows every link the app shows them, in
/// Bokmål, Nynorsk and English, and axe-core checks every page reached. Pages no link reaches are listed, so a
/// new page is either linked or named here with the reason.
/// </summary>
public sealed partial class AccessibilityWalkTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Id();

    static readonly string[] Users = ["kari", "ola", "per", "arne", "admin", "personvern"];

    [Theory]
    [InlineData("nb-NO")]
    [InlineData("nn-NO")]
    [InlineData("en-GB")]
    public async Task Every_page_a_user_can_reach_has_no_axe_violations(string language)
    {
        var problems = new List<string>();
        var checkedPages = 0;
        foreach (var user in Users)
        {
            var page = await app.SignInAsync(user, language);
            try
            {
                checkedPages += await WalkAsync(page, user, problems);
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) in {language}:\n" + string.Join("\n", problems));
        // The walk really walks: the users between them reach the app's pages, not just the start page.
        Assert.True(checkedPages > 100, $"Only {checkedPages} pages were checked in {language}.");
    }

    /// <summary>Follows the user's links breadth-first, one page of each kind (ids and queries aside); returns how many pages axe checked.</summary>
    static async Task<int> WalkAsync(IPage page, string user, List<string> problems)
    {
        var seen = new HashSet<string>();
        var kinds = new HashSet<string>();
        var checkedPages = 0;
        var queue = new Queue<string>(["/"]);
        while (queue.Count > 0 && seen.Count < 150)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path) || !kinds.Add(Id().Replace(path.Split('?')[0], "{id}"))) continue;
            // Downloads (CSV, .ics) are not pages: ask first, with the same cookies, what comes back.
            var head = await page.Context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            if (head.Status >= 500) problems.Add($"{user}: {path} answered {head.Status}");
            if (head.Status != 200 || !(head.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)))
                continue;
            await page.GotoAsync(path);
            checkedPages++;
            foreach (var v in await Axe.ViolationsAsync(page)) problems.Add($"{user}: {path}: {v}");
            var links = await page.EvalOnSelectorAllAsync<string[]>("a[href^='/']", "as => as.map(a => a.getAttribute('href'))");
            foreach (var link in links)
            {
                var target = link.Split('#')[0];
                if (target.Length == 0 || target.StartsWith("/account/sign-out", StringComparison.Ordinal) || target.StartsWith("/css/", StringComparison.Ordinal)) continue;
                if (!seen.Contains(target) && !queue.Contains(target)) queue.Enqueue(target);
            }
        }
        return checkedPages;
    }
}
