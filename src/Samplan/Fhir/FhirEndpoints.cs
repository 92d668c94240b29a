using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Organisations;
using Samplan.Organisations;
using Person = Samplan.Domain.People.Person;
using static Samplan.Fhir.FhirMapping;

namespace Samplan.Fhir;

/// <summary>
/// The FHIR R4 interactions Samplan offers (listed in <see cref="Capability"/>). Reads of plan data go through
/// <see cref="Plans.PlanGate"/> (decided by the policy, audited); searches start from <c>PlanGate.Readable()</c>, so they
/// return only what the user may see; a plan the user may not see is a 404 (its existence is not revealed), as on the pages.
/// </summary>
public static partial class FhirEndpoints
{
    public static void Map(RouteGroupBuilder fhir)
    {
        fhir.MapGet("/metadata", (FhirContext f) => new FhirResult(Capability(f))).AllowAnonymous();

        fhir.MapGet("/Patient/{id}", ReadPatientAsync);
        fhir.MapGet("/Patient", SearchPatientsAsync);
        fhir.MapPost("/Patient", CreatePatientAsync);
        fhir.MapPut("/Patient/{id}", UpdatePatientAsync);

        fhir.MapGet("/RelatedPerson/{id}", ReadRelatedPersonAsync);
        fhir.MapGet("/RelatedPerson", SearchRelatedPersonsAsync);
        fhir.MapGet("/Practitioner/{id}", ReadPractitionerAsync);
        fhir.MapGet("/Practitioner", SearchPractitionersAsync);
        fhir.MapGet("/PractitionerRole/{id}", ReadPractitionerRoleAsync);
        fhir.MapGet("/PractitionerRole", SearchPractitionerRolesAsync);
        fhir.MapGet("/Organization/{id}", ReadOrganizationAsync);
        fhir.MapGet("/Organization", SearchOrganizationsAsync);

        fhir.MapGet("/CarePlan/{id}", ReadCarePlanAsync);
        fhir.MapGet("/CarePlan", SearchCarePlansAsync);
        fhir.MapPost("/CarePlan", CreateCarePlanAsync);
        fhir.MapPut("/CarePlan/{id}", UpdateCarePlanAsync);
        fhir.MapGet("/CarePlan/{id}/_history", CarePlanHistoryAsync);
        fhir.MapGet("/CarePlan/{id}/_history/{vid}", ReadCarePlanVersionAsync);

        fhir.MapGet("/Goal/{id}", ReadGoalAsync);
        fhir.MapGet("/Goal", SearchGoalsAsync);
        fhir.MapPost("/Goal", CreateGoalAsync);
        fhir.MapPut("/Goal/{id}", UpdateGoalAsync);

        fhir.MapGet("/CareTeam/{id}", ReadCareTeamAsync);
        fhir.MapGet("/CareTeam", SearchCareTeamsAsync);

        fhir.MapGet("/Consent/{id}", ReadConsentAsync);
        fhir.MapGet("/Consent", SearchConsentsAsync);
        fhir.MapPost("/Consent", CreateConsentAsync);
        fhir.MapPut("/Consent/{id}", UpdateConsentAsync);

        fhir.MapGet("/Provenance/{id}", ReadProvenanceAsync);
        fhir.MapGet("/Provenance", SearchProvenanceAsync);

        MapMore(fhir);
        MapWrites(fhir);
        MapMeetingWrites(fhir);
        MapDirectoryWrites(fhir);
        MapStaffWrites(fhir);
        MapHistory(fhir);
        MapMessageDefinitions(fhir);
        Messaging.MessagingEndpoints.Map(fhir);

        // Anything else under /fhir: an OperationOutcome, never an HTML error page.
        fhir.Map("/{**rest}", (HttpContext http) =>
        {
            var type = ((string?)http.Request.RouteValues["rest"] ?? "").Split('/')[0];
            return Supported.ContainsKey(type)
                ? FhirResult.Error(405, OperationOutcome.IssueType.NotSupported, $"{http.Request.Method} støttes ikke for {type} her. Se /fhir/metadata.")
                : FhirResult.Error(404, OperationOutcome.IssueType.NotSupported, $"Ressurstypen eller adressen «{type}» finnes ikke i Samplans FHIR-API. Se /fhir/metadata.");
        });
    }

    // ---------------------------------------------------------------- Patient

