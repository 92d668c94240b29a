namespace Samplan.Domain.People;

/// <summary>
/// S4: an assessment of consent competence (samtykkekompetanse) — who made it, when, and for which
/// matter. Competence may vary by matter and over time, so assessments are never overwritten: a newer
/// one for the same matter takes over (see <see cref="Person.LatestCompetenceAssessment"/>).
/// </summary>
public sealed class CompetenceAssessment
{
    CompetenceAssessment() { Matter = ""; AssessedByName = ""; }

    internal CompetenceAssessment(Guid id, Guid personId, string matter, bool lacksCompetence, Guid assessedByStaffId,
        string assessedByName, DateOnly assessedOn, string? note)
    {
        Id = id;
        PersonId = personId;
        Matter = matter;
        LacksCompetence = lacksCompetence;
        AssessedByStaffId = assessedByStaffId;
        AssessedByName = assessedByName;
        AssessedOn = assessedOn;
        Note = note;
    }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    /// <summary>What the assessment is about, e.g. «Individuell plan».</summary>
    public string Matter { get; private set; }
    public bool LacksCompetence { get; private set; }
    public Guid AssessedByStaffId { get; private set; }
    public string AssessedByName { get; private set; }
    public DateOnly AssessedOn { get; private set; }
    public string? Note { get; private set; }

    public bool IsFor(string matter) =>
        string.Equals(Matter.Trim(), matter.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>S2: what a child says they think, recorded by staff in the child's own words.</summary>
public sealed class ChildView
{
    /// <summary>S2: «Fra fylte 7 år skal barnet høres i alle saker som angår egen helse.»</summary>
    public const int MustBeHeardFromAge = 7;

    ChildView() { Text = ""; RecordedByName = ""; }

    internal ChildView(Guid id, Guid personId, string text, Guid recordedByStaffId, string recordedByName, DateOnly recordedOn, int ageWhenRecorded)
    {
        Id = id;
        PersonId = personId;
        Text = text;
        RecordedByStaffId = recordedByStaffId;
        RecordedByName = recordedByName;
        RecordedOn = recordedOn;
        AgeWhenRecorded = ageWhenRecorded;
    }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string Text { get; private set; }
    public Guid RecordedByStaffId { get; private set; }
    public string RecordedByName { get; private set; }
    public DateOnly RecordedOn { get; private set; }
    public int AgeWhenRecorded { get; private set; }

    /// <summary>S2: the child was 7 or older, so the view must be heard (with growing weight by age and maturity).</summary>
    public bool MustBeHeard => AgeWhenRecorded >= MustBeHeardFromAge;
}
