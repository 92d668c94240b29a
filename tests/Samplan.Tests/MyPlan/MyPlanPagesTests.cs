using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Domain.Coordination;
using Samplan.Domain.Meetings;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Shared;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;

namespace Samplan.Tests.MyPlan;

public sealed class MyPlanPagesTestsOnSqlite : MyPlanPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class MyPlanPagesTestsOnPostgreSql(PostgresCluster cluster) : MyPlanPagesTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The person's own view (R12) through the real pages: the plan in plain language with what matters first, the person's own
/// voice (what matters, own goals, evaluation experience, meeting replies) saved through the gate as their own changes,
/// what stays the coordinator's (C4), representation and switching (S2, S3), requests to the coordinating unit (R11, N2),
/// and that no one else reaches the person's pages (R8).
/// </summary>
public abstract partial class MyPlanPagesTests : AppTests
{
    const string ArneWhatMatters = "Å komme hjem til Randi og klare meg selv på badet.";
    const string ArneGoal = "Klare personlig hygiene selv";

    [GeneratedRegex(@"name=""Version"" value=""(\d+)""")]
    private static partial Regex VersionField();

    static string VersionOf(Page page) => VersionField().Match(page.Html).Groups[1].Value;

    async Task<List<AuditEntry>> AuditAsync(string userName, string action)
    {
        await using var db = App.NewDb();
        return await db.AuditEntries.AsNoTracking().Where(e => e.UserName == userName && e.Action == action).OrderBy(e => e.Sequence).ToListAsync();
    }

    async Task<Browser> MotherActingForAsync(string childName)
    {
        var mother = await Browser.SignedInAsync(App, "emma.mor");
        var chosen = await mother.SubmitAsync("/my/representing", new() { ["PersonId"] = (await PersonIdAsync(App, childName)).ToString() });
        Assert.Equal(HttpStatusCode.Redirect, chosen.Status);
        return mother;
    }

    /// <summary>Kari adds a goal herself (not in Arne's words), through the gate.</summary>
    async Task<Guid> KariAddsAGoalAsync(Guid planId, string text)
    {
        await using var db = App.NewDb();
        var gate = App.Gate(db, await App.UserAsync("kari"));
        var plan = (await gate.OpenForChangeAsync(planId, PlanPart.Goals))!;
        var version = plan.Version;
        var goal = plan.AddGoal(text, null, inPersonsOwnWords: false);
        await gate.SaveAsync(plan, PlanPart.Goals, version);
        return goal.Id;
    }

