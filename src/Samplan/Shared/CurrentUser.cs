using System.Security.Claims;
using Samplan.Organisations;

namespace Samplan.Shared;

/// <summary>Who is asking, read once from the sign-in cookie's claims.</summary>
public sealed record CurrentUser(Guid UserId, string UserName, string DisplayName, SystemRole Roles,
    Guid? StaffMemberId, Guid? OrganisationId, Guid? PersonId, Guid? ActingAsRelatedPersonId = null, IReadOnlyList<Guid>? RelatedPersonIds = null)
{
    /// <summary>
    /// A parent with parental responsibility or a guardian signs in as themself and acts for the person
    /// (<see cref="PersonId"/>) through their <c>RelatedPerson</c> row (S2, S3); null when the person signs in themself.
    /// </summary>
    public const string ActingAsClaim = "samplan:acting-as";

    /// <summary>
    /// R12: the <c>RelatedPerson</c> rows a citizen account is (one claim each) — set at sign-in for every citizen account,
    /// whether or not it acts for someone, so a relative taking part in a plan reads what the person's consent lets them (R3, R8).
    /// </summary>
    public const string RelativeClaim = "samplan:relative";

    /// <summary>The relatives (<c>RelatedPerson</c> ids) this account is; empty for staff.</summary>
    public IReadOnlyList<Guid> Relatives => RelatedPersonIds ?? [];

    public const string StaffClaim = "samplan:staff";
    public const string OrganisationClaim = "samplan:org";
    public const string PersonClaim = "samplan:person";
    public const string RolesClaim = "samplan:roles";

    public static readonly CurrentUser Anonymous = new(Guid.Empty, "anonymous", "Ikke innlogget", SystemRole.None, null, null, null);

    public bool IsAuthenticated => UserId != Guid.Empty;

    public bool Has(SystemRole role) => (Roles & role) == role;

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
            return Anonymous;
        return new CurrentUser(id, principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(ClaimTypes.GivenName) ?? "",
            Enum.TryParse<SystemRole>(principal.FindFirstValue(RolesClaim), out var roles) ? roles : SystemRole.None,
            Optional(principal, StaffClaim), Optional(principal, OrganisationClaim), Optional(principal, PersonClaim),
            Optional(principal, ActingAsClaim),
            principal.FindAll(RelativeClaim).Select(c => Guid.TryParse(c.Value, out var r) ? r : Guid.Empty)
                .Where(r => r != Guid.Empty).ToList());
    }

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, UserId.ToString()),
            new(ClaimTypes.Name, UserName),
            new(ClaimTypes.GivenName, DisplayName),
            new(RolesClaim, ((int)Roles).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (StaffMemberId is { } s) claims.Add(new(StaffClaim, s.ToString()));
        if (OrganisationId is { } o) claims.Add(new(OrganisationClaim, o.ToString()));
        if (PersonId is { } p) claims.Add(new(PersonClaim, p.ToString()));
        if (ActingAsRelatedPersonId is { } r) claims.Add(new(ActingAsClaim, r.ToString()));
        foreach (var relative in Relatives) claims.Add(new(RelativeClaim, relative.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static CurrentUser Of(UserAccount account) => new(account.Id, account.UserName, account.DisplayName,
        account.Roles, account.StaffMemberId, account.OrganisationId, account.PersonId);

    static Guid? Optional(ClaimsPrincipal principal, string type) =>
        Guid.TryParse(principal.FindFirstValue(type), out var value) ? value : null;
}
