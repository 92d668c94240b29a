using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Meetings;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Generate;

/// <summary>How much <see cref="DataGenerator"/> makes.</summary>
public sealed record GenerateScale(string Name, int Plans, int Municipalities = 356, int HospitalTrusts = 20,
    int GoalsPerPlan = 10, int MeasuresPerPlan = 20, int ProvidersPerPlan = 8, int LogEntriesPerPlan = 100, int MeetingsPerPlan = 5,
    int EvaluationsPerPlan = 3, int RevisionsPerPlan = 30, int ReadsPerPlan = 20)
{
    /// <summary><c>tiny</c> (tests), <c>small</c> (1,000 plans, CI) and <c>national</c> (100,000 plans), issue 8.</summary>
    public static GenerateScale Named(string name) => name switch
    {
        "tiny" => new("tiny", 12, Municipalities: 4, HospitalTrusts: 2, LogEntriesPerPlan: 10, RevisionsPerPlan: 5, ReadsPerPlan: 5),
        "small" => new("small", 1_000),
        "national" => new("national", 100_000),
        _ => throw new ArgumentException($"Ukjent skala «{name}»: bruk small eller national."),
    };
}

/// <summary>What the generator made that a benchmark or a test needs to find again.</summary>
public sealed record GenerateTargets(Guid PlanId, string Coordinator, string CoordinatingUnitStaff, string Citizen, string PersonSearch,
    int Plans, long AuditEntries, double Seconds);

/// <summary>
/// Issue 8: fills an empty database with synthetic, internally consistent data — municipalities and hospital trusts with
/// their coordinating units, staff and their accounts, persons with synthetic identity numbers (month + 80, never a real
/// person's) and their plans, each with goals, measures, participants, a consent naming them (R3), log entries, meetings,
/// evaluations and revisions, intake cases and an audit log sealed into the hash chain as the app seals it. Every plan is
/// built through the domain aggregates (so the rules hold), in batches of plans, each batch written by <see cref="BulkWriter"/>
/// in one transaction (SaveChanges' own bookkeeping made the national scale take hours). All accounts get the demo password
/// (<see cref="DemoData.Password"/>), hashed once.
/// </summary>
public sealed class DataGenerator(SamplanDb db, TimeProvider clock, GenerateScale scale, int seed, TextWriter? progress = null)
{
    const int PlansPerBatch = 50, ProgressEvery = 1_000;

