using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;

namespace Samplan.Domain.Tests;

/// <summary>Small builders so each test shows only what matters to its rule.</summary>
static class Build
{
    public static readonly DateOnly Today = new(2026, 11, 23);
    public static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    public static readonly Organisation Municipality = new(Guid.NewGuid(), "Bjørkvik kommune", OrganisationKind.Municipality);
    public static readonly Organisation Hospital = new(Guid.NewGuid(), "Helse Vestfjord HF", OrganisationKind.HospitalTrust);
    public static readonly Organisation School = new(Guid.NewGuid(), "Bjørkvik skole", OrganisationKind.School);

    /// <summary>C2: a recorded wish for the coordinator, naming no one.</summary>
    public static readonly Coordination.CoordinatorWish Wish = new("Fatima ønsker en hun kan snakke med på arabisk");

    public static StaffMember Staff(Organisation org, bool healthPersonnel = true, string name = "Kari Nordmann") =>
        new(Guid.NewGuid(), name, org.Id, org.Level, healthPersonnel ? "Sykepleier" : "Sosionom", healthPersonnel);

    public static Person Person(string name = "Emma Larsen") => new(Guid.NewGuid(), SyntheticNumber(), name);

    /// <summary>A person born <paramref name="birthDate"/>, with a synthetic (month + 80) number.</summary>
    public static Person PersonBorn(DateOnly birthDate, string name = "Emma Larsen") =>
        new(Guid.NewGuid(), Enumerable.Range(birthDate.Year >= 2000 ? 500 : 100, 40).Select(i => NationalIdentityNumber.Synthetic(birthDate, i)).First(n => n is not null)!, name);

    /// <summary>A person who turns <paramref name="age"/> exactly on <see cref="Today"/>.</summary>
    public static Person PersonAged(int age, string name = "Emma Larsen") => PersonBorn(Today.AddYears(-age), name);

    /// <summary>A synthetic (month + 80) number, never a real person's.</summary>
    public static NationalIdentityNumber SyntheticNumber() =>
        Enumerable.Range(100, 40).Select(i => NationalIdentityNumber.Synthetic(new DateOnly(1990, 5, 21), i)).First(n => n is not null)!;

    public static ConsentDeclaration Consent(DateOnly? givenOn = null, DateOnly? validTo = null, bool coversInformationExchange = true) =>
        new(GivenByRelatedPersonId: null, ConsentForm.Written, givenOn ?? Today.AddDays(-10), validTo,
            CoversPlanWork: true, coversInformationExchange);

    public static IndividualPlan Plan(Organisation? responsible = null, ConsentDeclaration? consent = null, Person? person = null) =>
        IndividualPlan.Start(Guid.NewGuid(), person ?? Person(), responsible ?? Municipality, Staff(responsible ?? Municipality),
            [], consent ?? Consent(), Now);

    /// <summary>A draft that has everything activation needs: consent in force and a coordinator.</summary>
    public static IndividualPlan ReadyPlan(Organisation? responsible = null, ConsentDeclaration? consent = null)
    {
        var plan = Plan(responsible, consent);
        plan.AppointCoordinator(Staff(responsible ?? Municipality), Today);
        return plan;
    }
}
