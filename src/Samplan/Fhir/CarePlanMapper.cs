using Hl7.Fhir.Model;
using Samplan.Domain.Plans;
using Measure = Samplan.Domain.Plans.Measure;
using static Samplan.Fhir.FhirMapping;
using Goal = Samplan.Domain.Plans.Goal;

namespace Samplan.Fhir;

/// <summary>
/// What of a plan the user may see, as the policy decided: its content (goals, measures, what matters — goals-and-measures
/// information, R8), its participants, its consents. Coordinating-unit staff see only the metadata (K4).
/// </summary>
public sealed record PlanVisibility(bool Content, bool Participants, bool Consents);

/// <summary>CarePlan ⇄ the individual plan; Goal ⇄ its goals (R4 a, R5); CareTeam ⇄ its participants and coordinator (R4 b–d, C2).</summary>
public static class CarePlanMapper
{
    public static CarePlan ToFhir(IndividualPlan plan, PlanVisibility see, DateTime? lastUpdated)
    {
        var carePlan = new CarePlan
        {
            Id = plan.Id.ToString(),
            Meta = Meta(plan.Version, lastUpdated),
            Status = plan.Status switch
            {
                PlanStatus.Draft => RequestStatus.Draft,
                PlanStatus.Active => RequestStatus.Active,
                PlanStatus.Closed => RequestStatus.Completed,
                _ => RequestStatus.Revoked,
            },
            Intent = CarePlan.CarePlanIntent.Plan,
            Category = [Concept(CategorySystem, "individuell-plan", "Individuell plan")],
            Title = "Individuell plan",
            Subject = Ref("Patient", plan.PersonId),
            Period = PeriodOf(plan.PeriodStart, plan.PeriodEnd),
            Created = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(plan.CreatedAt, DateTimeKind.Utc))).Value,
            Contributor = [Ref("Organization", plan.ResponsibleOrganisationId, plan.ResponsibleOrganisationName)],
            CareTeam = [Ref("CareTeam", plan.Id)],
        };
        if (plan.CoordinatorStaffId is { } coordinator) carePlan.Author = Ref("Practitioner", coordinator, plan.CoordinatorName);
        if (see.Content)
        {
            carePlan.Description = plan.WhatMattersToPerson;
            carePlan.Goal = [.. plan.Goals.Select(g => Ref("Goal", g.Id))];
            carePlan.Activity = [.. plan.Measures.Select(m => Activity(plan, m))];
        }
        if (see.Consents) carePlan.SupportingInfo = [.. plan.Consents.OrderBy(c => c.GivenOn).Select(c => Ref("Consent", c.Id))];
        return carePlan;
    }

    static CarePlan.ActivityComponent Activity(IndividualPlan plan, Measure m)
    {
        var detail = new CarePlan.DetailComponent
        {
            Code = new CodeableConcept { Text = m.Title },
            Description = m.Scope,
            Status = m.Status switch
            {
                MeasureStatus.Planned => CarePlan.CarePlanActivityStatus.Scheduled,
                MeasureStatus.Ongoing => CarePlan.CarePlanActivityStatus.InProgress,
                MeasureStatus.Paused => CarePlan.CarePlanActivityStatus.OnHold,
                MeasureStatus.Completed => CarePlan.CarePlanActivityStatus.Completed,
                _ => CarePlan.CarePlanActivityStatus.Stopped,
            },
            Scheduled = PeriodOf(m.Start, m.End),
        };
        if (m.GoalId is { } goal) detail.Goal.Add(Ref("Goal", goal));
        if (m.ResponsibleParticipantId is { } pid && plan.Participants.FirstOrDefault(p => p.Id == pid) is { } responsible)
            detail.Performer.Add(MemberOf(plan, responsible));
        else if (m.ResponsibleOrganisationId is { } org)
            detail.Performer.Add(Ref("Organization", org, m.ResponsibleOrganisationName));
        // The activity's element id is the measure's: a PUT that sends it back changes that measure (FhirEndpoints.ApplyMeasuresAsync).
        var activity = new CarePlan.ActivityComponent { ElementId = m.Id.ToString(), Detail = detail };
        if (m.HowCarriedOut is { } how) activity.Progress.Add(new Annotation { Text = new Markdown(how) });
        return activity;
    }

    /// <summary>Who a participant is in FHIR: the person (Patient), a relative (RelatedPerson) or staff (Practitioner).</summary>
    public static ResourceReference MemberOf(IndividualPlan plan, Participant p) =>
        p.Role == ParticipantRole.Person ? Ref("Patient", plan.PersonId, p.Name)
        : p.RelatedPersonId is { } related ? Ref("RelatedPerson", related, p.Name)
        : p.StaffMemberId is { } staff ? Ref("Practitioner", staff, p.Name)
        : new ResourceReference { Display = p.Name };

    public static Hl7.Fhir.Model.Goal ToFhir(IndividualPlan plan, Goal goal, DateTime? lastUpdated)
    {
        var fhir = new Hl7.Fhir.Model.Goal
        {
            Id = goal.Id.ToString(),
            Meta = Meta(plan.Version, lastUpdated),
            LifecycleStatus = goal.Status switch
            {
                GoalStatus.NotStarted => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Accepted,
                GoalStatus.InProgress => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Active,
                GoalStatus.Achieved => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Completed,
                _ => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Cancelled,
            },
            AchievementStatus = goal.Status switch
            {
                GoalStatus.InProgress => new CodeableConcept("http://terminology.hl7.org/CodeSystem/goal-achievement", "in-progress", "In Progress"),
                GoalStatus.Achieved => new CodeableConcept("http://terminology.hl7.org/CodeSystem/goal-achievement", "achieved", "Achieved"),
                GoalStatus.Discontinued => new CodeableConcept("http://terminology.hl7.org/CodeSystem/goal-achievement", "not-achieved", "Not Achieved"),
                _ => null,
            },
            Description = new CodeableConcept { Text = goal.Text },
            Subject = Ref("Patient", plan.PersonId),
        };
        if (goal.TargetDate is { } due) fhir.Target.Add(new Hl7.Fhir.Model.Goal.TargetComponent { Due = new Date(Date(due)) });
        // R5: a goal in the person's own words is expressed by the person.
        if (goal.InPersonsOwnWords) fhir.ExpressedBy = Ref("Patient", plan.PersonId);
        if (goal.ParentGoalId is { } parent) fhir.Extension.Add(new Extension(ParentGoalExtension, Ref("Goal", parent)));
        return fhir;
    }

    public sealed record GoalInput(string Text, GoalStatus Status, DateOnly? TargetDate, bool InPersonsOwnWords, Guid? ParentGoalId);

    public static GoalInput Read(Hl7.Fhir.Model.Goal goal, Guid personId)
    {
        var text = goal.Description?.Text ?? goal.Description?.Coding.FirstOrDefault()?.Display;
        if (string.IsNullOrWhiteSpace(text))
            throw new FhirInputException(422, "Goal.description.text mangler: skriv målet.", OperationOutcome.IssueType.Required);
        var status = goal.LifecycleStatus switch
        {
            Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Active => GoalStatus.InProgress,
            Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Completed => GoalStatus.Achieved,
            Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Cancelled or Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Rejected => GoalStatus.Discontinued,
            _ => GoalStatus.NotStarted,
        };
        if (goal.AchievementStatus?.Coding.Any(c => c.Code == "achieved") == true) status = GoalStatus.Achieved;
        var due = goal.Target.Select(t => t.Due).OfType<Date>().FirstOrDefault()?.Value;
        var parent = goal.GetExtensionValue<ResourceReference>(ParentGoalExtension);
        return new GoalInput(text.Trim(), status, ParseDate(due, "Goal.target.dueDate"),
            IdOf(goal.ExpressedBy, "Patient") == personId, parent is null ? null : RequiredRef(parent, "Goal", "parent-goal"));
    }

    public static CareTeam CareTeamOf(IndividualPlan plan, DateTime? lastUpdated)
    {
        var team = new CareTeam
        {
            Id = plan.Id.ToString(),
            Meta = Meta(plan.Version, lastUpdated),
            Status = plan.IsOpen ? CareTeam.CareTeamStatus.Active : CareTeam.CareTeamStatus.Inactive,
            Category = [new CodeableConcept("http://loinc.org", "LA28865-6", "Longitudinal care-coordination focused care team")],
            Name = "Individuell plan – deltakere",
            Subject = Ref("Patient", plan.PersonId),
            ManagingOrganization = [Ref("Organization", plan.ResponsibleOrganisationId, plan.ResponsibleOrganisationName)],
        };
        foreach (var p in plan.Participants)
        {
            var member = new CareTeam.ParticipantComponent
            {
                Role = [Concept(ParticipantRoleSystem, p.Role.ToString(), p.Role switch
                {
                    ParticipantRole.Person => "Personen planen gjelder",
                    ParticipantRole.Relative => "Pårørende",
                    ParticipantRole.GeneralPractitioner => "Fastlege",
                    ParticipantRole.ContactPhysician => "Kontaktlege",
                    _ => "Tjenesteyter",
                })],
                Member = MemberOf(plan, p),
            };
            if (p.StaffMemberId is not null && p.StaffMemberId == plan.CoordinatorStaffId)
                member.Role.Add(Concept(ParticipantRoleSystem, "Coordinator", "Koordinator"));
            if (p.OrganisationId is { } org) member.OnBehalfOf = Ref("Organization", org);
            team.Participant.Add(member);
        }
        return team;
    }
}
