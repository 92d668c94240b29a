using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;
using static Samplan.Tests.Fhir.FhirSupport;
using FhirTask = Hl7.Fhir.Model.Task;

namespace Samplan.Tests.Fhir;

public sealed class FhirWriteTestsOnSqlite : FhirWriteTests
{
    protected override System.Threading.Tasks.Task<SamplanFactory> CreateAppAsync() => System.Threading.Tasks.Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class FhirWriteTestsOnPostgreSql(PostgresCluster cluster) : FhirWriteTests
{
    protected override System.Threading.Tasks.Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// Writing the plan's team (CareTeam), measures (CarePlan.activity), tasks (Task) and messages (Communication) through the
/// Firely SDK's FhirClient, as an outside system: the domain rules apply (R4, C2, C3, C5, R12), a stale If-Match is 412 and
/// changes nothing, those without access get 404 and change nothing, bad input gets a 4xx OperationOutcome.
/// </summary>
public abstract class FhirWriteTests : AppTests
{
    static CareTeam.ParticipantComponent Member(string reference, params string[] roles) => new()
    {
        Member = new ResourceReference(reference),
        Role = [.. roles.Select(r => new CodeableConcept("https://samplan.no/fhir/CodeSystem/participant-role", r))],
    };

    [Fact]
    public async System.Threading.Tasks.Task The_care_team_and_the_measures_are_written_with_the_rules_of_the_pages_R4_C2_C3_C5()
    {
        var per = await ClientAsAsync(App, "per");
        var perStaff = await StaffIdAsync(App, "per");
        var sofie = await StaffIdAsync(App, "sofie");
        var lars = await StaffIdAsync(App, "lars");
        var patient = await per.CreateAsync(NewPatient(SyntheticNumber(new DateOnly(1987, 3, 9)), "Mona Berg"));
        var plan = await per.CreateAsync(NewCarePlan(patient!.Id!, $"Patient/{patient.Id}"));
        Assert.Null(plan!.Author);

        var team = await per.ReadAsync<CareTeam>($"CareTeam/{plan.Id}");
        var person = Assert.Single(team!.Participant);
        var original = (CareTeam)team.DeepCopy();

        // C3: in a hospital trust only health personnel coordinate; nothing is saved.
        team.Participant = [person, Member($"Practitioner/{sofie}", "ServiceProvider", "Coordinator")];
        var c3 = await Assert.ThrowsAsync<FhirOperationException>(() => per.UpdateAsync(team, versionAware: true));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, c3.Status);
        Assert.Contains("C3", Issues(Assert.IsType<OperationOutcome>(c3.Outcome)), StringComparison.Ordinal);
        Assert.Single((await per.ReadAsync<CareTeam>($"CareTeam/{plan.Id}"))!.Participant);

        // A contact physician joins, and Per is appointed coordinator (C2): the CarePlan names him as author.
        team.Participant = [person, Member($"Practitioner/{lars}", "ContactPhysician"), Member($"Practitioner/{perStaff}", "ServiceProvider", "Coordinator")];
        var saved = await per.UpdateAsync(team, versionAware: true);
        Assert.Equal(3, saved!.Participant.Count);
        Assert.Contains(saved.Participant, p => p.Member!.Reference == $"Practitioner/{lars}" && p.Role.Any(r => r.Coding[0].Code == "ContactPhysician"));
        Assert.Contains(saved.Participant, p => p.Member!.Reference == $"Practitioner/{perStaff}" && p.Role.Any(r => r.Coding[0].Code == "Coordinator"));
        Assert.Equal($"Practitioner/{perStaff}", (await per.ReadAsync<CarePlan>($"CarePlan/{plan.Id}"))!.Author!.Reference);

        // The CareTeam's versions are the plan's: its history lists them, the current one with the team (valid FHIR R4).
        using (var http = ApiHttp(App, await TokenAsync(App, "per")))
        {
            var history = Assert.IsType<Bundle>(await GetValidAsync(http, $"/fhir/CareTeam/{plan.Id}/_history"));
            Assert.Equal(Bundle.BundleType.History, history.Type);
            Assert.Contains(history.Entry, e => e.Resource is CareTeam t && t.Meta!.VersionId == saved.Meta!.VersionId);
        }
        // A stale If-Match: 412 and nothing changes (Lars stays).
        var stale = await Assert.ThrowsAsync<FhirOperationException>(() => per.UpdateAsync(original, versionAware: true));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        // C5: the coordinator cannot be dropped or swapped here.
        var current = await per.ReadAsync<CareTeam>($"CareTeam/{plan.Id}");
        current!.Participant = [.. current.Participant.Where(p => p.Member!.Reference != $"Practitioner/{perStaff}")];
        var c2 = await Assert.ThrowsAsync<FhirOperationException>(() => per.UpdateAsync(current, versionAware: true));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, c2.Status);
        // Someone without access to the plan: 404, nothing revealed, nothing changed.
        var tone = await ClientAsAsync(App, "tone");
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => tone.UpdateAsync(saved, versionAware: false));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        // Bad input: a member Samplan cannot add is a 422 OperationOutcome.
        var fresh = await per.ReadAsync<CareTeam>($"CareTeam/{plan.Id}");
        fresh!.Participant.Add(Member($"Organization/{Guid.NewGuid()}"));
        var bad = await Assert.ThrowsAsync<FhirOperationException>(() => per.UpdateAsync(fresh, versionAware: true));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.Equal(3, (await per.ReadAsync<CareTeam>($"CareTeam/{plan.Id}"))!.Participant.Count);

