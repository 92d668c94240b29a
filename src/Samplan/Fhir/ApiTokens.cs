using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Samplan.Data;
using Samplan.Organisations;

namespace Samplan.Fhir;

/// <summary>
/// The key that signs the embedded default's API tokens, kept in the database like the data-protection keys
/// (so every app node signs and checks with the same one) and encrypted at rest by data protection.
/// </summary>
public sealed class ApiSigningKey
{
    ApiSigningKey() { ProtectedKey = ""; }

    public ApiSigningKey(Guid id, string protectedKey, DateTime createdAt)
    {
        Id = id;
        ProtectedKey = protectedKey;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string ProtectedKey { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

sealed class ApiSigningKeyConfiguration : IEntityTypeConfiguration<ApiSigningKey>
{
    public void Configure(EntityTypeBuilder<ApiSigningKey> key)
    {
        key.ToTable("ApiSigningKeys");
        key.HasKey(k => k.Id);
        key.Property(k => k.ProtectedKey).HasMaxLength(2000);
    }
}

/// <summary>
/// Short-lived bearer tokens for the FHIR API in the embedded default (<c>POST /auth/token</c>): a JWT naming the
/// local account, signed with HMAC-SHA256 by the key in <see cref="ApiSigningKey"/>. Each request re-reads the
/// account, so a locked or removed account loses access at once.
/// </summary>
public sealed class ApiTokens(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const string Scheme = "SamplanToken";
    public const string Issuer = "samplan";
    public const string Audience = "samplan-fhir";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    readonly SemaphoreSlim _lock = new(1, 1);
    SymmetricSecurityKey? _key;

    /// <summary>The signing key once loaded (after <see cref="KeyAsync"/>); checked by the bearer handler.</summary>
    public SymmetricSecurityKey? LoadedKey => _key;

    public async Task<SymmetricSecurityKey> KeyAsync(CancellationToken ct = default)
    {
        if (_key is { } key) return key;
        await _lock.WaitAsync(ct);
        try
        {
            if (_key is { } again) return again;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SamplanDb>();
            var protector = dataProtection.CreateProtector("Samplan.Fhir.ApiSigningKey");
            var row = await OldestAsync(db, ct);
            if (row is null)
            {
                db.Set<ApiSigningKey>().Add(new ApiSigningKey(Guid.NewGuid(),
                    protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), clock.GetUtcNow().UtcDateTime));
                await db.SaveChangesAsync(ct);
                // Two nodes starting at once may each add one: all of them use the oldest.
                row = await OldestAsync(db, ct);
            }
            _key = new SymmetricSecurityKey(Convert.FromBase64String(protector.Unprotect(row!.ProtectedKey))) { KeyId = row.Id.ToString("N") };
            return _key;
        }
        finally
        {
            _lock.Release();
        }
    }

    static Task<ApiSigningKey?> OldestAsync(SamplanDb db, CancellationToken ct) =>
        db.Set<ApiSigningKey>().AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).FirstOrDefaultAsync(ct);

    public async Task<(string Token, DateTime ExpiresAt)> IssueAsync(UserAccount account, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + Lifetime;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, account.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(await KeyAsync(ct), SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}

/// <summary>
/// The <c>jti</c> of every HelseID access token seen, kept until the token expires: a second use is a replay and refused
/// (ASVS 3.5.3). In memory per app node — behind a load balancer without sticky sessions a token could be used once per node;
/// a shared cache (the database, Redis) would close that.
/// </summary>
public sealed class TokenReplayCache(TimeProvider clock)
{
    readonly ConcurrentDictionary<string, DateTime> _seen = new(StringComparer.Ordinal);
    long _nextPruneTicks;

    /// <summary>True the first time (issuer, jti) is seen; false for a replay.</summary>
    public bool TryUse(string issuer, string jti, DateTime expiresUtc)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (now.Ticks >= Interlocked.Read(ref _nextPruneTicks))
        {
            Interlocked.Exchange(ref _nextPruneTicks, now.AddMinutes(1).Ticks);
            foreach (var (key, until) in _seen)
                if (until < now) _seen.TryRemove(key, out _);
        }
        // Kept a little past expiry, for the lifetime check's clock skew.
        return _seen.TryAdd(issuer + "\n" + jti, expiresUtc.AddMinutes(1));
    }

    public int Count => _seen.Count;
}
