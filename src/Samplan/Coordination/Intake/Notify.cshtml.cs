using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;
using Samplan.People;
using Samplan.Shared;

namespace Samplan.Coordination.Intake;

/// <summary>
/// N1, K1, K2, K8: any member of staff notifies a coordinating unit from the person's page — the link
/// opens this form filled in, one submit sends it. The sector (hospital, school, NAV…) follows from the
/// sender's organisation; a hospital says whether the patient is admitted, discharge-ready or an outpatient.
/// </summary>
public sealed class NotifyModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Messaging.MessagingOptions> messaging) : StaffPageModel(me, audit)
{
    public sealed record Unit(Guid OrganisationId, string OrganisationName, string UnitName, OrganisationKind Kind);

    [BindProperty(SupportsGet = true)] public Guid PersonId { get; set; }

    [BindProperty] public Guid ReceivingOrganisationId { get; set; }
    [BindProperty] public IntakeKind Kind { get; set; } = IntakeKind.NeedNotification;
    [BindProperty, Required(ErrorMessage = "Beskriv behovet meldingen gjelder.")] public string? Need { get; set; }
    [BindProperty] public IntakeUrgency Urgency { get; set; } = IntakeUrgency.Normal;
    [BindProperty] public HospitalStatus? HospitalStatus { get; set; }
    [BindProperty] public bool PersonAsked { get; set; }
    [BindProperty] public bool PersonWantsAssessment { get; set; }
    /// <summary>K8, C6: a coordinating unit in another Samplan deployment (<c>Messaging:Peers</c>) instead of one here; empty = here.</summary>
    [BindProperty] public string? Peer { get; set; }

    // C6: a call to a meeting before discharge, to a peer deployment's coordinating unit (the second form on the page).
    [BindProperty] public string? MeetingPeer { get; set; }
    [BindProperty] public DateTime? MeetingStart { get; set; }
    [BindProperty] public DateTime? MeetingEnd { get; set; }
    [BindProperty] public string? MeetingPlace { get; set; }
    [BindProperty] public string? MeetingAgenda { get; set; }
    /// <summary>Who from the hospital takes part: one «name, role» a line.</summary>
    [BindProperty] public string? MeetingParticipants { get; set; }
    [BindProperty] public bool MeetingPatientAgrees { get; set; }

