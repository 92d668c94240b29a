using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Organisations;
using Samplan.Organisations;
using static Samplan.Fhir.FhirMapping;

namespace Samplan.Fhir;

/// <summary>
/// The staff directory written as on /admin/users, by the administrator only: a new staff member with their user account
/// (POST Practitioner, or POST PractitionerRole with the Practitioner contained), their one role — the unit of their
/// organisation they belong to, their profession and the coordinating-unit role (PUT PractitionerRole) — and the units of
/// an organisation (POST/PUT Organization with <c>partOf</c>; K1: one coordinating unit, only in a municipality or hospital
/// trust). Versions are digests of what the API shows: a stale If-Match is 412 and nothing changes. Audited as the page is.
/// </summary>
public static partial class FhirEndpoints
{
    /// <summary>The organisation (or a unit of it) a new Practitioner works in: a valueReference to Organization/[id].</summary>
    public const string PractitionerOrganizationExtension = "https://samplan.no/fhir/StructureDefinition/practitioner-organization";

    /// <summary>The user name of the staff member's account in Samplan (as on /admin/users).</summary>
    public const string UserNameSystem = "https://samplan.no/fhir/sid/username";

    static void MapStaffWrites(RouteGroupBuilder fhir)
    {
        fhir.MapPost("/Practitioner", CreatePractitionerAsync);
        fhir.MapPost("/PractitionerRole", CreatePractitionerRoleAsync);
        fhir.MapPut("/PractitionerRole/{id}", UpdatePractitionerRoleAsync);
    }

    static async Task<PractitionerRole> RoleOfAsync(FhirContext f, StaffMember staff, CancellationToken ct) =>
        DirectoryMapper.RoleOf(staff, await f.Db.UserAccounts.AsNoTracking()
            .AnyAsync(u => u.StaffMemberId == staff.Id && (u.Roles & SystemRole.CoordinatingUnitStaff) != 0, ct));

    /// <summary>A unit and its organisation, or null when the id names none.</summary>
    static async Task<(Organisation Organisation, OrganisationUnit Unit)?> UnitAsync(FhirContext f, Guid unitId, bool tracked, CancellationToken ct)
    {
        var orgs = tracked ? f.Db.Organisations : f.Db.Organisations.AsNoTracking();
        var org = await orgs.Include(o => o.Units).FirstOrDefaultAsync(o => o.Units.Any(u => u.Id == unitId), ct);
        return org is null ? null : (org, org.Units.Single(u => u.Id == unitId));
    }

    /// <summary>Organization/[id] of an organisation or of one of its units, as where a staff member works; else 422.</summary>
    static async Task<(Organisation Organisation, OrganisationUnit? Unit)> WorkplaceAsync(FhirContext f, ResourceReference? reference, string element, CancellationToken ct)
    {
        var id = RequiredRef(reference, "Organization", element);
        if (await f.Db.Organisations.Include(o => o.Units).FirstOrDefaultAsync(o => o.Id == id, ct) is { } org) return (org, null);
        return await UnitAsync(f, id, tracked: true, ct) is ({ } parent, { } unit)
            ? (parent, unit)
            : throw new FhirInputException(422, $"{element} Organization/{id} finnes ikke i Samplan.", OperationOutcome.IssueType.NotFound);
    }

    static string NameOf(Practitioner practitioner)
    {
        var name = practitioner.Name.Select(n => n.Text ?? string.Join(' ', n.Given.Append(n.Family).Where(x => !string.IsNullOrWhiteSpace(x))))
            .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        if (name is null || name.Trim().Length > 200)
            throw new FhirInputException(422, "Practitioner.name mangler (eller er lengre enn 200 tegn).", OperationOutcome.IssueType.Required);
        return name.Trim();
    }

