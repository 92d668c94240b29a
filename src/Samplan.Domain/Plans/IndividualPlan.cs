using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Plans;

/// <summary>
/// The individual plan (IP): one shared plan per person (R2), built around what matters to them, resting
/// on their consent (R3) and holding everything § 19 asks for (R4 a–i). Every change goes through a
/// method here that checks the rules, and is listed in <see cref="PendingChanges"/> so the revision
/// history can say who changed what.
/// </summary>
public sealed partial class IndividualPlan
{
    readonly List<Goal> _goals = [];
    readonly List<Need> _needs = [];
    readonly List<PlanResource> _resources = [];
    readonly List<Participant> _participants = [];
    readonly List<Measure> _measures = [];
    readonly List<Collaboration> _collaborations = [];
    readonly List<SubPlan> _subPlans = [];
    readonly List<PlanConsent> _consents = [];
    readonly List<string> _pendingChanges = [];

    IndividualPlan() { ResponsibleOrganisationName = ""; }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public PlanStatus Status { get; private set; }
    /// <summary>Optimistic concurrency: rises by one with every saved change (also the FHIR versionId).</summary>
    public int Version { get; private set; }
    public Guid ResponsibleOrganisationId { get; private set; }
    public CareLevel ResponsibleOrganisationLevel { get; private set; }
    public string ResponsibleOrganisationName { get; private set; }
    public Guid StartedByStaffId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ActivatedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public string? ClosingReason { get; private set; }

    /// <summary>«Hva er viktig for deg?» — the person's own words, shown first.</summary>
    public string? WhatMattersToPerson { get; private set; }

    public Guid? CoordinatorStaffId { get; private set; }
    public string? CoordinatorName { get; private set; }

    /// <summary>C2: what the person (and relatives) wish for in a coordinator, in their words; shown first when choosing.</summary>
    public string? CoordinatorWish { get; private set; }
    public Guid? WishedCoordinatorStaffId { get; private set; }
    public string? WishedCoordinatorName { get; private set; }

    /// <summary>C5: the coordinator before the last change, who may still act until <see cref="PreviousCoordinatorUntil"/>.</summary>
    public Guid? PreviousCoordinatorStaffId { get; private set; }
    public string? PreviousCoordinatorName { get; private set; }
    public DateOnly? PreviousCoordinatorUntil { get; private set; }

    // R4 (g): plan period and the agreed dates for revision and evaluation.
    public DateOnly? PeriodStart { get; private set; }
    public DateOnly? PeriodEnd { get; private set; }
    public DateOnly? NextRevisionDate { get; private set; }
    public DateOnly? NextEvaluationDate { get; private set; }

    public IReadOnlyCollection<Goal> Goals => _goals.AsReadOnly();
    public IReadOnlyCollection<Need> Needs => _needs.AsReadOnly();
    public IReadOnlyCollection<PlanResource> Resources => _resources.AsReadOnly();
    public IReadOnlyCollection<Participant> Participants => _participants.AsReadOnly();
    public IReadOnlyCollection<Measure> Measures => _measures.AsReadOnly();
    public IReadOnlyCollection<Collaboration> Collaborations => _collaborations.AsReadOnly();
    public IReadOnlyCollection<SubPlan> SubPlans => _subPlans.AsReadOnly();
    public IReadOnlyCollection<PlanConsent> Consents => _consents.AsReadOnly();

    /// <summary>What changed since the plan was loaded, in words, for the revision history.</summary>
    public IReadOnlyList<string> PendingChanges => _pendingChanges;

    public bool IsOpen => Status is PlanStatus.Draft or PlanStatus.Active;

    public PlanConsent? ConsentInForce(DateOnly day) =>
        _consents.Where(c => c.IsInForce(day) && !c.IsTransferConsent).OrderByDescending(c => c.GivenOn).FirstOrDefault();

