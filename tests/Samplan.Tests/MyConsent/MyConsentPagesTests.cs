using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Domain.Plans;
using Samplan.Notifications;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.MyConsent;

public sealed class MyConsentPagesOnSqlite : MyConsentPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class MyConsentPagesOnPostgreSql(PostgresCluster cluster) : MyConsentPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// "Mitt samtykke" through the real pages: the person sees what they consented to, narrows or withdraws it with the
/// consequences shown first (S5), answers a consent the coordinator asked for digitally (R3), and only someone who may
/// consent today (S1–S4) may change anything; every change is audited and the coordinator told (R8).
/// </summary>
public abstract partial class MyConsentPagesTests : AppTests
{
    const string Arne = "Arne Johansen";

    [GeneratedRegex(@"/my/consent/requests/([0-9a-f-]{36})")]
    private static partial Regex RequestLink();

    async Task<(Guid PlanId, PlanConsent Consent, Participant Ingrid)> ArnesSharingConsentAsync()
    {
        var planId = await App.PlanIdOfAsync(Arne);
        var plan = await PlanAsync(App, planId);
        return (planId, ConsentNaming(plan, "Ingrid Berg"), ParticipantNamed(plan, "Ingrid Berg"));
    }

    static Task<Page> ConfirmAsync(Browser browser, Guid consentId, string what) =>
        PostPlanFormAsync(browser, $"/my/consent/{consentId}/change?What={Uri.EscapeDataString(what)}", null, new() { ["What"] = what });

