using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Audit;

/// <summary>The privacy officer's search in the audit log: 50 entries a page, newest first. Every search is itself audited.</summary>
public sealed class SearchModel(SamplanDb db, CurrentUser me, AuditLog audit) : AuditSearchPageModel(db, me, audit)
{
    public const int PageSize = 50;

    public sealed record Row(AuditEntry Entry, string? DisplayName, string? OrganisationName, string? PersonName);

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasNextPage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (PageNumber < 1) PageNumber = 1;
        var search = await BuildSearchAsync(ct);
        if (search is null) return Page();
        var entries = await search.Query.Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasNextPage = entries.Count > PageSize;
        entries = [.. entries.Take(PageSize)];

        var organisations = await OrganisationNamesAsync(ct);
        var userIds = entries.Where(e => e.UserId != null).Select(e => e.UserId!.Value).Distinct().ToList();
        var names = await Db.UserAccounts.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var personIds = entries.Where(e => e.PersonId != null).Select(e => e.PersonId!.Value).Distinct().ToList();
        var persons = await Db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Rows = [.. entries.Select(e => new Row(e,
            e.UserId is { } u && names.TryGetValue(u, out var n) ? n : null,
            e.OrganisationId is { } o && organisations.TryGetValue(o, out var on) ? on : null,
            e.PersonId is { } p && persons.TryGetValue(p, out var pn) ? pn : null))];

        await Audit.WriteAsync(Me, AuditRole, "audit.search", search.PlanId, search.PersonId, null, true,
            $"Søk i revisjonsloggen: {search.Description}; side {PageNumber}, {Rows.Count} treff", ct);
        return Page();
    }
}
