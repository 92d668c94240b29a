using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Organisations;
using Samplan.Plans;

namespace Samplan.Shared;

/// <summary>
/// Demo data that shows the real variety: two municipalities and a hospital trust with their
/// coordinating units, a NAV office and a school, staff across professions, and plans in different
/// states. All identity numbers are synthetic (month + 80), never a real person's.
/// </summary>
public static class DemoData
{
    public const string Password = "samplan-demo";

    public static readonly string SignInHelp = $"""
        Demo-innlogginger (passord for alle: {Password}):
          kari    – koordinator og koordinerende enhet, Bjørkvik kommune (sykepleier)
          ola     – ergoterapeut, hjemmetjenesten i Bjørkvik
          ingrid  – fastlege i Bjørkvik
          per     – sykepleier og koordinator, Helse Vestfjord HF
          sofie   – sosionom (ikke helsepersonell), Helse Vestfjord HF
          lars    – kontaktlege, Helse Vestfjord HF
          nina    – veileder, NAV Bjørkvik
          erik    – lærer, Bjørkvik skole
          hanne   – koordinerende enhet, Fjellstad kommune
          tone    – helsesykepleier, Bjørkvik kommune (deltar ikke i noen plan)
          admin   – administrator (ser ingen planinnhold, kan kontrollere revisjonsloggen)
          personvern – personvernombud (søker i og eksporterer revisjonsloggen)
          arne       – Arne Johansen som innbygger (ser hvem som har lest planen hans)
          emma.mor   – Lene Larsen, mor med foreldreansvar for Emma (har plan) og Theo (har ingen plan); velger hvem hun handler for
          geir       – Geir Berg, far til Jonas (17, samtykker selv); pårørende deltaker i Jonas' plan, ser det samtykket deler med ham
        """;

