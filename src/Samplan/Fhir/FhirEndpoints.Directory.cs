using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using static Samplan.Fhir.FhirMapping;

namespace Samplan.Fhir;

/// <summary>
/// Corrections to the directory: a relative, parent or guardian (RelatedPerson: staff, as on the person's edit page), an
/// organisation's name and a staff member's name, HPR number, phone and e-mail (Organization, Practitioner: the
/// administrator only, as on /admin/users). The version is a digest of what the API shows (as for Patient): a stale
/// If-Match is 412 and nothing changes.
/// </summary>
public static partial class FhirEndpoints
{
    static void MapDirectoryWrites(RouteGroupBuilder fhir)
    {
        fhir.MapPut("/RelatedPerson/{id}", UpdateRelatedPersonAsync);
        fhir.MapPut("/Organization/{id}", UpdateOrganizationAsync);
        fhir.MapPut("/Practitioner/{id}", UpdatePractitionerAsync);
    }

    /// <summary>What a RelatedPerson says: name, kind (v3-RoleCode PRN/MTH/FTH = parent with responsibility, GUARD = guardian, else a relative), phone.</summary>
    static (string Name, Domain.People.RelationKind Kind, string? Phone, bool PersonalMatters) RelationOf(Hl7.Fhir.Model.RelatedPerson related)
    {
        var name = related.Name.Select(n => n.Text ?? string.Join(' ', n.Given.Append(n.Family).Where(x => !string.IsNullOrWhiteSpace(x))))
            .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        if (name is null || name.Trim().Length > 200)
            throw new FhirInputException(422, "RelatedPerson.name mangler (eller er lengre enn 200 tegn).", OperationOutcome.IssueType.Required);
        var codes = related.Relationship.SelectMany(r => r.Coding).Select(c => c.Code).ToList();
        var kind = codes.Any(c => c is "PRN" or "MTH" or "FTH" or "NPRN") ? Domain.People.RelationKind.ParentWithResponsibility
            : codes.Contains("GUARD") ? Domain.People.RelationKind.Guardian
            : Domain.People.RelationKind.Relative;
        var phone = related.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value;
        var personalMatters = related.GetExtensionValue<FhirBoolean>(GuardianPersonalMattersExtension)?.Value == true;
        return (name.Trim(), kind, string.IsNullOrWhiteSpace(phone) ? null : phone.Trim(), personalMatters);
    }

    /// <summary>412 when If-Match names another version than the current one's digest.</summary>
    static FhirResult? StaleDigest(FhirContext f, Resource current)
    {
        var ifMatch = f.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length == 0 || ifMatch == "*" || ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"') == current.Meta!.VersionId) return null;
        return FhirResult.Error(412, OperationOutcome.IssueType.Conflict, $"{current.TypeName} er endret siden versjonen i If-Match. Ingenting er lagret.");
    }

    static void SameId(Resource input, string id)
    {
        if (input.Id != id) throw new FhirInputException(400, $"{input.TypeName}.id ({input.Id ?? "mangler"}) må være den samme som i adressen ({id}).");
    }

    /// <summary>PUT RelatedPerson: corrects name, phone and kind, for staff (as on the person's edit page); S2 holds (at most two parents with responsibility).</summary>
    static async Task<IResult> UpdateRelatedPersonAsync(string id, FhirContext f, CancellationToken ct)
    {
        var related = await FhirIo.ReadAsync<Hl7.Fhir.Model.RelatedPerson>(f.Request, ct);
        SameId(related, id);
        if (FhirContext.ParseId(id) is not { } relatedId) return FhirResult.NotFound("RelatedPerson", id);
        var personId = await f.Db.RelatedPersons.Where(r => r.Id == relatedId).Select(r => (Guid?)r.PersonId).FirstOrDefaultAsync(ct);
        if (!f.IsStaff)
        {
            await f.Audit.WriteAsync(f.Me, f.AuditRole, "person.change", null, personId, null, false, "FHIR: bare ansatte endrer pårørende, foreldre og verger", ct);
            return personId is not null && f.Me.PersonId == personId
                ? FhirResult.Forbidden("Pårørende, foreldre og verger endres av en ansatt.") : FhirResult.NotFound("RelatedPerson", id);
        }
        if (personId is null) return FhirResult.NotFound("RelatedPerson", id);
        var person = await f.Db.Persons.Include(p => p.Relations).FirstAsync(p => p.Id == personId, ct);
        var relation = person.Relations.First(r => r.Id == relatedId);
        if (StaleDigest(f, DirectoryMapper.ToFhir(relation)) is { } stale) return stale;
        if (related.Patient is not null && IdOf(related.Patient, "Patient") != person.Id)
            throw new FhirInputException(422, "RelatedPerson.patient kan ikke endres; registrer en ny relasjon for en annen person.", OperationOutcome.IssueType.BusinessRule);
        var (name, kind, phone, personalMatters) = RelationOf(related);
        person.ChangeRelation(relation.Id, name, kind, phone, personalMatters); // S2
        f.Audit.Add(f.Me, f.AuditRole, "person.change", null, person.Id, null, true, $"Endret: {Domain.Shared.Labels.Relation(kind)} (FHIR)");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(DirectoryMapper.ToFhir(relation));
    }

