using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Coordination.Dashboard;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Coordination.Disputes;

/// <summary>K7: one dispute case — joint assessment notes from both units, and the outcome. Others get 404 (audited).</summary>
public sealed class DetailsModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : KePageModel(me, audit)
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public DisputeCase Case { get; private set; } = null!;
    public string PersonName { get; private set; } = "";

    [BindProperty, Required(ErrorMessage = "Skriv vurderingen."), StringLength(8000)] public string? Note { get; set; }
    [BindProperty] public DisputeStatus Conclusion { get; set; } = DisputeStatus.Agreed;
    [BindProperty, StringLength(4000)] public string? Outcome { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var dispute = await LoadAsync(tracked: false, ct);
        if (dispute is null) return Refusal();
        await Audit.WriteAsync(Me, AuditRole, "ke.dispute.read", null, dispute.PersonId, null, true, "Uenighetssak lest", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(CancellationToken ct)
    {
        ModelState.Remove(nameof(Outcome));
        return await ChangeAsync(d => d.AddNote(OrganisationId, Me.DisplayName, Note!, clock.GetUtcNow().UtcDateTime),
            "ke.dispute.note", "Vurdering lagt til", ct);
    }

    public async Task<IActionResult> OnPostConcludeAsync(CancellationToken ct)
    {
        ModelState.Remove(nameof(Note));
        return await ChangeAsync(d => d.Conclude(Conclusion, Outcome ?? "", clock.GetUtcNow().UtcDateTime),
            "ke.dispute.conclude", $"Sak avsluttet: {DisputeText.Status(Conclusion)}", ct);
    }

    async Task<IActionResult> ChangeAsync(Action<DisputeCase> change, string action, string reason, CancellationToken ct)
    {
        var dispute = await LoadAsync(tracked: true, ct);
        if (dispute is null) return Refusal();
        if (!ModelState.IsValid) return Page();
        try
        {
            change(dispute);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", e.Message);
            return Page();
        }
        Audit.Add(Me, AuditRole, action, null, dispute.PersonId, null, true, reason);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = reason;
        return Redirect($"/ke/disputes/{Id}");
    }

    bool _denied;

    /// <summary>404 when there is no such case; 403 (already audited) when it is between two other organisations.</summary>
    IActionResult Refusal() => _denied ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();

    async Task<DisputeCase?> LoadAsync(bool tracked, CancellationToken ct)
    {
        var query = db.DisputeCases.Include(d => d.Notes).AsQueryable();
        var dispute = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(d => d.Id == Id, ct);
        if (dispute is null) return null;
        if (!dispute.Involves(OrganisationId))
        {
            db.ChangeTracker.Clear();
            _denied = true;
            await Audit.WriteAsync(Me, AuditRole, "ke.dispute.read", null, dispute.PersonId, null, false,
                "Bare de koordinerende enhetene i saken ser den", ct);
            return null;
        }
        Case = dispute;
        PersonName = await db.Persons.Where(p => p.Id == dispute.PersonId).Select(p => p.Name).SingleAsync(ct);
        return dispute;
    }
}
