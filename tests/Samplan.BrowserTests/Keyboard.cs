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
    public static async Task TabToAsync(IPage page, ILocator target, bool anyOf = false)
    {
        await target.First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (anyOf ? await target.EvaluateAllAsync<bool>("els => els.includes(document.activeElement)") : await IsFocusedAsync(target)) return;
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

    /// <summary>
    /// Tabs to a check box and presses Space; for a radio button, Tabs into its group (one Tab stop) and moves with
    /// the arrow keys to it, as the browser's own radio groups work.
    /// </summary>
    public static async Task TickAsync(IPage page, ILocator box)
    {
        if (await box.First.GetAttributeAsync("type") == "radio")
        {
            var group = await box.First.GetAttributeAsync("name");
            await TabToAsync(page, page.Locator($"input[type=radio][name='{group}']"), anyOf: true);
            for (var i = 0; i < 30 && !await IsFocusedAsync(box); i++) await page.Keyboard.PressAsync("ArrowDown");
            Assert.True(await IsFocusedAsync(box), $"The arrow keys never reached {box} on {page.Url}.");
        }
        else
        {
            await TabToAsync(page, box);
        }
        await page.Keyboard.PressAsync("Space");
    }

    static Task<bool> IsFocusedAsync(ILocator target) => target.First.EvaluateAsync<bool>("el => el === document.activeElement");

    /// <summary>The focus is visible where it is (WCAG 2.4.7): the focused element draws an outline.</summary>
    public static async Task AssertFocusVisibleAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>(
            "() => { const el = document.activeElement; if (!el || el === document.body) return false; const s = getComputedStyle(el); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }"),
            $"The focused element on {page.Url} shows no focus outline.");
}
