using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Organisations;

namespace Samplan.Plans.Edit;

/// <summary>R4 (b, d), R12, R2: who takes part, what each contributes, and which level holds the plan.</summary>
public sealed class ParticipantsModel(PlanGate gate, StaffDirectory staff, SamplanDb db) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Participants;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty] public Guid StaffMemberId { get; set; }
    [BindProperty] public ParticipantRole Role { get; set; } = ParticipantRole.ServiceProvider;
    [BindProperty] public Guid RelatedPersonId { get; set; }
    [BindProperty] public Guid ParticipantId { get; set; }
    [BindProperty] public Guid OrganisationId { get; set; }
    [BindProperty, StringLength(2000, ErrorMessage = "Bidraget kan ha høyst 2000 tegn.")]
    public string? Contribution { get; set; }

    public IReadOnlyList<StaffDirectory.Hit> Hits { get; private set; } = [];
    public IReadOnlyList<RelatedPerson> Relatives { get; private set; } = [];
    public IReadOnlyList<Organisation> ResponsibleChoices { get; private set; } = [];

    protected override async Task OnPlanLoadedAsync(CancellationToken ct)
    {
        Hits = await staff.SearchAsync(Query, ct);
        // The person's relatives are read as part of the plan the user may change (audited by the gate).
        Relatives = await db.RelatedPersons.AsNoTracking().Where(r => r.PersonId == Plan.PersonId).OrderBy(r => r.Name).ToListAsync(ct);
        ResponsibleChoices = await db.Organisations.AsNoTracking()
            .Where(o => o.Kind == OrganisationKind.Municipality || o.Kind == OrganisationKind.HospitalTrust)
            .OrderBy(o => o.Name).ToListAsync(ct);
    }

    public Task<IActionResult> OnPostAddProviderAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var member = await staff.FindAsync(StaffMemberId, ct) ?? throw new DomainRuleException("R4", "Velg en ansatt.");
        p.AddProvider(member, Role, Contribution);
    }, "Deltakeren er lagt til.", ct);

    public Task<IActionResult> OnPostAddRelativeAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var relative = await db.RelatedPersons.AsNoTracking().FirstOrDefaultAsync(r => r.Id == RelatedPersonId, ct)
            ?? throw new DomainRuleException("R12", "Velg en pårørende.");
        p.AddRelative(relative, Contribution);
    }, "Den pårørende er lagt til.", ct);

    public Task<IActionResult> OnPostContributionAsync(CancellationToken ct) =>
        ChangeAsync(p => p.UpdateContribution(ParticipantId, Contribution), "Bidraget er lagret.", ct);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        ChangeAsync(p => p.RemoveParticipant(ParticipantId), "Deltakeren er fjernet.", ct);

    public Task<IActionResult> OnPostHandOverAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        var to = await db.Organisations.FirstOrDefaultAsync(o => o.Id == OrganisationId, ct)
            ?? throw new DomainRuleException("R2", "Velg kommunen eller helseforetaket som skal ha ansvaret.");
        p.HandOverResponsibility(to);
    }, "Ansvaret for planen er overført.", ct);
}
