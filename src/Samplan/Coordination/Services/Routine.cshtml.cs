using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Coordination.Dashboard;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Coordination.Services;

/// <summary>K6: one routine with all its versions; write a new version, and publish a draft (old versions are kept).</summary>
public sealed class RoutineModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : KePageModel(me, audit)
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public IReadOnlyList<RoutineDocument> Versions { get; private set; } = [];

    [BindProperty] public RoutinesModel.RoutineInput Input { get; set; } = new();
    [BindProperty] public Guid VersionId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var latest = Versions[0];
        Input = new() { Title = latest.Title, Body = latest.Body };
        return Page();
    }

    public async Task<IActionResult> OnPostNewVersionAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        try
        {
            var draft = Versions.FirstOrDefault(v => v.Status == RoutineStatus.Draft);
            if (draft is not null)
            {
                var tracked = await db.RoutineDocuments.SingleAsync(r => r.Id == draft.Id, ct);
                tracked.Edit(Input.Title!, Input.Body!);
                Audit.Add(Me, AuditRole, "ke.routine.edit", null, null, null, true, $"Utkast endret: {tracked.Title} versjon {tracked.VersionNumber}");
            }
            else
            {
                var next = RoutineDocument.NextVersion(Guid.NewGuid(), Versions, Input.Title!, Input.Body!, Me.DisplayName, clock.GetUtcNow().UtcDateTime);
                db.RoutineDocuments.Add(next);
                Audit.Add(Me, AuditRole, "ke.routine.version", null, null, null, true, $"Ny versjon av rutinen: {next.Title} versjon {next.VersionNumber}");
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }
        await db.SaveChangesAsync(ct);
        TempData["Status"] = "Utkastet er lagret.";
        return Redirect($"/ke/routines/{Id}");
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        var version = await db.RoutineDocuments.FirstOrDefaultAsync(r => r.Id == VersionId && r.SeriesId == Id && r.OrganisationId == OrganisationId, ct);
        if (version is null) return NotFound();
        try
        {
            version.Publish(Me.DisplayName, clock.GetUtcNow().UtcDateTime);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            ModelState.AddModelError("", e.Message);
            return Page();
        }
        Audit.Add(Me, AuditRole, "ke.routine.publish", null, null, null, true, $"Rutine publisert: {version.Title} versjon {version.VersionNumber}");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"Versjon {version.VersionNumber} er publisert.";
        return Redirect($"/ke/routines/{Id}");
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Versions = await db.RoutineDocuments.AsNoTracking().Where(r => r.SeriesId == Id && r.OrganisationId == OrganisationId)
            .OrderByDescending(r => r.VersionNumber).ToListAsync(ct);
        return Versions.Count > 0;
    }
}
