using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Samplan.Consent;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using static Samplan.Fhir.FhirMapping;
using DomainGoal = Samplan.Domain.Plans.Goal;
using FhirConsent = Hl7.Fhir.Model.Consent;
using FhirGoal = Hl7.Fhir.Model.Goal;

namespace Samplan.Fhir;

public static partial class FhirEndpoints
{
    const int MaxPlansPerSearch = 50;

    // ---------------------------------------------------------------- CarePlan

    static async Task<IResult> ReadCarePlanAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } planId || await f.Gate.ReadSharedAsync(planId, PlanPart.Overview, ct) is not { } plan)
            return FhirResult.NotFound("CarePlan", id);
        var see = f.See(plan);
        var updated = await f.LastUpdatedAsync(plan.Id, ct);
        return new FhirResult(KeptResources.Of(plan, see, () => [CarePlanMapper.ToFhir(plan, see, updated)])[0]);
    }

    /// <summary>The plans a search names (by patient, subject or id), as far as the user may read them (PlanGate.Readable).</summary>
    static async Task<List<IndividualPlan>> ReadablePlansAsync(FhirContext f, PlanPart part, CancellationToken ct, bool planIds = true)
    {
        var personId = f.PatientParameter("patient", "subject");
        var status = f.Request.Query["status"].ToString();
        var wanted = planIds && f.Request.Query["_id"].ToString() is { Length: > 0 } ids
            ? ids.Split(',').Select(FhirContext.ParseId).OfType<Guid>().Distinct().ToList()
            : null;
        if (wanted is not null && personId is null && status.Length == 0)
        {
            // Only ids (the usual way to read a CarePlan with its _includes): each is looked up directly, with the same
            // answer as the access filter below gives (PlanGate.FindSharedAsync), and without its query.
            var named = new List<IndividualPlan>();
            foreach (var planId in wanted.Take(MaxPlansPerSearch))
                if (await f.Gate.FindSharedAsync(planId, part, ct) is { } plan) named.Add(plan);
            return [.. named.OrderByDescending(p => p.CreatedAt)];
        }
        var query = f.Gate.Readable();
        if (personId is not null) query = query.Where(p => p.PersonId == personId);
        if (wanted is not null) query = query.Where(p => wanted.Contains(p.Id));
        if (status.Length > 0)
        {
            var statuses = status.Split(',').Select(s => s switch
            {
                "draft" => (PlanStatus?)PlanStatus.Draft,
                "active" => PlanStatus.Active,
                "completed" => PlanStatus.Closed,
                "revoked" => PlanStatus.Transferred,
                _ => null,
            }).OfType<PlanStatus>().ToList();
            query = query.Where(p => statuses.Contains(p.Status));
        }
        var found = await query.OrderByDescending(p => p.CreatedAt).Select(p => p.Id).Take(MaxPlansPerSearch).ToListAsync(ct);
        var plans = new List<IndividualPlan>();
        foreach (var planId in found)
            if (await f.Gate.ReadSharedAsync(planId, part, ct) is { } plan) plans.Add(plan);
        return plans;
    }

    static async Task<IResult> SearchCarePlansAsync(FhirContext f, CancellationToken ct)
    {
        var plans = await ReadablePlansAsync(f, PlanPart.Overview, ct);
        var includes = f.Includes();
        var revIncludes = f.Includes("_revinclude");
        var matches = new List<Resource>();
        var included = new List<Resource>();
        foreach (var plan in plans)
        {
            var see = f.See(plan);
            var updated = await f.LastUpdatedAsync(plan.Id, ct);
            // Mapped once per kept plan (KeptResources): the plan page's and FHIR's plans are the shared, unchanging ones.
            matches.Add(KeptResources.Of(plan, see, () => [CarePlanMapper.ToFhir(plan, see, updated)])[0]);
            if (see.Content && includes.Any(i => i is "CarePlan:goal" or "CarePlan:*" or "*"))
                included.AddRange(KeptResources.Of(plan, "goals", () => [.. plan.Goals.Select(g => CarePlanMapper.ToFhir(plan, g, updated))]));
            if (see.Participants && includes.Any(i => i is "CarePlan:care-team" or "CarePlan:*" or "*"))
                included.AddRange(KeptResources.Of(plan, "care team", () => [CarePlanMapper.CareTeamOf(plan, updated)]));
            if (includes.Any(i => i is "CarePlan:subject" or "CarePlan:patient" or "CarePlan:*" or "*")
                && await PatientIfVisibleAsync(f, plan.PersonId, ct) is { } patient)
                included.Add(patient);
            if (see.Consents && revIncludes.Any(i => i is "Consent:data" or "*"))
                included.AddRange(plan.Consents.Select(c => ConsentMapper.ToFhir(plan, c, f.Today, updated)));
            if (revIncludes.Any(i => i is "Provenance:target" or "*") && f.Gate.Decide(plan, PlanAction.Read, PlanPart.History).Allowed)
                included.AddRange((await f.Gate.RevisionsAsync(plan.Id, ct)).Select(r => ProvenanceOf(r)));
        }
        return new FhirResult(f.SearchSet(matches, included));
    }

    static async Task<Patient?> PatientIfVisibleAsync(FhirContext f, Guid personId, CancellationToken ct)
    {
        if (!(f.IsStaff || f.Me.PersonId == personId)) return null;
        var person = await f.Db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return null;
        await f.Audit.WriteAsync(f.Me, f.AuditRole, "person.read", null, personId, null, true, "FHIR Patient (_include)", ct);
        return PatientMapper.ToFhir(person);
    }

    /// <summary>
    /// POST CarePlan: starts the plan work (R2, R3) as a draft. The consent it rests on comes contained in the CarePlan
    /// (<c>contained</c> Consent, referenced from <c>supportingInfo</c>); the responsible organisation is
    /// <c>contributor</c> (else the user's own); <c>author</c> appoints the coordinator (C2, C3).
    /// </summary>
    static async Task<IResult> CreateCarePlanAsync(FhirContext f, CancellationToken ct)
    {
        var carePlan = await FhirIo.ReadAsync<CarePlan>(f.Request, ct);
        if (f.Me.StaffMemberId is not { } staffId) return FhirResult.Forbidden("Bare ansatte kan starte arbeidet med en individuell plan.");
        if (carePlan.Status is not RequestStatus.Draft)
            throw new FhirInputException(422, "En ny plan starter som utkast (status draft). Den tas i bruk ved å oppdatere status til active når samtykke og koordinator er på plass (R3, C2).",
                OperationOutcome.IssueType.BusinessRule, "R3");
        var personId = RequiredRef(carePlan.Subject, "Patient", "CarePlan.subject");
        var person = await f.Db.Persons.Include(p => p.Relations).Include(p => p.CompetenceAssessments).AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) throw new FhirInputException(422, $"CarePlan.subject Patient/{personId} finnes ikke.", OperationOutcome.IssueType.NotFound);

        var consent = ContainedConsent(carePlan) ?? throw new FhirInputException(422,
            "Planarbeidet kan ikke starte uten samtykke (R3): legg samtykket ved som en contained Consent som supportingInfo peker på.",
            OperationOutcome.IssueType.BusinessRule, "R3");
        FhirIo.Validate(consent);
        var (declaration, _) = ConsentMapper.Read(consent, personId, null, f.Today);

        var organisations = await f.Db.Organisations.AsNoTracking()
            .Where(o => o.Kind == OrganisationKind.Municipality || o.Kind == OrganisationKind.HospitalTrust).ToListAsync(ct);
        var wanted = carePlan.Contributor.Select(c => IdOf(c, "Organization")).OfType<Guid>().FirstOrDefault();
        var responsible = wanted != Guid.Empty ? organisations.FirstOrDefault(o => o.Id == wanted)
            : organisations.FirstOrDefault(o => o.Id == f.Me.OrganisationId);
        if (responsible is null)
            throw new FhirInputException(422, "Ansvaret for planen ligger hos kommunen eller helseforetaket: oppgi en av dem som CarePlan.contributor (Organization).",
                OperationOutcome.IssueType.BusinessRule, "R2");
        var starter = await f.Db.StaffMembers.FirstAsync(s => s.Id == staffId, ct);
        var started = await f.Gate.StartAsync(person, responsible, starter, declaration, ct);

        if (carePlan.Author is not null || carePlan.Period is not null || !string.IsNullOrWhiteSpace(carePlan.Description) || carePlan.Activity.Count > 0)
        {
            var plan = await f.Gate.OpenForChangeAsync(started.Id, PlanPart.Overview, ct) ?? throw new InvalidOperationException("The starter may change the new plan.");
            await ApplyAsync(f, plan, carePlan, ct);
            await f.Gate.SaveAsync(plan, PlanPart.Overview, plan.Version, ct);
        }
        var saved = (await f.Gate.ReadAsync(started.Id, PlanPart.Overview, ct))!;
        var result = CarePlanMapper.ToFhir(saved, f.See(saved), await f.LastUpdatedAsync(saved.Id, ct));
        return new FhirResult(result, 201, $"{f.BaseUrl}/CarePlan/{saved.Id}/_history/{saved.Version}");
    }

    static FhirConsent? ContainedConsent(CarePlan carePlan)
    {
        var consents = carePlan.Contained.OfType<FhirConsent>().ToList();
        var referenced = carePlan.SupportingInfo.Select(r => r.Reference).Where(r => r?.StartsWith('#') == true).Select(r => r![1..]).ToHashSet();
        return consents.FirstOrDefault(c => c.Id is not null && referenced.Contains(c.Id)) ?? consents.FirstOrDefault();
    }

    /// <summary>PUT CarePlan: what matters (description), period, coordinator (author) and taking it into use (status active).</summary>
    static async Task<IResult> UpdateCarePlanAsync(string id, FhirContext f, CancellationToken ct)
    {
        var carePlan = await FhirIo.ReadAsync<CarePlan>(f.Request, ct);
        if (carePlan.Id != id) throw new FhirInputException(400, $"CarePlan.id ({carePlan.Id ?? "mangler"}) må være den samme som i adressen ({id}).");
        if (FhirContext.ParseId(id) is not { } planId) return FhirResult.NotFound("CarePlan", id);
        var part = PlanPart.Overview;
        var plan = await f.Gate.OpenForChangeAsync(planId, part, ct);
        if (plan is null)
        {
            // R12: the person (or their representative) writes what matters to them, nothing else of the plan.
            part = PlanPart.WhatMatters;
            plan = await f.Gate.OpenForChangeAsync(planId, part, ct);
        }
        if (plan is null) return await f.RefusedChangeAsync("CarePlan", id, planId, ct);
        var expected = f.ExpectedVersion(plan.Version);
        if (expected != plan.Version) await f.Gate.SaveAsync(plan, part, expected, ct); // refuses with 412, nothing changed
        var changed = await ApplyAsync(f, plan, carePlan, ct);
        if (part == PlanPart.WhatMatters && changed.Any(c => c != PlanPart.WhatMatters))
        {
            f.Gate.Discard();
            return FhirResult.Forbidden("Du kan endre det som er viktig for deg (description); resten av planen endres av koordinator.");
        }
        await f.Gate.SaveAsync(plan, changed.Count == 1 ? changed.First() : part, expected, ct);
        return new FhirResult(CarePlanMapper.ToFhir(plan, f.See(plan), await f.LastUpdatedAsync(plan.Id, ct)));
    }

    /// <summary>Applies what the CarePlan changes through the plan's own methods (which check the rules); returns the parts changed.</summary>
    static async Task<HashSet<PlanPart>> ApplyAsync(FhirContext f, IndividualPlan plan, CarePlan carePlan, CancellationToken ct)
    {
        var changed = new HashSet<PlanPart>();
        if (IdOf(carePlan.Subject, "Patient") != plan.PersonId)
            throw new FhirInputException(422, "CarePlan.subject kan ikke endres: planen gjelder samme person hele tiden.", OperationOutcome.IssueType.BusinessRule, "R2");
        var description = string.IsNullOrWhiteSpace(carePlan.Description) ? null : carePlan.Description.Trim();
        if (description != plan.WhatMattersToPerson)
        {
            plan.DescribeWhatMatters(description);
            changed.Add(PlanPart.WhatMatters);
        }
        var start = ParseDate(carePlan.Period?.Start, "CarePlan.period.start");
        var end = ParseDate(carePlan.Period?.End, "CarePlan.period.end");
        if (start != plan.PeriodStart || end != plan.PeriodEnd)
        {
            plan.SetDates(start, end, plan.NextRevisionDate, plan.NextEvaluationDate);
            changed.Add(PlanPart.Dates);
        }
        if (carePlan.Author is { } author)
        {
            var coordinatorId = RequiredRef(author, "Practitioner", "CarePlan.author");
            if (coordinatorId != plan.CoordinatorStaffId)
            {
                if (plan.CoordinatorStaffId is not null)
                    throw new FhirInputException(422, "Bytte av koordinator gjøres i Samplan, med overlapp mellom gammel og ny koordinator (C5).",
                        OperationOutcome.IssueType.BusinessRule, "C5");
                var coordinator = await f.Db.StaffMembers.FirstOrDefaultAsync(s => s.Id == coordinatorId, ct)
                    ?? throw new FhirInputException(422, $"CarePlan.author Practitioner/{coordinatorId} finnes ikke.", OperationOutcome.IssueType.NotFound, "C2");
                plan.AppointCoordinator(coordinator, f.Today);
                changed.Add(PlanPart.Coordinator);
            }
        }
        else if (plan.CoordinatorStaffId is not null)
            throw new FhirInputException(422, "CarePlan.author (koordinator) kan ikke fjernes; planen må ha en koordinator (C2).", OperationOutcome.IssueType.BusinessRule, "C2");
        var status = plan.Status switch { PlanStatus.Draft => RequestStatus.Draft, PlanStatus.Active => RequestStatus.Active, PlanStatus.Closed => RequestStatus.Completed, _ => RequestStatus.Revoked };
        if (carePlan.Status != status)
        {
            if (plan.Status == PlanStatus.Draft && carePlan.Status == RequestStatus.Active) plan.Activate(f.Today, f.Now);
            else throw new FhirInputException(422, carePlan.Status == RequestStatus.Completed
                    ? "En plan avsluttes i Samplan, med beslutning, begrunnelse og personens samtykke (R10)."
                    : $"Status kan ikke endres fra {status} til {carePlan.Status} her.", OperationOutcome.IssueType.BusinessRule, "R10");
            changed.Add(PlanPart.Lifecycle);
        }
        // Goals and measures have their own resources and pages: a CarePlan that drops or adds some is refused, not half-applied.
        var goals = carePlan.Goal.Select(g => IdOf(g, "Goal")).ToHashSet();
        if (carePlan.Goal.Count > 0 && !goals.SetEquals(plan.Goals.Select(g => (Guid?)g.Id)))
            throw new FhirInputException(422, "CarePlan.goal endres ikke her: opprett eller endre mål som Goal-ressurser.", OperationOutcome.IssueType.NotSupported);
        // Measures (R4): the activities replace the plan's measures, each through the plan's own rules; as on the measures page,
        // the coordinator adds and removes them (a participant changes theirs on the page).
        if (await ApplyMeasuresAsync(f, plan, carePlan, ct))
        {
            if (!PlanAccessPolicy.MayChangeMeasure(f.Me, plan, null, f.Today))
                throw new FhirInputException(403, "Tiltakene (CarePlan.activity) endres av koordinator.", OperationOutcome.IssueType.Forbidden);
            changed.Add(PlanPart.Measures);
        }
        return changed;
    }

    static async Task<IResult> CarePlanHistoryAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } planId || await f.Gate.ReadAsync(planId, PlanPart.History, ct) is not { } plan)
            return FhirResult.NotFound("CarePlan", id);
        var revisions = await f.Gate.RevisionsAsync(plan.Id, ct);
        var bundle = new Bundle { Type = Bundle.BundleType.History, Total = revisions.Count };
        foreach (var r in revisions)
        {
            var entry = new Bundle.EntryComponent
            {
                FullUrl = $"{f.BaseUrl}/CarePlan/{plan.Id}",
                Request = new Bundle.RequestComponent { Method = r.Version == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT, Url = r.Version == 1 ? "CarePlan" : $"CarePlan/{plan.Id}" },
                Response = new Bundle.ResponseComponent
                {
                    Status = r.Version == 1 ? "201 Created" : "200 OK",
                    Etag = $"W/\"{r.Version}\"",
                    LastModified = new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)),
                    Location = $"CarePlan/{plan.Id}/_history/{r.Version}",
                },
            };
            // Earlier versions are kept as the revision's text (see Provenance), not as resources.
            if (r.Version == plan.Version) entry.Resource = CarePlanMapper.ToFhir(plan, f.See(plan), r.At);
            bundle.Entry.Add(entry);
        }
        return new FhirResult(bundle);
    }

    static async Task<IResult> ReadCarePlanVersionAsync(string id, string vid, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } planId || await f.Gate.ReadAsync(planId, PlanPart.Overview, ct) is not { } plan)
            return FhirResult.NotFound("CarePlan", id);
        if (vid == plan.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return new FhirResult(CarePlanMapper.ToFhir(plan, f.See(plan), await f.LastUpdatedAsync(plan.Id, ct)));
        return FhirResult.Error(404, OperationOutcome.IssueType.NotFound,
            $"Versjon {vid} av CarePlan/{id} finnes bare som endringshistorikk: se Provenance?target=CarePlan/{id}.");
    }

    // ---------------------------------------------------------------- Goal

    static async Task<IResult> ReadGoalAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } goalId) return FhirResult.NotFound("Goal", id);
        var planId = await f.Db.Set<DomainGoal>().Where(g => g.Id == goalId).Select(g => (Guid?)g.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null || await f.Gate.ReadAsync(planId.Value, PlanPart.Goals, ct) is not { } plan) return FhirResult.NotFound("Goal", id);
        var goal = plan.Goals.Single(g => g.Id == goalId);
        return new FhirResult(CarePlanMapper.ToFhir(plan, goal, await f.LastUpdatedAsync(plan.Id, ct)));
    }

    static async Task<IResult> SearchGoalsAsync(FhirContext f, CancellationToken ct)
    {
        var wanted = f.Request.Query["_id"].ToString() is { Length: > 0 } ids ? ids.Split(',').Select(FhirContext.ParseId).OfType<Guid>().ToHashSet() : null;
        var plans = await ReadablePlansAsync(f, PlanPart.Goals, ct, planIds: false);
        var goals = new List<Resource>();
        foreach (var plan in plans)
        {
            var updated = await f.LastUpdatedAsync(plan.Id, ct);
            goals.AddRange(plan.Goals.Where(g => wanted is null || wanted.Contains(g.Id)).Select(g => CarePlanMapper.ToFhir(plan, g, updated)));
        }
        return new FhirResult(f.SearchSet(goals, []));
    }

    /// <summary>POST Goal: a goal (or, with the parent-goal extension, a sub-goal) in the patient's open plan (R2: there is one).</summary>
    static async Task<IResult> CreateGoalAsync(FhirContext f, CancellationToken ct)
    {
        var goal = await FhirIo.ReadAsync<FhirGoal>(f.Request, ct);
        var personId = RequiredRef(goal.Subject, "Patient", "Goal.subject");
        var planId = await f.OpenPlanOfAsync(personId, ct);
        if (planId is null) throw new FhirInputException(422, "Personen har ingen åpen individuell plan å legge målet i.", OperationOutcome.IssueType.NotFound, "R2");
        var plan = await f.Gate.OpenForChangeAsync(planId.Value, PlanPart.Goals, ct);
        if (plan is null) return await f.RefusedChangeAsync("Goal", "", planId.Value, ct);
        var input = CarePlanMapper.Read(goal, plan.PersonId);
        var added = plan.AddGoal(input.Text, input.TargetDate, input.InPersonsOwnWords, input.ParentGoalId);
        if (input.Status != GoalStatus.NotStarted) plan.UpdateGoal(added.Id, input.Text, input.Status, input.TargetDate, input.InPersonsOwnWords);
        await f.Gate.SaveAsync(plan, PlanPart.Goals, f.ExpectedVersion(plan.Version), ct);
        var result = CarePlanMapper.ToFhir(plan, added, f.Now);
        return new FhirResult(result, 201, $"{f.BaseUrl}/Goal/{added.Id}/_history/{plan.Version}");
    }

    static async Task<IResult> UpdateGoalAsync(string id, FhirContext f, CancellationToken ct)
    {
        var goal = await FhirIo.ReadAsync<FhirGoal>(f.Request, ct);
        if (goal.Id != id) throw new FhirInputException(400, $"Goal.id ({goal.Id ?? "mangler"}) må være den samme som i adressen ({id}).");
        if (FhirContext.ParseId(id) is not { } goalId) return FhirResult.NotFound("Goal", id);
        var planId = await f.Db.Set<DomainGoal>().Where(g => g.Id == goalId).Select(g => (Guid?)g.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null) return FhirResult.NotFound("Goal", id);
        var plan = await f.Gate.OpenForChangeAsync(planId.Value, PlanPart.Goals, ct);
        if (plan is null) return await f.RefusedChangeAsync("Goal", id, planId.Value, ct);
        var expected = f.ExpectedVersion(plan.Version);
        if (expected != plan.Version) await f.Gate.SaveAsync(plan, PlanPart.Goals, expected, ct);
        if (IdOf(goal.Subject, "Patient") != plan.PersonId)
            throw new FhirInputException(422, "Goal.subject kan ikke endres.", OperationOutcome.IssueType.BusinessRule);
        var input = CarePlanMapper.Read(goal, plan.PersonId);
        var current = plan.Goals.Single(g => g.Id == goalId);
        if (input.ParentGoalId != current.ParentGoalId)
            throw new FhirInputException(422, "Et mål kan ikke flyttes til et annet overordnet mål.", OperationOutcome.IssueType.BusinessRule, "R5");
        plan.UpdateGoal(goalId, input.Text, input.Status, input.TargetDate, input.InPersonsOwnWords);
        await f.Gate.SaveAsync(plan, PlanPart.Goals, expected, ct);
        return new FhirResult(CarePlanMapper.ToFhir(plan, current, f.Now));
    }

    // ---------------------------------------------------------------- CareTeam

    static async Task<IResult> ReadCareTeamAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } planId || await f.Gate.ReadAsync(planId, PlanPart.Participants, ct) is not { } plan)
            return FhirResult.NotFound("CareTeam", id);
        return new FhirResult(CarePlanMapper.CareTeamOf(plan, await f.LastUpdatedAsync(plan.Id, ct)));
    }

    static async Task<IResult> SearchCareTeamsAsync(FhirContext f, CancellationToken ct)
    {
        var teams = new List<Resource>();
        foreach (var plan in await ReadablePlansAsync(f, PlanPart.Participants, ct))
            teams.Add(CarePlanMapper.CareTeamOf(plan, await f.LastUpdatedAsync(plan.Id, ct)));
        return new FhirResult(f.SearchSet(teams, []));
    }

    // ---------------------------------------------------------------- Consent

    static async Task<IResult> ReadConsentAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } consentId) return FhirResult.NotFound("Consent", id);
        var planId = await f.Db.Set<PlanConsent>().Where(c => c.Id == consentId).Select(c => (Guid?)c.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null || await f.Gate.ReadAsync(planId.Value, PlanPart.Consent, ct) is not { } plan) return FhirResult.NotFound("Consent", id);
        return new FhirResult(ConsentMapper.ToFhir(plan, plan.Consents.Single(c => c.Id == consentId), f.Today, await f.LastUpdatedAsync(plan.Id, ct)));
    }

    static async Task<IResult> SearchConsentsAsync(FhirContext f, CancellationToken ct)
    {
        var wanted = f.Request.Query["_id"].ToString() is { Length: > 0 } ids ? ids.Split(',').Select(FhirContext.ParseId).OfType<Guid>().ToHashSet() : null;
        var consents = new List<Resource>();
        foreach (var plan in await ReadablePlansAsync(f, PlanPart.Consent, ct, planIds: false))
        {
            var updated = await f.LastUpdatedAsync(plan.Id, ct);
            consents.AddRange(plan.Consents.Where(c => wanted is null || wanted.Contains(c.Id)).OrderBy(c => c.GivenOn)
                .Select(c => ConsentMapper.ToFhir(plan, c, f.Today, updated)));
        }
        return new FhirResult(f.SearchSet(consents, []));
    }

    /// <summary>
    /// POST Consent: records a consent in the patient's open plan — given by someone who may consent (S1–S3, decided by
    /// <see cref="ConsentAuthority"/> in the plan), sharing the kinds of information (provision.class) with the actors named.
    /// </summary>
    static async Task<IResult> CreateConsentAsync(FhirContext f, CancellationToken ct)
    {
        var consent = await FhirIo.ReadAsync<FhirConsent>(f.Request, ct);
        var personId = RequiredRef(consent.Patient, "Patient", "Consent.patient");
        var planId = await f.OpenPlanOfAsync(personId, ct);
        if (planId is null)
            throw new FhirInputException(422, "Personen har ingen åpen plan. Et samtykke til å starte planarbeidet sendes med når planen opprettes (CarePlan med contained Consent).",
                OperationOutcome.IssueType.BusinessRule, "R3");
        var plan = await f.Gate.OpenForChangeAsync(planId.Value, PlanPart.Consent, ct);
        if (plan is null) return await f.RefusedChangeAsync("Consent", "", planId.Value, ct);
        if (f.Me.StaffMemberId is not { } staffId)
        {
            f.Gate.Discard();
            return FhirResult.Forbidden("Samtykket registreres av en ansatt.");
        }
        var person = await f.Db.Persons.Include(p => p.Relations).Include(p => p.CompetenceAssessments).AsNoTracking()
            .FirstAsync(p => p.Id == plan.PersonId, ct);
        var (declaration, sharing) = ConsentMapper.Read(consent, plan.PersonId, plan, f.Today);
        var before = plan.Consents.Select(c => c.Id).ToHashSet();
        plan.RecordConsent(declaration, person, staffId, sharing);
        await f.Gate.SaveAsync(plan, PlanPart.Consent, f.ExpectedVersion(plan.Version), ct);
        var added = plan.Consents.Single(c => !before.Contains(c.Id));
        return new FhirResult(ConsentMapper.ToFhir(plan, added, f.Today, f.Now), 201, $"{f.BaseUrl}/Consent/{added.Id}/_history/{plan.Version}");
    }

    /// <summary>PUT Consent: withdraw it (status inactive) or narrow it (fewer actors or kinds, S5) — never widen it: that takes a new consent.</summary>
    static async Task<IResult> UpdateConsentAsync(string id, FhirContext f, CancellationToken ct)
    {
        var consent = await FhirIo.ReadAsync<FhirConsent>(f.Request, ct);
        if (consent.Id != id) throw new FhirInputException(400, $"Consent.id ({consent.Id ?? "mangler"}) må være den samme som i adressen ({id}).");
        if (FhirContext.ParseId(id) is not { } consentId) return FhirResult.NotFound("Consent", id);
        var planId = await f.Db.Set<PlanConsent>().Where(c => c.Id == consentId).Select(c => (Guid?)c.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null) return FhirResult.NotFound("Consent", id);
        var plan = await f.Gate.OpenForChangeAsync(planId.Value, PlanPart.Consent, ct);
        if (plan is null) return await f.RefusedChangeAsync("Consent", id, planId.Value, ct);
        var expected = f.ExpectedVersion(plan.Version);
        if (expected != plan.Version) await f.Gate.SaveAsync(plan, PlanPart.Consent, expected, ct);
        var current = plan.Consents.Single(c => c.Id == consentId);
        if (consent.Status is FhirConsent.ConsentState.Inactive or FhirConsent.ConsentState.Rejected && current.WithdrawnOn is null)
            plan.WithdrawConsent(consentId, f.Today);
        else if (current.WithdrawnOn is null)
        {
            var (_, sharing) = ConsentMapper.Read(consent, plan.PersonId, plan, f.Today);
            var wantedKinds = sharing?.SharedKinds ?? new HashSet<InformationKind>();
            var wantedParticipants = sharing?.ParticipantIds ?? new HashSet<Guid>();
            var wantedOrganisations = sharing?.OrganisationIds ?? new HashSet<Guid>();
            if (wantedKinds.Except(current.SharedKinds).Any()
                || wantedParticipants.Except(current.Recipients.Select(r => r.ParticipantId).OfType<Guid>()).Any()
                || wantedOrganisations.Except(current.Recipients.Select(r => r.OrganisationId).OfType<Guid>()).Any())
                throw new FhirInputException(422, "Et samtykke kan bare snevres inn eller trekkes tilbake. Å dele mer krever et nytt samtykke (POST Consent).",
                    OperationOutcome.IssueType.BusinessRule, "S5");
            foreach (var kind in current.SharedKinds.Except(wantedKinds).ToList()) plan.NarrowConsent(consentId, null, null, kind);
            foreach (var r in current.Recipients.ToList())
            {
                if (r.ParticipantId is { } p && !wantedParticipants.Contains(p)) plan.NarrowConsent(consentId, p, null, null);
                if (r.OrganisationId is { } o && !wantedOrganisations.Contains(o)) plan.NarrowConsent(consentId, null, o, null);
            }
        }
        await f.Gate.SaveAsync(plan, PlanPart.Consent, expected, ct);
        return new FhirResult(ConsentMapper.ToFhir(plan, current, f.Today, f.Now));
    }

    // ---------------------------------------------------------------- Provenance (revision history, R5)

    static Provenance ProvenanceOf(Plans.PlanRevision r) => new()
    {
        Id = r.Id.ToString(),
        Target = [new ResourceReference($"CarePlan/{r.PlanId}/_history/{r.Version}")],
        Recorded = new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)),
        Activity = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", r.Version == 1 ? "CREATE" : "UPDATE",
            r.Version == 1 ? "create" : "revise", r.Summary),
        Agent = [new Provenance.AgentComponent
        {
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author"),
            Who = new ResourceReference { Display = r.ByName },
        }],
    };

    static async Task<IResult> ReadProvenanceAsync(string id, FhirContext f, CancellationToken ct)
    {
        if (FhirContext.ParseId(id) is not { } revisionId) return FhirResult.NotFound("Provenance", id);
        var planId = await f.Db.PlanRevisions.Where(r => r.Id == revisionId).Select(r => (Guid?)r.PlanId).FirstOrDefaultAsync(ct);
        if (planId is null || await f.Gate.ReadAsync(planId.Value, PlanPart.History, ct) is null) return FhirResult.NotFound("Provenance", id);
        var revision = (await f.Gate.RevisionsAsync(planId.Value, ct)).Single(r => r.Id == revisionId);
        return new FhirResult(ProvenanceOf(revision));
    }

    static async Task<IResult> SearchProvenanceAsync(FhirContext f, CancellationToken ct)
    {
        var target = f.Request.Query["target"].ToString();
        var planId = target.Length == 0 ? null : IdOf(new ResourceReference(target), "CarePlan") ?? FhirContext.ParseId(target);
        if (planId is null) throw new FhirInputException(400, "Oppgi target=CarePlan/[id] for å søke etter Provenance.", OperationOutcome.IssueType.Required);
        if (await f.Gate.ReadAsync(planId.Value, PlanPart.History, ct) is null) return new FhirResult(f.SearchSet([], []));
        return new FhirResult(f.SearchSet((await f.Gate.RevisionsAsync(planId.Value, ct)).Select(r => ProvenanceOf(r)), []));
    }
}
