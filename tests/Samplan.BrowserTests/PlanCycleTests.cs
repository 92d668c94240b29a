using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samplan.BrowserTests;

/// <summary>
/// R5 in a real browser, as a coordinator works: summon the responsibility group, write the minutes and make a
/// decision a measure, evaluate with the person's own words, read the history — axe-core on every page on the way.
/// </summary>
public sealed class PlanCycleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    const string Goal = "Klare personlig hygiene selv";
    const string NewMeasure = "Trening på å dusje med krakk";
    const string OwnWords = "Jeg klarer dusjen selv nå, og vil heller trene på å lage middag.";

    [Fact]
    public async Task A_coordinator_summons_writes_minutes_evaluates_and_sees_the_history_R5_R12()
    {
        var kari = await app.SignInAsync("kari");
        IPage? later = null;
        try
        {
            await kari.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Mine planer" }).ClickAsync();
            await kari.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Arne Johansen" }).First.ClickAsync();
            var planUrl = kari.Url;
            await Axe.AssertNoViolationsAsync(kari);

            // Summons, tomorrow in Norwegian time.
            await kari.GetByRole(AriaRole.Link, new() { Name = "Kall inn til møte" }).First.ClickAsync();
            await Axe.AssertNoViolationsAsync(kari);
            var tomorrow = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(1);
            await kari.GetByLabel("Dagsorden").FillAsync("Hvordan går det med dusjen? Hva er neste mål?");
            await kari.GetByLabel("Dato", new() { Exact = true }).FillAsync(tomorrow.ToString("yyyy-MM-dd"));
            await kari.GetByLabel("Begynner (norsk tid)").FillAsync("10:00");
            await kari.GetByLabel("Slutter (norsk tid)").FillAsync("11:00");
            await kari.GetByLabel("Møtested").FillAsync("Bjørkvik helsehus");
            await kari.GetByLabel("Ola Hansen").CheckAsync();
            await kari.GetByRole(AriaRole.Button, new() { Name = "Send innkalling" }).ClickAsync();
            await Expect(kari.GetByRole(AriaRole.Heading, new() { Name = "Møte i ansvarsgruppe", Exact = true })).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(kari);
            var meetingUrl = kari.Url;

            // Two days later: the minutes, and the decision made a measure.
            app.Clock.Advance(TimeSpan.FromDays(2));
            later = await app.SignInAsync("kari");
            await later.GotoAsync(meetingUrl);
            await later.GetByRole(AriaRole.Link, new() { Name = "Referat" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(later);
            await later.GetByLabel("Ola Hansen").SelectOptionAsync(new SelectOptionValue { Label = "Til stede" });
            await later.GetByLabel("Personens egne ord").FillAsync("Jeg vil klare å dusje uten at noen er til stede.");
            await later.GetByLabel("Referat", new() { Exact = true }).FillAsync("Gikk gjennom hverdagsrehabiliteringen.");
            await later.GetByRole(AriaRole.Button, new() { Name = "Lagre referatet" }).ClickAsync();
            await later.GetByLabel("Nytt vedtak").FillAsync(NewMeasure);
            await later.GetByRole(AriaRole.Button, new() { Name = "Før vedtaket" }).ClickAsync();
            await later.GetByText("Gjør til tiltak i planen").ClickAsync();
            await later.GetByLabel("Omfang (hvor mye og hvor ofte)").FillAsync("2 ganger i uka i 4 uker");
            await later.GetByLabel("Ansvarlig").SelectOptionAsync(new SelectOptionValue { Label = "Ola Hansen" });
            await later.GetByRole(AriaRole.Button, new() { Name = "Legg til som tiltak" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(later);

            // The evaluation: the goal achieved, in the person's own words.
            await later.GotoAsync(planUrl);
            await Expect(later.Locator("main")).ToContainTextAsync(NewMeasure);
            await later.GetByRole(AriaRole.Link, new() { Name = "Evalueringer" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(later);
            await later.GetByRole(AriaRole.Link, new() { Name = "Start evalueringen" }).ClickAsync();
            await Axe.AssertNoViolationsAsync(later);
            var goal = later.Locator("fieldset").Filter(new() { HasText = Goal }).First;
            await goal.GetByLabel("Nådd", new() { Exact = true }).CheckAsync();
            await goal.GetByText("Avtalt endring av målet").ClickAsync();
            await goal.GetByLabel("Ny status").SelectOptionAsync(new SelectOptionValue { Label = "Nådd" });
            await later.GetByLabel("Hvordan er tjenestene gitt?").FillAsync("Tjenestene er gitt som avtalt.");
            await later.GetByLabel("Ja", new() { Exact = true }).CheckAsync();
            await later.GetByLabel("Med personens egne ord").FillAsync(OwnWords);
            await later.GetByLabel("Dato for neste evaluering").FillAsync(tomorrow.AddMonths(3).ToString("yyyy-MM-dd"));
            await later.GetByRole(AriaRole.Button, new() { Name = "Fullfør evalueringen" }).ClickAsync();
            await Expect(later.Locator("main")).ToContainTextAsync(OwnWords);
            await Axe.AssertNoViolationsAsync(later);

            // The history names where each change was agreed.
            await later.GotoAsync(planUrl);
            await later.GetByRole(AriaRole.Link, new() { Name = "Historikk" }).ClickAsync();
            var history = later.Locator("main");
            await Expect(history).ToContainTextAsync($"Møte i ansvarsgruppen {tomorrow:dd.MM.yyyy}: Tiltak lagt til: {NewMeasure}");
            await Expect(history).ToContainTextAsync($"Mål endret: {Goal}");
            await Axe.AssertNoViolationsAsync(later);
        }
        catch
        {
            await Axe.ScreenshotAsync(later ?? kari, "failed-cycle");
            throw;
        }
        finally
        {
            await kari.Context.CloseAsync();
            if (later is not null) await later.Context.CloseAsync();
        }
    }
}