    async Task<List<Notification>> NoticesToAsync(string userName)
    {
        await using var db = App.NewDb();
        var id = await db.UserAccounts.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        return await db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == id).ToListAsync();
    }

    /// <summary>Kari asks Arne digitally for a consent sharing health information, goals and measures with Ingrid.</summary>
    async Task<Guid> KariAsksForIngridAsync(Guid planId, Guid ingridId)
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var asked = await PostPlanFormAsync(kari, $"/plans/{planId}/consent", "Ask", new()
        {
            ["CoversInformationExchange"] = "true",
            ["SharedKinds[0]"] = nameof(InformationKind.HealthInformation),
            ["SharedKinds[1]"] = nameof(InformationKind.GoalsAndMeasures),
            ["ExcludedKinds[0]"] = nameof(InformationKind.SocialAndNavInformation),
            ["ParticipantIds[0]"] = ingridId.ToString(),
            ["Purpose"] = "Medisinsk oppfølging etter utskriving",
            ["ValidTo"] = "2027-11-23",
        });
        Assert.Equal(HttpStatusCode.Redirect, asked.Status);
        var notice = Assert.Single(await NoticesToAsync("arne"), n => n.Kind == NotificationKind.ConsentRequested);
        Assert.DoesNotContain("Ingrid", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Medisinsk", notice.Body, StringComparison.Ordinal);
        return Guid.Parse(RequestLink().Match(notice.Link).Groups[1].Value);
    }

    [Fact]
    public async Task Arne_sees_his_consents_with_what_is_shared_with_whom_and_for_what_R3()
    {
        var (planId, _, _) = await ArnesSharingConsentAsync();
        var arne = await Browser.SignedInAsync(App, "arne");
        var page = await arne.GetAsync("/my/consent");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        foreach (var text in new[] { "Samtykker som gjelder nå", "Ingrid Berg (fastlege)", "Ola Hansen", "Randi Johansen (pårørende)",
            "Helseopplysninger", "Mål og tiltak", "Samarbeid om individuell plan", "Arne Johansen (personen selv)",
            "Skriftlig samtykkeerklæring", "Snevre inn eller trekke tilbake" })
            Assert.Contains(text, page.Html, StringComparison.Ordinal);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "arne" && e.Action == "plan.read" && e.PlanId == planId
            && e.Part == "Consent" && e.Allowed));
    }

    [Fact]
    public async Task Narrowing_out_ingrid_shows_the_consequences_first_then_she_gets_404_the_change_is_audited_and_kari_told_S5_R8()
    {
        var (planId, consent, ingridRow) = await ArnesSharingConsentAsync();
        var ingrid = await Browser.SignedInAsync(App, "ingrid");
        Assert.Equal(HttpStatusCode.OK, (await ingrid.GetAsync($"/plans/{planId}")).Status);
        var arne = await Browser.SignedInAsync(App, "arne");
        var versionBefore = (await PlanAsync(App, planId)).Version;

        var choices = await arne.GetAsync($"/my/consent/{consent.Id}/change");
        Assert.Equal(HttpStatusCode.OK, choices.Status);
        Assert.Contains($"participant:{ingridRow.Id}", choices.Html, StringComparison.Ordinal);

        var preview = await arne.GetAsync($"/my/consent/{consent.Id}/change?What=participant:{ingridRow.Id}");
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("Ingrid Berg (fastlege) vil ikke lenger se planen.", preview.Html, StringComparison.Ordinal);
        Assert.Contains("Koordinatoren (Kari Nordmann) får beskjed", preview.Html, StringComparison.Ordinal);
        Assert.Contains("kan ikke hentes tilbake", preview.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ola Hansen (tjenesteyter) vil ikke lenger", preview.Html, StringComparison.Ordinal);
        // Nothing has changed before Arne confirms.
        Assert.Equal(versionBefore, (await PlanAsync(App, planId)).Version);
        Assert.Equal(HttpStatusCode.OK, (await ingrid.GetAsync($"/plans/{planId}")).Status);

        var confirmed = await ConfirmAsync(arne, consent.Id, $"participant:{ingridRow.Id}");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.Status);
        Assert.Equal("/my/consent", confirmed.Location!.AbsolutePath);

        Assert.Equal(HttpStatusCode.NotFound, (await ingrid.GetAsync($"/plans/{planId}")).Status);
        var ola = await Browser.SignedInAsync(App, "ola");
        Assert.Equal(HttpStatusCode.OK, (await ola.GetAsync($"/plans/{planId}")).Status);
        await using var db = App.NewDb();
        var change = await db.AuditEntries.SingleAsync(e => e.UserName == "arne" && e.Action == "plan.change" && e.PlanId == planId);
        Assert.Equal("person", change.Role);
        Assert.Equal("Consent", change.Part);
        Assert.Contains("innsnevret av Arne Johansen", change.Reason, StringComparison.Ordinal);
        var notice = Assert.Single(await NoticesToAsync("kari"), n => n.Kind == NotificationKind.ConsentChanged);
        Assert.Equal($"/plans/{planId}/consent", notice.Link);
        Assert.DoesNotContain("Arne", notice.Subject + notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ingrid", notice.Subject + notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdrawing_wholly_says_the_exchange_stops_then_stops_every_participants_access_S5_R3()
    {
        var (planId, consent, _) = await ArnesSharingConsentAsync();
        var arne = await Browser.SignedInAsync(App, "arne");
        var preview = await arne.GetAsync($"/my/consent/{consent.Id}/change?What=all");
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        foreach (var who in new[] { "Ingrid Berg (fastlege)", "Ola Hansen (tjenesteyter)", "Per Lie (tjenesteyter)", "Lars Moe (kontaktlege)" })
            Assert.Contains($"{who} vil ikke lenger se planen.", preview.Html, StringComparison.Ordinal);
        Assert.Contains("Informasjonsutvekslingen i planen stanser", preview.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(arne, consent.Id, "all")).Status);

        foreach (var user in new[] { "ingrid", "ola", "per", "lars" })
            Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, user)).GetAsync($"/plans/{planId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await (await Browser.SignedInAsync(App, "kari")).GetAsync($"/plans/{planId}")).Status);
        Assert.NotNull((await PlanAsync(App, planId)).Consents.Single(c => c.Id == consent.Id).WithdrawnOn);
        Assert.Contains(await NoticesToAsync("kari"), n => n.Kind == NotificationKind.ConsentChanged && n.Subject == "Samtykke trukket tilbake");
        var mine = await arne.GetAsync("/my/consent");
        Assert.Contains("Tidligere samtykker", mine.Html, StringComparison.Ordinal);
        Assert.Contains("Trukket tilbake 23.11.2026", mine.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_with_her_own_account_may_read_her_consent_but_not_withdraw_it_S2()
    {
        var emmaId = await PersonIdAsync(App, EmmaName);
        await CreateAccountAsync(App, "emma", SystemRole.Citizen, personId: emmaId);
        var planId = await App.PlanIdOfAsync(EmmaName);
        var consent = ConsentNaming(await PlanAsync(App, planId), "Erik Strand");
        var emma = await Browser.SignedInAsync(App, "emma");

        var mine = await emma.GetAsync("/my/consent");
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Contains("Tilrettelegging på skolen", mine.Html, StringComparison.Ordinal);
        Assert.Contains("Du kan se samtykket, men ikke endre det", mine.Html, StringComparison.Ordinal);
        Assert.Contains("(S2)", mine.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/my/consent/{consent.Id}/change", mine.Html, StringComparison.Ordinal);

        var change = await emma.GetAsync($"/my/consent/{consent.Id}/change?What=all");
        Assert.Equal(HttpStatusCode.Forbidden, change.Status);
        Assert.Contains("Du kan ikke endre dette samtykket", change.Html, StringComparison.Ordinal);
        Assert.Contains("Lene Larsen", change.Html, StringComparison.Ordinal);
        // Posting anyway is refused too, and nothing changes.
        var posted = await emma.SubmitAsync("/my/consent", new() { ["What"] = "all", ["Version"] = "99" }, $"/my/consent/{consent.Id}/change");
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.Null((await PlanAsync(App, planId)).Consents.Single(c => c.Id == consent.Id).WithdrawnOn);
        Assert.Equal(HttpStatusCode.OK, (await (await Browser.SignedInAsync(App, "erik")).GetAsync($"/plans/{planId}")).Status);
    }

    [Fact]
    public async Task Emmas_mother_acting_for_her_narrows_out_the_teacher_and_he_no_longer_sees_the_plan_S2_S5()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        var plan = await PlanAsync(App, planId);
        var consent = ConsentNaming(plan, "Erik Strand");
        var teacher = ParticipantNamed(plan, "Erik Strand");
        var mother = await ActingFor.SignedInAsync(App, "emma.mor", EmmaName);

        var mine = await mother.GetAsync("/my/consent");
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Contains("Du ser samtykket i planen til Emma Larsen.", mine.Html, StringComparison.Ordinal);
        Assert.Contains($"/my/consent/{consent.Id}/change", mine.Html, StringComparison.Ordinal);
        var preview = await mother.GetAsync($"/my/consent/{consent.Id}/change?What=participant:{teacher.Id}");
        Assert.Contains("Erik Strand (tjenesteyter) vil ikke lenger se planen.", preview.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(mother, consent.Id, $"participant:{teacher.Id}")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await (await Browser.SignedInAsync(App, "erik")).GetAsync($"/plans/{planId}")).Status);
        await using var db = App.NewDb();
        var change = await db.AuditEntries.SingleAsync(e => e.UserName == "emma.mor" && e.Action == "plan.change" && e.PlanId == planId);
        Assert.Equal("representant", change.Role);
        Assert.Contains("innsnevret av Lene Larsen", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kari_asks_for_a_new_consent_arne_reads_and_gives_it_and_ingrid_sees_the_plan_again_R3_S5()
    {
        var (planId, consent, ingridRow) = await ArnesSharingConsentAsync();
        var arne = await Browser.SignedInAsync(App, "arne");
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(arne, consent.Id, $"participant:{ingridRow.Id}")).Status);
        var ingrid = await Browser.SignedInAsync(App, "ingrid");
        Assert.Equal(HttpStatusCode.NotFound, (await ingrid.GetAsync($"/plans/{planId}")).Status);

        var requestId = await KariAsksForIngridAsync(planId, ingridRow.Id);
        var mine = await arne.GetAsync("/my/consent");
        Assert.Contains("Forespørsler om samtykke", mine.Html, StringComparison.Ordinal);
        Assert.Contains($"/my/consent/requests/{requestId}", mine.Html, StringComparison.Ordinal);
        var request = await arne.GetAsync($"/my/consent/requests/{requestId}");
        Assert.Equal(HttpStatusCode.OK, request.Status);
        foreach (var text in new[] { "Ingrid Berg (fastlege)", "Helseopplysninger", "Sosiale opplysninger og NAV-opplysninger",
            "Medisinsk oppfølging etter utskriving", "23.11.2027", "Ja, jeg samtykker" })
            Assert.Contains(text, request.Html, StringComparison.Ordinal);

        var given = await PostPlanFormAsync(arne, $"/my/consent/requests/{requestId}", "Give", []);
        Assert.Equal(HttpStatusCode.Redirect, given.Status);

        Assert.Equal(HttpStatusCode.OK, (await ingrid.GetAsync($"/plans/{planId}")).Status);
        var stored = await PlanAsync(App, planId);
        var digital = stored.Consents.Single(c => c.Form == ConsentForm.Digital);
        Assert.Equal(Arne, digital.GivenBy);
        Assert.Null(digital.RecordedByStaffId);
        Assert.Equal(new DateOnly(2027, 11, 23), digital.ValidTo);
        Assert.Contains(await NoticesToAsync("kari"), n => n.Kind == NotificationKind.ConsentAnswered && n.Subject == "Samtykke gitt");
        await using var db = App.NewDb();
        Assert.Equal(ConsentRequestAnswer.Given, (await db.ConsentRequests.SingleAsync(r => r.Id == requestId)).Answer);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "arne" && e.Action == "plan.change" && e.Reason.Contains("digitalt")));
        // The staff page shows the answer; a request is answered once.
        var staffPage = await (await Browser.SignedInAsync(App, "kari")).GetAsync($"/plans/{planId}/consent");
        Assert.Contains("Gitt digitalt av Arne Johansen", staffPage.Html, StringComparison.Ordinal);
        var again = await arne.GetAsync($"/my/consent/requests/{requestId}");
        Assert.DoesNotContain("Ja, jeg samtykker", again.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_a_request_is_recorded_audited_and_told_to_the_coordinator_R3()
    {
        var (planId, _, ingridRow) = await ArnesSharingConsentAsync();
        var consentsBefore = (await PlanAsync(App, planId)).Consents.Count;
        var requestId = await KariAsksForIngridAsync(planId, ingridRow.Id);
        var arne = await Browser.SignedInAsync(App, "arne");

        var declined = await PostPlanFormAsync(arne, $"/my/consent/requests/{requestId}", "Decline", []);
        Assert.Equal(HttpStatusCode.Redirect, declined.Status);

        await using var db = App.NewDb();
        var request = await db.ConsentRequests.SingleAsync(r => r.Id == requestId);
        Assert.Equal(ConsentRequestAnswer.Declined, request.Answer);
        Assert.Equal(Arne, request.AnsweredByName);
        Assert.Equal(consentsBefore, (await PlanAsync(App, planId)).Consents.Count);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "arne" && e.Action == "plan.consent-request.decline" && e.PlanId == planId));
        Assert.Contains(await NoticesToAsync("kari"), n => n.Kind == NotificationKind.ConsentAnswered && n.Subject == "Samtykke ikke gitt");
        var staffPage = await (await Browser.SignedInAsync(App, "kari")).GetAsync($"/plans/{planId}/consent");
        Assert.Contains("Ikke gitt: Arne Johansen svarte nei", staffPage.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_coordinator_asks_and_a_request_without_a_purpose_is_refused_with_a_message_R3()
    {
        var (planId, _, ingridRow) = await ArnesSharingConsentAsync();
        var kari = await Browser.SignedInAsync(App, "kari");
        var refused = await PostPlanFormAsync(kari, $"/plans/{planId}/consent", "Ask", new()
        {
            ["CoversInformationExchange"] = "true",
            ["SharedKinds[0]"] = nameof(InformationKind.HealthInformation),
            ["ParticipantIds[0]"] = ingridRow.Id.ToString(),
            ["Purpose"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Skriv hva opplysningene skal brukes til. (R3)", refused.Html, StringComparison.Ordinal);
        await using var db = App.NewDb();
        Assert.False(await db.ConsentRequests.AnyAsync(r => r.PlanId == planId)); // the demo's one request is for Emma's plan
        // A participant who reads the plan cannot ask (403), nor see the staff consent page.
        var ola = await Browser.SignedInAsync(App, "ola");
        Assert.Equal(HttpStatusCode.Forbidden, (await ola.GetAsync($"/plans/{planId}/consent")).Status);
    }

    [Fact]
    public async Task The_staff_consent_page_is_no_way_around_who_may_consent_S2_S5()
    {
        var emmaId = await PersonIdAsync(App, EmmaName);
        await CreateAccountAsync(App, "emma", SystemRole.Citizen, personId: emmaId);
        var planId = await App.PlanIdOfAsync(EmmaName);
        var consent = ConsentNaming(await PlanAsync(App, planId), "Erik Strand");
        var emma = await Browser.SignedInAsync(App, "emma");
        // The staff edit pages are staff only (C4): the person is refused there and sent to /my/consent by the menu.
        Assert.Equal(HttpStatusCode.Forbidden, (await emma.GetAsync($"/plans/{planId}/consent")).Status);
        var posted = await emma.SubmitAsync("/my/consent", new() { ["ConsentId"] = consent.Id.ToString(), ["Version"] = "1" },
            $"/plans/{planId}/consent?handler=Withdraw");
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.Null((await PlanAsync(App, planId)).Consents.Single(c => c.Id == consent.Id).WithdrawnOn);
    }
}