    /// <summary>
    /// Starts the plan work as a draft. R3: not without a consent to start it, given by someone who may
    /// (S1–S3, see <see cref="RecordConsent"/>); R2: not when the person already has an open plan. The person
    /// is a participant from the start (R12).
    /// </summary>
    public static IndividualPlan Start(Guid id, Person person, Organisation responsible, StaffMember startedBy,
        IEnumerable<PlanStatus> statusesOfPersonsOtherPlans, ConsentDeclaration consent, DateTime now)
    {
        if (statusesOfPersonsOtherPlans.Any(s => s is PlanStatus.Draft or PlanStatus.Active))
            throw new DomainRuleException("R2", $"{person.Name} har allerede en individuell plan. Det skal bare være én plan per person – åpne den eksisterende planen.");
        if (responsible.Level == CareLevel.Other)
            throw new DomainRuleException("R2", "Ansvaret for planen ligger hos kommunen eller helseforetaket – velg en av dem som ansvarlig.");
        var plan = new IndividualPlan
        {
            Id = id,
            PersonId = person.Id,
            Status = PlanStatus.Draft,
            ResponsibleOrganisationId = responsible.Id,
            ResponsibleOrganisationLevel = responsible.Level,
            ResponsibleOrganisationName = responsible.Name,
            StartedByStaffId = startedBy.Id,
            CreatedAt = now,
        };
        plan.RecordConsent(consent, person, startedBy.Id);
        plan._participants.Add(new Participant(Guid.NewGuid(), id, ParticipantRole.Person, person.Name, null, null, null, null, null));
        plan._pendingChanges.Clear();
        plan._pendingChanges.Add($"Planarbeidet startet med {responsible.Name} som ansvarlig");
        return plan;
    }

    /// <summary>
    /// R3, S1–S3: records a consent. The plan cannot see the person, so the caller passes it (with its
    /// relations and competence assessments); the plan itself asks <see cref="ConsentAuthority"/> who may
    /// consent for the plan on the day the consent was given and refuses anyone else by the rule that
    /// decides (S1, S2 or S3), saying who may. The giver's name and role are taken from the person's
    /// record, never from the form. <paramref name="sharing"/> says what may be shared with whom (R3, R8);
    /// without it, a consent that covers information exchange covers every kind of information with
    /// today's participants.
    /// </summary>
    public void RecordConsent(ConsentDeclaration consent, Person person, Guid recordedByStaffId, ConsentSharing? sharing = null)
    {
        if (consent.Form == ConsentForm.Digital)
            throw new DomainRuleException("S5", "Et digitalt samtykke gis av personen selv (eller den som kan samtykke for personen) i Samplan, ikke registrert av ansatte.");
        var record = AddConsent(consent, person, recordedByStaffId, sharing);
        Changed($"Samtykke registrert ({Labels.Form(consent.Form)}) fra {record.GivenBy}");
    }

    /// <summary>
    /// R3, S5: the person (or whoever may consent for them today, S1–S4) gives the consent the coordinator asked for,
    /// digitally in Samplan: recorded as given by them on <paramref name="today"/>, with no staff recorder and no paper
    /// copy to sign. The request is answered with the consent it became.
    /// </summary>
    public PlanConsent GiveRequestedConsent(ConsentRequest request, Person person, Guid? givenByRelatedPersonId, DateOnly today, DateTime now)
    {
        if (request.PlanId != Id)
            throw new DomainRuleException("R3", "Forespørselen gjelder en annen plan.");
        request.EnsureOpen();
        var record = AddConsent(new ConsentDeclaration(givenByRelatedPersonId, ConsentForm.Digital, today, request.ValidTo, true,
            request.CoversInformationExchange), person, null, request.Sharing);
        request.Given(record.Id, record.GivenBy, now);
        // R9: a request to move the plan gives a consent to exactly that move.
        if (request.TransferToOrganisationNumber is { } number)
        {
            record.ForTransferTo(number, request.TransferToOrganisationName ?? number);
            Changed($"Samtykke til overføring av planen til {record.TransferToOrganisationName} gitt digitalt av {record.GivenBy}");
            return record;
        }
        Changed($"Samtykke gitt digitalt av {record.GivenBy}");
        return record;
    }

    PlanConsent AddConsent(ConsentDeclaration consent, Person person, Guid? recordedByStaffId, ConsentSharing? sharing)
    {
        EnsureOpen();
        if (person.Id != PersonId)
            throw new DomainRuleException("R3", "Samtykket må gjelde personen planen er for.");
        var giver = ConsentAuthority.EnsureMayConsent(person, consent.GivenOn, ConsentAuthority.IndividualPlanMatter,
            consent.GivenByRelatedPersonId);
        if (!consent.CoversPlanWork)
            throw new DomainRuleException("R3", "Samtykket må dekke å starte arbeidet med individuell plan.");
        if (consent.ValidTo is { } to && to < consent.GivenOn)
            throw new DomainRuleException("R3", "Samtykkets sluttdato kan ikke være før det ble gitt.");
        var record = new PlanConsent(Guid.NewGuid(), Id, giver.Name, giver.Role, giver.RelatedPersonId, consent.Form,
            consent.GivenOn, consent.ValidTo, recordedByStaffId, consent.CoversInformationExchange);
        if (sharing is not null && sharing.ParticipantIds.Any(id => _participants.All(p => p.Id != id)))
            throw new DomainRuleException("R3", "Samtykket kan bare nevne personer som deltar i planen.");
        if (consent.CoversInformationExchange) record.Share(sharing ?? ConsentSharing.WithEveryParticipant(this));
        _consents.Add(record);
        return record;
    }

