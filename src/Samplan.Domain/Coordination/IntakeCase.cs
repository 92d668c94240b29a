using Samplan.Domain.Shared;

namespace Samplan.Domain.Coordination;

/// <summary>What came into the coordinating unit's inbox (K1, K2, N1, R11).</summary>
public enum IntakeKind
{
    /// <summary>N1: melding om behov for individuell plan og koordinator.</summary>
    NeedNotification,
    /// <summary>K2: melding om mulig behov for habilitering eller rehabilitering.</summary>
    PossibleNeedReport,
    /// <summary>R11: a request (søknad/anmodning) from the person or a relative.</summary>
    Request,
}

/// <summary>R11, N1: a request or notification may be oral (recorded by staff) or written.</summary>
public enum IntakeForm { Written, Oral }

/// <summary>Where the message came from (K1: own organisation, the hospital, other sectors).</summary>
public enum SourceSector { Municipality, Hospital, School, Nav, ChildWelfare, Other, PersonOrRelative }

/// <summary>K8: the hospital reports admitted, discharge-ready and outpatient patients.</summary>
public enum HospitalStatus { Admitted, DischargeReady, Outpatient }

public enum IntakeUrgency { Low, Normal, Urgent }

public enum IntakeStatus { Received, UnderAssessment, Closed }

public enum IntakeOutcome { PlanStarted, CoordinatorOnly, GuidanceGiven, Declined, Withdrawn, ReferredToPlan }

public enum ComplaintStatus { Received, SentToCountyGovernor, Upheld, Rejected }

/// <summary>Who did a step: the signed-in user, by id and name, so every step is attributed.</summary>
public sealed record IntakeActor(Guid UserId, string Name);

/// <summary>The one message as it arrived: who reports, about whom, what need and how urgent.</summary>
public sealed record IntakeReport(
    IntakeKind Kind,
    IntakeForm Form,
    SourceSector Sector,
    HospitalStatus? HospitalStatus,
    Guid? ReporterStaffId,
    string ReporterName,
    string? ReporterOrganisationName,
    bool ReportedByThePerson,
    Guid PersonId,
    string Need,
    IntakeUrgency Urgency,
    bool PersonAsked,
    bool PersonWantsAssessment);

/// <summary>
/// One case in a coordinating unit's inbox, from received through assessment to one outcome. Every step
/// is timestamped and attributed. N2: when someone other than the person reports, the case goes no
/// further than "received" until it is recorded that the person wants an assessment. R11: a decline is
/// written, with reasons and the right to complain to the county governor, and complaints are tracked.
/// </summary>
public sealed class IntakeCase
{
    public const int MaxText = 4000;

    readonly List<IntakeStep> _steps = [];
    readonly List<IntakeComplaint> _complaints = [];

    IntakeCase() { ReporterName = ""; Need = ""; }

