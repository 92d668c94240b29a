using Samplan.Domain.People;
using Samplan.Domain.Plans;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

/// <summary>
/// Who may consent (S1–S3), competence assessments (S4) and the child's own views (S2). Every age is
/// reached exactly on <see cref="Build.Today"/> (a birthday), the edge where the rules change.
/// </summary>
public sealed class ConsentAuthorityTests
{
    const string Plan = ConsentAuthority.IndividualPlanMatter;
    static readonly Guid Staff = Guid.NewGuid();

    static (Person Person, RelatedPerson Mother, RelatedPerson Father) Child(int age)
    {
        var child = PersonAged(age, "Emma Larsen");
        var mother = child.AddRelation(Guid.NewGuid(), "Lene Larsen", RelationKind.ParentWithResponsibility);
        var father = child.AddRelation(Guid.NewGuid(), "Tor Larsen", RelationKind.ParentWithResponsibility);
        return (child, mother, father);
    }

    static CompetenceAssessment Lacks(Person person, DateOnly? on = null, string matter = Plan, bool lacks = true) =>
        person.RecordCompetenceAssessment(Guid.NewGuid(), matter, lacks, Staff, "Ingrid Berg", on ?? Today.AddDays(-1),
            "Forstår ikke hva deling av opplysninger innebærer.", Today);

    static ConsentAuthorityDecision Who(Person person, DateOnly? day = null) =>
        ConsentAuthority.WhoMayConsent(person, day ?? Today, Plan);

    static Guid?[] Givers(ConsentAuthorityDecision d) => [.. d.MayConsent.Select(g => g.RelatedPersonId)];

    // --- S2: under 16, those with parental responsibility ---

    [Fact]
    public void At_6_those_with_parental_responsibility_consent_S2()
    {
        var (child, mother, father) = Child(6);

        var d = Who(child);

        Assert.Equal("S2", d.Rule);
        Assert.Equal([mother.Id, father.Id], Givers(d));
        Assert.Equal("Emma Larsen er 6 år. Under 16 år samtykker de med foreldreansvar (S2): Lene Larsen, Tor Larsen.", d.Explanation);
        Assert.False(child.MustBeHeardAsChild(Today));
    }

    [Fact]
    public void At_7_those_with_parental_responsibility_consent_and_the_child_must_be_heard_S2()
    {
        var (child, mother, father) = Child(7);

        var d = Who(child);

        Assert.Equal("S2", d.Rule);
        Assert.Equal([mother.Id, father.Id], Givers(d));
        Assert.Contains("Fra fylte 7 år skal Emma Larsen høres", d.Explanation, StringComparison.Ordinal);
        Assert.True(child.MustBeHeardAsChild(Today));
    }

