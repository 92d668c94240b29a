using System.Text.Json;
using Microsoft.Playwright;

namespace Samplan.BrowserTests;

/// <summary>
/// Universal design (WCAG 2.1 AA): runs axe-core (from npm, node_modules beside the project) on the page as it
/// stands and fails with every violation listed. A failing page is saved as a screenshot in TestResults.
/// </summary>
public static class Axe
{
    static readonly Lazy<string> Script = new(() => File.ReadAllText(Path.Combine(ProjectDirectory(), "node_modules", "axe-core", "axe.min.js")));

    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await ViolationsAsync(page);
        if (violations.Count > 0) await ScreenshotAsync(page, "axe");
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
    }

    /// <summary>The WCAG 2.0/2.1 A and AA violations axe-core finds, one line each.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Content = Script.Value });
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
            }
            """);
        return [.. json.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>Saved under TestResults/screenshots, which CI keeps as test artefacts.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(ProjectDirectory(), "..", "..", "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        var file = $"{DateTime.UtcNow:HHmmss}-{name}-{new Uri(page.Url).AbsolutePath.Trim('/').Replace('/', '_')}.png";
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, file), FullPage = true });
    }

    static string ProjectDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Samplan.BrowserTests.csproj"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Samplan.BrowserTests.csproj not found above " + AppContext.BaseDirectory);
    }
}