    public void WithdrawConsent(Guid consentId, DateOnly today) => WithdrawConsentCore(consentId, today, null);

    /// <summary>
    /// S5, S1–S4: the person (or whoever may consent for them today) withdraws a consent wholly, at once.
    /// Someone who may not consent (a child under 16 signed in themself, a relative) is refused by the rule that decides.
    /// </summary>
    public void WithdrawConsentAsPerson(Guid consentId, Person person, Guid? byRelatedPersonId, DateOnly today) =>
        WithdrawConsentCore(consentId, today, EnsureMayChangeConsent(person, byRelatedPersonId, today).Name);

    void WithdrawConsentCore(Guid consentId, DateOnly today, string? by)
    {
        var consent = _consents.FirstOrDefault(c => c.Id == consentId)
            ?? throw new DomainRuleException("R3", "Fant ikke samtykket.");
        if (consent.WithdrawnOn is not null) return;
        consent.WithdrawnOn = today;
        Changed($"Samtykke fra {consent.GivenBy} trukket tilbake{(by is null ? "" : $" av {by}")}");
    }

    /// <summary>
    /// S5: narrows a consent at once — one participant, everyone from one organisation, or one kind of
    /// information is no longer covered. Withdrawing it wholly is <see cref="WithdrawConsent"/>.
    /// </summary>
    public void NarrowConsent(Guid consentId, Guid? participantId, Guid? organisationId, InformationKind? kind) =>
        NarrowConsentCore(consentId, participantId, organisationId, kind, null);

    /// <summary>S5, S1–S4: the person (or whoever may consent for them today) narrows a consent; anyone else is refused.</summary>
    public void NarrowConsentAsPerson(Guid consentId, Guid? participantId, Guid? organisationId, InformationKind? kind,
        Person person, Guid? byRelatedPersonId, DateOnly today) =>
        NarrowConsentCore(consentId, participantId, organisationId, kind, EnsureMayChangeConsent(person, byRelatedPersonId, today).Name);

    void NarrowConsentCore(Guid consentId, Guid? participantId, Guid? organisationId, InformationKind? kind, string? by)
    {
        var consent = _consents.FirstOrDefault(c => c.Id == consentId && c.WithdrawnOn is null)
            ?? throw new DomainRuleException("R3", "Fant ikke samtykket, eller det er allerede trukket tilbake.");
        if (!consent.Narrow(participantId, organisationId, kind))
            throw new DomainRuleException("R3", "Samtykket dekket ikke dette fra før.");
        var what = participantId is { } pid ? _participants.FirstOrDefault(p => p.Id == pid)?.Name ?? "en deltaker"
            : organisationId is not null ? "en virksomhet" : Labels.Kind(kind!.Value);
        Changed($"Samtykke fra {consent.GivenBy} innsnevret{(by is null ? "" : $" av {by}")}: dekker ikke lenger {what}");
    }

    ConsentGiverOption EnsureMayChangeConsent(Person person, Guid? byRelatedPersonId, DateOnly today)
    {
        if (person.Id != PersonId)
            throw new DomainRuleException("R3", "Samtykket må gjelde personen planen er for.");
        return ConsentAuthority.EnsureMayConsent(person, today, ConsentAuthority.IndividualPlanMatter, byRelatedPersonId);
    }

    /// <summary>S5: the signed written declaration (or a confirmation of it) has been received.</summary>
    public void RecordSignedCopy(Guid consentId, DateOnly receivedOn, string? note)
    {
        var consent = _consents.FirstOrDefault(c => c.Id == consentId)
            ?? throw new DomainRuleException("S5", "Fant ikke samtykket.");
        consent.RecordSignedCopy(receivedOn, note);
        Changed($"Signert samtykkeerklæring fra {consent.GivenBy} mottatt");
    }

    /// <summary>R8: may this participant see this kind of information today?</summary>
    public bool Lets(Participant participant, InformationKind kind, DateOnly today) =>
        _consents.Any(c => c.IsInForce(today) && c.Lets(participant, kind));

    /// <summary>R3: is this participant covered by a consent in force (for anything at all)?</summary>
    public bool Covers(Participant participant, DateOnly today) => _consents.Any(c => c.IsInForce(today) && c.Covers(participant));

    /// <summary>The kinds of information the plan holds now, so the coordinator sees what a consent must cover.</summary>
    public IReadOnlySet<InformationKind> KindsInUse()
    {
        var kinds = new HashSet<InformationKind>();
        if (_goals.Count > 0 || _measures.Count > 0 || WhatMattersToPerson is not null) kinds.Add(InformationKind.GoalsAndMeasures);
        if (_needs.Count > 0 || _resources.Count > 0) kinds.Add(InformationKind.HealthInformation);
        foreach (var s in _subPlans) kinds.Add(KindOf(s.Kind));
        return kinds;
    }

