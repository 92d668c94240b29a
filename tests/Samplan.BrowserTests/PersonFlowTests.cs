using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samplan.BrowserTests;

/// <summary>
/// In a real browser, the person's own flow (R12, S5, R8): Arne signs in, reads his plan with what matters to him
/// first, adds a goal in his own words and takes his GP out of the consent — after which she no longer sees the
/// plan. axe-core checks every page on the way.
/// </summary>
public sealed class PersonFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    const string OwnGoal = "Gå alene til postkassen hver dag innen jul";

    [Fact]
    public async Task Arne_reads_his_plan_adds_his_own_goal_and_takes_his_GP_out_of_the_consent_R12_S5_R8()
    {
        var ingrid = await app.SignInAsync("ingrid");
        var arne = await app.SignInAsync("arne");
        try
        {
            // Before: the GP, covered by the consent, has the plan among hers.
            var planLink = ingrid.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Arne Johansen" });
            await Expect(planLink).ToBeVisibleAsync();
            var planUrl = await planLink.GetAttributeAsync("href");

            // The person lands on his own plan, in plain language, what matters to him first.
            await Expect(arne).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my/plan$"));
            var headings = await arne.Locator("main h2").AllInnerTextsAsync();
            Assert.Equal("Det som er viktig for meg", headings[0]);
            Assert.Contains("Målene mine", headings);
            await Expect(arne.Locator("main")).ToContainTextAsync("Koordinatoren din");
            await Axe.AssertNoViolationsAsync(arne);

            // His own goal, in his own words.
            await arne.GetByRole(AriaRole.Link, new() { Name = "Legg til eller endre dine egne mål" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(arne);
            await arne.GetByLabel("Hva vil du få til?").FillAsync(OwnGoal);
            await arne.GetByRole(AriaRole.Button, new() { Name = "Legg til målet" }).ClickAsync();
            await Expect(arne.Locator("main")).ToContainTextAsync(OwnGoal);
            await Axe.AssertNoViolationsAsync(arne);
            await arne.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Min plan" }).ClickAsync();
            await Expect(arne.Locator("main")).ToContainTextAsync(OwnGoal);

            // He takes the GP out of the consent; the consequences come first, and nothing changes before he confirms.
            await arne.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Samtykke" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(arne);
            await arne.GetByRole(AriaRole.Link, new() { Name = "Snevre inn eller trekke tilbake dette samtykket" }).First.ClickAsync();
            await Axe.AssertNoViolationsAsync(arne);
            await arne.GetByLabel("Del ikke lenger med Ingrid Berg").CheckAsync();
            await arne.GetByRole(AriaRole.Button, new() { Name = "Se hva endringen betyr" }).ClickAsync();
            await Expect(arne.Locator("main")).ToContainTextAsync("Ingrid Berg");
            await Expect(arne.Locator("main")).ToContainTextAsync("vil ikke lenger se planen");
            await Axe.AssertNoViolationsAsync(arne);
            await ingrid.GotoAsync(planUrl!);
            await Expect(ingrid.GetByRole(AriaRole.Heading, new() { Name = "Individuell plan for Arne Johansen" })).ToBeVisibleAsync();

            await arne.GetByRole(AriaRole.Button, new() { Name = "Bekreft: snevre inn samtykket" }).ClickAsync();
            await Expect(arne.Locator("main")).ToContainTextAsync("Mitt samtykke");
            await Axe.AssertNoViolationsAsync(arne);

            // After: the GP sees nothing of it — not in her list, not by its address (R8).
            var gone = await ingrid.GotoAsync(planUrl!);
            Assert.Equal(404, gone!.Status);
            await ingrid.GotoAsync("/");
            await Expect(ingrid.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Arne Johansen" })).ToHaveCountAsync(0);
            await Axe.AssertNoViolationsAsync(ingrid);
        }
        catch
        {
            await Axe.ScreenshotAsync(arne, "failed-arne");
            await Axe.ScreenshotAsync(ingrid, "failed-ingrid");
            throw;
        }
        finally
        {
            await arne.Context.CloseAsync();
            await ingrid.Context.CloseAsync();
        }
    }
}

/// <summary>
/// The same flow without a mouse (WCAG 2.1.1, 2.4.3, 2.4.7): sign in, read the plan, add a goal and take a
/// participant out of the consent with Tab, Enter, Space and typing only — the focus visible on every stop.
/// </summary>
public sealed class KeyboardOnlyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_person_completes_the_flow_with_the_keyboard_only()
    {
        // BypassCSP only so axe-core can be injected; the app's own pages run under the strict policy (see BrowserApp).
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "nb-NO", BypassCSP = true });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/account/sign-in");
            // The skip link is the first stop, and it takes the focus to the main content.
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("#main", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));
            await Keyboard.AssertFocusVisibleAsync(page);
            await Keyboard.TypeAsync(page, page.Locator("#UserName"), "arne");
            await Keyboard.AssertFocusVisibleAsync(page);
            await Keyboard.TypeAsync(page, page.Locator("#Password"), Samplan.Shared.DemoData.Password);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.EndsWith("/my/plan", StringComparison.Ordinal));

            await Keyboard.ActivateAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Legg til eller endre dine egne mål" }));
            await page.WaitForURLAsync(url => url.EndsWith("/my/plan/goals", StringComparison.Ordinal));
            await Keyboard.TypeAsync(page, page.GetByLabel("Hva vil du få til?"), "Lage middag selv to dager i uka");
            await Keyboard.AssertFocusVisibleAsync(page);
            await Keyboard.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Legg til målet" }));
            await Expect(page.Locator("main")).ToContainTextAsync("Lage middag selv to dager i uka");

            await Keyboard.ActivateAsync(page, page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Samtykke" }));
            await page.WaitForURLAsync(url => url.EndsWith("/my/consent", StringComparison.Ordinal));
            await Keyboard.ActivateAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Snevre inn eller trekke tilbake dette samtykket" }));
            await page.WaitForURLAsync(url => url.EndsWith("/change", StringComparison.Ordinal));
            // Radio buttons are one Tab stop; Space picks the one with the focus.
            await Keyboard.TickAsync(page, page.GetByLabel("Del ikke lenger med Ola Hansen"));
            await Expect(page.GetByLabel("Del ikke lenger med Ola Hansen")).ToBeCheckedAsync();
            await Keyboard.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Se hva endringen betyr" }));
            await Expect(page.Locator("main")).ToContainTextAsync("vil ikke lenger se planen");
            await Keyboard.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Bekreft: snevre inn samtykket" }));
            await Expect(page.Locator("main")).ToContainTextAsync("Mitt samtykke");
            await Axe.AssertNoViolationsAsync(page);
        }
        catch
        {
            await Axe.ScreenshotAsync(page, "failed-keyboard");
            throw;
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
