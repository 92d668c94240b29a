using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Coordination.Dashboard;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Plans;
using Samplan.Shared;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Coordination;

public sealed class DashboardOnSqlite : DashboardTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class DashboardOnPostgreSql(PostgresCluster cluster) : DashboardTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// K4: the coordinating unit's dashboard against a hand-counted fixture. Today is 23.11.2026 (the factory's clock).
///
/// Demo plans with Bjørkvik responsible, all created 23.11.2026, none with a date before today, every consent
/// valid for two years:
///   Emma (born 2016, 0–15, active, Kari) · Jonas (17, 16–17, active, Ola) · Astrid (46, 18–66, active, Kari)
///   Arne (73, 67+, active, Kari) · Knut (51, 18–66, closed, Kari).
/// Fjellstad: Sara (draft, Hanne).
///
/// The fixture adds, Bjørkvik (started by Kari):
///   P1 Ida    born 01.05.2012 (0–15)  created 10.09.2026  draft, no coordinator, consent valid to 10.12.2026 (17 days left)
///   P2 Gunnar born 01.01.1950 (67+)   created 15.06.2026  active, Kari, evaluation 01.11.2026 (overdue), revision 31.12.2026
///   P3 Maja   born 01.06.2009 (16–17) created 05.10.2025  active, Ola,  revision 22.11.2026 (overdue), evaluation 01.01.2027
/// and Fjellstad (Hanne): P4 Frode born 02.02.2000 created 10.10.2026, active, Hanne, evaluation 01.11.2026 (overdue).
///
/// Expected for Kari (Bjørkvik):
///   status: Draft 1 (P1), Active 6 (Emma, Jonas, Astrid, Arne, P2, P3), Closed 1 (Knut), Transferred 0
///   open without coordinator 1 (P1) · overdue evaluations 1 (P2) · overdue revisions 1 (P3) · consent expiring 1 (P1)
///   caseload (open plans): Kari 4 (Emma, Astrid, Arne, P2), Ola 2 (Jonas, P3)
///   new plans, last 12 months (12.2025–11.2026): 2026-11: 0–15 1, 16–17 1, 18–66 2, 67+ 1 = 5;
///   2026-09: 0–15 1; 2026-06: 67+ 1; P3 (10.2025) is outside the window.
/// Expected for Hanne (Fjellstad): Draft 1, Active 1, overdue evaluations 1, without coordinator 0; 2026-11: 18–66 1; 2026-10: 18–66 1.
///
/// Intake (every instant 10:00 UTC, so the Norwegian date is the same). The demo has three open Bjørkvik cases received
/// 1, 2 and 6 days ago (hospital, school, person) and Fatima's request of 18.10.2026, coordinator only, appointed 03.11
/// (16 days). The fixture adds, Bjørkvik:
///   open:  A1 20.11.2026 NAV (3 d) · A2 16.11 municipality (7 d) · A3 15.11 municipality, under assessment (8 d)
///          · A4 25.08 school (90 d) · A5 24.08 request from the person (91 d)
///   appointed (received → appointed, days): B1 01.10.2026 hospital, plan → 04.10 (3) · B2 10.10 municipality, coordinator
///          only → 20.10 (10) · B3 01.06 school, plan → 15.06 (14) · B4 01.03 NAV, plan → 21.03 (20) · B5 05.01 request,
///          coordinator only → 19.02 (45) · B6 25.09.2025 hospital, plan → 24.11.2025 (60, first day of the window)
///          · B7 07.05.2025 hospital, plan → 23.11.2025 (200, the day before the window)
///   closed without appointment: C1 10.09.2026 child welfare, declined · C2 02.11.2026 hospital, plan started, no coordinator yet
/// and Fjellstad: F1 10.11.2026 hospital, open (13 d) · F2 01.10.2026 municipality, coordinator only → 02.10 (1).
///
/// Expected for Kari: open by days waited 0–7: 5 (demo 3, A1, A2) · 8–30: 1 (A3) · 31–90: 1 (A4) · over 90: 1 (A5).
///   Days to coordinator, appointed 24.11.2025–23.11.2026: n 7 (B1–B6, Fatima), sorted 3 10 14 16 20 45 60: nearest-rank
///   median (rank 4) 16, p90 (rank 7) 60 (interpolation would say 51).
///   Per month by sector / outcome: 2026-11 hospital 2, school 1, person 1, NAV 1, municipality 2 = 7; open 6, plan 1 ·
///   2026-10 hospital 1, municipality 1, person 1; plan 1, coordinator only 2 · 2026-09 child welfare 1; declined 1 ·
///   2026-08 school 1, person 1; open 2 · 2026-06 school 1; plan 1 · 2026-03 NAV 1; plan 1 · 2026-01 person 1;
///   coordinator only 1 · 2025-12 none (B6, B7 were received before the window).
/// Expected for Hanne: 8–30: 1 (F1), 0–7: 0; n 1, median 1, p90 1; 2026-11 hospital 1; 2026-10 municipality 1.
/// </summary>
public abstract class DashboardTests : AppTests
{
    const string Secret = "HEMMELIG-MÅL-FRA-FIXTUREN";
    const string SecretWhatMatters = "HEMMELIG-VIKTIG-FOR-MEG";
    const string SecretNeed = "HEMMELIG-BEHOV-I-MELDINGEN";
    const string SecretReporter = "Hemmelig Melder";

    static readonly DateOnly Today = new(2026, 11, 23);

