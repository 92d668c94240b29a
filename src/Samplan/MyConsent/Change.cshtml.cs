using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Messages;
using Samplan.Notifications;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.MyConsent;

/// <summary>
/// S5: the person (or whoever may consent for them today, S1–S4) narrows a consent — one participant, one organisation
/// or one kind of information out — or withdraws it wholly. A confirmation step first says what it will mean (who no
/// longer sees what, that the coordinator is told, that the exchange stops and a new consent is needed, R3, and that
/// what is already shared cannot be taken back); nothing changes until it is confirmed. Anyone else is refused (403).
/// </summary>
public sealed class ChangeConsentModel(PlanGate gate, SamplanDb db, Notifier notifier) : PageModel
{
    public const string All = "all";

    [BindProperty(SupportsGet = true)] public Guid ConsentId { get; set; }
    /// <summary>What to take out: <c>all</c>, <c>participant:{id}</c>, <c>organisation:{id}</c> or <c>kind:{InformationKind}</c>.</summary>
    [BindProperty(SupportsGet = true)] public string? What { get; set; }
    [BindProperty] public int Version { get; set; }

    public IndividualPlan Plan { get; private set; } = null!;
    public PlanConsent Consent { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public ConsentText Text { get; private set; } = null!;
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;
    public bool Refused { get; private set; }
    /// <summary>Set on the confirmation step: what the change will mean (S5).</summary>
    public ConsentConsequences? Consequences { get; private set; }
    /// <summary>The confirmation step's choice, described: a recipient, a kind of information, or the whole consent.</summary>
    public (ConsentText.Recipient? Recipient, InformationKind? Kind, bool Whole) Choice { get; private set; }
    public DateOnly Today => gate.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        if (Refused) return RefusedPage();
        Version = Plan.Version;
        if (What is null) return Page();
        if (Parse(What) is not { } choice)
        {
            ModelState.AddModelError(nameof(What), "Velg hva du vil ta ut av samtykket.");
            What = null;
            return Page();
        }
        Choice = Describe(choice);
        // The plan was read without tracking: the change is tried in memory only, never saved from here.
        Consequences = ConsentConsequences.Of(Plan, p => Apply(p, choice, null, null), Today);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        if (Refused) return RefusedPage();
        if (What is null || Parse(What) is not { } choice)
        {
            ModelState.AddModelError(nameof(What), "Velg hva du vil ta ut av samtykket.");
            What = null;
            return Page();
        }
        var plan = await gate.OpenForChangeAsync(Plan.Id, PlanPart.Consent, ct);
        if (plan is null) return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            var person = await PersonSide.PersonAsync(db, plan.PersonId, ct);
            // The plan checks again who may consent today (S1–S4); the page only spares a refused user the form.
            Apply(plan, choice, person, gate.User.ActingAsRelatedPersonId);
            var (subject, body) = choice.Whole ? NotificationTexts.ConsentWithdrawn() : NotificationTexts.ConsentNarrowed();
            foreach (var staff in PersonSide.Coordinators(plan, Today))
                await notifier.ToStaffAsync(staff, NotificationKind.ConsentChanged, subject, body, $"/plans/{plan.Id}/consent",
                    $"consent-changed:{ConsentId:N}:{plan.Version}", ct: ct);
            await gate.SaveAsync(plan, PlanPart.Consent, Version, ct);
        }
        catch (DomainRuleException e)
        {
            gate.Discard();
            if (e.Rule is "S1" or "S2" or "S3") { Refused = true; return RefusedPage(); }
            DomainErrors.Add(ModelState, e);
            return await RedisplayAsync(ct);
        }
        catch (PlanConflictException e)
        {
            gate.Discard();
            ModelState.AddModelError(string.Empty, e.Message);
            return await RedisplayAsync(ct);
        }
        TempData["Status"] = choice.Whole
            ? "Samtykket er trukket tilbake. Endringen gjelder fra nå, og koordinatoren har fått beskjed."
            : "Samtykket er snevret inn. Endringen gjelder fra nå, og koordinatoren har fått beskjed.";
        return Redirect("/my/consent");
    }

    async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        What = null;
        if (await LoadAsync(ct) is { } stop) return stop;
        Version = Plan.Version;
        return Page();
    }

    IActionResult RefusedPage()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    /// <summary>The user's own plan holding this consent, read through the gate (audited), or 404.</summary>
    async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (gate.User.PersonId is null) return StatusCode(StatusCodes.Status403Forbidden);
        if (await PersonSide.MyPlanIdAsync(gate, ct) is not { } planId) return NotFound();
        var plan = await gate.ReadAsync(planId, PlanPart.Consent, ct);
        if (plan?.Consents.FirstOrDefault(c => c.Id == ConsentId) is not { } consent) return NotFound();
        Plan = plan;
        Consent = consent;
        PersonName = await gate.PersonNameAsync(plan, ct);
        var person = await PersonSide.PersonAsync(db, plan.PersonId, ct);
        (WhoMayConsent, var mayConsent) = PersonSide.WhoMayConsent(person, gate.User, Today);
        Refused = !mayConsent;
        if (!Refused && (consent.WithdrawnOn is not null || !plan.IsOpen)) return NotFound();
        var organisations = ConsentText.OrganisationIds(plan, []).ToList();
        Text = new ConsentText(plan, await db.Organisations.AsNoTracking().Where(o => organisations.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct));
        return null;
    }

    public sealed record Selection(Guid? ParticipantId, Guid? OrganisationId, InformationKind? Kind, bool Whole);

    Selection? Parse(string what)
    {
        if (what == All) return new(null, null, null, true);
        var parts = what.Split(':', 2);
        if (parts.Length != 2) return null;
        return parts[0] switch
        {
            "participant" when Guid.TryParse(parts[1], out var p) && Consent.Recipients.Any(r => r.ParticipantId == p) => new(p, null, null, false),
            "organisation" when Guid.TryParse(parts[1], out var o) && Consent.Recipients.Any(r => r.OrganisationId == o) => new(null, o, null, false),
            "kind" when Enum.TryParse<InformationKind>(parts[1], out var k) && Enum.IsDefined(k) && Consent.SharedKinds.Contains(k) => new(null, null, k, false),
            _ => null,
        };
    }

    (ConsentText.Recipient?, InformationKind?, bool) Describe(Selection s) =>
        (s.ParticipantId is { } p ? Text.Participant(p) : s.OrganisationId is { } o ? Text.Organisation(o) : null, s.Kind, s.Whole);

    /// <summary>With <paramref name="person"/>, as the person's own change (checked by S1–S4); without, as a try in memory.</summary>
    void Apply(IndividualPlan plan, Selection s, Person? person, Guid? actingAs)
    {
        if (person is null)
        {
            if (s.Whole) plan.WithdrawConsent(ConsentId, Today);
            else plan.NarrowConsent(ConsentId, s.ParticipantId, s.OrganisationId, s.Kind);
        }
        else if (s.Whole) plan.WithdrawConsentAsPerson(ConsentId, person, actingAs, Today);
        else plan.NarrowConsentAsPerson(ConsentId, s.ParticipantId, s.OrganisationId, s.Kind, person, actingAs, Today);
    }

    public string ValueOf(ConsentRecipient r) => r.ParticipantId is { } p ? $"participant:{p}" : $"organisation:{r.OrganisationId}";
}
