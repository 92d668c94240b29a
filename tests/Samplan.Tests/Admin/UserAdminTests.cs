using System.Net;
using Microsoft.EntityFrameworkCore;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Admin;

public sealed class UserAdminOnSqlite : UserAdminTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

/// <summary>Administrators manage users and roles — and read no plan content (R8).</summary>
public abstract class UserAdminTests : AppTests
{
    [Fact]
    public async Task Only_administrators_open_user_administration()
    {
        var admin = await Browser.SignedInAsync(App, "admin");
        var kari = await Browser.SignedInAsync(App, "kari");
        var personvern = await Browser.SignedInAsync(App, "personvern");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await kari.GetAsync("/admin/users")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await personvern.GetAsync("/admin/users")).Status);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "admin.denied" && e.UserName == "kari" && !e.Allowed));
    }

    [Fact]
    public async Task An_administrator_creates_a_staff_user_who_can_sign_in_C3()
    {
        var admin = await Browser.SignedInAsync(App, "admin");
        await using var db = App.NewDb();
        var hospital = await db.Organisations.SingleAsync(o => o.Name == "Helse Vestfjord HF");

        var created = await admin.SubmitAsync("/admin/users", new()
        {
            ["Input.UserName"] = "mette",
            ["Input.Name"] = "Mette Holm",
            ["Input.Password"] = "et langt passord",
            ["Input.OrganisationId"] = hospital.Id.ToString(),
            ["Input.Profession"] = "Fysioterapeut",
            ["Input.IsHealthPersonnel"] = "true",
            ["Input.CoordinatingUnitStaff"] = "true",
        }, "/admin/users?handler=Create");

        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var account = await db.UserAccounts.SingleAsync(u => u.UserName == "mette");
        Assert.Equal(SystemRole.Staff | SystemRole.CoordinatingUnitStaff, account.Roles);
        var staff = await db.StaffMembers.SingleAsync(s => s.Id == account.StaffMemberId);
        Assert.True(staff.IsHealthPersonnel);
        Assert.Equal(hospital.Id, staff.OrganisationId);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.Open(App).SignInAsync("mette", "et langt passord")).Status);
    }

    [Theory]
    [InlineData("", "Mette Holm", "et langt passord", "Skriv et brukernavn.")]
    [InlineData("kari", "Kari To", "et langt passord", "Brukernavnet «kari» er i bruk.")]
    [InlineData("mette", "Mette Holm", "kort", "Passordet må ha minst 12 tegn.")]
    [InlineData("mette holm", "Mette Holm", "et langt passord", "Brukernavnet kan bare ha")]
    public async Task Bad_input_gets_a_message_and_creates_nothing(string userName, string name, string password, string message)
    {
        var admin = await Browser.SignedInAsync(App, "admin");
        await using var db = App.NewDb();
        var before = await db.UserAccounts.CountAsync();
        var municipality = await db.Organisations.FirstAsync(o => o.Name == "Bjørkvik kommune");

        var page = await admin.SubmitAsync("/admin/users", new()
        {
            ["Input.UserName"] = userName,
            ["Input.Name"] = name,
            ["Input.Password"] = password,
            ["Input.OrganisationId"] = municipality.Id.ToString(),
        }, "/admin/users?handler=Create");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Html, StringComparison.Ordinal);
        Assert.Equal(before, await db.UserAccounts.CountAsync());
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_out_user_and_reads_no_plan()
    {
        for (var i = 0; i < UserAccount.MaxFailedSignIns; i++)
            await Browser.Open(App).SignInAsync("tone", "feil passord");
        await using var db = App.NewDb();
        var tone = await db.UserAccounts.SingleAsync(u => u.UserName == "tone");
        Assert.NotNull(tone.LockedUntil);
        var admin = await Browser.SignedInAsync(App, "admin");

        var unlocked = await admin.SubmitAsync("/admin/users", new() { ["UserId"] = tone.Id.ToString() }, "/admin/users?handler=Unlock");
        var plan = await admin.GetAsync($"/plans/{await App.PlanIdOfAsync("Emma Larsen")}");

        Assert.Equal(HttpStatusCode.Redirect, unlocked.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.Open(App).SignInAsync("tone", Shared.DemoData.Password)).Status);
        Assert.Equal(HttpStatusCode.NotFound, plan.Status);
        Assert.DoesNotContain("Emma", plan.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_too_short_new_password_is_refused_with_a_message()
    {
        var admin = await Browser.SignedInAsync(App, "admin");
        await using var db = App.NewDb();
        var tone = await db.UserAccounts.SingleAsync(u => u.UserName == "tone");

        var page = await admin.SubmitAsync("/admin/users", new() { ["UserId"] = tone.Id.ToString(), ["NewPassword"] = "kort" },
            "/admin/users?handler=ResetPassword");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Passordet må ha minst 12 tegn.", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.Open(App).SignInAsync("tone", Shared.DemoData.Password)).Status);
    }
}
