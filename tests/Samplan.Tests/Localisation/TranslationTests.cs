using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Shared;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Localisation;

/// <summary>The Nynorsk and English resource files: every key once, and lowercase words in sentences translated.</summary>
public sealed class TranslationTests
{
    static string ResourceFile(string lang)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Samplan.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "src", "Samplan", "Shared", $"SharedResource.{lang}.resx");
    }

    [Theory]
    [InlineData("nn")]
    [InlineData("en")]
    public void No_key_is_given_twice_even_in_another_case(string lang)
    {
        // The resource build drops a second key that differs only in case, so its translation would silently vanish.
        var keys = XDocument.Load(ResourceFile(lang)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
        var twice = keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(twice.Count == 0, "Given twice: " + string.Join(", ", twice));
    }

    [Fact]
    public void A_lowercase_word_in_a_sentence_is_translated_from_its_capitalised_key()
    {
        using var app = SamplanFactory.OnSqlite();
        var localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("guardian", localizer.InSentence("verge"));
            Assert.Equal("the municipality", localizer.InSentence("kommunen"));
            CultureInfo.CurrentUICulture = new CultureInfo("nn");
            Assert.Equal("verje", localizer.InSentence("verge"));
            Assert.Equal("Verje", localizer.InSentence("Verge"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
