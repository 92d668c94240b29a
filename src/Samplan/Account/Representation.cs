using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.People;
using Samplan.Organisations;
using Samplan.Shared;

namespace Samplan.Account;

/// <summary>One person a citizen account may act for: themself (<see cref="RelatedPersonId"/> null) or someone they represent.</summary>
public sealed record ActingChoice(Guid PersonId, string PersonName, Guid? RelatedPersonId, RelationKind? Kind)
{
    public bool IsSelf => RelatedPersonId is null;
}

/// <summary>A person the account is linked to but may not act for today, with the rule's explanation (S1–S3).</summary>
public sealed record RefusedChoice(Guid PersonId, string PersonName, string Rule, string Explanation);

/// <summary>
/// S2, S3: who a citizen account acts for. A parent or guardian may act for a person only while
/// <see cref="ConsentAuthority.WhoMayConsent"/> lists their <see cref="RelatedPerson"/> row for the individual plan
/// (parental responsibility for a child under 16, or 16–18 lacking competence; a guardian for personal matters of an
/// adult lacking competence). Checked when signing in and at each switch; the cookie then carries the represented
/// person (<see cref="CurrentUser.PersonId"/>) and the relation (<see cref="CurrentUser.ActingAsRelatedPersonId"/>).
/// </summary>
public sealed class Representation(SamplanDb db, AuditLog audit, TimeProvider clock)
{
    /// <summary>The represented person's name, for the "you act for" line in the header (not used for any decision).</summary>
    public const string ActingForNameClaim = "samplan:acting-for-name";

    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>R12: the <c>RelatedPerson</c> rows the account is (the link table and the account's own link).</summary>
    public async Task<List<Guid>> RelativeIdsAsync(UserAccount account, CancellationToken ct = default)
    {
        var relatedIds = await db.Set<AccountRepresentation>().AsNoTracking().Where(l => l.UserAccountId == account.Id)
            .Select(l => l.RelatedPersonId).ToListAsync(ct);
        if (account.RelatedPersonId is { } legacy && !relatedIds.Contains(legacy)) relatedIds.Add(legacy);
        return relatedIds;
    }

    public async Task<(IReadOnlyList<ActingChoice> May, IReadOnlyList<RefusedChoice> MayNot)> ChoicesAsync(UserAccount account,
        CancellationToken ct = default)
    {
        var may = new List<ActingChoice>();
        var mayNot = new List<RefusedChoice>();
        if (account.PersonId is { } own
            && await db.Persons.AsNoTracking().Where(p => p.Id == own).Select(p => p.Name).FirstOrDefaultAsync(ct) is { } ownName)
            may.Add(new ActingChoice(own, ownName, null, null));

        var relatedIds = await RelativeIdsAsync(account, ct);
        if (relatedIds.Count == 0) return (may, mayNot);

        var relations = await db.RelatedPersons.AsNoTracking().Where(r => relatedIds.Contains(r.Id)).ToListAsync(ct);
        var personIds = relations.Select(r => r.PersonId).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().Include(p => p.Relations).Where(p => personIds.Contains(p.Id)).ToListAsync(ct);
        var today = OsloTime.Today(clock);
        var byName = StringComparer.Create(CultureInfo.GetCultureInfo("nb-NO"), false);
        foreach (var relation in relations.OrderBy(r => persons.First(p => p.Id == r.PersonId).Name, byName))
        {
            var person = persons.First(p => p.Id == relation.PersonId);
            if (may.Any(c => c.PersonId == person.Id)) continue;
            var decision = ConsentAuthority.WhoMayConsent(person, today, ConsentAuthority.IndividualPlanMatter);
            if (decision.Find(relation.Id) is not null)
                may.Add(new ActingChoice(person.Id, person.Name, relation.Id, relation.Kind));
            else
                mayNot.Add(new RefusedChoice(person.Id, person.Name, decision.Rule, decision.Explanation));
        }
        return (may, mayNot);
    }

    /// <summary>The cookie's principal: the account, acting for <paramref name="choice"/> (none: a representative who has not chosen yet).
    /// <paramref name="relatives"/>: the <c>RelatedPerson</c> rows the account is, carried whether or not it acts for someone (R12).</summary>
    public static ClaimsPrincipal Principal(UserAccount account, ActingChoice? choice, IReadOnlyList<Guid>? relatives = null)
    {
        var user = CurrentUser.Of(account) with
        {
            PersonId = choice?.PersonId, ActingAsRelatedPersonId = choice?.RelatedPersonId, RelatedPersonIds = relatives,
        };
        var principal = user.ToPrincipal(Scheme);
        if (choice is { IsSelf: false }) ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ActingForNameClaim, choice.PersonName));
        return principal;
    }

    /// <summary>
    /// Signs a citizen in (password or ID-porten): acting as themself, or for the only person they may represent; with
    /// several, none is chosen yet and the caller sends them to <c>/my/representing</c>. Returns where to go next, or null.
    /// </summary>
    public async Task<(ClaimsPrincipal Principal, string? Next)> CitizenPrincipalAsync(UserAccount account, CancellationToken ct = default)
    {
        var (may, mayNot) = await ChoicesAsync(account, ct);
        var choice = may.Count == 1 ? may[0] : null;
        var relatives = await RelativeIdsAsync(account, ct);
        var principal = Principal(account, choice, relatives);
        if (choice is { IsSelf: false })
            await audit.WriteAsync(CurrentUser.From(principal), "representant", "account.act-for", null, choice.PersonId, null, true,
                $"Handler for personen ved innlogging ({RoleText(choice.Kind)})", ct);
        var next = choice is not null ? null : may.Count > 1 || mayNot.Count > 0 ? "/my/representing" : null;
        // R12: a relative who may act for no one but takes part in a plan the person's consent shares with them starts
        // at the list of those plans ("/"); the policy's own read rule decides.
        if (may.Count == 0 && relatives.Count > 0
            && await db.Plans.AsNoTracking().AnyAsync(PlanAccessPolicy.Readable(CurrentUser.From(principal), OsloTime.Today(clock),
                clock.GetUtcNow().UtcDateTime, db.EmergencyAccesses), ct))
            next = null;
        return (principal, next);
    }

    /// <summary>
    /// S2, S3: switches the signed-in account to act for <paramref name="personId"/>, checked again today. Re-issues the
    /// cookie and audits the switch; a refusal is audited and returned with the rule's explanation.
    /// </summary>
    public async Task<(bool Done, string? Refusal)> SwitchAsync(HttpContext http, CurrentUser me, Guid personId, CancellationToken ct = default)
    {
        var account = await db.UserAccounts.AsNoTracking().FirstOrDefaultAsync(u => u.Id == me.UserId, ct);
        if (account is null || !account.Roles.HasFlag(SystemRole.Citizen)) return (false, "Bare innbyggere kan velge hvem de handler for.");
        var (may, mayNot) = await ChoicesAsync(account, ct);
        var choice = may.FirstOrDefault(c => c.PersonId == personId);
        if (choice is null)
        {
            var refused = mayNot.FirstOrDefault(c => c.PersonId == personId);
            var reason = refused is null
                ? "Du er ikke registrert som forelder eller verge for denne personen."
                : $"Du kan ikke handle for {refused.PersonName} nå. {refused.Explanation}";
            await audit.WriteAsync(me, "representant", "account.act-for", null, personId, null, false,
                refused is null ? "Ikke registrert som representant" : $"Kan ikke handle for personen ({refused.Rule})", ct);
            return (false, reason);
        }
        var principal = Principal(account, choice, await RelativeIdsAsync(account, ct));
        await http.SignInAsync(Scheme, principal);
        await audit.WriteAsync(CurrentUser.From(principal), choice.IsSelf ? "person" : "representant", "account.act-for", null, personId, null, true,
            choice.IsSelf ? "Handler for seg selv" : $"Byttet til å handle for personen ({RoleText(choice.Kind)})", ct);
        return (true, null);
    }

    static string RoleText(RelationKind? kind) => kind == RelationKind.Guardian ? "verge, S3" : "foreldreansvar, S2";
}