        // Measures are CarePlan.activity: added with a responsible participant (R4), changed by their id, round-tripped.
        var carePlan = await per.ReadAsync<CarePlan>($"CarePlan/{plan.Id}");
        carePlan!.Activity.Add(new CarePlan.ActivityComponent
        {
            Detail = new CarePlan.DetailComponent
            {
                Code = new CodeableConcept { Text = "Nevrologisk oppfølging" },
                Description = "Kontroll hver tredje måned",
                Status = CarePlan.CarePlanActivityStatus.Scheduled,
                Performer = [new ResourceReference($"Practitioner/{lars}")],
                Scheduled = new Period { Start = "2026-12-01", End = "2027-12-01" },
            },
        });
        var withMeasure = await per.UpdateAsync(carePlan, versionAware: true);
        var activity = Assert.Single(withMeasure!.Activity);
        Assert.NotNull(activity.ElementId);
        Assert.Equal($"Practitioner/{lars}", activity.Detail!.Performer.Single().Reference);
        activity.Detail!.Description = "Kontroll hver sjette måned";
        activity.Detail!.Status = CarePlan.CarePlanActivityStatus.InProgress;
        var changed = await per.UpdateAsync(withMeasure, versionAware: true);
        Assert.Equal(activity.ElementId, Assert.Single(changed!.Activity).ElementId);
        Assert.Equal("Kontroll hver sjette måned", changed.Activity[0].Detail!.Description);

