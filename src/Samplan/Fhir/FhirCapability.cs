using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace Samplan.Fhir;

public static partial class FhirEndpoints
{
    /// <summary>
    /// What one resource type supports. <see cref="Versioning"/>: versioned-update where PUT refuses a stale <c>If-Match</c>
    /// with 412 (every PUT here: a plan part's version is the plan's, R5; Patient's and the directory's are digests of what the
    /// API shows; a meeting's is its calendar sequence; a task's 1 as given, 2 as closed); no-version where the resource
    /// carries none. <see cref="ReadHistory"/>: <c>_history/[vid]</c> returns a past version, not just the current one.
    /// </summary>
    sealed record TypeSupport(TypeRestfulInteraction[] Interactions, string[] SearchParams, string[] Includes, string[] RevIncludes,
        ResourceVersionPolicy Versioning, bool ReadHistory = false);

    static readonly TypeRestfulInteraction[] ReadOnly = [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType];
    static readonly TypeRestfulInteraction[] ReadWrite = [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType,
        TypeRestfulInteraction.Create, TypeRestfulInteraction.Update];
    const ResourceVersionPolicy VersionedUpdate = ResourceVersionPolicy.VersionedUpdate;
    const ResourceVersionPolicy NoVersion = ResourceVersionPolicy.NoVersion;

    /// <summary>Exactly what <see cref="Map"/> implements, and nothing more: the CapabilityStatement is built from this.</summary>
    static readonly Dictionary<string, TypeSupport> Supported = new()
    {
        ["Patient"] = new(ReadWrite, ["identifier", "name", "_id"], [], [], VersionedUpdate),
        ["RelatedPerson"] = new([.. ReadOnly, TypeRestfulInteraction.Create, TypeRestfulInteraction.Update], ["patient"], [], [], VersionedUpdate),
        ["Practitioner"] = new(ReadWrite, ["_id", "name", "identifier", "organization"], [], [], VersionedUpdate),
        ["PractitionerRole"] = new(ReadWrite, ["_id", "name", "identifier", "organization"], [], [], VersionedUpdate),
        ["Organization"] = new(ReadWrite, ["name", "identifier", "partof"], [], [], VersionedUpdate),
        // CarePlan, Goal, Consent and Appointment keep only their current resource: an earlier version's _history/[vid] is 404.
        ["CarePlan"] = new([.. ReadWrite, TypeRestfulInteraction.Vread, TypeRestfulInteraction.HistoryInstance],
            ["_id", "patient", "subject", "status"], ["CarePlan:goal", "CarePlan:care-team", "CarePlan:subject", "CarePlan:patient"],
            ["Provenance:target"], VersionedUpdate),
        ["Goal"] = new(History(ReadWrite), ["_id", "patient", "subject"], [], [], VersionedUpdate),
        ["CareTeam"] = new([.. ReadOnly, TypeRestfulInteraction.Update, TypeRestfulInteraction.HistoryInstance], ["_id", "patient", "subject", "status"], [], [], VersionedUpdate),
        ["Consent"] = new(History(ReadWrite), ["_id", "patient"], [], [], VersionedUpdate),
        ["Provenance"] = new(ReadOnly, ["target"], [], [], NoVersion),
        ["Appointment"] = new(History(ReadWrite), ["patient"], [], [], VersionedUpdate),
        ["Task"] = new(History(ReadWrite), ["patient"], [], [], VersionedUpdate, ReadHistory: true), // version 1 as given stays readable
        ["Communication"] = new([.. ReadOnly, TypeRestfulInteraction.Create], ["patient", "category"], [], [], NoVersion),
        ["MessageDefinition"] = new(ReadOnly, ["_id", "url", "event"], [], [], NoVersion),
        ["AuditEvent"] = new(ReadOnly, ["patient", "entity", "action"], [], [], NoVersion),
    };

    static readonly Dictionary<string, SearchParamType> ParamTypes = new()
    {
        ["_id"] = SearchParamType.Token, ["identifier"] = SearchParamType.Token, ["status"] = SearchParamType.Token,
        ["name"] = SearchParamType.String, ["patient"] = SearchParamType.Reference, ["subject"] = SearchParamType.Reference,
        ["organization"] = SearchParamType.Reference, ["target"] = SearchParamType.Reference, ["entity"] = SearchParamType.Reference, ["action"] = SearchParamType.Token,
        ["category"] = SearchParamType.Token, ["partof"] = SearchParamType.Reference, ["url"] = SearchParamType.Uri, ["event"] = SearchParamType.Token,
    };