    /// <summary>R6, R8: a sub-plan is shared as the kind of information it holds.</summary>
    public static InformationKind KindOf(SubPlanKind kind) => kind switch
    {
        SubPlanKind.IndividualEducationPlan => InformationKind.SchoolInformation,
        SubPlanKind.Other => InformationKind.GoalsAndMeasures,
        _ => InformationKind.HealthInformation,
    };

    /// <summary>
    /// R3 re-consent: what the consent in force does not cover yet — participants added since, and kinds of
    /// information the plan has started to hold. Until a consent covers them, they see nothing of it.
    /// </summary>
    public IReadOnlyList<string> MissingConsent(DateOnly today)
    {
        var missing = new List<string>();
        if (ConsentInForce(today) is null)
        {
            missing.Add("Det finnes ikke noe gyldig samtykke.");
            return missing;
        }
        foreach (var p in _participants.Where(p => p.Role != ParticipantRole.Person && p.StaffMemberId != CoordinatorStaffId && !IsOverlappingCoordinator(p.StaffMemberId, today) && !Covers(p, today)))
            missing.Add($"{p.Name} er ikke dekket av samtykket og ser ingenting i planen før et nytt samtykke dekker {(p.Role == ParticipantRole.Relative ? "henne eller ham" : "deltakeren")}.");
        foreach (var kind in KindsInUse().Where(k => !_consents.Any(c => c.IsInForce(today) && c.CoversInformationExchange && c.SharedKinds.Contains(k))))
            missing.Add($"Planen inneholder {Labels.Kind(kind).ToLowerInvariant()}, men samtykket tillater ikke at dette deles.");
        return missing;
    }

    /// <summary>C2, C3, R3: appointing a coordinator needs consent; in a hospital trust only health personnel.</summary>
    public void AppointCoordinator(StaffMember coordinator, DateOnly today)
    {
        EnsureOpen();
        EnsureMayCoordinate(coordinator, today);
        if (CoordinatorStaffId == coordinator.Id) return;
        CoordinatorStaffId = coordinator.Id;
        CoordinatorName = coordinator.Name;
        if (!_participants.Any(p => p.StaffMemberId == coordinator.Id))
            AddParticipantCore(ParticipantRole.ServiceProvider, coordinator.Name, coordinator.Id, null,
                coordinator.OrganisationId, coordinator.OrganisationLevel, "Koordinator");
        Changed($"{coordinator.Name} oppnevnt som koordinator");
    }

    /// <summary>C5: the longest overlap between the old and the new coordinator.</summary>
    public const int MaxOverlapMonths = 3;

    /// <summary>
    /// C2: records the wish of the person (and relatives) for the coordinator, optionally naming a wished staff
    /// member. It is kept when a coordinator is appointed or changed, so whoever chooses next sees it first.
    /// </summary>
    public void RecordCoordinatorWish(string wish, StaffMember? wished = null)
    {
        EnsureOpen();
        CoordinatorWish = Required(wish, "C2", "Skriv hva personen eller de pårørende ønsker.");
        WishedCoordinatorStaffId = wished?.Id;
        WishedCoordinatorName = wished?.Name;
        Changed(wished is null ? "Ønske om koordinator registrert" : $"Ønske om koordinator registrert: {wished.Name}");
    }

    /// <summary>
    /// C5: a change of coordinator with an overlap: the previous coordinator keeps the coordinator's rights
    /// until <paramref name="overlapUntil"/> (at most <see cref="MaxOverlapMonths"/> months), so both can act.
    /// C3 and R3 as for the first appointment (<see cref="AppointCoordinator"/>).
    /// </summary>
    public void ChangeCoordinator(StaffMember next, DateOnly today, DateOnly overlapUntil)
    {
        EnsureOpen();
        if (CoordinatorStaffId is not { } current)
            throw new DomainRuleException("C5", "Planen har ingen koordinator ennå – oppnevn en først.");
        EnsureMayCoordinate(next, today);
        if (current == next.Id)
            throw new DomainRuleException("C5", $"{next.Name} er allerede koordinator.");
        if (overlapUntil < today)
            throw new DomainRuleException("C5", "Overlappingsperioden kan ikke slutte før i dag.");
        if (overlapUntil > today.AddMonths(MaxOverlapMonths))
            throw new DomainRuleException("C5", $"Overlappingsperioden kan vare høyst {MaxOverlapMonths} måneder.");
        var previousName = CoordinatorName;
        PreviousCoordinatorStaffId = current;
        PreviousCoordinatorName = previousName;
        PreviousCoordinatorUntil = overlapUntil;
        CoordinatorStaffId = next.Id;
        CoordinatorName = next.Name;
        if (!_participants.Any(p => p.StaffMemberId == next.Id))
            AddParticipantCore(ParticipantRole.ServiceProvider, next.Name, next.Id, null, next.OrganisationId, next.OrganisationLevel, "Koordinator");
        Changed($"Koordinator byttet fra {previousName} til {next.Name}, med overlapp til {overlapUntil:dd.MM.yyyy}");
    }