        // R4: a measure without anyone responsible is refused, and nothing is half-applied.
        changed.Activity.Add(new CarePlan.ActivityComponent
        {
            Detail = new CarePlan.DetailComponent { Code = new CodeableConcept { Text = "Uten ansvarlig" }, Description = "Ukentlig", Status = CarePlan.CarePlanActivityStatus.Scheduled },
        });
        changed.Description = "Skal ikke lagres";
        var r4 = await Assert.ThrowsAsync<FhirOperationException>(() => per.UpdateAsync(changed, versionAware: true));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r4.Status);
        Assert.Contains("R4", Issues(Assert.IsType<OperationOutcome>(r4.Outcome)), StringComparison.Ordinal);
        await using (var db = App.NewDb())
        {
            var stored = await db.Plans.Include(p => p.Measures).SingleAsync(p => p.Id == Guid.Parse(plan.Id!));
            var measure = Assert.Single(stored.Measures);
            Assert.Equal(Domain.Plans.MeasureStatus.Ongoing, measure.Status);
            Assert.NotEqual("Skal ikke lagres", stored.WhatMattersToPerson);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Tasks_messages_and_the_directory_are_written_through_FHIR_for_those_the_pages_let_R4_R12_S2()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arneId = await PersonIdAsync(App, "Arne Johansen");
        var ola = await StaffIdAsync(App, "ola");
        var kari = await ClientAsAsync(App, "kari");

        // Task: the coordinator gives a task to a participant (R4); it must go to someone in the plan.
        var task = await kari.CreateAsync(new FhirTask
        {
            Status = FhirTask.TaskStatus.Requested,
            Intent = FhirTask.TaskIntent.Order,
            Description = "Vurder rullator",
            For = new ResourceReference($"Patient/{arneId}"),
            Owner = new ResourceReference($"Practitioner/{ola}"),
            Restriction = new FhirTask.RestrictionComponent { Period = new Period { End = "2026-12-15" } },
        });
        Assert.Equal("Vurder rullator", task!.Description);
        Assert.Equal($"Practitioner/{ola}", task.Owner!.Reference);
        var toneStaff = await StaffIdAsync(App, "tone");
        var nobody = await Assert.ThrowsAsync<FhirOperationException>(() => kari.CreateAsync(new FhirTask
        {
            Status = FhirTask.TaskStatus.Requested, Intent = FhirTask.TaskIntent.Order, Description = "Til en utenforstående",
            For = new ResourceReference($"Patient/{arneId}"), Owner = new ResourceReference($"Practitioner/{toneStaff}"),
            Restriction = new FhirTask.RestrictionComponent { Period = new Period { End = "2026-12-15" } },
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nobody.Status);
        Assert.Contains("R4", Issues(Assert.IsType<OperationOutcome>(nobody.Outcome)), StringComparison.Ordinal);

        // Someone outside the plan neither gives nor closes tasks: 404, nothing changed.
        var tone = await ClientAsAsync(App, "tone");
        task.Status = FhirTask.TaskStatus.Completed;
        var outside = await Assert.ThrowsAsync<FhirOperationException>(() => tone.UpdateAsync(task));
        Assert.Equal(HttpStatusCode.NotFound, outside.Status);
        var outsideCreate = await Assert.ThrowsAsync<FhirOperationException>(() => tone.CreateAsync(new FhirTask
        {
            Status = FhirTask.TaskStatus.Requested, Intent = FhirTask.TaskIntent.Order, Description = "Nei",
            For = new ResourceReference($"Patient/{arneId}"), Owner = new ResourceReference($"Practitioner/{ola}"),
            Restriction = new FhirTask.RestrictionComponent { Period = new Period { End = "2026-12-15" } },
        }));
        Assert.Equal(HttpStatusCode.NotFound, outsideCreate.Status);
        // Only the status changes on a task.
        var retitled = (FhirTask)task.DeepCopy();
        retitled.Description = "Noe annet";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.UpdateAsync(retitled))).Status);
        var done = await kari.UpdateAsync(task);
        Assert.Equal(FhirTask.TaskStatus.Completed, done!.Status);
        // Closed, the task is version 2: the version it was given in is stale (412), and still readable as it was.
        Assert.Equal("2", done.Meta!.VersionId);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.UpdateAsync(task, versionAware: true))).Status);
        Assert.Equal(FhirTask.TaskStatus.Requested, (await kari.ReadAsync<FhirTask>($"Task/{task.Id}/_history/1"))!.Status);
        await using (var db = App.NewDb())
            Assert.Equal(Domain.Meetings.PlanTaskStatus.Done, (await db.PlanTasks.SingleAsync(t => t.Id == Guid.Parse(task.Id!))).Status);

        // Communication: Arne writes to his coordinator in the plan's thread (R12); she is told without the words.
        var arne = await ClientAsAsync(App, "arne");
        int noticesBefore;
        await using (var db = App.NewDb()) noticesBefore = await db.Notifications.CountAsync();
        var sent = await arne.CreateAsync(new Communication
        {
            Status = EventStatus.Completed,
            Subject = new ResourceReference($"Patient/{arneId}"),
            Payload = [new Communication.PayloadComponent { Content = new FhirString("Kan vi flytte møtet til fredag?") }],
        });
        Assert.Equal("Kan vi flytte møtet til fredag?", ((FhirString)sent!.Payload[0].Content).Value);
        var thread = await kari.SearchAsync<Communication>(new SearchParams().Where($"patient={arneId}"));
        Assert.Contains(thread!.Entry, e => e.Resource!.Id == sent.Id);
        await using (var db = App.NewDb())
        {
            Assert.True(await db.Notifications.CountAsync() > noticesBefore);
            Assert.DoesNotContain(await db.Notifications.Select(n => n.Body).ToListAsync(), b => b.Contains("fredag", StringComparison.Ordinal));
        }
        // Not for anyone else in the plan (the thread is the person's and the coordinator's), nor outside it.
        var olaClient = await ClientAsAsync(App, "ola");
        Assert.Empty((await olaClient.SearchAsync<Communication>(new SearchParams().Where($"patient={arneId}")))!.Entry);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => tone.ReadAsync<Communication>($"Communication/{sent.Id}"))).Status);
        var empty = await Assert.ThrowsAsync<FhirOperationException>(() => arne.CreateAsync(new Communication
        {
            Status = EventStatus.Completed, Subject = new ResourceReference($"Patient/{arneId}"),
            Payload = [new Communication.PayloadComponent { Content = new FhirString(" ") }],
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);

        using var http = ApiHttp(App, await TokenAsync(App, "kari"));
        // The directory: staff register a relative (as on the person page), only the administrator an organisation.
        var relative = await kari.CreateAsync(new RelatedPerson
        {
            Patient = new ResourceReference($"Patient/{arneId}"),
            Name = [new HumanName { Text = "Kjell Johansen" }],
            Relationship = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "SON")],
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "900 11 222")],
        });
        Assert.Equal("FAMMEMB", relative!.Relationship[0].Coding[0].Code);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => arne.CreateAsync(relative))).Status);
        var organisation = new Organization
        {
            Name = "Vestfjord private rehabiliteringssenter",
            Type = [new CodeableConcept { Text = "PrivateInstitution" }],
            Identifier = [new Identifier("urn:oid:2.16.578.1.12.4.1.4.101", "987654321")],
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.CreateAsync(organisation))).Status);
        var admin = await ClientAsAsync(App, "admin");
        var createdOrg = await admin.CreateAsync(organisation);
        Assert.Equal("PrivateInstitution", createdOrg!.Type[0].Text);
        Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<FhirOperationException>(() => admin.CreateAsync(organisation))).Status);
        organisation.Type = [new CodeableConcept { Text = "Sykehus" }];
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<FhirOperationException>(() => admin.CreateAsync(organisation))).Status);

        // Everything returned validates as FHIR R4, JSON and XML.
        Assert.IsType<RelatedPerson>(await GetValidAsync(http, $"/fhir/RelatedPerson/{relative.Id}"));
        Assert.IsType<Organization>(await GetValidAsync(http, $"/fhir/Organization/{createdOrg.Id}"));
        Assert.IsType<Communication>(await GetValidAsync(http, $"/fhir/Communication/{sent.Id}"));
        Assert.IsType<Bundle>(await GetValidAsync(http, $"/fhir/Communication?patient={arneId}"));
        Assert.IsType<FhirTask>(await GetValidAsync(http, $"/fhir/Task/{task.Id}"));
        Assert.IsType<CarePlan>(await GetValidAsync(http, $"/fhir/CarePlan/{planId}"));
        var capability = (CapabilityStatement)await GetValidAsync(http, "/fhir/metadata");
        var rest = capability.Rest[0].Resource;
        Assert.Contains(rest.Single(r => r.Type == "CareTeam").Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Update);
        Assert.Contains(rest.Single(r => r.Type == "Task").Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Create);
        Assert.Contains(rest.Single(r => r.Type == "Communication").Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Create);
        Assert.Contains(rest.Single(r => r.Type == "Organization").Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Create);
        Assert.Contains(rest.Single(r => r.Type == "PractitionerRole").Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Update);
    }
    [Fact]
    public async System.Threading.Tasks.Task Meetings_are_called_moved_and_cancelled_through_FHIR_by_the_coordinator_only_A2_C4_R3()
    {
        var planId = await App.PlanIdOfAsync("Arne Johansen");
        var arneId = await PersonIdAsync(App, "Arne Johansen");
        var kari = await ClientAsAsync(App, "kari");
        Appointment Summons(string start, string end) => new()
        {
            Status = Appointment.AppointmentStatus.Booked,
            Description = "Gjennomgang av målene",
            Start = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            End = DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            Comment = "Bjørkvik helsehus, møterom 2",
            SupportingInformation = [new ResourceReference($"CarePlan/{planId}")],
            Participant = [new Appointment.ParticipantComponent { Actor = new ResourceReference($"Patient/{arneId}"), Status = ParticipationStatus.NeedsAction }],
        };
        int meetingsBefore, noticesBefore;
        await using (var db = App.NewDb()) (meetingsBefore, noticesBefore) = (await db.Meetings.CountAsync(), await db.Notifications.CountAsync());

        // C4: a participant who is not the coordinator may not call a meeting (403, audited); one outside the plan gets 404. Nothing is saved.
        var ola = await ClientAsAsync(App, "ola");
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => ola.CreateAsync(Summons("2026-12-03T09:00:00Z", "2026-12-03T10:00:00Z")))).Status);
        var tone = await ClientAsAsync(App, "tone");
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => tone.CreateAsync(Summons("2026-12-03T09:00:00Z", "2026-12-03T10:00:00Z")))).Status);
        // Bad input: the end before the start, and an invitee who is not in the plan (R3): 422 OperationOutcome.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.CreateAsync(Summons("2026-12-03T10:00:00Z", "2026-12-03T09:00:00Z")))).Status);
        var stranger = Summons("2026-12-03T09:00:00Z", "2026-12-03T10:00:00Z");
        stranger.Participant.Add(new Appointment.ParticipantComponent { Actor = new ResourceReference($"Practitioner/{await StaffIdAsync(App, "tone")}"), Status = ParticipationStatus.NeedsAction });
        var r3 = await Assert.ThrowsAsync<FhirOperationException>(() => kari.CreateAsync(stranger));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r3.Status);
        Assert.Contains("R3", Issues(Assert.IsType<OperationOutcome>(r3.Outcome)), StringComparison.Ordinal);
        await using (var db = App.NewDb()) Assert.Equal(meetingsBefore, await db.Meetings.CountAsync());

        // The coordinator calls the meeting: the person and the coordinator are invited, the invitees are told (no names in the notice).
        var kariStaff = await StaffIdAsync(App, "kari");
        var created = await kari.CreateAsync(Summons("2026-12-03T09:00:00Z", "2026-12-03T10:00:00Z"));
        Assert.Equal("0", created!.Meta!.VersionId);
        Assert.Contains(created.Participant, p => p.Actor!.Reference == $"Patient/{arneId}");
        Assert.Contains(created.Participant, p => p.Actor!.Reference == $"Practitioner/{kariStaff}");
        using (var http = ApiHttp(App, await TokenAsync(App, "kari")))
        {
            var read = Assert.IsType<Appointment>(await GetValidAsync(http, $"/fhir/Appointment/{created.Id}"));
            Assert.Equal("Bjørkvik helsehus, møterom 2", read.Comment);
        }
        await using (var db = App.NewDb())
        {
            Assert.True(await db.Notifications.CountAsync() > noticesBefore);
            Assert.DoesNotContain(await db.Notifications.Select(n => n.Body).ToListAsync(), b => b.Contains("Arne", StringComparison.Ordinal));
        }

        // Moved with If-Match: a new version; the old one is now stale (412, nothing changed).
        var moved = (Appointment)created.DeepCopy();
        moved.Start = DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        moved.End = DateTimeOffset.Parse("2026-12-04T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var saved = await kari.UpdateAsync(moved, versionAware: true);
        Assert.Equal("1", saved!.Meta!.VersionId);
        var stale = (Appointment)created.DeepCopy();
        stale.Status = Appointment.AppointmentStatus.Cancelled;
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.UpdateAsync(stale, versionAware: true))).Status);
        // Neither Ola (403) nor Tone (404) may cancel it.
        saved.Status = Appointment.AppointmentStatus.Cancelled;
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => ola.UpdateAsync(saved, versionAware: true))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => tone.UpdateAsync(saved, versionAware: true))).Status);
        await using (var db = App.NewDb())
        {
            var meeting = await db.Meetings.SingleAsync(m => m.Id == Guid.Parse(created.Id!));
            Assert.Equal(Domain.Meetings.MeetingStatus.Summoned, meeting.Status);
            Assert.Equal(new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc), DateTime.SpecifyKind(meeting.StartsAt, DateTimeKind.Utc));
        }
        // The coordinator cancels it.
        var cancelled = await kari.UpdateAsync(saved, versionAware: true);
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, cancelled!.Status);
        await using (var db = App.NewDb())
        {
            var actions = await db.AuditEntries.Where(a => a.PlanId == planId && a.Part == "Meetings").Select(a => new { a.Action, a.Allowed, a.UserName }).ToListAsync();
            Assert.Contains(actions, a => a.Action == "meeting.summon" && a.Allowed);
            Assert.Contains(actions, a => a.Action == "meeting.change" && a.Allowed);
            Assert.Contains(actions, a => a.Action == "meeting.cancel" && a.Allowed);
            Assert.Contains(actions, a => a.Action == "meeting.summon" && !a.Allowed);
        }
        var capability = await kari.CapabilityStatementAsync();
        Assert.Contains(capability!.Rest[0].Resource.Single(r => r.Type == "Appointment").Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Update);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_directory_is_corrected_through_FHIR_by_staff_and_the_administrator_only_S2_C3()
    {
        var arneId = await PersonIdAsync(App, "Arne Johansen");
        var kari = await ClientAsAsync(App, "kari");
        var admin = await ClientAsAsync(App, "admin");
        var arne = await ClientAsAsync(App, "arne");
        var geir = await ClientAsAsync(App, "geir");
        using var http = ApiHttp(App, await TokenAsync(App, "kari"));

        // RelatedPerson: staff correct a relative's name and phone (as on the person's edit page); the old version is then stale.
        var relative = await kari.CreateAsync(new RelatedPerson
        {
            Patient = new ResourceReference($"Patient/{arneId}"),
            Name = [new HumanName { Text = "Kjell Johansen" }],
            Relationship = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "SON")],
        });
        Assert.NotNull(relative!.Meta?.VersionId);
        var renamed = (RelatedPerson)relative.DeepCopy();
        renamed.Name = [new HumanName { Text = "Kjell Arne Johansen" }];
        renamed.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "900 11 222")];
        var changed = await kari.UpdateAsync(renamed, versionAware: true);
        Assert.Equal("Kjell Arne Johansen", changed!.Name[0].Text);
        Assert.NotEqual(relative.Meta!.VersionId, changed.Meta!.VersionId);
        var readBack = Assert.IsType<RelatedPerson>(await GetValidAsync(http, $"/fhir/RelatedPerson/{relative.Id}"));
        Assert.Equal("900 11 222", readBack.Telecom.Single().Value);
        var staleRelative = (RelatedPerson)relative.DeepCopy();
        staleRelative.Name = [new HumanName { Text = "Skal ikke lagres" }];
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.UpdateAsync(staleRelative, versionAware: true))).Status);
        // The person himself: 403; someone else's side: 404; a missing name: 422. Nothing changes.
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => arne.UpdateAsync(staleRelative))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => geir.UpdateAsync(staleRelative))).Status);
        var nameless = (RelatedPerson)changed.DeepCopy();
        nameless.Name = [];
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.UpdateAsync(nameless, versionAware: true))).Status);
        await using (var db = App.NewDb())
            Assert.Equal("Kjell Arne Johansen", (await db.RelatedPersons.SingleAsync(r => r.Id == Guid.Parse(relative.Id!))).Name);

        // Organization: the administrator renames it; the kind stays (422); staff are refused (403); a stale version is 412.
        var orgId = await OrganisationIdAsync(App, "Bjørkvik kommune");
        var organisation = Assert.IsType<Organization>(await GetValidAsync(http, $"/fhir/Organization/{orgId}"));
        var staleOrg = (Organization)organisation.DeepCopy();
        organisation.Name = "Bjørkvik kommune (helse og omsorg)";
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.UpdateAsync(organisation, versionAware: true))).Status);
        var renamedOrg = await admin.UpdateAsync(organisation, versionAware: true);
        Assert.Equal("Bjørkvik kommune (helse og omsorg)", renamedOrg!.Name);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Assert.ThrowsAsync<FhirOperationException>(() => admin.UpdateAsync(staleOrg, versionAware: true))).Status);
        renamedOrg.Type = [new CodeableConcept { Text = "School" }];
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<FhirOperationException>(() => admin.UpdateAsync(renamedOrg, versionAware: true))).Status);
        Assert.Equal("Municipality", Assert.IsType<Organization>(await GetValidAsync(http, $"/fhir/Organization/{orgId}")).Type[0].Text);

        // Practitioner: the administrator corrects a staff member's phone and e-mail; an HPR number of the wrong form is C3 (422).
        var ola = await StaffIdAsync(App, "ola");
        var practitioner = Assert.IsType<Practitioner>(await GetValidAsync(http, $"/fhir/Practitioner/{ola}"));
        var stalePractitioner = (Practitioner)practitioner.DeepCopy();
        practitioner.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "400 00 001"), new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "ola@bjorkvik.kommune.no")];
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => kari.UpdateAsync(practitioner, versionAware: true))).Status);
        var badHpr = (Practitioner)practitioner.DeepCopy();
        badHpr.Identifier = [new Identifier("urn:oid:2.16.578.1.12.4.1.4.4", "12ab")];
        var c3 = await Assert.ThrowsAsync<FhirOperationException>(() => admin.UpdateAsync(badHpr, versionAware: true));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, c3.Status);
        Assert.Contains("C3", Issues(Assert.IsType<OperationOutcome>(c3.Outcome)), StringComparison.Ordinal);
        await admin.UpdateAsync(practitioner, versionAware: true);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Assert.ThrowsAsync<FhirOperationException>(() => admin.UpdateAsync(stalePractitioner, versionAware: true))).Status);
        var corrected = Assert.IsType<Practitioner>(await GetValidAsync(http, $"/fhir/Practitioner/{ola}"));
        Assert.Contains(corrected.Telecom, t => t.Value == "ola@bjorkvik.kommune.no");

        await using (var db = App.NewDb())
        {
            var audit = await db.AuditEntries.Where(a => a.Reason.Contains("FHIR")).Select(a => new { a.Action, a.Allowed }).ToListAsync();
            Assert.Contains(audit, a => a.Action == "person.change" && a.Allowed);
            Assert.Contains(audit, a => a.Action == "person.change" && !a.Allowed);
            Assert.Contains(audit, a => a.Action == "organisation.change" && a.Allowed);
            Assert.Contains(audit, a => a.Action == "staff.change" && a.Allowed);
            Assert.Contains(audit, a => a.Action == "admin.denied" && !a.Allowed);
        }
    }
}
