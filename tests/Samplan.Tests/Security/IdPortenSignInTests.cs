using System.Net;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Account;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Security;

public sealed class IdPortenSignInOnSqlite : IdPortenSignInTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class IdPortenSignInOnPostgreSql(PostgresCluster cluster) : IdPortenSignInTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Citizen sign-in through ID-porten (issue 9.4; ASVS 3.5.3, 2.10.x) against the local OpenID Connect provider: the whole
/// authorization code flow with PKCE — challenge, the provider's answer posted back, the code redeemed on the back channel —
/// and the id_token validated by the app. A valid one signs Arne in (pid → the person, S1); an id_token with a wrong
/// signature, issuer or audience, an expired one and a replayed one (an earlier flow's token, with its nonce) are refused:
/// back to the sign-in page with <c>?idporten=failed</c> and no cookie.
/// </summary>
public abstract class IdPortenSignInTests : AppTests
{
    const string ClientId = "samplan-test";

    sealed class Jar
    {
        readonly Dictionary<string, string> _cookies = [];

        // The test's clock stands before the real one, so cookie expiry dates lie in the past: kept by hand.
        public void Take(HttpResponseMessage response)
        {
            if (!response.Headers.TryGetValues("Set-Cookie", out var lines)) return;
            foreach (var line in lines)
            {
                var pair = line.Split(';')[0];
                var name = pair[..pair.IndexOf('=')];
                var value = pair[(pair.IndexOf('=') + 1)..];
                if (value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(name);
                else _cookies[name] = value;
            }
        }

        public bool Has(string name) => _cookies.ContainsKey(name);

        public HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, url) { Content = content };
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            return request;
        }
    }

    /// <summary>One sign-in through ID-porten; the provider answers with the id_token <paramref name="idToken"/> makes from the flow's nonce.</summary>
    static async Task<(HttpResponseMessage Final, Jar Jar)> SignInAsync(WebApplicationFactory<Program> app, LocalOidcProvider provider, Func<string, string> idToken)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://samplan.example") });
        var jar = new Jar();
        using var form = await http.SendAsync(jar.Request(HttpMethod.Get, "/account/sign-in"));
        jar.Take(form);
        var html = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        Assert.Contains("Logg inn med ID-porten", html, StringComparison.Ordinal);
        var token = new Page(form.StatusCode, html, null).AntiforgeryToken;
        using var challenge = await http.SendAsync(jar.Request(HttpMethod.Post, "/account/sign-in?handler=IdPorten",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        jar.Take(challenge);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{provider.Issuer}/authorize", authorize.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(ClientId, query["client_id"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        var nonce = query["nonce"].ToString();
        provider.OnToken = posted =>
        {
            Assert.False(string.IsNullOrEmpty(posted["code_verifier"]), "PKCE: the code verifier is sent");
            return idToken(nonce);
        };
        var callback = await http.SendAsync(jar.Request(HttpMethod.Post, "/signin-idporten", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "code-" + Guid.NewGuid().ToString("N"), ["state"] = query["state"].ToString(),
        })));
        jar.Take(callback);
        return (callback, jar);
    }

    [Fact]
    public async Task An_id_porten_id_token_from_the_local_provider_signs_the_citizen_in_and_bad_or_replayed_ones_are_refused_S1_ASVS_3_5_3()
    {
        await using var provider = await LocalOidcProvider.StartAsync("https://idporten.test");
        var app = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Authentication:IdPorten:Authority", provider.Issuer);
            b.UseSetting("Authentication:IdPorten:ClientId", ClientId);
            b.UseSetting("Authentication:IdPorten:ClientSecret", "test-secret");
            b.ConfigureTestServices(services => services.Configure<OpenIdConnectOptions>(IdPorten.Scheme,
                o => o.BackchannelHttpHandler = provider.Handler));
        });
        string pid;
        await using (var db = App.NewDb())
            pid = await db.Persons.Where(p => p.Name == "Arne Johansen").Select(p => p.NationalIdentityNumber).SingleAsync();
        var now = App.Clock.GetUtcNow();
        Dictionary<string, object> Claims(string nonce) => new() { ["sub"] = "idporten-sub-1", [IdPorten.PidClaim] = pid, ["nonce"] = nonce, ["acr"] = "idporten-loa-substantial" };

        // Valid: signed in as Arne, who then reads his own plan.
        string? first = null;
        var (ok, jar) = await SignInAsync(app, provider, nonce => first = provider.Issue(ClientId, now, Claims(nonce), type: "JWT"));
        Assert.True(ok.StatusCode == HttpStatusCode.Redirect, $"{(int)ok.StatusCode} {await ok.Content.ReadAsStringAsync()}");
        Assert.DoesNotContain("idporten=", ok.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.True(jar.Has("samplan"), "no sign-in cookie");
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://samplan.example") });
        using (var myPlan = await http.SendAsync(jar.Request(HttpMethod.Get, "/my/plan")))
        {
            Assert.Equal(HttpStatusCode.OK, myPlan.StatusCode);
            Assert.Contains("Arne", WebUtility.HtmlDecode(await myPlan.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var refused = new Dictionary<string, Func<string, string>>
        {
            ["wrong signature"] = nonce => provider.Issue(ClientId, now, Claims(nonce), type: "JWT", signWith: LocalOidcProvider.ForgedKey(provider.Key.KeyId!)),
            ["wrong issuer"] = nonce => provider.Issue(ClientId, now, Claims(nonce), type: "JWT", issuer: "https://evil.test"),
            ["wrong audience"] = nonce => provider.Issue("another-client", now, Claims(nonce), type: "JWT"),
            ["expired"] = nonce => provider.Issue(ClientId, now, Claims(nonce), type: "JWT", lifetime: TimeSpan.FromMinutes(2), issuedAt: now.AddMinutes(-10)),
            // Replayed: the first flow's id_token (with its nonce) returned in a new flow.
            ["replayed"] = _ => first!,
        };
        foreach (var (why, idToken) in refused)
        {
            var (response, refusedJar) = await SignInAsync(app, provider, idToken);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{why}: {(int)response.StatusCode}");
            Assert.True(response.Headers.Location!.ToString().EndsWith("/account/sign-in?idporten=failed", StringComparison.Ordinal),
                $"{why}: sent to {response.Headers.Location}");
            Assert.False(refusedJar.Has("samplan"), $"{why}: signed in");
        }
    }
}
