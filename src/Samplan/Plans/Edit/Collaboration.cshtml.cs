using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Samplan.Consent;
using Samplan.Domain.Plans;

namespace Samplan.Plans.Edit;

/// <summary>R4 (i) collaboration with other agencies, and R6 sub-plans linked from the plan.</summary>
public sealed class CollaborationModel(PlanGate gate) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Collaboration;

    [BindProperty, StringLength(200, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] public string? Agency { get; set; }
    [BindProperty, StringLength(2000, ErrorMessage = "Beskrivelsen kan ha høyst 2000 tegn.")] public string? Purpose { get; set; }
    [BindProperty] public SubPlanKind Kind { get; set; }
    [BindProperty, StringLength(300, ErrorMessage = "Tittelen kan ha høyst 300 tegn.")] public string? Title { get; set; }
    [BindProperty, StringLength(1000, ErrorMessage = "Lenken kan ha høyst 1000 tegn.")] public string? Link { get; set; }
    [BindProperty, StringLength(200, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] public string? HeldBy { get; set; }
    [BindProperty] public Guid ItemId { get; set; }

    public Task<IActionResult> OnPostAddCollaborationAsync(CancellationToken ct) =>
        ChangeAsync(p => p.AddCollaboration(Agency ?? "", Purpose ?? ""), "Samarbeidet er lagt til.", ct);

    public Task<IActionResult> OnPostRemoveCollaborationAsync(CancellationToken ct) =>
        ChangeAsync(p => p.RemoveCollaboration(ItemId), "Samarbeidet er fjernet.", ct);

    public Task<IActionResult> OnPostAddSubPlanAsync(CancellationToken ct) =>
        ChangeAsync(p => p.AddSubPlan(Kind, Title ?? "", string.IsNullOrWhiteSpace(Link) ? null : Link.Trim(), HeldBy), "Delplanen er lagt til.", ct);

    public Task<IActionResult> OnPostRemoveSubPlanAsync(CancellationToken ct) =>
        ChangeAsync(p => p.RemoveSubPlan(ItemId), "Delplanen er fjernet.", ct);
}