    public static async Task SeedAsync(SamplanDb db, TimeProvider clock)
    {
        var today = OsloTime.Today(clock);

        var bjorkvik = new Organisation(Guid.NewGuid(), "Bjørkvik kommune", OrganisationKind.Municipality, "964000001");
        var bjorkvikKe = bjorkvik.AddUnit(Guid.NewGuid(), "Koordinerende enhet Bjørkvik", isCoordinatingUnit: true, "55 00 10 00", "ke@bjorkvik.kommune.example");
        var homeCare = bjorkvik.AddUnit(Guid.NewGuid(), "Hjemmetjenesten");
        var fjellstad = new Organisation(Guid.NewGuid(), "Fjellstad kommune", OrganisationKind.Municipality, "964000002");
        var fjellstadKe = fjellstad.AddUnit(Guid.NewGuid(), "Koordinerende enhet Fjellstad", isCoordinatingUnit: true, "55 00 20 00", "ke@fjellstad.kommune.example");
        var hospital = new Organisation(Guid.NewGuid(), "Helse Vestfjord HF", OrganisationKind.HospitalTrust, "983000003");
        var hospitalKe = hospital.AddUnit(Guid.NewGuid(), "Koordinerende enhet Helse Vestfjord", isCoordinatingUnit: true, "55 00 30 00", "ke@helse-vestfjord.example");
        var neurology = hospital.AddUnit(Guid.NewGuid(), "Nevrologisk avdeling");
        var nav = new Organisation(Guid.NewGuid(), "NAV Bjørkvik", OrganisationKind.NavOffice, "974000004");
        var school = new Organisation(Guid.NewGuid(), "Bjørkvik skole", OrganisationKind.School, "974000005");
        db.Organisations.AddRange(bjorkvik, fjellstad, hospital, nav, school);

        StaffMember Staff(string name, Organisation org, string profession, bool health, string? hpr = null, OrganisationUnit? unit = null) =>
            new(Guid.NewGuid(), name, org.Id, org.Level, profession, health, hpr, unit?.Id, "55 00 00 00",
                $"{name.Split(' ')[0].ToLowerInvariant()}@example.no");
        var kari = Staff("Kari Nordmann", bjorkvik, "Sykepleier", true, "1234567", bjorkvikKe);
        var ola = Staff("Ola Hansen", bjorkvik, "Ergoterapeut", true, "2345678", homeCare);
        var ingrid = Staff("Ingrid Berg", bjorkvik, "Lege (fastlege)", true, "3456789");
        var per = Staff("Per Lie", hospital, "Sykepleier", true, "4567890", hospitalKe);
        var sofie = Staff("Sofie Dahl", hospital, "Sosionom", false, null, neurology);
        var lars = Staff("Lars Moe", hospital, "Lege (nevrolog)", true, "5678901", neurology);
        var nina = Staff("Nina Aas", nav, "NAV-veileder", false);
        var erik = Staff("Erik Strand", school, "Lærer", false);
        var hanne = Staff("Hanne Vik", fjellstad, "Vernepleier", true, "6789012", fjellstadKe);
        var tone = Staff("Tone Lund", bjorkvik, "Helsesykepleier", true, "7890123");
        db.StaffMembers.AddRange(kari, ola, ingrid, per, sofie, lars, nina, erik, hanne, tone);

        UserAccount Account(string userName, StaffMember? staff, SystemRole roles, string? displayName = null)
        {
            var account = new UserAccount(Guid.NewGuid(), userName, displayName ?? staff!.Name, roles, staff?.Id, staff?.OrganisationId);
            Accounts.SetPassword(account, Password);
            db.UserAccounts.Add(account);
            return account;
        }
        var kariUser = Account("kari", kari, SystemRole.Staff | SystemRole.CoordinatingUnitStaff);
        var olaUser = Account("ola", ola, SystemRole.Staff);
        Account("ingrid", ingrid, SystemRole.Staff);
        Account("per", per, SystemRole.Staff | SystemRole.CoordinatingUnitStaff);
        Account("sofie", sofie, SystemRole.Staff);
        Account("lars", lars, SystemRole.Staff);
        Account("nina", nina, SystemRole.Staff);
        Account("erik", erik, SystemRole.Staff);
        var hanneUser = Account("hanne", hanne, SystemRole.Staff | SystemRole.CoordinatingUnitStaff);
        Account("tone", tone, SystemRole.Staff);
        Account("admin", null, SystemRole.Administrator, "Systemadministrator");
        Account("personvern", null, SystemRole.PrivacyOfficer, "Personvernombud");

        Person NewPerson(string name, DateOnly birth, int individual, string language = "nb", bool interpreter = false, string? interpreterLanguage = null)
        {
            var number = Enumerable.Range(individual, 50).Select(i => NationalIdentityNumber.Synthetic(birth, i)).First(n => n is not null)!;
            var person = new Person(Guid.NewGuid(), number, name, language, interpreter, interpreterLanguage, "400 00 000", "Storgata 1, Bjørkvik");
            db.Persons.Add(person);
            return person;
        }
        var emma = NewPerson("Emma Larsen", new DateOnly(2016, 3, 14), 500);
        var emmaMother = emma.AddRelation(Guid.NewGuid(), "Lene Larsen", RelationKind.ParentWithResponsibility, "411 11 111");
        emma.AddRelation(Guid.NewGuid(), "Tor Larsen", RelationKind.ParentWithResponsibility, "422 22 222");
        // S2: from 7 a child must be heard.
        emma.RecordChildView(Guid.NewGuid(), "Jeg vil sykle til skolen med Sofie og ikke ha trening i friminuttet.",
            kari.Id, kari.Name, today.AddDays(-55));
        // S2: Emma's little brother (another father, so another surname), under 16 and without a plan; their mother represents both.
        var theo = NewPerson("Theo Lindvik", new DateOnly(2019, 8, 5), 520);
        var theoMother = theo.AddRelation(Guid.NewGuid(), "Lene Larsen", RelationKind.ParentWithResponsibility, "411 11 111");
        var jonas = NewPerson("Jonas Berg", today.AddYears(-17).AddDays(-40), 500);
        var jonasFather = jonas.AddRelation(Guid.NewGuid(), "Geir Berg", RelationKind.ParentWithResponsibility, "433 33 333");
        var astrid = NewPerson("Astrid Solberg", new DateOnly(1980, 9, 2), 100);
        var astridGuardian = astrid.AddRelation(Guid.NewGuid(), "Bente Solberg", RelationKind.Guardian, "444 44 444", guardianForPersonalMatters: true);
        // S3, S4: Astrid has been assessed as lacking competence to consent to the plan, so her guardian consents.
        astrid.RecordCompetenceAssessment(Guid.NewGuid(), ConsentAuthority.IndividualPlanMatter, lacksCompetence: true,
            ingrid.Id, ingrid.Name, today.AddDays(-70),
            "Forstår ikke hva deling av opplysninger mellom tjenestene innebærer. Samtykker selv til daglige tiltak.", today);
        var arne = NewPerson("Arne Johansen", new DateOnly(1952, 11, 30), 100);
        var arneWife = arne.AddRelation(Guid.NewGuid(), "Randi Johansen", RelationKind.Relative, "455 55 555");
        var fatima = NewPerson("Fatima Ali", new DateOnly(1990, 5, 21), 100, "ar", interpreter: true, interpreterLanguage: "arabisk");
        var knut = NewPerson("Knut Holm", new DateOnly(1975, 1, 8), 100);
        var sara = NewPerson("Sara Nilsen", new DateOnly(2001, 7, 19), 500);
        var lise = NewPerson("Lise Moen", new DateOnly(1968, 4, 11), 100);
        await db.SaveChangesAsync();

        // R3: the consent to share information, recorded once the participants are known.
        void ShareWith(IndividualPlan plan, Person person, RelatedPerson? givenBy, ConsentSharing sharing) =>
            plan.RecordConsent(new ConsentDeclaration(givenBy?.Id, ConsentForm.Written, today.AddDays(-30), today.AddYears(2), true, true),
                person, plan.CoordinatorStaffId!.Value, sharing);

        // Citizens: Arne himself, and Emma's mother who represents her (S2).
        Citizen(new UserAccount(Guid.NewGuid(), "arne", arne.Name, SystemRole.Citizen, null, null, personId: arne.Id));
        var mother = Citizen(new UserAccount(Guid.NewGuid(), "emma.mor", emmaMother.Name, SystemRole.Citizen, null, null, relatedPersonId: emmaMother.Id));
        // S2: she is the parent of two children; she chooses whom she acts for after signing in.
        db.Set<AccountRepresentation>().AddRange(new AccountRepresentation(mother.Id, emmaMother.Id), new AccountRepresentation(mother.Id, theoMother.Id));
        // R12: Jonas (17) consents himself, so his father may not act for him; he takes part in the plan as a relative.
        var father = Citizen(new UserAccount(Guid.NewGuid(), "geir", jonasFather.Name, SystemRole.Citizen, null, null, relatedPersonId: jonasFather.Id));
        db.Set<AccountRepresentation>().Add(new AccountRepresentation(father.Id, jonasFather.Id));
        UserAccount Citizen(UserAccount account)
        {
            Accounts.SetPassword(account, Password);
            db.UserAccounts.Add(account);
            return account;
        }

        async Task<IndividualPlan> PlanFor(Person person, Organisation responsible, StaffMember coordinator, UserAccount by,
            RelatedPerson? givenBy, Action<IndividualPlan> fill, bool activate = true)
        {
            var gate = new PlanGate(db, CurrentUser.Of(by), new AuditLog(db, clock), clock);
            var plan = await gate.StartAsync(person, responsible, coordinator,
                new ConsentDeclaration(givenBy?.Id, ConsentForm.Written, today.AddDays(-60), today.AddYears(2), true, true));
            var version = plan.Version;
            plan.AppointCoordinator(coordinator, today);
            fill(plan);
            if (activate) plan.Activate(today, clock.GetUtcNow().UtcDateTime);
            await gate.SaveAsync(plan, Consent.PlanPart.Lifecycle, version);
            return plan;
        }

        await PlanFor(emma, bjorkvik, kari, kariUser, emmaMother, plan =>
        {
            plan.DescribeWhatMatters("Å være med vennene mine i friminuttet og å kunne sykle til skolen.");
            var g = plan.AddGoal("Emma sykler til skolen sammen med venner", today.AddMonths(10), inPersonsOwnWords: true);
            plan.AddGoal("Sykle trygt på gang- og sykkelvei med voksen", today.AddMonths(4), false, g.Id);
            plan.AddGoal("Delta i friminuttlek med medelever hver dag", today.AddMonths(6), false);
            plan.AddNeed(IcfArea.BodyFunctionAndStructure, "Nedsatt balanse og muskelstyrke i beina");
            plan.AddNeed(IcfArea.Participation, "Trenger støtte for å delta i lek i friminutt");
            plan.AddNeed(IcfArea.Environment, "Skolegården har lite tilrettelagte lekeapparater");
            plan.AddResource("Engasjerte foreldre og en god venn i klassen");
            var teacher = plan.AddProvider(erik, ParticipantRole.ServiceProvider, "Tilrettelegger undervisning og friminutt");
            var ot = plan.AddProvider(ola, ParticipantRole.ServiceProvider, "Balansetrening og vurdering av hjelpemidler");
            plan.AddRelative(emmaMother, "Følger opp sykkeltrening i helgene");
            plan.AddMeasure(new MeasureDetails("Balansetrening", "45 minutter, 2 ganger i uka", ot.Id, null, null,
                "Ergoterapeut på skolen i gymtimen", today.AddDays(-30), today.AddMonths(6), MeasureStatus.Ongoing, g.Id));
            plan.AddMeasure(new MeasureDetails("Tilrettelagt friminutt", "Hver skoledag", teacher.Id, null, null,
                "Voksen i skolegården organiserer lek", today.AddDays(-30), null, MeasureStatus.Ongoing));
            plan.AddSubPlan(SubPlanKind.IndividualEducationPlan, "IOP 4. trinn", "https://skole.example/iop/emma", "Bjørkvik skole");
            plan.AddCollaboration("PPT Bjørkvik", "Sakkyndig vurdering av spesialundervisning");
            plan.SetDates(today.AddDays(-30), today.AddYears(1), today.AddMonths(6), today.AddMonths(3));
            // The school sees goals, measures and the IOP, but no health information (R3: what may be shared, with whom).
            ShareWith(plan, emma, emmaMother, new ConsentSharing(ConsentSharing.AllKinds,
                new HashSet<InformationKind>(), new HashSet<Guid> { ot.Id, plan.Participants.Single(p => p.Role == ParticipantRole.Relative).Id },
                new HashSet<Guid>(), "Samarbeid om Emmas individuelle plan"));
            ShareWith(plan, emma, emmaMother, new ConsentSharing(
                new HashSet<InformationKind> { InformationKind.GoalsAndMeasures, InformationKind.SchoolInformation },
                new HashSet<InformationKind> { InformationKind.HealthInformation }, new HashSet<Guid> { teacher.Id },
                new HashSet<Guid>(), "Tilrettelegging på skolen"));
        });

        await PlanFor(jonas, bjorkvik, ola, olaUser, null, plan =>
        {
            plan.DescribeWhatMatters("Å få en jobb jeg trives i og å bo for meg selv etter videregående.");
            plan.AddGoal("Fullføre videregående med tilrettelegging", today.AddYears(1), true);
            plan.AddNeed(IcfArea.DailyActivities, "Struktur i hverdagen og hjelp til å planlegge skolearbeid");
            plan.AddRelative(jonasFather, "Støtter med leksehjelp");
            plan.AddProvider(nina, ParticipantRole.ServiceProvider, "Veiledning om arbeid og utdanning");
            plan.SetDates(today.AddMonths(-2), today.AddYears(1), today.AddMonths(4), today.AddMonths(2));
            ShareWith(plan, jonas, null, ConsentSharing.WithEveryParticipant(plan));
        });

        await PlanFor(astrid, bjorkvik, kari, kariUser, astridGuardian, plan =>
        {
            plan.DescribeWhatMatters("Å bo i egen leilighet og gå tur med hunden min.");
            var g = plan.AddGoal("Bo trygt i egen leilighet", today.AddMonths(12), true);
            plan.AddNeed(IcfArea.DailyActivities, "Hjelp til innkjøp og matlaging");
            var navAdviser = plan.AddProvider(nina, ParticipantRole.ServiceProvider, "Økonomisk rådgivning");
            plan.AddRelative(astridGuardian, "Verge i personlige forhold");
            plan.AddMeasure(new MeasureDetails("Praktisk bistand i hjemmet", "3 timer per uke", null, bjorkvik.Id, bjorkvik.Name,
                "Hjemmetjenesten kommer mandag og torsdag", today.AddDays(-10), null, MeasureStatus.Ongoing, g.Id));
            plan.AddMeasure(new MeasureDetails("Budsjettveiledning", "1 time per måned", navAdviser.Id, null, null,
                "Møte på NAV-kontoret", today, today.AddMonths(6)));
            plan.SetDates(today.AddDays(-10), today.AddYears(2), today.AddMonths(6), today.AddMonths(3));
            ShareWith(plan, astrid, astridGuardian, ConsentSharing.WithEveryParticipant(plan));
            // Added after the consent: not covered until a new consent names her (R3 re-consent), so she sees nothing yet.
            plan.AddProvider(ingrid, ParticipantRole.GeneralPractitioner, "Medisinsk oppfølging");
        });

        // R2: stroke patient with services from both levels; the municipality holds the plan.
        await PlanFor(arne, bjorkvik, kari, kariUser, null, plan =>
        {
            plan.DescribeWhatMatters("Å komme hjem til Randi og klare meg selv på badet.");
            var g = plan.AddGoal("Klare personlig hygiene selv", today.AddMonths(3), true);
            plan.AddNeed(IcfArea.BodyFunctionAndStructure, "Lammelse i høyre arm etter hjerneslag");
            plan.AddNeed(IcfArea.DailyActivities, "Trenger hjelp til dusj og påkledning");
            var nurse = plan.AddProvider(per, ParticipantRole.ServiceProvider, "Koordinerer under sykehusoppholdet");
            plan.AddProvider(lars, ParticipantRole.ContactPhysician, "Fast medisinsk kontakt på sykehuset");
            plan.AddProvider(ingrid, ParticipantRole.GeneralPractitioner, "Medisinsk oppfølging etter utskriving");
            var ot = plan.AddProvider(ola, ParticipantRole.ServiceProvider, "Hverdagsrehabilitering hjemme");
            plan.AddRelative(arneWife, "Støtter i hverdagen");
            plan.AddMeasure(new MeasureDetails("Hverdagsrehabilitering", "5 dager i uka i 6 uker", ot.Id, null, null,
                "Trening i egen bolig", today.AddDays(7), today.AddDays(49), MeasureStatus.Planned, g.Id));
            plan.AddMeasure(new MeasureDetails("Utskrivingsplanlegging", "Før utskriving", nurse.Id, null, null,
                "Samarbeidsmøte med kommunen", today, today.AddDays(7), MeasureStatus.Ongoing));
            plan.AddCollaboration("Helse Vestfjord HF, nevrologisk avdeling", "Overføring fra sykehus til kommune");
            plan.SetDates(today, today.AddYears(1), today.AddMonths(3), today.AddMonths(1));
            ShareWith(plan, arne, null, ConsentSharing.WithEveryParticipant(plan));
        });

        var closed = await PlanFor(knut, bjorkvik, kari, kariUser, null, plan =>
        {
            plan.DescribeWhatMatters("Å komme tilbake i jobb.");
            plan.AddGoal("Tilbake i full jobb", today.AddMonths(-1), true);
        });
        var closeGate = new PlanGate(db, CurrentUser.Of(kariUser), new AuditLog(db, clock), clock);
        var version = closed.Version;
        closed.Close("Knut er tilbake i full jobb og trenger ikke lenger koordinerte tjenester. Avtalt med Knut.", true, clock.GetUtcNow().UtcDateTime);
        await closeGate.SaveAsync(closed, Consent.PlanPart.Lifecycle, version);

        // A draft in the other municipality, still being put together.
        await PlanFor(sara, fjellstad, hanne, hanneUser, null, plan =>
            plan.DescribeWhatMatters("Å fullføre studiene."), activate: false);

        // C1: declined an IP but has a coordinator.
        var fatimaAppointment = CoordinatorAppointment.WithoutPlan(Guid.NewGuid(), fatima.Id, kari, today.AddDays(-20), fatima.Name,
            new CoordinatorWish("Fatima ønsker en kvinnelig koordinator som er vant til å bruke tolk.", kari), PersonsCoordination.None);
        db.CoordinatorAppointments.Add(fatimaAppointment);
        await db.SaveChangesAsync();

        // C1 follow-up log, K3 courses and supervision.
        fatimaAppointment.AddFollowUp(today.AddDays(-14), "Hjemmebesøk med tolk. Fatima ønsker hjelp til å søke om støttekontakt.", kari, today,
            clock.GetUtcNow().UtcDateTime.AddDays(-14));
        fatimaAppointment.AddFollowUp(today.AddDays(-5), "Søknad om støttekontakt sendt sammen med Fatima. Ny samtale om tre uker.", kari, today,
            clock.GetUtcNow().UtcDateTime.AddDays(-5));
        var basicCourse = CoordinatorCourse.Plan(Guid.NewGuid(), "Grunnkurs for koordinatorer", today.AddMonths(-3), "Bjørkvik rådhus", bjorkvik);
        basicCourse.AddParticipant(kari, bjorkvik.Name);
        basicCourse.AddParticipant(per, hospital.Name);
        basicCourse.MarkCompleted(kari.Id, today);
        basicCourse.MarkCompleted(per.Id, today);
        var followUpCourse = CoordinatorCourse.Plan(Guid.NewGuid(), "Samarbeid mellom kommune og sykehus", today.AddMonths(2), "Helse Vestfjord HF", hospital);
        followUpCourse.AddParticipant(per, hospital.Name);
        db.CoordinatorCourses.AddRange(basicCourse, followUpCourse);
        db.SupervisionSessions.Add(new SupervisionSession(Guid.NewGuid(), kari.Id, today.AddDays(-30), "Berit Solberg",
            "Gruppeveiledning om samtykke og brukermedvirkning", kari.Id, today));
        await db.SaveChangesAsync();

        // Intake (K1, K8, N2, R11): three cases waiting in Bjørkvik's coordinating unit.
        var now = clock.GetUtcNow().UtcDateTime;
        var perUser = db.UserAccounts.Local.Single(u => u.UserName == "per");
        var erikUser = db.UserAccounts.Local.Single(u => u.UserName == "erik");
        db.IntakeCases.AddRange(
            IntakeCase.Receive(Guid.NewGuid(), bjorkvik.Id,
                new IntakeReport(IntakeKind.NeedNotification, IntakeForm.Written, SourceSector.Hospital, HospitalStatus.DischargeReady,
                    per.Id, per.Name, hospital.Name, false, arne.Id,
                    "Utskrivningsklar etter hjerneslag, trenger koordinerte tjenester hjemme.", IntakeUrgency.Urgent, true, true),
                new IntakeActor(perUser.Id, per.Name), now.AddDays(-2)),
            IntakeCase.Receive(Guid.NewGuid(), bjorkvik.Id,
                new IntakeReport(IntakeKind.NeedNotification, IntakeForm.Written, SourceSector.School, null,
                    erik.Id, erik.Name, school.Name, false, emma.Id,
                    "Trenger mer hjelp i skolehverdagen; foreldrene er ikke spurt ennå.", IntakeUrgency.Normal, false, false),
                new IntakeActor(erikUser.Id, erik.Name), now.AddDays(-6)),
            IntakeCase.Receive(Guid.NewGuid(), bjorkvik.Id,
                new IntakeReport(IntakeKind.Request, IntakeForm.Oral, SourceSector.PersonOrRelative, null,
                    null, fatima.Name, null, true, fatima.Id,
                    "Ber om individuell plan; ringte koordinerende enhet med tolk.", IntakeUrgency.Normal, true, true),
                new IntakeActor(kariUser.Id, kari.Name), now.AddDays(-1)));
        // C1, K4: Fatima's first request ended with a coordinator only, appointed 16 days after she called.
        var kariActor = new IntakeActor(kariUser.Id, kari.Name);
        var fatimaFirst = IntakeCase.Receive(Guid.NewGuid(), bjorkvik.Id,
            new IntakeReport(IntakeKind.Request, IntakeForm.Oral, SourceSector.PersonOrRelative, null,
                null, fatima.Name, null, true, fatima.Id,
                "Trenger hjelp til å samordne tjenestene; ønsker ikke individuell plan nå.", IntakeUrgency.Normal, true, true),
            kariActor, now.AddDays(-36));
        fatimaFirst.StartAssessment(kariActor, now.AddDays(-33));
        fatimaFirst.CoordinatorOnly(kariActor, now.AddDays(-25));
        fatimaFirst.RecordCoordinatorAppointed(kariActor, now.AddDays(-20), t => DateOnly.FromDateTime(OsloTime.From(t)));
        db.IntakeCases.Add(fatimaFirst);
        // R11: Lise's first request was declined in writing, with the right to complain; after a fall she asked again,
        // and Fjellstad's unit found she needs a coordinator but not a plan — the appointment is still to be made (C1).
        var hanneActor = new IntakeActor(hanneUser.Id, hanne.Name);
        var liseDeclined = IntakeCase.Receive(Guid.NewGuid(), fjellstad.Id,
            new IntakeReport(IntakeKind.Request, IntakeForm.Written, SourceSector.PersonOrRelative, null,
                null, lise.Name, null, true, lise.Id,
                "Ber om individuell plan etter en operasjon i kneet.", IntakeUrgency.Normal, true, true),
            hanneActor, now.AddDays(-60));
        liseDeclined.StartAssessment(hanneActor, now.AddDays(-58));
        liseDeclined.Decline("Du får i dag bare én tjeneste (fysioterapi), og behovet ventes å vare i noen uker. "
            + "Retten til individuell plan gjelder når du trenger langvarige og koordinerte tjenester.", hanneActor, now.AddDays(-55));
        var liseAgain = IntakeCase.Receive(Guid.NewGuid(), fjellstad.Id,
            new IntakeReport(IntakeKind.Request, IntakeForm.Oral, SourceSector.PersonOrRelative, null,
                null, lise.Name, null, true, lise.Id,
                "Har falt og brukket hoften; trenger hjemmesykepleie, fysioterapi og hjelpemidler samtidig.", IntakeUrgency.Normal, true, true),
            hanneActor, now.AddDays(-5));
        liseAgain.StartAssessment(hanneActor, now.AddDays(-4));
        liseAgain.CoordinatorOnly(hanneActor, now.AddDays(-3));
        db.IntakeCases.AddRange(liseDeclined, liseAgain);
        await db.SaveChangesAsync();

        // K5: the services each coordinating unit knows of, shown on its public page.
        db.ServiceOfferings.AddRange(
            new ServiceOffering(Guid.NewGuid(), bjorkvik, "Hverdagsrehabilitering", "Intensiv trening i eget hjem i 4–6 uker etter sykdom eller skade.",
                CareLevel.Municipality, ServiceKind.Rehabilitation, "55 00 11 00", "hverdagsrehab@bjorkvik.kommune.example", null),
            new ServiceOffering(Guid.NewGuid(), bjorkvik, "Fysio- og ergoterapi for barn", "Habilitering for barn og unge, i barnehage, skole og hjem.",
                CareLevel.Municipality, ServiceKind.Habilitation, "55 00 12 00", "barneterapi@bjorkvik.kommune.example", null),
            new ServiceOffering(Guid.NewGuid(), bjorkvik, "Korttidsopphold med rehabilitering", "Døgnopphold på Bjørkvik helsehus med opptrening.",
                CareLevel.Municipality, ServiceKind.Rehabilitation, "55 00 13 00", null, "https://bjorkvik.kommune.example/helsehus"),
            new ServiceOffering(Guid.NewGuid(), hospital, "Habiliteringstjenesten for barn og unge", "Utredning og veiledning for barn med medfødte eller tidlig ervervede funksjonsnedsettelser.",
                CareLevel.Hospital, ServiceKind.Habilitation, "55 00 31 00", "habilitering@helse-vestfjord.example", null),
            new ServiceOffering(Guid.NewGuid(), hospital, "Slagenheten – rehabilitering", "Tidlig rehabilitering etter hjerneslag, med utskrivingsplanlegging sammen med kommunen.",
                CareLevel.Hospital, ServiceKind.Rehabilitation, "55 00 32 00", null, "https://helse-vestfjord.example/slag"));

        // K6: a routine with two versions, both published; the old one is kept.
        var routine = RoutineDocument.First(Guid.NewGuid(), bjorkvik.Id, "Rutine for individuell plan og koordinator",
            "1. Meldinger om behov for individuell plan og koordinator sendes koordinerende enhet.\n2. Enheten avklarer samtykke og oppnevner koordinator innen 14 dager.",
            kari.Name, clock.GetUtcNow().UtcDateTime.AddDays(-200));
        routine.Publish(kari.Name, clock.GetUtcNow().UtcDateTime.AddDays(-199));
        var routine2 = RoutineDocument.NextVersion(Guid.NewGuid(), [routine], routine.Title,
            "1. Meldinger om behov for individuell plan og koordinator sendes koordinerende enhet.\n2. Enheten avklarer samtykke og oppnevner koordinator innen 10 dager, i samråd med personen.\n3. Planen evalueres minst hver sjette måned.",
            kari.Name, clock.GetUtcNow().UtcDateTime.AddDays(-30));
        routine2.Publish(kari.Name, clock.GetUtcNow().UtcDateTime.AddDays(-29));
        db.RoutineDocuments.AddRange(routine, routine2);

        // K7: Bjørkvik and the hospital disagree about Arne's needs after discharge.
        var dispute = DisputeCase.Open(Guid.NewGuid(), arne.Id, bjorkvik, hospital,
            "Uenighet om Arne Johansen er utskrivningsklar, og om behovet for korttidsopphold med rehabilitering før han kommer hjem.",
            $"{per.Name}, {hospital.Name}", clock.GetUtcNow().UtcDateTime.AddDays(-3));
        dispute.AddNote(hospital.Id, per.Name, "Sykehuset vurderer Arne som utskrivningsklar; videre opptrening kan skje i kommunen.", clock.GetUtcNow().UtcDateTime.AddDays(-3));
        dispute.AddNote(bjorkvik.Id, kari.Name, "Kommunen mener han trenger mer døgnbasert opptrening før hjemreise; foreslår felles møte med kontaktlegen.", clock.GetUtcNow().UtcDateTime.AddDays(-2));
        db.DisputeCases.Add(dispute);
        await db.SaveChangesAsync();
        await Meetings.Tasks.TaskDemoData.SeedAsync(db, clock);
        await Evaluations.EvaluationsDemo.SeedAsync(db, clock);
        await PlanLog.PlanLogDemo.SeedAsync(db, clock);
        await Meetings.MeetingsDemo.SeedAsync(db, clock);

        // R3, S2: Kari has asked Emma's parents, digitally, to share the meeting minutes with her teacher too; the
        // answer is theirs to give on their own consent page.
        var emmaPlan = await db.Plans.Include(p => p.Participants).SingleAsync(p => p.PersonId == emma.Id && p.Status == PlanStatus.Active);
        db.ConsentRequests.Add(ConsentRequest.Ask(Guid.NewGuid(), emmaPlan,
            new ConsentSharing(new HashSet<InformationKind> { InformationKind.GoalsAndMeasures, InformationKind.MeetingMinutes }, new HashSet<InformationKind>(),
                emmaPlan.Participants.Where(p => p.Name == erik.Name).Select(p => p.Id).ToHashSet(), new HashSet<Guid>(),
                "Læreren skal kunne lese referatene fra ansvarsgruppemøtene og følge opp tiltakene på skolen."),
            null, true, kari.Id, kari.Name, today, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
    }
}