    [Fact]
    public void At_15_the_child_cannot_consent_themself_and_is_told_who_may_S2()
    {
        var (child, mother, _) = Child(15);

        Assert.Equal("S2", Who(child).Rule);
        Assert.Equal(mother.Id, ConsentAuthority.EnsureMayConsent(child, Today, Plan, mother.Id).RelatedPersonId);
        var e = Refusal.Of("S2", () => ConsentAuthority.EnsureMayConsent(child, Today, Plan, null));
        Assert.Contains("Emma Larsen kan ikke samtykke selv", e.Message, StringComparison.Ordinal);
        Assert.Contains("Lene Larsen, Tor Larsen", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_day_before_the_16th_birthday_parents_still_consent_S2()
    {
        var child = PersonBorn(Today.AddYears(-16).AddDays(1));
        var mother = child.AddRelation(Guid.NewGuid(), "Lene Larsen", RelationKind.ParentWithResponsibility);

        Assert.Equal(15, child.AgeOn(Today));
        Assert.Equal([mother.Id], Givers(Who(child)));
    }

    [Fact]
    public void Under_16_with_no_parent_registered_no_one_is_offered_and_the_explanation_says_to_register_one_S2()
    {
        var child = PersonAged(10);
        child.AddRelation(Guid.NewGuid(), "Randi Larsen", RelationKind.Relative);

        var d = Who(child);

        Assert.True(d.NoOneMayConsent);
        Assert.Contains("Registrer hvem som har foreldreansvar", d.Explanation, StringComparison.Ordinal);
        Refusal.Of("S2", () => ConsentAuthority.EnsureMayConsent(child, Today, Plan, null));
    }

    [Fact]
    public void Under_16_an_assessment_of_competence_does_not_let_the_child_consent_S2()
    {
        var (child, _, _) = Child(14);
        Lacks(child, lacks: false);

        Assert.Equal("S2", Who(child).Rule);
        Refusal.Of("S2", () => ConsentAuthority.EnsureMayConsent(child, Today, Plan, null));
    }

    // --- S1: from 16 the person ---

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    public void From_16_the_person_consents_themself_and_parents_may_not_S1(int age)
    {
        var (person, mother, _) = Child(age);

        var d = Who(person);

        Assert.Equal("S1", d.Rule);
        Assert.Equal([(Guid?)null], Givers(d));
        Assert.StartsWith($"Emma Larsen er {age} år. Fra fylte 16 år samtykker personen selv (S1).", d.Explanation, StringComparison.Ordinal);
        var e = Refusal.Of("S1", () => ConsentAuthority.EnsureMayConsent(person, Today, Plan, mother.Id));
        Assert.Contains("Lene Larsen kan ikke samtykke på vegne av Emma Larsen", e.Message, StringComparison.Ordinal);
        Assert.Contains("samtykker personen selv (S1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_may_never_consent_for_an_adult_S1()
    {
        var arne = PersonAged(73, "Arne Johansen");
        var wife = arne.AddRelation(Guid.NewGuid(), "Randi Johansen", RelationKind.Relative);

        var e = Refusal.Of("S1", () => ConsentAuthority.EnsureMayConsent(arne, Today, Plan, wife.Id));

        Assert.Contains("Randi Johansen kan ikke samtykke på vegne av Arne Johansen", e.Message, StringComparison.Ordinal);
    }

    // --- S2: 16–18 without competence, parents ---

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    public void At_16_and_17_without_competence_those_with_parental_responsibility_consent_S2(int age)
    {
        var (person, mother, father) = Child(age);
        Lacks(person);

        var d = Who(person);

        Assert.Equal("S2", d.Rule);
        Assert.Equal([mother.Id, father.Id], Givers(d));
        Assert.Contains("mangler samtykkekompetanse for «Individuell plan» (vurdert av Ingrid Berg 22.11.2026)", d.Explanation, StringComparison.Ordinal);
        Refusal.Of("S2", () => ConsentAuthority.EnsureMayConsent(person, Today, Plan, null));
    }

    [Fact]
    public void At_17_without_competence_and_no_parent_registered_no_one_is_offered_S2()
    {
        var person = PersonAged(17);
        Lacks(person);

        var d = Who(person);

        Assert.True(d.NoOneMayConsent);
        Assert.Contains("Registrer hvem som har foreldreansvar", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void At_18_without_competence_parents_no_longer_consent_S3()
    {
        var (person, mother, _) = Child(18);
        Lacks(person);

        Assert.Equal("S3", Who(person).Rule);
        Refusal.Of("S3", () => ConsentAuthority.EnsureMayConsent(person, Today, Plan, mother.Id));
    }

    // --- S3: adults, guardians ---

    [Fact]
    public void An_adult_with_a_guardian_but_no_assessment_consents_themself_S1_S3()
    {
        var astrid = PersonAged(46, "Astrid Solberg");
        var guardian = astrid.AddRelation(Guid.NewGuid(), "Bente Solberg", RelationKind.Guardian, guardianForPersonalMatters: true);

        var d = Who(astrid);

        Assert.Equal([(Guid?)null], Givers(d));
        Assert.Contains("har verge (Bente Solberg), men bestemmer selv så langt Astrid Solberg kan (S3)", d.Explanation, StringComparison.Ordinal);
        Refusal.Of("S1", () => ConsentAuthority.EnsureMayConsent(astrid, Today, Plan, guardian.Id));
    }

    [Fact]
    public void An_adult_lacking_competence_is_consented_for_by_the_guardian_for_personal_matters_S3()
    {
        var astrid = PersonAged(46, "Astrid Solberg");
        var guardian = astrid.AddRelation(Guid.NewGuid(), "Bente Solberg", RelationKind.Guardian, guardianForPersonalMatters: true);
        astrid.AddRelation(Guid.NewGuid(), "Ola Solberg", RelationKind.Guardian, guardianForPersonalMatters: false);
        Lacks(astrid);

        var d = Who(astrid);

        Assert.Equal("S3", d.Rule);
        Assert.Equal([guardian.Id], Givers(d));
        Assert.Contains("En verge med kompetanse på det personlige området samtykker da på vegne av Astrid Solberg (S3): Bente Solberg.", d.Explanation, StringComparison.Ordinal);
        var e = Refusal.Of("S3", () => ConsentAuthority.EnsureMayConsent(astrid, Today, Plan, null));
        Assert.Contains("Bente Solberg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_adult_lacking_competence_without_a_guardian_for_personal_matters_has_no_one_to_consent_S3()
    {
        var arne = PersonAged(73, "Arne Johansen");
        var wife = arne.AddRelation(Guid.NewGuid(), "Randi Johansen", RelationKind.Relative);
        var financialGuardian = arne.AddRelation(Guid.NewGuid(), "Advokat Lund", RelationKind.Guardian, guardianForPersonalMatters: false);
        Lacks(arne);

        var d = Who(arne);

        Assert.True(d.NoOneMayConsent);
        Assert.Equal("S3", d.Rule);
        foreach (Guid? giver in new Guid?[] { null, wife.Id, financialGuardian.Id })
        {
            var e = Refusal.Of("S3", () => ConsentAuthority.EnsureMayConsent(arne, Today, Plan, giver));
            Assert.Contains("Da kan ingen samtykke på vegne av Arne Johansen (S3)", e.Message, StringComparison.Ordinal);
            Assert.Contains("lite inngripende", e.Message, StringComparison.Ordinal);
            Assert.Contains("nærmeste pårørende skal informeres og har rett til å medvirke", e.Message, StringComparison.Ordinal);
        }
    }

    // --- S4: competence varies by matter and over time ---

    [Fact]
    public void Lacking_competence_for_one_matter_does_not_affect_another_S4()
    {
        var astrid = PersonAged(46, "Astrid Solberg");
        astrid.AddRelation(Guid.NewGuid(), "Bente Solberg", RelationKind.Guardian, guardianForPersonalMatters: true);
        Lacks(astrid, matter: "Medisiner");

        Assert.Equal("S1", Who(astrid).Rule);
        Assert.Equal("S3", ConsentAuthority.WhoMayConsent(astrid, Today, "medisiner ").Rule);
    }

    [Fact]
    public void A_newer_assessment_for_the_matter_wins_S4()
    {
        var astrid = PersonAged(46, "Astrid Solberg");
        var guardian = astrid.AddRelation(Guid.NewGuid(), "Bente Solberg", RelationKind.Guardian, guardianForPersonalMatters: true);
        Lacks(astrid, on: Today.AddDays(-30));
        var regained = Lacks(astrid, on: Today.AddDays(-5), lacks: false);

        Assert.Equal([(Guid?)null], Givers(Who(astrid)));
        Assert.Same(regained, Who(astrid).Assessment);
        // Before the newer assessment was made, the older one counted.
        Assert.Equal([guardian.Id], Givers(Who(astrid, Today.AddDays(-10))));
        // Before any assessment, she consented herself.
        Assert.Equal([(Guid?)null], Givers(Who(astrid, Today.AddDays(-40))));
    }

    [Fact]
    public void Of_two_assessments_on_the_same_day_the_one_recorded_last_counts_S4()
    {
        var astrid = PersonAged(46, "Astrid Solberg");
        Lacks(astrid, on: Today, lacks: false);
        var last = Lacks(astrid, on: Today);

        Assert.Same(last, Who(astrid).Assessment);
        Assert.Equal("S3", Who(astrid).Rule);
    }

    [Fact]
    public void An_assessment_records_who_made_it_when_and_for_what_S4()
    {
        var person = PersonAged(30);

        var a = person.RecordCompetenceAssessment(Guid.NewGuid(), " Individuell plan ", true, Staff, " Ingrid Berg ", Today, "  ", Today);

        Assert.Equal(("Individuell plan", true, Staff, "Ingrid Berg", Today, (string?)null),
            (a.Matter, a.LacksCompetence, a.AssessedByStaffId, a.AssessedByName, a.AssessedOn, a.Note));
        Assert.Same(a, Assert.Single(person.CompetenceAssessments));
    }

    [Fact]
    public void An_assessment_without_matter_or_assessor_or_dated_ahead_is_refused_S4()
    {
        var person = PersonAged(30);

        Refusal.Of("S4", () => person.RecordCompetenceAssessment(Guid.NewGuid(), " ", true, Staff, "Ingrid Berg", Today, null, Today));
        Refusal.Of("S4", () => person.RecordCompetenceAssessment(Guid.NewGuid(), Plan, true, Guid.Empty, "Ingrid Berg", Today, null, Today));
        Refusal.Of("S4", () => person.RecordCompetenceAssessment(Guid.NewGuid(), Plan, true, Staff, "Ingrid Berg", Today.AddDays(1), null, Today));
        Assert.Empty(person.CompetenceAssessments);
    }

    // --- S2: the child's own views ---

    [Fact]
    public void A_childs_view_must_be_heard_from_7_not_at_6_S2()
    {
        var child = PersonBorn(Today.AddYears(-7));

        var at6 = child.RecordChildView(Guid.NewGuid(), "Jeg liker å tegne.", Staff, "Kari Nordmann", Today.AddDays(-1));
        var at7 = child.RecordChildView(Guid.NewGuid(), " Jeg vil sykle til skolen. ", Staff, "Kari Nordmann", Today);

        Assert.Equal((6, false), (at6.AgeWhenRecorded, at6.MustBeHeard));
        Assert.Equal((7, true, "Jeg vil sykle til skolen."), (at7.AgeWhenRecorded, at7.MustBeHeard, at7.Text));
        Assert.Equal(2, child.ChildViews.Count);
    }

    [Fact]
    public void A_childs_view_is_for_children_and_needs_words_S2()
    {
        Refusal.Of("S2", () => PersonAged(18).RecordChildView(Guid.NewGuid(), "Jeg vil bo selv.", Staff, "Kari Nordmann", Today));
        Refusal.Of("S2", () => PersonAged(9).RecordChildView(Guid.NewGuid(), " ", Staff, "Kari Nordmann", Today));
    }

    // --- The plan guards it ---

    [Fact]
    public void A_plan_for_a_child_starts_on_a_parents_consent_with_name_and_role_from_the_record_S2()
    {
        var (child, mother, _) = Child(10);

        var plan = Build.Plan(person: child, consent: Consent() with { GivenByRelatedPersonId = mother.Id });

        var consent = Assert.Single(plan.Consents);
        Assert.Equal(("Lene Larsen", ConsentGiverRole.ParentWithResponsibility, (Guid?)mother.Id),
            (consent.GivenBy, consent.GiverRole, consent.GivenByRelatedPersonId));
    }

    [Fact]
    public void A_plan_for_a_child_is_not_started_on_the_childs_own_consent_S2()
    {
        var (child, _, _) = Child(10);

        var e = Refusal.Of("S2", () => Build.Plan(person: child, consent: Consent()));

        Assert.Contains("Under 16 år samtykker de med foreldreansvar (S2): Lene Larsen, Tor Larsen.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consent_checked_against_another_person_than_the_plans_is_refused_R3()
    {
        var plan = Build.Plan(person: PersonAged(40, "Knut Holm"));

        Refusal.Of("R3", () => plan.RecordConsent(Consent(), PersonAged(40, "Knut Holm"), Guid.NewGuid()));
        Assert.Single(plan.Consents);
    }

    [Fact]
    public void A_consent_by_a_relation_not_registered_on_the_person_is_refused_S1()
    {
        var knut = PersonAged(40, "Knut Holm");
        var plan = Build.Plan(person: knut);

        var e = Refusal.Of("S1", () => plan.RecordConsent(Consent() with { GivenByRelatedPersonId = Guid.NewGuid() }, knut, Guid.NewGuid()));

        Assert.Contains("ikke registrert hos Knut Holm", e.Message, StringComparison.Ordinal);
        Assert.Single(plan.Consents);
    }

    [Fact]
    public void A_plan_for_an_adult_lacking_competence_without_a_guardian_cannot_rest_on_a_consent_S3()
    {
        var arne = PersonAged(73, "Arne Johansen");
        var wife = arne.AddRelation(Guid.NewGuid(), "Randi Johansen", RelationKind.Relative);
        Lacks(arne, on: Today.AddDays(-20));

        var e = Refusal.Of("S3", () => Build.Plan(person: arne, consent: Consent() with { GivenByRelatedPersonId = wife.Id }));

        Assert.Contains("Individuell plan kan ikke bygge på et samtykke", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_authority_is_judged_on_the_day_the_consent_was_given_S1_S2()
    {
        // Turned 16 five days ago; a parent's consent given a week ago was given while the child was 15.
        var person = PersonBorn(Today.AddYears(-16).AddDays(-5));
        var mother = person.AddRelation(Guid.NewGuid(), "Lene Larsen", RelationKind.ParentWithResponsibility);

        var plan = Build.Plan(person: person, consent: Consent(givenOn: Today.AddDays(-7)) with { GivenByRelatedPersonId = mother.Id });
        Refusal.Of("S1", () => plan.RecordConsent(Consent(givenOn: Today) with { GivenByRelatedPersonId = mother.Id }, person, Guid.NewGuid()));

        plan.RecordConsent(Consent(givenOn: Today), person, Guid.NewGuid());
        Assert.Equal(2, plan.Consents.Count);
    }
}
