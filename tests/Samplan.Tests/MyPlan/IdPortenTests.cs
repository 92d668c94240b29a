using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Account;
using Samplan.Organisations;
using Samplan.Shared;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.MyPlan;

public sealed class IdPortenTestsOnSqlite : IdPortenTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class IdPortenTestsOnPostgreSql(PostgresCluster cluster) : IdPortenTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// ID-porten (docs/sign-in.md): the OpenID Connect scheme exists only when configured, and its <c>pid</c> claim is mapped to the
/// person, signing them in with Samplan's own citizen claims (S1–S3 as for a local sign-in); an unknown number is refused
/// plainly, never with a 500.
/// </summary>
public abstract class IdPortenTests : AppTests
{
    WebApplicationFactory<Program> Configured() => App.WithWebHostBuilder(b =>
    {
        b.UseSetting("Authentication:IdPorten:Authority", "https://test.idporten.no");
        b.UseSetting("Authentication:IdPorten:ClientId", "samplan-test");
        b.UseSetting("Authentication:IdPorten:ClientSecret", "not-a-real-secret");
    });

    static Task<AuthenticationScheme?> SchemeAsync(IServiceProvider services) =>
        services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(IdPorten.Scheme);

    static async Task<string> SignInPageAsync(WebApplicationFactory<Program> app)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return WebUtility.HtmlDecode(await client.GetStringAsync("/account/sign-in"));
    }

    [Fact]
    public async Task Without_configuration_there_is_no_IdPorten_scheme_and_no_button()
    {
        Assert.Null(await SchemeAsync(App.Services));
        Assert.DoesNotContain("Logg inn med ID-porten", await SignInPageAsync(App), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_authority_client_and_secret_the_scheme_is_registered_and_offered()
    {
        await using var app = Configured();

        var scheme = await SchemeAsync(app.Services);

        Assert.NotNull(scheme);
        Assert.Equal("ID-porten", scheme.DisplayName);
        Assert.Contains("Logg inn med ID-porten", await SignInPageAsync(app), StringComparison.Ordinal);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>()
            .Get(IdPorten.Scheme);
        Assert.True(options.UsePkce);
        Assert.Equal("code", options.ResponseType);
        Assert.Equal(["openid", "profile"], options.Scope.ToArray());
    }

    [Fact]
    public async Task The_pid_claim_maps_to_the_person_who_is_signed_in_as_a_citizen_acting_for_themself_S1()
    {
        await using var app = Configured();
        string number;
        Guid arneId;
        await using (var db = App.NewDb())
        {
            var arne = await db.Persons.SingleAsync(p => p.Name == "Arne Johansen");
            (number, arneId) = (arne.NationalIdentityNumber, arne.Id);
        }
        await using var scope = app.Services.CreateAsyncScope();

        var (principal, next) = await scope.ServiceProvider.GetRequiredService<IdPortenSignIn>().PrincipalForAsync(number);

        var user = CurrentUser.From(principal!);
        Assert.Equal(arneId, user.PersonId);
        Assert.Null(user.ActingAsRelatedPersonId);
        Assert.True(user.Has(SystemRole.Citizen));
        Assert.Equal("arne", user.UserName); // his existing citizen account, linked by the person
        Assert.Null(next);
    }

    [Fact]
    public async Task A_person_without_an_account_gets_a_citizen_account_at_first_sign_in()
    {
        await using var app = Configured();
        string number;
        Guid astrid;
        await using (var db = App.NewDb())
        {
            var person = await db.Persons.SingleAsync(p => p.Name == "Sara Nilsen");
            (number, astrid) = (person.NationalIdentityNumber, person.Id);
        }
        await using var scope = app.Services.CreateAsyncScope();

        var (principal, _) = await scope.ServiceProvider.GetRequiredService<IdPortenSignIn>().PrincipalForAsync(number);

        Assert.Equal(astrid, CurrentUser.From(principal!).PersonId);
        await using var check = App.NewDb();
        var account = await check.UserAccounts.AsNoTracking().SingleAsync(u => u.PersonId == astrid);
        Assert.Equal(SystemRole.Citizen, account.Roles);
        Assert.Equal("", account.PasswordHash); // no password: this account signs in only through ID-porten
    }

    [Fact]
    public async Task An_unknown_pid_is_refused_plainly_and_audited_without_the_number()
    {
        await using var app = Configured();
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<IdPortenSignIn>();

        var (principal, _) = await signIn.PrincipalForAsync("01010012345");
        var (garbage, _) = await signIn.PrincipalForAsync("not a number");

        Assert.Null(principal);
        Assert.Null(garbage);
        await using (var db = App.NewDb())
        {
            var refused = await db.AuditEntries.AsNoTracking().Where(e => e.UserName == "id-porten" && e.Action == "sign-in").ToListAsync();
            Assert.Equal(2, refused.Count);
            Assert.All(refused, e => Assert.False(e.Allowed));
            Assert.All(refused, e => Assert.DoesNotContain("01010012345", e.Reason, StringComparison.Ordinal));
        }
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetAsync("/account/sign-in?idporten=unknown");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Vi fant deg ikke i Samplan.", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