    public static IntakeCase Receive(Guid id, Guid receivingOrganisationId, IntakeReport report, IntakeActor recordedBy, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(report.Need))
            throw new DomainRuleException("N1", "Beskriv behovet meldingen gjelder.");
        if (string.IsNullOrWhiteSpace(report.ReporterName))
            throw new DomainRuleException("N1", "Oppgi hvem som melder.");
        if (report.Kind == IntakeKind.Request && report.Sector != SourceSector.PersonOrRelative)
            throw new DomainRuleException("R11", "En søknad om individuell plan kommer fra personen selv eller pårørende.");
        if (report.Kind != IntakeKind.Request && report.ReporterStaffId is null)
            throw new DomainRuleException("N1", "En melding om behov sendes av en ansatt.");
        if (report.Sector == SourceSector.Hospital && report.Kind == IntakeKind.NeedNotification && report.HospitalStatus is null)
            throw new DomainRuleException("K8", "Oppgi om pasienten er innlagt, utskrivningsklar eller poliklinisk.");
        var self = report.ReportedByThePerson;
        var c = new IntakeCase
        {
            Id = id,
            ReceivingOrganisationId = receivingOrganisationId,
            Kind = report.Kind,
            Form = report.Form,
            Sector = report.Sector,
            HospitalStatus = report.Sector == SourceSector.Hospital ? report.HospitalStatus : null,
            ReporterStaffId = report.ReporterStaffId,
            ReporterName = report.ReporterName.Trim(),
            ReporterOrganisationName = report.ReporterOrganisationName?.Trim(),
            ReportedByThePerson = self,
            PersonId = report.PersonId,
            Need = Limit(report.Need),
            Urgency = report.Urgency,
            // N2: a person who asks for it themselves has said they want it.
            PersonAsked = self || report.PersonAsked,
            PersonWantsAssessment = self || (report.PersonAsked && report.PersonWantsAssessment),
            ReceivedAt = at,
            Status = IntakeStatus.Received,
        };
        var what = report.Kind switch
        {
            IntakeKind.NeedNotification => "Melding om behov for individuell plan og koordinator mottatt",
            IntakeKind.PossibleNeedReport => "Melding om mulig behov for rehabilitering mottatt",
            _ => report.Form == IntakeForm.Oral ? "Muntlig søknad registrert" : "Skriftlig søknad registrert",
        };
        c.Step(IntakeStepKind.Received, recordedBy, at, what);
        return c;
    }

    public Guid Id { get; private set; }
    public Guid ReceivingOrganisationId { get; private set; }
    public IntakeKind Kind { get; private set; }
    public IntakeForm Form { get; private set; }
    public SourceSector Sector { get; private set; }
    public HospitalStatus? HospitalStatus { get; private set; }
    public Guid? ReporterStaffId { get; private set; }
    public string ReporterName { get; private set; }
    public string? ReporterOrganisationName { get; private set; }
    public bool ReportedByThePerson { get; private set; }
    public Guid PersonId { get; private set; }
    public string Need { get; private set; }
    public IntakeUrgency Urgency { get; private set; }
    public bool PersonAsked { get; private set; }
    public bool PersonWantsAssessment { get; private set; }
    public DateTime ReceivedAt { get; private set; }
    public IntakeStatus Status { get; private set; }
    public IntakeOutcome? Outcome { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    /// <summary>K2: the guidance given to the reporter on the next step.</summary>
    public string? Guidance { get; private set; }
    /// <summary>R11: the written reasons for a decline.</summary>
    public string? DecisionReasons { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    /// <summary>K4: when a coordinator was appointed for the person after this case (plan started or coordinator only).</summary>
    public DateTime? CoordinatorAppointedAt { get; private set; }
    /// <summary>K4: calendar days (Norwegian dates) from the notification was received to the coordinator was appointed.</summary>
    public int? DaysToCoordinator { get; private set; }
    public IReadOnlyList<IntakeStep> Steps => _steps.AsReadOnly();
    public IReadOnlyList<IntakeComplaint> Complaints => _complaints.AsReadOnly();

    /// <summary>N2: may the case move on to assessment and a plan?</summary>
    public bool PersonConsentsToAssessment => ReportedByThePerson || (PersonAsked && PersonWantsAssessment);

    /// <summary>Days the case has waited: until it was closed, or until <paramref name="today"/>.</summary>
    public int DaysWaited(DateOnly today, Func<DateTime, DateOnly> toLocalDate) =>
        (ClosedAt is { } closed ? toLocalDate(closed) : today).DayNumber - toLocalDate(ReceivedAt).DayNumber;

    /// <summary>N2: records that the person has been asked, and whether they want an assessment.</summary>
    public void RecordPersonsWish(bool wantsAssessment, IntakeActor by, DateTime at)
    {
        EnsureOpen();
        PersonAsked = true;
        PersonWantsAssessment = wantsAssessment;
        Step(IntakeStepKind.PersonAsked, by, at, wantsAssessment
            ? "Personen er spurt og ønsker en vurdering"
            : "Personen er spurt og ønsker ikke en vurdering");
    }

    public void StartAssessment(IntakeActor by, DateTime at)
    {
        if (Status != IntakeStatus.Received)
            throw new DomainRuleException("K1", "Bare en mottatt sak kan tas til vurdering.");
        EnsurePersonWantsIt();
        Status = IntakeStatus.UnderAssessment;
        Step(IntakeStepKind.AssessmentStarted, by, at, "Saken er tatt til vurdering");
    }

    /// <summary>Outcome: plan work starts (the plan wizard takes over; consent is its first step, R3).</summary>
    public void StartPlan(IntakeActor by, DateTime at)
    {
        EnsureUnderAssessment();
        EnsurePersonWantsIt();
        Close(IntakeOutcome.PlanStarted, IntakeStepKind.PlanStarted, by, at, "Utfall: arbeid med individuell plan startes");
    }

    /// <summary>C1: a coordinator is offered even when the person does not want a plan.</summary>
    public void CoordinatorOnly(IntakeActor by, DateTime at)
    {
        EnsureUnderAssessment();
        EnsurePersonWantsIt();
        Close(IntakeOutcome.CoordinatorOnly, IntakeStepKind.CoordinatorOnly, by, at, "Utfall: koordinator uten individuell plan (C1)");
    }

    /// <summary>
    /// K4: records that the coordinator this case led to has been appointed, so the unit can follow how long
    /// people wait. Only for a case that ended in a plan or a coordinator only, and only once: the first
    /// appointment is what the person waited for; a later change of coordinator does not count.
    /// </summary>
    public void RecordCoordinatorAppointed(IntakeActor by, DateTime at, Func<DateTime, DateOnly> toLocalDate)
    {
        if (Outcome is not (IntakeOutcome.PlanStarted or IntakeOutcome.CoordinatorOnly))
            throw new DomainRuleException("K4", "Oppnevnt koordinator registreres bare på en sak som endte med plan eller koordinator.");
        if (CoordinatorAppointedAt is not null)
            throw new DomainRuleException("K4", "Det er allerede registrert at koordinator er oppnevnt for denne saken.");
        if (at < ReceivedAt)
            throw new DomainRuleException("K4", "Koordinator kan ikke være oppnevnt før meldingen kom.");
        CoordinatorAppointedAt = at;
        DaysToCoordinator = toLocalDate(at).DayNumber - toLocalDate(ReceivedAt).DayNumber;
        Step(IntakeStepKind.CoordinatorAppointed, by, at, $"Koordinator oppnevnt, {DaysToCoordinator} dager etter meldingen");
    }

    /// <summary>
    /// R2, R5: the person already has an open plan, so there is no new plan and no coordinator without one; the need
    /// goes to whoever holds the plan, who updates it. N2 as for the other outcomes that pass the need on.
    /// </summary>
    public void ReferToPlan(string responsibleOrganisationName, string? coordinatorName, IntakeActor by, DateTime at)
    {
        EnsureOpen();
        EnsurePersonWantsIt();
        Close(IntakeOutcome.ReferredToPlan, IntakeStepKind.ReferredToPlan, by, at, coordinatorName is null
            ? $"Utfall: personen har allerede individuell plan; behovet er sendt til {responsibleOrganisationName}"
            : $"Utfall: personen har allerede individuell plan; behovet er sendt til koordinator {coordinatorName} ({responsibleOrganisationName})");
    }

    /// <summary>K2: a report of a possible rehab need may be followed up by guiding the reporter on the next step.</summary>
    public void GiveGuidance(string guidance, IntakeActor by, DateTime at)
    {
        if (Kind != IntakeKind.PossibleNeedReport)
            throw new DomainRuleException("K2", "Veiledning til melder som utfall gjelder bare meldinger om mulig behov for rehabilitering.");
        if (string.IsNullOrWhiteSpace(guidance))
            throw new DomainRuleException("K2", "Skriv hvilken veiledning melderen fikk om neste steg.");
        EnsureUnderAssessment();
        Guidance = Limit(guidance);
        Close(IntakeOutcome.GuidanceGiven, IntakeStepKind.GuidanceGiven, by, at, "Utfall: melderen er veiledet om neste steg");
    }

    /// <summary>R11: a decline is a written decision with reasons; the letter informs about the right to complain.</summary>
    public void Decline(string reasons, IntakeActor by, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(reasons))
            throw new DomainRuleException("R11", "Et avslag må begrunnes skriftlig. Skriv begrunnelsen som skal stå i vedtaket.");
        if (Status == IntakeStatus.Closed)
            throw new DomainRuleException("K1", "Saken er allerede avsluttet.");
        DecisionReasons = Limit(reasons);
        DecidedByName = by.Name;
        DecidedAt = at;
        Close(IntakeOutcome.Declined, IntakeStepKind.Declined, by, at, "Utfall: avslått, skriftlig vedtak med klageadgang");
    }

    public void Withdraw(string? note, IntakeActor by, DateTime at)
    {
        if (Status == IntakeStatus.Closed)
            throw new DomainRuleException("K1", "Saken er allerede avsluttet.");
        Close(IntakeOutcome.Withdrawn, IntakeStepKind.Withdrawn, by, at,
            string.IsNullOrWhiteSpace(note) ? "Utfall: trukket" : $"Utfall: trukket – {note.Trim()}");
    }

    /// <summary>R11: a complaint about a decline is registered and tracked until the county governor has decided.</summary>
    public IntakeComplaint RegisterComplaint(string text, DateOnly receivedOn, IntakeActor by, DateTime at)
    {
        if (Outcome != IntakeOutcome.Declined)
            throw new DomainRuleException("R11", "Klage kan bare registreres på et avslag.");
        if (string.IsNullOrWhiteSpace(text))
            throw new DomainRuleException("R11", "Skriv hva klagen gjelder.");
        var complaint = new IntakeComplaint(Guid.NewGuid(), Id, Limit(text), receivedOn);
        _complaints.Add(complaint);
        Step(IntakeStepKind.ComplaintRegistered, by, at, "Klage registrert");
        return complaint;
    }

    public void ForwardComplaint(Guid complaintId, IntakeActor by, DateTime at)
    {
        var complaint = ComplaintOf(complaintId);
        if (complaint.Status != ComplaintStatus.Received)
            throw new DomainRuleException("R11", "Klagen er allerede sendt til Statsforvalteren.");
        complaint.Status = ComplaintStatus.SentToCountyGovernor;
        complaint.SentOn = DateOnly.FromDateTime(at);
        Step(IntakeStepKind.ComplaintForwarded, by, at, "Klage sendt til Statsforvalteren");
    }

    public void RecordComplaintOutcome(Guid complaintId, bool upheld, DateOnly decidedOn, string? note, IntakeActor by, DateTime at)
    {
        var complaint = ComplaintOf(complaintId);
        if (complaint.Status != ComplaintStatus.SentToCountyGovernor)
            throw new DomainRuleException("R11", "Statsforvalterens avgjørelse kan bare registreres for en klage som er sendt dit.");
        complaint.Status = upheld ? ComplaintStatus.Upheld : ComplaintStatus.Rejected;
        complaint.OutcomeOn = decidedOn;
        complaint.OutcomeNote = string.IsNullOrWhiteSpace(note) ? null : Limit(note);
        Step(IntakeStepKind.ComplaintDecided, by, at, upheld ? "Statsforvalteren ga klageren medhold" : "Statsforvalteren avslo klagen");
    }

    IntakeComplaint ComplaintOf(Guid id) => _complaints.FirstOrDefault(c => c.Id == id)
        ?? throw new DomainRuleException("R11", "Fant ikke klagen.");

    void EnsureOpen()
    {
        if (Status == IntakeStatus.Closed)
            throw new DomainRuleException("K1", "Saken er avsluttet.");
    }

    void EnsureUnderAssessment()
    {
        if (Status != IntakeStatus.UnderAssessment)
            throw new DomainRuleException("K1", "Saken må være til vurdering før et utfall kan registreres.");
    }

    void EnsurePersonWantsIt()
    {
        if (!PersonConsentsToAssessment)
            throw new DomainRuleException("N2", PersonAsked
                ? "Personen ønsker ikke en vurdering. Saken kan ikke gå videre; registrer den som trukket."
                : "Det må avklares med personen at hen ønsker en vurdering før saken kan gå videre.");
    }

    void Close(IntakeOutcome outcome, IntakeStepKind step, IntakeActor by, DateTime at, string text)
    {
        Status = IntakeStatus.Closed;
        Outcome = outcome;
        ClosedAt = at;
        Step(step, by, at, text);
    }

    void Step(IntakeStepKind kind, IntakeActor by, DateTime at, string text) =>
        _steps.Add(new IntakeStep(Guid.NewGuid(), Id, kind, at, by.UserId, by.Name, text));

    static string Limit(string text)
    {
        var t = text.Trim();
        return t.Length <= MaxText ? t : t[..MaxText];
    }
}

