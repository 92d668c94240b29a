using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Domain.Plans;

namespace Samplan.Plans.Edit;

/// <summary>S5: the written consent declaration, printed for the person (or whoever consents) to sign.</summary>
public sealed class ConsentDeclarationModel(PlanGate gate, SamplanDb db) : PageModel
{
    public IndividualPlan Plan { get; private set; } = null!;
    public PlanConsent Consent { get; private set; } = null!;
    public Person Person { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> OrganisationNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(Guid id, Guid consentId, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(id, PlanPart.Consent, ct);
        if (plan is null || plan.Consents.FirstOrDefault(c => c.Id == consentId) is not { } consent) return NotFound();
        Plan = plan;
        Consent = consent;
        Person = await db.Persons.FindAsync([plan.PersonId], ct) ?? throw new InvalidOperationException("Plan without person");
        var orgIds = consent.Recipients.Where(r => r.OrganisationId is not null).Select(r => r.OrganisationId!.Value).ToList();
        OrganisationNames = db.Organisations.Where(o => orgIds.Contains(o.Id)).ToDictionary(o => o.Id, o => o.Name);
        return Page();
    }

    public string RecipientName(ConsentRecipient r) => r.ParticipantId is { } pid
        ? Plan.Participants.FirstOrDefault(p => p.Id == pid) is { } p ? $"{p.Name} ({Domain.Shared.Labels.Role(p.Role).ToLowerInvariant()})" : "(tidligere deltaker)"
        : $"alle deltakere fra {OrganisationNames.GetValueOrDefault(r.OrganisationId!.Value, "virksomheten")}";
}