    /// <summary>What a role says: the profession (a code's text without a staff-role coding), and the staff-role codes.</summary>
    static (string? Profession, bool CoordinatingUnit, bool HealthPersonnel) RoleCodesOf(IEnumerable<CodeableConcept> codes)
    {
        var list = codes.ToList();
        var roleCodes = list.SelectMany(c => c.Coding).Where(c => c.System == DirectoryMapper.StaffRoleSystem).Select(c => c.Code).ToList();
        var unknown = roleCodes.FirstOrDefault(c => c is not (DirectoryMapper.CoordinatingUnitRole or DirectoryMapper.HealthPersonnelRole));
        if (unknown is not null)
            throw new FhirInputException(422, $"Ukjent rolle «{unknown}» i {DirectoryMapper.StaffRoleSystem}: bruk {DirectoryMapper.CoordinatingUnitRole} eller {DirectoryMapper.HealthPersonnelRole}.",
                OperationOutcome.IssueType.CodeInvalid);
        var profession = list.Where(c => c.Coding.All(x => x.System != DirectoryMapper.StaffRoleSystem)).Select(c => c.Text?.Trim())
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (profession is { Length: > 100 }) throw new FhirInputException(422, "Yrket er lengre enn 100 tegn.", OperationOutcome.IssueType.Value);
        return (profession, roleCodes.Contains(DirectoryMapper.CoordinatingUnitRole), roleCodes.Contains(DirectoryMapper.HealthPersonnelRole));
    }

    /// <summary>
    /// POST Practitioner: a staff member and their user account, as «Ny bruker» on /admin/users. <c>identifier</c> with
    /// system <see cref="UserNameSystem"/> is the user name (required, unique), one with the HPR system the HPR number (C3:
    /// 4–9 digits; a staff member with one is health personnel), <c>qualification.code.text</c> the profession, and the
    /// extension <see cref="PractitionerOrganizationExtension"/> where they work (an organisation or a unit of one). The
    /// account has no password: the person signs in with HelseID (by HPR number), or the administrator sets one on /admin/users.
    /// </summary>
    static async Task<IResult> CreatePractitionerAsync(FhirContext f, CancellationToken ct)
    {
        var practitioner = await FhirIo.ReadAsync<Practitioner>(f.Request, ct);
        if (await AdminOnlyAsync(f, "ansatte", ct) is { } refused) return refused;
        var workplace = practitioner.GetExtensionValue<DataType>(PractitionerOrganizationExtension) as ResourceReference
            ?? throw new FhirInputException(422, $"Oppgi hvor den ansatte arbeider: extension {PractitionerOrganizationExtension} med valueReference Organization/[id].",
                OperationOutcome.IssueType.Required);
        var profession = practitioner.Qualification.Select(q => q.Code?.Text?.Trim()).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        return await CreateStaffAsync(f, practitioner, workplace, "Practitioner.extension (practitioner-organization)", profession,
            healthPersonnel: HprOf(practitioner) is not null, coordinatingUnit: false, asRole: false, ct);
    }

    /// <summary>
    /// POST PractitionerRole: a new staff member in their role, the Practitioner <c>contained</c> (<c>practitioner</c> =
    /// <c>#id</c>), as POST Practitioner but with the role's organisation (or unit), profession (code.text) and staff-role codes
    /// (coordinating-unit, health-personnel). A staff member has one role (same id as the Practitioner): for an existing
    /// Practitioner it is 409 — change it with PUT.
    /// </summary>
    static async Task<IResult> CreatePractitionerRoleAsync(FhirContext f, CancellationToken ct)
    {
        var role = await FhirIo.ReadAsync<PractitionerRole>(f.Request, ct);
        if (await AdminOnlyAsync(f, "ansatte", ct) is { } refused) return refused;
        var reference = role.Practitioner?.Reference
            ?? throw new FhirInputException(422, "PractitionerRole.practitioner mangler.", OperationOutcome.IssueType.Required);
        if (IdOf(role.Practitioner, "Practitioner") is { } existing && await f.Db.StaffMembers.AnyAsync(s => s.Id == existing, ct))
            return FhirResult.Error(409, OperationOutcome.IssueType.Duplicate,
                $"Practitioner/{existing} har allerede sin rolle (PractitionerRole/{existing}). En ansatt har én rolle i én virksomhet: endre den med PUT.");
        var practitioner = reference.StartsWith('#')
            ? role.Contained.OfType<Practitioner>().FirstOrDefault(p => "#" + p.Id == reference)
            : null;
        if (practitioner is null)
            throw new FhirInputException(422, "PractitionerRole.practitioner må vise til en Practitioner i contained (#id) for en ny ansatt.", OperationOutcome.IssueType.NotFound);
        var (profession, coordinatingUnit, health) = RoleCodesOf(role.Code);
        return await CreateStaffAsync(f, practitioner, role.Organization, "PractitionerRole.organization", profession, health, coordinatingUnit, asRole: true, ct);
    }

