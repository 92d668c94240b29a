using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;

namespace Samplan.Plans.Edit;

/// <summary>R3, R4 (h): the consents the plan rests on; record a new one or withdraw one.</summary>
public sealed class ConsentModel(PlanGate gate, SamplanDb db) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Consent;

    [BindProperty] public string? GivenBy { get; set; }
    [BindProperty] public ConsentForm Form { get; set; } = ConsentForm.Written;
    [BindProperty] public DateOnly? GivenOn { get; set; }
    [BindProperty] public DateOnly? ValidTo { get; set; }
    [BindProperty] public bool CoversPlanWork { get; set; }
    [BindProperty] public bool CoversInformationExchange { get; set; }
    [BindProperty] public Guid ConsentId { get; set; }

    public Person Person { get; private set; } = null!;
    /// <summary>S1–S3: who may consent to the plan today, shown above the form; only they are offered.</summary>
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;

    protected override async Task OnPlanLoadedAsync(CancellationToken ct)
    {
        Person = await db.Persons.Include(p => p.Relations).AsNoTracking().FirstAsync(p => p.Id == Plan.PersonId, ct);
        WhoMayConsent = ConsentAuthority.WhoMayConsent(Person, Gate.Today, ConsentAuthority.IndividualPlanMatter);
        GivenBy ??= ConsentGiverChoice.Default(WhoMayConsent);
    }

    public Task<IActionResult> OnPostRecordAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var person = await db.Persons.Include(x => x.Relations).AsNoTracking().FirstAsync(x => x.Id == p.PersonId, ct);
        if (!ConsentGiverChoice.TryParse(GivenBy, out var givenBy))
            throw new DomainRuleException("R3", "Velg hvem som ga samtykket.");
        // The plan asks ConsentAuthority itself: someone who may not consent is refused with who may (S1–S3).
        p.RecordConsent(new ConsentDeclaration(givenBy, Form, GivenOn ?? Gate.Today, ValidTo, CoversPlanWork, CoversInformationExchange),
            person,
            Gate.User.StaffMemberId ?? Guid.Empty);
    }, "Samtykket er registrert.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        ChangeAsync(p => p.WithdrawConsent(ConsentId, Gate.Today), "Samtykket er trukket tilbake.", ct);
}
