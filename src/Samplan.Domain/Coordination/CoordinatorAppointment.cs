using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Coordination;

/// <summary>
/// C1: a coordinator for someone who needs long-term coordinated services but has declined an
/// individual plan. The appointment still needs consent (R3) and, in a hospital trust, health
/// personnel (C3).
/// </summary>
public sealed class CoordinatorAppointment
{
    CoordinatorAppointment() { CoordinatorName = ""; ConsentGivenBy = ""; }

    public static CoordinatorAppointment WithoutPlan(Guid id, Guid personId, StaffMember coordinator, DateOnly appointedOn, string consentGivenBy)
    {
        if (string.IsNullOrWhiteSpace(consentGivenBy))
            throw new DomainRuleException("R3", "Koordinator kan ikke oppnevnes uten samtykke. Oppgi hvem som samtykket.");
        if (coordinator.OrganisationLevel == CareLevel.Hospital && !coordinator.IsHealthPersonnel)
            throw new DomainRuleException("C3", $"{coordinator.Name} er ikke helsepersonell. I spesialisthelsetjenesten må koordinator være helsepersonell.");
        return new CoordinatorAppointment
        {
            Id = id,
            PersonId = personId,
            CoordinatorStaffId = coordinator.Id,
            CoordinatorName = coordinator.Name,
            AppointedOn = appointedOn,
            PlanDeclined = true,
            ConsentGivenBy = consentGivenBy.Trim(),
        };
    }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid CoordinatorStaffId { get; private set; }
    public string CoordinatorName { get; private set; }
    public DateOnly AppointedOn { get; private set; }
    public DateOnly? EndedOn { get; private set; }
    /// <summary>C1: the person declined an IP but still has a coordinator.</summary>
    public bool PlanDeclined { get; private set; }
    public string ConsentGivenBy { get; private set; }

    public void End(DateOnly on) => EndedOn = on;
}
