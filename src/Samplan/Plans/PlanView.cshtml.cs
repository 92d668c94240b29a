using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;

namespace Samplan.Plans;

/// <summary>The plan page: all of R4 on one readable page, the person's own words first.</summary>
public sealed class PlanViewModel(PlanGate gate, SamplanDb db) : PageModel
{
    public IndividualPlan Plan { get; private set; } = null!;
    public PersonHeading Person { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    /// <summary>A participant responsible for a measure may update it without editing the rest of the plan.</summary>
    public bool CanEditMeasures { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, PlanPart.Overview, ct);

    internal async Task<IActionResult> LoadAsync(Guid id, PlanPart part, CancellationToken ct)
    {
        // Issue 8: the page asks the database several small questions; on one connection opened for them all (closed with
        // the request's context) SQLite does not set up its functions again for each, nor the pool hand it out again.
        await db.Database.OpenConnectionAsync(ct);
        var plan = await gate.ReadSharedAsync(id, part, ct);
        if (plan is null) return NotFound();
        Plan = plan;
        // The person is read as part of the plan the user was just allowed to read (and audited above).
        Person = await gate.PersonHeadingAsync(plan, ct);
        Access = gate.Decide(plan, PlanAction.Read, part);
        CanEdit = gate.Decide(plan, PlanAction.Write, PlanPart.Overview).Allowed;
        if (CanEdit) MissingConsent = plan.MissingConsent(gate.Today);
        CanEditMeasures = gate.Decide(plan, PlanAction.Write, PlanPart.Measures).Allowed;
        Today = gate.Today;
        return Page();
    }

    /// <summary>The decision for the plan as a whole (metadata only for coordinating-unit staff, emergency access…).</summary>
    public AccessDecision Access { get; private set; } = null!;

    /// <summary>R3 re-consent: what the coordinator must still get consent for.</summary>
    public IReadOnlyList<string> MissingConsent { get; private set; } = [];

    public bool Sees(PlanPart part) => !Access.MetadataOnly && gate.Decide(Plan, PlanAction.Read, part).Allowed;

    public bool Sees(SubPlan subPlan) => gate.MaySee(Plan, IndividualPlan.KindOf(subPlan.Kind));

    public string ResponsibleFor(Measure m) =>
        m.ResponsibleParticipantId is { } id ? Plan.Participants.FirstOrDefault(p => p.Id == id)?.Name ?? "–" : m.ResponsibleOrganisationName ?? "–";

    public string? GoalText(Guid? goalId) => goalId is { } id ? Plan.Goals.FirstOrDefault(g => g.Id == id)?.Text : null;
}