    [Fact]
    public async Task Arne_sees_his_plan_in_plain_language_with_what_matters_first_R12_R4()
    {
        var arne = await Browser.SignedInAsync(App, "arne");

        var start = await arne.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, start.Status);
        Assert.Equal("/my/plan", start.Location!.AbsolutePath);
        var page = await arne.GetAsync("/my/plan");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var html = page.Html;
        Assert.Contains("Min plan", html, StringComparison.Ordinal);
        var whatMatters = html.IndexOf(ArneWhatMatters, StringComparison.Ordinal);
        Assert.True(whatMatters > 0 && whatMatters < html.IndexOf(ArneGoal, StringComparison.Ordinal), "What matters to Arne comes before his goals.");
        Assert.Contains("Hverdagsrehabilitering", html, StringComparison.Ordinal);
        Assert.Contains("Ola Hansen", html, StringComparison.Ordinal); // responsible for the measure
        Assert.Contains("Koordinatoren din", html, StringComparison.Ordinal);
        Assert.Contains("Kari Nordmann", html, StringComparison.Ordinal);
        Assert.Contains("kari@example.no", html, StringComparison.Ordinal);
        Assert.Contains("/meetings/", html, StringComparison.Ordinal); // the minutes of the held meeting
        Assert.Contains("/my/consent", html, StringComparison.Ordinal);
        Assert.Contains("/my/messages", html, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync("arne", "plan.read"), e => e.Allowed && e.Role == "person");
    }

    [Fact]
    public async Task Arne_writes_what_matters_and_adds_his_own_goal_each_a_new_version_by_him_that_kari_sees_R12_R5()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arne = await Browser.SignedInAsync(App, "arne");
        var before = (await PlanAsync(App, planId)).Version;

        var saved = await PostPlanFormAsync(arne, "/my/plan/what-matters", null, new() { ["OwnWords"] = "Å dusje selv og gå tur med Randi." });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var added = await PostPlanFormAsync(arne, "/my/plan/goals", "Add", new() { ["Input.Text"] = "Gå til butikken alene" });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);

        await using (var db = App.NewDb())
        {
            var plan = await db.Plans.Include(p => p.Goals).AsNoTracking().SingleAsync(p => p.Id == planId);
            Assert.Equal(before + 2, plan.Version);
            Assert.Equal("Å dusje selv og gå tur med Randi.", plan.WhatMattersToPerson);
            Assert.True(plan.Goals.Single(g => g.Text == "Gå til butikken alene").InPersonsOwnWords);
            var revisions = await db.PlanRevisions.AsNoTracking().Where(r => r.PlanId == planId && r.Version > before).ToListAsync();
            Assert.Equal(2, revisions.Count);
            Assert.All(revisions, r => Assert.Equal("Arne Johansen", r.ByName));
        }
        var kari = await Browser.SignedInAsync(App, "kari");
        var view = await kari.GetAsync($"/plans/{planId}");
        Assert.Contains("Å dusje selv og gå tur med Randi.", view.Html, StringComparison.Ordinal);
        Assert.Contains("Gå til butikken alene", view.Html, StringComparison.Ordinal);
        Assert.Contains("Arne Johansen", (await kari.GetAsync($"/plans/{planId}/history")).Html, StringComparison.Ordinal);

        // He marks his own goal reached.
        await using (var db = App.NewDb())
        {
            var own = await db.Plans.Where(p => p.Id == planId).SelectMany(p => p.Goals).SingleAsync(g => g.Text == "Gå til butikken alene");
            var reached = await PostPlanFormAsync(arne, "/my/plan/goals", "Update", new()
            {
                ["Input.GoalId"] = own.Id.ToString(), ["Input.Text"] = own.Text, ["Input.Status"] = nameof(GoalStatus.Achieved),
            });
            Assert.Equal(HttpStatusCode.Redirect, reached.Status);
        }
        await using (var db = App.NewDb())
            Assert.Equal(GoalStatus.Achieved, (await db.Plans.Where(p => p.Id == planId).SelectMany(p => p.Goals).SingleAsync(g => g.Text == "Gå til butikken alene")).Status);
    }

    [Fact]
    public async Task Arne_cannot_change_a_goal_kari_wrote_R12_C4()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var karisGoal = await KariAddsAGoalAsync(planId, "Trene med fysioterapeut to ganger i uka");
        var arne = await Browser.SignedInAsync(App, "arne");

        var page = await arne.GetAsync("/my/plan/goals");
        Assert.Contains("Trene med fysioterapeut to ganger i uka", page.Html, StringComparison.Ordinal);
        Assert.Contains("Mål skrevet av koordinatoren", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"text-{karisGoal}\"", page.Html, StringComparison.Ordinal);
        var version = (await PlanAsync(App, planId)).Version;

        var refused = await PostPlanFormAsync(arne, "/my/plan/goals", "Update", new()
        {
            ["Input.GoalId"] = karisGoal.ToString(), ["Input.Text"] = "Ingen trening", ["Input.Status"] = nameof(GoalStatus.Achieved),
        });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        await using var db = App.NewDb();
        var goal = await db.Plans.Where(p => p.Id == planId).SelectMany(p => p.Goals).SingleAsync(g => g.Id == karisGoal);
        Assert.Equal("Trene med fysioterapeut to ganger i uka", goal.Text);
        Assert.Equal(version, (await PlanAsync(App, planId)).Version);
        Assert.Contains(await AuditAsync("arne", "plan.change"), e => !e.Allowed && e.Part == "Goals");
    }

    [Fact]
    public async Task The_staff_edit_pages_are_no_way_around_what_is_the_persons_own_R12_C4()
    {
        // The policy lets the person write their goals and evaluations; only /my/... knows which goals are theirs.
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var karisGoal = await KariAddsAGoalAsync(planId, "Gå til butikken med rullator");
        var version = (await PlanAsync(App, planId)).Version;
        var arne = await Browser.SignedInAsync(App, "arne");

        Assert.Equal(HttpStatusCode.Forbidden, (await arne.GetAsync($"/plans/{planId}/goals")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await arne.GetAsync($"/plans/{planId}/evaluations/new")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await arne.GetAsync($"/plans/{planId}/what-matters")).Status);
        var removed = await arne.SubmitAsync("/my/plan/goals", new()
        {
            ["Version"] = version.ToString(), ["Input.GoalId"] = karisGoal.ToString(),
        }, $"/plans/{planId}/goals?handler=Remove");
        Assert.Equal(HttpStatusCode.Forbidden, removed.Status);

        await using var db = App.NewDb();
        Assert.True(await db.Plans.Where(p => p.Id == planId).SelectMany(p => p.Goals).AnyAsync(g => g.Id == karisGoal));
        Assert.Equal(version, (await PlanAsync(App, planId)).Version);
    }

    [Fact]
    public async Task Arne_cannot_change_measures_or_participants_R12_C4()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var plan = await PlanAsync(App, planId);
        var arne = await Browser.SignedInAsync(App, "arne");

        Assert.Equal(HttpStatusCode.Forbidden, (await arne.GetAsync($"/plans/{planId}/measures")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await arne.GetAsync($"/plans/{planId}/participants")).Status);
        // A forged post (with a valid token from his own page) is refused too, and nothing changes.
        var removed = await arne.SubmitAsync("/my/plan/what-matters", new()
        {
            ["Version"] = plan.Version.ToString(), ["ParticipantId"] = ParticipantNamed(plan, "Ola Hansen").Id.ToString(),
        }, $"/plans/{planId}/participants?handler=Remove");
        Assert.Equal(HttpStatusCode.Forbidden, removed.Status);
        var after = await PlanAsync(App, planId);
        Assert.Equal(plan.Version, after.Version);
        Assert.Contains(after.Participants, p => p.Name == "Ola Hansen");
    }

    [Fact]
    public async Task A_stale_form_is_refused_with_what_changed_R5()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arne = await Browser.SignedInAsync(App, "arne");
        var form = await arne.GetAsync("/my/plan/what-matters");
        var staleVersion = VersionOf(form);
        await KariAddsAGoalAsync(planId, "Lære å bruke dusjkrakken");

        var refused = await arne.SubmitAsync("/my/plan/what-matters", new() { ["Version"] = staleVersion, ["OwnWords"] = "Mine nye ord" });

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Planen er endret av en annen", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Lære å bruke dusjkrakken", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Mine nye ord", refused.Html, StringComparison.Ordinal); // his input is kept
        await using var db = App.NewDb();
        Assert.Equal(ArneWhatMatters, (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == planId)).WhatMattersToPerson);
    }

    [Fact]
    public async Task Emmas_mother_acts_for_Emma_then_switches_to_her_brother_and_the_audit_names_her_S2()
    {
        var emmaPlan = await App.PlanIdOfAsync("Emma Larsen");
        var theoId = await PersonIdAsync(App, "Theo Lindvik");
        var mother = Browser.Open(App);
        var signIn = await mother.SignInAsync("emma.mor", DemoData.Password);
        Assert.Equal("/my/representing", signIn.Location!.AbsolutePath); // two children: she chooses
        Assert.Equal("/my/representing", (await mother.GetAsync("/my/plan")).Location!.AbsolutePath);
        var choose = await mother.GetAsync("/my/representing");
        Assert.Contains("Handle for Emma Larsen", choose.Html, StringComparison.Ordinal);
        Assert.Contains("Handle for Theo Lindvik", choose.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await mother.SubmitAsync("/my/representing",
            new() { ["PersonId"] = (await PersonIdAsync(App, EmmaName)).ToString() })).Status);
        var emmas = await mother.GetAsync("/my/plan");
        Assert.Equal(HttpStatusCode.OK, emmas.Status);
        Assert.Contains("Planen til Emma Larsen", emmas.Html, StringComparison.Ordinal);
        Assert.Contains("Du handler for Emma Larsen.", emmas.Html, StringComparison.Ordinal);
        Assert.Contains(EmmaWhatMatters, emmas.Html, StringComparison.Ordinal);
        var read = Assert.Single(await AuditAsync("emma.mor", "plan.read"), e => e.PlanId == emmaPlan);
        Assert.Equal("representant", read.Role);

        Assert.Equal(HttpStatusCode.Redirect, (await mother.SubmitAsync("/my/representing", new() { ["PersonId"] = theoId.ToString() })).Status);
        var theos = await mother.GetAsync("/my/plan");
        Assert.Contains("Theo Lindvik har ingen individuell plan nå.", theos.Html, StringComparison.Ordinal);
        Assert.Contains("Du handler for Theo Lindvik.", theos.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(EmmaWhatMatters, theos.Html, StringComparison.Ordinal);
        var switches = await AuditAsync("emma.mor", "account.act-for");
        Assert.Equal(2, switches.Count(e => e.Allowed));
        Assert.Equal(theoId, switches[^1].PersonId);
        Assert.Equal("representant", switches[^1].Role);
        // Who has read Theo's (absent) plan is now about Theo only.
        var readers = await mother.GetAsync("/my/plan/readers");
        Assert.Contains("Theo Lindvik", readers.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Emma Larsen", readers.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parent_cannot_act_for_a_child_of_16_who_consents_herself_S1_S2()
    {
        Guid maja;
        await using (var db = App.NewDb())
        {
            var birth = OsloTime.Today(App.Clock).AddYears(-16).AddDays(-10);
            var number = Enumerable.Range(500, 50).Select(i => NationalIdentityNumber.Synthetic(birth, i)).First(n => n is not null)!;
            var person = new Person(Guid.NewGuid(), number, "Maja Vik", "nb", false, null, null, null);
            var rune = person.AddRelation(Guid.NewGuid(), "Rune Vik", RelationKind.ParentWithResponsibility);
            db.Persons.Add(person);
            var account = new UserAccount(Guid.NewGuid(), "maja.far", "Rune Vik", SystemRole.Citizen, null, null, relatedPersonId: rune.Id);
            Accounts.SetPassword(account, DemoData.Password);
            db.UserAccounts.Add(account);
            await db.SaveChangesAsync();
            maja = person.Id;
        }
        var father = Browser.Open(App);
        var signIn = await father.SignInAsync("maja.far", DemoData.Password);
        Assert.Equal("/my/representing", signIn.Location!.AbsolutePath);

        var page = await father.GetAsync("/my/representing");
        Assert.Contains("Du kan ikke lenger handle for", page.Html, StringComparison.Ordinal);
        Assert.Contains("Fra fylte 16 år samtykker personen selv (S1)", page.Html, StringComparison.Ordinal);
        var refused = await father.SubmitAsync("/my/representing", new() { ["PersonId"] = maja.ToString() });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("Du kan ikke handle for Maja Vik nå.", refused.Html, StringComparison.Ordinal);
        Assert.Equal("/my/representing", (await father.GetAsync("/my/plan")).Location!.AbsolutePath);
        Assert.Contains(await AuditAsync("maja.far", "account.act-for"), e => !e.Allowed && e.PersonId == maja);
    }

    [Fact]
    public async Task Staff_without_a_part_and_another_citizen_reach_nothing_of_arnes_R8()
    {
        await using (var db = App.NewDb())
        {
            var arnesMeeting = await db.Meetings.Where(m => m.PersonId == db.Persons.Single(p => p.Name == "Arne Johansen").Id).Select(m => m.Id).FirstAsync();
            foreach (var user in new[] { "tone", "ola", "admin" })
            {
                var staff = await Browser.SignedInAsync(App, user);
                foreach (var url in new[] { "/my/plan", "/my/plan/goals", "/my/plan/what-matters", "/my/request", $"/my/plan/meetings/{arnesMeeting}" })
                {
                    var page = await staff.GetAsync(url);
                    Assert.Equal(HttpStatusCode.Forbidden, page.Status);
                    Assert.DoesNotContain(ArneWhatMatters, page.Html, StringComparison.Ordinal);
                }
            }
            var mother = await MotherActingForAsync(EmmaName);
            var own = await mother.GetAsync("/my/plan");
            Assert.DoesNotContain(ArneWhatMatters, own.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Arne Johansen", own.Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await mother.GetAsync($"/my/plan/meetings/{arnesMeeting}")).Status);
        }
        Assert.Contains(await AuditAsync("tone", "my.denied"), e => !e.Allowed);
    }

    [Fact]
    public async Task A_request_from_the_person_arrives_in_the_chosen_units_inbox_only_R11_N2_K1()
    {
        Guid fjellstad;
        await using (var db = App.NewDb())
            fjellstad = await db.Organisations.Where(o => o.Name == "Fjellstad kommune").Select(o => o.Id).SingleAsync();
        var mother = await MotherActingForAsync("Theo Lindvik");
        const string need = "Theo trenger hjelp fra flere tjenester etter operasjonen, og vi vil gjerne ha én å forholde oss til.";

        Assert.Equal(HttpStatusCode.OK, (await mother.SubmitAsync("/my/request", new() { ["Need"] = "" })).Status); // no need written
        var sent = await mother.SubmitAsync("/my/request", new() { ["Need"] = need, ["ReceivingOrganisationId"] = fjellstad.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        await using (var db = App.NewDb())
        {
            var c = await db.IntakeCases.AsNoTracking().SingleAsync(x => x.Need == need);
            Assert.Equal(fjellstad, c.ReceivingOrganisationId);
            Assert.Equal(IntakeKind.Request, c.Kind);
            Assert.Equal(IntakeForm.Written, c.Form);
            Assert.Equal(SourceSector.PersonOrRelative, c.Sector);
            Assert.Equal("Lene Larsen", c.ReporterName);
            Assert.True(c.PersonWantsAssessment); // N2: the one who consents for Theo asked
            Assert.True(c.PersonConsentsToAssessment);
        }
        var hanne = await (await Browser.SignedInAsync(App, "hanne")).GetAsync("/ke/inbox");
        Assert.Contains(need, hanne.Html, StringComparison.Ordinal);
        var kari = await (await Browser.SignedInAsync(App, "kari")).GetAsync("/ke/inbox");
        Assert.DoesNotContain(need, kari.Html, StringComparison.Ordinal);
        var mine = await mother.GetAsync("/my/plan");
        Assert.Contains(need, mine.Html, StringComparison.Ordinal);
        Assert.Contains("Mottatt", mine.Html, StringComparison.Ordinal);

        // Arne's own request goes to the municipality that holds his plan, chosen for him.
        var arne = await Browser.SignedInAsync(App, "arne");
        var form = await arne.GetAsync("/my/request");
        await using (var db = App.NewDb())
        {
            var bjorkvik = await db.Organisations.Where(o => o.Name == "Bjørkvik kommune").Select(o => o.Id).SingleAsync();
            Assert.Contains($"value=\"{bjorkvik}\" selected", form.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_reply_to_a_summons_is_recorded_and_shown_to_the_coordinator_R12_A2()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        Guid meetingId;
        await using (var db = App.NewDb())
            meetingId = await db.Meetings.Where(m => m.PlanId == planId).OrderByDescending(m => m.StartsAt).Select(m => m.Id).FirstAsync();
        var mother = await MotherActingForAsync(EmmaName);
        var plan = await mother.GetAsync("/my/plan");
        Assert.Contains($"/my/plan/meetings/{meetingId}", plan.Html, StringComparison.Ordinal);

        var replied = await mother.SubmitAsync($"/my/plan/meetings/{meetingId}",
            new() { ["Answer"] = nameof(InviteeReply.Coming), ["Comment"] = "Vi kommer begge, Emma vil fortelle om sykkelturen." });

        Assert.Equal(HttpStatusCode.Redirect, replied.Status);
        await using (var db = App.NewDb())
        {
            var invitee = await db.Meetings.Where(m => m.Id == meetingId).SelectMany(m => m.Invitees).SingleAsync(i => i.Name == "Lene Larsen");
            Assert.Equal(InviteeReply.Coming, invitee.Reply);
        }
        var kari = await (await Browser.SignedInAsync(App, "kari")).GetAsync($"/plans/{planId}/meetings/{meetingId}");
        Assert.Contains("Vi kommer begge, Emma vil fortelle om sykkelturen.", kari.Html, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync("emma.mor", "meeting.reply"), e => e.Allowed && e.Role == "representant");
    }

    [Fact]
    public async Task The_persons_experience_before_the_evaluation_is_stored_and_shown_to_the_coordinator_R5_R12()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arne = await Browser.SignedInAsync(App, "arne");
        const string experience = "Det går bedre med dusjen, men jeg blir sliten av treningen hver dag.";

        var saved = await arne.SubmitAsync("/my/plan/evaluation", new() { ["Experience"] = experience, ["WrittenTicks"] = "0" });

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        await using (var db = App.NewDb())
        {
            var stored = await db.Set<EvaluationExperience>().AsNoTracking().SingleAsync(e => e.PlanId == planId);
            Assert.Equal(experience, stored.Text);
            Assert.Equal("Arne Johansen", stored.WrittenByName);
            Assert.False(stored.WrittenByRepresentative);
        }
        // A second form built before this save is stale.
        var stale = await arne.SubmitAsync("/my/plan/evaluation", new() { ["Experience"] = "Noe annet", ["WrittenTicks"] = "0" });
        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Contains("Noen andre har endret teksten", stale.Html, StringComparison.Ordinal);

        var kari = await (await Browser.SignedInAsync(App, "kari")).GetAsync($"/plans/{planId}/evaluations/new");
        Assert.Equal(HttpStatusCode.OK, kari.Status);
        Assert.Contains(experience, kari.Html, StringComparison.Ordinal);
        Assert.Contains("Arne Johansen skrev dette før evalueringen", kari.Html, StringComparison.Ordinal);
    }
}
