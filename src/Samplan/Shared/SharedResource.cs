using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Samplan.Shared;

/// <summary>Marker for the shared resource files (SharedResource.en.resx, .nn.resx). Keys are the Bokmål text.</summary>
public sealed class SharedResource;

public static class LocalizerExtensions
{
    /// <summary>
    /// A word inside a sentence ("verge", "kommunen"). Resource names are case-insensitive when a .resx file is
    /// built, so "Verge" and "verge" cannot both be keys: the lowercase word is found by its capitalised key and
    /// lowered again in the reader's language.
    /// </summary>
    public static string InSentence(this IStringLocalizer localizer, string key)
    {
        var found = localizer[key];
        if (!found.ResourceNotFound || key.Length == 0 || !char.IsLower(key[0])) return found.Value;
        var capitalised = localizer[char.ToUpper(key[0], CultureInfo.InvariantCulture) + key[1..]];
        return capitalised.ResourceNotFound || capitalised.Value.Length == 0 ? key
            : char.ToLower(capitalised.Value[0], CultureInfo.CurrentUICulture) + capitalised.Value[1..];
    }
}
