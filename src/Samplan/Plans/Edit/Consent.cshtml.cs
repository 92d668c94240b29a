using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Plans.Edit;

/// <summary>R3, R4 (h): the consents the plan rests on; record a new one or withdraw one.</summary>
public sealed class ConsentModel(PlanGate gate, SamplanDb db, Audit.AuditLog audit, Notifications.Notifier notifier, TimeProvider clock)
    : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Consent;

    [BindProperty] public string? GivenBy { get; set; }
    [BindProperty] public ConsentForm Form { get; set; } = ConsentForm.Written;
    [BindProperty] public DateOnly? GivenOn { get; set; }
    [BindProperty] public DateOnly? ValidTo { get; set; }
    [BindProperty] public bool CoversPlanWork { get; set; }
    [BindProperty] public bool CoversInformationExchange { get; set; }
    [BindProperty] public Guid ConsentId { get; set; }

    // R3: what may be shared, with whom, and for what use.
    [BindProperty] public List<InformationKind> SharedKinds { get; set; } = [.. ConsentSharing.AllKinds];
    [BindProperty] public List<InformationKind> ExcludedKinds { get; set; } = [];
    [BindProperty] public List<Guid> ParticipantIds { get; set; } = [];
    [BindProperty] public List<Guid> OrganisationIds { get; set; } = [];
    [BindProperty, System.ComponentModel.DataAnnotations.StringLength(1000, ErrorMessage = "Formålet kan ha høyst 1000 tegn.")]
    public string? Purpose { get; set; } = "Samarbeid om individuell plan";

    // S5: narrowing one recipient or one kind, and the signed copy of a written declaration.
    [BindProperty] public Guid? NarrowParticipantId { get; set; }
    [BindProperty] public Guid? NarrowOrganisationId { get; set; }
    [BindProperty] public InformationKind? NarrowKind { get; set; }
    [BindProperty] public DateOnly? SignedCopyReceivedOn { get; set; }
    [BindProperty, System.ComponentModel.DataAnnotations.StringLength(1000)] public string? SignedCopyNote { get; set; }

    public Person Person { get; private set; } = null!;
    /// <summary>S1–S3: who may consent to the plan today, shown above the form; only they are offered.</summary>
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> OrganisationNames { get; private set; } = new Dictionary<Guid, string>();
    /// <summary>R3: the consents asked for digitally, newest first, with their answers.</summary>
    public IReadOnlyList<ConsentRequest> Requests { get; private set; } = [];
    /// <summary>Only the coordinator (or the one who started a draft) asks for a consent; not the person on this staff page.</summary>
    public bool MayAsk => Gate.User.StaffMemberId is not null && Gate.Decide(Plan, PlanAction.Write, PlanPart.Consent) is { Allowed: true, Role: "koordinator" or "planstarter" };

    protected override async Task OnPlanLoadedAsync(CancellationToken ct)
    {
        Person = await db.Persons.Include(p => p.Relations).AsNoTracking().FirstAsync(p => p.Id == Plan.PersonId, ct);
        WhoMayConsent = ConsentAuthority.WhoMayConsent(Person, Gate.Today, ConsentAuthority.IndividualPlanMatter);
        GivenBy ??= ConsentGiverChoice.Default(WhoMayConsent);
        var ids = Plan.Participants.Where(p => p.OrganisationId is not null).Select(p => p.OrganisationId!.Value)
            .Concat(Plan.Consents.SelectMany(c => c.Recipients).Where(r => r.OrganisationId is not null).Select(r => r.OrganisationId!.Value))
            .Distinct().ToList();
        OrganisationNames = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Requests = await db.ConsentRequests.AsNoTracking().Where(r => r.PlanId == Plan.Id).OrderByDescending(r => r.AskedAt).ToListAsync(ct);
        if (Request.Method == "GET")
            ParticipantIds = [.. Plan.Participants.Where(p => p.Role != ParticipantRole.Person).Select(p => p.Id)];
    }

    /// <summary>S5: what withdrawing this consent would mean, said before anyone confirms it.</summary>
    public IReadOnlyList<string> WhoWouldLoseAccess(PlanConsent consent) => Plan.Participants
        .Where(p => p.Role != ParticipantRole.Person && p.StaffMemberId != Plan.CoordinatorStaffId && consent.Covers(p)
            && !Plan.Consents.Any(c => c.Id != consent.Id && c.IsInForce(Today) && c.Covers(p)))
        .Select(p => p.Name).ToList();

    public string RecipientName(ConsentRecipient r) => r.ParticipantId is { } pid
        ? Plan.Participants.FirstOrDefault(p => p.Id == pid)?.Name ?? "(tidligere deltaker)"
        : OrganisationNames.TryGetValue(r.OrganisationId!.Value, out var name) ? $"{name} (alle deltakere derfra)" : "(virksomhet)";

    public Task<IActionResult> OnPostNarrowAsync(CancellationToken ct) =>
        ChangeAsync(p => p.NarrowConsent(ConsentId, NarrowParticipantId, NarrowOrganisationId, NarrowKind),
            "Samtykket er innsnevret. Endringen gjelder fra nå.", ct);

    public Task<IActionResult> OnPostSignedCopyAsync(CancellationToken ct) =>
        ChangeAsync(p => p.RecordSignedCopy(ConsentId, SignedCopyReceivedOn ?? Gate.Today, SignedCopyNote),
            "Mottatt signert erklæring er registrert.", ct);

    public Task<IActionResult> OnPostRecordAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var person = await db.Persons.Include(x => x.Relations).AsNoTracking().FirstAsync(x => x.Id == p.PersonId, ct);
        if (!ConsentGiverChoice.TryParse(GivenBy, out var givenBy))
            throw new DomainRuleException("R3", "Velg hvem som ga samtykket.");
        // The plan asks ConsentAuthority itself: someone who may not consent is refused with who may (S1–S3).
        p.RecordConsent(new ConsentDeclaration(givenBy, Form, GivenOn ?? Gate.Today, ValidTo, CoversPlanWork, CoversInformationExchange),
            person, Gate.User.StaffMemberId ?? Guid.Empty,
            new ConsentSharing(SharedKinds.ToHashSet(), ExcludedKinds.ToHashSet(), ParticipantIds.ToHashSet(), OrganisationIds.ToHashSet(), Purpose));
    }, "Samtykket er registrert.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        ChangeAsync(p => p.WithdrawConsent(ConsentId, Gate.Today), "Samtykket er trukket tilbake. Endringen gjelder fra nå.", ct);

    /// <summary>
    /// R3: asks the person (or whoever may consent for them, S1–S4) for a new consent digitally, with the declaration
    /// from the same fields as recording one: what may be shared and what not, with whom, for what use, valid to. Those
    /// who may consent get a notice without content; they read the whole declaration on their own page and answer it.
    /// </summary>
    public async Task<IActionResult> OnPostAskAsync(CancellationToken ct)
    {
        var plan = await Gate.ReadAsync(Id, Part, ct);
        if (plan is null) return NotFound();
        var decision = Gate.Decide(plan, PlanAction.Write, PlanPart.Consent);
        if (Gate.User.StaffMemberId is not { } staff || decision is not { Allowed: true, Role: "koordinator" or "planstarter" }) return Forbid();
        if (ModelState.IsValid)
        {
            try
            {
                var request = ConsentRequest.Ask(Guid.NewGuid(), plan,
                    new ConsentSharing(SharedKinds.ToHashSet(), ExcludedKinds.ToHashSet(), ParticipantIds.ToHashSet(), OrganisationIds.ToHashSet(), Purpose),
                    ValidTo, CoversInformationExchange, staff, Gate.User.DisplayName, Today, clock.GetUtcNow().UtcDateTime);
                db.ConsentRequests.Add(request);
                audit.Add(Gate.User, decision.Role, "plan.consent-request", plan.Id, plan.PersonId, nameof(PlanPart.Consent), true,
                    "Ba om samtykke digitalt");
                await Messages.PersonSide.NotifyConsentRequestedAsync(db, notifier, plan.PersonId, request.Id, Today, ct);
                await db.SaveChangesAsync(ct);
                TempData["Status"] = "Forespørselen om samtykke er sendt. Du får beskjed når den er besvart.";
                return Redirect(AfterSaveUrl());
            }
            catch (DomainRuleException e)
            {
                Gate.Discard();
                DomainErrors.Add(ModelState, e);
            }
        }
        return await OnGetAsync(ct);
    }
}
