namespace Samplan.Audit;

/// <summary>
/// One line of the append-only audit log: who (with role and organisation) did what to which plan
/// or person, when, why (purpose), and whether the access policy allowed it. Never updated or deleted.
/// Entries form a hash chain (<see cref="AuditChain"/>): <see cref="Sequence"/> is gap-free from 1, and
/// <see cref="Hash"/> covers every field including <see cref="PreviousHash"/>, so a changed or deleted
/// row is found by <see cref="AuditChain.VerifyAsync"/>. The chain fields are set by
/// <see cref="AuditChainInterceptor"/> when the entry is saved, never by callers.
/// </summary>
public sealed class AuditEntry
{
    AuditEntry() { Action = ""; UserName = ""; Role = ""; Reason = ""; PreviousHash = ""; Hash = ""; }

    public AuditEntry(DateTime at, Guid? userId, string userName, string role, Guid? organisationId,
        string action, Guid? planId, Guid? personId, string? part, bool allowed, string reason,
        string? purpose = null, bool emergency = false)
    {
        At = AuditChain.Truncate(at);
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
        Purpose = purpose;
        Emergency = emergency;
        PreviousHash = "";
        Hash = "";
        MadeOrder = Interlocked.Increment(ref _made);
    }

    static long _made;

    /// <summary>Order in which entries were made in this process (a field, so not mapped): entries saved together are chained in this order.</summary>
    internal readonly long MadeOrder;

    public long Id { get; private set; }
    /// <summary>Position in the chain: 1, 2, 3 … without gaps (unique).</summary>
    public long Sequence { get; private set; }
    /// <summary>UTC, truncated to whole microseconds (what PostgreSQL keeps), so the hash survives a round trip.</summary>
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
    /// <summary>Why the access was needed, when the user gave a purpose (always for emergency access).</summary>
    public string? Purpose { get; private set; }
    /// <summary>Emergency access (nødtilgang): reviewed by the privacy officer and shown highlighted to the person.</summary>
    public bool Emergency { get; private set; }
    /// <summary>Hex SHA-256 of the entry before (<see cref="AuditChain.Genesis"/> for the first).</summary>
    public string PreviousHash { get; private set; }
    /// <summary>Hex SHA-256 over <see cref="AuditChain.Canonical"/> of this entry.</summary>
    public string Hash { get; private set; }

    /// <summary>Places the entry in the chain after the entry with <paramref name="previousHash"/>.</summary>
    internal void Seal(long sequence, string previousHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = AuditChain.ComputeHash(this);
    }
}
