using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Samplan.Consent;

namespace Samplan.Plans.Edit;

/// <summary>«Hva er viktig for deg?» — the person's own words, written with them.</summary>
public sealed class WhatMattersModel(PlanGate gate) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.WhatMatters;

    [BindProperty, StringLength(4000, ErrorMessage = "Teksten kan ha høyst 4000 tegn.")]
    public string? OwnWords { get; set; }

    protected override Task OnPlanLoadedAsync(CancellationToken ct)
    {
        if (Request.Method == "GET") OwnWords = Plan.WhatMattersToPerson;
        return Task.CompletedTask;
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(p => p.DescribeWhatMatters(OwnWords), "«Hva er viktig for deg?» er lagret.", ct);
}
