using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.People;

public sealed class PersonalDetailsOnSqlite : PersonalDetailsTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

/// <summary>R8, S2, S4: a child's own views and competence assessments are for those who work with the person.</summary>
public abstract class PersonalDetailsTests : AppTests
{
    [Fact]
    public async Task Staff_outside_the_plan_do_not_see_the_childs_views_or_competence_assessments_R8()
    {
        await using var db = App.NewDb();
        var emma = await db.Persons.SingleAsync(p => p.Name == "Emma Larsen");
        var astrid = await db.Persons.SingleAsync(p => p.Name == "Astrid Solberg");
        var view = emma.ChildViews.First().Text;
        var assessment = astrid.CompetenceAssessments.First().Note!;
        var kari = await Browser.SignedInAsync(App, "kari");
        var tone = await Browser.SignedInAsync(App, "tone");

        var kariEmma = await kari.GetAsync($"/persons/{emma.Id}");
        var toneEmma = await tone.GetAsync($"/persons/{emma.Id}");
        var kariAstrid = await kari.GetAsync($"/persons/{astrid.Id}");
        var toneAstrid = await tone.GetAsync($"/persons/{astrid.Id}");

        Assert.Equal(HttpStatusCode.OK, toneEmma.Status);
        Assert.Contains(view, kariEmma.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(view, toneEmma.Html, StringComparison.Ordinal);
        Assert.Contains(assessment, kariAstrid.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(assessment, toneAstrid.Html, StringComparison.Ordinal);
    }
}
