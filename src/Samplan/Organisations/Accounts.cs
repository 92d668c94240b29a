using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Organisations;

public enum SignInOutcome { Success, WrongCredentials, LockedOut }

/// <summary>
/// Local accounts for the embedded default: ASP.NET Core Identity's PBKDF2 password hasher, and a
/// lockout after <see cref="UserAccount.MaxFailedSignIns"/> failed attempts. Every attempt is audited.
/// </summary>
public sealed class Accounts(SamplanDb db, AuditLog audit, TimeProvider clock)
{
    public const int MinimumPasswordLength = 12; // ASVS 2.1.1
    static readonly PasswordHasher<UserAccount> Hasher = new();

    public async Task<(SignInOutcome Outcome, UserAccount? Account)> SignInAsync(string userName, string password, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var name = (userName ?? "").Trim().ToLowerInvariant();
        var account = await db.UserAccounts.FirstOrDefaultAsync(u => u.UserName == name, ct);
        var who = account is null ? CurrentUser.Anonymous with { UserName = name } : CurrentUser.Of(account);
        if (account is null)
        {
            // Hash anyway so an unknown user name takes as long as a wrong password.
            Hasher.HashPassword(null!, password ?? "");
            await audit.WriteAsync(who, "", "sign-in", null, null, null, false, "Ukjent brukernavn", ct);
            return (SignInOutcome.WrongCredentials, null);
        }
        if (account.IsLockedOut(now))
        {
            await audit.WriteAsync(who, "", "sign-in", null, null, null, false, "Kontoen er midlertidig låst", ct);
            return (SignInOutcome.LockedOut, null);
        }
        var result = Hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "");
        if (result == PasswordVerificationResult.Failed)
        {
            account.RecordFailedSignIn(now);
            await audit.WriteAsync(who, "", "sign-in", null, null, null, false, "Feil passord", ct);
            return (account.IsLockedOut(now) ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials, null);
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded) account.SetPasswordHash(Hasher.HashPassword(account, password!));
        account.RecordSignIn();
        await audit.WriteAsync(who, "", "sign-in", null, null, null, true, "Innlogget", ct);
        return (SignInOutcome.Success, account);
    }

    public static void SetPassword(UserAccount account, string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
            throw new ArgumentException($"Passordet må ha minst {MinimumPasswordLength} tegn.", nameof(password));
        account.SetPasswordHash(Hasher.HashPassword(account, password));
    }
}
