using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Shared;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Coordination.Intake;

/// <summary>
/// Base for the coordinating unit's pages (K1): only staff of a coordinating unit get in, and each case
/// only for the unit of the organisation that received it. Everyone else gets 403, audited, before any
/// handler runs. Every read and every step is written to the audit log (actions "intake.*").
/// </summary>
public abstract class IntakePageModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : PageModel
{
    protected const string AuditRole = "koordinerende enhet";

    protected SamplanDb Db => db;
    protected CurrentUser Me => me;
    protected AuditLog Audit => audit;
    protected DateTime Now => clock.GetUtcNow().UtcDateTime;
    public DateOnly Today => OsloTime.Today(clock);

    /// <summary>The KE's organisation: the signed-in user's own.</summary>
    protected Guid Organisation => me.OrganisationId!.Value;

    protected IntakeActor Actor => new(me.UserId, me.DisplayName);

    public static bool IsCoordinatingUnitStaff(CurrentUser user) =>
        user.StaffMemberId is not null && user.OrganisationId is not null && user.Has(SystemRole.CoordinatingUnitStaff);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!IsCoordinatingUnitStaff(me))
        {
            await audit.WriteAsync(me, "ikke koordinerende enhet", "intake.denied", null, null, null, false,
                "Innboksen er bare for koordinerende enhet", context.HttpContext.RequestAborted);
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        await next();
    }

    /// <summary>The case for reading or a step, or null (404) / a refusal (403, audited) when it is another unit's.</summary>
    protected async Task<(IntakeCase? Case, IActionResult? Refused)> OpenCaseAsync(Guid id, bool tracked, string purpose, CancellationToken ct)
    {
        var query = tracked ? db.IntakeCases : db.IntakeCases.AsNoTracking();
        var c = await query.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return (null, NotFound());
        if (c.ReceivingOrganisationId != me.OrganisationId)
        {
            if (tracked) db.ChangeTracker.Clear();
            await audit.WriteAsync(me, AuditRole, "intake.case.denied", null, c.PersonId, purpose, false,
                "Saken tilhører en annen koordinerende enhet", ct);
            return (null, StatusCode(StatusCodes.Status403Forbidden));
        }
        return (c, null);
    }

    /// <summary>Saves one step of a case together with its audit entry, or shows the refused rule on the page.</summary>
    protected async Task<bool> TryStepAsync(IntakeCase c, string step, Action change, CancellationToken ct)
    {
        try
        {
            change();
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            await audit.WriteAsync(me, AuditRole, $"intake.{step}", null, c.PersonId, c.Id.ToString(), false, $"{e.Message} ({e.Rule})", ct);
            return false;
        }
        audit.Add(me, AuditRole, $"intake.{step}", null, c.PersonId, c.Id.ToString(), true, c.Steps[^1].Text);
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>Bokmål labels for the intake enums; pages pass them through the localizer.</summary>
public static class IntakeLabels
{
    public static string Kind(IntakeKind kind, IntakeForm form) => kind switch
    {
        IntakeKind.NeedNotification => "Melding om behov for IP og koordinator",
        IntakeKind.PossibleNeedReport => "Melding om mulig behov for rehabilitering",
        _ => form == IntakeForm.Oral ? "Muntlig søknad" : "Skriftlig søknad",
    };

    public static string Sector(SourceSector sector) => sector switch
    {
        SourceSector.Municipality => "Kommunen",
        SourceSector.Hospital => "Sykehuset",
        SourceSector.School => "Skole",
        SourceSector.Nav => "NAV",
        SourceSector.ChildWelfare => "Barnevern",
        SourceSector.PersonOrRelative => "Personen eller pårørende",
        _ => "Annen sektor",
    };

    public static string Hospital(HospitalStatus status) => status switch
    {
        HospitalStatus.Admitted => "Innlagt",
        HospitalStatus.DischargeReady => "Utskrivningsklar",
        _ => "Poliklinisk",
    };

    public static string Urgency(IntakeUrgency urgency) => urgency switch
    {
        IntakeUrgency.Low => "Lav",
        IntakeUrgency.Urgent => "Haster",
        _ => "Normal",
    };

    public static string Status(IntakeStatus status, IntakeOutcome? outcome) => (status, outcome) switch
    {
        (IntakeStatus.Received, _) => "Mottatt",
        (IntakeStatus.UnderAssessment, _) => "Til vurdering",
        (_, IntakeOutcome.PlanStarted) => "Plan startet",
        (_, IntakeOutcome.CoordinatorOnly) => "Bare koordinator",
        (_, IntakeOutcome.GuidanceGiven) => "Melder veiledet",
        (_, IntakeOutcome.Declined) => "Avslått",
        (_, IntakeOutcome.ReferredToPlan) => "Sendt til planens koordinator",
        _ => "Trukket",
    };

    /// <summary>N2 in one phrase.</summary>
    public static string Wish(IntakeCase c) =>
        c.ReportedByThePerson ? "Personen ber selv"
        : !c.PersonAsked ? "Ikke spurt"
        : c.PersonWantsAssessment ? "Spurt, ønsker vurdering" : "Spurt, ønsker ikke";

    public static string Complaint(ComplaintStatus status) => status switch
    {
        ComplaintStatus.Received => "Mottatt",
        ComplaintStatus.SentToCountyGovernor => "Sendt til Statsforvalteren",
        ComplaintStatus.Upheld => "Medhold",
        _ => "Ikke medhold",
    };

    public static SourceSector SectorOf(Domain.Organisations.OrganisationKind kind) => kind switch
    {
        Domain.Organisations.OrganisationKind.Municipality => SourceSector.Municipality,
        Domain.Organisations.OrganisationKind.HospitalTrust => SourceSector.Hospital,
        Domain.Organisations.OrganisationKind.School or Domain.Organisations.OrganisationKind.Kindergarten => SourceSector.School,
        Domain.Organisations.OrganisationKind.NavOffice => SourceSector.Nav,
        Domain.Organisations.OrganisationKind.ChildWelfare => SourceSector.ChildWelfare,
        _ => SourceSector.Other,
    };
}
