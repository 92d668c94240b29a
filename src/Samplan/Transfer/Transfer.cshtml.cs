using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Messaging;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Transfer;

/// <summary>
/// R9: the coordinator transfers the plan to another organisation in a peer Samplan (<c>Messaging:Peers</c>): records
/// the person's consent to that move, sends it, and follows the delivery — waiting, retrying, received, or refused.
/// After the transfer the page shows only how it went; the plan's content is no longer theirs to read.
/// </summary>
public sealed class TransferModel(PlanGate gate, SamplanDb db, AuditLog audit, IOptions<MessagingOptions> messaging, IConfiguration configuration,
    Notifications.Notifier notifier, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public int Version { get; set; }
    /// <summary>The chosen receiving unit, <see cref="PlanTransfers.Unit.Value"/>.</summary>
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? GivenBy { get; set; }
    [BindProperty] public ConsentForm Form { get; set; } = ConsentForm.Written;
    [BindProperty] public DateOnly? GivenOn { get; set; }
    [BindProperty] public bool Confirm { get; set; }

    public IndividualPlan Plan { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<PlanTransfers.Unit> Units { get; private set; } = [];
    public IReadOnlyList<(OutgoingTransfer Transfer, OutboxMessage? Message)> Transfers { get; private set; } = [];
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;
    public DateOnly Today => gate.Today;

    /// <summary>The coordinator of an open plan may record the consent and send it; after a transfer the page only shows how it went.</summary>
    public bool MaySend => Plan.IsOpen && gate.Decide(Plan, PlanAction.Write, PlanPart.Lifecycle).Allowed;

    public PlanConsent? ConsentFor(PlanTransfers.Unit unit) => Plan.TransferConsentFor(unit.OrganisationNumber, Today);

    /// <summary>S5: the digital requests for a transfer consent the person has not answered yet.</summary>
    public IReadOnlyList<ConsentRequest> OpenRequests { get; private set; } = [];

    /// <summary>R9: the consent a transfer was sent with, as recorded on the transfer.</summary>
    public PlanConsent? ConsentOf(OutgoingTransfer t) => Plan.Consents.FirstOrDefault(c => c.Id == t.ConsentId);

    /// <summary>
    /// R9, S5: asks the person (or whoever may consent for them, S1–S4) to give the consent to the move digitally in Samplan
    /// (<c>/my/consent</c>); once given, it is the consent this page sends with.
    /// </summary>
    public async Task<IActionResult> OnPostAskAsync(CancellationToken ct)
    {
        var plan = await gate.OpenForChangeAsync(Id, PlanPart.Consent, ct);
        if (plan is null || gate.User.StaffMemberId is not { } staff) return await DeniedAsync(ct);
        try
        {
            var unit = ChosenUnit();
            var request = ConsentRequest.AskForTransfer(Guid.NewGuid(), plan, unit.OrganisationNumber, unit.Name, staff, gate.User.DisplayName,
                Today, clock.GetUtcNow().UtcDateTime);
            gate.Discard();
            db.ConsentRequests.Add(request);
            audit.Add(gate.User, "koordinator", "plan.consent-request", plan.Id, plan.PersonId, nameof(PlanPart.Consent), true,
                $"Ba om samtykke digitalt til overføring av planen til {unit.Name} (R9)");
            await Messages.PersonSide.NotifyConsentRequestedAsync(db, notifier, plan.PersonId, request.Id, Today, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            return await RefusedAsync(e, ct);
        }
        TempData["Status"] = "Forespørselen om samtykke er sendt. Personen svarer i Samplan, og du får beskjed når den er besvart.";
        return Redirect($"/plans/{Id}/transfer");
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>R9, S1–S4: the person's consent to moving the plan to the chosen unit.</summary>
    public async Task<IActionResult> OnPostConsentAsync(CancellationToken ct)
    {
        var plan = await gate.OpenForChangeAsync(Id, PlanPart.Consent, ct);
        if (plan is null || gate.User.StaffMemberId is not { } staff) return await DeniedAsync(ct);
        try
        {
            var unit = ChosenUnit();
            var person = await db.Persons.Include(p => p.Relations).AsNoTracking().FirstAsync(p => p.Id == plan.PersonId, ct);
            if (!ConsentGiverChoice.TryParse(GivenBy, out var givenBy)) throw new DomainRuleException("R3", "Velg hvem som ga samtykket.");
            plan.RecordTransferConsent(new ConsentDeclaration(givenBy, Form, GivenOn ?? Today, null, true, false), person, staff,
                unit.OrganisationNumber, unit.Name);
            await gate.SaveAsync(plan, PlanPart.Consent, Version, ct);
        }
        catch (DomainRuleException e)
        {
            return await RefusedAsync(e, ct);
        }
        catch (PlanConflictException e)
        {
            return await ConflictAsync(e, ct);
        }
        TempData["Status"] = "Samtykket til overføringen er registrert.";
        return Redirect($"/plans/{Id}/transfer");
    }

    /// <summary>R9: sends the plan; refused without the person's consent to this move.</summary>
    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct)
    {
        var plan = await gate.OpenForChangeAsync(Id, PlanPart.Lifecycle, ct);
        if (plan is null || gate.User.StaffMemberId is null) return await DeniedAsync(ct);
        try
        {
            var unit = ChosenUnit();
            if (!Confirm) throw new DomainRuleException("R9", "Bekreft at planen skal overføres.");
            var peer = messaging.Value.Peers[unit.Peer];
            await PlanTransfers.SendAsync(gate, db, audit, plan, unit, peer, $"{Request.Scheme}://{Request.Host}{Request.PathBase}/fhir",
                clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (DomainRuleException e)
        {
            return await RefusedAsync(e, ct);
        }
        catch (PlanConflictException e)
        {
            return await ConflictAsync(e, ct);
        }
        TempData["Status"] = "Planen er sendt. Du ser her når mottakeren har bekreftet at den er mottatt.";
        return Redirect($"/plans/{Id}/transfer");
    }

    PlanTransfers.Unit ChosenUnit() =>
        PlanTransfers.Units(configuration, messaging.Value).FirstOrDefault(u => u.Value == Unit)
            ?? throw new DomainRuleException("R9", "Velg hvor planen skal overføres.");

    async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var plan = await gate.ReadAsync(Id, PlanPart.Lifecycle, ct);
        if (plan is null) return NotFound();
        // Staff only: the coordinator's page (C4). The person reads their plan elsewhere.
        if (gate.User.StaffMemberId is null || !gate.Decide(plan, plan.IsOpen ? PlanAction.Write : PlanAction.Read, PlanPart.Lifecycle).Allowed)
            return Forbid();
        Plan = plan;
        PersonName = await gate.PersonNameAsync(plan, ct);
        ModelState.Remove(nameof(Version));
        Version = plan.Version;
        Units = PlanTransfers.Units(configuration, messaging.Value);
        var person = await db.Persons.Include(p => p.Relations).AsNoTracking().FirstAsync(p => p.Id == plan.PersonId, ct);
        WhoMayConsent = ConsentAuthority.WhoMayConsent(person, Today, ConsentAuthority.IndividualPlanMatter);
        GivenBy ??= ConsentGiverChoice.Default(WhoMayConsent);
        var transfers = await db.Set<OutgoingTransfer>().AsNoTracking().Where(t => t.PlanId == plan.Id).OrderByDescending(t => t.SentAt).ToListAsync(ct);
        var ids = transfers.Select(t => t.MessageId).ToList();
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.MessageId)).ToDictionaryAsync(m => m.MessageId, ct);
        Transfers = [.. transfers.Select(t => (t, messages.GetValueOrDefault(t.MessageId)))];
        OpenRequests = await db.ConsentRequests.AsNoTracking()
            .Where(r => r.PlanId == plan.Id && r.Answer == null && r.TransferToOrganisationNumber != null).OrderByDescending(r => r.AskedAt).ToListAsync(ct);
        return null;
    }

    async Task<IActionResult> DeniedAsync(CancellationToken ct)
    {
        gate.Discard();
        return await gate.ReadAsync(Id, PlanPart.Lifecycle, ct) is null ? NotFound() : Forbid();
    }

    async Task<IActionResult> RefusedAsync(DomainRuleException e, CancellationToken ct)
    {
        gate.Discard();
        DomainErrors.Add(ModelState, e);
        var page = await LoadAsync(ct) ?? Page();
        if (page is PageResult p) p.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return page;
    }

    async Task<IActionResult> ConflictAsync(PlanConflictException e, CancellationToken ct)
    {
        gate.Discard();
        ModelState.AddModelError(string.Empty, e.Message);
        var page = await LoadAsync(ct) ?? Page();
        if (page is PageResult p) p.StatusCode = StatusCodes.Status409Conflict;
        return page;
    }

    /// <summary>How a transfer went, in words for the status column.</summary>
    public static string StatusOf(OutgoingTransfer t, OutboxMessage? m) => t.Outcome switch
    {
        TransferOutcome.Received => "Mottatt – mottakeren har bekreftet",
        TransferOutcome.Refused => "Avvist av mottakeren",
        _ when m is { Attempts: > 0, DeliveredAt: null } => "Ikke levert ennå – prøver igjen",
        _ => "Sendt – venter på kvittering",
    };
}