    static async Task<IResult> CreateStaffAsync(FhirContext f, Practitioner practitioner, ResourceReference? workplace, string element,
        string? profession, bool healthPersonnel, bool coordinatingUnit, bool asRole, CancellationToken ct)
    {
        var name = NameOf(practitioner);
        var userName = practitioner.Identifier.FirstOrDefault(i => i.System == UserNameSystem)?.Value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(userName) || userName.Length > 100 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new FhirInputException(422, $"Practitioner.identifier med system {UserNameSystem} er brukernavnet: påkrevd, bare a–z, tall, punktum, bindestrek og understrek.",
                OperationOutcome.IssueType.Required);
        var (org, unit) = await WorkplaceAsync(f, workplace, element, ct);
        if (coordinatingUnit && org.Level == CareLevel.Other)
            throw new FhirInputException(422, "Bare kommuner og helseforetak har koordinerende enhet.", OperationOutcome.IssueType.BusinessRule, "K1");
        if (profession is { Length: > 100 }) throw new FhirInputException(422, "Yrket er lengre enn 100 tegn.", OperationOutcome.IssueType.Value);
        var (phone, email) = ContactOf(practitioner);
        if (await f.Db.UserAccounts.AnyAsync(u => u.UserName == userName, ct))
            return FhirResult.Error(409, OperationOutcome.IssueType.Duplicate, $"Brukernavnet «{userName}» er i bruk.");
        var staff = new StaffMember(Guid.NewGuid(), name, org.Id, org.Level, profession ?? "", healthPersonnel,
            HprOf(practitioner), unit?.Id, phone, email); // C3: the HPR number's form
        var roles = SystemRole.Staff | (coordinatingUnit ? SystemRole.CoordinatingUnitStaff : 0);
        var account = new UserAccount(Guid.NewGuid(), userName, staff.Name, roles, staff.Id, org.Id);
        f.Db.StaffMembers.Add(staff);
        f.Db.UserAccounts.Add(account);
        f.Audit.Add(f.Me, "administrator", "user.create", null, null, null, true, $"Bruker {userName} opprettet ({roles}) (FHIR)");
        try
        {
            await f.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests with the same user name at once: the unique index decides, the loser gets 409 and nothing is saved.
            f.Gate.Discard();
            if (await f.Db.UserAccounts.AnyAsync(u => u.UserName == userName, ct))
                return FhirResult.Error(409, OperationOutcome.IssueType.Duplicate, $"Brukernavnet «{userName}» er i bruk.");
            throw;
        }
        Resource created = asRole ? DirectoryMapper.RoleOf(staff, coordinatingUnit) : DirectoryMapper.ToFhir(staff);
        return new FhirResult(created, 201, $"{f.BaseUrl}/{created.TypeName}/{staff.Id}");
    }

    /// <summary>The HPR number a Practitioner names, or null (whether it is a valid one, C3, is the domain's to say).</summary>
    static string? HprOf(Practitioner practitioner) =>
        practitioner.Identifier.FirstOrDefault(i => i.System == HprSystem)?.Value is { } hpr && !string.IsNullOrWhiteSpace(hpr) ? hpr.Trim() : null;

