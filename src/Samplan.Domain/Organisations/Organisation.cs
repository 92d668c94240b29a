namespace Samplan.Domain.Organisations;

/// <summary>The kinds of organisation the sources name as taking part in plan work.</summary>
public enum OrganisationKind
{
    Municipality,
    HospitalTrust,
    PrivateInstitution,
    NavOffice,
    School,
    Kindergarten,
    ChildWelfare,
    Other,
}

/// <summary>The two levels that carry plan responsibility (R2); every other kind contributes.</summary>
public enum CareLevel { Municipality, Hospital, Other }

public sealed class Organisation
{
    readonly List<OrganisationUnit> _units = [];

    Organisation() { Name = ""; }

    public Organisation(Guid id, string name, OrganisationKind kind, string? organisationNumber = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An organisation needs a name.", nameof(name));
        Id = id;
        Name = name.Trim();
        Kind = kind;
        OrganisationNumber = organisationNumber;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public OrganisationKind Kind { get; private set; }
    public string? OrganisationNumber { get; private set; }
    public IReadOnlyCollection<OrganisationUnit> Units => _units.AsReadOnly();

    public CareLevel Level => LevelOf(Kind);

    public static CareLevel LevelOf(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Municipality => CareLevel.Municipality,
        OrganisationKind.HospitalTrust => CareLevel.Hospital,
        _ => CareLevel.Other,
    };

    /// <summary>A new name (the kind and the organisasjonsnummer stay: they decide the care level, K1, C3).</summary>
    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An organisation needs a name.", nameof(name));
        Name = name.Trim();
    }

    public OrganisationUnit AddUnit(Guid id, string name, bool isCoordinatingUnit = false, string? phone = null, string? email = null)
    {
        // K1: the coordinating unit is one unit per municipality / hospital trust.
        if (isCoordinatingUnit && Level == CareLevel.Other)
            throw new Shared.DomainRuleException("K1", "Bare kommuner og helseforetak har koordinerende enhet.");
        if (isCoordinatingUnit && _units.Any(u => u.IsCoordinatingUnit))
            throw new Shared.DomainRuleException("K1", $"{Name} har allerede en koordinerende enhet.");
        var unit = new OrganisationUnit(id, Id, name, isCoordinatingUnit, phone, email);
        _units.Add(unit);
        return unit;
    }

    /// <summary>A unit's new name, contact and whether it is the coordinating unit — K1 holds as when it was added.</summary>
    public OrganisationUnit ChangeUnit(Guid id, string name, bool isCoordinatingUnit, string? phone, string? email)
    {
        var unit = _units.FirstOrDefault(u => u.Id == id) ?? throw new ArgumentException("No such unit.", nameof(id));
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A unit needs a name.", nameof(name));
        if (isCoordinatingUnit && Level == CareLevel.Other)
            throw new Shared.DomainRuleException("K1", "Bare kommuner og helseforetak har koordinerende enhet.");
        if (isCoordinatingUnit && _units.Any(u => u.IsCoordinatingUnit && u.Id != id))
            throw new Shared.DomainRuleException("K1", $"{Name} har allerede en koordinerende enhet.");
        // K1: the coordinating unit must stay reachable — it is renamed or given new contact details, never dropped.
        if (unit.IsCoordinatingUnit && !isCoordinatingUnit)
            throw new Shared.DomainRuleException("K1", $"{Name} må ha en koordinerende enhet; endre navn eller kontaktinformasjon på den i stedet.");
        unit.Change(name.Trim(), isCoordinatingUnit, phone, email);
        return unit;
    }
}

public sealed class OrganisationUnit
{
    OrganisationUnit() { Name = ""; }

    internal OrganisationUnit(Guid id, Guid organisationId, string name, bool isCoordinatingUnit, string? phone, string? email)
    {
        Id = id;
        OrganisationId = organisationId;
        Name = name;
        IsCoordinatingUnit = isCoordinatingUnit;
        Phone = phone;
        Email = email;
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string Name { get; private set; }
    public bool IsCoordinatingUnit { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }

    internal void Change(string name, bool isCoordinatingUnit, string? phone, string? email)
    {
        Name = name;
        IsCoordinatingUnit = isCoordinatingUnit;
        Phone = phone;
        Email = email;
    }
}