    /// <summary>C5: is this staff member the previous coordinator, still within the overlap period?</summary>
    public bool IsOverlappingCoordinator(Guid? staffId, DateOnly today) =>
        staffId is not null && PreviousCoordinatorStaffId == staffId && PreviousCoordinatorUntil is { } until && today <= until;

    void EnsureMayCoordinate(StaffMember coordinator, DateOnly today)
    {
        if (ConsentInForce(today) is null)
            throw new DomainRuleException("R3", "Det må foreligge samtykke før koordinator oppnevnes.");
        if (coordinator.OrganisationLevel == CareLevel.Hospital && !coordinator.IsHealthPersonnel)
            throw new DomainRuleException("C3", $"{coordinator.Name} er ikke helsepersonell. I spesialisthelsetjenesten må koordinator være helsepersonell.");
    }

    public void DescribeWhatMatters(string? ownWords)
    {
        EnsureOpen();
        WhatMattersToPerson = Clean(ownWords);
        Changed("«Hva er viktig for deg?» oppdatert");
    }

    public Goal AddGoal(string text, DateOnly? targetDate, bool inPersonsOwnWords, Guid? parentGoalId = null)
    {
        EnsureOpen();
        var clean = Required(text, "R4", "Skriv hva målet er.");
        if (parentGoalId is { } parentId)
        {
            var parent = _goals.FirstOrDefault(g => g.Id == parentId)
                ?? throw new DomainRuleException("R5", "Hovedmålet finnes ikke i planen.");
            if (parent.ParentGoalId is not null)
                throw new DomainRuleException("R5", "Delmål hører til et hovedmål, ikke til et annet delmål.");
        }
        var goal = new Goal(Guid.NewGuid(), Id, parentGoalId, clean, targetDate, inPersonsOwnWords);
        _goals.Add(goal);
        Changed(parentGoalId is null ? $"Mål lagt til: {clean}" : $"Delmål lagt til: {clean}");
        return goal;
    }

    public void UpdateGoal(Guid goalId, string text, GoalStatus status, DateOnly? targetDate, bool inPersonsOwnWords)
    {
        EnsureOpen();
        var goal = Find(_goals, goalId, g => g.Id, "Målet");
        goal.Text = Required(text, "R4", "Skriv hva målet er.");
        goal.Status = status;
        goal.TargetDate = targetDate;
        goal.InPersonsOwnWords = inPersonsOwnWords;
        Changed($"Mål endret: {goal.Text}");
    }

    /// <summary>Removes a goal with its sub-goals; measures that pointed to it keep going without a goal.</summary>
    public void RemoveGoal(Guid goalId)
    {
        EnsureOpen();
        var goal = Find(_goals, goalId, g => g.Id, "Målet");
        var removed = _goals.Where(g => g.Id == goalId || g.ParentGoalId == goalId).Select(g => g.Id).ToHashSet();
        _goals.RemoveAll(g => removed.Contains(g.Id));
        foreach (var m in _measures.Where(m => m.GoalId is { } id && removed.Contains(id))) m.GoalId = null;
        Changed($"Mål fjernet: {goal.Text}");
    }

    public Need AddNeed(IcfArea area, string description)
    {
        EnsureOpen();
        var need = new Need(Guid.NewGuid(), Id, area, Required(description, "L2", "Beskriv behovet."));
        _needs.Add(need);
        Changed($"Behov lagt til ({Labels.Icf(area)}): {need.Description}");
        return need;
    }

    public void UpdateNeed(Guid needId, IcfArea area, string description)
    {
        EnsureOpen();
        var need = Find(_needs, needId, n => n.Id, "Behovet");
        need.Area = area;
        need.Description = Required(description, "L2", "Beskriv behovet.");
        Changed($"Behov endret: {need.Description}");
    }

    public void RemoveNeed(Guid needId)
    {
        EnsureOpen();
        var need = Find(_needs, needId, n => n.Id, "Behovet");
        _needs.Remove(need);
        Changed($"Behov fjernet: {need.Description}");
    }

