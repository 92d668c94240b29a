using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samplan.BrowserTests;

/// <summary>In a real browser: the coordinating unit takes an inbox item to a started plan, every page checked by axe-core.</summary>
public sealed class CoordinatorFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_hospital_nurses_notification_becomes_a_started_plan_K8_N1_N2_R3()
    {
        // The hospital notifies the municipal coordinating unit from the person's page (N1, K8).
        var per = await app.SignInAsync("per");
        var kari = await app.SignInAsync("kari");
        try
        {
            await per.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Finn person" }).ClickAsync();
            await per.GetByLabel("Navn eller fødselsnummer (11 sifre)").FillAsync("Knut");
            await per.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Søk" }).ClickAsync();
            await per.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Knut Holm" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(per);
            await per.GetByRole(AriaRole.Link, new() { Name = "Meld behov til koordinerende enhet" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(per);
            await per.GetByLabel("Til koordinerende enhet").SelectOptionAsync(new SelectOptionValue { Label = "Koordinerende enhet Bjørkvik (Bjørkvik kommune)" });
            await per.GetByLabel("Behov", new() { Exact = true }).FillAsync("Utskrivningsklar etter hjerneslag, trenger koordinerte tjenester hjemme");
            await per.GetByLabel("Pasienten er").SelectOptionAsync(new SelectOptionValue { Label = "Utskrivningsklar" });
            await per.GetByLabel("Personen er spurt").CheckAsync();
            await per.GetByLabel("Personen ønsker en vurdering").CheckAsync();
            await per.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Send melding" }).ClickAsync();
            await Expect(per.GetByRole(AriaRole.Heading, new() { Name = "Knut Holm" })).ToBeVisibleAsync();

            // The municipal coordinating unit finds it in its inbox, assesses it and starts the plan.
            await kari.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Innboks (KE)" }).ClickAsync();
            await Expect(kari.GetByRole(AriaRole.Heading, new() { Name = "Innboks for koordinerende enhet" })).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(kari);
            var row = kari.GetByRole(AriaRole.Row).Filter(new() { HasText = "Knut Holm" });
            await Expect(row).ToContainTextAsync("Utskrivningsklar");
            await row.GetByRole(AriaRole.Link, new() { Name = "Knut Holm" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(kari);
            await kari.GetByRole(AriaRole.Button, new() { Name = "Ta saken til vurdering" }).ClickAsync();
            await kari.GetByRole(AriaRole.Button, new() { Name = "Utfall: start individuell plan" }).ClickAsync();

            // The plan wizard takes over: consent first (R3).
            await Expect(kari.GetByRole(AriaRole.Heading, new() { Name = "Start individuell plan for Knut Holm" })).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(kari);
            await kari.GetByLabel("Samtykket dekker å starte arbeidet med individuell plan og å oppnevne koordinator").CheckAsync();
            await kari.GetByLabel("Samtykket dekker informasjonsutvekslingen planarbeidet trenger").CheckAsync();
            await kari.GetByRole(AriaRole.Button, new() { Name = "Registrer samtykke og start planarbeidet" }).ClickAsync();

            await kari.WaitForURLAsync(url => url.Contains("/plans/", StringComparison.Ordinal) && !url.Contains("/plans/start", StringComparison.Ordinal));
            await Expect(kari.GetByRole(AriaRole.Heading, new() { Name = "Koordinator – Knut Holm" })).ToBeVisibleAsync();
            await Expect(kari.Locator("main")).ToContainTextAsync("Planarbeidet er startet");
            await Axe.AssertNoViolationsAsync(kari);
        }
        catch
        {
            await Axe.ScreenshotAsync(per, "failed-per");
            await Axe.ScreenshotAsync(kari, "failed-kari");
            throw;
        }
        finally
        {
            await per.Context.CloseAsync();
            await kari.Context.CloseAsync();
        }
    }
}

/// <summary>The accessibility check is not vacuous: axe-core does find what is wrong.</summary>
public sealed class AxeTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Axe_core_reports_an_image_without_text_and_a_field_without_label()
    {
        var page = await app.Browser.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html lang=\"nb\"><head><title>t</title></head><body><main><img src=\"x.png\"><input type=\"text\"></main></body></html>");
        var violations = await Axe.ViolationsAsync(page);
        Assert.Contains(violations, v => v.StartsWith("image-alt", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("label", StringComparison.Ordinal));
        await page.CloseAsync();
    }
}
