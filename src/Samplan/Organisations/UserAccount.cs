namespace Samplan.Organisations;

/// <summary>Roles that are not tied to one plan. Plan roles (coordinator, participant) come from the plan itself.</summary>
[Flags]
public enum SystemRole
{
    None = 0,
    Staff = 1,
    CoordinatingUnitStaff = 2,
    Administrator = 4,
    PrivacyOfficer = 8,
    Citizen = 16,
}

/// <summary>
/// A local sign-in. Staff accounts point to a <see cref="Domain.Organisations.StaffMember"/>; in
/// production sign-in comes from HelseID / ID-porten and this row only links the identity.
/// </summary>
public sealed class UserAccount
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    UserAccount() { UserName = ""; PasswordHash = ""; DisplayName = ""; }

    public UserAccount(Guid id, string userName, string displayName, SystemRole roles, Guid? staffMemberId, Guid? organisationId,
        Guid? personId = null, Guid? relatedPersonId = null)
    {
        Id = id;
        UserName = userName.Trim().ToLowerInvariant();
        DisplayName = displayName;
        Roles = roles;
        StaffMemberId = staffMemberId;
        OrganisationId = organisationId;
        PersonId = personId;
        RelatedPersonId = relatedPersonId;
        PasswordHash = "";
    }

    public Guid Id { get; private set; }
    public string UserName { get; private set; }
    public string DisplayName { get; private set; }
    public string PasswordHash { get; private set; }
    public SystemRole Roles { get; private set; }
    public Guid? StaffMemberId { get; private set; }
    public Guid? OrganisationId { get; private set; }
    public Guid? PersonId { get; private set; }
    /// <summary>
    /// A citizen who is a relative: the <see cref="Domain.People.RelatedPerson"/> row this account is. A parent
    /// with parental responsibility or a guardian thereby represents that row's person (S2, S3).
    /// </summary>
    public Guid? RelatedPersonId { get; private set; }
    public int FailedSignIns { get; private set; }
    public DateTime? LockedUntil { get; private set; }

    public const int MaxEmail = 254;

    /// <summary>Where the delivery job sends e-mail copies of notices; none means in-app only.</summary>
    public string? Email { get; private set; }

    /// <summary>
    /// The kinds the user turned off for e-mail, comma-separated. Stored as the opt-outs so that every kind,
    /// including kinds added later, is on by default once an address is set.
    /// </summary>
    public string EmailOffKinds { get; private set; } = "";

    public bool WantsEmail(Notifications.NotificationKind kind) =>
        Email is not null && !EmailOffKinds.Split(',').Contains(kind.ToString());

    /// <summary>The user's choice: an address (or none) and the kinds they want by e-mail.</summary>
    public void SetEmailPreferences(string? email, IEnumerable<Notifications.NotificationKind> wanted)
    {
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        var on = wanted.ToHashSet();
        EmailOffKinds = string.Join(",", Enum.GetValues<Notifications.NotificationKind>().Where(k => !on.Contains(k)));
    }

    public void SetPasswordHash(string hash) => PasswordHash = hash;

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    public void RecordFailedSignIn(DateTime now)
    {
        FailedSignIns++;
        if (FailedSignIns >= MaxFailedSignIns)
        {
            LockedUntil = now + LockoutPeriod;
            FailedSignIns = 0;
        }
    }

    public void SetRoles(SystemRole roles) => Roles = roles;

    /// <summary>An administrator lifts a lockout (after checking who is asking).</summary>
    public void Unlock()
    {
        FailedSignIns = 0;
        LockedUntil = null;
    }

    public void RecordSignIn()
    {
        FailedSignIns = 0;
        LockedUntil = null;
    }
}
