using Samplan.Domain.Coordination;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class CoordinatorAppointmentTests
{
    [Fact]
    public void A_coordinator_without_a_plan_is_recorded_as_plan_declined_C1()
    {
        var teacher = Staff(Municipality, healthPersonnel: false, name: "Erik Strand");

        var appointment = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), teacher, Today, " Fatima Ali ", Wish, PersonsCoordination.None);

        Assert.True(appointment.PlanDeclined);
        Assert.Equal(teacher.Id, appointment.CoordinatorStaffId);
        Assert.Equal("Fatima Ali", appointment.ConsentGivenBy);
        Assert.Null(appointment.EndedOn);
    }

    [Fact]
    public void A_hospital_coordinator_without_a_plan_must_be_health_personnel_C1_C3() =>
        Refusal.Of("C3", () => CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(),
            Staff(Hospital, healthPersonnel: false, name: "Sofie Dahl"), Today, "Fatima Ali", Wish, PersonsCoordination.None));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_coordinator_without_a_plan_needs_consent_C1_R3(string consentGivenBy) =>
        Refusal.Of("R3", () => CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), Staff(Municipality), Today, consentGivenBy, Wish, PersonsCoordination.None));

    [Fact]
    public void C1_a_person_has_only_one_running_coordinator_only_appointment()
    {
        var kari = Staff(Municipality);
        Refusal.Of("C1", () => CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), kari, Today, "Fatima Ali", Wish,
            new PersonsCoordination(HasOpenPlan: false, HasRunningAppointment: true)));
    }

    [Fact]
    public void C1_a_person_with_an_open_plan_gets_the_coordinator_in_the_plan_not_without_it() =>
        Refusal.Of("C1", () => CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), Staff(Municipality), Today, "Fatima Ali", Wish,
            new PersonsCoordination(HasOpenPlan: true, HasRunningAppointment: false)));

    [Fact]
    public void C1_an_ended_appointment_no_longer_stands_in_the_way_and_cannot_be_ended_twice()
    {
        var kari = Staff(Municipality);
        var first = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), kari, Today.AddDays(-30), "Fatima Ali", Wish, PersonsCoordination.None);
        Refusal.Of("C1", () => first.End(Today.AddDays(-31)));
        first.End(Today);
        Refusal.Of("C1", () => first.End(Today));

        var second = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), first.PersonId, kari, Today, "Fatima Ali", Wish,
            new PersonsCoordination(HasOpenPlan: false, HasRunningAppointment: false));
        Assert.Null(second.EndedOn);
    }

    [Fact]
    public void C2_the_wish_of_the_person_and_relatives_is_kept_with_the_appointment()
    {
        var ola = Staff(Municipality, name: "Ola Hansen");

        var appointment = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), Staff(Municipality), Today, "Fatima Ali",
            new CoordinatorWish("  Fatima og broren ønsker Ola, som de kjenner fra hjemmetjenesten  ", ola), PersonsCoordination.None);

        Assert.Equal("Fatima og broren ønsker Ola, som de kjenner fra hjemmetjenesten", appointment.Wish);
        Assert.Equal(ola.Id, appointment.WishedStaffId);
        Assert.Equal("Ola Hansen", appointment.WishedName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void C2_a_coordinator_without_a_plan_is_not_chosen_without_asking_for_the_wish(string wish) =>
        Refusal.Of("C2", () => CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), Staff(Municipality), Today, "Fatima Ali",
            new CoordinatorWish(wish), PersonsCoordination.None));
}