    static async Task<IResult> ReadPatientAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } personId) return FhirResult.NotFound("Patient", id);
        var person = await f.Db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        // Staff may look a person up, as on the person pages; anyone else only themself.
        if (person is null || !(f.IsStaff || f.Me.PersonId == personId))
        {
            await f.Audit.WriteAsync(f.Me, f.AuditRole, "person.read", null, person is null ? null : personId, null, false,
                "FHIR Patient: ikke tilgang eller finnes ikke", ct);
            return FhirResult.NotFound("Patient", id);
        }
        await f.Audit.WriteAsync(f.Me, f.AuditRole, "person.read", null, personId, null, true, "FHIR Patient", ct);
        return new FhirResult(PatientMapper.ToFhir(person));
    }

    static async Task<IResult> SearchPatientsAsync(FhirContext f, CancellationToken ct)
    {
        var q = f.Request.Query;
        var persons = f.Db.Persons.AsNoTracking();
        string logged;
        if (q["identifier"].ToString() is { Length: > 0 } identifier)
        {
            var parts = identifier.Split('|');
            var value = parts[^1].Replace(" ", "", StringComparison.Ordinal);
            if (parts.Length == 2 && parts[0].Length > 0 && parts[0] is not (FnrSystem or DnrSystem))
                return new FhirResult(f.SearchSet([], []));
            if (value.Length != 11 || !value.All(char.IsAsciiDigit))
                throw new FhirInputException(400, "Søk på identifier krever alle 11 sifrene i fødselsnummeret eller D-nummeret.", OperationOutcome.IssueType.Value);
            persons = persons.Where(p => p.NationalIdentityNumber == value);
            logged = "fnr ******" + value[6..];
        }
        else if (q["_id"].ToString() is { Length: > 0 } ids)
        {
            var wanted = ids.Split(',').Select(FhirContext.ParseId).OfType<Guid>().ToList();
            persons = persons.Where(p => wanted.Contains(p.Id));
            logged = "id";
        }
        else if (q["name"].ToString() is { Length: > 0 } name)
        {
            if (name.Length < 2 || name.Length > 100)
                throw new FhirInputException(400, "Søk på navn krever 2–100 tegn.", OperationOutcome.IssueType.Value);
            var pattern = "%" + string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == ' ' ? c.ToString() : "_")) + "%";
            persons = persons.Where(p => EF.Functions.Like(p.Name.ToLower(), pattern));
            logged = $"navn «{name}»";
        }
        else throw new FhirInputException(400, "Oppgi identifier, name eller _id for å søke etter Patient.", OperationOutcome.IssueType.Required);

        // Staff find any person, as with «Finn person»; anyone else only themself.
        if (!f.IsStaff) persons = persons.Where(p => p.Id == f.Me.PersonId);
        var found = await persons.OrderBy(p => p.Name).Take(1000).ToListAsync(ct);
        if (q["name"].ToString() is { Length: > 0 } n) found = [.. found.Where(p => p.Name.Contains(n, StringComparison.InvariantCultureIgnoreCase))];
        found = [.. found.Take(50)];
        await f.Audit.WriteAsync(f.Me, f.AuditRole, "person.search", null, found.Count == 1 ? found[0].Id : null, null, true,
            $"FHIR Patient-søk, {logged}: {found.Count} treff", ct);
        return new FhirResult(f.SearchSet(found.Select(PatientMapper.ToFhir), []));
    }

    static async Task<IResult> CreatePatientAsync(FhirContext f, CancellationToken ct)
    {
        var patient = await FhirIo.ReadAsync<Patient>(f.Request, ct);
        if (!f.IsStaff) return FhirResult.Forbidden("Bare ansatte kan registrere personer.");
        var input = PatientMapper.Read(patient);
        if (await f.Db.Persons.AnyAsync(p => p.NationalIdentityNumber == input.Number.Value, ct))
            return FhirResult.Error(409, OperationOutcome.IssueType.Duplicate, "Det er allerede registrert en person med dette fødselsnummeret. Søk med Patient?identifier=.");
        var person = new Person(Guid.NewGuid(), input.Number, input.Name, input.Language, input.NeedsInterpreter, input.InterpreterLanguage,
            input.Phone, input.Address);
        f.Db.Persons.Add(person);
        f.Audit.Add(f.Me, f.AuditRole, "person.create", null, person.Id, null, true, "Person registrert (FHIR)");
        try
        {
            await f.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            f.Gate.Discard();
            if (await f.Db.Persons.AnyAsync(p => p.NationalIdentityNumber == input.Number.Value, ct))
                return FhirResult.Error(409, OperationOutcome.IssueType.Duplicate, "Det er allerede registrert en person med dette fødselsnummeret.");
            throw;
        }
        var created = PatientMapper.ToFhir(person);
        return new FhirResult(created, 201, $"{f.BaseUrl}/Patient/{person.Id}/_history/{created.Meta!.VersionId}");
    }

    static async Task<IResult> UpdatePatientAsync(string id, FhirContext f, CancellationToken ct)
    {
        var patient = await FhirIo.ReadAsync<Patient>(f.Request, ct);
        if (patient.Id != id) throw new FhirInputException(400, $"Patient.id ({patient.Id ?? "mangler"}) må være den samme som i adressen ({id}).");
        if (FhirContext.ParseId(id) is not { } personId) return FhirResult.NotFound("Patient", id);
        if (!f.IsStaff)
        {
            await f.Audit.WriteAsync(f.Me, f.AuditRole, "person.change", null, personId, null, false, "FHIR: bare ansatte endrer personopplysninger", ct);
            return f.Me.PersonId == personId ? FhirResult.Forbidden("Personopplysningene endres av en ansatt.") : FhirResult.NotFound("Patient", id);
        }
        var person = await f.Db.Persons.FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return FhirResult.NotFound("Patient", id);
        var current = PatientMapper.ToFhir(person);
        var ifMatch = f.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"') != current.Meta!.VersionId)
            return FhirResult.Error(412, OperationOutcome.IssueType.Conflict, "Personen er endret siden versjonen i If-Match. Ingenting er lagret.");
        var input = PatientMapper.Read(patient);
        if (input.Number.Value != person.NationalIdentityNumber)
            throw new FhirInputException(422, "Fødselsnummeret kan ikke endres.", OperationOutcome.IssueType.BusinessRule);
        person.UpdateContact(input.Name, input.Phone, input.Address);
        person.SetLanguage(input.Language, input.NeedsInterpreter, input.InterpreterLanguage);
        f.Audit.Add(f.Me, f.AuditRole, "person.change", null, person.Id, null, true, "Personopplysninger endret (FHIR)");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(PatientMapper.ToFhir(person));
    }

    // ---------------------------------------------------------------- directory

    static async Task<IResult> ReadRelatedPersonAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } relatedId) return FhirResult.NotFound("RelatedPerson", id);
        var relation = await f.Db.RelatedPersons.AsNoTracking().FirstOrDefaultAsync(r => r.Id == relatedId, ct);
        if (relation is null || !(f.IsStaff || f.Me.PersonId == relation.PersonId)) return FhirResult.NotFound("RelatedPerson", id);
        await f.Audit.WriteAsync(f.Me, f.AuditRole, "person.read", null, relation.PersonId, null, true, "FHIR RelatedPerson", ct);
        return new FhirResult(DirectoryMapper.ToFhir(relation));
    }

    static async Task<IResult> SearchRelatedPersonsAsync(FhirContext f, CancellationToken ct)
    {
        var personId = f.PatientParameter("patient") ?? throw new FhirInputException(400, "Oppgi patient for å søke etter RelatedPerson.", OperationOutcome.IssueType.Required);
        if (!(f.IsStaff || f.Me.PersonId == personId)) return new FhirResult(f.SearchSet([], []));
        var relations = await f.Db.RelatedPersons.AsNoTracking().Where(r => r.PersonId == personId).OrderBy(r => r.Name).ToListAsync(ct);
        await f.Audit.WriteAsync(f.Me, f.AuditRole, "person.read", null, personId, null, true, "FHIR RelatedPerson-søk", ct);
        return new FhirResult(f.SearchSet(relations.Select(DirectoryMapper.ToFhir), []));
    }

    static async Task<IResult> ReadPractitionerAsync(string id, FhirContext f, CancellationToken ct) =>
        await StaffAsync(id, f, ct) is { } staff ? new FhirResult(DirectoryMapper.ToFhir(staff)) : FhirResult.NotFound("Practitioner", id);

    static async Task<IResult> ReadPractitionerRoleAsync(string id, FhirContext f, CancellationToken ct) =>
        await StaffAsync(id, f, ct) is { } staff ? new FhirResult(await RoleOfAsync(f, staff, ct)) : FhirResult.NotFound("PractitionerRole", id);

    /// <summary>
    /// The staff directory is for staff, as on the pages where a coordinator or participant is chosen, and for the
    /// administrator, who keeps it (/admin/users lists the users): no plan data is in it.
    /// </summary>
    static bool MaySeeStaff(FhirContext f) => f.IsStaff || f.Me.Has(SystemRole.Administrator);

    static async Task<StaffMember?> StaffAsync(string id, FhirContext f, CancellationToken ct) =>
        MaySeeStaff(f) && FhirContext.ParseId(id) is { } staffId
            ? await f.Db.StaffMembers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId, ct)
            : null;

    static async Task<List<StaffMember>> SearchStaffAsync(FhirContext f, CancellationToken ct)
    {
        if (!MaySeeStaff(f)) return [];
        var q = f.Request.Query;
        var staff = f.Db.StaffMembers.AsNoTracking();
        if (q["_id"].ToString() is { Length: > 0 } ids)
        {
            var wanted = ids.Split(',').Select(FhirContext.ParseId).OfType<Guid>().ToList();
            staff = staff.Where(s => wanted.Contains(s.Id));
        }
        if (q["organization"].ToString() is { Length: > 0 } org)
        {
            var orgId = (org.Contains('/') ? IdOf(new ResourceReference(org), "Organization") : FhirContext.ParseId(org)) ?? Guid.Empty;
            staff = staff.Where(s => s.OrganisationId == orgId || s.UnitId == orgId);
        }
        if (q["identifier"].ToString() is { Length: > 0 } identifier)
        {
            var hpr = identifier.Split('|')[^1];
            staff = staff.Where(s => s.HprNumber == hpr);
        }
        var list = await staff.OrderBy(s => s.Name).Take(1000).ToListAsync(ct);
        if (q["name"].ToString() is { Length: > 0 } name) list = [.. list.Where(s => s.Name.Contains(name, StringComparison.InvariantCultureIgnoreCase))];
        return [.. list.Take(100)];
    }

    static async Task<IResult> SearchPractitionersAsync(FhirContext f, CancellationToken ct) =>
        new FhirResult(f.SearchSet((await SearchStaffAsync(f, ct)).Select(DirectoryMapper.ToFhir), []));

    static async Task<IResult> SearchPractitionerRolesAsync(FhirContext f, CancellationToken ct)
    {
        var staff = await SearchStaffAsync(f, ct);
        var ids = staff.Select(s => (Guid?)s.Id).ToList();
        var coordinatingUnit = (await f.Db.UserAccounts.AsNoTracking().Where(u => ids.Contains(u.StaffMemberId)).Select(u => new { u.StaffMemberId, u.Roles }).ToListAsync(ct))
            .Where(u => (u.Roles & SystemRole.CoordinatingUnitStaff) != 0).Select(u => u.StaffMemberId!.Value).ToHashSet();
        return new FhirResult(f.SearchSet(staff.Select(s => DirectoryMapper.RoleOf(s, coordinatingUnit.Contains(s.Id))), []));
    }

    /// <summary>An organisation, or a unit of one (an Organization <c>partOf</c> it: a coordinating unit, a service, a ward).</summary>
    static async Task<IResult> ReadOrganizationAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } orgId) return FhirResult.NotFound("Organization", id);
        if (await f.Db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) is { } org) return new FhirResult(DirectoryMapper.ToFhir(org));
        return await UnitAsync(f, orgId, tracked: false, ct) is ({ } parent, { } unit) ? new FhirResult(DirectoryMapper.ToFhir(parent, unit)) : FhirResult.NotFound("Organization", id);
    }

    static async Task<IResult> SearchOrganizationsAsync(FhirContext f, CancellationToken ct)
    {
        var orgs = await f.Db.Organisations.AsNoTracking().Include(o => o.Units).OrderBy(o => o.Name).ToListAsync(ct);
        var list = new List<(Organization Fhir, string Name, string? Number, Guid? PartOf)>();
        foreach (var o in orgs)
        {
            list.Add((DirectoryMapper.ToFhir(o), o.Name, o.OrganisationNumber, null));
            list.AddRange(o.Units.OrderBy(u => u.Name).Select(u => (DirectoryMapper.ToFhir(o, u), u.Name, (string?)null, (Guid?)o.Id)));
        }
        var q = f.Request.Query;
        if (q["name"].ToString() is { Length: > 0 } name) list = [.. list.Where(o => o.Name.Contains(name, StringComparison.InvariantCultureIgnoreCase))];
        if (q["identifier"].ToString() is { Length: > 0 } identifier) list = [.. list.Where(o => o.Number == identifier.Split('|')[^1])];
        if (q["partof"].ToString() is { Length: > 0 } partOf)
        {
            var parentId = (partOf.Contains('/') ? IdOf(new ResourceReference(partOf), "Organization") : FhirContext.ParseId(partOf)) ?? Guid.Empty;
            list = [.. list.Where(o => o.PartOf == parentId)];
        }
        return new FhirResult(f.SearchSet(list.Select(o => o.Fhir), []));
    }
}
