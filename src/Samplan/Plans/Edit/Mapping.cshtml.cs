using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Samplan.Consent;
using Samplan.Domain.Plans;

namespace Samplan.Plans.Edit;

/// <summary>R4 (a), L2: mapping with the person — what matters, resources, and needs in the four ICF areas.</summary>
public sealed class MappingModel(PlanGate gate) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Mapping;

    [BindProperty, StringLength(4000, ErrorMessage = "Teksten kan ha høyst 4000 tegn.")]
    public string? OwnWords { get; set; }
    [BindProperty] public IcfArea Area { get; set; }
    [BindProperty, StringLength(2000, ErrorMessage = "Beskrivelsen kan ha høyst 2000 tegn.")]
    public string? Description { get; set; }
    [BindProperty] public Guid ItemId { get; set; }

    protected override Task OnPlanLoadedAsync(CancellationToken ct)
    {
        if (Request.Method == "GET") OwnWords = Plan.WhatMattersToPerson;
        return Task.CompletedTask;
    }

    public Task<IActionResult> OnPostWhatMattersAsync(CancellationToken ct) =>
        ChangeAsync(p => p.DescribeWhatMatters(OwnWords), "«Hva er viktig for deg?» er lagret.", ct);

    public Task<IActionResult> OnPostAddNeedAsync(CancellationToken ct) =>
        ChangeAsync(p => p.AddNeed(Area, Description ?? ""), "Behovet er lagt til.", ct);

    public Task<IActionResult> OnPostRemoveNeedAsync(CancellationToken ct) =>
        ChangeAsync(p => p.RemoveNeed(ItemId), "Behovet er fjernet.", ct);

    public Task<IActionResult> OnPostAddResourceAsync(CancellationToken ct) =>
        ChangeAsync(p => p.AddResource(Description ?? ""), "Ressursen er lagt til.", ct);

    public Task<IActionResult> OnPostRemoveResourceAsync(CancellationToken ct) =>
        ChangeAsync(p => p.RemoveResource(ItemId), "Ressursen er fjernet.", ct);
}
