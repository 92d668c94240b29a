using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Plans;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Fhir;

/// <summary>What every FHIR handler needs: the gate, the user, the audit log, the clock, and a few shared steps.</summary>
public sealed class FhirContext(SamplanDb db, PlanGate gate, CurrentUser me, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public SamplanDb Db => db;
    public PlanGate Gate => gate;
    public CurrentUser Me => me;
    public AuditLog Audit => audit;
    public DateOnly Today => gate.Today;
    public DateTime Now => clock.GetUtcNow().UtcDateTime;
    public HttpRequest Request => http.HttpContext!.Request;

    public string BaseUrl => $"{Request.Scheme}://{Request.Host}{Request.PathBase}/fhir";

    public bool IsStaff => me.StaffMemberId is not null;

    /// <summary>What of this plan the policy lets the user see (the plan was read through the gate already).</summary>
    public PlanVisibility See(IndividualPlan plan)
    {
        var overview = gate.Decide(plan, PlanAction.Read, PlanPart.Overview);
        if (!overview.Allowed || overview.MetadataOnly) return new(false, false, false);
        return new(gate.Decide(plan, PlanAction.Read, PlanPart.Goals).Allowed,
            gate.Decide(plan, PlanAction.Read, PlanPart.Participants).Allowed,
            gate.Decide(plan, PlanAction.Read, PlanPart.Consent).Allowed);
    }

    public Task<DateTime?> LastUpdatedAsync(Guid planId, CancellationToken ct) => gate.LastChangedAtAsync(planId, ct);

    /// <summary>The person's open plan (R2: at most one), or null.</summary>
    public Task<Guid?> OpenPlanOfAsync(Guid personId, CancellationToken ct) =>
        db.Plans.Where(p => p.PersonId == personId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active))
            .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The version the client's change is based on: <c>If-Match: W/"n"</c>; without it the change is made on the current
    /// version. A stale one makes <see cref="PlanGate.SaveAsync"/> refuse with a conflict (412), saving nothing.
    /// </summary>
    public int ExpectedVersion(int current)
    {
        var header = Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return current;
        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        value = value.Trim('"');
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new FhirInputException(400, $"If-Match «{header}» er ikke en versjon fra Samplan (W/\"n\").", OperationOutcome.IssueType.Value);
    }

    /// <summary>A change the gate refused: 403 when the user may read the plan (so knows it exists), else 404 (R8: nothing revealed).</summary>
    public async Task<FhirResult> RefusedChangeAsync(string type, string id, Guid planId, CancellationToken ct) =>
        await gate.Readable().AnyAsync(p => p.Id == planId, ct)
            ? FhirResult.Forbidden("Du kan ikke endre denne delen av planen.")
            : FhirResult.NotFound(type, id);

    public static Guid? ParseId(string id) => Guid.TryParse(id, out var g) ? g : null;

    /// <summary>A search parameter that names a patient: <c>Patient/[id]</c> or a bare id.</summary>
    public Guid? PatientParameter(params string[] names)
    {
        foreach (var name in names)
        {
            var value = Request.Query[name].ToString();
            if (value.Length == 0) continue;
            var id = value.Contains('/') ? FhirMapping.IdOf(new ResourceReference(value), "Patient") : ParseId(value);
            return id ?? throw new FhirInputException(400, $"Søkeparameteren {name} må være Patient/[id].", OperationOutcome.IssueType.Value);
        }
        return null;
    }

    public IReadOnlyList<string> Includes(string name = "_include") =>
        [.. Request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))];

    public Bundle SearchSet(IEnumerable<Resource> matches, IEnumerable<Resource> included)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Meta = new Meta { LastUpdated = new DateTimeOffset(Now) } };
        var seen = new HashSet<string>();
        foreach (var r in matches)
            if (seen.Add(r.TypeName + "/" + r.Id))
                bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{BaseUrl}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } });
        bundle.Total = bundle.Entry.Count;
        foreach (var r in included)
            if (seen.Add(r.TypeName + "/" + r.Id))
                bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{BaseUrl}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include } });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = BaseUrl + (Request.Path.Value ?? "/fhir")["/fhir".Length..] + Request.QueryString });
        return bundle;
    }

    public string AuditRole => me.StaffMemberId is not null ? "ansatt" : me.PersonId is not null ? "person" : "uten rolle";
}
