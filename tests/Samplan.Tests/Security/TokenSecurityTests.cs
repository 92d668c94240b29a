using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Samplan.Fhir;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Security;

public sealed class TokenSecurityOnSqlite : TokenSecurityTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class TokenSecurityOnPostgreSql(PostgresCluster cluster) : TokenSecurityTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Bearer tokens of the FHIR API (issue 9.4; ASVS 3.5.2, 3.5.3, 2.2.1): HelseID-style access tokens from a local OpenID
/// Connect provider started by the test — valid accepted and mapped to the staff account by HPR number; wrong signature,
/// wrong issuer, wrong audience, expired and replayed (same jti) refused with 401. The embedded default's own
/// <c>/auth/token</c> tokens: wrong signature, unsigned, wrong issuer, wrong audience and expired refused; they are
/// reusable for their 15 minutes (docs/sign-in.md). <c>/auth/token</c> is behind the sign-in rate limit (429).
/// </summary>
public abstract class TokenSecurityTests : AppTests
{
    const string Audience = "samplan-api";
    const string Hpr = "9144889";

    static HttpClient Api(WebApplicationFactory<Program> app, string? token)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The app with HelseID configured against the local provider (the back channel goes to its TestServer).</summary>
    WebApplicationFactory<Program> WithHelseId(LocalOidcProvider provider) => App.WithWebHostBuilder(b =>
    {
        b.UseSetting("Authentication:HelseId:Authority", provider.Issuer);
        b.UseSetting("Authentication:HelseId:Audience", Audience);
        b.ConfigureTestServices(services => services.Configure<JwtBearerOptions>(FhirApi.HelseIdScheme,
            o => o.BackchannelHttpHandler = provider.Handler));
    });

