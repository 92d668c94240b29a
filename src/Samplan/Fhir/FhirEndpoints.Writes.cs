using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Messages;
using Samplan.Notifications;
using static Samplan.Fhir.FhirMapping;
using FhirTask = Hl7.Fhir.Model.Task;
using Measure = Samplan.Domain.Plans.Measure;

namespace Samplan.Fhir;

/// <summary>
/// Writing the plan's team (CareTeam: participants and coordinator, R4, C2, C3), its measures (CarePlan.activity, R4),
/// its tasks (Task) and its message thread (Communication, R12) — through the gate, the policy and the same domain
/// methods as the pages, audited.
/// </summary>
public static partial class FhirEndpoints
{
    static void MapWrites(RouteGroupBuilder fhir)
    {
        fhir.MapPut("/CareTeam/{id}", UpdateCareTeamAsync);
        fhir.MapGet("/CareTeam/{id}/_history", CareTeamHistoryAsync);
        fhir.MapPost("/Task", CreateTaskAsync);
        fhir.MapPut("/Task/{id}", UpdateTaskAsync);
        fhir.MapGet("/Communication/{id}", ReadCommunicationAsync);
        fhir.MapGet("/Communication", SearchCommunicationsAsync);
        fhir.MapPost("/Communication", CreateCommunicationAsync);
        fhir.MapPost("/RelatedPerson", CreateRelatedPersonAsync);
        fhir.MapPost("/Organization", CreateOrganizationAsync);
    }

    // ---------------------------------------------------------------- the directory (S2, S3; admin)

    const string GuardianPersonalMattersExtension = "https://samplan.no/fhir/StructureDefinition/guardian-personal-matters";

    /// <summary>
    /// POST RelatedPerson: a relative, a parent with parental responsibility (S2, at most two) or a guardian (S3) of a
    /// patient, registered by staff as on the person's edit page (<c>/persons/[id]/edit</c>). Relationship code
    /// (v3-RoleCode): <c>PRN</c>/<c>MTH</c>/<c>FTH</c> = parent with responsibility, <c>GUARD</c> = guardian, anything else a relative.
    /// </summary>
    static async Task<IResult> CreateRelatedPersonAsync(FhirContext f, CancellationToken ct)
    {
        var related = await FhirIo.ReadAsync<Hl7.Fhir.Model.RelatedPerson>(f.Request, ct);
        if (!f.IsStaff) return FhirResult.Forbidden("Pårørende, foreldre og verger registreres av en ansatt.");
        var personId = RequiredRef(related.Patient, "Patient", "RelatedPerson.patient");
        var person = await f.Db.Persons.Include(p => p.Relations).FirstOrDefaultAsync(p => p.Id == personId, ct)
            ?? throw new FhirInputException(422, $"RelatedPerson.patient Patient/{personId} finnes ikke.", OperationOutcome.IssueType.NotFound);
        var (name, kind, phone, personalMatters) = RelationOf(related);
        var added = person.AddRelation(Guid.NewGuid(), name, kind, phone, personalMatters); // S2
        f.Audit.Add(f.Me, f.AuditRole, "person.change", null, person.Id, null, true, $"La til: {Domain.Shared.Labels.Relation(kind)} (FHIR)");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(DirectoryMapper.ToFhir(added), 201, $"{f.BaseUrl}/RelatedPerson/{added.Id}");
    }

