using Samplan.Domain.Shared;

namespace Samplan.Domain.People;

public enum RelationKind
{
    /// <summary>Pårørende: family or next of kin.</summary>
    Relative,
    /// <summary>Parent with parental responsibility (foreldreansvar), who consents for a child (S2).</summary>
    ParentWithResponsibility,
    /// <summary>Verge or fremtidsfullmektig (S3).</summary>
    Guardian,
}

/// <summary>The person the plan is for (tjenestemottaker, pasient, bruker).</summary>
public sealed class Person
{
    readonly List<RelatedPerson> _relations = [];

    Person() { NationalIdentityNumber = ""; Name = ""; PreferredLanguage = "nb"; }

    public Person(Guid id, NationalIdentityNumber nationalIdentityNumber, string name, string preferredLanguage = "nb",
        bool needsInterpreter = false, string? interpreterLanguage = null, string? phone = null, string? address = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Navn mangler.", nameof(name));
        Id = id;
        NationalIdentityNumber = nationalIdentityNumber.Value;
        BirthDate = nationalIdentityNumber.BirthDate;
        Name = name.Trim();
        Phone = phone;
        Address = address;
        PreferredLanguage = "nb";
        SetLanguage(preferredLanguage, needsInterpreter, interpreterLanguage);
    }

    public Guid Id { get; private set; }
    public string NationalIdentityNumber { get; private set; }
    public string Name { get; private set; }
    public DateOnly BirthDate { get; private set; }
    public string? Phone { get; private set; }
    public string? Address { get; private set; }
    public string PreferredLanguage { get; private set; }
    public bool NeedsInterpreter { get; private set; }
    public string? InterpreterLanguage { get; private set; }
    public IReadOnlyCollection<RelatedPerson> Relations => _relations.AsReadOnly();

    public int AgeOn(DateOnly day)
    {
        var age = day.Year - BirthDate.Year;
        return BirthDate.AddYears(age) > day ? age - 1 : age;
    }

    /// <summary>L1: the language and whether a qualified interpreter is needed are recorded.</summary>
    public void SetLanguage(string preferredLanguage, bool needsInterpreter, string? interpreterLanguage)
    {
        if (string.IsNullOrWhiteSpace(preferredLanguage))
            throw new DomainRuleException("L1", "Oppgi personens foretrukne språk.");
        if (needsInterpreter && string.IsNullOrWhiteSpace(interpreterLanguage))
            throw new DomainRuleException("L1", "Oppgi hvilket språk tolken skal tolke til når personen trenger tolk.");
        PreferredLanguage = preferredLanguage.Trim();
        NeedsInterpreter = needsInterpreter;
        InterpreterLanguage = needsInterpreter ? interpreterLanguage!.Trim() : null;
    }

    public void UpdateContact(string name, string? phone, string? address)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Navn mangler.", nameof(name));
        Name = name.Trim();
        Phone = phone;
        Address = address;
    }

    public RelatedPerson AddRelation(Guid id, string name, RelationKind kind, string? phone = null,
        bool guardianForPersonalMatters = false)
    {
        if (kind == RelationKind.ParentWithResponsibility && _relations.Count(r => r.Kind == kind) >= 2)
            throw new DomainRuleException("S2", "Et barn har høyst to med foreldreansvar registrert.");
        var relation = new RelatedPerson(id, Id, name, kind, phone, kind == RelationKind.Guardian && guardianForPersonalMatters);
        _relations.Add(relation);
        return relation;
    }

    public void RemoveRelation(Guid relationId) => _relations.RemoveAll(r => r.Id == relationId);
}

public sealed class RelatedPerson
{
    RelatedPerson() { Name = ""; }

    internal RelatedPerson(Guid id, Guid personId, string name, RelationKind kind, string? phone, bool guardianForPersonalMatters)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Navn mangler.", nameof(name));
        Id = id;
        PersonId = personId;
        Name = name.Trim();
        Kind = kind;
        Phone = phone;
        GuardianForPersonalMatters = guardianForPersonalMatters;
    }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string Name { get; private set; }
    public RelationKind Kind { get; private set; }
    public string? Phone { get; private set; }
    /// <summary>S3: a guardian consents only where the mandate covers personal matters.</summary>
    public bool GuardianForPersonalMatters { get; private set; }
}
