using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Audit;

/// <summary>
/// The privacy officer's search over the audit log, shared by the page (<c>/admin/audit</c>) and the
/// CSV export (<c>/admin/audit/export</c>) so both read exactly the same entries.
/// </summary>
public abstract class AuditSearchPageModel(SamplanDb db, CurrentUser me, AuditLog audit) : PrivacyOfficerPageModel(me, audit)
{
    /// <summary>Actions offered in the search form (any other text is searched for as typed).</summary>
    public static readonly string[] KnownActions =
    [
        "plan.read", "plan.open-for-change", "plan.change", "plan.list", "person.read", "person.search", "person.create",
        "person.change", "person.denied", "sign-in", "audit.search", "audit.export", "audit.verify", "audit.readers", "audit.denied",
    ];

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserName { get; set; }

    [BindProperty(SupportsGet = true, Name = "plan")]
    public Guid? PlanId { get; set; }

    /// <summary>Identity number (11 digits) or part of a name.</summary>
    [BindProperty(SupportsGet = true, Name = "person")]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? AuditAction { get; set; }

    /// <summary>"" (all), "allowed" or "denied".</summary>
    [BindProperty(SupportsGet = true, Name = "outcome")]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "emergency")]
    public bool EmergencyOnly { get; set; }

    /// <summary>First day (Norwegian time), inclusive.</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    /// <summary>Last day (Norwegian time), inclusive.</summary>
    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    protected SamplanDb Db => db;

    /// <summary>The search as a query string (without the page number), for paging and export links.</summary>
    public string SearchQueryString(int? pageNumber = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
        }
        Add("user", UserName);
        Add("plan", PlanId?.ToString());
        Add("person", Person);
        Add("action", AuditAction);
        Add("outcome", Outcome);
        if (EmergencyOnly) Add("emergency", "true");
        Add("from", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (pageNumber is > 1) Add("p", pageNumber.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>The matching entries, newest first; null (with errors in ModelState) when the search cannot be run.</summary>
    protected async Task<Search?> BuildSearchAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return null;
        var query = db.AuditEntries.AsNoTracking();
        var said = new List<string>();
        Guid? onePerson = null;

        if (!string.IsNullOrWhiteSpace(UserName))
        {
            var name = UserName.Trim().ToLowerInvariant();
            query = query.Where(e => e.UserName == name);
            said.Add($"bruker «{name}»");
        }
        if (PlanId is { } planId)
        {
            query = query.Where(e => e.PlanId == planId);
            said.Add($"plan {planId}");
        }
        if (!string.IsNullOrWhiteSpace(Person))
        {
            var (ids, logged) = await FindPersonsAsync(Person.Trim(), ct);
            if (ids is null) return null;
            query = query.Where(e => ids.Contains(e.PersonId));
            if (ids.Count == 1) onePerson = ids[0];
            said.Add($"person {logged} ({ids.Count} personer)");
        }
        if (!string.IsNullOrWhiteSpace(AuditAction))
        {
            var action = AuditAction.Trim();
            query = query.Where(e => e.Action == action);
            said.Add($"handling {action}");
        }
        switch (Outcome)
        {
            case "allowed":
                query = query.Where(e => e.Allowed);
                said.Add("tillatt");
                break;
            case "denied":
                query = query.Where(e => !e.Allowed);
                said.Add("avvist");
                break;
        }
        if (EmergencyOnly)
        {
            query = query.Where(e => e.Emergency);
            said.Add("bare nødtilgang");
        }
        if (From is { } from)
        {
            var start = OsloTime.StartOfDayUtc(from);
            query = query.Where(e => e.At >= start);
            said.Add($"fra {from:yyyy-MM-dd}");
        }
        if (To is { } to)
        {
            if (From is { } f && to < f)
            {
                ModelState.AddModelError("to", "Til-datoen kan ikke være før fra-datoen.");
                return null;
            }
            var end = OsloTime.StartOfDayUtc(to.AddDays(1));
            query = query.Where(e => e.At < end);
            said.Add($"til {to:yyyy-MM-dd}");
        }
        var description = said.Count == 0 ? "hele loggen" : string.Join(", ", said);
        return new Search(query.OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence),
            description.Length > 400 ? description[..400] + "…" : description, PlanId, onePerson);
    }

    /// <summary>Person ids for an identity number or part of a name (at most 50); the text for the log hides most of a number.</summary>
    async Task<(List<Guid?>? Ids, string Logged)> FindPersonsAsync(string text, CancellationToken ct)
    {
        var digits = text.Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            if (digits.Length != 11)
            {
                ModelState.AddModelError("person", "Søk på fødselsnummer krever alle 11 sifrene.");
                return (null, "");
            }
            var byNumber = await db.Persons.AsNoTracking().Where(p => p.NationalIdentityNumber == digits)
                .Select(p => (Guid?)p.Id).ToListAsync(ct);
            return (byNumber, "fnr ******" + digits[6..]);
        }
        if (text.Length is < 2 or > 100)
        {
            ModelState.AddModelError("person", "Skriv 2–100 tegn av navnet, eller hele fødselsnummeret.");
            return (null, "");
        }
        // As in the person search: SQLite folds only ASCII case, so non-ASCII letters match any one
        // character in SQL and the exact case-insensitive check is made here.
        var pattern = "%" + string.Concat(text.ToLowerInvariant().Select(c => char.IsAscii(c) ? Escape(c) : "_")) + "%";
        var candidates = await db.Persons.AsNoTracking().Where(p => EF.Functions.Like(p.Name.ToLower(), pattern, "\\"))
            .OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).Take(1000).ToListAsync(ct);
        var ids = candidates.Where(p => p.Name.Contains(text, StringComparison.InvariantCultureIgnoreCase))
            .Take(50).Select(p => (Guid?)p.Id).ToList();
        return (ids, $"navn «{text}»");
    }

    static string Escape(char c) => c is '\\' or '%' or '_' ? "\\" + c : c.ToString();

    /// <summary>Organisation names by id, for showing entries (the table is small).</summary>
    protected async Task<Dictionary<Guid, string>> OrganisationNamesAsync(CancellationToken ct) =>
        await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);

    protected sealed record Search(IQueryable<AuditEntry> Query, string Description, Guid? PlanId, Guid? PersonId);

    /// <summary>A CSV field: quoted when it holds the separator, a quote or a line break; a leading =, +, - or @ is defused so a spreadsheet does not run it as a formula.</summary>
    public static string Csv(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([';', '"', '\n', '\r', ',']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    protected static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