    public PlanResource AddResource(string description)
    {
        EnsureOpen();
        var resource = new PlanResource(Guid.NewGuid(), Id, Required(description, "R4", "Beskriv ressursen."));
        _resources.Add(resource);
        Changed($"Ressurs lagt til: {resource.Description}");
        return resource;
    }

    public void RemoveResource(Guid resourceId)
    {
        EnsureOpen();
        var resource = Find(_resources, resourceId, r => r.Id, "Ressursen");
        _resources.Remove(resource);
        Changed($"Ressurs fjernet: {resource.Description}");
    }

    public Participant AddProvider(StaffMember staff, ParticipantRole role, string? contribution)
    {
        EnsureOpen();
        if (role is ParticipantRole.Person or ParticipantRole.Relative)
            throw new DomainRuleException("R4", "Velg en tjenesteyterrolle for ansatte.");
        if (_participants.Any(p => p.StaffMemberId == staff.Id))
            throw new DomainRuleException("R4", $"{staff.Name} deltar allerede i planen.");
        return AddParticipantCore(role, staff.Name, staff.Id, null, staff.OrganisationId, staff.OrganisationLevel, contribution);
    }

    /// <summary>R12: relatives take part as far as the person wishes.</summary>
    public Participant AddRelative(RelatedPerson relative, string? contribution)
    {
        EnsureOpen();
        if (relative.PersonId != PersonId)
            throw new DomainRuleException("R12", "Den pårørende er ikke registrert hos denne personen.");
        if (_participants.Any(p => p.RelatedPersonId == relative.Id))
            throw new DomainRuleException("R4", $"{relative.Name} deltar allerede i planen.");
        return AddParticipantCore(ParticipantRole.Relative, relative.Name, null, relative.Id, null, null, contribution);
    }

    public void UpdateContribution(Guid participantId, string? contribution)
    {
        EnsureOpen();
        var participant = Find(_participants, participantId, p => p.Id, "Deltakeren");
        participant.Contribution = Clean(contribution);
        Changed($"Bidrag endret for {participant.Name}");
    }

    public void RemoveParticipant(Guid participantId)
    {
        EnsureOpen();
        var participant = Find(_participants, participantId, p => p.Id, "Deltakeren");
        if (participant.Role == ParticipantRole.Person)
            throw new DomainRuleException("R12", "Personen planen gjelder kan ikke fjernes fra sin egen plan.");
        if (participant.StaffMemberId is { } staffId && staffId == CoordinatorStaffId)
            throw new DomainRuleException("C5", "Koordinatoren kan ikke fjernes. Oppnevn en ny koordinator først.");
        if (_measures.Any(m => m.ResponsibleParticipantId == participantId && m.Status is not (MeasureStatus.Completed or MeasureStatus.Stopped)))
            throw new DomainRuleException("R4", $"{participant.Name} er ansvarlig for tiltak som pågår. Gi tiltakene en ny ansvarlig først.");
        _participants.Remove(participant);
        Changed($"{participant.Name} fjernet som deltaker");
    }

    /// <summary>R2: when both the municipality and the hospital give services, the municipality holds the plan.</summary>
    public void HandOverResponsibility(Organisation to)
    {
        EnsureOpen();
        if (to.Level == CareLevel.Other)
            throw new DomainRuleException("R2", "Ansvaret for planen kan bare ligge hos en kommune eller et helseforetak.");
        if (to.Level != CareLevel.Municipality && ServiceLevels().Contains(CareLevel.Municipality) && ServiceLevels().Contains(CareLevel.Hospital))
            throw new DomainRuleException("R2", "Når både kommunen og spesialisthelsetjenesten gir tjenester, har kommunen ansvaret for planen.");
        ResponsibleOrganisationId = to.Id;
        ResponsibleOrganisationLevel = to.Level;
        ResponsibleOrganisationName = to.Name;
        Changed($"Ansvaret for planen overført til {to.Name}");
    }

    public Measure AddMeasure(MeasureDetails details)
    {
        EnsureOpen();
        var measure = new Measure(Guid.NewGuid(), Id);
        Apply(measure, details);
        _measures.Add(measure);
        Changed($"Tiltak lagt til: {measure.Title}");
        return measure;
    }

    public void UpdateMeasure(Guid measureId, MeasureDetails details)
    {
        EnsureOpen();
        Apply(Find(_measures, measureId, m => m.Id, "Tiltaket"), details);
        Changed($"Tiltak endret: {details.Title.Trim()}");
    }

    public void RemoveMeasure(Guid measureId)
    {
        EnsureOpen();
        var measure = Find(_measures, measureId, m => m.Id, "Tiltaket");
        _measures.Remove(measure);
        Changed($"Tiltak fjernet: {measure.Title}");
    }

