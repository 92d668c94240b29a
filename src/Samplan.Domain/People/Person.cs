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
    readonly List<CompetenceAssessment> _competenceAssessments = [];
    readonly List<ChildView> _childViews = [];

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
    /// <summary>S4: every assessment of consent competence, in the order recorded.</summary>
    public IReadOnlyCollection<CompetenceAssessment> CompetenceAssessments => _competenceAssessments.AsReadOnly();
    /// <summary>S2: the child's own views, in the order recorded.</summary>
    public IReadOnlyCollection<ChildView> ChildViews => _childViews.AsReadOnly();

    public int AgeOn(DateOnly day)
    {
        var age = day.Year - BirthDate.Year;
        return BirthDate.AddYears(age) > day ? age - 1 : age;
    }

    /// <summary>S2: from the age of 7 a child must be heard in all matters about their own health.</summary>
    public bool MustBeHeardAsChild(DateOnly day) => AgeOn(day) is >= ChildView.MustBeHeardFromAge and < 18;

    /// <summary>
    /// S4: consent competence is assessed by the one giving health care, for one matter at one time. All
    /// assessments are kept; <see cref="LatestCompetenceAssessment"/> picks the one that counts.
    /// </summary>
    public CompetenceAssessment RecordCompetenceAssessment(Guid id, string matter, bool lacksCompetence,
        Guid assessedByStaffId, string assessedByName, DateOnly assessedOn, string? note, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(matter))
            throw new DomainRuleException("S4", "Oppgi hvilken sak vurderingen av samtykkekompetanse gjelder.");
        if (string.IsNullOrWhiteSpace(assessedByName) || assessedByStaffId == Guid.Empty)
            throw new DomainRuleException("S4", "Oppgi hvem som vurderte samtykkekompetansen.");
        if (assessedOn > today)
            throw new DomainRuleException("S4", "Datoen for vurderingen kan ikke være fram i tid.");
        if (assessedOn < BirthDate)
            throw new DomainRuleException("S4", "Datoen for vurderingen kan ikke være før personen ble født.");
        var assessment = new CompetenceAssessment(id, Id, matter.Trim(), lacksCompetence, assessedByStaffId,
            assessedByName.Trim(), assessedOn, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        _competenceAssessments.Add(assessment);
        return assessment;
    }

    /// <summary>
    /// S4: the assessment that counts for <paramref name="matter"/> on <paramref name="day"/> — the latest one
    /// made on or before that day (the one recorded last when two share a date). Competence may vary by
    /// matter, so an assessment for another matter never counts here.
    /// </summary>
    public CompetenceAssessment? LatestCompetenceAssessment(string matter, DateOnly day) =>
        _competenceAssessments
            .Select((a, order) => (a, order))
            .Where(x => x.a.IsFor(matter) && x.a.AssessedOn <= day)
            .OrderByDescending(x => x.a.AssessedOn).ThenByDescending(x => x.order)
            .Select(x => x.a).FirstOrDefault();

    /// <summary>
    /// S2: the child's own view, in their words. Children are informed whatever their age and may always
    /// say what they think, so a view can be recorded at any age under 18; from 7 the child *must* be heard,
    /// so a view recorded then is marked <see cref="ChildView.MustBeHeard"/> and the person page always
    /// shows the views of a child of 7 or more.
    /// </summary>
    public ChildView RecordChildView(Guid id, string text, Guid recordedByStaffId, string recordedByName, DateOnly on)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new DomainRuleException("S2", "Skriv hva barnet selv mener.");
        if (on < BirthDate)
            throw new DomainRuleException("S2", "Datoen kan ikke være før barnet ble født.");
        var age = AgeOn(on);
        if (age >= 18)
            throw new DomainRuleException("S2", $"{Name} er {age} år. Barnets egne synspunkter registreres for barn under 18 år; en voksen medvirker selv i planarbeidet (R12).");
        if (string.IsNullOrWhiteSpace(recordedByName))
            throw new DomainRuleException("S2", "Oppgi hvem som registrerte barnets synspunkter.");
        var view = new ChildView(id, Id, text.Trim(), recordedByStaffId, recordedByName.Trim(), on, age);
        _childViews.Add(view);
        return view;
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

    /// <summary>Corrects a relation's name, phone and kind; S2 holds as when it was added (at most two with parental responsibility).</summary>
    public RelatedPerson ChangeRelation(Guid relationId, string name, RelationKind kind, string? phone = null, bool guardianForPersonalMatters = false)
    {
        var relation = _relations.FirstOrDefault(r => r.Id == relationId)
            ?? throw new ArgumentException("Relasjonen hører ikke til personen.", nameof(relationId));
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Navn mangler.", nameof(name));
        if (kind == RelationKind.ParentWithResponsibility && _relations.Count(r => r.Id != relationId && r.Kind == kind) >= 2)
            throw new DomainRuleException("S2", "Et barn har høyst to med foreldreansvar registrert.");
        relation.Change(name, kind, phone, kind == RelationKind.Guardian && guardianForPersonalMatters);
        return relation;
    }
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

    internal void Change(string name, RelationKind kind, string? phone, bool guardianForPersonalMatters)
    {
        Name = name.Trim();
        Kind = kind;
        Phone = phone;
        GuardianForPersonalMatters = guardianForPersonalMatters;
    }
}
