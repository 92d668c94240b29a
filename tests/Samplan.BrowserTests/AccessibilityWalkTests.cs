using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Samplan.BrowserTests;

/// <summary>
/// Universal design (WCAG 2.1 AA) across the app: each kind of user follows every link the app shows them, in
/// Bokmål, and again in Nynorsk or English (half of the kinds each); axe-core checks every page reached, and each page must reflow at 320 CSS pixels
/// (1.4.10) and at 640 (a 1280-pixel screen at 200 % zoom, 1.4.4) without scrolling sideways. The walk is then held
/// against the app's own route table, so a new page is either reached or named below with the reason.
/// </summary>
/// <remarks>One class per language, each with its own app and browser, so that xUnit runs the walks side by side (one
/// walk keeps about one core busy; in one class the three took seven minutes of CI one after the other).</remarks>
public abstract partial class AccessibilityWalkTests(BrowserApp app)
{
    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Id();

    /// <summary>Staff of each kind, the coordinating unit, the administrators, the person and a parent acting for a child.</summary>
    static readonly string[] Users = ["kari", "ola", "per", "hanne", "arne", "emma.mor", "admin", "personvern"];

    /// <summary>Routes the walk cannot reach as a page, each with why; everything else in the route table must be reached.</summary>
    static readonly Dictionary<string, string> NotPages = new()
    {
        ["/account/sign-out"] = "a form post, not a page",
        ["/language"] = "a form post that switches the language and goes back",
        ["/error"] = "shown only when something fails",
        ["/admin/audit/export"] = "a CSV download",
        ["/ke/dashboard/export"] = "a CSV download",
        ["/plans/{id}/meetings/{id}/calendar.ics"] = "a calendar file download",
        ["/notifications/{id}"] = "marks the notice read and goes on to the page it is about",
    };

