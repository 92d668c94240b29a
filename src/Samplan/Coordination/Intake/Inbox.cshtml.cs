using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Shared;

namespace Samplan.Coordination.Intake;

/// <summary>
/// The coordinating unit's inbox (K1, K2, K8, N1, R11): open cases first, oldest first, each with who
/// reported, about whom, what need, how urgent, whether the person wants it (N2) and days waited.
/// </summary>
public sealed class InboxModel(SamplanDb db, CurrentUser me, AuditLog audit, TimeProvider clock) : IntakePageModel(db, me, audit, clock)
{
    public sealed record Row(IntakeCase Case, string PersonName, int DaysWaited);

    [BindProperty(SupportsGet = true)] public bool Closed { get; set; }

    public string OrganisationName { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        OrganisationName = await Db.Organisations.Where(o => o.Id == Organisation).Select(o => o.Name).FirstAsync(ct);
        IntakeStatus[] status = Closed ? [IntakeStatus.Closed] : [IntakeStatus.Received, IntakeStatus.UnderAssessment];
        var rows = await (from c in Db.IntakeCases.AsNoTracking()
                          where c.ReceivingOrganisationId == Organisation && status.Contains(c.Status)
                          join p in Db.Persons on c.PersonId equals p.Id
                          select new { Case = c, p.Name }).ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Case, r.Name, r.Case.DaysWaited(Today, t => DateOnly.FromDateTime(OsloTime.From(t)))))
            .OrderByDescending(r => r.Case.Urgency).ThenByDescending(r => r.DaysWaited)];
        await Audit.WriteAsync(Me, AuditRole, "intake.inbox.read", null, null, Closed ? "avsluttede" : "åpne", true,
            $"Innboks, {Rows.Count} saker", ct);
        return Page();
    }
}
