using Hl7.Fhir.Model;
using Samplan.Domain.Coordination;
using Samplan.Fhir;

namespace Samplan.Messaging;

/// <summary>
/// The FHIR messages between levels (N1, K8, C6): a <c>Bundle</c> of type <c>message</c> whose first entry is the
/// <c>MessageHeader</c>; its <c>eventCoding</c> comes from Samplan's code system <see cref="EventSystem"/>. A notice's
/// focus is the <c>Patient</c> (by fødselsnummer) and a <c>ServiceRequest</c> carrying the need (N1) and the N2 flags.
/// </summary>
public static class MessageBundles
{
    const string Base = "https://samplan.no/fhir";
    public const string EventSystem = Base + "/CodeSystem/message-event";
    public const string UrgencyExtension = Base + "/StructureDefinition/intake-urgency";
    public const string PersonAskedExtension = Base + "/StructureDefinition/person-asked";
    public const string PersonWantsAssessmentExtension = Base + "/StructureDefinition/person-wants-assessment";
    public const string ResponseCodeSystem = "http://hl7.org/fhir/response-code";

    public const string NeedNotification = "need-notification";
    public const string Admitted = "admitted";
    public const string DischargeReady = "discharge-ready";
    public const string Outpatient = "outpatient";
    public const string Receipt = "receipt";
    /// <summary>K8, C6: the municipality's answers to a hospital's notice, when they happen (<see cref="PeerReplies"/>).</summary>
    public const string CoordinatorAppointed = "coordinator-appointed";
    public const string PlanStarted = "plan-started";
    /// <summary>C6, K8: the hospital calls the municipality to a meeting before discharge (an <c>Appointment</c>, status proposed).</summary>
    public const string DischargeMeeting = "discharge-meeting";

    public static readonly string[] Events = [NeedNotification, Admitted, DischargeReady, Outpatient, Receipt, CoordinatorAppointed, PlanStarted, DischargeMeeting];

    /// <summary>The notices a hospital (or another deployment) sends; the rest are answers.</summary>
    public static readonly string[] NoticeEvents = [NeedNotification, Admitted, DischargeReady, Outpatient];

    /// <summary>K8: the hospital's notice names the patient's status; a plain need notification (N1) names none.</summary>
    public static HospitalStatus? StatusOf(string code) => code switch
    {
        Admitted => HospitalStatus.Admitted,
        DischargeReady => HospitalStatus.DischargeReady,
        Outpatient => HospitalStatus.Outpatient,
        _ => null,
    };

    public sealed record Notice(string Event, Patient Patient, string ReceiverOrganisationNumber, string ReceiverName, string Need,
        IntakeUrgency Urgency, bool PersonAsked, bool PersonWantsAssessment, string SenderName, string SenderOrganisationName,
        string? SenderOrganisationNumber, string SourceEndpoint, string DestinationEndpoint);

    /// <summary>A notice to another deployment's coordinating unit, with a new message id.</summary>
    public static Bundle Build(Notice n, DateTime at)
    {
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        var needUrl = $"urn:uuid:{Guid.NewGuid()}";
        var patient = (Patient)n.Patient.DeepCopy();
        patient.Id = null;
        patient.Meta = null;
        var need = new ServiceRequest
        {
            Status = RequestStatus.Active,
            Intent = RequestIntent.Proposal,
            Code = new CodeableConcept { Text = "Individuell plan og koordinator" },
            Subject = new ResourceReference(patientUrl),
            AuthoredOn = new FhirDateTime(new DateTimeOffset(at)).Value,
            Priority = n.Urgency == IntakeUrgency.Urgent ? RequestPriority.Urgent : RequestPriority.Routine,
            Note = [new Annotation { Text = n.Need }],
        };
        need.Extension.Add(new Extension(UrgencyExtension, new Code(n.Urgency.ToString())));
        need.Extension.Add(new Extension(PersonAskedExtension, new FhirBoolean(n.PersonAsked)));
        need.Extension.Add(new Extension(PersonWantsAssessmentExtension, new FhirBoolean(n.PersonWantsAssessment)));
        var header = new MessageHeader
        {
            Id = Guid.NewGuid().ToString(),
            Event = new Coding(EventSystem, n.Event),
            Source = new MessageHeader.MessageSourceComponent { Name = "Samplan", Endpoint = n.SourceEndpoint },
            Destination = [new MessageHeader.MessageDestinationComponent
            {
                Endpoint = n.DestinationEndpoint,
                Receiver = new ResourceReference { Identifier = new Identifier(FhirMapping.OrgNumberSystem, n.ReceiverOrganisationNumber), Display = n.ReceiverName },
            }],
            Sender = new ResourceReference
            {
                Identifier = n.SenderOrganisationNumber is null ? null : new Identifier(FhirMapping.OrgNumberSystem, n.SenderOrganisationNumber),
                Display = n.SenderOrganisationName,
            },
            Author = new ResourceReference { Display = n.SenderName },
            Focus = [new ResourceReference(patientUrl), new ResourceReference(needUrl)],
        };
        return Message(header, at, (patientUrl, patient), (needUrl, need));
    }

