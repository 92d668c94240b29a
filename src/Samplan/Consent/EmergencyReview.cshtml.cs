using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Consent;

/// <summary>The privacy officer reviews every emergency access: who, which person, why, and whether it was justified.</summary>
public sealed class EmergencyReviewModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string UserName, string PersonName, string Reason, DateTime GrantedAt, DateTime ExpiresAt,
        DateTime? ReviewedAt, string? ReviewedBy, string? ReviewNote);

    public IReadOnlyList<Row> Accesses { get; private set; } = [];

    [BindProperty] public Guid AccessId { get; set; }
    [BindProperty, System.ComponentModel.DataAnnotations.StringLength(1000)] public string? Note { get; set; }

    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        if (!me.Has(SystemRole.PrivacyOfficer)) context.Result = StatusCode(StatusCodes.Status403Forbidden);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Accesses = await (from e in db.EmergencyAccesses
                          join p in db.Persons on e.PersonId equals p.Id
                          orderby e.ReviewedAt != null, e.GrantedAt descending
                          select new Row(e.Id, e.UserName, p.Name, e.Reason, e.GrantedAt, e.ExpiresAt, e.ReviewedAt, e.ReviewedBy, e.ReviewNote))
            .Take(200).ToListAsync(ct);
        await audit.WriteAsync(me, "personvernombud", "emergency.review-list", null, null, null, true, $"{Accesses.Count} nødtilganger vist", ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var access = await db.EmergencyAccesses.FirstOrDefaultAsync(e => e.Id == AccessId, ct);
        if (access is null) return NotFound();
        access.Review(me.DisplayName, Note, clock.GetUtcNow().UtcDateTime);
        audit.Add(me, "personvernombud", "emergency.reviewed", access.PlanId, access.PersonId, null, true, Note ?? "Kontrollert");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = "Nødtilgangen er merket som kontrollert.";
        return Redirect("/admin/emergency");
    }
}
