using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Organisations;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Shared;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Access;

/// <summary>What the access tests share: demo facts, the plan as stored, posting a plan form with its version, new accounts.</summary>
public static partial class AccessTestSupport
{
    public const string EmmaName = "Emma Larsen";
    public const string EmmaWhatMatters = "Å være med vennene mine i friminuttet";
    public const string EmmaGoal = "Emma sykler til skolen sammen med venner";
    public const string EmmaNeed = "Nedsatt balanse";
    public const string EmmaResource = "Engasjerte foreldre og en god venn i klassen";
    public const string EmmaMeasure = "Tilrettelagt friminutt";
    public const string EmmaIop = "IOP 4. trinn";
    public const string MappingHeading = "Ressurser og behov";

    [GeneratedRegex(@"name=""Version"" value=""(\d+)""")]
    private static partial Regex VersionField();

    /// <summary>Opens a plan page and posts a form of it to <paramref name="handler"/> with the version the page shows.</summary>
    public static async Task<Page> PostPlanFormAsync(Browser browser, string pageUrl, string? handler, Dictionary<string, string> fields)
    {
        var page = await browser.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        if (!fields.ContainsKey("Version") && VersionField().Match(page.Html) is { Success: true } m)
            fields["Version"] = m.Groups[1].Value;
        return await browser.SubmitAsync(pageUrl, fields, handler is null ? pageUrl : $"{pageUrl}?handler={handler}");
    }

    /// <summary>The plan as stored, with participants and consents.</summary>
    public static async Task<IndividualPlan> PlanAsync(SamplanFactory app, Guid planId)
    {
        await using var db = app.NewDb();
        return await db.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Participants).Include(p => p.SubPlans)
            .Include(p => p.Consents).ThenInclude(c => c.Recipients).SingleAsync(p => p.Id == planId);
    }

    public static Participant ParticipantNamed(IndividualPlan plan, string name) => plan.Participants.Single(p => p.Name == name);

    /// <summary>The consent in force that names this participant.</summary>
    public static PlanConsent ConsentNaming(IndividualPlan plan, string participantName)
    {
        var participant = ParticipantNamed(plan, participantName);
        return plan.Consents.Single(c => c.WithdrawnOn == null && c.Recipients.Any(r => r.ParticipantId == participant.Id));
    }

    public static async Task<Guid> PersonIdAsync(SamplanFactory app, string name)
    {
        await using var db = app.NewDb();
        return await db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    /// <summary>A new sign-in with the demo password: staff of an organisation (a new staff member), or without staff.</summary>
    public static async Task CreateAccountAsync(SamplanFactory app, string userName, SystemRole roles, string? organisationName = null,
        Guid? personId = null)
    {
        await using var db = app.NewDb();
        StaffMember? staff = null;
        if (organisationName is not null)
        {
            var org = await db.Organisations.SingleAsync(o => o.Name == organisationName);
            staff = new StaffMember(Guid.NewGuid(), $"Test {userName}", org.Id, org.Level, "Rådgiver", false);
            db.StaffMembers.Add(staff);
        }
        var account = new UserAccount(Guid.NewGuid(), userName, staff?.Name ?? $"Test {userName}", roles, staff?.Id, staff?.OrganisationId, personId);
        Accounts.SetPassword(account, DemoData.Password);
        db.UserAccounts.Add(account);
        await db.SaveChangesAsync();
    }

    public static async Task<bool> InMyPlansAsync(Browser browser, string personName)
    {
        var list = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        return list.Html.Contains(personName, StringComparison.Ordinal);
    }
}