    /// <summary>C6: a call to a meeting before discharge: when, where (a place or a video link), what about, and who from the hospital takes part.</summary>
    public sealed record MeetingCall(Patient Patient, string ReceiverOrganisationNumber, string ReceiverName, DateTime StartUtc, DateTime EndUtc,
        string Place, string Agenda, IReadOnlyList<string> HospitalParticipants, string SenderName, string SenderOrganisationName,
        string? SenderOrganisationNumber, string SourceEndpoint, string DestinationEndpoint);

    /// <summary>
    /// C6, K8: the call to a meeting before discharge. The focus is the Patient and a proposed <c>Appointment</c> (start, end,
    /// description = the agenda) whose participants are the patient, the place (a <c>Location</c>: its name is the address or
    /// the video link) and those from the hospital who take part (name and role only).
    /// </summary>
    public static Bundle BuildMeetingCall(MeetingCall m, DateTime at)
    {
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        var appointmentUrl = $"urn:uuid:{Guid.NewGuid()}";
        var placeUrl = $"urn:uuid:{Guid.NewGuid()}";
        var patient = (Patient)m.Patient.DeepCopy();
        patient.Id = null;
        patient.Meta = null;
        var place = new Location { Status = Location.LocationStatus.Active, Name = m.Place };
        var appointment = new Appointment
        {
            Status = Appointment.AppointmentStatus.Proposed,
            Description = m.Agenda,
            Start = new DateTimeOffset(DateTime.SpecifyKind(m.StartUtc, DateTimeKind.Utc)),
            End = new DateTimeOffset(DateTime.SpecifyKind(m.EndUtc, DateTimeKind.Utc)),
            Created = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))).Value,
            Participant =
            [
                new Appointment.ParticipantComponent { Actor = new ResourceReference(patientUrl), Status = ParticipationStatus.NeedsAction },
                new Appointment.ParticipantComponent { Actor = new ResourceReference(placeUrl, m.Place), Status = ParticipationStatus.Accepted },
                .. m.HospitalParticipants.Select(p => new Appointment.ParticipantComponent
                {
                    Actor = new ResourceReference { Display = p }, Status = ParticipationStatus.Accepted,
                }),
            ],
        };
        var header = new MessageHeader
        {
            Id = Guid.NewGuid().ToString(),
            Event = new Coding(EventSystem, DischargeMeeting),
            Source = new MessageHeader.MessageSourceComponent { Name = "Samplan", Endpoint = m.SourceEndpoint },
            Destination = [new MessageHeader.MessageDestinationComponent
            {
                Endpoint = m.DestinationEndpoint,
                Receiver = new ResourceReference { Identifier = new Identifier(FhirMapping.OrgNumberSystem, m.ReceiverOrganisationNumber), Display = m.ReceiverName },
            }],
            Sender = new ResourceReference
            {
                Identifier = m.SenderOrganisationNumber is null ? null : new Identifier(FhirMapping.OrgNumberSystem, m.SenderOrganisationNumber),
                Display = m.SenderOrganisationName,
            },
            Author = new ResourceReference { Display = m.SenderName },
            Focus = [new ResourceReference(patientUrl), new ResourceReference(appointmentUrl)],
        };
        return Message(header, at, (patientUrl, patient), (appointmentUrl, appointment), (placeUrl, place));
    }

    /// <summary>
    /// K8, C6: «coordinator appointed» or «plan started», sent back to the deployment whose notice (<paramref name="noticeMessageId"/>,
    /// in <c>response.identifier</c>) the case came from. The focus is the patient (identity number only) and, for the
    /// coordinator, a Practitioner with name and work phone so the hospital knows whom to call.
    /// </summary>
    public static Bundle Reply(string @event, string noticeMessageId, Patient patient, string senderOrganisationName, string? senderOrganisationNumber,
        string? coordinatorName, string? coordinatorPhone, string sourceEndpoint, string destinationEndpoint, DateTime at)
    {
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        var who = new Patient { Identifier = [.. patient.Identifier.Select(i => (Identifier)i.DeepCopy())] };
        var header = new MessageHeader
        {
            Id = Guid.NewGuid().ToString(),
            Event = new Coding(EventSystem, @event),
            Source = new MessageHeader.MessageSourceComponent { Name = "Samplan", Endpoint = sourceEndpoint },
            Destination = [new MessageHeader.MessageDestinationComponent { Endpoint = destinationEndpoint }],
            Sender = new ResourceReference
            {
                Identifier = senderOrganisationNumber is null ? null : new Identifier(FhirMapping.OrgNumberSystem, senderOrganisationNumber),
                Display = senderOrganisationName,
            },
            Response = new MessageHeader.ResponseComponent { Identifier = noticeMessageId, Code = MessageHeader.ResponseType.Ok },
            Focus = [new ResourceReference(patientUrl)],
        };
        if (coordinatorName is null) return Message(header, at, (patientUrl, who));
        var coordinatorUrl = $"urn:uuid:{Guid.NewGuid()}";
        var coordinator = new Practitioner { Name = [new HumanName { Text = coordinatorName }] };
        if (coordinatorPhone is { Length: > 0 }) coordinator.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, coordinatorPhone));
        header.Focus.Add(new ResourceReference(coordinatorUrl));
        return Message(header, at, (patientUrl, who), (coordinatorUrl, coordinator));
    }

    /// <summary>The delivery receipt: a response message naming the message it answers (ok, transient-error or fatal-error).</summary>
    public static Bundle Response(string answersMessageId, MessageHeader.ResponseType code, string endpoint, string? destination,
        OperationOutcome? outcome, DateTime at)
    {
        var header = new MessageHeader
        {
            Id = Guid.NewGuid().ToString(),
            Event = new Coding(EventSystem, Receipt),
            Source = new MessageHeader.MessageSourceComponent { Name = "Samplan", Endpoint = endpoint },
            Response = new MessageHeader.ResponseComponent { Identifier = answersMessageId, Code = code },
        };
        if (destination is { Length: > 0 }) header.Destination.Add(new MessageHeader.MessageDestinationComponent { Endpoint = destination });
        if (outcome is null) return Message(header, at);
        var outcomeUrl = $"urn:uuid:{Guid.NewGuid()}";
        header.Response.Details = new ResourceReference(outcomeUrl);
        return Message(header, at, (outcomeUrl, outcome));
    }

    static Bundle Message(MessageHeader header, DateTime at, params (string Url, Resource Resource)[] entries)
    {
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Bundle.BundleType.Message,
            Timestamp = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{header.Id}", Resource = header });
        foreach (var (url, resource) in entries)
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
        return bundle;
    }

    public static MessageHeader? HeaderOf(Bundle bundle) => bundle.Entry.FirstOrDefault()?.Resource as MessageHeader;

    /// <summary>The entry a reference in the message points to (by its fullUrl).</summary>
    public static T? Resolve<T>(Bundle bundle, ResourceReference? reference) where T : Resource =>
        reference?.Reference is { Length: > 0 } url ? bundle.Entry.FirstOrDefault(e => e.FullUrl == url)?.Resource as T : null;
}