    static readonly string[] FirstNames = ["Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde",
        "Nora", "Emma", "Sara", "Ida", "Maja", "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas", "Hans",
        "Geir", "Jakob", "Emil", "Noah", "Oskar", "Aksel", "Filip", "Sofie", "Ella", "Leah", "Amir", "Fatima", "Mohammed", "Zofia", "Tomasz"];
    static readonly string[] LastNames = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
        "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen",
        "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
        "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie", "Ali", "Nowak"];
    static readonly string[] Professions = ["Sykepleier", "Ergoterapeut", "Fysioterapeut", "Vernepleier", "Lege (fastlege)", "Psykolog",
        "Sosionom", "Helsefagarbeider", "Spesialpedagog"];
    static readonly InformationKind[] LogKinds = [InformationKind.PlanLog, InformationKind.GoalsAndMeasures, InformationKind.HealthInformation];

    readonly Random _random = new(seed);
    readonly HashSet<string> _numbers = [];
    string _passwordHash = "";

    sealed record StaffRef(StaffMember Staff, Guid UserId, string UserName);

    sealed record OrgRef(Organisation Organisation, StaffRef Ke, List<StaffRef> Coordinators, List<StaffRef> Providers);

    public static async Task<GenerateTargets> RunAsync(SamplanDb db, TimeProvider clock, GenerateScale scale, int seed,
        TextWriter? progress = null, CancellationToken ct = default) =>
        await new DataGenerator(db, clock, scale, seed, progress).RunAsync(ct);

    async Task<GenerateTargets> RunAsync(CancellationToken ct)
    {
        if (await db.Organisations.AnyAsync(ct) || await db.AuditEntries.AnyAsync(ct))
            throw new ArgumentException("Databasen har allerede data; generate fyller bare en tom database.");
        var watch = Stopwatch.StartNew();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // One connection for the whole run (the writer's prepared statements live on it).
        await db.Database.OpenConnectionAsync(ct);
        // SQLite without an fsync per batch (a generator that fails is simply run again on an empty database), and with
        // a 256 MB page cache, so inserting into the indexes of a growing file reads fewer pages. (WAL mode stays.)
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;", ct);
        await using var writer = new BulkWriter(db);
        TimeSpan writing = default;
        var template = new UserAccount(Guid.NewGuid(), "template", "template", SystemRole.Staff, null, null);
        Accounts.SetPassword(template, DemoData.Password);
        _passwordHash = template.PasswordHash;

        // Plans per municipality: a few large ones, many small (weight 1/rank^0.8); plan 0 lies in municipality 0.
        var weights = Enumerable.Range(1, scale.Municipalities).Select(r => 1 / Math.Pow(r, 0.8)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[weights.Length];
        double running = 0;
        for (var i = 0; i < weights.Length; i++) cumulative[i] = running += weights[i] / total;
        var home = Enumerable.Range(0, scale.Plans).Select(k => k == 0 ? 0 : Math.Min(weights.Length - 1,
            Array.BinarySearch(cumulative, _random.NextDouble()) is var x && x < 0 ? ~x : x)).ToArray();
        var plansIn = new int[scale.Municipalities];
        foreach (var m in home) plansIn[m]++;

        var municipalities = new List<OrgRef>();
        var trusts = new List<OrgRef>();
        for (var t = 0; t < scale.HospitalTrusts; t++)
            trusts.Add(Organisation($"Helse {Pick(LastNames)} {t + 1} HF", OrganisationKind.HospitalTrust, $"98{t:0000000}", $"hf{t + 1}",
                coordinators: 2, providers: Math.Max(6, scale.Plans / scale.HospitalTrusts / 10)));
        for (var m = 0; m < scale.Municipalities; m++)
            municipalities.Add(Organisation($"Kommune {m + 1}", OrganisationKind.Municipality, $"96{m:0000000}", $"{m + 1}",
                coordinators: Math.Max(1, (plansIn[m] + 19) / 20), providers: Math.Max(scale.ProvidersPerPlan, (plansIn[m] + 19) / 20 * 3)));
        await writer.WriteAsync(ct);
        db.ChangeTracker.Clear();
        progress?.WriteLine($"{municipalities.Count + trusts.Count} organisasjoner og {db.StaffMembers.Count()} ansatte ({watch.Elapsed.TotalSeconds:0.0} s).");

        var today = OsloTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        Guid firstPlan = default;
        for (var k = 0; k < scale.Plans; k++)
        {
            var org = municipalities[home[k]];
            var plan = AddPlan(k, org, trusts[home[k] % trusts.Count], today, now);
            if (k == 0) firstPlan = plan;
            if ((k + 1) % PlansPerBatch == 0 || k == scale.Plans - 1)
            {
                var written = watch.Elapsed;
                await writer.WriteAsync(ct);
                db.ChangeTracker.Clear();
                writing += watch.Elapsed - written;
                if ((k + 1) % ProgressEvery == 0 || k == scale.Plans - 1)
                    progress?.WriteLine($"{k + 1} planer ({watch.Elapsed.TotalSeconds:0.0} s, av dem {writing.TotalSeconds:0.0} s skriving).");
            }
        }
        // A bulk load leaves the planner without statistics until the next start-up or autovacuum: give them now.
        await Database.RefreshStatisticsAsync(db, ct);
        var audit = await db.AuditEntries.LongCountAsync(ct);
        var first = municipalities[0];
        return new GenerateTargets(firstPlan, first.Coordinators[0].UserName, first.Ke.UserName, "innbygger1", "Johansen",
            scale.Plans, audit, Math.Round(watch.Elapsed.TotalSeconds, 1));
    }

    T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    string Name() => $"{Pick(FirstNames)} {Pick(LastNames)}";

    OrgRef Organisation(string name, OrganisationKind kind, string number, string key, int coordinators, int providers)
    {
        var org = new Organisation(Guid.NewGuid(), name, kind, number);
        var ke = org.AddUnit(Guid.NewGuid(), $"Koordinerende enhet {name}", isCoordinatingUnit: true, "55 00 00 00", $"ke{key}@samplan.example");
        db.Organisations.Add(org);
        StaffRef Staff(string userName, string profession, bool health, Guid? unit, SystemRole roles)
        {
            var staff = new StaffMember(Guid.NewGuid(), Name(), org.Id, org.Level, profession, health,
                health ? $"{_random.Next(1_000_000, 9_999_999)}" : null, unit, "55 00 00 00", $"{userName}@samplan.example");
            db.StaffMembers.Add(staff);
            var account = new UserAccount(Guid.NewGuid(), userName, staff.Name, roles, staff.Id, org.Id);
            account.SetPasswordHash(_passwordHash);
            db.UserAccounts.Add(account);
            return new StaffRef(staff, account.Id, userName);
        }
        var keStaff = Staff($"ke{key}", "Rådgiver", true, ke.Id, SystemRole.Staff | SystemRole.CoordinatingUnitStaff);
        // C3: a hospital coordinator must be health personnel; so are these.
        var coordinatorList = Enumerable.Range(1, coordinators).Select(i => Staff($"koord{key}-{i}", "Sykepleier", true, ke.Id, SystemRole.Staff)).ToList();
        var providerList = Enumerable.Range(1, providers).Select(i =>
        {
            var profession = Professions[i % Professions.Length];
            return Staff($"ansatt{key}-{i}", profession, profession is not ("Sosionom" or "Spesialpedagog"), null, SystemRole.Staff);
        }).ToList();
        return new OrgRef(org, keStaff, coordinatorList, providerList);
    }

    NationalIdentityNumber NewNumber()
    {
        while (true)
        {
            // Adults only (18–84), who consent themselves (S1); children need a parent's consent and to be heard (S2).
            var birth = OsloTime.Today(clock).AddYears(-85).AddDays(_random.Next(0, 365 * 67));
            // Individual numbers by century (NationalIdentityNumber.TryParse): 000–499 for 1900–1999, 500–999 from 2000.
            var individual = birth.Year >= 2000 ? _random.Next(500, 1000) : _random.Next(0, 500);
            if (NationalIdentityNumber.Synthetic(birth, individual) is { } number && _numbers.Add(number.Value)) return number;
        }
    }

    /// <summary>One person and their plan with everything in it; returns the plan id.</summary>
    Guid AddPlan(int k, OrgRef org, OrgRef trust, DateOnly today, DateTime now)
    {
        var number = NewNumber();
        var person = new Person(Guid.NewGuid(), number, Name(), "nb", false, null, "400 00 000", $"Storgata {k % 200 + 1}");
        var relative = person.AddRelation(Guid.NewGuid(), Name(), RelationKind.Relative, "400 00 001");
        db.Persons.Add(person);
        var citizen = new UserAccount(Guid.NewGuid(), $"innbygger{k + 1}", person.Name, SystemRole.Citizen, null, null, personId: person.Id);
        citizen.SetPasswordHash(_passwordHash);
        db.UserAccounts.Add(citizen);

        var coordinator = org.Coordinators[k % org.Coordinators.Count];
        var started = now.AddDays(-_random.Next(60, 700));
        var startedOn = DateOnly.FromDateTime(started);
        var plan = IndividualPlan.Start(Guid.NewGuid(), person, org.Organisation, coordinator.Staff, [],
            new ConsentDeclaration(null, ConsentForm.Written, startedOn, startedOn.AddYears(3), true, true), started);
        plan.AppointCoordinator(coordinator.Staff, startedOn);
        plan.DescribeWhatMatters("Å klare meg selv hjemme, være sammen med familien og ha noe meningsfullt å gjøre på dagtid.");
        var goals = new List<Goal>();
        for (var g = 0; g < scale.GoalsPerPlan; g++)
            goals.Add(plan.AddGoal($"Mål {g + 1}: {Pick(["gå tur", "lage middag", "delta i aktivitet", "klare påkledning", "komme i arbeid"])}",
                today.AddMonths(_random.Next(1, 18)), g % 3 == 0, g > 0 && g % 4 == 0 ? goals[0].Id : null));
        foreach (var area in new[] { IcfArea.BodyFunctionAndStructure, IcfArea.DailyActivities, IcfArea.Participation, IcfArea.Environment })
            plan.AddNeed(area, "Behov for støtte og tilrettelegging");
        plan.AddResource("Familie og venner som stiller opp");
        var providers = new List<Participant>();
        var hospitalProviders = Math.Min(2, scale.ProvidersPerPlan / 4);
        foreach (var staff in org.Providers.OrderBy(_ => _random.Next()).Take(scale.ProvidersPerPlan - hospitalProviders))
            providers.Add(plan.AddProvider(staff.Staff, ParticipantRole.ServiceProvider, "Oppfølging"));
        foreach (var staff in trust.Providers.OrderBy(_ => _random.Next()).Take(hospitalProviders))
            providers.Add(plan.AddProvider(staff.Staff, ParticipantRole.ServiceProvider, "Oppfølging fra spesialisthelsetjenesten"));
        plan.AddRelative(relative, "Støtter i hverdagen");
        for (var m = 0; m < scale.MeasuresPerPlan; m++)
            plan.AddMeasure(new MeasureDetails($"Tiltak {m + 1}", "1 gang i uka", providers[m % providers.Count].Id, null, null,
                "Avtalt i ansvarsgruppen", startedOn.AddDays(m), startedOn.AddMonths(6 + m), m % 5 == 0 ? MeasureStatus.Completed : MeasureStatus.Ongoing,
                goals[m % goals.Count].Id));
        plan.AddCollaboration("NAV", "Arbeid og inntekt");
        plan.SetDates(startedOn, startedOn.AddYears(2), today.AddDays(_random.Next(-20, 180)), today.AddDays(_random.Next(-10, 120)));
        // R3: a consent that names every participant, recorded once they are known.
        plan.RecordConsent(new ConsentDeclaration(null, ConsentForm.Written, startedOn, startedOn.AddYears(3), true, true),
            person, coordinator.Staff.Id, ConsentSharing.WithEveryParticipant(plan));
        plan.Activate(startedOn, started);
        db.Plans.Add(plan);

        // Meetings: the earlier ones held with minutes approved, the last one coming.
        var invitees = plan.Participants.Where(p => p.StaffMemberId is not null).Take(4).Select(p => p.Id).ToList();
        for (var i = 0; i < scale.MeetingsPerPlan; i++)
        {
            var coming = i == scale.MeetingsPerPlan - 1;
            var starts = coming ? now.AddDays(_random.Next(2, 40)) : started.AddHours((now - started).TotalHours * (i + 1) / (scale.MeetingsPerPlan + 1));
            var summoned = coming ? now.AddDays(-1) : starts.AddDays(-5);
            var meeting = Meeting.Summon(Guid.NewGuid(), plan, null, MeetingKind.Ordinary,
                new MeetingDetails("1. Status\n2. Mål og tiltak\n3. Neste møte", starts, starts.AddHours(1), "Rådhuset, møterom 1", null),
                invitees, false, coordinator.Staff, DateOnly.FromDateTime(summoned), summoned);
            if (!coming)
            {
                meeting.WriteMinutes("Tiltakene går som avtalt.", "Det går bedre nå.",
                    meeting.Invitees.ToDictionary(x => x.Id, _ => Attendance.Present), coordinator.Staff.Name, starts.AddHours(2));
                meeting.ApproveMinutes(coordinator.Staff.Name, starts.AddHours(3));
            }
            db.Meetings.Add(meeting);
        }
        for (var i = 0; i < scale.EvaluationsPerPlan; i++)
        {
            var heldOn = startedOn.AddDays(90 * (i + 1));
            if (heldOn > today) heldOn = today.AddDays(-i);
            db.Evaluations.Add(Evaluation.Complete(Guid.NewGuid(), plan, new EvaluationContent(heldOn, null,
                    goals.Select(g => new GoalReview(g.Id, GoalAttainment.PartlyAchieved, null)).ToList(),
                    "Tjenestene er gitt som avtalt.", WayOfWorkingFit.Yes, null, "Jeg er fornøyd.", null, null, [], heldOn.AddMonths(6)),
                coordinator.UserId, coordinator.Staff.Name, "koordinator", heldOn, heldOn.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc)));
        }
        for (var i = 0; i < scale.LogEntriesPerPlan; i++)
        {
            var at = started.AddHours(i * 24 * 0.9 * (now - started).TotalDays / Math.Max(1, scale.LogEntriesPerPlan));
            db.PlanLogEntries.Add(PlanLogEntry.Write(Guid.NewGuid(), plan, DateOnly.FromDateTime(at), $"Oppfølging nr. {i + 1}: samtale og gjennomgang av tiltak.",
                LogKinds[i % LogKinds.Length], coordinator.UserId, coordinator.Staff.Name, "Koordinator", DateOnly.FromDateTime(at), at));
        }

        // Revisions 1 … n, each with its audit entry, then reads by the coordinator and the participants.
        plan.MarkSaved();
        var snapshot = string.Join("\n", PlanSnapshot.Render(plan));
        var me = new CurrentUser(coordinator.UserId, coordinator.UserName, coordinator.Staff.Name, SystemRole.Staff, coordinator.Staff.Id,
            org.Organisation.Id, null);
        for (var v = 1; v <= scale.RevisionsPerPlan; v++)
        {
            if (v > 1) plan.MarkSaved();
            var at = started.AddHours(v * 0.5 * (now - started).TotalHours / scale.RevisionsPerPlan);
            var summary = v == 1 ? "Planarbeidet er startet." : $"Endret tiltak {v % scale.MeasuresPerPlan + 1}.";
            db.PlanRevisions.Add(new PlanRevision(plan.Id, plan.Version, at, me.UserId, me.DisplayName, summary, snapshot));
            db.AuditEntries.Add(new AuditEntry(at, me.UserId, me.UserName, "koordinator", me.OrganisationId, "plan.change", plan.Id,
                person.Id, v == 1 ? "Consent" : "Measures", true, summary));
        }
        var readers = org.Providers.Take(3).Append(coordinator).ToList();
        for (var i = 0; i < scale.ReadsPerPlan; i++)
        {
            var reader = readers[i % readers.Count];
            var at = started.AddHours((0.5 + 0.5 * i / scale.ReadsPerPlan) * (now - started).TotalHours);
            db.AuditEntries.Add(new AuditEntry(at, reader.UserId, reader.UserName, reader == coordinator ? "koordinator" : "deltaker",
                org.Organisation.Id, "plan.read", plan.Id, person.Id, "Overview", true,
                reader == coordinator ? "Planens koordinator (C4)" : "Samtykket dekker deltakeren (R3, R8)"));
        }

        // K4: the case that led to the plan, and now and then one still waiting in the inbox.
        if (k % 10 == 0)
        {
            var ke = new IntakeActor(org.Ke.UserId, org.Ke.Staff.Name);
            var waiting = IntakeCase.Receive(Guid.NewGuid(), org.Organisation.Id,
                new IntakeReport(IntakeKind.Request, IntakeForm.Written, SourceSector.PersonOrRelative, null, null, person.Name, null, true,
                    person.Id, "Ber om hjelp til å samordne tjenestene.", IntakeUrgency.Normal, true, true),
                ke, now.AddDays(-_random.Next(1, 60)));
            db.IntakeCases.Add(waiting);
        }
        return plan.Id;
    }

    /// <summary>Writes the targets as JSON (for bench/run.sh).</summary>
    public static async Task WriteTargetsAsync(GenerateTargets targets, string file) =>
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(targets, new JsonSerializerOptions { WriteIndented = true }));
}