    /// <summary>A Practitioner's phone and e-mail, checked for length and form (422).</summary>
    static (string? Phone, string? Email) ContactOf(Practitioner input)
    {
        string? Telecom(ContactPoint.ContactPointSystem system) =>
            input.Telecom.FirstOrDefault(t => t.System == system)?.Value is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var email = Telecom(ContactPoint.ContactPointSystem.Email);
        if (email is not null && (email.Length > 200 || !email.Contains('@', StringComparison.Ordinal)))
            throw new FhirInputException(422, "Practitioner.telecom (e-post) er ikke en e-postadresse.", OperationOutcome.IssueType.Value);
        var phone = Telecom(ContactPoint.ContactPointSystem.Phone);
        if (phone is { Length: > 50 }) throw new FhirInputException(422, "Practitioner.telecom (telefon) er for langt.", OperationOutcome.IssueType.Value);
        return (phone, email);
    }

    /// <summary>
    /// PUT PractitionerRole: the staff member's unit (<c>organization</c> = a unit of their organisation, or the organisation
    /// itself), profession (code.text) and the coordinating-unit role (K1: in a municipality or hospital trust). The
    /// organisation and whether they are health personnel stay (they decide what they may coordinate, C3), as on /admin/users.
    /// </summary>
    static async Task<IResult> UpdatePractitionerRoleAsync(string id, FhirContext f, CancellationToken ct)
    {
        var input = await FhirIo.ReadAsync<PractitionerRole>(f.Request, ct);
        SameId(input, id);
        if (await AdminOnlyAsync(f, "ansatte", ct) is { } refused) return refused;
        if (FhirContext.ParseId(id) is not { } staffId || await f.Db.StaffMembers.FirstOrDefaultAsync(s => s.Id == staffId, ct) is not { } staff)
            return FhirResult.NotFound("PractitionerRole", id);
        var account = await f.Db.UserAccounts.FirstOrDefaultAsync(u => u.StaffMemberId == staffId, ct);
        var current = DirectoryMapper.RoleOf(staff, account is not null && (account.Roles & SystemRole.CoordinatingUnitStaff) != 0);
        if (StaleDigest(f, current) is { } stale) return stale;
        if (input.Practitioner is not null && IdOf(input.Practitioner, "Practitioner") != staff.Id)
            throw new FhirInputException(422, "PractitionerRole.practitioner kan ikke endres: rollen er den ansattes egen.", OperationOutcome.IssueType.BusinessRule);
        var (org, unit) = await WorkplaceAsync(f, input.Organization, "PractitionerRole.organization", ct);
        if (org.Id != staff.OrganisationId)
            throw new FhirInputException(422, "Virksomheten står fast; PractitionerRole.organization må være virksomheten eller en av dens enheter. "
                + "En ansatt i en annen virksomhet registreres som ny bruker.", OperationOutcome.IssueType.BusinessRule);
        var (profession, coordinatingUnit, health) = RoleCodesOf(input.Code);
        if (health != staff.IsHealthPersonnel)
            throw new FhirInputException(422, "Om den ansatte er helsepersonell står fast (det avgjør hva de kan koordinere).", OperationOutcome.IssueType.BusinessRule, "C3");
        if (coordinatingUnit && org.Level == CareLevel.Other)
            throw new FhirInputException(422, "Bare kommuner og helseforetak har koordinerende enhet.", OperationOutcome.IssueType.BusinessRule, "K1");
        if (coordinatingUnit && account is null)
            throw new FhirInputException(422, "Den ansatte har ingen brukerkonto å gi rollen.", OperationOutcome.IssueType.BusinessRule, "K1");
        staff.ChangeRole(unit, profession ?? staff.Profession);
        if (account is not null)
            account.SetRoles(coordinatingUnit ? account.Roles | SystemRole.CoordinatingUnitStaff : account.Roles & ~SystemRole.CoordinatingUnitStaff);
        f.Audit.Add(f.Me, "administrator", "staff.change", null, null, null, true,
            $"Rolle endret (FHIR): {staff.Name}, {(unit?.Name ?? org.Name)}, {staff.Profession}{(coordinatingUnit ? ", koordinerende enhet" : "")}");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(DirectoryMapper.RoleOf(staff, coordinatingUnit));
    }

