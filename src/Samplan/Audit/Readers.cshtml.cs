using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Audit;

/// <summary>
/// "Hvem har lest planen min": a citizen sees who read, changed or tried to open their plan, and a
/// parent with parental responsibility or a guardian for personal matters (S2, S3) sees it for the person
/// they act for now (chosen at sign-in or on /my/representing, checked against who may consent). The page
/// takes no person or plan from the request. Reading it is audited.
/// </summary>
public sealed class ReadersModel(SamplanDb db, CurrentUser me, AuditLog audit) : PageModel
{
    public const int MaxEntries = 200;

    public sealed record Reader(DateTime At, string Who, string Role, string? Organisation, string What, bool Allowed,
        bool Emergency, string? Purpose);

    /// <summary>One person the user may see the log for: themselves, or someone they represent.</summary>
    public sealed record Section(Guid PersonId, string PersonName, string Relation, bool HasPlan, IReadOnlyList<Reader> Readers, bool MoreThanMax);

    public IReadOnlyList<Section> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var account = me.Has(SystemRole.Citizen)
            ? await db.UserAccounts.AsNoTracking().SingleOrDefaultAsync(u => u.Id == me.UserId, ct)
            : null;
        if (account is null)
        {
            await audit.WriteAsync(me, "", "audit.readers", null, null, null, false, "Siden er for innbyggere", ct);
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        // A parent or guardian who has not chosen whom they act for chooses first.
        if (me.PersonId is null) return Redirect("/my/representing");
        // The person the user is, or acts for now (S2, S3: checked when they signed in or switched, /my/representing).
        var persons = new List<(Guid PersonId, string Relation, string Role)>();
        if (me.PersonId is { } actingFor)
        {
            if (me.ActingAsRelatedPersonId is { } relatedId
                && await db.RelatedPersons.AsNoTracking().SingleOrDefaultAsync(r => r.Id == relatedId && r.PersonId == actingFor, ct) is { } relation)
                persons.Add((actingFor, relation.Kind == RelationKind.Guardian ? "den du er verge for" : "barnet ditt",
                    relation.Kind == RelationKind.Guardian ? "verge" : "forelder"));
            else if (me.ActingAsRelatedPersonId is null && account.PersonId == actingFor)
                persons.Add((actingFor, "deg", "person"));
        }

        var sections = new List<Section>();
        // Written after the reads, each through the audit writer's group commit (not a transaction of this page's own, which
        // would queue every reader behind the chain's append lock); the page is answered once they are durable.
        var read = new List<(Guid? PlanId, Guid PersonId, string Role, string Reason)>();
        foreach (var (personId, relationText, role) in persons)
        {
            var person = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == personId, ct);
            var planIds = await db.Plans.AsNoTracking().Where(p => p.PersonId == personId).Select(p => (Guid?)p.Id).ToListAsync(ct);
            var viewer = me.UserId;
            var entries = await db.AuditEntries.AsNoTracking()
                .Where(e => planIds.Contains(e.PlanId) && (e.Action.StartsWith("plan.") || e.Emergency) && e.UserId != viewer)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence)
                .Take(MaxEntries + 1).ToListAsync(ct);
            var userIds = entries.Where(e => e.UserId != null).Select(e => e.UserId!.Value).Distinct().ToList();
            var names = await db.UserAccounts.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            var organisationIds = entries.Where(e => e.OrganisationId != null).Select(e => e.OrganisationId!.Value).Distinct().ToList();
            var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            var readers = entries.Take(MaxEntries).Select(e => new Reader(e.At,
                e.UserId is { } u && names.TryGetValue(u, out var n) ? n : e.UserName,
                AuditText.Role(e.Role),
                e.OrganisationId is { } o && organisations.TryGetValue(o, out var on) ? on : null,
                AuditText.What(e), e.Allowed, e.Emergency, e.Purpose)).ToList();
            sections.Add(new Section(personId, person.Name, relationText, planIds.Count > 0, readers, entries.Count > MaxEntries));

            if (planIds.Count == 0)
                read.Add((null, personId, role, "Hvem har lest planen (ingen plan)"));
            foreach (var planId in planIds)
                read.Add((planId, personId, role, $"Hvem har lest planen ({readers.Count} oppføringer)"));
        }
        Sections = sections;
        if (persons.Count == 0)
            await audit.WriteAsync(me, "", "audit.readers", null, null, null, true, "Ingen personer å vise", ct);
        foreach (var (planId, personId, role, reason) in read)
            await audit.WriteAsync(me, role, "audit.readers", planId, personId, null, true, reason, ct);
        return Page();
    }
}
