using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Shared;

namespace Samplan.Domain.Plans;

/// <summary>
/// R9: a consent that lets the plan be transferred to one named organisation (by its organisation number) in another
/// Samplan. It shares nothing here (no information exchange, no recipients), so it never widens anyone's access; it is
/// the person's recorded agreement that the plan may move.
/// </summary>
public sealed partial class PlanConsent
{
    public string? TransferToOrganisationNumber { get; private set; }
    public string? TransferToOrganisationName { get; private set; }

    public bool IsTransferConsent => TransferToOrganisationNumber is not null;

    /// <summary>R9: does this consent, in force today, let the plan move to this organisation?</summary>
    public bool LetsTransferTo(string organisationNumber, DateOnly today) =>
        IsInForce(today) && TransferToOrganisationNumber == organisationNumber;

    internal void ForTransferTo(string organisationNumber, string organisationName)
    {
        TransferToOrganisationNumber = organisationNumber;
        TransferToOrganisationName = organisationName;
        Purpose = $"Overføring av individuell plan til {organisationName}";
    }

    /// <summary>R9: a consent as it arrives with a transferred plan (the giver was checked where it was given).</summary>
    internal static PlanConsent Received(Guid planId, ReceivedConsent c, IReadOnlyDictionary<string, Guid> participantIds)
    {
        var consent = new PlanConsent(Guid.NewGuid(), planId, c.GivenBy, c.GiverRole, null, c.Form, c.GivenOn, c.ValidTo, null,
            c.CoversInformationExchange) { WithdrawnOn = c.WithdrawnOn };
        consent.SharedKindsList = FormatKinds(c.SharedKinds);
        consent.ExcludedKindsList = FormatKinds(c.ExcludedKinds);
        consent.Purpose = string.IsNullOrWhiteSpace(c.Purpose) ? null : c.Purpose.Trim();
        consent.TransferToOrganisationNumber = c.TransferToOrganisationNumber;
        consent.TransferToOrganisationName = c.TransferToOrganisationName;
        consent._recipients.AddRange(c.RecipientKeys.Where(participantIds.ContainsKey).Select(k => new ConsentRecipient(consent.Id, participantIds[k], null)));
        return consent;
    }
}

/// <summary>
/// R9, S5: the coordinator asks the person digitally for their consent to move the plan to one named organisation; the
/// person (or whoever may consent for them, S1–S4) gives it in Samplan, which records it as a digital transfer consent.
/// </summary>
public sealed partial class ConsentRequest
{
    public string? TransferToOrganisationNumber { get; private set; }
    public string? TransferToOrganisationName { get; private set; }

    public bool IsTransferRequest => TransferToOrganisationNumber is not null;

    public static ConsentRequest AskForTransfer(Guid id, IndividualPlan plan, string organisationNumber, string organisationName,
        Guid askedByStaffId, string askedByName, DateOnly today, DateTime now)
    {
        if (plan.Status != PlanStatus.Active)
            throw new DomainRuleException("R9", "Bare en plan som er tatt i bruk, kan overføres.");
        if (organisationNumber is not { Length: 9 } || !organisationNumber.All(char.IsAsciiDigit) || string.IsNullOrWhiteSpace(organisationName))
            throw new DomainRuleException("R9", "Velg virksomheten planen skal overføres til.");
        var request = Ask(id, plan, new ConsentSharing(new HashSet<InformationKind>(), new HashSet<InformationKind>(), new HashSet<Guid>(),
                new HashSet<Guid>(), $"Overføring av individuell plan til {organisationName.Trim()}"),
            null, coversInformationExchange: false, askedByStaffId, askedByName, today, now);
        request.TransferToOrganisationNumber = organisationNumber;
        request.TransferToOrganisationName = organisationName.Trim();
        return request;
    }
}

