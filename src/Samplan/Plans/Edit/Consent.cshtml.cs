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

    [BindProperty] public string GivenBy { get; set; } = "person";
    [BindProperty] public ConsentForm Form { get; set; } = ConsentForm.Written;
    [BindProperty] public DateOnly? GivenOn { get; set; }
    [BindProperty] public DateOnly? ValidTo { get; set; }
    [BindProperty] public bool CoversPlanWork { get; set; }
    [BindProperty] public bool CoversInformationExchange { get; set; }
    [BindProperty] public Guid ConsentId { get; set; }

    public Person Person { get; private set; } = null!;

    protected override async Task OnPlanLoadedAsync(CancellationToken ct) =>
        Person = await db.Persons.Include(p => p.Relations).AsNoTracking().FirstAsync(p => p.Id == Plan.PersonId, ct);

    public Task<IActionResult> OnPostRecordAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var person = await db.Persons.Include(x => x.Relations).AsNoTracking().FirstAsync(x => x.Id == p.PersonId, ct);
        var (name, role) = GivenBy == "person"
            ? (person.Name, ConsentGiverRole.Person)
            : person.Relations.FirstOrDefault(r => r.Id.ToString() == GivenBy) switch
            {
                { Kind: RelationKind.ParentWithResponsibility } r => (r.Name, ConsentGiverRole.ParentWithResponsibility),
                { Kind: RelationKind.Guardian } r => (r.Name, ConsentGiverRole.Guardian),
                _ => throw new DomainRuleException("R3", "Velg hvem som ga samtykket."),
            };
        p.RecordConsent(new ConsentDeclaration(name, role, Form, GivenOn ?? Gate.Today, ValidTo, CoversPlanWork, CoversInformationExchange),
            Gate.User.StaffMemberId ?? Guid.Empty);
    }, "Samtykket er registrert.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        ChangeAsync(p => p.WithdrawConsent(ConsentId, Gate.Today), "Samtykket er trukket tilbake.", ct);
}