    static async Task<(HttpStatusCode Status, string Body)> ReadCarePlansAsync(WebApplicationFactory<Program> app, string token)
    {
        using var http = Api(app, token);
        using var response = await http.GetAsync("/fhir/CarePlan");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HelseId_tokens_from_a_local_provider_valid_accepted_wrong_signature_issuer_audience_expired_and_replayed_refused_ASVS_3_5_3()
    {
        await using var provider = await LocalOidcProvider.StartAsync("https://helseid.test");
        await using (var db = App.NewDb())
        {
            // The link from HelseID to the local staff account: ingrid's HPR number (docs/sign-in.md).
            var ingrid = await db.UserAccounts.SingleAsync(u => u.UserName == "ingrid");
            var staff = await db.StaffMembers.SingleAsync(s => s.Id == ingrid.StaffMemberId);
            db.Entry(staff).Property(s => s.HprNumber).CurrentValue = Hpr;
            await db.SaveChangesAsync();
        }
        var app = WithHelseId(provider);
        var now = App.Clock.GetUtcNow();
        var claims = new Dictionary<string, object> { ["sub"] = "helseid-subject-1", [FhirApi.HprNumberClaim] = Hpr, ["scope"] = "samplan/fhir" };

        // Valid: 200, and the request is ingrid's (her search is audited in her name).
        int IngridsEntries() { using var db = App.NewDb(); return db.AuditEntries.Count(e => e.UserName == "ingrid"); }
        var before = IngridsEntries();
        var (status, body) = await ReadCarePlansAsync(app, provider.Issue(Audience, now, claims));
        Assert.True(status == HttpStatusCode.OK, $"valid token: {(int)status} {body}");
        Assert.Contains("\"resourceType\":\"Bundle\"", body, StringComparison.Ordinal);
        Assert.True(IngridsEntries() > before, "ingrid's read is not audited");

        var refused = new Dictionary<string, string>
        {
            ["wrong signature"] = provider.Issue(Audience, now, claims, signWith: LocalOidcProvider.ForgedKey(provider.Key.KeyId!)),
            ["wrong issuer"] = provider.Issue(Audience, now, claims, issuer: "https://evil.test"),
            ["wrong audience"] = provider.Issue("another-api", now, claims),
            ["expired"] = provider.Issue(Audience, now, claims, lifetime: TimeSpan.FromMinutes(5), issuedAt: now.AddMinutes(-10)),
            ["not yet valid"] = provider.Issue(Audience, now, claims, issuedAt: now.AddMinutes(10)),
            ["HPR number of no account"] = provider.Issue(Audience, now, new Dictionary<string, object>(claims) { [FhirApi.HprNumberClaim] = "1000001" }),
        };
        foreach (var (why, token) in refused)
        {
            var (s, b) = await ReadCarePlansAsync(app, token);
            Assert.True(s == HttpStatusCode.Unauthorized, $"{why}: {(int)s} {b}");
            Assert.Contains("OperationOutcome", b, StringComparison.Ordinal);
        }

        // Replayed: the same jti a second time is refused, even as a fresh token; another jti is fine.
        var once = provider.Issue(Audience, now, claims, jti: "jti-once");
        Assert.Equal(HttpStatusCode.OK, (await ReadCarePlansAsync(app, once)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReadCarePlansAsync(app, once)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReadCarePlansAsync(app, provider.Issue(Audience, now, claims, jti: "jti-once"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ReadCarePlansAsync(app, provider.Issue(Audience, now, claims))).Status);
        // Local tokens still work beside HelseID.
        Assert.Equal(HttpStatusCode.OK, (await ReadCarePlansAsync(app, await Fhir.FhirSupport.TokenAsync(App, "kari"))).Status);
    }

    [Fact]
    public async Task Local_tokens_with_a_wrong_signature_none_algorithm_issuer_or_audience_or_expired_are_refused_with_401_ASVS_3_5_3()
    {
        var token = await Fhir.FhirSupport.TokenAsync(App, "kari");
        // Reusable for their lifetime (they are the client's session with the API): twice is fine.
        Assert.Equal(HttpStatusCode.OK, (await ReadCarePlansAsync(App, token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ReadCarePlansAsync(App, token)).Status);

        var key = await App.Services.GetRequiredService<ApiTokens>().KeyAsync();
        var kariId = new JsonWebToken(token).Subject;
        var now = App.Clock.GetUtcNow().UtcDateTime;
        string Sign(SecurityKey signWith, string issuer = ApiTokens.Issuer, string audience = ApiTokens.Audience, DateTime? expires = null, DateTime? issued = null) =>
            new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Claims = new Dictionary<string, object> { ["sub"] = kariId, ["jti"] = Guid.NewGuid().ToString("N") },
                IssuedAt = issued ?? now,
                NotBefore = issued ?? now,
                Expires = expires ?? now.AddMinutes(15),
                SigningCredentials = new SigningCredentials(signWith, SecurityAlgorithms.HmacSha256),
            });
        // The test's own token with the app's key is accepted: the refusals below are for the one thing changed.
        Assert.Equal(HttpStatusCode.OK, (await ReadCarePlansAsync(App, Sign(key))).Status);
        var unsigned = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            $$"""{"iss":"{{ApiTokens.Issuer}}","aud":"{{ApiTokens.Audience}}","sub":"{{kariId}}","exp":{{new DateTimeOffset(now.AddMinutes(15)).ToUnixTimeSeconds()}}}""");
        var refused = new Dictionary<string, string>
        {
            ["wrong signature"] = Sign(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = key.KeyId }),
            ["alg none"] = unsigned,
            ["wrong issuer"] = Sign(key, issuer: "https://evil.test"),
            ["wrong audience"] = Sign(key, audience: "another-api"),
            ["expired"] = Sign(key, expires: now.AddMinutes(-1), issued: now.AddMinutes(-16)),
            ["tampered payload"] = token[..token.IndexOf('.')] + "." + Base64UrlEncoder.Encode(
                $$"""{"sub":"{{Guid.NewGuid()}}","iss":"samplan","aud":"samplan-fhir","exp":{{new DateTimeOffset(now.AddMinutes(15)).ToUnixTimeSeconds()}}}""") + token[token.LastIndexOf('.')..],
        };
        foreach (var (why, bad) in refused)
        {
            var (s, b) = await ReadCarePlansAsync(App, bad);
            Assert.True(s == HttpStatusCode.Unauthorized, $"{why}: {(int)s} {b}");
        }

        // The issued token itself, after its 15 minutes.
        App.Clock.Advance(ApiTokens.Lifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReadCarePlansAsync(App, token)).Status);
    }

    [Fact]
    public async Task The_token_endpoint_is_behind_the_sign_in_rate_limit_and_answers_429_with_an_OperationOutcome_ASVS_2_2_1()
    {
        // Test-only limits on an app of its own (the shared factory lifts them for every other test).
        var app = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:SignInPerAddress", "3");
            b.UseSetting("Security:SignInPerUserName", "100");
        });
        using var http = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = $"nobody{i}", ["password"] = "wrong password",
            }));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        // The fourth from the same address, even with the right password and as JSON: 429 with an OperationOutcome.
        using var limited = await http.PostAsJsonAsync("/auth/token", new { username = "kari", password = Shared.DemoData.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.RetryAfter?.ToString());
        Assert.StartsWith("application/fhir+json", limited.Content.Headers.ContentType?.ToString());
        var outcome = Assert.IsType<Hl7.Fhir.Model.OperationOutcome>(Fhir.FhirSupport.ParseAndValidate(await limited.Content.ReadAsStringAsync(), xml: false));
        Assert.Contains("For mange", outcome.Issue.Single().Diagnostics, StringComparison.Ordinal);
        Assert.Equal(Hl7.Fhir.Model.OperationOutcome.IssueType.Throttled, outcome.Issue.Single().Code);

        // Per user name too: a fresh app with a low per-name limit.
        var byName = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:SignInPerAddress", "100");
            b.UseSetting("Security:SignInPerUserName", "2");
        });
        using var http2 = byName.CreateClient();
        for (var i = 0; i < 2; i++)
            await http2.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "tone", ["password"] = "wrong password" }));
        using var toneLimited = await http2.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "Tone", ["password"] = Shared.DemoData.Password }));
        Assert.Equal(HttpStatusCode.TooManyRequests, toneLimited.StatusCode);
        using var kari = await http2.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "kari", ["password"] = Shared.DemoData.Password }));
        Assert.Equal(HttpStatusCode.OK, kari.StatusCode);
        Assert.True((await kari.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("access_token", out _));
    }
}
