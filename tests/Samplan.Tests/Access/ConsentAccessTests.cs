using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.Access;

public sealed class ConsentAccessOnSqlite : ConsentAccessTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class ConsentAccessOnPostgreSql(PostgresCluster cluster) : ConsentAccessTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// R3, R8, S5 through the real pages: a participant sees only the kinds of information a consent in force
/// lets them see; withdrawing or narrowing takes effect on the very next request; a participant added after
/// the consent sees nothing until a new consent names them; coordinating-unit staff see metadata only (K4);
/// emergency access is reasoned, time-limited, audited and reviewed.
/// </summary>
public abstract partial class ConsentAccessTests : AppTests
{
    const string MetadataNotice = "Som koordinerende enhet ser du at planen finnes";
    const string EmergencyBanner = "Du leser planen med nødtilgang";
    const string Renew = "Samtykket må fornyes";

    // (a)
    [Fact]
    public async Task Teacher_sees_goals_and_the_IOP_but_no_health_information_on_page_or_print_R3_R8()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var erik = await Browser.SignedInAsync(App, "erik");

        foreach (var url in new[] { $"/plans/{planId}", $"/plans/{planId}/print" })
        {
            var page = await erik.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains(EmmaGoal, page.Html, StringComparison.Ordinal);
            Assert.Contains(EmmaWhatMatters, page.Html, StringComparison.Ordinal);
            Assert.Contains(EmmaMeasure, page.Html, StringComparison.Ordinal);
            Assert.Contains(EmmaIop, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(MappingHeading, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(EmmaNeed, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(EmmaResource, page.Html, StringComparison.Ordinal);
        }
        // The mapping page itself is health information: not there for him at all.
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync($"/plans/{planId}/mapping")).Status);

        // ola's consent shares every kind: he sees the mapping (the same page, so the assertions above can fail).
        var ola = await Browser.SignedInAsync(App, "ola");
        var olaPage = await ola.GetAsync($"/plans/{planId}");
        Assert.Contains(MappingHeading, olaPage.Html, StringComparison.Ordinal);
        Assert.Contains(EmmaNeed, olaPage.Html, StringComparison.Ordinal);
    }

