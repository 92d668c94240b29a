using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Samplan.Audit;
using Samplan.Coordination.Dashboard;
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
/// </summary>
public abstract class DashboardTests : AppTests
{
    const string Secret = "HEMMELIG-MÅL-FRA-FIXTUREN";
    const string SecretWhatMatters = "HEMMELIG-VIKTIG-FOR-MEG";

    static readonly DateOnly Today = new(2026, 11, 23);

    sealed record Fixture(Guid Ida, Guid Gunnar, Guid Maja, Guid Frode);

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
        await db.SaveChangesAsync();

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
            await PlanAsync(new(2026, 10, 10), frode, fjellstad, hanneUser, hanne, null, null, hanne, new(2027, 3, 1), new(2026, 11, 1)));
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
        // Intake figures are not faked: the section says they come with the inbox.
        Assert.Contains("kommer med innboksen", h);
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
        Assert.Equal(1 + 4 + 4 + 2 + 12 * 4, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("Fixture", StringComparison.Ordinal) || l.Contains("Emma", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/ke/dashboard")]
    [InlineData("/ke/dashboard/list?filter=no-coordinator")]
    [InlineData("/ke/dashboard/export")]
    public async Task Staff_outside_the_coordinating_unit_get_403(string url)
    {
        var tone = await Browser.SignedInAsync(App, "tone");

        Assert.Equal(HttpStatusCode.Forbidden, (await tone.GetAsync(url)).Status);
        await using var db = App.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserName == "tone" && e.Action == "ke.denied" && !e.Allowed));
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
        Assert.NotEmpty(recorder.Commands);
        Assert.All(recorder.Commands, sql => Assert.Contains("COUNT(", sql, StringComparison.OrdinalIgnoreCase));
        Assert.All(recorder.Commands, sql =>
        {
            Assert.DoesNotContain("WhatMattersToPerson", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("Goals", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("Measures", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("Needs", sql, StringComparison.Ordinal);
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
