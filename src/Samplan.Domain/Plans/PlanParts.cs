namespace Samplan.Domain.Plans;

public enum PlanStatus { Draft, Active, Closed, Transferred }

/// <summary>L2: needs are mapped across the four ICF areas.</summary>
public enum IcfArea { BodyFunctionAndStructure, DailyActivities, Participation, Environment }

public enum GoalStatus { NotStarted, InProgress, Achieved, Discontinued }

public enum MeasureStatus { Planned, Ongoing, Paused, Completed, Stopped }

public enum ParticipantRole { Person, Relative, ServiceProvider, GeneralPractitioner, ContactPhysician }

/// <summary>R6: detailed plans that form part of the IP.</summary>
public enum SubPlanKind { IndividualEducationPlan, TreatmentPlan, CrisisPlan, CopingPlan, TrainingProgramme, Other }

/// <summary>S5: oral (recorded by staff), written (a signed declaration), or given digitally by the person or their representative in Samplan.</summary>
public enum ConsentForm { Oral, Written, Digital }

public enum ConsentGiverRole { Person, ParentWithResponsibility, Guardian }

/// <summary>R4 (a), R5: a goal, or a sub-goal when <see cref="ParentGoalId"/> is set.</summary>
public sealed class Goal
{
    Goal() { Text = ""; }

    internal Goal(Guid id, Guid planId, Guid? parentGoalId, string text, DateOnly? targetDate, bool inPersonsOwnWords)
    {
        Id = id;
        PlanId = planId;
        ParentGoalId = parentGoalId;
        Text = text;
        TargetDate = targetDate;
        InPersonsOwnWords = inPersonsOwnWords;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid? ParentGoalId { get; private set; }
    public string Text { get; internal set; }
    public GoalStatus Status { get; internal set; }
    public DateOnly? TargetDate { get; internal set; }
    public bool InPersonsOwnWords { get; internal set; }
}

/// <summary>R4 (a), L2: a need for services in one ICF area.</summary>
public sealed class Need
{
    Need() { Description = ""; }

    internal Need(Guid id, Guid planId, IcfArea area, string description)
    {
        Id = id;
        PlanId = planId;
        Area = area;
        Description = description;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public IcfArea Area { get; internal set; }
    public string Description { get; internal set; }
}

/// <summary>R4 (a): what the person and those around them have to build on.</summary>
public sealed class PlanResource
{
    PlanResource() { Description = ""; }

    internal PlanResource(Guid id, Guid planId, string description)
    {
        Id = id;
        PlanId = planId;
        Description = description;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public string Description { get; internal set; }
}

/// <summary>R4 (b, d): someone who takes part in the plan work and what they contribute.</summary>
public sealed class Participant
{
    Participant() { Name = ""; }

    internal Participant(Guid id, Guid planId, ParticipantRole role, string name, Guid? staffMemberId, Guid? relatedPersonId,
        Guid? organisationId, Organisations.CareLevel? organisationLevel, string? contribution)
    {
        Id = id;
        PlanId = planId;
        Role = role;
        Name = name;
        StaffMemberId = staffMemberId;
        RelatedPersonId = relatedPersonId;
        OrganisationId = organisationId;
        OrganisationLevel = organisationLevel;
        Contribution = contribution;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public ParticipantRole Role { get; private set; }
    public string Name { get; private set; }
    public Guid? StaffMemberId { get; private set; }
    public Guid? RelatedPersonId { get; private set; }
    public Guid? OrganisationId { get; private set; }
    public Organisations.CareLevel? OrganisationLevel { get; private set; }
    public string? Contribution { get; internal set; }

    public bool GivesServices => Role is ParticipantRole.ServiceProvider or ParticipantRole.GeneralPractitioner or ParticipantRole.ContactPhysician;
}

/// <summary>R4 (e, f): a service or action, its scope, who is responsible and how it is carried out.</summary>
public sealed class Measure
{
    Measure() { Title = ""; Scope = ""; }

    internal Measure(Guid id, Guid planId) { Id = id; PlanId = planId; Title = ""; Scope = ""; }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public string Title { get; internal set; }
    /// <summary>Scope and frequency, e.g. "2 timer, 3 ganger i uka".</summary>
    public string Scope { get; internal set; }
    public Guid? ResponsibleParticipantId { get; internal set; }
    public Guid? ResponsibleOrganisationId { get; internal set; }
    public string? ResponsibleOrganisationName { get; internal set; }
    public string? HowCarriedOut { get; internal set; }
    public DateOnly? Start { get; internal set; }
    public DateOnly? End { get; internal set; }
    public MeasureStatus Status { get; internal set; }
    public Guid? GoalId { get; internal set; }
}

/// <summary>R4 (i): collaboration needed with other providers, institutions and agencies.</summary>
public sealed class Collaboration
{
    Collaboration() { Agency = ""; Purpose = ""; }

    internal Collaboration(Guid id, Guid planId, string agency, string purpose)
    {
        Id = id;
        PlanId = planId;
        Agency = agency;
        Purpose = purpose;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public string Agency { get; internal set; }
    public string Purpose { get; internal set; }
}

/// <summary>R6: a sub-plan kept elsewhere (IOP in the school's system, a crisis plan…), linked from the IP.</summary>
public sealed class SubPlan
{
    SubPlan() { Title = ""; }

    internal SubPlan(Guid id, Guid planId, SubPlanKind kind, string title, string? link, string? heldBy)
    {
        Id = id;
        PlanId = planId;
        Kind = kind;
        Title = title;
        Link = link;
        HeldBy = heldBy;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public SubPlanKind Kind { get; private set; }
    public string Title { get; private set; }
    public string? Link { get; private set; }
    public string? HeldBy { get; private set; }
}

/// <summary>
/// R3, R4 (h): the consent the plan rests on. Minimal here — who gave it, in what form, what it covers
/// and until when; narrowing by kind of information and recipient comes with the consent feature.
/// </summary>
public sealed partial class PlanConsent
{
    PlanConsent() { GivenBy = ""; }

    internal PlanConsent(Guid id, Guid planId, string givenBy, ConsentGiverRole giverRole, Guid? givenByRelatedPersonId,
        ConsentForm form, DateOnly givenOn, DateOnly? validTo, Guid? recordedByStaffId, bool coversInformationExchange)
    {
        GivenByRelatedPersonId = givenByRelatedPersonId;
        Id = id;
        PlanId = planId;
        GivenBy = givenBy;
        GiverRole = giverRole;
        Form = form;
        GivenOn = givenOn;
        ValidTo = validTo;
        RecordedByStaffId = recordedByStaffId;
        CoversInformationExchange = coversInformationExchange;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public string GivenBy { get; private set; }
    public ConsentGiverRole GiverRole { get; private set; }
    /// <summary>S2, S3: the parent or guardian who gave the consent; null when the person gave it themself.</summary>
    public Guid? GivenByRelatedPersonId { get; private set; }
    public ConsentForm Form { get; private set; }
    public DateOnly GivenOn { get; private set; }
    public DateOnly? ValidTo { get; private set; }
    /// <summary>The staff member who recorded an oral or written consent; null when the person or their representative gave it digitally.</summary>
    public Guid? RecordedByStaffId { get; private set; }
    /// <summary>R3 (b): the information exchange the plan work needs.</summary>
    public bool CoversInformationExchange { get; private set; }
    public DateOnly? WithdrawnOn { get; internal set; }

    public bool IsInForce(DateOnly day) =>
        WithdrawnOn is null && GivenOn <= day && (ValidTo is null || ValidTo >= day);
}