public enum IntakeStepKind
{
    Received, PersonAsked, AssessmentStarted, PlanStarted, CoordinatorOnly, GuidanceGiven, Declined, Withdrawn,
    ComplaintRegistered, ComplaintForwarded, ComplaintDecided, CoordinatorAppointed, ReferredToPlan,
}

/// <summary>One timestamped, attributed step of an intake case.</summary>
public sealed class IntakeStep
{
    IntakeStep() { ByName = ""; Text = ""; }

    internal IntakeStep(Guid id, Guid caseId, IntakeStepKind kind, DateTime at, Guid byUserId, string byName, string text)
    {
        Id = id;
        CaseId = caseId;
        Kind = kind;
        At = at;
        ByUserId = byUserId;
        ByName = byName;
        Text = text;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public IntakeStepKind Kind { get; private set; }
    public DateTime At { get; private set; }
    public Guid ByUserId { get; private set; }
    public string ByName { get; private set; }
    public string Text { get; private set; }
}

/// <summary>R11: a complaint about a declined request, tracked to the county governor's outcome.</summary>
public sealed class IntakeComplaint
{
    IntakeComplaint() { Text = ""; }

    internal IntakeComplaint(Guid id, Guid caseId, string text, DateOnly receivedOn)
    {
        Id = id;
        CaseId = caseId;
        Text = text;
        ReceivedOn = receivedOn;
        Status = ComplaintStatus.Received;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string Text { get; private set; }
    public DateOnly ReceivedOn { get; private set; }
    public ComplaintStatus Status { get; internal set; }
    public DateOnly? SentOn { get; internal set; }
    public DateOnly? OutcomeOn { get; internal set; }
    public string? OutcomeNote { get; internal set; }
}