    sealed record Fixture(Guid Ida, Guid Gunnar, Guid Maja, Guid Frode, IReadOnlyDictionary<string, Guid> Cases, Guid Lise);

    static DateTime At(DateOnly day) => day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);

    static DateOnly Oslo(DateTime utc) => DateOnly.FromDateTime(OsloTime.From(utc));

    enum Ends { Open, Assessing, Plan, CoordinatorOnly, Declined }

    /// <summary>The intake cases of the fixture (see the class comment), by name.</summary>
    static async Task<Dictionary<string, Guid>> AddIntakeAsync(SamplanDb db, Guid bjorkvik, Guid fjellstad, Guid reporter, IntakeActor by,
        Guid person, Guid lise)
    {
        var cases = new Dictionary<string, Guid>();
        void Add(string name, Guid organisation, DateOnly received, SourceSector sector, Ends ends, DateOnly? appointed = null, Guid? about = null)
        {
            var kind = sector == SourceSector.PersonOrRelative ? IntakeKind.Request : IntakeKind.NeedNotification;
            var report = new IntakeReport(kind, IntakeForm.Written, sector, sector == SourceSector.Hospital ? HospitalStatus.Admitted : null,
                kind == IntakeKind.Request ? null : reporter, SecretReporter, null, false, about ?? person, SecretNeed, IntakeUrgency.Normal, true, true);
            var c = IntakeCase.Receive(Guid.NewGuid(), organisation, report, by, At(received));
            if (ends != Ends.Open) c.StartAssessment(by, At(received).AddHours(1));
            if (ends == Ends.Plan) c.StartPlan(by, At(received).AddHours(2));
            if (ends == Ends.CoordinatorOnly) c.CoordinatorOnly(by, At(received).AddHours(2));
            if (ends == Ends.Declined) c.Decline("Ikke behov for koordinerte tjenester.", by, At(received).AddHours(2));
            if (appointed is { } on) c.RecordCoordinatorAppointed(by, At(on), Oslo);
            db.IntakeCases.Add(c);
            cases[name] = c.Id;
        }
        Add("A1", bjorkvik, new(2026, 11, 20), SourceSector.Nav, Ends.Open);
        Add("A2", bjorkvik, new(2026, 11, 16), SourceSector.Municipality, Ends.Open);
        Add("A3", bjorkvik, new(2026, 11, 15), SourceSector.Municipality, Ends.Assessing);
        Add("A4", bjorkvik, new(2026, 8, 25), SourceSector.School, Ends.Open);
        Add("A5", bjorkvik, new(2026, 8, 24), SourceSector.PersonOrRelative, Ends.Open);
        Add("B1", bjorkvik, new(2026, 10, 1), SourceSector.Hospital, Ends.Plan, new(2026, 10, 4));
        Add("B2", bjorkvik, new(2026, 10, 10), SourceSector.Municipality, Ends.CoordinatorOnly, new(2026, 10, 20));
        Add("B3", bjorkvik, new(2026, 6, 1), SourceSector.School, Ends.Plan, new(2026, 6, 15));
        Add("B4", bjorkvik, new(2026, 3, 1), SourceSector.Nav, Ends.Plan, new(2026, 3, 21));
        Add("B5", bjorkvik, new(2026, 1, 5), SourceSector.PersonOrRelative, Ends.CoordinatorOnly, new(2026, 2, 19));
        Add("B6", bjorkvik, new(2025, 9, 25), SourceSector.Hospital, Ends.Plan, new(2025, 11, 24));
        Add("B7", bjorkvik, new(2025, 5, 7), SourceSector.Hospital, Ends.Plan, new(2025, 11, 23));
        Add("C1", bjorkvik, new(2026, 9, 10), SourceSector.ChildWelfare, Ends.Declined);
        Add("C2", bjorkvik, new(2026, 11, 2), SourceSector.Hospital, Ends.Plan, about: lise);
        Add("F1", fjellstad, new(2026, 11, 10), SourceSector.Hospital, Ends.Open);
        Add("F2", fjellstad, new(2026, 10, 1), SourceSector.Municipality, Ends.CoordinatorOnly, new(2026, 10, 2));
        await db.SaveChangesAsync();
        return cases;
    }

    async Task<Fixture> AddFixtureAsync()
    {
        await using var db = App.NewDb();
        var bjorkvik = await db.Organisations.SingleAsync(o => o.Name == "Bjørkvik kommune");
        var fjellstad = await db.Organisations.SingleAsync(o => o.Name == "Fjellstad kommune");
        var kari = await db.StaffMembers.SingleAsync(s => s.Name == "Kari Nordmann");
        var ola = await db.StaffMembers.SingleAsync(s => s.Name == "Ola Hansen");
        var hanne = await db.StaffMembers.SingleAsync(s => s.Name == "Hanne Vik");
        var kariUser = await App.UserAsync("kari");
        var hanneUser = await App.UserAsync("hanne");

        Person NewPerson(string name, DateOnly birth)
        {
            var number = Enumerable.Range(birth.Year < 2000 ? 200 : 600, 100).Select(i => NationalIdentityNumber.Synthetic(birth, i)).First(n => n is not null)!;
            var person = new Person(Guid.NewGuid(), number, name);
            db.Persons.Add(person);
            return person;
        }
        var ida = NewPerson("Ida Fixture", new DateOnly(2012, 5, 1));
        var idaMother = ida.AddRelation(Guid.NewGuid(), "Mona Fixture", RelationKind.ParentWithResponsibility);
        var gunnar = NewPerson("Gunnar Fixture", new DateOnly(1950, 1, 1));
        var maja = NewPerson("Maja Fixture", new DateOnly(2009, 6, 1));
        var frode = NewPerson("Frode Fixture", new DateOnly(2000, 2, 2));
        var lise = NewPerson("Lise Fixture", new DateOnly(1980, 3, 3));
        await db.SaveChangesAsync();
        var cases = await AddIntakeAsync(db, bjorkvik.Id, fjellstad.Id, kari.Id, new IntakeActor(kariUser.UserId, "Kari Nordmann"), gunnar.Id, lise.Id);

        async Task<Guid> PlanAsync(DateOnly created, Person person, Organisation responsible, CurrentUser by, StaffMember starter,
            RelatedPerson? givenBy, DateOnly? consentTo, StaffMember? coordinator, DateOnly? revision, DateOnly? evaluation)
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(created.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
            var gate = new PlanGate(db, by, new AuditLog(db, clock), clock);
            var plan = await gate.StartAsync(person, responsible, starter,
                new ConsentDeclaration(givenBy?.Id, ConsentForm.Written, created, consentTo, true, true));
            var version = plan.Version;
            plan.DescribeWhatMatters(SecretWhatMatters);
            plan.AddGoal(Secret, null, true);
            if (coordinator is not null)
            {
                plan.AppointCoordinator(coordinator, created);
                plan.SetDates(created, created.AddYears(1), revision, evaluation);
                plan.Activate(created, clock.GetUtcNow().UtcDateTime);
            }
            await gate.SaveAsync(plan, Consent.PlanPart.Lifecycle, version);
            return plan.Id;
        }

        return new Fixture(
            await PlanAsync(new(2026, 9, 10), ida, bjorkvik, kariUser, kari, idaMother, new(2026, 12, 10), null, null, null),
            await PlanAsync(new(2026, 6, 15), gunnar, bjorkvik, kariUser, kari, null, null, kari, new(2026, 12, 31), new(2026, 11, 1)),
            await PlanAsync(new(2025, 10, 5), maja, bjorkvik, kariUser, kari, null, null, ola, new(2026, 11, 22), new(2027, 1, 1)),
            await PlanAsync(new(2026, 10, 10), frode, fjellstad, hanneUser, hanne, null, null, hanne, new(2027, 3, 1), new(2026, 11, 1)),
            cases, lise.Id);
    }

    static int Figure(string html, string key)
    {
        var m = Regex.Match(html, $"data-figure=\"{Regex.Escape(key)}\">(\\d+)<");
        Assert.True(m.Success, $"No figure {key} on the page");
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Kari_sees_the_hand_counted_figures_of_her_own_organisation_only()
    {
        await AddFixtureAsync();
        var page = await (await Browser.SignedInAsync(App, "kari")).GetAsync("/ke/dashboard");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var h = page.Html;
        Assert.Equal(1, Figure(h, "status-Draft"));
        Assert.Equal(6, Figure(h, "status-Active"));
        Assert.Equal(1, Figure(h, "status-Closed"));
        Assert.Equal(0, Figure(h, "status-Transferred"));
        Assert.Equal(1, Figure(h, "no-coordinator"));
        Assert.Equal(1, Figure(h, "overdue-evaluation"));
        Assert.Equal(1, Figure(h, "overdue-revision"));
        Assert.Equal(1, Figure(h, "consent-expiring"));
        Assert.Equal(4, Figure(h, "coordinator-Kari Nordmann"));
        Assert.Equal(2, Figure(h, "coordinator-Ola Hansen"));
        Assert.DoesNotContain("Hanne Vik", h);
        Assert.Equal([1, 1, 2, 1, 5], [.. new[] { "new-2026-11-0", "new-2026-11-1", "new-2026-11-2", "new-2026-11-3", "new-2026-11" }.Select(k => Figure(h, k))]);
        Assert.Equal(1, Figure(h, "new-2026-09-0"));
        Assert.Equal(1, Figure(h, "new-2026-09"));
        Assert.Equal(1, Figure(h, "new-2026-06-3"));
        Assert.Equal(0, Figure(h, "new-2026-10"));
        Assert.Equal(0, Figure(h, "new-2025-12"));
        Assert.DoesNotContain("2025-11", h);
        Assert.DoesNotContain("2025-10", h);
        Assert.DoesNotContain("intake-pending", h);
        Assert.Equal([5, 1, 1, 1], [.. Enumerable.Range(0, 4).Select(b => Figure(h, $"intake-open-{b}"))]);
        Assert.Equal(7, Figure(h, "intake-appointed"));
        Assert.Equal(16, Figure(h, "intake-median"));
        Assert.Equal(60, Figure(h, "intake-p90"));
        Assert.Contains("24.11.2025", h);
        Assert.Equal([2, 1, 1, 1, 2, 0, 0, 7], [.. new[] { "Hospital", "School", "PersonOrRelative", "Nav", "Municipality", "ChildWelfare", "Other" }
            .Select(x => Figure(h, $"intake-2026-11-sector-{x}")).Append(Figure(h, "intake-2026-11"))]);
        Assert.Equal(6, Figure(h, "intake-2026-11-outcome-Open"));
        Assert.Equal(1, Figure(h, "intake-2026-11-outcome-PlanStarted"));
        Assert.Equal(1, Figure(h, "intake-2026-10-sector-Hospital"));
        Assert.Equal(1, Figure(h, "intake-2026-10-sector-Municipality"));
        Assert.Equal(1, Figure(h, "intake-2026-10-outcome-PlanStarted"));
        Assert.Equal(2, Figure(h, "intake-2026-10-outcome-CoordinatorOnly"));
        Assert.Equal(1, Figure(h, "intake-2026-10-sector-PersonOrRelative"));
        Assert.Equal(1, Figure(h, "intake-2026-09-sector-ChildWelfare"));
        Assert.Equal(1, Figure(h, "intake-2026-09-outcome-Declined"));
        Assert.Equal(2, Figure(h, "intake-2026-08-outcome-Open"));
        Assert.Equal(1, Figure(h, "intake-2026-08-sector-School"));
        Assert.Equal(1, Figure(h, "intake-2026-06-outcome-PlanStarted"));
        Assert.Equal(1, Figure(h, "intake-2026-03-sector-Nav"));
        Assert.Equal(1, Figure(h, "intake-2026-01-outcome-CoordinatorOnly"));
        Assert.Equal(0, Figure(h, "intake-2025-12"));
        Assert.Equal(0, Figure(h, "intake-2026-02"));
        Assert.DoesNotContain(SecretNeed, h);
        Assert.DoesNotContain(SecretReporter, h);
    }

    [Fact]
    public async Task Hanne_counts_Fjellstad_and_not_Bjorkvik()
    {
        await AddFixtureAsync();
        var h = (await (await Browser.SignedInAsync(App, "hanne")).GetAsync("/ke/dashboard")).Html;

        Assert.Equal(1, Figure(h, "status-Draft"));
        Assert.Equal(1, Figure(h, "status-Active"));
        Assert.Equal(0, Figure(h, "status-Closed"));
        Assert.Equal(0, Figure(h, "no-coordinator"));
        Assert.Equal(1, Figure(h, "overdue-evaluation"));
        Assert.Equal(0, Figure(h, "overdue-revision"));
        Assert.Equal(2, Figure(h, "coordinator-Hanne Vik"));
        Assert.Equal(1, Figure(h, "new-2026-11-2"));
        Assert.Equal(1, Figure(h, "new-2026-10-2"));
        Assert.DoesNotContain("Kari Nordmann", h);
        // The fixture's F1 and F2, and the demo's Lise Moen: declined in September, asked again five days ago (coordinator only).
        Assert.Equal([0, 1, 0, 0], [.. Enumerable.Range(0, 4).Select(b => Figure(h, $"intake-open-{b}"))]);
        Assert.Equal(1, Figure(h, "intake-appointed"));
        Assert.Equal(1, Figure(h, "intake-median"));
        Assert.Equal(1, Figure(h, "intake-p90"));
        Assert.Equal(2, Figure(h, "intake-2026-11"));
        Assert.Equal(1, Figure(h, "intake-2026-09-outcome-Declined"));
        Assert.Equal(1, Figure(h, "intake-2026-11-sector-Hospital"));
        Assert.Equal(1, Figure(h, "intake-2026-10-outcome-CoordinatorOnly"));
        Assert.Equal(0, Figure(h, "intake-2026-08"));
    }

    [Fact]
    public async Task The_drill_down_lists_the_plans_behind_a_figure_with_metadata_only_and_audits_each()
    {
        var fixture = await AddFixtureAsync();
        var kari = await Browser.SignedInAsync(App, "kari");

        var overdue = await kari.GetAsync("/ke/dashboard/list?filter=overdue-evaluation");
        Assert.Equal(HttpStatusCode.OK, overdue.Status);
        Assert.Contains("Gunnar Fixture", overdue.Html);
        Assert.Contains("01.11.2026", overdue.Html);
        Assert.DoesNotContain("Frode Fixture", overdue.Html);
        Assert.Equal(1, Regex.Matches(overdue.Html, "<tr>").Count - 1);

        foreach (var filter in new[] { "status-Active", "status-Draft", "no-coordinator", "consent-expiring", "overdue-revision", "new-2026-11", "new-2026-09-0" })
        {
            var list = await kari.GetAsync($"/ke/dashboard/list?filter={filter}");
            Assert.Equal(HttpStatusCode.OK, list.Status);
            Assert.DoesNotContain(Secret, list.Html);
            Assert.DoesNotContain(SecretWhatMatters, list.Html);
            Assert.DoesNotContain("Å være med vennene mine", list.Html); // Emma's what-matters text
            Assert.DoesNotContain("Emma sykler til skolen", list.Html); // Emma's goal
        }
        var active = await kari.GetAsync("/ke/dashboard/list?filter=status-Active");
        foreach (var name in new[] { "Emma Larsen", "Jonas Berg", "Astrid Solberg", "Arne Johansen", "Gunnar Fixture", "Maja Fixture" })
            Assert.Contains(name, active.Html);
        Assert.DoesNotContain("Frode Fixture", active.Html);
        Assert.Contains("Ida Fixture", (await kari.GetAsync("/ke/dashboard/list?filter=consent-expiring")).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync("/ke/dashboard/list?filter=nonsense")).Status);

        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "kari" && e.Action == "ke.dashboard.list" && e.PlanId == fixture.Gunnar && e.Allowed));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.UserName == "kari" && e.Action == "ke.dashboard.list" && e.PlanId == fixture.Frode));
    }

    static List<Guid> CaseLinks(string html) =>
        [.. Regex.Matches(html, @"href=""/ke/cases/([0-9a-f-]{36})""").Select(m => Guid.Parse(m.Groups[1].Value))];

    [Fact]
    public async Task The_intake_drill_down_lists_the_cases_behind_a_figure_with_metadata_only_and_audits_each()
    {
        var fixture = await AddFixtureAsync();
        var c = fixture.Cases;
        var kari = await Browser.SignedInAsync(App, "kari");

        var over90 = await kari.GetAsync("/ke/dashboard/list?filter=intake-open-3");
        Assert.Equal(HttpStatusCode.OK, over90.Status);
        Assert.Equal([c["A5"]], CaseLinks(over90.Html));
        Assert.Contains("24.08.2026", over90.Html);
        Assert.Contains("<td data-days-waited>91</td>", over90.Html);
        Assert.Contains("Skriftlig søknad", over90.Html);
        Assert.Contains("Personen eller pårørende", over90.Html);
        Assert.Equal([c["A4"]], CaseLinks((await kari.GetAsync("/ke/dashboard/list?filter=intake-open-2")).Html));
        Assert.Equal([c["A3"]], CaseLinks((await kari.GetAsync("/ke/dashboard/list?filter=intake-open-1")).Html));
        Assert.Equal(5, CaseLinks((await kari.GetAsync("/ke/dashboard/list?filter=intake-open-0")).Html).Count);

        // Oldest first; B7 was appointed the day before the window, so it is not behind the median.
        var appointed = await kari.GetAsync("/ke/dashboard/list?filter=intake-appointed");
        var behind = CaseLinks(appointed.Html);
        Assert.Equal(7, behind.Count);
        Assert.Equal([c["B6"], c["B5"], c["B4"], c["B3"], c["B1"], c["B2"]], behind[..6]); // then Fatima's (demo)
        Assert.Contains("<td>60</td>", appointed.Html);
        Assert.Contains("Bare koordinator", appointed.Html);

        Assert.Equal([c["C2"]], CaseLinks((await kari.GetAsync("/ke/dashboard/list?filter=intake-2026-11-outcome-PlanStarted")).Html));
        Assert.Equal([c["A3"], c["A2"]], CaseLinks((await kari.GetAsync("/ke/dashboard/list?filter=intake-2026-11-sector-Municipality")).Html));
        Assert.Equal([c["C1"]], CaseLinks((await kari.GetAsync("/ke/dashboard/list?filter=intake-2026-09-outcome-Declined")).Html));
        Assert.Equal(7, CaseLinks((await kari.GetAsync("/ke/dashboard/list?filter=intake-2026-11")).Html).Count);
        Assert.Contains("Ingen saker.", (await kari.GetAsync("/ke/dashboard/list?filter=intake-2026-02")).Html);

        foreach (var filter in new[] { "intake-open-0", "intake-open-3", "intake-appointed", "intake-2026-11", "intake-2026-10-sector-Hospital" })
        {
            var list = await kari.GetAsync($"/ke/dashboard/list?filter={filter}");
            Assert.Equal(HttpStatusCode.OK, list.Status);
            Assert.DoesNotContain(SecretNeed, list.Html);
            Assert.DoesNotContain(SecretReporter, list.Html);
            Assert.DoesNotContain("Gunnar Fixture", list.Html);
            Assert.DoesNotContain("Utskrivningsklar etter hjerneslag", list.Html); // a demo case's need
            Assert.DoesNotContain(c["F1"].ToString(), list.Html);
            Assert.DoesNotContain(c["F2"].ToString(), list.Html);
        }
        // The link goes to the case page, which the unit's own staff may already open.
        Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync($"/ke/cases/{c["A5"]}")).Status);
        foreach (var bad in new[] { "intake-open-4", "intake-open-", "intake-2026-11-sector-Mars", "intake-2026-11-sector-3", "intake-2026-11-outcome-", "intake-13-2026", "intake-" })
            Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync($"/ke/dashboard/list?filter={bad}")).Status);

        // Another unit's staff see only their own cases behind the same figures.
        var hanne = await Browser.SignedInAsync(App, "hanne");
        Assert.Equal([c["F2"]], CaseLinks((await hanne.GetAsync("/ke/dashboard/list?filter=intake-appointed")).Html));
        var hannesNovember = CaseLinks((await hanne.GetAsync("/ke/dashboard/list?filter=intake-2026-11")).Html);
        Assert.Equal(2, hannesNovember.Count); // F1 and the demo's second request from Lise Moen
        Assert.Contains(c["F1"], hannesNovember);
        Assert.Empty(CaseLinks((await hanne.GetAsync("/ke/dashboard/list?filter=intake-open-3")).Html));

        await using var db = App.NewDb();
        var gunnar = await db.Persons.Where(p => p.Name == "Gunnar Fixture").Select(p => p.Id).SingleAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "kari" && e.Action == "ke.dashboard.list" && e.PersonId == gunnar
            && e.Reason.Contains(c["A5"].ToString()) && e.Allowed));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.UserName == "hanne" && e.Action == "ke.dashboard.list" && e.Reason.Contains(c["A5"].ToString())));
    }

    [Fact]
    public async Task Appointing_the_first_coordinator_on_a_plan_started_from_a_case_records_the_days_to_coordinator()
    {
        var fixture = await AddFixtureAsync();
        Guid planId, ola, kariId;
        await using (var db = App.NewDb())
        {
            ola = await db.StaffMembers.Where(s => s.Name == "Ola Hansen").Select(s => s.Id).SingleAsync();
            kariId = await db.StaffMembers.Where(s => s.Name == "Kari Nordmann").Select(s => s.Id).SingleAsync();
            var lise = await db.Persons.SingleAsync(p => p.Id == fixture.Lise);
            var bjorkvik = await db.Organisations.SingleAsync(o => o.Name == "Bjørkvik kommune");
            var kariStaff = await db.StaffMembers.SingleAsync(s => s.Name == "Kari Nordmann");
            var plan = await App.Gate(db, await App.UserAsync("kari")).StartAsync(lise, bjorkvik, kariStaff,
                new ConsentDeclaration(null, ConsentForm.Written, Today, null, true, true));
            planId = plan.Id;
        }
        var kari = await Browser.SignedInAsync(App, "kari");
        var url = $"/plans/{planId}/coordinator";
        var form = await kari.GetAsync(url);
        var saved = await kari.SubmitAsync(url, new()
        {
            ["StaffMemberId"] = ola.ToString(),
            ["Version"] = Regex.Match(form.Html, @"name=""Version"" value=""(\d+)""").Groups[1].Value,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        await using (var db = App.NewDb())
        {
            var c = await db.IntakeCases.AsNoTracking().SingleAsync(x => x.Id == fixture.Cases["C2"]);
            Assert.Equal(21, c.DaysToCoordinator); // 02.11 → 23.11.2026
            Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, c.CoordinatorAppointedAt);
            Assert.Equal(IntakeStepKind.CoordinatorAppointed, c.Steps.OrderBy(x => x.At).Last().Kind);
            // Cases of other outcomes and of the person's other cases are untouched.
            Assert.Null((await db.IntakeCases.AsNoTracking().SingleAsync(x => x.Id == fixture.Cases["A1"])).DaysToCoordinator);
        }
        var h = (await kari.GetAsync("/ke/dashboard")).Html;
        Assert.Equal(8, Figure(h, "intake-appointed"));
        Assert.Equal(16, Figure(h, "intake-median")); // 3 10 14 16 20 21 45 60: rank 4 (interpolation would say 18)
        Assert.Equal(60, Figure(h, "intake-p90"));
        Assert.Contains(fixture.Cases["C2"], CaseLinks((await kari.GetAsync("/ke/dashboard/list?filter=intake-appointed")).Html));

        // A change of coordinator later (Ola hands over to Kari) does not move the figure.
        App.Clock.Advance(TimeSpan.FromDays(5));
        var olaBrowser = await Browser.SignedInAsync(App, "ola");
        var change = await olaBrowser.GetAsync(url);
        var changed = await olaBrowser.SubmitAsync(url, new()
        {
            ["StaffMemberId"] = kariId.ToString(),
            ["OverlapUntil"] = "2026-12-10",
            ["Version"] = Regex.Match(change.Html, @"name=""Version"" value=""(\d+)""").Groups[1].Value,
        }, $"{url}?handler=Change");
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);
        await using (var db = App.NewDb())
            Assert.Equal(21, (await db.IntakeCases.AsNoTracking().SingleAsync(x => x.Id == fixture.Cases["C2"])).DaysToCoordinator);
    }

    [Fact]
    public async Task Without_appointments_the_median_is_not_shown_as_zero()
    {
        var hanne = await Browser.SignedInAsync(App, "hanne"); // Fjellstad has no intake cases in the demo

        var h = (await hanne.GetAsync("/ke/dashboard")).Html;
        Assert.Equal(0, Figure(h, "intake-appointed"));
        Assert.DoesNotContain("data-figure=\"intake-median\"", h);
        Assert.Contains("id=\"intake-median-none\"", h);
        Assert.Equal(0, Figure(h, "intake-open-0"));
        var (_, _, body) = await hanne.DownloadAsync("/ke/dashboard/export");
        var lines = Encoding.UTF8.GetString(body[3..]).Split("\r\n");
        Assert.Contains("Dager til koordinator;Median;2025-11-24–2026-11-23;", lines);
    }

    [Fact]
    public async Task The_CSV_export_has_the_same_numbers_with_BOM_and_semicolons()
    {
        await AddFixtureAsync();
        var (status, type, body) = await (await Browser.SignedInAsync(App, "kari")).DownloadAsync("/ke/dashboard/export");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("text/csv", type, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body[..3]);
        var lines = Encoding.UTF8.GetString(body[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Samplan.Coordination.Dashboard.ExportModel.Header, lines[0]);
        Assert.Contains("Planer etter status;Aktiv;2026-11-23;6", lines);
        Assert.Contains("Planer etter status;Under arbeid;2026-11-23;1", lines);
        Assert.Contains("Oppfølging;Åpne planer uten koordinator;2026-11-23;1", lines);
        Assert.Contains("Oppfølging;Evaluering på overtid;2026-11-23;1", lines);
        Assert.Contains("Oppfølging;Revisjon på overtid;2026-11-23;1", lines);
        Assert.Contains("Oppfølging;Samtykke går ut innen 30 dager;2026-11-23;1", lines);
        Assert.Contains("Saker per koordinator;Kari Nordmann;2026-11-23;4", lines);
        Assert.Contains("Saker per koordinator;Ola Hansen;2026-11-23;2", lines);
        Assert.Contains("Nye planer;18–66 år;2026-11;2", lines);
        Assert.Contains("Nye planer;67 år og eldre;2026-06;1", lines);
        Assert.Contains("Nye planer;0–15 år;2026-09;1", lines);
        Assert.Contains("Åpne saker etter ventetid;0–7 dager;2026-11-23;5", lines);
        Assert.Contains("Åpne saker etter ventetid;8–30 dager;2026-11-23;1", lines);
        Assert.Contains("Åpne saker etter ventetid;31–90 dager;2026-11-23;1", lines);
        Assert.Contains("Åpne saker etter ventetid;Over 90 dager;2026-11-23;1", lines);
        Assert.Contains("Dager til koordinator;Saker;2025-11-24–2026-11-23;7", lines);
        Assert.Contains("Dager til koordinator;Median;2025-11-24–2026-11-23;16", lines);
        Assert.Contains("Dager til koordinator;90-persentil;2025-11-24–2026-11-23;60", lines);
        Assert.Contains("Meldinger etter sektor;Sykehuset;2026-11;2", lines);
        Assert.Contains("Meldinger etter sektor;Kommunen;2026-11;2", lines);
        Assert.Contains("Meldinger etter sektor;Barnevern;2026-09;1", lines);
        Assert.Contains("Meldinger etter sektor;NAV;2026-03;1", lines);
        Assert.Contains("Meldinger etter sektor;Sykehuset;2025-12;0", lines);
        Assert.Contains("Meldinger etter utfall;Ikke avsluttet;2026-11;6", lines);
        Assert.Contains("Meldinger etter utfall;Plan startet;2026-11;1", lines);
        Assert.Contains("Meldinger etter utfall;Bare koordinator;2026-01;1", lines);
        Assert.Contains("Meldinger etter utfall;Avslått;2026-09;1", lines);
        // Outcomes per month: open + six (the sixth: referred to the existing plan, R2).
        Assert.Equal(1 + 4 + 4 + 2 + 12 * 4 + 4 + 3 + 12 * 7 + 12 * 7, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains(SecretNeed, StringComparison.Ordinal) || l.Contains(SecretReporter, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Fixture", StringComparison.Ordinal) || l.Contains("Emma", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/ke/dashboard")]
    [InlineData("/ke/dashboard/list?filter=no-coordinator")]
    [InlineData("/ke/dashboard/list?filter=intake-open-0")]
    [InlineData("/ke/dashboard/list?filter=intake-appointed")]
    [InlineData("/ke/dashboard/export")]
    public async Task Staff_outside_the_coordinating_unit_get_403(string url)
    {
        var tone = await Browser.SignedInAsync(App, "tone");

        Assert.Equal(HttpStatusCode.Forbidden, (await tone.GetAsync(url)).Status);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "tone" && e.Action == "ke.denied" && !e.Allowed));
    }

    async Task<Guid> FiguresStampOfAsync(string organisation)
    {
        await using var db = App.NewDb();
        var id = await db.Organisations.Where(o => o.Name == organisation).Select(o => o.Id).SingleAsync();
        return await db.Set<FiguresStamp>().Where(s => s.OrganisationId == id).Select(s => s.Stamp).SingleAsync();
    }

    async Task ChangePlanAsync(string person, Action<IndividualPlan, SamplanDb> change, PlanPart part)
    {
        await using var db = App.NewDb();
        var gate = App.Gate(db, await App.UserAsync("kari"));
        var plan = (await gate.OpenForChangeAsync(await App.PlanIdOfAsync(person), part))!;
        change(plan, db);
        await gate.SaveAsync(plan, part, plan.Version);
    }

    /// <summary>
    /// K4 with issue 8's cache (Coordination/Dashboard/DashboardCache.cs): the figures are kept per organisation against its
    /// stamp, and every kind of change that moves a figure shows on the next view — a closed plan, a new intake case, a plan
    /// handed over to another organisation (both dashboards), a retention delete — while other organisations' changes and
    /// plain views keep the kept figures. A new day computes them again (overdue dates and waiting times move with it).
    /// </summary>
    [Fact]
    public async Task Kept_figures_last_until_a_change_moves_them_or_the_day_changes()
    {
        var kari = await Browser.SignedInAsync(App, "kari");
        var hanne = await Browser.SignedInAsync(App, "hanne");
        async Task<string> DashboardOf(Browser user) => (await user.GetAsync("/ke/dashboard")).Html;
        var h = await DashboardOf(kari);
        Assert.Equal([4, 1], new[] { Figure(h, "status-Active"), Figure(h, "status-Closed") });
        var openIn0To7 = Figure(h, "intake-open-0");
        Assert.Equal(0, Figure(await DashboardOf(hanne), "status-Active"));

        var bjorkvik = await FiguresStampOfAsync("Bjørkvik kommune");
        await DashboardOf(kari);
        Assert.Equal(bjorkvik, await FiguresStampOfAsync("Bjørkvik kommune"));

        // A change to a plan of another organisation leaves Bjørkvik's stamp (and kept figures) alone.
        await using (var db = App.NewDb())
        {
            var hanneUser = await App.UserAsync("hanne");
            var gate = App.Gate(db, hanneUser);
            var sara = (await gate.OpenForChangeAsync(await App.PlanIdOfAsync("Sara Nilsen"), PlanPart.WhatMatters))!;
            sara.DescribeWhatMatters("Å kunne gå tur med hunden.");
            await gate.SaveAsync(sara, PlanPart.WhatMatters, sara.Version);
        }
        Assert.Equal(bjorkvik, await FiguresStampOfAsync("Bjørkvik kommune"));

        await ChangePlanAsync("Emma Larsen", (plan, _) => plan.Close("Målene er nådd.", agreedWithPerson: true, App.Clock.GetUtcNow().UtcDateTime),
            PlanPart.Lifecycle);
        Assert.NotEqual(bjorkvik, await FiguresStampOfAsync("Bjørkvik kommune"));
        h = await DashboardOf(kari);
        Assert.Equal([3, 2], new[] { Figure(h, "status-Active"), Figure(h, "status-Closed") });

        await using (var db = App.NewDb())
        {
            var organisation = await db.Organisations.Where(o => o.Name == "Bjørkvik kommune").Select(o => o.Id).SingleAsync();
            var person = await db.Persons.Where(p => p.Name == "Astrid Solberg").Select(p => p.Id).SingleAsync();
            var report = new IntakeReport(IntakeKind.Request, IntakeForm.Written, SourceSector.PersonOrRelative, null, null, "Astrid Solberg", null,
                false, person, SecretNeed, IntakeUrgency.Normal, true, true);
            var kariUser = await App.UserAsync("kari");
            db.IntakeCases.Add(IntakeCase.Receive(Guid.NewGuid(), organisation, report,
                new IntakeActor(kariUser.UserId, "Kari Nordmann"), App.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }
        Assert.Equal(openIn0To7 + 1, Figure(await DashboardOf(kari), "intake-open-0"));

        var hanneBefore = await FiguresStampOfAsync("Fjellstad kommune");
        await ChangePlanAsync("Astrid Solberg", (plan, db) => plan.HandOverResponsibility(db.Organisations.Single(o => o.Name == "Fjellstad kommune")),
            PlanPart.Participants);
        Assert.NotEqual(hanneBefore, await FiguresStampOfAsync("Fjellstad kommune"));
        Assert.Equal(2, Figure(await DashboardOf(kari), "status-Active"));
        Assert.Equal(1, Figure(await DashboardOf(hanne), "status-Active"));

        // Retention deletes past the change tracker and renews the stamp itself.
        bjorkvik = await FiguresStampOfAsync("Bjørkvik kommune");
        await using (var db = App.NewDb())
        {
            App.Clock.Advance(TimeSpan.FromDays(366 * 11));
            Assert.NotEmpty(await Retention.RunAsync(db, App.Clock, new RetentionOptions()));
        }
        Assert.NotEqual(bjorkvik, await FiguresStampOfAsync("Bjørkvik kommune"));
    }

    [Fact]
    public async Task An_unchanged_organisation_gets_its_kept_figures_the_same_day_and_new_ones_the_next()
    {
        var cache = App.Services.GetRequiredService<DashboardCache>();
        await using var db = App.NewDb();
        var organisation = await db.Organisations.Where(o => o.Name == "Bjørkvik kommune").Select(o => o.Id).SingleAsync();
        DashboardFigures FiguresOn(DateOnly day) => new(db, organisation, day, OsloTime.StartOfDayUtc);

        var first = await cache.FiguresAsync(db, FiguresOn(Today), organisation, default);
        Assert.Same(first, await cache.FiguresAsync(db, FiguresOn(Today), organisation, default));
        Assert.NotSame(first, await cache.FiguresAsync(db, FiguresOn(Today.AddDays(1)), organisation, default));
    }

    [Fact]
    public async Task The_figures_are_counted_by_the_database_and_never_read_plan_content()
    {
        await AddFixtureAsync();
        var recorder = new SqlRecorder();
        await using var db = App.NewDb(recorder);
        var bjorkvik = await db.Organisations.Where(o => o.Name == "Bjørkvik kommune").Select(o => o.Id).SingleAsync();
        recorder.Commands.Clear();

        var figures = await new DashboardFigures(db, bjorkvik, Today, OsloTime.StartOfDayUtc).ComputeAsync(CancellationToken.None);

        Assert.Equal(6, figures.ByStatus[PlanStatus.Active]);
        Assert.Equal(1, figures.ConsentsExpiring);
        Assert.Equal(16, figures.Intake.ToCoordinator.Median);
        Assert.Equal(60, figures.Intake.ToCoordinator.Percentile90);
        Assert.NotEmpty(recorder.Commands);
        // Every figure is a COUNT, except the two percentiles: each one value picked by ORDER BY … LIMIT 1 OFFSET k.
        var picks = recorder.Commands.Where(sql => !sql.Contains("COUNT(", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(2, picks.Count);
        Assert.All(picks, sql =>
        {
            Assert.Contains("\"DaysToCoordinator\"", sql, StringComparison.Ordinal);
            Assert.Contains("ORDER BY", sql, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("LIMIT", sql, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("OFFSET", sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"ReceivedAt\"", sql, StringComparison.Ordinal);
        });
        Assert.Contains(recorder.Commands, sql => sql.Contains("IntakeCases", StringComparison.Ordinal) && sql.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase));
        Assert.All(recorder.Commands, sql =>
        {
            Assert.DoesNotContain("WhatMattersToPerson", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("Goals", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("Measures", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("Needs", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("\"Need\"", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("ReporterName", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("IntakeSteps", sql, StringComparison.Ordinal);
        });
        Assert.Contains(recorder.Commands, sql => sql.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase));
    }

    sealed class SqlRecorder : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