    public Collaboration AddCollaboration(string agency, string purpose)
    {
        EnsureOpen();
        var collaboration = new Collaboration(Guid.NewGuid(), Id, Required(agency, "R4", "Oppgi hvem det skal samarbeides med."),
            Required(purpose, "R4", "Beskriv hva samarbeidet gjelder."));
        _collaborations.Add(collaboration);
        Changed($"Samarbeid lagt til: {collaboration.Agency}");
        return collaboration;
    }

    public void RemoveCollaboration(Guid collaborationId)
    {
        EnsureOpen();
        var collaboration = Find(_collaborations, collaborationId, c => c.Id, "Samarbeidet");
        _collaborations.Remove(collaboration);
        Changed($"Samarbeid fjernet: {collaboration.Agency}");
    }

    public SubPlan AddSubPlan(SubPlanKind kind, string title, string? link, string? heldBy)
    {
        EnsureOpen();
        if (link is not null && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            throw new DomainRuleException("R6", "Lenken til delplanen må være en fullstendig nettadresse (https://…).");
        var subPlan = new SubPlan(Guid.NewGuid(), Id, kind, Required(title, "R6", "Gi delplanen en tittel."), Clean(link), Clean(heldBy));
        _subPlans.Add(subPlan);
        Changed($"Delplan lagt til: {subPlan.Title}");
        return subPlan;
    }

    public void RemoveSubPlan(Guid subPlanId)
    {
        EnsureOpen();
        var subPlan = Find(_subPlans, subPlanId, s => s.Id, "Delplanen");
        _subPlans.Remove(subPlan);
        Changed($"Delplan fjernet: {subPlan.Title}");
    }

    /// <summary>R4 (g): plan period and the agreed dates for revision and evaluation.</summary>
    public void SetDates(DateOnly? periodStart, DateOnly? periodEnd, DateOnly? nextRevision, DateOnly? nextEvaluation)
    {
        EnsureOpen();
        if (periodStart is { } s && periodEnd is { } e && e < s)
            throw new DomainRuleException("R4", "Planperioden kan ikke slutte før den begynner.");
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        NextRevisionDate = nextRevision;
        NextEvaluationDate = nextEvaluation;
        Changed("Planperiode og datoer for revisjon og evaluering endret");
    }

    /// <summary>R3: no plan without consent; C2: the plan process starts with a coordinator.</summary>
    public void Activate(DateOnly today, DateTime now)
    {
        if (Status != PlanStatus.Draft)
            throw new DomainRuleException("R10", "Bare en plan under arbeid kan tas i bruk.");
        var consent = ConsentInForce(today)
            ?? throw new DomainRuleException("R3", "Planen kan ikke tas i bruk uten et gyldig samtykke. Registrer samtykke fra personen eller den som kan samtykke på vegne av personen.");
        if (!consent.CoversInformationExchange)
            throw new DomainRuleException("R3", "Samtykket må også dekke informasjonsutvekslingen planarbeidet trenger.");
        if (CoordinatorStaffId is null)
            throw new DomainRuleException("C2", "Oppnevn en koordinator før planen tas i bruk.");
        EnsureMunicipalityResponsibleWhenBothLevels();
        Status = PlanStatus.Active;
        ActivatedAt = now;
        Changed("Planen tatt i bruk");
    }

    /// <summary>R10: closed when the person and the coordinator agree, with the decision and reasons recorded.</summary>
    public void Close(string reason, bool agreedWithPerson, DateTime now)
    {
        EnsureOpen();
        if (!agreedWithPerson)
            throw new DomainRuleException("R10", "Planen avsluttes når personen og koordinator er enige om det. Bekreft at personen er enig.");
        ClosingReason = Required(reason, "R10", "Skriv beslutningen og begrunnelsen for å avslutte planen.");
        Status = PlanStatus.Closed;
        ClosedAt = now;
        Changed($"Planen avsluttet: {ClosingReason}");
    }

    /// <summary>
    /// R5: names where the pending changes were agreed (an evaluation, a meeting), so each line of the
    /// revision history says why the change was made. <paramref name="from"/>: the first pending change to name
    /// (the count of <see cref="PendingChanges"/> before the agreed changes were made).
    /// </summary>
    public void AttributeChanges(string source, int from = 0)
    {
        for (var i = from; i < _pendingChanges.Count; i++) _pendingChanges[i] = $"{source}: {_pendingChanges[i]}";
    }

    /// <summary>Called once per saved change set, so one request is one version.</summary>
    public void MarkSaved()
    {
        Version++;
        _pendingChanges.Clear();
    }

    Participant AddParticipantCore(ParticipantRole role, string name, Guid? staffId, Guid? relatedPersonId,
        Guid? organisationId, CareLevel? level, string? contribution)
    {
        var participant = new Participant(Guid.NewGuid(), Id, role, name, staffId, relatedPersonId, organisationId, level, Clean(contribution));
        _participants.Add(participant);
        try
        {
            EnsureMunicipalityResponsibleWhenBothLevels();
        }
        catch
        {
            _participants.Remove(participant);
            throw;
        }
        Changed($"{name} lagt til som deltaker");
        return participant;
    }

    void EnsureMunicipalityResponsibleWhenBothLevels()
    {
        var levels = ServiceLevels();
        if (levels.Contains(CareLevel.Municipality) && levels.Contains(CareLevel.Hospital)
            && ResponsibleOrganisationLevel != CareLevel.Municipality)
            throw new DomainRuleException("R2", "Når både kommunen og spesialisthelsetjenesten gir tjenester, har kommunen ansvaret for planen. Overfør ansvaret til kommunen først.");
    }

    HashSet<CareLevel> ServiceLevels() => _participants.Where(p => p.GivesServices && p.OrganisationLevel is not null)
        .Select(p => p.OrganisationLevel!.Value).ToHashSet();

    void Apply(Measure measure, MeasureDetails d)
    {
        var title = Required(d.Title, "R4", "Gi tiltaket et navn.");
        var scope = Required(d.Scope, "R4", "Oppgi omfanget av tiltaket (hvor mye og hvor ofte).");
        if (d.ResponsibleParticipantId is null && d.ResponsibleOrganisationId is null)
            throw new DomainRuleException("R4", "Hvert tiltak må ha en ansvarlig – en deltaker eller en virksomhet.");
        if (d.ResponsibleParticipantId is { } pid)
        {
            var responsible = _participants.FirstOrDefault(p => p.Id == pid)
                ?? throw new DomainRuleException("R4", "Den ansvarlige deltar ikke i planen.");
            if (responsible.Role == ParticipantRole.Person && string.IsNullOrWhiteSpace(d.HowCarriedOut))
                throw new DomainRuleException("R4", "Beskriv hvordan tiltaket skal gjennomføres når personen selv er ansvarlig.");
        }
        if (d.Start is { } s && d.End is { } e && e < s)
            throw new DomainRuleException("R4", "Tiltaket kan ikke slutte før det begynner.");
        if (d.GoalId is { } gid && _goals.All(g => g.Id != gid))
            throw new DomainRuleException("R4", "Målet tiltaket skal støtte finnes ikke i planen.");
        measure.Title = title;
        measure.Scope = scope;
        measure.ResponsibleParticipantId = d.ResponsibleParticipantId;
        measure.ResponsibleOrganisationId = d.ResponsibleParticipantId is null ? d.ResponsibleOrganisationId : null;
        measure.ResponsibleOrganisationName = d.ResponsibleParticipantId is null ? Clean(d.ResponsibleOrganisationName) : null;
        measure.HowCarriedOut = Clean(d.HowCarriedOut);
        measure.Start = d.Start;
        measure.End = d.End;
        measure.Status = d.Status;
        measure.GoalId = d.GoalId;
    }

    void EnsureOpen()
    {
        if (!IsOpen)
            throw new DomainRuleException("R10", "Planen er avsluttet eller overført og kan ikke endres.");
    }

    void Changed(string what) => _pendingChanges.Add(what);

    static T Find<T>(List<T> items, Guid id, Func<T, Guid> key, string what) =>
        items.FirstOrDefault(i => key(i) == id) ?? throw new DomainRuleException("R4", $"{what} finnes ikke i planen (kanskje fjernet av en annen).");

    static string Required(string? value, string rule, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainRuleException(rule, message) : value.Trim();

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// What a consent says, as recorded by staff (R3, S5). <paramref name="GivenByRelatedPersonId"/> is null when
/// the person gave it themself, otherwise the id of the parent or guardian (S2, S3) who gave it.
/// </summary>
public sealed record ConsentDeclaration(
    Guid? GivenByRelatedPersonId,
    ConsentForm Form,
    DateOnly GivenOn,
    DateOnly? ValidTo,
    bool CoversPlanWork,
    bool CoversInformationExchange);

/// <summary>The fields of a measure (R4 e, f).</summary>
public sealed record MeasureDetails(
    string Title,
    string Scope,
    Guid? ResponsibleParticipantId,
    Guid? ResponsibleOrganisationId,
    string? ResponsibleOrganisationName,
    string? HowCarriedOut,
    DateOnly? Start,
    DateOnly? End,
    MeasureStatus Status = MeasureStatus.Planned,
    Guid? GoalId = null);
