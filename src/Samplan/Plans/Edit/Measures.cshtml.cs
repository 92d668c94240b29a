using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;

namespace Samplan.Plans.Edit;

/// <summary>R4 (e, f): measures with scope, the responsible participant or organisation, and how they are carried out.</summary>
public sealed class MeasuresModel(PlanGate gate, SamplanDb db) : PlanPageModel(gate)
{
    protected override PlanPart Part => PlanPart.Measures;

    [BindProperty] public MeasureInput Input { get; set; } = new();

    /// <summary>Organisations that can be made responsible: the plan's own and those of its participants.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Organisations { get; private set; } = [];

    public sealed class MeasureInput
    {
        public Guid? MeasureId { get; set; }
        [StringLength(300, ErrorMessage = "Navnet kan ha høyst 300 tegn.")] public string? Title { get; set; }
        [StringLength(500, ErrorMessage = "Omfanget kan ha høyst 500 tegn.")] public string? Scope { get; set; }
        /// <summary>"p:{participant id}" or "o:{organisation id}".</summary>
        public string? Responsible { get; set; }
        [StringLength(2000, ErrorMessage = "Beskrivelsen kan ha høyst 2000 tegn.")] public string? HowCarriedOut { get; set; }
        public DateOnly? Start { get; set; }
        public DateOnly? End { get; set; }
        public MeasureStatus Status { get; set; }
        public Guid? GoalId { get; set; }
    }

    protected override async Task OnPlanLoadedAsync(CancellationToken ct)
    {
        var ids = Plan.Participants.Where(p => p.OrganisationId is not null).Select(p => p.OrganisationId!.Value)
            .Append(Plan.ResponsibleOrganisationId).Distinct().ToList();
        Organisations = (await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        EnsureMayChange(p, null, removing: false);
        p.AddMeasure(await DetailsAsync(ct));
    }, "Tiltaket er lagt til.", ct);

    public Task<IActionResult> OnPostUpdateAsync(CancellationToken ct) => ChangeAsync(async p =>
    {
        EnsureMayChange(p, Input.MeasureId, removing: false);
        p.UpdateMeasure(Input.MeasureId ?? Guid.Empty, await DetailsAsync(ct));
    }, "Tiltaket er endret.", ct);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) => ChangeAsync(p =>
    {
        EnsureMayChange(p, Input.MeasureId, removing: true);
        p.RemoveMeasure(Input.MeasureId ?? Guid.Empty);
    }, "Tiltaket er fjernet.", ct);

    public bool MayChange(Measure? m, bool removing = false) => PlanAccessPolicy.MayChangeMeasure(Gate.User, Plan, m?.Id, Today, removing);

    void EnsureMayChange(IndividualPlan plan, Guid? measureId, bool removing)
    {
        if (!PlanAccessPolicy.MayChangeMeasure(Gate.User, plan, measureId, Today, removing))
            throw new Domain.Shared.DomainRuleException("R8", "Bare koordinator kan legge til eller fjerne tiltak. Du kan endre tiltak du selv er ansvarlig for.");
    }

    public MeasureInput ValuesFor(Measure m) => Input.MeasureId == m.Id && !ModelState.IsValid
        ? Input
        : new MeasureInput
        {
            MeasureId = m.Id, Title = m.Title, Scope = m.Scope, HowCarriedOut = m.HowCarriedOut, Start = m.Start, End = m.End,
            Status = m.Status, GoalId = m.GoalId,
            Responsible = m.ResponsibleParticipantId is { } pid ? $"p:{pid}" : m.ResponsibleOrganisationId is { } oid ? $"o:{oid}" : null,
        };

    async Task<MeasureDetails> DetailsAsync(CancellationToken ct)
    {
        Guid? participant = null, organisation = null;
        string? organisationName = null;
        var responsible = Input.Responsible ?? "";
        if (responsible.StartsWith("p:", StringComparison.Ordinal) && Guid.TryParse(responsible[2..], out var pid)) participant = pid;
        else if (responsible.StartsWith("o:", StringComparison.Ordinal) && Guid.TryParse(responsible[2..], out var oid))
        {
            organisationName = await db.Organisations.Where(o => o.Id == oid).Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (organisationName is not null) organisation = oid;
        }
        return new MeasureDetails(Input.Title ?? "", Input.Scope ?? "", participant, organisation, organisationName,
            Input.HowCarriedOut, Input.Start, Input.End, Input.Status, Input.GoalId);
    }
}
