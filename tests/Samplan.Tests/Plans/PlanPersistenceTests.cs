using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Plans;

public sealed class PlanPersistenceOnSqlite : PlanPersistenceTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PlanPersistenceOnPostgreSql(PostgresCluster cluster) : PlanPersistenceTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>The plan through <see cref="PlanGate"/> against the real schema, on each provider.</summary>
public abstract class PlanPersistenceTests : AppTests
{
    DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task The_app_uses_the_database_the_test_chose()
    {
        await using var scope = App.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SamplanDb>();

        Assert.Equal(App.ConnectionString, db.Database.GetConnectionString());
        Assert.Equal(App.Provider == "Sqlite" ? typeof(SqliteSamplanDb) : typeof(NpgsqlSamplanDb), db.GetType());
    }

    [Fact]
    public async Task Migrations_apply_on_an_empty_database()
    {
        await using var db = App.NewDb();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_data_seeds()
    {
        var emma = await App.PlanIdOfAsync("Emma Larsen");
        await using var db = App.NewDb();

        Assert.Equal(15, await db.UserAccounts.CountAsync()); // 11 staff and admin, the privacy officer, three citizens (arne, emma.mor, geir)
        Assert.Equal(9, await db.Persons.CountAsync()); // with Theo, Emma's brother without a plan (S2: their mother represents both), and Lise Moen (R11, C1)
        Assert.Equal(4, await db.Plans.CountAsync(p => p.Status == PlanStatus.Active));
        Assert.Equal(1, await db.Plans.CountAsync(p => p.Status == PlanStatus.Draft));
        Assert.Equal(1, await db.Plans.CountAsync(p => p.Status == PlanStatus.Closed));
        Assert.Equal(1, await db.CoordinatorAppointments.CountAsync(a => a.PlanDeclined));
        Assert.Equal("Kari Nordmann", (await db.Plans.SingleAsync(p => p.Id == emma)).CoordinatorName);
    }

    [Fact]
    public async Task A_plan_round_trips_with_all_its_parts_R4()
    {
        Guid planId;
        IReadOnlyList<string> saved;
        Guid goalId;
        await using (var db = App.NewDb())
        {
            var kari = await StaffAsync(db, "Kari Nordmann");
            var person = await NewPersonAsync(db, new DateOnly(1985, 4, 12));
            var relative = person.AddRelation(Guid.NewGuid(), "Rita Hagen", RelationKind.Relative, "499 99 999");
            await db.SaveChangesAsync();
            var gate = App.Gate(db, await App.UserAsync("kari"));
            var plan = await gate.StartAsync(person, await OrganisationAsync(db, "Bjørkvik kommune"), kari, Consent(person));
            var version = plan.Version;

            plan.AppointCoordinator(kari, Today);
            plan.DescribeWhatMatters("Å gå tur i skogen hver dag.");
            var goal = plan.AddGoal("Gå tur alene", Today.AddMonths(6), inPersonsOwnWords: true);
            plan.AddGoal("Gå til postkassen", Today.AddMonths(1), false, goal.Id);
            plan.AddNeed(IcfArea.DailyActivities, "Hjelp til å planlegge dagen");
            plan.AddResource("Hund som må luftes");
            var ot = plan.AddProvider(await StaffAsync(db, "Ola Hansen"), ParticipantRole.ServiceProvider, "Gåtrening");
            plan.AddProvider(await StaffAsync(db, "Lars Moe"), ParticipantRole.ContactPhysician, "Medisinsk kontakt");
            plan.AddRelative(relative, "Går tur i helgene");
            plan.AddMeasure(new MeasureDetails("Gåtrening", "1 time, 2 ganger i uka", ot.Id, null, null, "Ute i nærmiljøet",
                Today, Today.AddMonths(3), MeasureStatus.Ongoing, goal.Id));
            plan.AddCollaboration("NAV Bjørkvik", "Arbeidsavklaring");
            plan.AddSubPlan(SubPlanKind.CrisisPlan, "Kriseplan", "https://example.no/kriseplan", "DPS");
            plan.RecordConsent(Consent(person) with { GivenOn = Today, Form = ConsentForm.Oral }, person, kari.Id);
            plan.SetDates(Today, Today.AddYears(1), Today.AddMonths(6), Today.AddMonths(3));
            plan.Activate(Today, App.Clock.GetUtcNow().UtcDateTime);
            await gate.SaveAsync(plan, PlanPart.Lifecycle, version);

            (planId, saved, goalId) = (plan.Id, PlanSnapshot.Render(plan), goal.Id);
        }

        await using (var db = App.NewDb())
        {
            var read = await App.Gate(db, await App.UserAsync("kari")).ReadAsync(planId, PlanPart.Overview);

            Assert.NotNull(read);
            Assert.Equal(saved, PlanSnapshot.Render(read));
            Assert.Equal((PlanStatus.Active, 2), (read.Status, read.Version));
            Assert.Equal([goalId], read.Goals.Where(g => g.ParentGoalId is not null).Select(g => g.ParentGoalId!.Value));
            Assert.Equal(goalId, Assert.Single(read.Measures).GoalId);
            Assert.Equal(5, read.Participants.Count); // person, coordinator, two providers, relative
            Assert.Single(read.Needs);
            Assert.Single(read.Resources);
            Assert.Single(read.Collaborations);
            Assert.Equal("https://example.no/kriseplan", Assert.Single(read.SubPlans).Link);
            Assert.Equal(2, read.Consents.Count);
            Assert.All(read.Consents, c => Assert.True(c.CoversInformationExchange));
            Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, read.ActivatedAt);
            Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        }
    }

