using Microsoft.AspNetCore.Mvc.ModelBinding;
using Samplan.Domain.Shared;

namespace Samplan.Shared;

public static class DomainErrors
{
    /// <summary>Shows a refused rule as a form error the user can act on, with its rule id for support.</summary>
    public static void Add(ModelStateDictionary modelState, DomainRuleException e) =>
        modelState.AddModelError(string.Empty, $"{e.Message} ({e.Rule})");
}