/// <summary>What arrives with a transferred plan (R9), keyed by the sender's references so measures and consents find their participants.</summary>
public sealed record ReceivedPlan(
    string FromOrganisationName,
    string? WhatMattersToPerson,
    DateTime CreatedAt,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    DateOnly? NextRevisionDate,
    DateOnly? NextEvaluationDate,
    int Version,
    IReadOnlyList<ReceivedParticipant> Participants,
    IReadOnlyList<ReceivedGoal> Goals,
    IReadOnlyList<ReceivedMeasure> Measures,
    IReadOnlyList<ReceivedConsent> Consents,
    IReadOnlyList<(IcfArea Area, string Description)>? Needs = null,
    IReadOnlyList<string>? Resources = null,
    IReadOnlyList<(string Agency, string Purpose)>? Collaborations = null,
    IReadOnlyList<ReceivedSubPlan>? SubPlans = null);

public sealed record ReceivedSubPlan(SubPlanKind Kind, string Title, string? Link, string? HeldBy);

/// <summary>A participant as it arrives; staff carry their HPR number when they have one, to be matched to staff here.</summary>
public sealed record ReceivedParticipant(string Key, ParticipantRole Role, string Name, string? Contribution, string? HprNumber = null);

public sealed record ReceivedGoal(string Key, string? ParentKey, string Text, GoalStatus Status, DateOnly? TargetDate, bool InPersonsOwnWords);

public sealed record ReceivedMeasure(string Title, string Scope, string? ResponsibleKey, string? ResponsibleOrganisationName, string? HowCarriedOut,
    DateOnly? Start, DateOnly? End, MeasureStatus Status, string? GoalKey);

public sealed record ReceivedConsent(string GivenBy, ConsentGiverRole GiverRole, ConsentForm Form, DateOnly GivenOn, DateOnly? ValidTo,
    DateOnly? WithdrawnOn, bool CoversInformationExchange, IReadOnlySet<InformationKind> SharedKinds, IReadOnlySet<InformationKind> ExcludedKinds,
    string? Purpose, IReadOnlyList<string> RecipientKeys, string? TransferToOrganisationNumber, string? TransferToOrganisationName);

public sealed partial class IndividualPlan
{
    /// <summary>
    /// R9, R3, S1–S4: records the person's consent (or that of whoever may consent for them) to transfer the plan to
    /// another organisation, named by its organisation number. It covers the plan work there, not any information
    /// exchange here: who takes part there is a new group, which needs a new consent (R3).
    /// </summary>
    public PlanConsent RecordTransferConsent(ConsentDeclaration consent, Person person, Guid recordedByStaffId, string organisationNumber,
        string organisationName)
    {
        if (consent.Form == ConsentForm.Digital)
            throw new DomainRuleException("S5", "Et digitalt samtykke gis av personen selv i Samplan, ikke registrert av ansatte.");
        if (organisationNumber is not { Length: 9 } || !organisationNumber.All(char.IsAsciiDigit) || string.IsNullOrWhiteSpace(organisationName))
            throw new DomainRuleException("R9", "Velg virksomheten planen skal overføres til.");
        var record = AddConsent(consent with { CoversPlanWork = true, CoversInformationExchange = false }, person, recordedByStaffId, null);
        record.ForTransferTo(organisationNumber, organisationName.Trim());
        Changed($"Samtykke til overføring av planen til {organisationName.Trim()} registrert ({Labels.Form(consent.Form)}) fra {record.GivenBy}");
        return record;
    }

    /// <summary>R9: the consent in force that lets the plan move to this organisation, or null.</summary>
    public PlanConsent? TransferConsentFor(string organisationNumber, DateOnly today) =>
        _consents.Where(c => c.LetsTransferTo(organisationNumber, today)).OrderByDescending(c => c.GivenOn).FirstOrDefault();

    /// <summary>
    /// R9: the plan is transferred to another organisation only with the person's consent to exactly that move; an open
    /// plan in use moves (a draft is finished where it was started). R10: the decision and its reason are recorded, the
    /// consent being the person's agreement. From now on the plan is the receiver's: nothing more is changed here, and
    /// the policy ends the old organisation's access.
    /// </summary>
    public PlanConsent StartTransfer(string organisationNumber, string organisationName, DateOnly today, DateTime now)
    {
        if (Status != PlanStatus.Active)
            throw new DomainRuleException("R9", "Bare en plan som er tatt i bruk, kan overføres.");
        var consent = TransferConsentFor(organisationNumber, today)
            ?? throw new DomainRuleException("R9", $"Planen kan ikke overføres til {organisationName} uten personens samtykke til det. Registrer samtykket først.");
        Status = PlanStatus.Transferred;
        ClosedAt = now;
        ClosingReason = $"Overført til {organisationName} med samtykke fra {consent.GivenBy} ({consent.GivenOn:dd.MM.yyyy})";
        Changed($"Planen overført til {organisationName} (R9)");
        return consent;
    }

