using Hl7.Fhir.Model;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using static Samplan.Fhir.FhirMapping;

namespace Samplan.Fhir;

/// <summary>Organization, Practitioner, PractitionerRole and RelatedPerson: the directory around a plan.</summary>
public static class DirectoryMapper
{
    public static Organization ToFhir(Organisation organisation)
    {
        var org = new Organization
        {
            Id = organisation.Id.ToString(),
            Active = true,
            Name = organisation.Name,
            Type = [new CodeableConcept { Text = organisation.Kind.ToString() }],
        };
        if (organisation.OrganisationNumber is { Length: > 0 } number) org.Identifier.Add(new Identifier(OrgNumberSystem, number));
        return Versioned(org);
    }

    public static Practitioner ToFhir(StaffMember staff)
    {
        var practitioner = new Practitioner
        {
            Id = staff.Id.ToString(),
            Active = true,
            Name = [PatientMapper.Name(staff.Name)],
            Qualification = [new Practitioner.QualificationComponent { Code = new CodeableConcept { Text = staff.Profession } }],
        };
        if (staff.HprNumber is { Length: > 0 } hpr) practitioner.Identifier.Add(new Identifier(HprSystem, hpr));
        if (staff.Phone is { Length: > 0 } phone) practitioner.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, phone));
        if (staff.Email is { Length: > 0 } email) practitioner.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, email));
        return Versioned(practitioner);
    }

    /// <summary>Codes of a staff member's role besides the profession (the text): the coordinating-unit role and health personnel (C3).</summary>
    public const string StaffRoleSystem = "https://samplan.no/fhir/CodeSystem/staff-role";
    public const string CoordinatingUnitRole = "coordinating-unit";
    public const string HealthPersonnelRole = "health-personnel";

    /// <summary>A unit of an organisation (a coordinating unit, a service, a ward): an Organization <c>partOf</c> it.</summary>
    public const string CoordinatingUnitType = "CoordinatingUnit";
    public const string UnitType = "Unit";

    /// <summary>
    /// A staff member works in one organisation (in one of its units, or the organisation as a whole), in one profession:
    /// their one PractitionerRole (same id as the Practitioner). <c>organization</c> is the unit when they belong to one.
    /// </summary>
    public static PractitionerRole RoleOf(StaffMember staff, bool coordinatingUnitStaff = false)
    {
        var role = new PractitionerRole
        {
            Id = staff.Id.ToString(),
            Active = true,
            Practitioner = Ref("Practitioner", staff.Id, staff.Name),
            Organization = Ref("Organization", staff.UnitId ?? staff.OrganisationId),
            Code = [new CodeableConcept { Text = staff.Profession }],
        };
        if (coordinatingUnitStaff) role.Code.Add(Concept(StaffRoleSystem, CoordinatingUnitRole, "Koordinerende enhet"));
        if (staff.IsHealthPersonnel) role.Code.Add(Concept(StaffRoleSystem, HealthPersonnelRole, "Helsepersonell"));
        return Versioned(role);
    }

    public static Organization ToFhir(Organisation organisation, OrganisationUnit unit)
    {
        var org = new Organization
        {
            Id = unit.Id.ToString(),
            Active = true,
            Name = unit.Name,
            Type = [new CodeableConcept { Text = unit.IsCoordinatingUnit ? CoordinatingUnitType : UnitType }],
            PartOf = Ref("Organization", organisation.Id, organisation.Name),
        };
        if (unit.Phone is { Length: > 0 } phone) org.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, phone));
        if (unit.Email is { Length: > 0 } email) org.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, email));
        return Versioned(org);
    }

    public static Hl7.Fhir.Model.RelatedPerson ToFhir(Domain.People.RelatedPerson relation)
    {
        var related = new Hl7.Fhir.Model.RelatedPerson
        {
            Id = relation.Id.ToString(),
            Active = true,
            Patient = Ref("Patient", relation.PersonId),
            Name = [PatientMapper.Name(relation.Name)],
            Relationship = [relation.Kind switch
            {
                RelationKind.ParentWithResponsibility => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "PRN", "parent", "Foreldreansvar"),
                RelationKind.Guardian => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "GUARD", "guardian",
                    relation.GuardianForPersonalMatters ? "Verge (personlige forhold)" : "Verge"),
                _ => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "FAMMEMB", "family member", "Pårørende"),
            }],
        };
        if (relation.Phone is { Length: > 0 } phone) related.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, phone));
        return Versioned(related);
    }

    /// <summary>
    /// Directory records have no version counter, so the version is a digest of what the API shows (as for Patient): any
    /// change made anywhere gives a new one, and If-Match refuses a stale update.
    /// </summary>
    static T Versioned<T>(T resource) where T : Resource
    {
        var copy = (T)resource.DeepCopy();
        copy.Meta = null;
        var json = FhirIo.Serialize(copy, FhirFormat.Json);
        resource.Meta = new Meta { VersionId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)))[..16].ToLowerInvariant() };
        return resource;
    }
}
