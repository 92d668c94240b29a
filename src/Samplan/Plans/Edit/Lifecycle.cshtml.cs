using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Samplan.Consent;

namespace Samplan.Plans.Edit;

/// <summary>Taking the plan into use (R3, C2) and closing it with the decision and reasons (R10).</summary>
public sealed class LifecycleModel(PlanGate gate, TimeProvider clock) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Lifecycle;

    [BindProperty, StringLength(4000, ErrorMessage = "Begrunnelsen kan ha høyst 4000 tegn.")]
    public string? Reason { get; set; }
    [BindProperty] public bool AgreedWithPerson { get; set; }

    public Task<IActionResult> OnPostActivateAsync(CancellationToken ct) =>
        ChangeAsync(p => p.Activate(Gate.Today, clock.GetUtcNow().UtcDateTime), "Planen er tatt i bruk.", ct);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) =>
        ChangeAsync(p => p.Close(Reason ?? "", AgreedWithPerson, clock.GetUtcNow().UtcDateTime), "Planen er avsluttet.", ct);

    protected override string AfterSaveUrl() => $"/plans/{Id}";
}
