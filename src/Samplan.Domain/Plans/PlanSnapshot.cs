using Samplan.Domain.Shared;

namespace Samplan.Domain.Plans;

/// <summary>
/// A readable, line-by-line rendering of the whole plan, stored with each revision so two revisions
/// can be compared as text a coordinator understands ("Mål: Gå til butikken selv", not column names).
/// </summary>
public static class PlanSnapshot
{
    public static IReadOnlyList<string> Render(IndividualPlan plan)
    {
        var lines = new List<string>
        {
            $"Status: {Labels.Status(plan.Status)}",
            $"Ansvarlig: {plan.ResponsibleOrganisationName}",
            $"Koordinator: {plan.CoordinatorName ?? "(ikke oppnevnt)"}",
            $"Hva er viktig for deg: {plan.WhatMattersToPerson ?? ""}",
            $"Planperiode: {plan.PeriodStart:yyyy-MM-dd} – {plan.PeriodEnd:yyyy-MM-dd}",
            $"Neste revisjon: {plan.NextRevisionDate:yyyy-MM-dd}",
            $"Neste evaluering: {plan.NextEvaluationDate:yyyy-MM-dd}",
        };
        foreach (var goal in plan.Goals.Where(g => g.ParentGoalId is null).OrderBy(g => g.Text, StringComparer.Ordinal))
        {
            lines.Add($"Mål: {goal.Text} [{Labels.Goal(goal.Status)}] {goal.TargetDate:yyyy-MM-dd}".TrimEnd());
            foreach (var sub in plan.Goals.Where(g => g.ParentGoalId == goal.Id).OrderBy(g => g.Text, StringComparer.Ordinal))
                lines.Add($"  Delmål: {sub.Text} [{Labels.Goal(sub.Status)}] {sub.TargetDate:yyyy-MM-dd}".TrimEnd());
        }
        lines.AddRange(plan.Needs.OrderBy(n => n.Area).ThenBy(n => n.Description, StringComparer.Ordinal)
            .Select(n => $"Behov ({Labels.Icf(n.Area)}): {n.Description}"));
        lines.AddRange(plan.Resources.OrderBy(r => r.Description, StringComparer.Ordinal).Select(r => $"Ressurs: {r.Description}"));
        lines.AddRange(plan.Participants.OrderBy(p => p.Role).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"Deltaker: {p.Name} ({Labels.Role(p.Role)}) – bidrag: {p.Contribution}"));
        var names = plan.Participants.ToDictionary(p => p.Id, p => p.Name);
        lines.AddRange(plan.Measures.OrderBy(m => m.Title, StringComparer.Ordinal).Select(m =>
            $"Tiltak: {m.Title}; omfang: {m.Scope}; ansvarlig: {(m.ResponsibleParticipantId is { } id && names.TryGetValue(id, out var n) ? n : m.ResponsibleOrganisationName)}; " +
            $"gjennomføring: {m.HowCarriedOut}; {m.Start:yyyy-MM-dd}–{m.End:yyyy-MM-dd}; {Labels.Measure(m.Status)}"));
        lines.AddRange(plan.Collaborations.OrderBy(c => c.Agency, StringComparer.Ordinal).Select(c => $"Samarbeid: {c.Agency} – {c.Purpose}"));
        lines.AddRange(plan.SubPlans.OrderBy(s => s.Title, StringComparer.Ordinal).Select(s => $"Delplan ({Labels.SubPlan(s.Kind)}): {s.Title} {s.Link}".TrimEnd()));
        lines.AddRange(plan.Consents.OrderBy(c => c.GivenOn).Select(c =>
            $"Samtykke: {c.GivenBy} ({Labels.Giver(c.GiverRole)}, {Labels.Form(c.Form)}) {c.GivenOn:yyyy-MM-dd}–{c.ValidTo:yyyy-MM-dd}{(c.WithdrawnOn is { } w ? $" trukket {w:yyyy-MM-dd}" : "")}"));
        if (plan.ClosingReason is not null) lines.Add($"Avsluttet: {plan.ClosingReason}");
        return lines;
    }

    /// <summary>A line diff (longest common subsequence): lines only in the old one, only in the new one, or in both.</summary>
    public static IReadOnlyList<(char Kind, string Line)> Compare(IReadOnlyList<string> older, IReadOnlyList<string> newer)
    {
        var lcs = new int[older.Count + 1, newer.Count + 1];
        for (var i = older.Count - 1; i >= 0; i--)
            for (var j = newer.Count - 1; j >= 0; j--)
                lcs[i, j] = older[i] == newer[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var result = new List<(char, string)>();
        int a = 0, b = 0;
        while (a < older.Count && b < newer.Count)
        {
            if (older[a] == newer[b]) { result.Add((' ', older[a])); a++; b++; }
            else if (lcs[a + 1, b] >= lcs[a, b + 1]) result.Add(('-', older[a++]));
            else result.Add(('+', newer[b++]));
        }
        while (a < older.Count) result.Add(('-', older[a++]));
        while (b < newer.Count) result.Add(('+', newer[b++]));
        return result;
    }
}