    [Fact]
    public async Task The_unique_index_refuses_a_second_open_plan_that_bypasses_the_aggregate_R2()
    {
        var person = await NewPersonAsync(new DateOnly(1985, 4, 12));
        await InsertBypassingTheCheckAsync(person);

        await using var db = App.NewDb();
        db.Plans.Add(await BypassingTheCheckAsync(db, person));
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        // SQLite names the columns, PostgreSQL the index.
        Assert.Contains(App.Provider == "Sqlite" ? "UNIQUE constraint failed: Plans.PersonId" : "IX_Plans_OneOpenPlanPerPerson",
            e.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(1, await OpenPlansAsync(person));
    }

    [Fact]
    public async Task The_unique_index_lets_a_person_with_a_closed_plan_start_a_new_one_R2()
    {
        await using var db = App.NewDb();
        var knut = await db.Persons.SingleAsync(p => p.Name == "Knut Holm");
        var gate = App.Gate(db, await App.UserAsync("kari"));

        var plan = await gate.StartAsync(knut, await OrganisationAsync(db, "Bjørkvik kommune"), await StaffAsync(db, "Kari Nordmann"), Consent(knut));

        Assert.Equal(PlanStatus.Draft, plan.Status);
        Assert.Equal(1, await OpenPlansAsync(knut));
    }

    [Fact]
    public async Task StartAsync_turns_a_lost_race_on_the_unique_index_into_R2()
    {
        var person = await NewPersonAsync(new DateOnly(1985, 4, 12));
        Guid? competitor = null;
        // The other request commits its plan after this one has checked and before it saves.
        await using var db = App.NewDb(new BeforeFirstSave(async () => competitor = await InsertBypassingTheCheckAsync(person)));
        var gate = App.Gate(db, await App.UserAsync("kari"));

        var e = await Assert.ThrowsAsync<DomainRuleException>(async () =>
            await gate.StartAsync(person, await OrganisationAsync(db, "Bjørkvik kommune"), await StaffAsync(db, "Kari Nordmann"), Consent(person)));

        Assert.Equal("R2", e.Rule);
        Assert.NotNull(competitor);
        await using var check = App.NewDb();
        Assert.Equal(competitor, await check.Plans.Where(p => p.PersonId == person.Id).Select(p => p.Id).SingleAsync());
        Assert.Equal(0, await check.PlanRevisions.CountAsync(r => !check.Plans.Any(p => p.Id == r.PlanId))); // the loser left no revision
    }

    [Fact]
    public async Task Two_concurrent_starts_give_one_plan_and_one_R2()
    {
        var person = await NewPersonAsync(new DateOnly(1985, 4, 12));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var db = App.NewDb();
            var gate = App.Gate(db, await App.UserAsync("kari"));
            try
            {
                await gate.StartAsync(person, await OrganisationAsync(db, "Bjørkvik kommune"), await StaffAsync(db, "Kari Nordmann"), Consent(person));
                return "started";
            }
            catch (DomainRuleException e)
            {
                return e.Rule;
            }
        }));

        Assert.Equal(["R2", "started"], outcomes.Order());
        Assert.Equal(1, await OpenPlansAsync(person));
    }

    [Fact]
    public async Task Of_two_concurrent_edits_the_first_save_wins_and_the_second_is_told_what_changed_R5()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        await using var kariDb = App.NewDb();
        await using var olaDb = App.NewDb();
        var kariGate = App.Gate(kariDb, await App.UserAsync("kari"));
        var olaGate = App.Gate(olaDb, await App.UserAsync("ola"));
        var kariPlan = (await kariGate.OpenForChangeAsync(planId, PlanPart.Goals))!;
        var olaPlan = (await olaGate.OpenForChangeAsync(planId, PlanPart.Measures))!;
        var version = kariPlan.Version;
        Assert.Equal(version, olaPlan.Version);

        kariPlan.AddGoal("Svømme en lengde", null, inPersonsOwnWords: true);
        await kariGate.SaveAsync(kariPlan, PlanPart.Goals, version);
        var training = olaPlan.Measures.Single(m => m.Title == "Balansetrening");
        olaPlan.UpdateMeasure(training.Id, new MeasureDetails(training.Title, "3 ganger i uka", training.ResponsibleParticipantId,
            null, null, training.HowCarriedOut, training.Start, training.End, training.Status, training.GoalId));
        var conflict = await Assert.ThrowsAsync<PlanConflictException>(() => olaGate.SaveAsync(olaPlan, PlanPart.Measures, version));

        var kariRevision = Assert.Single(conflict.ChangesSince);
        Assert.Equal((version + 1, "Kari Nordmann"), (kariRevision.Version, kariRevision.ByName));
        Assert.Contains("Svømme en lengde", kariRevision.Summary, StringComparison.Ordinal);
        await using var db = App.NewDb();
        var stored = await db.Plans.Include(p => p.Goals).Include(p => p.Measures).SingleAsync(p => p.Id == planId);
        Assert.Equal(version + 1, stored.Version);
        Assert.Contains(stored.Goals, g => g.Text == "Svømme en lengde");
        Assert.Equal("45 minutter, 2 ganger i uka", stored.Measures.Single(m => m.Title == "Balansetrening").Scope);
        Assert.Equal(version + 1, await db.PlanRevisions.Where(r => r.PlanId == planId).MaxAsync(r => r.Version));
    }

    [Fact]
    public async Task A_save_writes_a_revision_with_snapshot_lines_R5()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        await using var db = App.NewDb();
        var gate = App.Gate(db, await App.UserAsync("kari"));
        var plan = (await gate.OpenForChangeAsync(planId, PlanPart.Goals))!;
        var version = plan.Version;

        plan.AddGoal("Svømme en lengde", null, inPersonsOwnWords: true);
        await gate.SaveAsync(plan, PlanPart.Goals, version);

        var revisions = await gate.RevisionsAsync(planId);
        var latest = revisions[0];
        Assert.Equal(version + 1, latest.Version);
        Assert.Equal("Kari Nordmann", latest.ByName);
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, latest.At);
        Assert.Equal("Mål lagt til: Svømme en lengde", latest.Summary);
        Assert.Equal(PlanSnapshot.Render(plan), latest.SnapshotLines);
        Assert.Contains("Mål: Svømme en lengde [Ikke startet]", latest.SnapshotLines);
        Assert.DoesNotContain("Mål: Svømme en lengde [Ikke startet]", revisions[1].SnapshotLines);
    }

    [Fact]
    public async Task Reads_are_audited_as_allowed_R8()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        await using var db = App.NewDb();

        Assert.NotNull(await App.Gate(db, await App.UserAsync("kari")).ReadAsync(planId, PlanPart.Overview));

        var entry = await db.AuditEntries.SingleAsync(e => e.PlanId == planId && e.UserName == "kari" && e.Action == "plan.read");
        Assert.True(entry.Allowed);
        Assert.Equal("Overview", entry.Part);
        Assert.Equal("koordinator", entry.Role);
    }

    [Fact]
    public async Task A_non_participants_read_is_denied_and_audited_R8()
    {
        var planId = await App.PlanIdOfAsync("Emma Larsen");
        await using var db = App.NewDb();

        Assert.Null(await App.Gate(db, await App.UserAsync("tone")).ReadAsync(planId, PlanPart.Overview));

        var entry = await db.AuditEntries.SingleAsync(e => e.PlanId == planId && e.UserName == "tone");
        Assert.False(entry.Allowed);
        Assert.Equal("plan.read", entry.Action);
    }

    static ConsentDeclaration Consent(Person person) =>
        new(GivenByRelatedPersonId: null, ConsentForm.Written, new DateOnly(2026, 11, 1), new DateOnly(2028, 11, 1), true, true);

    async Task<Person> NewPersonAsync(DateOnly birth)
    {
        await using var db = App.NewDb();
        return await NewPersonAsync(db, birth);
    }

    static async Task<Person> NewPersonAsync(SamplanDb db, DateOnly birth)
    {
        var number = Enumerable.Range(100, 40).Select(i => NationalIdentityNumber.Synthetic(birth, i)).First(n => n is not null)!;
        var person = new Person(Guid.NewGuid(), number, "Mia Testesen");
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return person;
    }

    static Task<StaffMember> StaffAsync(SamplanDb db, string name) => db.StaffMembers.SingleAsync(s => s.Name == name);

    static Task<Organisation> OrganisationAsync(SamplanDb db, string name) => db.Organisations.SingleAsync(o => o.Name == name);

    /// <summary>An open plan made as if the aggregate had not been told about the person's other plans.</summary>
    async Task<IndividualPlan> BypassingTheCheckAsync(SamplanDb db, Person person) =>
        IndividualPlan.Start(Guid.NewGuid(), person, await OrganisationAsync(db, "Bjørkvik kommune"), await StaffAsync(db, "Kari Nordmann"),
            statusesOfPersonsOtherPlans: [], Consent(person), App.Clock.GetUtcNow().UtcDateTime);

    async Task<Guid> InsertBypassingTheCheckAsync(Person person)
    {
        await using var db = App.NewDb();
        var plan = await BypassingTheCheckAsync(db, person);
        db.Plans.Add(plan);
        await db.SaveChangesAsync();
        return plan.Id;
    }

    async Task<int> OpenPlansAsync(Person person)
    {
        await using var db = App.NewDb();
        return await db.Plans.CountAsync(p => p.PersonId == person.Id && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active));
    }

    /// <summary>Runs an action once, just before the context's first save reaches the database.</summary>
    sealed class BeforeFirstSave(Func<Task> action) : SaveChangesInterceptor
    {
        bool _done;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!_done)
            {
                _done = true;
                await action();
            }
            return result;
        }
    }
}
