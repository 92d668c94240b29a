namespace Samplan.Audit;

/// <summary>
/// One line of the append-only audit log: who (with role and organisation) did what to which plan
/// or person, when, and whether the access policy allowed it. Never updated or deleted.
/// </summary>
public sealed class AuditEntry
{
    AuditEntry() { Action = ""; UserName = ""; Role = ""; Reason = ""; }

    public AuditEntry(DateTime at, Guid? userId, string userName, string role, Guid? organisationId,
        string action, Guid? planId, Guid? personId, string? part, bool allowed, string reason)
    {
        At = at;
        UserId = userId;
        UserName = userName;
        Role = role;
        OrganisationId = organisationId;
        Action = action;
        PlanId = planId;
        PersonId = personId;
        Part = part;
        Allowed = allowed;
        Reason = reason;
    }

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public Guid? UserId { get; private set; }
    public string UserName { get; private set; }
    public string Role { get; private set; }
    public Guid? OrganisationId { get; private set; }
    public string Action { get; private set; }
    public Guid? PlanId { get; private set; }
    public Guid? PersonId { get; private set; }
    public string? Part { get; private set; }
    public bool Allowed { get; private set; }
    public string Reason { get; private set; }
}
