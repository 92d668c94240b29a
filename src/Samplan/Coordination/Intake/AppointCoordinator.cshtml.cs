using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Coordination.Coordinators;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Coordination.Intake;

/// <summary>
/// C1: the coordinating unit appoints a coordinator for a person who has declined an individual plan. The
/// person's (and relatives') wish comes first (C2), then who consented (R3, only those who may, S1–S4), then the
/// unit's own staff with caseload and training (K3); in a hospital trust only health personnel (C3). One running
/// appointment per person, and none beside an open plan (C1). K4: the person's coordinator-only cases in this
/// unit's inbox get the appointment recorded, in the same save as the appointment and its audit entry.
/// </summary>
public sealed class AppointCoordinatorModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : IntakePageModel(db, me, audit, clock)
{
    [BindProperty(SupportsGet = true)] public Guid PersonId { get; set; }
    [BindProperty] public string? Wish { get; set; }
    [BindProperty] public Guid? WishedStaffMemberId { get; set; }
    /// <summary>"person" or the id of a related person who gave the consent (<see cref="ConsentGiverChoice"/>).</summary>
    [BindProperty] public string? GivenBy { get; set; }
    [BindProperty] public Guid StaffMemberId { get; set; }

    public string PersonName { get; private set; } = "";
    public ConsentAuthorityDecision WhoMayConsent { get; private set; } = null!;
    public PersonsCoordination Existing { get; private set; } = PersonsCoordination.None;
    public IReadOnlyList<CoordinatorRow> Candidates { get; private set; } = [];
    /// <summary>K4: the person's coordinator-only cases in this unit that wait for the coordinator.</summary>
    public IReadOnlyList<DateTime> WaitingCasesReceivedAt { get; private set; } = [];

    public bool MayAppoint => !Existing.HasOpenPlan && !Existing.HasRunningAppointment;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        GivenBy = ConsentGiverChoice.Default(WhoMayConsent);
        await Audit.WriteAsync(Me, AuditRole, "appointment.form.read", null, PersonId, null, true, "Oppnevning av koordinator uten plan", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            if (!ConsentGiverChoice.TryParse(GivenBy, out var relatedId) || WhoMayConsent.Find(relatedId) is not { } giver)
                throw new DomainRuleException("R3", "Velg hvem som ga samtykket.");
            var coordinator = await Db.StaffMembers.FirstOrDefaultAsync(s => s.Id == StaffMemberId && s.OrganisationId == Organisation, ct)
                ?? throw new DomainRuleException("C2", "Velg en koordinator fra listen.");
            var wished = WishedStaffMemberId is { } w
                ? await Db.StaffMembers.FirstOrDefaultAsync(s => s.Id == w && s.OrganisationId == Organisation, ct)
                : null;
            var appointment = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), PersonId, coordinator, Today, giver.Name,
                new CoordinatorWish(Wish ?? "", wished), Existing);
            Db.CoordinatorAppointments.Add(appointment);
            await RecordOnIntakeCasesAsync(ct);
            // K8, C6: the hospital whose notice the case came from is told (outbox, same save).
            await Messaging.PeerReplies.QueueCoordinatorAppointedAsync(Db, PersonId, coordinator, Now, ct);
            Audit.Add(Me, AuditRole, "appointment.created", null, PersonId, appointment.Id.ToString(), true,
                $"Koordinator uten individuell plan oppnevnt: {coordinator.Name}");
            await Db.SaveChangesAsync(ct);
            TempData["Status"] = "Koordinator er oppnevnt.";
            return Redirect($"/coordination/appointments/{appointment.Id}");
        }
        catch (DomainRuleException e)
        {
            return await RefusedAsync(e, ct);
        }
        catch (DbUpdateException)
        {
            // C1: another appointment for the person was saved at the same moment (unique running index).
            return await RefusedAsync(new DomainRuleException("C1", "Personen har allerede en koordinator uten individuell plan. Avslutt den oppnevnelsen først."), ct);
        }
    }

    async Task<IActionResult> RefusedAsync(DomainRuleException e, CancellationToken ct)
    {
        Db.ChangeTracker.Clear();
        DomainErrors.Add(ModelState, e);
        await Audit.WriteAsync(Me, AuditRole, "appointment.created", null, PersonId, null, false, $"{e.Message} ({e.Rule})", ct);
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>K4: as the plan's coordinator page does for plans, but for the cases that ended in a coordinator only.</summary>
    async Task RecordOnIntakeCasesAsync(CancellationToken ct)
    {
        var cases = await Db.IntakeCases.Where(c => c.PersonId == PersonId && c.ReceivingOrganisationId == Organisation
                && c.Outcome == IntakeOutcome.CoordinatorOnly && c.CoordinatorAppointedAt == null)
            .ToListAsync(ct);
        foreach (var c in cases)
            c.RecordCoordinatorAppointed(Actor, Now, t => DateOnly.FromDateTime(OsloTime.From(t)));
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var person = await Db.Persons.AsNoTracking().Include(p => p.Relations).FirstOrDefaultAsync(p => p.Id == PersonId, ct);
        if (person is null) return false;
        PersonName = person.Name;
        WhoMayConsent = ConsentAuthority.WhoMayConsent(person, Today, ConsentAuthority.IndividualPlanMatter);
        Existing = new PersonsCoordination(
            await Db.Plans.AnyAsync(p => p.PersonId == PersonId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active), ct),
            await Db.CoordinatorAppointments.AnyAsync(a => a.PersonId == PersonId && a.EndedOn == null, ct));
        Candidates = await CoordinatorFigures.Of(Db, Db.StaffMembers.Where(s => s.OrganisationId == Organisation)).ToListAsync(ct);
        WaitingCasesReceivedAt = await Db.IntakeCases.Where(c => c.PersonId == PersonId && c.ReceivingOrganisationId == Organisation
                && c.Outcome == IntakeOutcome.CoordinatorOnly && c.CoordinatorAppointedAt == null)
            .OrderBy(c => c.ReceivedAt).Select(c => c.ReceivedAt).ToListAsync(ct);
        return true;
    }
}
