using Microsoft.Playwright;

namespace Samplan.BrowserTests;

/// <summary>
/// Driving a page the way someone without a mouse does (WCAG 2.1.1): Tab moves the focus in the page's own order
/// until it reaches the element wanted; Enter follows a link or presses a button; Space ticks a box; typing fills
/// the focused field. Nothing is clicked, and a target Tab cannot reach fails the test.
/// </summary>
public static class Keyboard
{
    const int MaxTabs = 150;

    /// <summary>Tabs forward until <paramref name="target"/> has the focus; fails if it is never reached.</summary>
    public static async Task TabToAsync(IPage page, ILocator target)
    {
        await target.First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.First.EvaluateAsync<bool>("el => el === document.activeElement")) return;
        }
        await Axe.ScreenshotAsync(page, "keyboard");
        Assert.Fail($"Tab never reached {target} on {page.Url} (in {MaxTabs} presses).");
    }

    /// <summary>Tabs to a link or button and presses Enter.</summary>
    public static async Task ActivateAsync(IPage page, ILocator target)
    {
        await TabToAsync(page, target);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Tabs to a field and types into it (after selecting what is there).</summary>
    public static async Task TypeAsync(IPage page, ILocator field, string text)
    {
        await TabToAsync(page, field);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>Tabs to a check box or radio button and presses Space.</summary>
    public static async Task TickAsync(IPage page, ILocator box)
    {
        await TabToAsync(page, box);
        await page.Keyboard.PressAsync("Space");
    }

    /// <summary>The focus is visible where it is (WCAG 2.4.7): the focused element draws an outline.</summary>
    public static async Task AssertFocusVisibleAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>(
            "() => { const el = document.activeElement; if (!el || el === document.body) return false; const s = getComputedStyle(el); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }"),
            $"The focused element on {page.Url} shows no focus outline.");
}