    // (b)
    [Fact]
    public async Task Withdrawing_the_teachers_consent_wholly_hides_the_plan_on_his_next_request_S5_R8()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var erik = await Browser.SignedInAsync(App, "erik");
        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync($"/plans/{planId}")).Status);
        Assert.True(await InMyPlansAsync(erik, EmmaName));

        var consent = ConsentNaming(await PlanAsync(App, planId), "Erik Strand");
        var kari = await Browser.SignedInAsync(App, "kari");
        var consentPage = await kari.GetAsync($"/plans/{planId}/consent");
        Assert.Contains("Disse ser ikke lenger planen: Erik Strand.", consentPage.Html, StringComparison.Ordinal);
        var withdrawn = await PostPlanFormAsync(kari, $"/plans/{planId}/consent", "Withdraw", new() { ["ConsentId"] = consent.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.Status);

        var after = await erik.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.DoesNotContain(EmmaName, after.Html, StringComparison.Ordinal);
        Assert.False(await InMyPlansAsync(erik, EmmaName));
        // The others keep their access: only the withdrawn consent went.
        var ola = await Browser.SignedInAsync(App, "ola");
        Assert.Equal(HttpStatusCode.OK, (await ola.GetAsync($"/plans/{planId}")).Status);
    }

    // (c)
    [Fact]
    public async Task Narrowing_out_one_participant_hides_the_plan_from_them_only_S5_R8()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var ola = await Browser.SignedInAsync(App, "ola");
        Assert.Equal(HttpStatusCode.OK, (await ola.GetAsync($"/plans/{planId}")).Status);

        var plan = await PlanAsync(App, planId);
        var consent = ConsentNaming(plan, "Ola Hansen");
        var kari = await Browser.SignedInAsync(App, "kari");
        var narrowed = await PostPlanFormAsync(kari, $"/plans/{planId}/consent", "Narrow", new()
        {
            ["ConsentId"] = consent.Id.ToString(),
            ["NarrowParticipantId"] = ParticipantNamed(plan, "Ola Hansen").Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, narrowed.Status);

        var after = await ola.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.DoesNotContain(EmmaName, after.Html, StringComparison.Ordinal);
        Assert.False(await InMyPlansAsync(ola, EmmaName));

        // Lene Larsen (relative, no sign-in) is still named by the same consent with every kind; erik is untouched.
        var stored = await PlanAsync(App, planId);
        var lene = ParticipantNamed(stored, "Lene Larsen");
        Assert.True(stored.Covers(lene, new DateOnly(2026, 11, 23)));
        Assert.True(stored.Lets(lene, InformationKind.HealthInformation, new DateOnly(2026, 11, 23)));
        Assert.False(stored.Covers(ParticipantNamed(stored, "Ola Hansen"), new DateOnly(2026, 11, 23)));
        var erik = await Browser.SignedInAsync(App, "erik");
        var erikPage = await erik.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.OK, erikPage.Status);
        Assert.Contains(EmmaGoal, erikPage.Html, StringComparison.Ordinal);
        // The coordinator is told a participant is no longer covered.
        var kariPage = await kari.GetAsync($"/plans/{planId}");
        Assert.Contains(Renew, kariPage.Html, StringComparison.Ordinal);
        Assert.Contains("Ola Hansen er ikke dekket av samtykket", kariPage.Html, StringComparison.Ordinal);
    }

    // (d)
    [Fact]
    public async Task Narrowing_out_goals_and_measures_hides_those_parts_while_school_information_stays_R3_R8()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var plan = await PlanAsync(App, planId);
        var consent = ConsentNaming(plan, "Erik Strand");
        var kari = await Browser.SignedInAsync(App, "kari");
        var narrowed = await PostPlanFormAsync(kari, $"/plans/{planId}/consent", "Narrow", new()
        {
            ["ConsentId"] = consent.Id.ToString(),
            ["NarrowKind"] = nameof(InformationKind.GoalsAndMeasures),
        });
        Assert.Equal(HttpStatusCode.Redirect, narrowed.Status);
        var stored = ConsentNaming(await PlanAsync(App, planId), "Erik Strand");
        Assert.Equal([InformationKind.SchoolInformation], stored.SharedKinds);

        // Still named by a consent in force that shares school information: the plan stays visible to him,
        // but every part holding goals and measures (what matters, goals, measures, participants, dates,
        // collaborations) is gone; the IOP (school information) is still shown.
        var erik = await Browser.SignedInAsync(App, "erik");
        foreach (var url in new[] { $"/plans/{planId}", $"/plans/{planId}/print" })
        {
            var page = await erik.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain(EmmaGoal, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(EmmaWhatMatters, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(EmmaMeasure, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("PPT Bjørkvik", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(EmmaNeed, page.Html, StringComparison.Ordinal);
            Assert.Contains(EmmaIop, page.Html, StringComparison.Ordinal);
        }
        Assert.True(await InMyPlansAsync(erik, EmmaName));
        // The goals page is goals and measures: not even readable now (404, as for anyone who may not read it).
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync($"/plans/{planId}/goals")).Status);
        // Taking out the last kind leaves a consent that names him but shares nothing: like no consent at all,
        // the plan is invisible to him (404) and not in his list.
        var last = await PostPlanFormAsync(kari, $"/plans/{planId}/consent", "Narrow", new()
        {
            ["ConsentId"] = consent.Id.ToString(),
            ["NarrowKind"] = nameof(InformationKind.SchoolInformation),
        });
        Assert.Equal(HttpStatusCode.Redirect, last.Status);
        var none = await erik.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        Assert.DoesNotContain(EmmaName, none.Html, StringComparison.Ordinal);
        Assert.False(await InMyPlansAsync(erik, EmmaName));
    }

    [GeneratedRegex(@"name=""GivenBy"" value=""(?<v>[^""]+)""[^>]*>\s*<label[^>]*>Bente Solberg")]
    private static partial Regex GuardianChoice();

    // (e)
    [Fact]
    public async Task A_participant_added_after_the_consent_sees_nothing_until_a_new_consent_names_them_R3()
    {
        var planId = await App.PlanIdOfAsync("Astrid Solberg");
        var ingrid = await Browser.SignedInAsync(App, "ingrid");
        var before = await ingrid.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.NotFound, before.Status);
        Assert.DoesNotContain("Astrid Solberg", before.Html, StringComparison.Ordinal);
        Assert.False(await InMyPlansAsync(ingrid, "Astrid Solberg"));

        var kari = await Browser.SignedInAsync(App, "kari");
        var warned = await kari.GetAsync($"/plans/{planId}");
        Assert.Contains(Renew, warned.Html, StringComparison.Ordinal);
        Assert.Contains("Ingrid Berg er ikke dekket av samtykket", warned.Html, StringComparison.Ordinal);

        var plan = await PlanAsync(App, planId);
        var consentPage = await kari.GetAsync($"/plans/{planId}/consent");
        var guardian = GuardianChoice().Match(consentPage.Html);
        Assert.True(guardian.Success, "The consent page offers the guardian Bente Solberg as consent giver (S3).");
        var fields = new Dictionary<string, string>
        {
            ["GivenBy"] = guardian.Groups["v"].Value,
            ["Form"] = "Written",
            ["GivenOn"] = "2026-11-23",
            ["CoversPlanWork"] = "true",
            ["CoversInformationExchange"] = "true",
            ["Purpose"] = "Samarbeid om Astrids plan, også med fastlegen",
        };
        var recorded = await PostRecordAsync(kari, planId, fields,
            plan.Participants.Where(p => p.Role != ParticipantRole.Person).Select(p => p.Id),
            [InformationKind.GoalsAndMeasures, InformationKind.HealthInformation, InformationKind.SocialAndNavInformation]);
        Assert.Equal(HttpStatusCode.Redirect, recorded.Status);

        var after = await ingrid.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Contains("Bo trygt i egen leilighet", after.Html, StringComparison.Ordinal);
        Assert.True(await InMyPlansAsync(ingrid, "Astrid Solberg"));
        Assert.DoesNotContain(Renew, (await kari.GetAsync($"/plans/{planId}")).Html, StringComparison.Ordinal);
    }

    /// <summary>Posts the Record form with repeated list fields (several participants and kinds), as a browser does.</summary>
    async Task<Page> PostRecordAsync(Browser browser, Guid planId, Dictionary<string, string> fields, IEnumerable<Guid> participants,
        IEnumerable<InformationKind> kinds)
    {
        // Browser.SubmitAsync takes one value per name; list fields are sent as indexed names, which model binding reads the same.
        var i = 0;
        foreach (var p in participants) fields[$"ParticipantIds[{i++}]"] = p.ToString();
        i = 0;
        foreach (var k in kinds) fields[$"SharedKinds[{i++}]"] = k.ToString();
        return await PostPlanFormAsync(browser, $"/plans/{planId}/consent", "Record", fields);
    }

    // (f)
    [Fact]
    public async Task A_new_kind_of_information_not_covered_warns_the_coordinator_and_is_hidden_from_participants_R3_R8()
    {
        // Jonas's consent shares every kind and his plan holds health information (a need). Make health information
        // a kind the plan does not hold yet and the consent does not share: no warning before the sub-plan.
        var planId = await App.PlanIdOfAsync("Jonas Berg");
        await using (var db = App.NewDb())
        {
            var plan = await db.Plans.Include(p => p.Needs).Include(p => p.Resources).Include(p => p.Participants)
                .Include(p => p.Consents).ThenInclude(c => c.Recipients).SingleAsync(p => p.Id == planId);
            foreach (var need in plan.Needs.ToList()) plan.RemoveNeed(need.Id);
            foreach (var resource in plan.Resources.ToList()) plan.RemoveResource(resource.Id);
            foreach (var consent in plan.Consents.Where(c => c.WithdrawnOn == null).ToList())
                plan.NarrowConsent(consent.Id, null, null, InformationKind.HealthInformation);
            await db.SaveChangesAsync();
        }
        var coordinator = await Browser.SignedInAsync(App, "ola");
        Assert.DoesNotContain(Renew, (await coordinator.GetAsync($"/plans/{planId}")).Html, StringComparison.Ordinal);

        var added = await PostPlanFormAsync(coordinator, $"/plans/{planId}/collaboration", "AddSubPlan", new()
        {
            ["Kind"] = nameof(SubPlanKind.TreatmentPlan),
            ["Title"] = "Behandlingsplan DPS",
            ["HeldBy"] = "DPS Vestfjord",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);

        var warned = await coordinator.GetAsync($"/plans/{planId}");
        Assert.Contains(Renew, warned.Html, StringComparison.Ordinal);
        Assert.Contains("Planen inneholder helseopplysninger, men samtykket tillater ikke at dette deles.", warned.Html, StringComparison.Ordinal);
        Assert.Contains("Behandlingsplan DPS", warned.Html, StringComparison.Ordinal);
        // nina (NAV, covered for the other kinds) still reads the plan but not the treatment plan.
        var nina = await Browser.SignedInAsync(App, "nina");
        var ninaPage = await nina.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.OK, ninaPage.Status);
        Assert.Contains("Fullføre videregående med tilrettelegging", ninaPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Behandlingsplan DPS", ninaPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Behandlingsplan DPS", (await nina.GetAsync($"/plans/{planId}/print")).Html, StringComparison.Ordinal);
    }

    // (g)
    [Fact]
    public async Task Coordinating_unit_staff_of_the_responsible_organisation_see_metadata_only_K4_R8()
    {
        await CreateAccountAsync(App, "ke-bjorkvik", SystemRole.Staff | SystemRole.CoordinatingUnitStaff, "Bjørkvik kommune");
        var planId = await App.PlanIdOfAsync(EmmaName);
        var ke = await Browser.SignedInAsync(App, "ke-bjorkvik");

        var page = await ke.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(MetadataNotice, page.Html, StringComparison.Ordinal);
        Assert.Contains("Kari Nordmann", page.Html, StringComparison.Ordinal);
        foreach (var secret in new[] { EmmaWhatMatters, EmmaGoal, EmmaNeed, EmmaMeasure, EmmaIop, "Erik Strand", "Lene Larsen" })
            Assert.DoesNotContain(secret, page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/plans/{planId}/print", page.Html, StringComparison.Ordinal);

        foreach (var part in new[] { "print", "history", "goals", "mapping", "consent", "what-matters" })
        {
            var denied = await ke.GetAsync($"/plans/{planId}/{part}");
            Assert.True(denied.Status == HttpStatusCode.NotFound, $"/{part} gave {denied.Status} for coordinating-unit staff");
            Assert.DoesNotContain(EmmaGoal, denied.Html, StringComparison.Ordinal);
        }
        Assert.False(await InMyPlansAsync(ke, EmmaName));

        var denials = await AuditAsync("ke-bjorkvik", planId);
        Assert.Contains(denials, e => e.Part == "Print" && !e.Allowed);
        Assert.Contains(denials, e => e.Part == "History" && !e.Allowed);

        // Coordinating-unit staff of another municipality: nothing.
        var hanne = await Browser.SignedInAsync(App, "hanne");
        var other = await hanne.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.DoesNotContain(EmmaName, other.Html, StringComparison.Ordinal);
    }

    async Task<List<(string? Part, bool Allowed, string Reason)>> AuditAsync(string userName, Guid? planId)
    {
        await using var db = App.NewDb();
        var rows = await db.AuditEntries.Where(e => e.UserName == userName && (planId == null || e.PlanId == planId))
            .Select(e => new { e.Part, e.Allowed, e.Reason, e.Purpose, e.Emergency }).ToListAsync();
        // The user's stated reason is kept as the entry's purpose; emergency entries are flagged.
        return [.. rows.Select(r => (r.Part, r.Allowed, r.Emergency ? $"{r.Reason} [{r.Purpose}]" : r.Reason))];
    }

    // (h)
    [Fact]
    public async Task Emergency_access_needs_a_reason_lasts_two_hours_is_audited_and_reviewed_R8()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var emmaId = await PersonIdAsync(App, EmmaName);
        var url = $"/persons/{emmaId}/emergency-access";
        var tone = await Browser.SignedInAsync(App, "tone");
        Assert.Equal(HttpStatusCode.NotFound, (await tone.GetAsync($"/plans/{planId}")).Status);

        // Too short a reason: a message, and no access.
        var tooShort = await tone.SubmitAsync(url, new() { ["Reason"] = "akutt" });
        Assert.Equal(HttpStatusCode.OK, tooShort.Status);
        Assert.Contains("minst 10 tegn", tooShort.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await tone.GetAsync($"/plans/{planId}")).Status);
        var empty = await tone.SubmitAsync(url, new() { ["Reason"] = "" });
        Assert.Contains("Skriv hvorfor du trenger nødtilgang", empty.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await tone.GetAsync($"/plans/{planId}")).Status);

        const string reason = "Emma er innlagt akutt etter fall, trenger oversikt over tiltak";
        var granted = await tone.SubmitAsync(url, new() { ["Reason"] = reason });
        Assert.Equal(HttpStatusCode.Redirect, granted.Status);
        Assert.Equal($"/plans/{planId}", granted.Location!.AbsolutePath);
        var page = await tone.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(EmergencyBanner, page.Html, StringComparison.Ordinal);
        Assert.Contains(EmmaGoal, page.Html, StringComparison.Ordinal);
        // Not the history: that is for the coordinator and the person only.
        Assert.Equal(HttpStatusCode.NotFound, (await tone.GetAsync($"/plans/{planId}/history")).Status);
        var audit = await AuditAsync("tone", planId);
        Assert.Contains(audit, e => e.Allowed && e.Reason.Contains("NØDTILGANG", StringComparison.Ordinal) && e.Reason.Contains(reason, StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Allowed && e.Part == "Overview" && e.Reason.StartsWith("NØDTILGANG", StringComparison.Ordinal));

        // Two hours and a minute later: gone again (signed in anew, since the idle session may have ended too).
        App.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        tone = await Browser.SignedInAsync(App, "tone");
        var expired = await tone.GetAsync($"/plans/{planId}");
        Assert.Equal(HttpStatusCode.NotFound, expired.Status);
        Assert.DoesNotContain(EmmaGoal, expired.Html, StringComparison.Ordinal);
        Assert.False(await InMyPlansAsync(tone, EmmaName));

        // Without a staff member there is no emergency access to ask for.
        var admin = await Browser.SignedInAsync(App, "admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(url)).Status);

        // The privacy officer reviews it; the coordinator may not see the review list.
        await CreateAccountAsync(App, "pvo", SystemRole.PrivacyOfficer);
        var pvo = await Browser.SignedInAsync(App, "pvo");
        var review = await pvo.GetAsync("/admin/emergency");
        Assert.Equal(HttpStatusCode.OK, review.Status);
        Assert.Contains("tone → Emma Larsen", review.Html, StringComparison.Ordinal);
        Assert.Contains(reason, review.Html, StringComparison.Ordinal);
        Assert.Contains("Ikke kontrollert", review.Html, StringComparison.Ordinal);
        Guid accessId;
        await using (var db = App.NewDb())
            accessId = await db.EmergencyAccesses.Where(e => e.PlanId == planId).Select(e => e.Id).SingleAsync();
        var reviewed = await pvo.SubmitAsync("/admin/emergency", new() { ["AccessId"] = accessId.ToString(), ["Note"] = "Begrunnet, akutt innleggelse" });
        Assert.Equal(HttpStatusCode.Redirect, reviewed.Status);
        var afterReview = await pvo.GetAsync("/admin/emergency");
        Assert.Contains("Begrunnet, akutt innleggelse", afterReview.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ikke kontrollert", afterReview.Html, StringComparison.Ordinal);

        var kari = await Browser.SignedInAsync(App, "kari");
        Assert.Equal(HttpStatusCode.Forbidden, (await kari.GetAsync("/admin/emergency")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/admin/emergency")).Status);
    }
}
