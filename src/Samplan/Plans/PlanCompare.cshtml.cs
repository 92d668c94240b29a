using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Shared;

namespace Samplan.Plans;

/// <summary>
/// R5: two versions of the plan side by side as readable lines — what was removed, what was added.
/// Bad input (not a number, unknown version, the same version twice) is a 400 with a message on the
/// page and the form to try again, never a 500.
/// </summary>
public sealed class PlanCompareModel(PlanGate gate, SamplanDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>A run of diff lines: either changed lines, or unchanged lines that can be folded away.</summary>
    public sealed record Block(bool Unchanged, IReadOnlyList<(char Kind, string Line)> Lines);

    [FromQuery(Name = "from")]
    public string? FromText { get; set; }

    [FromQuery(Name = "to")]
    public string? ToText { get; set; }

    public Guid PlanId { get; private set; }
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<PlanRevision> Revisions { get; private set; } = [];
    public PlanRevision? From { get; private set; }
    public PlanRevision? To { get; private set; }
    public bool Swapped { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<Block> Blocks { get; private set; } = [];
    public int Removed { get; private set; }
    public int Added { get; private set; }
    public int Unchanged { get; private set; }

    /// <summary>The saved changes after <see cref="From"/> up to and including <see cref="To"/>, oldest first.</summary>
    public IReadOnlyList<PlanRevision> Between { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(id, PlanPart.History, ct);
        if (plan is null) return NotFound();
        PlanId = plan.Id;
        PersonName = (await db.Persons.FindAsync([plan.PersonId], ct))?.Name ?? "";
        Revisions = await gate.RevisionsAsync(plan.Id, ct);

        var error = Choose();
        if (error is not null)
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var diff = PlanSnapshot.Compare(From!.SnapshotLines, To!.SnapshotLines);
        Removed = diff.Count(d => d.Kind == '-');
        Added = diff.Count(d => d.Kind == '+');
        Unchanged = diff.Count(d => d.Kind == ' ');
        Blocks = Group(diff);
        Between = Revisions.Where(r => r.Version > From.Version && r.Version <= To.Version).OrderBy(r => r.Version).ToList();
        return Page();
    }

    /// <summary>Picks the two revisions from the query, or explains in words why it cannot.</summary>
    string? Choose()
    {
        if (Revisions.Count < 2) return l["Planen har bare én versjon, så det er ingenting å sammenligne ennå."];
        if (string.IsNullOrWhiteSpace(FromText) && string.IsNullOrWhiteSpace(ToText))
        {
            (From, To) = (Revisions[1], Revisions[0]);
            return null;
        }
        if (!TryVersion(FromText, out var from) || !TryVersion(ToText, out var to))
            return l["Velg to versjoner å sammenligne. Versjonene må være hele tall."];
        if (from == to) return l["Velg to forskjellige versjoner for å se hva som er endret."];
        if (from > to)
        {
            (from, to) = (to, from);
            Swapped = true;
        }
        From = Revisions.FirstOrDefault(r => r.Version == from);
        To = Revisions.FirstOrDefault(r => r.Version == to);
        var missing = From is null ? from : To is null ? to : (int?)null;
        return missing is { } m
            ? l["Versjon {0} finnes ikke. Planen har versjon {1} til {2}.", m, Revisions[^1].Version, Revisions[0].Version].Value
            : null;
    }

    static bool TryVersion(string? text, out int version) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;

    static List<Block> Group(IReadOnlyList<(char Kind, string Line)> diff)
    {
        var blocks = new List<Block>();
        var run = new List<(char, string)>();
        bool? unchanged = null;
        foreach (var d in diff)
        {
            var same = d.Kind == ' ';
            if (unchanged is { } u && u != same)
            {
                blocks.Add(new Block(u, run));
                run = [];
            }
            unchanged = same;
            run.Add(d);
        }
        if (unchanged is { } last) blocks.Add(new Block(last, run));
        return blocks;
    }
}
