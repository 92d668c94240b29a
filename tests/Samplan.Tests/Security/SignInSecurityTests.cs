using System.Buffers.Binary;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Security.SecurityTestSupport;

namespace Samplan.Tests.Security;

public sealed class SignInSecurityOnSqlite : SignInSecurityTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class SignInSecurityOnPostgreSql(PostgresCluster cluster) : SignInSecurityTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Local sign-in (ASVS 2.2.1, 2.4.1, 2.4.5, 3.3.2): rate limited per user name and per client address with a
/// friendly 429 page, locked for 15 minutes after 5 wrong passwords, an idle session ends after 30 minutes
/// (sliding), and passwords are stored only as PBKDF2 hashes with at least 100,000 iterations.
/// </summary>
public abstract class SignInSecurityTests : AppTests
{
    static Task<HttpResponseMessage> Attempt(HttpClient client, string userName, string password = "wrong password") =>
        SignInAsync(client, userName, password);

    [Fact]
    public async Task Too_many_sign_in_attempts_for_one_user_name_get_429_with_a_friendly_page_and_other_names_still_sign_in()
    {
        var client = Client(App, settings: [("Security:SignInPerUserName", "3"), ("Security:SignInPerAddress", "100")]);
        for (var i = 0; i < 3; i++)
        {
            using var refused = await Attempt(client, "tone");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Feil brukernavn eller passord.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var limited = await Attempt(client, "Tone ", Shared.DemoData.Password); // the same name however it is typed
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", Header(limited, "Retry-After"));
        var html = WebUtility.HtmlDecode(await limited.Content.ReadAsStringAsync());
        Assert.Contains("<h1>For mange forsøk</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Vent et minutt og prøv igjen.", html, StringComparison.Ordinal);
        Assert.Null(SetCookie(limited, "samplan"));

        using var other = await Attempt(client, "kari", Shared.DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        // The sign-in page itself can still be read (only POSTs count).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode);
    }

    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_429_whatever_the_user_name()
    {
        var client = Client(App, settings: [("Security:SignInPerUserName", "100"), ("Security:SignInPerAddress", "4")]);
        foreach (var name in new[] { "a1", "a2", "a3", "a4" })
            Assert.Equal(HttpStatusCode.OK, (await Attempt(client, name)).StatusCode);

        using var limited = await Attempt(client, "kari", Shared.DemoData.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("For mange forsøk", WebUtility.HtmlDecode(await limited.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes_even_with_the_right_password()
    {
        var client = Client(App);
        for (var i = 0; i < UserAccount.MaxFailedSignIns; i++)
            Assert.Equal(HttpStatusCode.OK, (await Attempt(client, "tone")).StatusCode);

        using var locked = await Attempt(client, "tone", Shared.DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("For mange mislykkede forsøk. Kontoen er låst i 15 minutter.",
            WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        App.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await Attempt(client, "tone", Shared.DemoData.Password)).StatusCode);

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, (await Attempt(client, "tone", Shared.DemoData.Password)).StatusCode);
        await using var db = App.NewDb();
        var denied = await db.AuditEntries.CountAsync(e => e.Action == "sign-in" && !e.Allowed && e.UserName == "tone");
        Assert.Equal(UserAccount.MaxFailedSignIns + 2, denied);
    }

    [Fact]
    public async Task An_idle_session_ends_after_30_minutes_and_use_keeps_it_alive()
    {
        var client = Client(App);
        Assert.Equal(HttpStatusCode.Redirect, (await Attempt(client, "kari", Shared.DemoData.Password)).StatusCode);

        // Used every 20 minutes for an hour: still signed in (sliding expiration).
        for (var i = 0; i < 3; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(20));
            using var used = await client.GetAsync("/");
            Assert.True(used.StatusCode == HttpStatusCode.OK, $"after {(i + 1) * 20} minutes in use: {used.StatusCode}");
        }

        App.Clock.Advance(TimeSpan.FromMinutes(31));
        using var idle = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Contains("/account/sign-in", idle.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwords_are_stored_as_pbkdf2_hashes_with_at_least_100000_iterations_that_verify()
    {
        await using var db = App.NewDb();
        var kari = await db.UserAccounts.SingleAsync(u => u.UserName == "kari");
        var account = new UserAccount(Guid.NewGuid(), "probe", "Probe", SystemRole.Staff, null, null);
        Accounts.SetPassword(account, "a long secret phrase");

        foreach (var (hash, password) in new[] { (kari.PasswordHash, Shared.DemoData.Password), (account.PasswordHash, "a long secret phrase") })
        {
            Assert.DoesNotContain(password, hash, StringComparison.Ordinal);
            var bytes = Convert.FromBase64String(hash);
            // ASP.NET Core Identity format v3: 0x01, PRF, iteration count, salt length (big-endian), salt, subkey.
            Assert.Equal(0x01, bytes[0]);
            Assert.Equal((uint)KeyDerivationPrfSha512, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4)));
            Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)) >= 100_000, "iteration count below 100,000");
            Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9, 4)) >= 16, "salt shorter than 128 bits");
            var hasher = new PasswordHasher<UserAccount>();
            Assert.NotEqual(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(account, hash, password));
            Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(account, hash, password + "x"));
        }
        // Salted: the same password twice gives two different hashes.
        var again = new UserAccount(Guid.NewGuid(), "probe2", "Probe", SystemRole.Staff, null, null);
        Accounts.SetPassword(again, "a long secret phrase");
        Assert.NotEqual(account.PasswordHash, again.PasswordHash);
    }

    /// <summary>KeyDerivationPrf.HMACSHA512.</summary>
    const int KeyDerivationPrfSha512 = 2;
}
