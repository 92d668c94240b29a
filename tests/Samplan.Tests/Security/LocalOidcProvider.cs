using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Samplan.Tests.Security;

/// <summary>
/// A minimal OpenID Connect provider in the test process (issue 9.4), standing in for HelseID or ID-porten: discovery
/// (<c>/.well-known/openid-configuration</c>), its RSA signing key as JWKS (<c>/jwks</c>), and a token endpoint for the
/// authorization code flow whose answer the test decides (<see cref="OnToken"/>). It runs on a TestServer; the app reaches
/// it through <see cref="Handler"/> as its back channel, so no port is opened.
/// </summary>
public sealed class LocalOidcProvider : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly RSA _rsa = RSA.Create(2048);

    LocalOidcProvider(string issuer, WebApplication app)
    {
        Issuer = issuer;
        _app = app;
        Key = new RsaSecurityKey(_rsa) { KeyId = "local-oidc-1" };
    }

    public string Issuer { get; }

    /// <summary>The provider's signing key (published as JWKS).</summary>
    public RsaSecurityKey Key { get; }

    /// <summary>The back channel to the provider: discovery, JWKS and the token endpoint.</summary>
    public HttpMessageHandler Handler => _app.GetTestServer().CreateHandler();

    /// <summary>What the token endpoint answers with as <c>id_token</c>, given the posted form (code, code_verifier…).</summary>
    public Func<IFormCollection, string>? OnToken { get; set; }

    public static async Task<LocalOidcProvider> StartAsync(string issuer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        var provider = new LocalOidcProvider(issuer, app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = $"{issuer}/jwks",
            ["authorization_endpoint"] = $"{issuer}/authorize",
            ["token_endpoint"] = $"{issuer}/token",
            ["end_session_endpoint"] = $"{issuer}/endsession",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(provider._rsa.ExportParameters(false)) { KeyId = provider.Key.KeyId });
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E } },
            });
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (provider.OnToken is not { } onToken) return Results.BadRequest(new { error = "invalid_grant" });
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = "opaque-access-token",
                ["token_type"] = "Bearer",
                ["expires_in"] = 120,
                ["id_token"] = onToken(form),
            });
        });
        await app.StartAsync();
        return provider;
    }

    /// <summary>
    /// A signed JWT from this provider (or, for the negative cases, from another issuer or signed by another key).
    /// <paramref name="now"/> is the app's clock.
    /// </summary>
    public string Issue(string audience, DateTimeOffset now, IDictionary<string, object> claims, TimeSpan? lifetime = null,
        string? issuer = null, SecurityKey? signWith = null, string? jti = null, string type = "at+jwt", DateTimeOffset? issuedAt = null)
    {
        var at = issuedAt ?? now;
        var all = new Dictionary<string, object>(claims) { [JwtRegisteredClaimNames.Jti] = jti ?? Guid.NewGuid().ToString("N") };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = all,
            IssuedAt = at.UtcDateTime,
            NotBefore = at.UtcDateTime,
            Expires = (at + (lifetime ?? TimeSpan.FromMinutes(5))).UtcDateTime,
            TokenType = type,
            SigningCredentials = new SigningCredentials(signWith ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Another RSA key under the provider's key id: a token signed with it has a wrong signature.</summary>
    public static RsaSecurityKey ForgedKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
