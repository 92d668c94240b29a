using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Samplan.Shared;

[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> l) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet([FromQuery] int? code) => Describe(code ?? 500);
    // From the query only: the body of a refused POST (e.g. too large, 413) is never read.
    public void OnPost([FromQuery] int? code) => Describe(code ?? 500);

    void Describe(int code)
    {
        // A page the user may not see is "not found": we do not confirm that it exists.
        (Title, Message) = code switch
        {
            404 => (l["Fant ikke siden"], l["Siden finnes ikke, eller du har ikke tilgang til den."]),
            403 => (l["Ingen tilgang"], l["Du har ikke tilgang til å gjøre dette. Kontakt koordinator for planen hvis du mener du skal ha tilgang."]),
            400 => (l["Ugyldig forespørsel"], l["Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen."]),
            413 => (l["For mye innhold"], l["Det du sendte er for stort til å tas imot. Gjør teksten kortere og prøv igjen."]),
            429 => (l["For mange forsøk"], l["Du har prøvd for mange ganger på kort tid. Vent et minutt og prøv igjen."]),
            _ => (l["Noe gikk galt"], l["Det oppstod en feil hos oss. Ingenting er lagret halvveis. Prøv igjen om litt."]),
        };
    }
}
