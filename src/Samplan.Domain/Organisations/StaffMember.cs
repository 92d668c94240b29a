namespace Samplan.Domain.Organisations;

/// <summary>
/// Someone who works in an organisation and can take part in plans: a nurse, a teacher, a NAV
/// adviser… Whether they are health personnel matters for C3 (hospital coordinators).
/// </summary>
public sealed class StaffMember
{
    StaffMember() { Name = ""; Profession = ""; }

    public StaffMember(Guid id, string name, Guid organisationId, CareLevel organisationLevel, string profession,
        bool isHealthPersonnel, string? hprNumber = null, Guid? unitId = null, string? phone = null, string? email = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Navn mangler.", nameof(name));
        if (hprNumber is not null && (hprNumber.Length is < 4 or > 9 || !hprNumber.All(char.IsAsciiDigit)))
            throw new Shared.DomainRuleException("C3", "HPR-nummeret må være 4–9 sifre.");
        Id = id;
        Name = name.Trim();
        OrganisationId = organisationId;
        OrganisationLevel = organisationLevel;
        Profession = profession.Trim();
        IsHealthPersonnel = isHealthPersonnel;
        HprNumber = hprNumber;
        UnitId = unitId;
        Phone = phone;
        Email = email;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public Guid OrganisationId { get; private set; }
    public CareLevel OrganisationLevel { get; private set; }
    public Guid? UnitId { get; private set; }
    public string Profession { get; private set; }
    public bool IsHealthPersonnel { get; private set; }
    public string? HprNumber { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }

    /// <summary>Corrects name, HPR number (C3: 4–9 digits), phone and e-mail; the organisation and profession stay.</summary>
    public void ChangeContact(string name, string? hprNumber, string? phone, string? email)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Navn mangler.", nameof(name));
        if (hprNumber is not null && (hprNumber.Length is < 4 or > 9 || !hprNumber.All(char.IsAsciiDigit)))
            throw new Shared.DomainRuleException("C3", "HPR-nummeret må være 4–9 sifre.");
        Name = name.Trim();
        HprNumber = hprNumber;
        Phone = phone;
        Email = email;
    }

    /// <summary>
    /// The staff member's place and work in their organisation (their one role): the unit they belong to (null = the
    /// organisation as a whole) and their profession. The organisation and whether they are health personnel stay (C3).
    /// </summary>
    public void ChangeRole(OrganisationUnit? unit, string profession)
    {
        if (unit is not null && unit.OrganisationId != OrganisationId)
            throw new Shared.DomainRuleException("K1", "Enheten hører til en annen virksomhet enn den ansatte.");
        if (string.IsNullOrWhiteSpace(profession)) throw new Shared.DomainRuleException("C3", "Yrket mangler.");
        UnitId = unit?.Id;
        Profession = profession.Trim();
    }
}
