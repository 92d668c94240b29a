using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

/// <summary>Corrections to the directory (relations, organisations, staff members) keep the rules they were made under.</summary>
public sealed class DirectoryChangeTests
{
    [Fact]
    public void A_relation_is_corrected_but_a_third_parent_with_responsibility_is_refused_S2()
    {
        var child = Person();
        child.AddRelation(Guid.NewGuid(), "Mor Larsen", RelationKind.ParentWithResponsibility);
        child.AddRelation(Guid.NewGuid(), "Far Larsen", RelationKind.ParentWithResponsibility);
        var aunt = child.AddRelation(Guid.NewGuid(), "Tante Larsen", RelationKind.Relative, "900 00 000");

        Refusal.Of("S2", () => child.ChangeRelation(aunt.Id, "Tante Larsen", RelationKind.ParentWithResponsibility));
        Assert.Equal(RelationKind.Relative, aunt.Kind);

        child.ChangeRelation(aunt.Id, " Tante Hansen ", RelationKind.Guardian, "911 11 111", guardianForPersonalMatters: true);
        Assert.Equal(("Tante Hansen", RelationKind.Guardian, "911 11 111", true), (aunt.Name, aunt.Kind, aunt.Phone, aunt.GuardianForPersonalMatters));
    }

    [Fact]
    public void An_organisation_is_renamed_and_a_staff_member_corrected_with_a_valid_HPR_number_C3()
    {
        var org = new Organisation(Guid.NewGuid(), "Gamle navn", OrganisationKind.School);
        org.Rename(" Nytt navn ");
        Assert.Equal("Nytt navn", org.Name);
        Assert.Throws<ArgumentException>(() => org.Rename(" "));

        var staff = Staff(Hospital);
        Refusal.Of("C3", () => staff.ChangeContact("Kari Nordmann", "12ab", null, null));
        staff.ChangeContact("Kari Nordmann Berg", "1234567", "900 12 345", "kari@example.no");
        Assert.Equal(("Kari Nordmann Berg", "1234567", "900 12 345", "kari@example.no"), (staff.Name, staff.HprNumber, staff.Phone, staff.Email));
    }

    [Fact]
    public void A_unit_is_changed_and_a_staff_member_placed_in_a_unit_of_their_own_organisation_only_K1()
    {
        var municipality = new Organisation(Guid.NewGuid(), "Kommune", OrganisationKind.Municipality);
        var ke = municipality.AddUnit(Guid.NewGuid(), "Koordinerende enhet", isCoordinatingUnit: true);
        var homeCare = municipality.AddUnit(Guid.NewGuid(), "Hjemmetjenesten");
        Refusal.Of("K1", () => municipality.ChangeUnit(homeCare.Id, "Hjemmetjenesten", isCoordinatingUnit: true, null, null));
        municipality.ChangeUnit(homeCare.Id, " Hjemmetjenesten sør ", isCoordinatingUnit: false, "55 00 00 01", "hjem@example.no");
        Assert.Equal(("Hjemmetjenesten sør", false, "55 00 00 01"), (homeCare.Name, homeCare.IsCoordinatingUnit, homeCare.Phone));
        var school = new Organisation(Guid.NewGuid(), "Skole", OrganisationKind.School);
        var office = school.AddUnit(Guid.NewGuid(), "Kontor");
        Refusal.Of("K1", () => school.ChangeUnit(office.Id, "Kontor", isCoordinatingUnit: true, null, null));

        var staff = new StaffMember(Guid.NewGuid(), "Kari Nordmann", municipality.Id, municipality.Level, "Sykepleier", true);
        Refusal.Of("K1", () => staff.ChangeRole(office, "Sykepleier"));
        staff.ChangeRole(ke, " Koordinator ");
        Assert.Equal((ke.Id, "Koordinator"), (staff.UnitId!.Value, staff.Profession));
        Refusal.Of("K1", () => municipality.ChangeUnit(ke.Id, "Koordinerende enhet", isCoordinatingUnit: false, null, null));
        municipality.ChangeUnit(ke.Id, "Tildelingskontoret", isCoordinatingUnit: true, "55 00 10 00", null);
        Assert.True(ke.IsCoordinatingUnit);
    }
}
