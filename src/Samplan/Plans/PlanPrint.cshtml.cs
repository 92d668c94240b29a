using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samplan.Consent;
using Samplan.Domain.Plans;
using Samplan.Shared;

namespace Samplan.Plans;

/// <summary>
/// The whole plan (R4 a–i) as a clean A4 document to bring to a meeting. Printing is a read of
/// confidential data, so it goes through the gate as its own part and is audited as such.
/// </summary>
public sealed class PlanPrintModel(PlanGate gate, TimeProvider clock) : PageModel
{
    public IndividualPlan Plan { get; private set; } = null!;
    public PersonHeading Person { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public string PrintedAt { get; private set; } = "";
    public string PrintedBy { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(id, PlanPart.Print, ct);
        if (plan is null) return NotFound();
        // Coordinating-unit staff see only metadata; there is nothing of the plan for them to print.
        if (gate.Decide(plan, PlanAction.Read, PlanPart.Print).MetadataOnly) return NotFound();
        Plan = plan;
        Person = await gate.PersonHeadingAsync(plan, ct);
        Today = OsloTime.Today(clock);
        PrintedAt = OsloTime.Format(clock.GetUtcNow().UtcDateTime);
        PrintedBy = gate.User.DisplayName;
        return Page();
    }

    /// <summary>R8: the print shows only what the consent lets this reader see.</summary>
    public bool Sees(PlanPart part) => gate.Decide(Plan, PlanAction.Read, part).Allowed;

    public bool Sees(SubPlan subPlan) => gate.MaySee(Plan, IndividualPlan.KindOf(subPlan.Kind));

    public string ResponsibleFor(Measure m) =>
        m.ResponsibleParticipantId is { } id ? Plan.Participants.FirstOrDefault(p => p.Id == id)?.Name ?? "–" : m.ResponsibleOrganisationName ?? "–";

    public string? GoalText(Guid? goalId) => goalId is { } id ? Plan.Goals.FirstOrDefault(g => g.Id == id)?.Text : null;

    public static string Period(DateOnly? start, DateOnly? end) =>
        start is null && end is null ? "–" : $"{start?.ToString("dd.MM.yyyy") ?? "…"} – {end?.ToString("dd.MM.yyyy") ?? "…"}";
}