    /// <summary>Read a version and the instance's history (FhirEndpoints.History.cs), besides the given interactions.</summary>
    static TypeRestfulInteraction[] History(TypeRestfulInteraction[] interactions) =>
        [.. interactions, TypeRestfulInteraction.Vread, TypeRestfulInteraction.HistoryInstance];

    static CapabilityStatement Capability(FhirContext f)
    {
        var rest = new RestComponent
        {
            Mode = RestfulCapabilityMode.Server,
            Documentation = "Samplan: individuell plan. Tilgang etter samme regler som i brukergrensesnittet; alle kall revideres.",
            Security = new SecurityComponent
            {
                Cors = false,
                Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")],
                Description = "Bearer-token: POST /auth/token (innebygd standard) eller HelseID (produksjon). Se docs/fhir.md.",
            },
        };
        foreach (var (type, support) in Supported)
        {
            var resource = new ResourceComponent
            {
                Type = type,
                Interaction = [.. support.Interactions.Select(i => new ResourceInteractionComponent { Code = i })],
                Versioning = support.Versioning,
                ReadHistory = support.ReadHistory,
                UpdateCreate = false,
                ConditionalCreate = false,
                ConditionalUpdate = false,
                SearchInclude = support.Includes,
                SearchRevInclude = support.RevIncludes,
                SearchParam = [.. support.SearchParams.Select(p => new CapabilityStatement.SearchParamComponent { Name = p, Type = ParamTypes[p] })],
            };
            rest.Resource.Add(resource);
        }
        // Messaging between deployments (N1, K8): Messaging/MessagingEndpoints.cs, docs/fhir.md.
        rest.Operation.Add(new OperationComponent { Name = "process-message", Definition = "http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message" });
        rest.Operation.Add(new OperationComponent { Name = "notify-peer", Definition = "https://samplan.no/fhir/OperationDefinition/Patient-notify-peer" });
        return new CapabilityStatement
        {
            Id = "samplan",
            Url = f.BaseUrl + "/metadata",
            Name = "Samplan",
            Title = "Samplan FHIR R4 API",
            Status = PublicationStatus.Active,
            Date = "2026-12-01",
            Publisher = "Samplan",
            Kind = CapabilityStatementKind.Instance,
            Software = new SoftwareComponent { Name = "Samplan" },
            Implementation = new ImplementationComponent { Description = "Samplan", Url = f.BaseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "application/fhir+xml", "json", "xml"],
            Rest = [rest],
            Messaging = [new MessagingComponent
            {
                Endpoint = [new EndpointComponent
                {
                    Protocol = new Coding("http://terminology.hl7.org/CodeSystem/message-transport", "http"),
                    Address = f.BaseUrl + "/$process-message",
                }],
                SupportedMessage = AcceptedMessages(), // R9 and N1/K8: see AcceptedMessages below
                Documentation = "Meldinger mellom nivåene (Bundle type message): hendelser need-notification, admitted, discharge-ready, outpatient og receipt "
                    + "fra https://samplan.no/fhir/CodeSystem/message-event. Svaret er kvitteringen; samme melding levert to ganger behandles én gang. "
                    + "Hver melding er beskrevet som MessageDefinition (GET /fhir/MessageDefinition?url=[definition]).",
            }],
        };
    }
    // ---------------------------------------------------------------- accepted messages (R9, N1, K8) — begin
    /// <summary>The message URL for an event Samplan accepts at <c>$process-message</c> (a code of <see cref="Messaging.MessageBundles.EventSystem"/>).</summary>
    public const string MessageDefinitionBase = "https://samplan.no/fhir/MessageDefinition/";

    /// <summary>
    /// Every event <c>$process-message</c> accepts, as the messaging endpoint decides (Messaging/MessagingEndpoints.cs): the
    /// notices and their answers between the levels (N1, K8, C6) and the plan transfer between deployments (R9).
    /// </summary>
    static List<SupportedMessageComponent> AcceptedMessages() =>
        [.. Messaging.MessageBundles.Events.Append(Messaging.PlanTransfers.Event).Select(code => new SupportedMessageComponent
        {
            Mode = EventCapabilityMode.Receiver,
            Definition = MessageDefinitionBase + code,
        })];
    // ---------------------------------------------------------------- accepted messages — end
}
