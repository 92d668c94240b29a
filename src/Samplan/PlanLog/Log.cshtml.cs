using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.PlanLog;

/// <summary>
/// R5, R8, R12: the plan log. Short dated entries by the coordinator, the covered participants and the person,
/// each tagged with the kind of information it holds; a reader sees only the entries whose kind the consent
/// lets them see. Entries are never changed: a correction is a new entry pointing to the old one.
/// </summary>
public sealed class PlanLogModel(PlanGate gate, SamplanDb db, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>The kinds an entry may be tagged with (minutes belong to meetings).</summary>
    public static readonly InformationKind[] Taggable = [InformationKind.PlanLog, InformationKind.GoalsAndMeasures,
        InformationKind.HealthInformation, InformationKind.SocialAndNavInformation, InformationKind.SchoolInformation];

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public DateOnly? On { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public InformationKind Kind { get; set; } = InformationKind.PlanLog;
    /// <summary>The entry a new one corrects (from the "correct" link, kept in the form).</summary>
    [BindProperty(SupportsGet = true)] public Guid? Corrects { get; set; }

    public IndividualPlan Plan { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    /// <summary>The entries this user may see, newest first.</summary>
    public IReadOnlyList<PlanLogEntry> Entries { get; private set; } = [];
    public IReadOnlyList<InformationKind> WritableKinds { get; private set; } = [];
    public PlanLogEntry? Correcting { get; private set; }
    public DateOnly Today => gate.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        On ??= Today;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (WritableKinds.Count == 0) return Forbid();
        if (Corrects is not null && Correcting is null)
            ModelState.AddModelError(string.Empty, "Fant ikke loggføringen som skal rettes.");
        var kind = Correcting?.Kind ?? Kind;
        if (!PlanAccessPolicy.MayWriteLog(gate.User, Plan, kind, Today))
            ModelState.AddModelError(string.Empty, "Du kan bare merke en loggføring med opplysninger du selv har lov til å se. (R8)");
        if (!ModelState.IsValid) return Page();
        try
        {
            var decision = gate.Decide(Plan, PlanAction.Read, PlanPart.Log);
            var entry = PlanLogEntry.Write(Guid.NewGuid(), Plan, On ?? Today, Text, kind, gate.User.UserId, gate.User.DisplayName,
                RoleOf(decision.Role), Today, clock.GetUtcNow().UtcDateTime, Correcting);
            db.PlanLogEntries.Add(entry);
            audit.Add(gate.User, decision.Role, "plan.log.write", Plan.Id, Plan.PersonId, nameof(PlanPart.Log), true,
                Correcting is null ? "Ført i planloggen" : "Rettelse ført i planloggen");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        TempData["Status"] = "Ført i planloggen.";
        return Redirect($"/plans/{Id}/log");
    }

    /// <summary>The entry that corrects this one, if any (the newest when corrected more than once).</summary>
    public PlanLogEntry? CorrectionOf(PlanLogEntry entry) => Entries.FirstOrDefault(e => e.CorrectsEntryId == entry.Id);

    public PlanLogEntry? Corrected(PlanLogEntry correction) => Entries.FirstOrDefault(e => e.Id == correction.CorrectsEntryId);

    public bool MayCorrect(PlanLogEntry entry) => WritableKinds.Contains(entry.Kind);

    /// <summary>Reads the plan through the gate (audited as a read of the log) and the entries this user may see.</summary>
    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var plan = await gate.ReadAsync(Id, PlanPart.Log, ct);
        if (plan is null) return false;
        Plan = plan;
        PersonName = await gate.PersonNameAsync(plan, ct);
        var all = await db.PlanLogEntries.AsNoTracking().Where(e => e.PlanId == plan.Id)
            .OrderByDescending(e => e.On).ThenByDescending(e => e.WrittenAt).ToListAsync(ct);
        // R8: each entry is shared as the kind of information it holds.
        Entries = all.Where(e => gate.MaySee(plan, e.Kind)).ToList();
        WritableKinds = Taggable.Where(k => PlanAccessPolicy.MayWriteLog(gate.User, plan, k, Today)).ToList();
        Correcting = Corrects is { } id ? Entries.FirstOrDefault(e => e.Id == id) : null;
        return true;
    }

    string RoleOf(string role) => role switch
    {
        "person" => "Personen selv",
        "koordinator" => "Koordinator",
        "planstarter" => "Startet planarbeidet",
        _ => Plan.Participants.FirstOrDefault(p => p.StaffMemberId == gate.User.StaffMemberId && gate.User.StaffMemberId != null) is { } me
            ? Labels.Role(me.Role)
            : role,
    };
}
