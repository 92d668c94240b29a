using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samplan.Consent;
using Samplan.Data;

namespace Samplan.Plans;

/// <summary>R5: the living plan's history — every saved version, who saved it, when, and what changed in words.</summary>
public sealed class PlanHistoryModel(PlanGate gate, SamplanDb db) : PageModel
{
    public Guid PlanId { get; private set; }
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<PlanRevision> Revisions { get; private set; } = [];

    /// <summary>Defaults for the compare form: the version before the latest, and the latest.</summary>
    public int DefaultFrom { get; private set; }
    public int DefaultTo { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(id, PlanPart.History, ct);
        if (plan is null) return NotFound();
        PlanId = plan.Id;
        // The person is part of the plan the user was just allowed to read (and audited above).
        PersonName = (await db.Persons.FindAsync([plan.PersonId], ct))?.Name ?? "";
        Revisions = await gate.RevisionsAsync(plan.Id, ct);
        DefaultTo = Revisions.Count > 0 ? Revisions[0].Version : 0;
        DefaultFrom = Revisions.Count > 1 ? Revisions[1].Version : DefaultTo;
        return Page();
    }
}