    /// <summary>The peers with a coordinating unit to send to (name, what to call it).</summary>
    public IReadOnlyList<(string Name, string Label)> Peers =>
        [.. messaging.Value.Peers.Where(p => p.Value.BaseUrl.Length > 0 && p.Value.OrganisationNumber.Length == 9)
            .OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Name.Length > 0 ? p.Value.Name : p.Key))];

    public string PersonName { get; private set; } = "";
    public CurrentUser CurrentUser => Me;
    public bool FromHospital { get; private set; }
    public IReadOnlyList<Unit> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        ReceivingOrganisationId = DefaultUnit();
        Need = "Behov for individuell plan og koordinator";
        if (FromHospital) HospitalStatus = Domain.Coordination.HospitalStatus.Admitted;
        await Audit.WriteAsync(Me, AuditRole, "intake.notify.open", null, PersonId, null, true, "Skjema for melding til koordinerende enhet", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        if (Kind == IntakeKind.Request) Kind = IntakeKind.NeedNotification;
        if (!string.IsNullOrEmpty(Peer)) return await NotifyPeerAsync(ct);
        var receiving = Units.FirstOrDefault(u => u.OrganisationId == ReceivingOrganisationId);
        if (receiving is null)
        {
            ModelState.AddModelError(nameof(ReceivingOrganisationId), "Velg koordinerende enhet som skal motta meldingen.");
            return Page();
        }
        var sender = await db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == Me.StaffMemberId, ct);
        var senderOrg = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == sender.OrganisationId, ct);
        var sector = IntakeLabels.SectorOf(senderOrg.Kind);
        try
        {
            var c = IntakeCase.Receive(Guid.NewGuid(), receiving.OrganisationId,
                new IntakeReport(Kind, IntakeForm.Written, sector, HospitalStatus, sender.Id, sender.Name, senderOrg.Name, ReportedByThePerson: false,
                    PersonId, Need!, Urgency, PersonAsked, PersonWantsAssessment),
                new IntakeActor(Me.UserId, Me.DisplayName), clock.GetUtcNow().UtcDateTime);
            db.IntakeCases.Add(c);
            Audit.Add(Me, AuditRole, "intake.notify", null, PersonId, c.Id.ToString(), true, $"Melding sendt til {receiving.UnitName}");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        TempData["Status"] = $"Meldingen er sendt til {receiving.UnitName}.";
        return Redirect($"/persons/{PersonId}");
    }

    /// <summary>K8, C6: the notice goes to the peer deployment's coordinating unit as a FHIR message (outbox, with receipt and retries).</summary>
    async Task<IActionResult> NotifyPeerAsync(CancellationToken ct)
    {
        if (!messaging.Value.Peers.TryGetValue(Peer!, out var peer) || !Peers.Any(p => p.Name == Peer))
        {
            ModelState.AddModelError(nameof(Peer), "Velg en Samplan-installasjon fra listen.");
            return Page();
        }
        var sender = await db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == Me.StaffMemberId, ct);
        var senderOrg = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == sender.OrganisationId, ct);
        try
        {
            if (FromHospital && HospitalStatus is null)
                throw new DomainRuleException("K8", "Oppgi om pasienten er innlagt, utskrivningsklar eller poliklinisk.");
            if (Need!.Trim().Length > IntakeCase.MaxText) throw new DomainRuleException("N1", "Beskrivelsen av behovet er for lang.");
            var eventCode = HospitalStatus switch
            {
                Domain.Coordination.HospitalStatus.Admitted => Messaging.MessageBundles.Admitted,
                Domain.Coordination.HospitalStatus.DischargeReady => Messaging.MessageBundles.DischargeReady,
                Domain.Coordination.HospitalStatus.Outpatient => Messaging.MessageBundles.Outpatient,
                _ => Messaging.MessageBundles.NeedNotification,
            };
            var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == PersonId, ct);
            Messaging.MessagingEndpoints.QueueNotice(db, Audit, Me, AuditRole, person, Peer!, peer, eventCode, peer.OrganisationNumber,
                peer.Name.Length > 0 ? peer.Name : Peer!, Need!.Trim(), Urgency, PersonAsked, PersonAsked && PersonWantsAssessment, sender.Name, senderOrg,
                $"{Request.Scheme}://{Request.Host}{Request.PathBase}/fhir", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        TempData["Status"] = "Meldingen er lagt i utboksen og sendes. Se kvitteringen under Meldinger mellom virksomheter.";
        return Redirect($"/persons/{PersonId}");
    }

    /// <summary>
    /// C6, K8: the hospital calls the peer municipality's coordinating unit to a meeting before discharge, in agreement with
    /// the patient: a FHIR message (an Appointment, status proposed) through the outbox, with receipt and retries.
    /// </summary>
    public async Task<IActionResult> OnPostMeetingAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        ModelState.Clear(); // the notice form's fields are not part of this one
        if (!FromHospital)
        {
            await Audit.WriteAsync(Me, AuditRole, "intake.notify", null, PersonId, null, false, "Bare sykehuset kaller inn til møte før utskriving (C6)", ct);
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (string.IsNullOrEmpty(MeetingPeer) || !messaging.Value.Peers.TryGetValue(MeetingPeer, out var peer) || !Peers.Any(p => p.Name == MeetingPeer))
        {
            ModelState.AddModelError(nameof(MeetingPeer), "Velg en Samplan-installasjon fra listen.");
            return Page();
        }
        var sender = await db.StaffMembers.AsNoTracking().FirstAsync(s => s.Id == Me.StaffMemberId, ct);
        var senderOrg = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == sender.OrganisationId, ct);
        var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == PersonId, ct);
        try
        {
            Messaging.MessagingEndpoints.QueueMeetingCall(db, Audit, Me, AuditRole, person, MeetingPeer, peer, peer.OrganisationNumber,
                peer.Name.Length > 0 ? peer.Name : MeetingPeer, ToUtc(MeetingStart), ToUtc(MeetingEnd), MeetingPlace, MeetingAgenda,
                (MeetingParticipants ?? "").Split('\n'), MeetingPatientAgrees, sender.Name, senderOrg,
                $"{Request.Scheme}://{Request.Host}{Request.PathBase}/fhir", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return Page();
        }
        TempData["Status"] = "Innkallingen er lagt i utboksen og sendes. Se kvitteringen under Meldinger mellom virksomheter.";
        return Redirect($"/persons/{PersonId}");
    }

    static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>The form's times are Norwegian local time.</summary>
    static DateTime? ToUtc(DateTime? local) =>
        local is { } t ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), Oslo) : null;

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var name = await db.Persons.Where(p => p.Id == PersonId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        if (name is null) return false;
        PersonName = name;
        // K1: every municipality and hospital trust has one coordinating unit; list those.
        Units = await (from u in db.OrganisationUnits
                       where u.IsCoordinatingUnit
                       join o in db.Organisations on u.OrganisationId equals o.Id
                       orderby o.Name
                       select new Unit(o.Id, o.Name, u.Name, o.Kind)).ToListAsync(ct);
        FromHospital = await db.Organisations.AnyAsync(o => o.Id == Me.OrganisationId && o.Kind == OrganisationKind.HospitalTrust, ct);
        return true;
    }

    /// <summary>The sender's own municipality; from the hospital or another sector, the first municipality (K8).</summary>
    Guid DefaultUnit() =>
        (Units.FirstOrDefault(u => u.OrganisationId == Me.OrganisationId && u.Kind == OrganisationKind.Municipality)
            ?? Units.FirstOrDefault(u => u.Kind == OrganisationKind.Municipality) ?? Units.FirstOrDefault())?.OrganisationId ?? Guid.Empty;
}
