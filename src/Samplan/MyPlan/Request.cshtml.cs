using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.MyPlan;

/// <summary>
/// R11: the person (or their parent or guardian, S2/S3) asks for an individual plan or a coordinator in writing. The request
/// becomes a case in the chosen municipality's coordinating unit's inbox (K1) as a written request from the person or a
/// relative; N2 is met because the person (or the one who consents for them) asks. The unit's staff are told by the
/// reminder job, as for every new item in the inbox. The person follows its status on <c>/my/plan</c>.
/// </summary>
public sealed class RequestModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : MyPlanPageModel(gate, db, audit)
{
    public sealed record Unit(Guid OrganisationId, string OrganisationName, string UnitName);

    [BindProperty, Required(ErrorMessage = "Skriv hva du trenger hjelp til."),
     StringLength(IntakeCase.MaxText, ErrorMessage = "Teksten kan ha høyst 4000 tegn.")]
    public string? Need { get; set; }

    [BindProperty] public Guid ReceivingOrganisationId { get; set; }

    public IReadOnlyList<Unit> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadUnitsAsync(ct);
        ReceivingOrganisationId = await DefaultUnitAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadUnitsAsync(ct);
        if (Units.All(u => u.OrganisationId != ReceivingOrganisationId))
            ModelState.AddModelError(nameof(ReceivingOrganisationId), "Velg hvilken kommune du vil spørre.");
        if (!ModelState.IsValid) return Page();
        var personId = Me.PersonId!.Value;
        var self = !ActingForSomeone;
        string? relation = null;
        if (!self)
            relation = await Db.RelatedPersons.AsNoTracking().Where(r => r.Id == Me.ActingAsRelatedPersonId)
                .Select(r => r.Kind).FirstOrDefaultAsync(ct) == Domain.People.RelationKind.Guardian ? "verge" : "forelder med foreldreansvar";
        try
        {
            // N2: the person asks, or the one who consents for them (S2, S3) does on their behalf.
            var c = IntakeCase.Receive(Guid.NewGuid(), ReceivingOrganisationId,
                new IntakeReport(IntakeKind.Request, IntakeForm.Written, SourceSector.PersonOrRelative, null, null, Me.DisplayName,
                    relation, ReportedByThePerson: self, personId, Need!, IntakeUrgency.Normal, PersonAsked: true, PersonWantsAssessment: true),
                new IntakeActor(Me.UserId, Me.DisplayName), clock.GetUtcNow().UtcDateTime);
            Db.IntakeCases.Add(c);
            Audit.Add(Me, AuditRole, "intake.request", null, personId, c.Id.ToString(), true,
                self ? "Skriftlig søknad fra personen selv" : "Skriftlig søknad fra representant");
            await Db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            Db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        TempData["Status"] = "Forespørselen er sendt til koordinerende enhet. Du ser hvordan det går på siden for planen.";
        return Redirect("/my/plan");
    }

    async Task LoadUnitsAsync(CancellationToken ct) =>
        // K1: each municipality's coordinating unit; the person asks the municipality where they live.
        Units = await (from u in Db.OrganisationUnits.AsNoTracking()
                       where u.IsCoordinatingUnit
                       join o in Db.Organisations on u.OrganisationId equals o.Id
                       where o.Kind == OrganisationKind.Municipality
                       orderby o.Name
                       select new Unit(o.Id, o.Name, u.Name)).ToListAsync(ct);

    /// <summary>The municipality already working with the person (their plan's, else their latest case's), else none chosen.</summary>
    async Task<Guid> DefaultUnitAsync(CancellationToken ct)
    {
        if (await OpenPlanIdAsync(ct) is { } planId
            && await Gate.Readable().Where(p => p.Id == planId).Select(p => (Guid?)p.ResponsibleOrganisationId).FirstOrDefaultAsync(ct) is { } org
            && Units.Any(u => u.OrganisationId == org))
            return org;
        var earlier = await Db.IntakeCases.AsNoTracking().Where(c => c.PersonId == Me.PersonId).OrderByDescending(c => c.ReceivedAt)
            .Select(c => (Guid?)c.ReceivingOrganisationId).FirstOrDefaultAsync(ct);
        return earlier is { } e && Units.Any(u => u.OrganisationId == e) ? e : Guid.Empty;
    }
}