    // ---------------------------------------------------------------- units (Organization partOf)

    /// <summary>POST Organization with <c>partOf</c>: a unit of that organisation; <c>type</c> CoordinatingUnit makes it the coordinating unit (K1).</summary>
    static async Task<IResult> CreateUnitAsync(FhirContext f, Organization input, CancellationToken ct)
    {
        var parentId = RequiredRef(input.PartOf, "Organization", "Organization.partOf");
        var org = await f.Db.Organisations.Include(o => o.Units).FirstOrDefaultAsync(o => o.Id == parentId, ct)
            ?? throw new FhirInputException(422, $"Organization.partOf Organization/{parentId} er ikke en virksomhet i Samplan (en enhet har ikke underenheter).",
                OperationOutcome.IssueType.NotFound);
        var (name, coordinating, phone, email) = UnitInput(input);
        var unit = org.AddUnit(Guid.NewGuid(), name, coordinating, phone, email); // K1
        f.Audit.Add(f.Me, "administrator", "organisation.create", null, null, null, true, $"Enhet registrert (FHIR): {org.Name} / {unit.Name}");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(DirectoryMapper.ToFhir(org, unit), 201, $"{f.BaseUrl}/Organization/{unit.Id}");
    }

    /// <summary>PUT Organization for a unit: its name, phone, e-mail and whether it is the coordinating unit (K1); it stays in its organisation.</summary>
    static async Task<IResult> UpdateUnitAsync(FhirContext f, Organization input, Organisation org, OrganisationUnit unit, CancellationToken ct)
    {
        if (StaleDigest(f, DirectoryMapper.ToFhir(org, unit)) is { } stale) return stale;
        if (IdOf(input.PartOf, "Organization") != org.Id)
            throw new FhirInputException(422, "Organization.partOf kan ikke endres: en enhet hører til sin virksomhet.", OperationOutcome.IssueType.BusinessRule);
        var (name, coordinating, phone, email) = UnitInput(input);
        org.ChangeUnit(unit.Id, name, coordinating, phone, email); // K1
        f.Audit.Add(f.Me, "administrator", "organisation.change", null, null, null, true, $"Enhet endret (FHIR): {org.Name} / {unit.Name}");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(DirectoryMapper.ToFhir(org, unit));
    }

    static (string Name, bool Coordinating, string? Phone, string? Email) UnitInput(Organization input)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
            throw new FhirInputException(422, "Organization.name mangler (eller er lengre enn 200 tegn).", OperationOutcome.IssueType.Required);
        if (input.Identifier.Any(i => i.System == OrgNumberSystem))
            throw new FhirInputException(422, "En enhet (Organization med partOf) har ikke eget organisasjonsnummer.", OperationOutcome.IssueType.BusinessRule);
        var kind = input.Type.Select(t => t.Coding.FirstOrDefault()?.Code ?? t.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? DirectoryMapper.UnitType;
        if (kind is not (DirectoryMapper.UnitType or DirectoryMapper.CoordinatingUnitType))
            throw new FhirInputException(422, $"Organization.type for en enhet er {DirectoryMapper.UnitType} eller {DirectoryMapper.CoordinatingUnitType}.", OperationOutcome.IssueType.CodeInvalid);
        string? Telecom(ContactPoint.ContactPointSystem system) =>
            input.Telecom.FirstOrDefault(t => t.System == system)?.Value is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var phone = Telecom(ContactPoint.ContactPointSystem.Phone);
        var email = Telecom(ContactPoint.ContactPointSystem.Email);
        if (phone is { Length: > 50 } || email is { Length: > 200 })
            throw new FhirInputException(422, "Organization.telecom er for langt.", OperationOutcome.IssueType.Value);
        return (input.Name.Trim(), kind == DirectoryMapper.CoordinatingUnitType, phone, email);
    }
}
