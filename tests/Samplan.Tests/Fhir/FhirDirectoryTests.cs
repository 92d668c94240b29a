using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Samplan.Fhir;
using Samplan.Organisations;
using Samplan.Tests.Infrastructure;
using static Samplan.Tests.Access.AccessTestSupport;
using static Samplan.Tests.Fhir.FhirSupport;

namespace Samplan.Tests.Fhir;

public sealed class FhirDirectoryTestsOnSqlite : FhirDirectoryTests
{
    protected override System.Threading.Tasks.Task<SamplanFactory> CreateAppAsync() => System.Threading.Tasks.Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class FhirDirectoryTestsOnPostgreSql(PostgresCluster cluster) : FhirDirectoryTests
{
    protected override System.Threading.Tasks.Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>
/// The staff directory through FHIR as on /admin/users (Practitioner, PractitionerRole, units as Organization partOf: the
/// administrator only, K1, C3, 412 on a stale version), the plan parts' <c>_history</c> through the gate (R5), the user's own
/// notices as Communication (nobody else's), and the MessageDefinitions the CapabilityStatement names.
/// </summary>
public abstract class FhirDirectoryTests : AppTests
{
    const string StaffRole = DirectoryMapper.StaffRoleSystem;

    static Practitioner NewPractitioner(string name, string userName, string? hpr = null)
    {
        var practitioner = new Practitioner
        {
            Name = [new HumanName { Text = name }],
            Identifier = [new Identifier(FhirEndpoints.UserNameSystem, userName)],
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, $"{userName}@bjorkvik.kommune.no")],
            Qualification = [new Practitioner.QualificationComponent { Code = new CodeableConcept { Text = "Fysioterapeut" } }],
        };
        if (hpr is not null) practitioner.Identifier.Add(new Identifier("urn:oid:2.16.578.1.12.4.1.4.4", hpr));
        return practitioner;
    }

    static async System.Threading.Tasks.Task<HttpStatusCode> RefusedAsync(System.Threading.Tasks.Task call) =>
        (await Assert.ThrowsAsync<FhirOperationException>(() => call)).Status;

