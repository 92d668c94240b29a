using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Coordination.Intake;

/// <summary>
/// R11: a request for an individual plan from the person or a relative, written or oral. An oral request
/// is recorded here by the coordinating unit's staff, so it is not lost.
/// </summary>
public sealed class NewRequestModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : IntakePageModel(db, me, audit, clock)
{
    [BindProperty(SupportsGet = true)] public Guid PersonId { get; set; }

    [BindProperty] public IntakeForm Form { get; set; } = IntakeForm.Oral;
    /// <summary>"person" or the id of a relative who asked.</summary>
    [BindProperty] public string RequestedBy { get; set; } = "person";
    [BindProperty, Required(ErrorMessage = "Beskriv hva personen ber om.")] public string? Need { get; set; }
    [BindProperty] public IntakeUrgency Urgency { get; set; } = IntakeUrgency.Normal;

    public string PersonName { get; private set; } = "";
    public IReadOnlyList<(Guid Id, string Name)> Relatives { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        await Audit.WriteAsync(Me, AuditRole, "intake.request.open", null, PersonId, null, true, "Skjema for søknad om individuell plan", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var self = RequestedBy == "person";
        var relative = Relatives.FirstOrDefault(r => r.Id.ToString() == RequestedBy);
        if (!self && relative.Id == Guid.Empty)
        {
            ModelState.AddModelError(nameof(RequestedBy), "Velg hvem som søker.");
            return Page();
        }
        try
        {
            var c = IntakeCase.Receive(Guid.NewGuid(), Organisation,
                new IntakeReport(IntakeKind.Request, Form, SourceSector.PersonOrRelative, null, null, self ? PersonName : relative.Name,
                    self ? null : "pårørende", ReportedByThePerson: self, PersonId, Need!, Urgency, PersonAsked: self, PersonWantsAssessment: self),
                Actor, Now);
            Db.IntakeCases.Add(c);
            Audit.Add(Me, AuditRole, "intake.request", null, PersonId, c.Id.ToString(), true, c.Steps[0].Text);
            await Db.SaveChangesAsync(ct);
            TempData["Status"] = "Søknaden er registrert.";
            return Redirect($"/ke/cases/{c.Id}");
        }
        catch (DomainRuleException e)
        {
            Db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return Page();
        }
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var person = await Db.Persons.AsNoTracking().Include(p => p.Relations).FirstOrDefaultAsync(p => p.Id == PersonId, ct);
        if (person is null) return false;
        PersonName = person.Name;
        Relatives = [.. person.Relations.OrderBy(r => r.Name).Select(r => (r.Id, r.Name))];
        return true;
    }
}
