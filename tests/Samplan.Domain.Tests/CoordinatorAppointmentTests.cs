using Samplan.Domain.Coordination;
using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class CoordinatorAppointmentTests
{
    [Fact]
    public void A_coordinator_without_a_plan_is_recorded_as_plan_declined_C1()
    {
        var teacher = Staff(Municipality, healthPersonnel: false, name: "Erik Strand");

        var appointment = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), teacher, Today, " Fatima Ali ");

        Assert.True(appointment.PlanDeclined);
        Assert.Equal(teacher.Id, appointment.CoordinatorStaffId);
        Assert.Equal("Fatima Ali", appointment.ConsentGivenBy);
        Assert.Null(appointment.EndedOn);
    }

    [Fact]
    public void A_hospital_coordinator_without_a_plan_must_be_health_personnel_C1_C3() =>
        Refusal.Of("C3", () => CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(),
            Staff(Hospital, healthPersonnel: false, name: "Sofie Dahl"), Today, "Fatima Ali"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_coordinator_without_a_plan_needs_consent_C1_R3(string consentGivenBy) =>
        Refusal.Of("R3", () => CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), Guid.NewGuid(), Staff(Municipality), Today, consentGivenBy));
}