    /// <summary>
    /// POST Organization: a new organisation in the directory — for the administrator only, as users and organisations are
    /// kept on /admin/users. <c>type.text</c> (or a coding's code) is the kind (Municipality, HospitalTrust, NavOffice,
    /// School, …), <c>identifier</c> the organisasjonsnummer (9 digits, unique).
    /// </summary>
    static async Task<IResult> CreateOrganizationAsync(FhirContext f, CancellationToken ct)
    {
        var organization = await FhirIo.ReadAsync<Organization>(f.Request, ct);
        if (!f.Me.Has(Organisations.SystemRole.Administrator))
        {
            await f.Audit.WriteAsync(f.Me, f.AuditRole, "admin.denied", null, null, null, false, "FHIR: organisasjoner registreres av administrator", ct);
            return FhirResult.Forbidden("Organisasjoner registreres av administrator.");
        }
        if (organization.PartOf is not null) return await CreateUnitAsync(f, organization, ct);
        if (string.IsNullOrWhiteSpace(organization.Name) || organization.Name.Trim().Length > 200)
            throw new FhirInputException(422, "Organization.name mangler (eller er lengre enn 200 tegn).", OperationOutcome.IssueType.Required);
        var kindText = organization.Type.Select(t => t.Coding.FirstOrDefault()?.Code ?? t.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (!Enum.TryParse<Domain.Organisations.OrganisationKind>(kindText, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
            throw new FhirInputException(422, $"Organization.type må være en av {string.Join(", ", Enum.GetNames<Domain.Organisations.OrganisationKind>())}.",
                OperationOutcome.IssueType.CodeInvalid);
        var number = organization.Identifier.FirstOrDefault(i => i.System == OrgNumberSystem)?.Value;
        if (number is not null && (number.Length != 9 || !number.All(char.IsAsciiDigit)))
            throw new FhirInputException(422, "Organisasjonsnummeret må ha 9 sifre.", OperationOutcome.IssueType.Value);
        if (number is not null && await f.Db.Organisations.AnyAsync(o => o.OrganisationNumber == number, ct))
            return FhirResult.Error(409, OperationOutcome.IssueType.Duplicate, "Det finnes allerede en organisasjon med dette organisasjonsnummeret.");
        var created = new Domain.Organisations.Organisation(Guid.NewGuid(), organization.Name.Trim(), kind, number);
        f.Db.Organisations.Add(created);
        f.Audit.Add(f.Me, "administrator", "organisation.create", null, null, null, true, $"Organisasjon registrert (FHIR): {created.Name}");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(DirectoryMapper.ToFhir(created), 201, $"{f.BaseUrl}/Organization/{created.Id}");
    }

    // ---------------------------------------------------------------- CareTeam (R4 b–d, C2, C3, C5, R12)

    /// <summary>
    /// PUT CareTeam (id = the plan's): the participants as listed. A new Practitioner is added as a service provider (its
    /// role from the participant-role code), a new RelatedPerson as a relative (R12); one left out is removed (not the
    /// person, not the coordinator, not one responsible for ongoing measures — the domain's rules). The <c>Coordinator</c>
    /// role on a Practitioner appoints the first coordinator (C2, C3: consent, and health personnel in a hospital trust);
    /// a change of coordinator needs the overlap of C5 and is made in Samplan.
    /// </summary>
    static async Task<IResult> UpdateCareTeamAsync(string id, FhirContext f, CancellationToken ct)
    {
        var team = await FhirIo.ReadAsync<CareTeam>(f.Request, ct);
        if (team.Id != id) throw new FhirInputException(400, $"CareTeam.id ({team.Id ?? "mangler"}) må være den samme som i adressen ({id}).");
        if (FhirContext.ParseId(id) is not { } planId) return FhirResult.NotFound("CareTeam", id);
        var plan = await f.Gate.OpenForChangeAsync(planId, PlanPart.Participants, ct);
        if (plan is null) return await f.RefusedChangeAsync("CareTeam", id, planId, ct);
        var expected = f.ExpectedVersion(plan.Version);
        if (expected != plan.Version) await f.Gate.SaveAsync(plan, PlanPart.Participants, expected, ct);
        if (team.Subject is not null && IdOf(team.Subject, "Patient") != plan.PersonId)
            throw new FhirInputException(422, "CareTeam.subject kan ikke endres: teamet hører til planen for denne personen.", OperationOutcome.IssueType.BusinessRule, "R2");

        var keep = new HashSet<Guid>();
        Guid? coordinator = null;
        var parts = new HashSet<PlanPart>();
        foreach (var member in team.Participant)
        {
            var reference = member.Member ?? throw new FhirInputException(422, "CareTeam.participant.member mangler: hvem deltar?", OperationOutcome.IssueType.Required);
            var codes = member.Role.SelectMany(r => r.Coding).Where(c => c.System == ParticipantRoleSystem).Select(c => c.Code).ToList();
            var existing = plan.Participants.FirstOrDefault(p => SameReference(CarePlanMapper.MemberOf(plan, p), reference));
            if (IdOf(reference, "Practitioner") is { } staffId)
            {
                if (codes.Contains("Coordinator")) coordinator = staffId;
                if (existing is null)
                {
                    var staff = await f.Db.StaffMembers.FirstOrDefaultAsync(s => s.Id == staffId, ct)
                        ?? throw new FhirInputException(422, $"Practitioner/{staffId} finnes ikke i Samplan.", OperationOutcome.IssueType.NotFound, "R4");
                    var role = codes.Where(c => c != "Coordinator").Select(c => Enum.TryParse<ParticipantRole>(c, out var r) ? (ParticipantRole?)r : null)
                        .FirstOrDefault(r => r is not null) ?? ParticipantRole.ServiceProvider;
                    existing = plan.AddProvider(staff, role, null);
                    parts.Add(PlanPart.Participants);
                }
            }
            else if (existing is null && IdOf(reference, "RelatedPerson") is { } relatedId)
            {
                var related = await f.Db.RelatedPersons.FirstOrDefaultAsync(r => r.Id == relatedId, ct)
                    ?? throw new FhirInputException(422, $"RelatedPerson/{relatedId} finnes ikke i Samplan.", OperationOutcome.IssueType.NotFound, "R12");
                existing = plan.AddRelative(related, null);
                parts.Add(PlanPart.Participants);
            }
            if (existing is null)
                throw new FhirInputException(422, $"CareTeam.participant.member «{reference.Reference ?? reference.Display}» er ikke en deltaker Samplan kan legge til: "
                    + "bruk Practitioner/[id] (ansatt) eller RelatedPerson/[id] (pårørende).", OperationOutcome.IssueType.Value, "R4");
            keep.Add(existing.Id);
        }
        foreach (var gone in plan.Participants.Where(p => !keep.Contains(p.Id)).ToList())
        {
            plan.RemoveParticipant(gone.Id); // R12, C5, R4 refuse what may not go
            parts.Add(PlanPart.Participants);
        }
        if (coordinator != plan.CoordinatorStaffId)
        {
            if (coordinator is null)
                throw new FhirInputException(422, "Koordinatoren kan ikke fjernes; planen må ha en koordinator (C2). Merk koordinatoren med rollen Coordinator.",
                    OperationOutcome.IssueType.BusinessRule, "C2");
            if (plan.CoordinatorStaffId is not null)
                throw new FhirInputException(422, "Bytte av koordinator gjøres i Samplan, med overlapp mellom gammel og ny koordinator (C5).",
                    OperationOutcome.IssueType.BusinessRule, "C5");
            if (!f.Gate.Decide(plan, PlanAction.Write, PlanPart.Coordinator).Allowed)
            {
                f.Gate.Discard();
                return FhirResult.Forbidden("Du kan ikke oppnevne koordinator for denne planen.");
            }
            plan.AppointCoordinator(await f.Db.StaffMembers.FirstAsync(s => s.Id == coordinator, ct), f.Today); // C2, C3
            parts.Add(PlanPart.Coordinator);
        }
        await f.Gate.SaveAsync(plan, parts.Count == 1 ? parts.First() : PlanPart.Participants, expected, ct);
        return new FhirResult(CarePlanMapper.CareTeamOf(plan, f.Now));
    }

    /// <summary>
    /// The CareTeam's versions are the plan's (R5), for those who may read the plan's history (the coordinator and the
    /// person, as /plans/[id]/history): the current one with its resource, earlier ones as their revision (see Provenance).
    /// </summary>
    static async Task<IResult> CareTeamHistoryAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } planId || await f.Gate.ReadAsync(planId, PlanPart.History, ct) is not { } plan)
            return FhirResult.NotFound("CareTeam", id);
        var revisions = await f.Gate.RevisionsAsync(plan.Id, ct);
        var bundle = new Bundle { Type = Bundle.BundleType.History, Total = revisions.Count };
        foreach (var r in revisions)
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{f.BaseUrl}/CareTeam/{plan.Id}",
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"CareTeam/{plan.Id}" },
                Response = new Bundle.ResponseComponent
                {
                    Status = "200 OK",
                    Etag = $"W/\"{r.Version}\"",
                    LastModified = new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)),
                    Location = $"CareTeam/{plan.Id}/_history/{r.Version}",
                },
                Resource = r.Version == plan.Version && f.See(plan).Participants ? CarePlanMapper.CareTeamOf(plan, r.At) : null,
            });
        return new FhirResult(bundle);
    }

    static bool SameReference(ResourceReference a, ResourceReference b) =>
        a.Reference is { } x && b.Reference is { } y && (x == y || y.EndsWith("/" + x, StringComparison.Ordinal));

    // ---------------------------------------------------------------- CarePlan.activity = measures (R4 e, f)

    /// <summary>
    /// The measures as the CarePlan lists them (a whole replacement, as PUT is): an activity with the id of a measure
    /// changes it, one without an id adds a measure, a measure not listed is removed. Each goes through the plan's own
    /// methods, so R4 holds: a title, a scope, and a responsible participant or organisation (<c>detail.performer</c>).
    /// </summary>
    static async Task<bool> ApplyMeasuresAsync(FhirContext f, IndividualPlan plan, CarePlan carePlan, CancellationToken ct)
    {
        var changed = false;
        var listed = new HashSet<Guid>();
        foreach (var activity in carePlan.Activity)
        {
            if (activity.Reference is not null || activity.Detail is null)
                throw new FhirInputException(422, "Et tiltak beskrives i CarePlan.activity.detail (activity.reference støttes ikke).", OperationOutcome.IssueType.NotSupported, "R4");
            var details = await MeasureOfAsync(f, plan, activity.Detail, activity.Progress.FirstOrDefault()?.Text, ct);
            if (activity.ElementId is { Length: > 0 } elementId)
            {
                var current = Guid.TryParse(elementId, out var measureId) ? plan.Measures.FirstOrDefault(m => m.Id == measureId) : null;
                if (current is null)
                    throw new FhirInputException(422, $"CarePlan.activity.id «{elementId}» er ikke et tiltak i planen. Et nytt tiltak har ingen id.",
                        OperationOutcome.IssueType.NotFound, "R4");
                if (!listed.Add(current.Id)) throw new FhirInputException(422, $"Tiltaket {elementId} står to ganger i CarePlan.activity.", OperationOutcome.IssueType.Duplicate, "R4");
                if (!SameMeasure(current, details))
                {
                    plan.UpdateMeasure(current.Id, details);
                    changed = true;
                }
            }
            else
            {
                listed.Add(plan.AddMeasure(details).Id);
                changed = true;
            }
        }
        foreach (var gone in plan.Measures.Where(m => !listed.Contains(m.Id)).ToList())
        {
            plan.RemoveMeasure(gone.Id);
            changed = true;
        }
        return changed;
    }

    static async Task<MeasureDetails> MeasureOfAsync(FhirContext f, IndividualPlan plan, CarePlan.DetailComponent d, string? how, CancellationToken ct)
    {
        var title = d.Code?.Text ?? d.Code?.Coding.FirstOrDefault()?.Display ?? "";
        Guid? participantId = null;
        Guid? organisationId = null;
        string? organisationName = null;
        foreach (var performer in d.Performer)
        {
            if (IdOf(performer, "Organization") is { } org)
            {
                var organisation = await f.Db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == org, ct)
                    ?? throw new FhirInputException(422, $"Organization/{org} finnes ikke i Samplan.", OperationOutcome.IssueType.NotFound, "R4");
                organisationId = organisation.Id;
                organisationName = organisation.Name;
            }
            else
                participantId = plan.Participants.FirstOrDefault(p => SameReference(CarePlanMapper.MemberOf(plan, p), performer))?.Id
                    ?? throw new FhirInputException(422, $"Den ansvarlige for tiltaket ({performer.Reference ?? performer.Display}) deltar ikke i planen.",
                        OperationOutcome.IssueType.BusinessRule, "R4");
        }
        var status = d.Status switch
        {
            CarePlan.CarePlanActivityStatus.NotStarted or CarePlan.CarePlanActivityStatus.Scheduled => MeasureStatus.Planned,
            CarePlan.CarePlanActivityStatus.InProgress => MeasureStatus.Ongoing,
            CarePlan.CarePlanActivityStatus.OnHold => MeasureStatus.Paused,
            CarePlan.CarePlanActivityStatus.Completed => MeasureStatus.Completed,
            CarePlan.CarePlanActivityStatus.Stopped or CarePlan.CarePlanActivityStatus.Cancelled => MeasureStatus.Stopped,
            _ => throw new FhirInputException(422, $"CarePlan.activity.detail.status «{d.Status}» kan ikke brukes for et tiltak.", OperationOutcome.IssueType.Value),
        };
        var period = d.Scheduled as Period;
        if (d.Scheduled is not null && period is null)
            throw new FhirInputException(422, "CarePlan.activity.detail.scheduled må være en periode (scheduledPeriod).", OperationOutcome.IssueType.NotSupported);
        Guid? goalId = d.Goal.Count == 0 ? null : RequiredRef(d.Goal[0], "Goal", "CarePlan.activity.detail.goal");
        // R4: with neither a participant nor an organisation, the plan's own rule refuses the measure.
        return new MeasureDetails(title, d.Description ?? "", participantId, participantId is null ? organisationId : null,
            participantId is null ? organisationName : null, how, ParseDate(period?.Start, "CarePlan.activity.detail.scheduledPeriod.start"),
            ParseDate(period?.End, "CarePlan.activity.detail.scheduledPeriod.end"), status, goalId);
    }

    static bool SameMeasure(Measure m, MeasureDetails d) =>
        m.Title == d.Title.Trim() && m.Scope == d.Scope.Trim() && m.ResponsibleParticipantId == d.ResponsibleParticipantId
        && m.ResponsibleOrganisationId == d.ResponsibleOrganisationId && (m.HowCarriedOut ?? "") == (d.HowCarriedOut ?? "").Trim()
        && m.Start == d.Start && m.End == d.End && m.Status == d.Status && m.GoalId == d.GoalId;

    // ---------------------------------------------------------------- Task (R4 b, d; C4)

    /// <summary>
    /// POST Task: a task in the patient's open plan (<c>for</c> = the patient, or <c>focus</c> = the CarePlan), given to a
    /// participant (<c>owner</c>), what (<c>description</c>), when (<c>restriction.period.end</c>) — as on the tasks page:
    /// those who may write the plan's tasks (the coordinator), R4 and R10 from the domain.
    /// </summary>
    static async Task<IResult> CreateTaskAsync(FhirContext f, CancellationToken ct)
    {
        var task = await FhirIo.ReadAsync<FhirTask>(f.Request, ct);
        var planId = IdOf(task.Focus, "CarePlan");
        if (planId is null)
        {
            var personId = RequiredRef(task.For, "Patient", "Task.for");
            planId = await f.OpenPlanOfAsync(personId, ct)
                ?? throw new FhirInputException(422, "Personen har ingen åpen individuell plan å gi oppgaven i.", OperationOutcome.IssueType.NotFound, "R2");
        }
        var plan = await f.Gate.OpenForChangeAsync(planId.Value, PlanPart.Tasks, ct);
        if (plan is null) return await f.RefusedChangeAsync("Task", "", planId.Value, ct);
        if (task.For is not null && IdOf(task.For, "Patient") != plan.PersonId)
            throw new FhirInputException(422, "Task.for og Task.focus gjelder ikke samme person.", OperationOutcome.IssueType.BusinessRule, "R2");
        if (task.Status is not (FhirTask.TaskStatus.Requested or FhirTask.TaskStatus.Ready or FhirTask.TaskStatus.Draft))
            throw new FhirInputException(422, "En ny oppgave har status requested.", OperationOutcome.IssueType.BusinessRule, "R4");
        var owner = task.Owner ?? throw new FhirInputException(422, "Task.owner mangler: hvem får oppgaven? (R4)", OperationOutcome.IssueType.Required, "R4");
        var assignee = plan.Participants.FirstOrDefault(p => SameReference(CarePlanMapper.MemberOf(plan, p), owner))
            ?? throw new FhirInputException(422, "Oppgaven må gis til noen som deltar i planen (Task.owner).", OperationOutcome.IssueType.BusinessRule, "R4");
        var due = ParseDate(task.Restriction?.Period?.End, "Task.restriction.period.end")
            ?? throw new FhirInputException(422, "Task.restriction.period.end mangler: når skal oppgaven være gjort?", OperationOutcome.IssueType.Required, "R4");
        var created = PlanTask.Assign(Guid.NewGuid(), plan, assignee.Id, task.Description ?? "", due, TaskSource.Manual, null,
            f.Me.UserId, f.Me.DisplayName, f.Now);
        f.Db.PlanTasks.Add(created);
        f.Audit.Add(f.Me, f.Gate.Decide(plan, PlanAction.Write, PlanPart.Tasks).Role, "task.add", plan.Id, plan.PersonId, nameof(PlanPart.Tasks), true,
            "Oppgave gitt til en deltaker (FHIR)");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(TaskOf(plan, created), 201, $"{f.BaseUrl}/Task/{created.Id}");
    }

    /// <summary>PUT Task: marks it done (completed) or cancels it (cancelled) — by the one it is given to, or the coordinator; nothing else changes.</summary>
    static async Task<IResult> UpdateTaskAsync(string id, FhirContext f, CancellationToken ct)
    {
        var input = await FhirIo.ReadAsync<FhirTask>(f.Request, ct);
        if (input.Id != id) throw new FhirInputException(400, $"Task.id ({input.Id ?? "mangler"}) må være den samme som i adressen ({id}).");
        if (FhirContext.ParseId(id) is not { } taskId) return FhirResult.NotFound("Task", id);
        var task = await f.Db.PlanTasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || await f.Gate.ReadAsync(task.PlanId, PlanPart.Tasks, ct) is not { } plan) return FhirResult.NotFound("Task", id);
        var role = f.Gate.Decide(plan, PlanAction.Read, PlanPart.Tasks).Role;
        var current = TaskOf(plan, task);
        if (StaleDigest(f, current) is { } stale) return stale;
        if (input.Description != current.Description || !SameReference(current.Owner!, input.Owner ?? new ResourceReference())
            || input.Restriction?.Period?.End != current.Restriction!.Period!.End)
            throw new FhirInputException(422, "Bare status kan endres på en oppgave (completed eller cancelled). Gi en ny oppgave for noe annet.",
                OperationOutcome.IssueType.NotSupported, "R5");
        if (input.Status == current.Status) return new FhirResult(current);
        if (!PlanAccessPolicy.MayCloseTask(f.Me, plan, task, f.Today))
        {
            f.Db.ChangeTracker.Clear();
            await f.Audit.WriteAsync(f.Me, role, "task.close", plan.Id, plan.PersonId, nameof(PlanPart.Tasks), false,
                "FHIR: bare den oppgaven er gitt til, eller koordinator, kan avslutte den", ct);
            return FhirResult.Forbidden("Bare den oppgaven er gitt til, eller koordinator, kan avslutte den.");
        }
        if (input.Status == FhirTask.TaskStatus.Completed) task.Complete(f.Me.DisplayName, f.Now);
        else if (input.Status == FhirTask.TaskStatus.Cancelled) task.Cancel(f.Me.DisplayName, f.Now);
        else throw new FhirInputException(422, $"Status kan ikke endres fra {current.Status} til {input.Status}.", OperationOutcome.IssueType.BusinessRule, "R5");
        f.Audit.Add(f.Me, role, "task.close", plan.Id, plan.PersonId, nameof(PlanPart.Tasks), true,
            task.Status == PlanTaskStatus.Done ? "Oppgave markert som utført (FHIR)" : "Oppgave avlyst (FHIR)");
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(TaskOf(plan, task));
    }

    // ---------------------------------------------------------------- Communication (the plan's message thread, R12)

    const string MessageCategorySystem = "https://samplan.no/fhir/CodeSystem/communication-category";

    static Communication CommunicationOf(IndividualPlan plan, PlanMessage m)
    {
        var fromPerson = m.FromPersonSide;
        var communication = new Communication
        {
            Id = m.Id.ToString(),
            Status = EventStatus.Completed,
            Category = [Concept(MessageCategorySystem, "plan-message", "Melding i planen")],
            Subject = Ref("Patient", plan.PersonId),
            PartOf = [Ref("CarePlan", plan.Id)],
            Sent = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(m.SentAt, DateTimeKind.Utc))).Value,
            Sender = new ResourceReference { Display = $"{m.SenderName} ({MessageThreadModel.RoleLabel(m.SenderRole)})" },
            Payload = [new Communication.PayloadComponent { Content = new FhirString(m.Text) }],
        };
        if (m.ReadAt is { } read) communication.Received = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(read, DateTimeKind.Utc))).Value;
        if (fromPerson && plan.CoordinatorStaffId is { } coordinator) communication.Recipient.Add(Ref("Practitioner", coordinator, plan.CoordinatorName));
        else if (!fromPerson) communication.Recipient.Add(Ref("Patient", plan.PersonId));
        return communication;
    }

    /// <summary>The plan's thread, for those the thread is for (the person's side and the coordinator, as on the pages), read through the gate.</summary>
    static async Task<IndividualPlan?> ThreadPlanAsync(FhirContext f, Guid planId, CancellationToken ct)
    {
        var plan = await f.Gate.ReadAsync(planId, PlanPart.Messages, ct);
        return plan is not null && PlanAccessPolicy.MayUseMessages(f.Me, plan, f.Today) ? plan : null;
    }

    static async Task<IResult> ReadCommunicationAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } messageId) return FhirResult.NotFound("Communication", id);
        var message = await f.Db.PlanMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (message is null)
        {
            // A notice is its recipient's only: anyone else gets 404, as for a message they are not in the thread of.
            var me = f.Me.UserId;
            var notice = await f.Db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.Id == messageId && n.RecipientUserId == me, ct);
            return notice is null ? FhirResult.NotFound("Communication", id) : new FhirResult(CommunicationOf(f, notice));
        }
        if (await ThreadPlanAsync(f, message.PlanId, ct) is not { } plan) return FhirResult.NotFound("Communication", id);
        return new FhirResult(CommunicationOf(plan, message));
    }

    /// <summary>
    /// The messages of the threads the user is in (R12) and — unless the search names a patient — the user's own notices
    /// (<c>category</c> notification), never anyone else's. <c>category</c> = plan-message or notification narrows it.
    /// </summary>
    static async Task<IResult> SearchCommunicationsAsync(FhirContext f, CancellationToken ct)
    {
        var found = new List<Resource>();
        var category = f.Request.Query["category"].ToString().Split('|')[^1];
        if (category is not ("" or "plan-message" or NoticeCategory))
            throw new FhirInputException(400, $"category må være plan-message eller {NoticeCategory} ({MessageCategorySystem}).", OperationOutcome.IssueType.Value);
        if (category != NoticeCategory)
            foreach (var listed in await ReadablePlansAsync(f, PlanPart.Messages, ct, planIds: false))
            {
                if (!PlanAccessPolicy.MayUseMessages(f.Me, listed, f.Today)) continue;
                var messages = await f.Db.PlanMessages.AsNoTracking().Where(m => m.PlanId == listed.Id).OrderBy(m => m.SentAt).ToListAsync(ct);
                found.AddRange(messages.Select(m => CommunicationOf(listed, m)));
            }
        if (category != "plan-message" && f.Request.Query["patient"].Count == 0 && f.Request.Query["subject"].Count == 0)
        {
            var me = f.Me.UserId;
            var notices = await f.Db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == me)
                .OrderByDescending(n => n.CreatedAt).Take(200).ToListAsync(ct);
            found.AddRange(notices.Select(n => CommunicationOf(f, n)));
        }
        return new FhirResult(f.SearchSet(found, []));
    }

    const string NoticeCategory = "notification";

    /// <summary>
    /// A notice (Notifier) as a Communication to its recipient: what happened and a link into the app — it holds no names
    /// and no plan content by construction, so nothing of a plan is read here (the link leads through the gate).
    /// </summary>
    static Communication CommunicationOf(FhirContext f, Notification n)
    {
        var communication = new Communication
        {
            Id = n.Id.ToString(),
            Status = EventStatus.Completed,
            Category = [Concept(MessageCategorySystem, NoticeCategory, "Varsel")],
            Topic = new CodeableConcept("https://samplan.no/fhir/CodeSystem/notification-kind", n.Kind.ToString()),
            Sent = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(n.CreatedAt, DateTimeKind.Utc))).Value,
            Sender = new ResourceReference { Display = "Samplan" },
            Recipient = [f.Me.StaffMemberId is { } staff ? Ref("Practitioner", staff, f.Me.DisplayName)
                : f.Me.ActingAsRelatedPersonId is { } related ? Ref("RelatedPerson", related, f.Me.DisplayName)
                : f.Me.PersonId is { } person ? Ref("Patient", person, f.Me.DisplayName)
                : new ResourceReference { Display = f.Me.DisplayName }],
            Payload = [new Communication.PayloadComponent { Content = new FhirString(string.IsNullOrWhiteSpace(n.Body) ? n.Subject : $"{n.Subject}\n\n{n.Body}") }],
        };
        if (n.Link is { Length: > 0 } link && link.StartsWith('/'))
            communication.Payload.Add(new Communication.PayloadComponent
            {
                Content = new Attachment { Url = $"{f.Request.Scheme}://{f.Request.Host}{f.Request.PathBase}{link}", Title = n.Subject },
            });
        if (n.ReadAt is { } read) communication.Received = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(read, DateTimeKind.Utc))).Value;
        return communication;
    }

    /// <summary>
    /// POST Communication: a message in the plan's thread (<c>subject</c> = the patient, <c>payload.contentString</c> the
    /// words), from the coordinator or from the person's side, as on the message pages: the other side gets a notice
    /// that holds no names and no words of the message.
    /// </summary>
    static async Task<IResult> CreateCommunicationAsync(FhirContext f, CancellationToken ct)
    {
        var communication = await FhirIo.ReadAsync<Communication>(f.Request, ct);
        var planId = IdOf(communication.PartOf.FirstOrDefault(), "CarePlan");
        if (planId is null)
        {
            var personId = RequiredRef(communication.Subject, "Patient", "Communication.subject");
            planId = await f.OpenPlanOfAsync(personId, ct)
                ?? throw new FhirInputException(422, "Personen har ingen åpen plan å sende meldingen i.", OperationOutcome.IssueType.NotFound, "R10");
        }
        var plan = await ThreadPlanAsync(f, planId.Value, ct);
        if (plan is null)
        {
            await f.Audit.WriteAsync(f.Me, f.AuditRole, "plan.message.send", planId, null, nameof(PlanPart.Messages), false, "FHIR: ikke i meldingstråden", ct);
            return FhirResult.NotFound("CarePlan", planId.Value.ToString());
        }
        var decision = f.Gate.Decide(plan, PlanAction.Write, PlanPart.Messages);
        if (!decision.Allowed) return FhirResult.Forbidden("Planen er avsluttet. Det kan ikke sendes nye meldinger. (R10)");
        var texts = communication.Payload.Select(p => p.Content).OfType<FhirString>().Select(s => s.Value).ToList();
        if (communication.Payload.Count > 0 && texts.Count != communication.Payload.Count)
            throw new FhirInputException(422, "Communication.payload må være tekst (contentString); vedlegg støttes ikke.", OperationOutcome.IssueType.NotSupported, "R12");
        var coordinatorSide = f.IsStaff;
        var role = coordinatorSide ? MessageSenderRole.Coordinator : PersonSide.SenderRole(f.Me);
        var message = PlanMessage.Send(Guid.NewGuid(), plan, f.Me.UserId, f.Me.DisplayName, role, string.Join("\n\n", texts), f.Now);
        f.Db.PlanMessages.Add(message);
        f.Audit.Add(f.Me, decision.Role, "plan.message.send", plan.Id, plan.PersonId, nameof(PlanPart.Messages), true, "Melding sendt (FHIR)");
        var notifier = f.Request.HttpContext.RequestServices.GetRequiredService<Notifier>();
        var key = $"plan-message:{message.Id:N}";
        if (coordinatorSide)
        {
            var person = await PersonSide.PersonAsync(f.Db, plan.PersonId, ct);
            var (subject, body) = NotificationTexts.MessageToPerson();
            foreach (var user in await PersonSide.UserIdsAsync(f.Db, person, f.Today, onlyWhoMayConsent: false, ct))
                if (user != f.Me.UserId)
                    await notifier.ToUserAsync(user, NotificationKind.PlanMessage, subject, body, "/my/messages", key, ct: ct);
        }
        else
        {
            var (subject, body) = NotificationTexts.MessageToCoordinator();
            foreach (var staff in PersonSide.Coordinators(plan, f.Today))
                await notifier.ToStaffAsync(staff, NotificationKind.PlanMessage, subject, body, $"/plans/{plan.Id}/messages", key, ct: ct);
        }
        await f.Db.SaveChangesAsync(ct);
        return new FhirResult(CommunicationOf(plan, message), 201, $"{f.BaseUrl}/Communication/{message.Id}");
    }
}
