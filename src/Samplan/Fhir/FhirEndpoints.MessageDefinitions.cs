using Hl7.Fhir.Model;
using Samplan.Messaging;

namespace Samplan.Fhir;

/// <summary>
/// The messages <c>$process-message</c> accepts, each described by a MessageDefinition whose <c>url</c> is the
/// <c>Definition</c> the CapabilityStatement names (<see cref="MessageDefinitionBase"/> + event code): the notices from the
/// hospital to the municipality's coordinating unit (K8, N1, C6), the answers back (receipt, coordinator appointed, plan
/// started) and the plan transfer between deployments (R9). Static, for any signed-in client: they hold no personal data.
/// </summary>
public static partial class FhirEndpoints
{
    static void MapMessageDefinitions(RouteGroupBuilder fhir)
    {
        fhir.MapGet("/MessageDefinition/{id}", (string id, FhirContext f) =>
            MessageDefinitions().FirstOrDefault(d => d.Id == id) is { } definition ? new FhirResult(definition) : FhirResult.NotFound("MessageDefinition", id));
        fhir.MapGet("/MessageDefinition", (FhirContext f) =>
        {
            var q = f.Request.Query;
            var found = MessageDefinitions().Where(d =>
                (q["url"].ToString() is not { Length: > 0 } url || d.Url == url.Split('|')[0])
                && (q["event"].ToString() is not { Length: > 0 } code || (d.Event as Coding)?.Code == code.Split('|')[^1])
                && (q["_id"].ToString() is not { Length: > 0 } ids || ids.Split(',').Contains(d.Id)));
            return new FhirResult(f.SearchSet(found, []));
        });
    }

    sealed record MessageKind(string Code, string Title, string Description, MessageDefinition.MessageSignificanceCategory Category, string Rules,
        string[] Focus, bool ResponseRequired, string? AnswersWith);

    static readonly MessageKind[] MessageKinds =
    [
        new(MessageBundles.NeedNotification, "Melding om behov for individuell plan og koordinator",
            "Helsepersonell melder til kommunens koordinerende enhet at en person trenger individuell plan og koordinator, så snart som mulig og med samtykke.",
            MessageDefinition.MessageSignificanceCategory.Notification, "N1, C6, K1", ["Patient", "ServiceRequest"], true, MessageBundles.Receipt),
        new(MessageBundles.Admitted, "Melding om innlagt pasient",
            "Sykehuset melder til kommunens koordinerende enhet at en pasient som trenger langvarige, koordinerte tjenester er lagt inn.",
            MessageDefinition.MessageSignificanceCategory.Notification, "K8, N1", ["Patient", "ServiceRequest"], true, MessageBundles.Receipt),
        new(MessageBundles.DischargeReady, "Melding om utskrivningsklar pasient",
            "Sykehuset melder til kommunens koordinerende enhet at en pasient er utskrivningsklar og trenger langvarige, koordinerte tjenester; møte før utskriving avtales.",
            MessageDefinition.MessageSignificanceCategory.Notification, "K8, N1, C6", ["Patient", "ServiceRequest"], true, MessageBundles.Receipt),
        new(MessageBundles.Outpatient, "Melding om poliklinisk pasient",
            "Sykehuset melder til kommunens koordinerende enhet om en poliklinisk pasient som trenger langvarige, koordinerte tjenester.",
            MessageDefinition.MessageSignificanceCategory.Notification, "K8, N1", ["Patient", "ServiceRequest"], true, MessageBundles.Receipt),
        new(MessageBundles.Receipt, "Kvittering",
            "Mottakeren svarer at meldingen er mottatt (ok), eller ikke kunne behandles nå (transient-error) eller aldri (fatal-error). Samme melding levert to ganger behandles én gang.",
            MessageDefinition.MessageSignificanceCategory.Notification, "N1", ["OperationOutcome"], false, null),
        new(MessageBundles.CoordinatorAppointed, "Koordinator er oppnevnt",
            "Kommunen svarer sykehuset som meldte behovet at personen har fått koordinator, med navn og telefon, så sykehuset vet hvem de skal kontakte.",
            MessageDefinition.MessageSignificanceCategory.Notification, "K8, C6, C2", ["Patient", "Practitioner"], true, MessageBundles.Receipt),
        new(MessageBundles.PlanStarted, "Planarbeidet er startet",
            "Kommunen svarer sykehuset som meldte behovet at arbeidet med individuell plan er startet.",
            MessageDefinition.MessageSignificanceCategory.Notification, "K8, C6, R3", ["Patient"], true, MessageBundles.Receipt),
        new(MessageBundles.DischargeMeeting, "Innkalling til møte før utskriving",
            "Sykehuset kaller, i samråd med pasienten, kommunens koordinerende enhet inn til møte før utskriving: foreslått tid (Appointment.start og end, status proposed), sted eller videolenke (en Location blant deltakerne), agenda (description) og hvem fra sykehuset som deltar.",
            MessageDefinition.MessageSignificanceCategory.Notification, "C6, K8", ["Patient", "Appointment"], true, MessageBundles.Receipt),
        new(PlanTransfers.Event, "Overføring av individuell plan",
            "En individuell plan med historikk flyttes til en annen virksomhet, bare med personens samtykke; etter overføringen slutter (eller snevres inn) den gamle virksomhetens tilgang.",
            MessageDefinition.MessageSignificanceCategory.Consequence, "R9", ["Patient", "CarePlan"], true, MessageBundles.Receipt),
    ];

    /// <summary>One MessageDefinition per event the capability lists (<see cref="AcceptedMessages"/>): the same codes, the same URLs.</summary>
    static IEnumerable<MessageDefinition> MessageDefinitions() => MessageKinds.Select(k =>
    {
        var definition = new MessageDefinition
        {
            Id = k.Code,
            Url = MessageDefinitionBase + k.Code,
            Version = "1",
            Name = string.Concat(k.Code.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
            Title = k.Title,
            Status = PublicationStatus.Active,
            Date = "2026-12-01",
            Publisher = "Samplan",
            Description = $"{k.Description} (Regler: {k.Rules}.)",
            Purpose = "Meldinger mellom nivåene og mellom Samplan-installasjoner, som Bundle av typen message med MessageHeader, sendt til $process-message.",
            Event = new Coding(MessageBundles.EventSystem, k.Code, k.Title),
            Category = k.Category,
            Focus = [.. k.Focus.Select(type => new MessageDefinition.FocusComponent { Code = Enum.Parse<ResourceType>(type), Min = 1, Max = "1" })],
            ResponseRequired = k.ResponseRequired ? MessageheaderResponseRequest.Always : MessageheaderResponseRequest.Never,
        };
        if (k.AnswersWith is { } answer)
            definition.AllowedResponse.Add(new MessageDefinition.AllowedResponseComponent
            {
                Message = MessageDefinitionBase + answer,
                Situation = "Kvittering: ok når meldingen er tatt imot, transient-error når den kan sendes på nytt senere, fatal-error når den aldri kan behandles.",
            });
        return definition;
    });
}
