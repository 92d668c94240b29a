using Samplan.Domain.Organisations;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Coordination;

public enum ServiceKind { Habilitation, Rehabilitation }

/// <summary>
/// K5: one habilitation or rehabilitation service in the coordinating unit's overview, with the contact
/// details the public and partners need. No personal data: it describes a service, never a patient.
/// </summary>
public sealed class ServiceOffering
{
    ServiceOffering() { Name = ""; Description = ""; OrganisationName = ""; }

    public ServiceOffering(Guid id, Organisation organisation, string name, string description, CareLevel level, ServiceKind kind,
        string? phone, string? email, string? web)
    {
        if (level == CareLevel.Other)
            throw new DomainRuleException("K5", "Oversikten gjelder tjenester i kommunen eller i spesialisthelsetjenesten.");
        Id = id;
        OrganisationId = organisation.Id;
        OrganisationName = organisation.Name;
        Name = Required(name, "Skriv navnet på tjenesten.");
        Description = description?.Trim() ?? "";
        Level = level;
        Kind = kind;
        Phone = Optional(phone);
        Email = Optional(email);
        Web = Optional(web);
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string OrganisationName { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; }
    public CareLevel Level { get; private set; }
    public ServiceKind Kind { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public string? Web { get; private set; }

    internal static string Required(string? text, string message) =>
        string.IsNullOrWhiteSpace(text) ? throw new DomainRuleException("K5", message) : text.Trim();

    static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