    [Fact]
    public async System.Threading.Tasks.Task Staff_their_roles_and_the_units_of_an_organisation_are_written_by_the_administrator_only_K1_C3()
    {
        var admin = await ClientAsAsync(App, "admin");
        var kari = await ClientAsAsync(App, "kari");
        using var http = ApiHttp(App, await TokenAsync(App, "kari"));
        var bjorkvik = await OrganisationIdAsync(App, "Bjørkvik kommune");
        var nav = await OrganisationIdAsync(App, "NAV Bjørkvik");
        var hospital = await OrganisationIdAsync(App, "Helse Vestfjord HF");

        // Units: an Organization partOf its organisation. K1: one coordinating unit, and only in a municipality or hospital trust.
        var rehab = new Organization
        {
            Name = "Rehabiliteringstjenesten",
            Type = [new CodeableConcept { Text = "Unit" }],
            PartOf = new ResourceReference($"Organization/{bjorkvik}"),
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "55 00 10 50")],
        };
        Assert.Equal(HttpStatusCode.Forbidden, await RefusedAsync(kari.CreateAsync(rehab)));
        var unit = await admin.CreateAsync(rehab);
        Assert.Equal($"Organization/{bjorkvik}", unit!.PartOf!.Reference);
        var secondKe = (Organization)rehab.DeepCopy();
        secondKe.Type = [new CodeableConcept { Text = "CoordinatingUnit" }];
        var k1 = await Assert.ThrowsAsync<FhirOperationException>(() => admin.CreateAsync(secondKe));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, k1.Status);
        Assert.Contains("K1", Issues(Assert.IsType<OperationOutcome>(k1.Outcome)), StringComparison.Ordinal);
        secondKe.PartOf = new ResourceReference($"Organization/{nav}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await RefusedAsync(admin.CreateAsync(secondKe)));
        var staleUnit = (Organization)unit.DeepCopy();
        unit.Name = "Rehabilitering og hverdagsmestring";
        var renamedUnit = await admin.UpdateAsync(unit, versionAware: true);
        Assert.Equal("Rehabilitering og hverdagsmestring", renamedUnit!.Name);
        Assert.Equal(HttpStatusCode.PreconditionFailed, await RefusedAsync(admin.UpdateAsync(staleUnit, versionAware: true)));
        renamedUnit.PartOf = new ResourceReference($"Organization/{hospital}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await RefusedAsync(admin.UpdateAsync(renamedUnit, versionAware: true)));
        var units = (Bundle)await GetValidAsync(http, $"/fhir/Organization?partof=Organization/{bjorkvik}");
        Assert.Contains(units.Entry, e => e.Resource is Organization { Name: "Rehabilitering og hverdagsmestring" });
        Assert.Contains(units.Entry, e => e.Resource is Organization o && o.Type[0].Text == "CoordinatingUnit");

        // POST Practitioner: a staff member and their account (no password), where the extension says; kari is refused.
        var mari = NewPractitioner("Mari Fysio", "mari", "8901234");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await RefusedAsync(admin.CreateAsync(mari))); // says nowhere where she works
        mari.Extension.Add(new Extension(FhirEndpoints.PractitionerOrganizationExtension, new ResourceReference($"Organization/{unit.Id}")));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusedAsync(kari.CreateAsync(mari)));
        var created = await admin.CreateAsync(mari);
        Assert.Equal("Mari Fysio", created!.Name[0].Text);
        Assert.Equal(HttpStatusCode.Conflict, await RefusedAsync(admin.CreateAsync(mari)));
        var badHpr = NewPractitioner("Feil Nummer", "feil", "12ab");
        badHpr.Extension.Add(new Extension(FhirEndpoints.PractitionerOrganizationExtension, new ResourceReference($"Organization/{bjorkvik}")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await RefusedAsync(admin.CreateAsync(badHpr)));
        // The administrator keeps the directory, so reads it (as /admin/users lists the users); a citizen does not.
        using var adminHttp = ApiHttp(App, await TokenAsync(App, "admin"));
        var role = Assert.IsType<PractitionerRole>(await GetValidAsync(adminHttp, $"/fhir/PractitionerRole/{created.Id}"));
        using var arneHttp = ApiHttp(App, await TokenAsync(App, "arne"));
        Assert.IsType<OperationOutcome>(await GetValidAsync(arneHttp, $"/fhir/PractitionerRole/{created.Id}", 404));
        Assert.Equal($"Organization/{unit.Id}", role.Organization!.Reference);
        Assert.Contains(role.Code, c => c.Coding.Any(x => x.Code == "health-personnel"));
        Assert.IsType<Practitioner>(await GetValidAsync(http, $"/fhir/Practitioner/{created.Id}"));

        // POST PractitionerRole: a new staff member in their role, the Practitioner contained; an existing one already has a role (409).
        var jon = NewPractitioner("Jon Koordinator", "jon");
        jon.Id = "ny";
        var keRole = new PractitionerRole
        {
            Contained = [jon],
            Practitioner = new ResourceReference("#ny"),
            Organization = new ResourceReference($"Organization/{bjorkvik}"),
            Code = [new CodeableConcept { Text = "Vernepleier" }, new CodeableConcept(StaffRole, "coordinating-unit")],
        };
        var jonRole = await admin.CreateAsync(keRole);
        Assert.Contains(jonRole!.Code, c => c.Coding.Any(x => x.Code == "coordinating-unit"));
        var kariStaff = await StaffIdAsync(App, "kari");
        var again = new PractitionerRole { Practitioner = new ResourceReference($"Practitioner/{kariStaff}"), Organization = new ResourceReference($"Organization/{bjorkvik}") };
        Assert.Equal(HttpStatusCode.Conflict, await RefusedAsync(admin.CreateAsync(again)));

        // PUT PractitionerRole: Mari moves to the coordinating unit of her own organisation and gets its role; another
        // organisation (422), a change of health personnel (C3, 422), a stale version (412) and kari (403) change nothing.
        Guid keUnit;
        await using (var db = App.NewDb())
            keUnit = await db.OrganisationUnits.Where(u => u.OrganisationId == bjorkvik && u.IsCoordinatingUnit).Select(u => u.Id).SingleAsync();
        var staleRole = (PractitionerRole)role.DeepCopy();
        role.Organization = new ResourceReference($"Organization/{keUnit}");
        role.Code = [new CodeableConcept { Text = "Fysioterapeut og koordinator" }, new CodeableConcept(StaffRole, "coordinating-unit"), new CodeableConcept(StaffRole, "health-personnel")];
        Assert.Equal(HttpStatusCode.Forbidden, await RefusedAsync(kari.UpdateAsync(role, versionAware: true)));
        var elsewhere = (PractitionerRole)role.DeepCopy();
        elsewhere.Organization = new ResourceReference($"Organization/{hospital}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await RefusedAsync(admin.UpdateAsync(elsewhere, versionAware: true)));
        var notHealth = (PractitionerRole)role.DeepCopy();
        notHealth.Code = [new CodeableConcept { Text = "Fysioterapeut" }];
        var c3 = await Assert.ThrowsAsync<FhirOperationException>(() => admin.UpdateAsync(notHealth, versionAware: true));
        Assert.Contains("C3", Issues(Assert.IsType<OperationOutcome>(c3.Outcome)), StringComparison.Ordinal);
        var moved = await admin.UpdateAsync(role, versionAware: true);
        Assert.Equal($"Organization/{keUnit}", moved!.Organization!.Reference);
        Assert.Equal(HttpStatusCode.PreconditionFailed, await RefusedAsync(admin.UpdateAsync(staleRole, versionAware: true)));

        await using (var db = App.NewDb())
        {
            var staff = await db.StaffMembers.SingleAsync(s => s.Id == Guid.Parse(created.Id!));
            Assert.Equal((keUnit, "Fysioterapeut og koordinator", bjorkvik, true), (staff.UnitId!.Value, staff.Profession, staff.OrganisationId, staff.IsHealthPersonnel));
            var account = await db.UserAccounts.SingleAsync(u => u.UserName == "mari");
            Assert.Equal(SystemRole.Staff | SystemRole.CoordinatingUnitStaff, account.Roles);
            Assert.Equal(SystemRole.Staff | SystemRole.CoordinatingUnitStaff, (await db.UserAccounts.SingleAsync(u => u.UserName == "jon")).Roles);
            Assert.Equal(0, await db.UserAccounts.CountAsync(u => u.UserName == "feil"));
            var audit = await db.AuditEntries.Where(a => a.Reason.Contains("FHIR")).Select(a => new { a.Action, a.Allowed }).ToListAsync();
            Assert.Contains(audit, a => a.Action == "user.create" && a.Allowed);
            Assert.Contains(audit, a => a.Action == "staff.change" && a.Allowed);
            Assert.Contains(audit, a => a.Action == "organisation.create" && a.Allowed);
            Assert.Contains(audit, a => a.Action == "admin.denied" && !a.Allowed);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task The_history_of_plan_parts_goes_through_the_gate_and_notices_are_their_recipients_own_R5_R8_R12()
    {
        var planId = await App.PlanIdOfAsync(EmmaName);
        Guid goalId, consentId, meetingId, taskId;
        await using (var db = App.NewDb())
        {
            var plan = await db.Plans.Include(p => p.Goals).Include(p => p.Consents).SingleAsync(p => p.Id == planId);
            goalId = plan.Goals.First().Id;
            consentId = plan.Consents.First().Id;
            meetingId = await db.Meetings.Where(m => m.PlanId == planId).Select(m => m.Id).FirstAsync();
            taskId = await db.PlanTasks.Where(t => t.PlanId == planId).Select(t => t.Id).FirstAsync();
        }
        using var kari = ApiHttp(App, await TokenAsync(App, "kari"));
        var goalHistory = (Bundle)await GetValidAsync(kari, $"/fhir/Goal/{goalId}/_history");
        Assert.Equal(Bundle.BundleType.History, goalHistory.Type);
        var currentGoal = Assert.IsType<Goal>(goalHistory.Entry[0].Resource);
        Assert.IsType<Goal>(await GetValidAsync(kari, $"/fhir/Goal/{goalId}/_history/{currentGoal.Meta!.VersionId}"));
        Assert.IsType<OperationOutcome>(await GetValidAsync(kari, $"/fhir/Goal/{goalId}/_history/0", 404));
        var consentHistory = (Bundle)await GetValidAsync(kari, $"/fhir/Consent/{consentId}/_history");
        Assert.IsType<Hl7.Fhir.Model.Consent>(consentHistory.Entry[0].Resource);
        var meeting = Assert.IsType<Appointment>(((Bundle)await GetValidAsync(kari, $"/fhir/Appointment/{meetingId}/_history")).Entry.Single().Resource);
        Assert.IsType<Appointment>(await GetValidAsync(kari, $"/fhir/Appointment/{meetingId}/_history/{meeting.Meta!.VersionId}"));
        Assert.NotEmpty(((Bundle)await GetValidAsync(kari, $"/fhir/Task/{taskId}/_history")).Entry);

        // The plan's history is the coordinator's and the person's (as /plans/[id]/history): a participant gets 404; someone
        // outside the plan 404 on every part; each refusal is audited.
        using var erik = ApiHttp(App, await TokenAsync(App, "erik"));
        using var tone = ApiHttp(App, await TokenAsync(App, "tone"));
        Assert.IsType<OperationOutcome>(await GetValidAsync(erik, $"/fhir/Goal/{goalId}/_history", 404));
        foreach (var url in new[] { $"/fhir/Consent/{consentId}/_history", $"/fhir/Appointment/{meetingId}/_history", $"/fhir/Task/{taskId}/_history", $"/fhir/Task/{taskId}/_history/1" })
            Assert.IsType<OperationOutcome>(await GetValidAsync(tone, url, 404));
        await using (var db = App.NewDb())
        {
            var reads = await db.AuditEntries.Where(a => a.PlanId == planId && a.Part == "History").Select(a => new { a.UserName, a.Allowed }).ToListAsync();
            Assert.Contains(reads, a => a.UserName == "kari" && a.Allowed);
            Assert.Contains(reads, a => a.UserName == "erik" && !a.Allowed);
        }

        // Notices: kari writes in Arne's thread, so Arne gets a notice; he finds it as a Communication (category notification)
        // beside the message; kari neither finds nor reads his notice.
        var arneId = await PersonIdAsync(App, "Arne Johansen");
        var kariClient = Client(kari);
        await kariClient.CreateAsync(new Communication
        {
            Status = EventStatus.Completed,
            Subject = new ResourceReference($"Patient/{arneId}"),
            Payload = [new Communication.PayloadComponent { Content = new FhirString("Vi sees på fredag.") }],
        });
        Guid noticeId;
        await using (var db = App.NewDb())
        {
            var arneUser = await db.UserAccounts.Where(u => u.UserName == "arne").Select(u => u.Id).SingleAsync();
            noticeId = await db.Notifications.Where(n => n.RecipientUserId == arneUser).OrderByDescending(n => n.CreatedAt).Select(n => n.Id).FirstAsync();
        }
        using var arne = ApiHttp(App, await TokenAsync(App, "arne"));
        var own = (Bundle)await GetValidAsync(arne, "/fhir/Communication");
        var notice = Assert.IsType<Communication>(own.Entry.Single(e => e.Resource!.Id == noticeId.ToString()).Resource);
        Assert.Equal("notification", notice.Category[0].Coding[0].Code);
        Assert.Equal($"Patient/{arneId}", notice.Recipient.Single().Reference);
        Assert.Contains(own.Entry, e => e.Resource is Communication c && c.Category[0].Coding[0].Code == "plan-message");
        Assert.IsType<Communication>(await GetValidAsync(arne, $"/fhir/Communication/{noticeId}"));
        Assert.DoesNotContain(((Bundle)await GetValidAsync(arne, "/fhir/Communication?category=plan-message")).Entry, e => e.Resource!.Id == noticeId.ToString());
        Assert.DoesNotContain(((Bundle)await GetValidAsync(kari, "/fhir/Communication")).Entry, e => e.Resource!.Id == noticeId.ToString());
        Assert.IsType<OperationOutcome>(await GetValidAsync(kari, $"/fhir/Communication/{noticeId}", 404));
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_message_the_capability_names_resolves_to_a_valid_MessageDefinition_K8_N1_C6_R9()
    {
        using var http = ApiHttp(App, await TokenAsync(App, "per"));
        var capability = (CapabilityStatement)await GetValidAsync(http, "/fhir/metadata");
        var definitions = capability.Messaging.Single().SupportedMessage.Select(m => m.Definition!).ToList();
        Assert.Contains(definitions, d => d.EndsWith("/discharge-ready", StringComparison.Ordinal));
        Assert.Contains(definitions, d => d.EndsWith("/discharge-meeting", StringComparison.Ordinal)); // C6
        foreach (var url in definitions)
        {
            var definition = Assert.IsType<MessageDefinition>(await GetValidAsync(http, $"/fhir/MessageDefinition/{url.Split('/')[^1]}"));
            Assert.Equal(url, definition.Url);
            Assert.Equal(url.Split('/')[^1], Assert.IsType<Coding>(definition.Event).Code);
            Assert.Single(((Bundle)await GetValidAsync(http, $"/fhir/MessageDefinition?url={Uri.EscapeDataString(url)}")).Entry);
        }
        Assert.Equal(definitions.Count, ((Bundle)await GetValidAsync(http, "/fhir/MessageDefinition")).Entry.Count);
        Assert.IsType<OperationOutcome>(await GetValidAsync(http, "/fhir/MessageDefinition/no-such-event", 404));
        var rest = capability.Rest[0].Resource;
        Assert.Contains(rest.Single(r => r.Type == "MessageDefinition").Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Read);
        foreach (var type in new[] { "Goal", "Consent", "Appointment", "Task", "CarePlan", "CareTeam" })
            Assert.Contains(rest.Single(r => r.Type == type).Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.HistoryInstance);
        foreach (var type in new[] { "Practitioner", "PractitionerRole" })
            Assert.Contains(rest.Single(r => r.Type == type).Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Create);
        // Versions as the routes keep them: every type with PUT refuses a stale If-Match (412, versioned-update), the read-only
        // ones carry no version; only a task's past version (1, as given) is still read at _history/[vid].
        foreach (var r in rest)
        {
            var updatable = r.Interaction.Any(i => i.Code == CapabilityStatement.TypeRestfulInteraction.Update);
            Assert.Equal((r.Type, updatable ? CapabilityStatement.ResourceVersionPolicy.VersionedUpdate : CapabilityStatement.ResourceVersionPolicy.NoVersion, r.Type == "Task"),
                (r.Type, r.Versioning, r.ReadHistory));
        }
        Assert.Equal(["Appointment", "CarePlan", "CareTeam", "Consent", "Goal", "Organization", "Patient", "Practitioner", "PractitionerRole", "RelatedPerson", "Task"],
            rest.Where(r => r.Versioning == CapabilityStatement.ResourceVersionPolicy.VersionedUpdate).Select(r => r.Type).Order(StringComparer.Ordinal));
    }
}

/// <summary>R3: the form a consent was given in (oral, written, digital) crosses the API as it is, both ways.</summary>
public sealed class ConsentFormMappingTests
{
    [Fact]
    public void Every_consent_form_is_exported_and_read_back_as_itself_R3()
    {
        foreach (var form in Enum.GetValues<Domain.Plans.ConsentForm>())
            Assert.Equal(form, ConsentMapper.FormOf(new Code(ConsentMapper.FormCode(form))));
        Assert.Equal("digital", ConsentMapper.FormCode(Domain.Plans.ConsentForm.Digital));
        Assert.Equal(Domain.Plans.ConsentForm.Written, ConsentMapper.FormOf(null));
        Assert.Equal(422, Assert.Throws<FhirInputException>(() => ConsentMapper.FormOf(new Code("telepati"))).Status);
        Assert.Equal(3, Enum.GetValues<Domain.Plans.ConsentForm>().Select(ConsentMapper.FormCode).Distinct().Count());
    }
}