    protected async Task WalkInAsync(string language)
    {
        var problems = new List<string>();
        var reached = new HashSet<string>();
        var checkedPages = 0;
        // Bokmål follows eight pages of each kind for their links and checks two, and holds the walk against the route
        // table; the translations share the markup, so they follow two and check one of each kind reached.
        var bokmal = language == "nb-NO";
        var checkOfAKind = bokmal ? 2 : 1;
        var followOfAKind = bokmal ? PagesOfAKind : 2;
        // Before sign-in: the sign-in page and the public service pages (K5).
        var anonymous = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = language, ViewportSize = Wide, BypassCSP = true });
        try
        {
            var page = await anonymous.NewPageAsync();
            checkedPages += await WalkAsync(page, "anonymous", ["/account/sign-in", .. await PublicPagesAsync(page)], problems, reached, checkOfAKind, followOfAKind);
        }
        finally
        {
            await anonymous.CloseAsync();
        }
        foreach (var user in UsersOf(language))
        {
            var page = await app.SignInAsync(user, language);
            try
            {
                // A parent of two chooses whom to act for first (S2); the button speaks the page's language.
                if (user == "emma.mor") await page.Locator("main form button", new() { HasText = "Emma Larsen" }).ClickAsync();
                checkedPages += await WalkAsync(page, user, ["/"], problems, reached, checkOfAKind, followOfAKind);
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }
        foreach (var route in PageRoutes().Where(r => bokmal && !NotPages.ContainsKey(r)))
            if (!reached.Any(kind => Matches(route, kind)))
                problems.Add($"{route}: no user reached it by a link — link it, or name it in NotPages with the reason");
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) in {language}:\n" + string.Join("\n", problems));
        // Bokmål checked 303 pages and each translation, with half the users, about 110 (December 2026).
        Assert.True(checkedPages > (bokmal ? 100 : 50), $"Only {checkedPages} pages were checked in {language}.");
        Console.WriteLine($"{language}: axe-core and reflow checked on {checkedPages} pages, {reached.Count} kinds");
    }

    /// <summary>
    /// Bokmål walks as every kind of user. The translations share the markup, so each walks as half of them and the two
    /// together as all (CI time: a walk in one language is two minutes on two cores).
    /// </summary>
    static IEnumerable<string> UsersOf(string language) => language switch
    {
        "nb-NO" => Users,
        "nn-NO" => Users.Where((_, i) => i % 2 == 0),
        _ => Users.Where((_, i) => i % 2 == 1),
    };

    /// <summary>Pages of one kind followed for their links, and how many of them axe-core and the reflow check look at.</summary>
    const int PagesOfAKind = 8;

    static readonly ViewportSize Wide = new() { Width = 1100, Height = 900 };

    /// <summary>Every Razor page's route, with route parameters written {id}.</summary>
    IEnumerable<string> PageRoutes() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
        .Select(e => "/" + Regex.Replace(e.RoutePattern.RawText ?? "", @"\{[^}]+\}", "{id}").TrimStart('/'))
        .Distinct();

    static bool Matches(string route, string kind) =>
        Regex.IsMatch(kind, "^" + Regex.Escape(route).Replace(@"\{id}", "[^/]+") + "$");

    static async Task<string[]> PublicPagesAsync(IPage page)
    {
        // The public page of each coordinating unit is linked from outside the app (the municipality's web site).
        await page.GotoAsync("/account/sign-in");
        var links = await page.EvalOnSelectorAllAsync<string[]>("a[href^='/tjenester/']", "as => as.map(a => a.getAttribute('href'))");
        return links.Length > 0 ? links : [];
    }

    /// <summary>Follows the user's links breadth-first, one page of each kind (ids and queries aside); returns how many pages axe checked.</summary>
    static async Task<int> WalkAsync(IPage page, string user, IEnumerable<string> start, List<string> problems, HashSet<string> reached,
        int checkOfAKind, int followOfAKind)
    {
        var seen = new HashSet<string>();
        // A few pages of each kind, not one: some links show only for some cases (a declined case's letter, a
        // person with a coordinator but no plan).
        var kinds = new Dictionary<string, int>();
        var checkedPages = 0;
        var queue = new Queue<string>(start);
        while (queue.Count > 0 && seen.Count < 400)
        {
            var path = queue.Dequeue();
            var kind = Id().Replace(path.Split('?')[0], "{id}");
            if (!seen.Add(path) || kinds.GetValueOrDefault(kind) == followOfAKind) continue;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            // Downloads (CSV, .ics) are not pages: ask first, with the same cookies, what comes back.
            var head = await page.Context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            if (head.Status >= 500) problems.Add($"{user}: {path} answered {head.Status}");
            // A route that sends the user on (a person's follow-up log to its appointment) is reached; so is where it goes.
            if (head.Status is >= 300 and < 400 && head.Headers.TryGetValue("location", out var location))
            {
                reached.Add(kind);
                var next = location.StartsWith('/') ? location : new Uri(location).PathAndQuery;
                if (!seen.Contains(next) && !queue.Contains(next)) queue.Enqueue(next);
                continue;
            }
            if (head.Status != 200 || !(head.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)))
                continue;
            await page.GotoAsync(path);
            reached.Add(kind);
            if (kinds[kind] <= checkOfAKind)
            {
                checkedPages++;
                var before = problems.Count;
                foreach (var v in await Axe.ViolationsAsync(page)) problems.Add($"{user}: {path}: {v}");
                foreach (var width in new[] { 320, 640 })
                {
                    await page.SetViewportSizeAsync(width, 800);
                    var overflow = await page.EvaluateAsync<string?>(Overflowing);
                    if (overflow is not null) problems.Add($"{user}: {path}: scrolls sideways at {width} px ({overflow})");
                }
                await page.SetViewportSizeAsync(Wide.Width, Wide.Height);
                if (problems.Count > before) await Axe.ScreenshotAsync(page, $"walk-{user}");
            }
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

    /// <summary>
    /// Null when the page fits the viewport's width; else the widest element that sticks out. Data tables may scroll
    /// inside their own box (WCAG 1.4.10 allows two-dimensional content to), the page itself may not.
    /// </summary>
    const string Overflowing = """
        () => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth + 1) return null;
          let worst = null, right = root.clientWidth;
          const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
              if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; return false; };
          for (const el of document.body.querySelectorAll('*')) {
            if (clipped(el)) continue;
            const r = el.getBoundingClientRect();
            if (r.right > right + 1) { right = r.right; worst = el; }
          }
          if (!worst) return 'document ' + root.scrollWidth + ' px';
          return worst.tagName.toLowerCase() + (worst.id ? '#' + worst.id : '') + (worst.className ? '.' + String(worst.className).split(' ').join('.') : '') + ' ' + Math.round(right) + ' px';
        }
        """;
}

public sealed class AccessibilityWalkInBokmal(BrowserApp app) : AccessibilityWalkTests(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Every_page_in_the_route_table_has_no_axe_violations_and_reflows() => WalkInAsync("nb-NO");
}

public sealed class AccessibilityWalkInNynorsk(BrowserApp app) : AccessibilityWalkTests(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Every_page_it_reaches_has_no_axe_violations_and_reflows() => WalkInAsync("nn-NO");
}

public sealed class AccessibilityWalkInEnglish(BrowserApp app) : AccessibilityWalkTests(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Every_page_it_reaches_has_no_axe_violations_and_reflows() => WalkInAsync("en-GB");
}
