using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.People;

/// <summary>"Finn person": by name (contains) or by exact identity number. Staff only, every search audited.</summary>
public sealed class SearchModel(SamplanDb db, PlanGate gate, CurrentUser me, AuditLog audit) : StaffPageModel(me, audit)
{
    public const int MaxHits = 50;

    /// <summary>
    /// Rows read for the in-memory name check of a query with non-ASCII letters (see below); an ASCII query is exact in
    /// SQL and reads only the hits shown, which keeps a common surname at national scale to one short index walk.
    /// </summary>
    const int MaxCandidates = 1000;

    /// <summary>
    /// Most persons taken from the trigram index of names (SQLite). A name with more is common enough that walking the
    /// name index in order finds the first hits within a few thousand rows; fewer, and the walk could read every name.
    /// </summary>
    const int MaxNamed = 200;

    /// <summary>A hit. <see cref="PlanId"/> is set only for a plan the user may read (R8).</summary>
    public sealed record Hit(Guid PersonId, string Name, DateOnly BirthDate, Guid? PlanId, PlanStatus? PlanStatus);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<Hit> Hits { get; private set; } = [];
    public bool Searched { get; private set; }
    public bool MoreThanMax { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = Query?.Trim() ?? "";
        if (query.Length == 0) return;
        var digits = query.Replace(" ", "", StringComparison.Ordinal);
        var byNumber = digits.Length > 0 && digits.All(char.IsAsciiDigit);
        if (byNumber && digits.Length != 11)
        {
            ModelState.AddModelError("q", "Søk på fødselsnummer krever alle 11 sifrene.");
            return;
        }
        if (!byNumber && query.Length < 2)
        {
            ModelState.AddModelError("q", "Skriv minst 2 tegn av navnet.");
            return;
        }
        if (query.Length > 100)
        {
            ModelState.AddModelError("q", "Søket kan ha høyst 100 tegn.");
            return;
        }

        var persons = db.Persons.AsNoTracking();
        var exactInSql = byNumber || query.All(char.IsAscii);
        if (byNumber)
            persons = persons.Where(p => p.NationalIdentityNumber == digits);
        else
        {
            // lower() and LIKE translate on SQLite and PostgreSQL, but SQLite folds only ASCII case. So
            // non-ASCII letters (æ, ø, å, á …) match any one character in SQL, and the exact
            // case-insensitive check is made here on the candidates.
            var pattern = "%" + string.Concat(query.ToLowerInvariant().Select(c => char.IsAscii(c) ? EscapeLike(c) : "_")) + "%";
            if (db.Database.IsSqlite() && await NamedInTrigramIndexAsync(pattern, ct) is { } named)
                persons = persons.Where(p => named.Contains(p.Id));
            persons = persons.Where(p => EF.Functions.Like(p.Name.ToLower(), pattern, "\\"));
        }
        var candidates = await persons.OrderBy(p => p.Name).ThenBy(p => p.BirthDate)
            .Select(p => new { p.Id, p.Name, p.BirthDate })
            .Take(exactInSql ? MaxHits + 1 : MaxCandidates).ToListAsync(ct);
        var found = candidates.Where(p => exactInSql || p.Name.Contains(query, StringComparison.InvariantCultureIgnoreCase))
            .Take(MaxHits + 1).ToList();
        MoreThanMax = found.Count > MaxHits;
        found = [.. found.Take(MaxHits)];

        var ids = found.Select(p => p.Id).ToList();
        var plans = await gate.Readable().Where(p => ids.Contains(p.PersonId))
            .Select(p => new { p.PersonId, p.Id, p.Status, p.CreatedAt }).ToListAsync(ct);
        // One link per person: the open plan if there is one (R2), else the newest closed one.
        var planOf = plans.GroupBy(p => p.PersonId).ToDictionary(g => g.Key,
            g => g.OrderBy(p => p.Status is PlanStatus.Draft or PlanStatus.Active ? 0 : 1).ThenByDescending(p => p.CreatedAt).First());
        Hits = [.. found.Select(p => planOf.TryGetValue(p.Id, out var plan)
            ? new Hit(p.Id, p.Name, p.BirthDate, plan.Id, plan.Status)
            : new Hit(p.Id, p.Name, p.BirthDate, null, null))];
        Searched = true;

        // The log must not hold a whole identity number typed into a search box; a name query is kept.
        var logged = byNumber ? "fnr ******" + digits[6..] : "navn «" + query + "»";
        await Audit.WriteAsync(Me, AuditRole, "person.search", null, byNumber && Hits.Count == 1 ? Hits[0].PersonId : null,
            null, true, $"{logged}: {Hits.Count}{(MoreThanMax ? "+" : "")} treff", ct);
    }

    /// <summary>
    /// SQLite: the persons whose name may match, from the trigram index of names (the FTS5 table <c>PersonNames</c> kept by
    /// triggers, migration PersonNameTrigrams) — so a rare name or a typo is not a walk through every name. Null when the
    /// index cannot help: a pattern without three letters in a row (or with an escaped wildcard), or more than
    /// <see cref="MaxNamed"/> names, for which walking the name index in order finds the first hits sooner. PostgreSQL's
    /// planner makes the same choice itself with the pg_trgm index on lower("Name").
    /// </summary>
    async Task<List<Guid>?> NamedInTrigramIndexAsync(string pattern, CancellationToken ct)
    {
        if (pattern.Contains('\\', StringComparison.Ordinal) || !pattern.Split('_', '%').Any(run => run.Length >= 3)) return null;
        var named = await db.Database
            .SqlQuery<Guid>($"SELECT \"PersonId\" AS \"Value\" FROM \"PersonNames\" WHERE \"Name\" LIKE {pattern} LIMIT {MaxNamed + 1}")
            .ToListAsync(ct);
        return named.Count <= MaxNamed ? named : null;
    }

    static string EscapeLike(char c) => c is '\\' or '%' or '_' ? "\\" + c : c.ToString();
}