    static async Task<FhirResult?> AdminOnlyAsync(FhirContext f, string what, CancellationToken ct)
    {
        if (f.Me.Has(Organisations.SystemRole.Administrator)) return null;
        await f.Audit.WriteAsync(f.Me, f.AuditRole, "admin.denied", null, null, null, false, $"FHIR: {what} endres av administrator", ct);
        return FhirResult.Forbidden($"{char.ToUpperInvariant(what[0])}{what[1..]} endres av administrator.");
    }

    /// <summary>PUT Organization: a new name, for the administrator; the kind and the organisasjonsnummer stay (they decide the care level: K1, C3).</summary>
    static async Task<IResult> UpdateOrganizationAsync(string id, FhirContext f, CancellationToken ct)
    {
        var input = await FhirIo.ReadAsync<Organization>(f.Request, ct);
        SameId(input, id);
        if (await AdminOnlyAsync(f, "organisasjoner", ct) is { } refused) return refused;
        if (FhirContext.ParseId(id) is not { } orgId) return FhirResult.NotFound("Organization", id);
        if (await f.Db.Organisations.FirstOrDefaultAsync(o => o.Id == orgId, ct) is not { } organisation)
            return await UnitAsync(f, orgId, tracked: true, ct) is ({ } parent, { } unit)
                ? await UpdateUnitAsync(f, input, parent, unit, ct)
                : FhirResult.NotFound("Organization", id);
        var current = DirectoryMapper.ToFhir(organisation);
        if (StaleDigest(f, current) is { } stale) return stale;
        if (input.PartOf is not null)
            throw new FhirInputException(422, "En virksomhet kan ikke bli en enhet under en annen (Organization.partOf).", OperationOutcome.IssueType.NotSupported);
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
            throw new FhirInputException(422, "Organization.name mangler (eller er lengre enn 200 tegn).", OperationOutcome.IssueType.Required);
        var kindText = input.Type.Select(t => t.Coding.FirstOrDefault()?.Code ?? t.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        var number = input.Identifier.FirstOrDefault(i => i.System == OrgNumberSystem)?.Value;
        if ((kindText is not null && kindText != organisation.Kind.ToString()) || number != organisation.OrganisationNumber)
            throw new FhirInputException(422, "Bare navnet kan endres på en organisasjon; type og organisasjonsnummer står fast.", OperationOutcome.IssueType.NotSupported);
        var old = organisation.Name;
        organisation.Rename(input.Name);
        f.Audit.Add(f.Me, "administrator", "organisation.change", null, null, null, true, $"Organisasjon endret (FHIR): {old} → {organisation.Name}");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(DirectoryMapper.ToFhir(organisation));
    }

    /// <summary>
    /// PUT Practitioner: corrects a staff member's name, HPR number (C3: 4–9 digits), phone and e-mail, for the administrator;
    /// the organisation, unit and profession are kept on /admin/users.
    /// </summary>
    static async Task<IResult> UpdatePractitionerAsync(string id, FhirContext f, CancellationToken ct)
    {
        var input = await FhirIo.ReadAsync<Practitioner>(f.Request, ct);
        SameId(input, id);
        if (await AdminOnlyAsync(f, "ansatte", ct) is { } refused) return refused;
        if (FhirContext.ParseId(id) is not { } staffId || await f.Db.StaffMembers.FirstOrDefaultAsync(s => s.Id == staffId, ct) is not { } staff)
            return FhirResult.NotFound("Practitioner", id);
        if (StaleDigest(f, DirectoryMapper.ToFhir(staff)) is { } stale) return stale;
        var name = NameOf(input);
        var (phone, email) = ContactOf(input);
        staff.ChangeContact(name, HprOf(input), phone, email); // C3: the HPR number's form
        f.Audit.Add(f.Me, "administrator", "staff.change", null, null, null, true, $"Ansatt endret (FHIR): {staff.Name}");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(DirectoryMapper.ToFhir(staff));
    }
}
