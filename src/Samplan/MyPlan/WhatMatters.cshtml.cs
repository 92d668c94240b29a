using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Plans;

namespace Samplan.MyPlan;

/// <summary>R12, R4 (a): «Hva er viktig for meg?» in the person's own words, written by themself (or their representative).</summary>
public sealed class WhatMattersModel(PlanGate gate, SamplanDb db, AuditLog audit) : MyPlanPageModel(gate, db, audit)
{
    [BindProperty, StringLength(4000, ErrorMessage = "Teksten kan ha høyst 4000 tegn.")]
    public string? OwnWords { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadPlanAsync(PlanPart.WhatMatters, ct)) return NotFound();
        OwnWords = Plan!.WhatMattersToPerson;
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(PlanPart.WhatMatters, p => { p.DescribeWhatMatters(OwnWords); return null; },
            "Det du skrev, er lagret i planen.", _ => Task.FromResult<IActionResult>(Page()), ct);
}