    /// <summary>R9: the receiver refused the plan (it had another plan for the person, R2, or no such unit): it is open here again.</summary>
    public void TransferRefused(string why)
    {
        if (Status != PlanStatus.Transferred)
            throw new DomainRuleException("R9", "Planen er ikke under overføring.");
        Status = PlanStatus.Active;
        ClosedAt = null;
        ClosingReason = null;
        Changed($"Overføringen ble avvist av mottakeren ({why}); planen er åpen her igjen");
    }

    /// <summary>
    /// R9, R2: a plan transferred from another deployment, with the receiving organisation responsible. Refused when the
    /// person already has an open plan here (R2). A participant whose HPR number belongs to a staff member here
    /// (<paramref name="staffByHpr"/>) is linked to them; everyone else arrives as a named participant without an account.
    /// The received consents do not name the linked ones: the group here is a new group, so they see nothing until a
    /// consent given here covers them (R3, R8). The plan arrives as a draft started by the receiving unit's staff
    /// member who took it in (<paramref name="receivedByStaffId"/>), who appoints a coordinator and takes it into use here
    /// (C2, R3), as with any plan started here. The consents come along as records; they name only those participants,
    /// so they let no one here see anything (R3, R8).
    /// </summary>
    public static IndividualPlan ReceiveTransferred(Guid id, Person person, Organisation responsible, Guid receivedByStaffId,
        IEnumerable<PlanStatus> statusesOfPersonsOtherPlans, ReceivedPlan r, IReadOnlyDictionary<string, StaffMember>? staffByHpr = null)
    {
        if (statusesOfPersonsOtherPlans.Any(s => s is PlanStatus.Draft or PlanStatus.Active))
            throw new DomainRuleException("R2", $"{person.Name} har allerede en åpen individuell plan her. Det skal bare være én plan per person.");
        if (responsible.Level == CareLevel.Other)
            throw new DomainRuleException("R2", "Ansvaret for planen ligger hos kommunen eller helseforetaket.");
        var plan = new IndividualPlan
        {
            Id = id,
            PersonId = person.Id,
            Status = PlanStatus.Draft,
            Version = r.Version,
            ResponsibleOrganisationId = responsible.Id,
            ResponsibleOrganisationLevel = responsible.Level,
            ResponsibleOrganisationName = responsible.Name,
            StartedByStaffId = receivedByStaffId,
            CreatedAt = r.CreatedAt,
            WhatMattersToPerson = Clean(r.WhatMattersToPerson),
            PeriodStart = r.PeriodStart,
            PeriodEnd = r.PeriodEnd,
            NextRevisionDate = r.NextRevisionDate,
            NextEvaluationDate = r.NextEvaluationDate,
        };
        var participantIds = new Dictionary<string, Guid>();
        var consentRecipientIds = new Dictionary<string, Guid>();
        foreach (var p in r.Participants)
        {
            var staff = p.Role != ParticipantRole.Person && p.HprNumber is { } hpr && staffByHpr?.GetValueOrDefault(hpr) is { } s ? s : null;
            var participant = p.Role == ParticipantRole.Person
                ? new Participant(Guid.NewGuid(), id, ParticipantRole.Person, person.Name, null, null, null, null, null)
                : new Participant(Guid.NewGuid(), id, p.Role, Required(p.Name, "R4", "En deltaker mangler navn."), staff?.Id, null,
                    staff?.OrganisationId, staff?.OrganisationLevel, Clean(p.Contribution));
            if (staff is not null && plan._participants.FirstOrDefault(x => x.StaffMemberId == staff.Id) is { } same)
            {
                participantIds.TryAdd(p.Key, same.Id);
                continue;
            }
            if (!participantIds.TryAdd(p.Key, participant.Id)) continue;
            plan._participants.Add(participant);
            if (staff is null) consentRecipientIds[p.Key] = participant.Id;
        }
        if (plan._participants.All(p => p.Role != ParticipantRole.Person))
            plan._participants.Add(new Participant(Guid.NewGuid(), id, ParticipantRole.Person, person.Name, null, null, null, null, null));
        var goalIds = r.Goals.ToDictionary(g => g.Key, _ => Guid.NewGuid());
        foreach (var g in r.Goals)
        {
            var parent = g.ParentKey is { } k && goalIds.TryGetValue(k, out var pid) ? pid : (Guid?)null;
            plan._goals.Add(new Goal(goalIds[g.Key], id, parent, Required(g.Text, "R4", "Et mål mangler tekst."), g.TargetDate, g.InPersonsOwnWords)
                { Status = g.Status });
        }
        foreach (var m in r.Measures)
        {
            var responsibleParticipant = m.ResponsibleKey is { } key && participantIds.TryGetValue(key, out var rp) ? rp : (Guid?)null;
            plan._measures.Add(new Measure(Guid.NewGuid(), id)
            {
                Title = Required(m.Title, "R4", "Et tiltak mangler navn."),
                Scope = Required(m.Scope, "R4", "Et tiltak mangler omfang."),
                ResponsibleParticipantId = responsibleParticipant,
                // The sender's organisations are not known here: the name is kept, and the receiving organisation stands
                // in as responsible until the coordinator assigns it (R4: every measure has someone responsible).
                ResponsibleOrganisationId = responsibleParticipant is null ? responsible.Id : null,
                ResponsibleOrganisationName = responsibleParticipant is null ? Clean(m.ResponsibleOrganisationName) ?? responsible.Name : null,
                HowCarriedOut = Clean(m.HowCarriedOut),
                Start = m.Start,
                End = m.End,
                Status = m.Status,
                GoalId = m.GoalKey is { } gk && goalIds.TryGetValue(gk, out var gid) ? gid : null,
            });
        }
        foreach (var c in r.Consents) plan._consents.Add(PlanConsent.Received(id, c, consentRecipientIds));
        foreach (var (area, description) in r.Needs ?? [])
            plan._needs.Add(new Need(Guid.NewGuid(), id, area, Required(description, "L2", "Et behov mangler beskrivelse.")));
        foreach (var description in r.Resources ?? [])
            plan._resources.Add(new PlanResource(Guid.NewGuid(), id, Required(description, "R4", "En ressurs mangler beskrivelse.")));
        foreach (var (agency, purpose) in r.Collaborations ?? [])
            plan._collaborations.Add(new Collaboration(Guid.NewGuid(), id, Required(agency, "R4", "Et samarbeid mangler hvem."),
                Required(purpose, "R4", "Et samarbeid mangler hva det gjelder.")));
        foreach (var s in r.SubPlans ?? [])
            plan._subPlans.Add(new SubPlan(Guid.NewGuid(), id, s.Kind, Required(s.Title, "R6", "En delplan mangler tittel."), Clean(s.Link), Clean(s.HeldBy)));
        plan._pendingChanges.Add($"{ReceivedFromPrefix}{r.FromOrganisationName} med {responsible.Name} som ansvarlig (R9)");
        return plan;
    }

    const string ReceivedFromPrefix = "Planen mottatt fra ";

    /// <summary>R9: the organisation a plan was received from, read from the revision that recorded it; null for any other revision.</summary>
    public static string? ReceivedFrom(string revisionSummary)
    {
        var first = revisionSummary.Split('\n')[0];
        if (!first.StartsWith(ReceivedFromPrefix, StringComparison.Ordinal)) return null;
        var rest = first[ReceivedFromPrefix.Length..];
        var end = rest.LastIndexOf(" med ", StringComparison.Ordinal);
        return end > 0 ? rest[..end] : null;
    }
}
