using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Coordination.Dashboard;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Coordination.Services;

/// <summary>K6: the unit's routines for IP and coordinator work, each with its versions.</summary>
public sealed class RoutinesModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : KePageModel(me, audit)
{
    public sealed record Row(Guid SeriesId, string Title, int LatestVersion, int? PublishedVersion, bool HasDraft);

    public IReadOnlyList<Row> Routines { get; private set; } = [];

    [BindProperty] public RoutineInput Input { get; set; } = new();

    public sealed class RoutineInput
    {
        [Required(ErrorMessage = "Skriv en tittel."), StringLength(200)] public string? Title { get; set; }
        [Required(ErrorMessage = "Skriv rutinen."), StringLength(20000)] public string? Body { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) { await LoadAsync(ct); return Page(); }
        RoutineDocument routine;
        try
        {
            routine = RoutineDocument.First(Guid.NewGuid(), OrganisationId, Input.Title!, Input.Body!, Me.DisplayName, clock.GetUtcNow().UtcDateTime);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ct);
            return Page();
        }
        db.RoutineDocuments.Add(routine);
        Audit.Add(Me, AuditRole, "ke.routine.create", null, null, null, true, $"Rutine opprettet: {routine.Title}");
        await db.SaveChangesAsync(ct);
        return Redirect($"/ke/routines/{routine.SeriesId}");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var versions = await db.RoutineDocuments.AsNoTracking().Where(r => r.OrganisationId == OrganisationId)
            .Select(r => new { r.SeriesId, r.Title, r.VersionNumber, r.Status }).ToListAsync(ct);
        Routines = [.. versions.GroupBy(v => v.SeriesId).Select(g =>
        {
            var latest = g.MaxBy(v => v.VersionNumber)!;
            var published = g.Where(v => v.Status == RoutineStatus.Published).Select(v => (int?)v.VersionNumber).Max();
            return new Row(g.Key, latest.Title, latest.VersionNumber, published, g.Any(v => v.Status == RoutineStatus.Draft));
        }).OrderBy(r => r.Title)];
    }
}
