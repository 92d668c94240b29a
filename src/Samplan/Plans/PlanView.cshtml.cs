using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
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

    /// <summary>
    /// Issue 8: the plan's content (<c>_PlanContent.cshtml</c>) as rendered for this reader, kept with the very plan instance
    /// (a kept plan never changes: a change brings a new instance, see <see cref="PlanCache"/>) under a key of everything
    /// else it shows. Access is decided and the read audited on every request as before; only rendering the same plan again
    /// for readers who see the same of it is saved.
    /// </summary>
    public async Task<IHtmlContent> ContentAsync(Func<Task<IHtmlContent>> render, HtmlEncoder encoder)
    {
        var kept = KeptContent.GetOrCreateValue(Plan);
        var key = new ContentKey(CultureInfo.CurrentUICulture.Name, Today, Person, Seen(), VisibleSubPlans(), CanEdit, CanEditMeasures,
            Access.Emergency, Access.MetadataOnly, gate.User.StaffMemberId is not null);
        if (kept.TryGetValue(key, out var html)) return html;
        // Written out now: the rendered buffer is the request's and goes back to its pool when the request ends.
        await using var writer = new StringWriter();
        (await render()).WriteTo(writer, encoder);
        return kept.GetOrAdd(key, new HtmlString(writer.ToString()));
    }

    /// <summary>
    /// Everything <c>_PlanContent.cshtml</c> shows besides the plan itself. Whatever else it comes to show must be added
    /// here, or one reader could be shown what was rendered for another.
    /// </summary>
    sealed record ContentKey(string Culture, DateOnly Today, PersonHeading Person, long Seen, string SubPlans, bool CanEdit,
        bool CanEditMeasures, bool Emergency, bool MetadataOnly, bool Staff);

    // Weak: the rendered content goes with the kept plan it was rendered from. A plan kept across midnight keeps the day before's
    // content too until it is replaced: a few copies at most.
    static readonly ConditionalWeakTable<IndividualPlan, ConcurrentDictionary<ContentKey, IHtmlContent>> KeptContent = [];

    long Seen() => Enum.GetValues<PlanPart>().Aggregate(0L, (mask, part) => Sees(part) ? mask | 1L << (int)part : mask);

    string VisibleSubPlans() => string.Concat(Plan.SubPlans.Select(s => Sees(s) ? '1' : '0'));

    public bool Sees(SubPlan subPlan) => gate.MaySee(Plan, IndividualPlan.KindOf(subPlan.Kind));

    public string ResponsibleFor(Measure m) =>
        m.ResponsibleParticipantId is { } id ? Plan.Participants.FirstOrDefault(p => p.Id == id)?.Name ?? "–" : m.ResponsibleOrganisationName ?? "–";

    public string? GoalText(Guid? goalId) => goalId is { } id ? Plan.Goals.FirstOrDefault(g => g.Id == id)?.Text : null;
}
