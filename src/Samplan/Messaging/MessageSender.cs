using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samplan.Data;
using Samplan.Fhir;

namespace Samplan.Messaging;

/// <summary>One peer deployment: its address and the local account there whose token this deployment fetches.</summary>
public sealed class PeerOptions
{
    /// <summary>The peer's base address, e.g. <c>https://samplan.bjorkvik.kommune.no</c> (its API is at <c>/fhir</c>).</summary>
    public string BaseUrl { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>The organisasjonsnummer of the peer's coordinating unit's organisation: offered on the notify page (K8).</summary>
    public string OrganisationNumber { get; set; } = "";
    /// <summary>What the notify page calls the peer's coordinating unit, e.g. «Koordinerende enhet, Bjørkvik kommune».</summary>
    public string Name { get; set; } = "";
}

/// <summary><c>Messaging:*</c> settings.</summary>
public sealed class MessagingOptions
{
    /// <summary>Off in tests, which call <see cref="MessageSender.RunOnceAsync"/> themselves.</summary>
    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
    public Dictionary<string, PeerOptions> Peers { get; set; } = [];
}

/// <summary>
/// The background job that delivers the outbox (<see cref="OutboxMessage"/>): every due message is posted to the peer's
/// <c>/fhir/$process-message</c> with a token from the peer's <c>/auth/token</c>. A receipt (<c>ok</c> or
/// <c>fatal-error</c>) ends it; a failure (peer down, 5xx, transient-error) is tried again after 1, 2, 4, 8 … minutes
/// (at most an hour), on the app's clock. The receiver's idempotency makes a repeated delivery harmless.
/// </summary>
public sealed class MessageSender(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MessagingOptions> options,
    IHttpClientFactory httpFactory, ILogger<MessageSender> log) : BackgroundService
{
    public const string HttpClientName = "Samplan.Messaging";

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to deliver to without a peer.
        if (!options.Value.Enabled || options.Value.Peers.Count == 0) return;
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Message delivery run failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One run: every due message gets one attempt. Returns how many got a receipt.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SamplanDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages.Where(m => m.DeliveredAt == null && m.NextAttemptAt != null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).Take(50).ToListAsync(ct);
        var delivered = 0;
        var tokens = new Dictionary<string, string>();
        using var http = httpFactory.CreateClient(HttpClientName);
        foreach (var message in due)
        {
            try
            {
                if (await AttemptAsync(http, message, tokens, now, ct))
                {
                    delivered++;
                    if (message.Event == PlanTransfers.Event) await PlanTransfers.OnDeliveredAsync(scope.ServiceProvider, message, now, ct); // R9
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
            {
                message.Failed(now, $"{e.GetType().Name}: {e.Message}");
            }
            await db.SaveChangesAsync(ct);
        }
        return delivered;
    }

    async Task<bool> AttemptAsync(HttpClient http, OutboxMessage message, Dictionary<string, string> tokens, DateTime now, CancellationToken ct)
    {
        if (!options.Value.Peers.TryGetValue(message.Peer, out var peer) || string.IsNullOrWhiteSpace(peer.BaseUrl))
        {
            message.Failed(now, $"Samarbeidsparten «{message.Peer}» er ikke konfigurert (Messaging:Peers).");
            return false;
        }
        var baseUrl = peer.BaseUrl.TrimEnd('/');
        if (!tokens.TryGetValue(message.Peer, out var token))
        {
            using var tokenResponse = await http.PostAsync(baseUrl + "/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = peer.UserName, ["password"] = peer.Password,
            }), ct);
            if (!tokenResponse.IsSuccessStatusCode)
            {
                message.Failed(now, $"Token fra {message.Peer}: HTTP {(int)tokenResponse.StatusCode}");
                return false;
            }
            using var json = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(ct));
            token = json.RootElement.GetProperty("access_token").GetString()!;
            tokens[message.Peer] = token;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/fhir/$process-message")
        {
            Content = new StringContent(message.BundleJson, Encoding.UTF8, FhirIo.JsonType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirIo.JsonType));
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized) tokens.Remove(message.Peer);
            message.Failed(now, $"HTTP {status} fra {message.Peer}");
            return false;
        }
        if (!response.IsSuccessStatusCode)
        {
            // Refused as it stands (400, 403, 422 …): sending it again would not help.
            message.Delivered(now, "fatal-error", body, $"HTTP {status} fra {message.Peer}");
            return true;
        }
        Bundle? receipt = null;
        try
        {
            receipt = FhirIo.Parse(body, FhirFormat.Json) as Bundle;
        }
        catch (FhirInputException)
        {
        }
        var answer = receipt is null ? null : MessageBundles.HeaderOf(receipt)?.Response;
        if (answer is null || answer.Identifier != message.MessageId)
        {
            message.Failed(now, $"Svaret fra {message.Peer} er ingen kvittering for meldingen.");
            return false;
        }
        if (answer.Code == MessageHeader.ResponseType.TransientError)
        {
            message.Failed(now, $"{message.Peer} svarte transient-error");
            return false;
        }
        message.Delivered(now, answer.Code == MessageHeader.ResponseType.Ok ? "ok" : "fatal-error", body, null);
        return true;
    }
}

public static class MessagingServices
{
    public static IServiceCollection AddSamplanMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MessagingOptions>(configuration.GetSection("Messaging"));
        services.AddHttpClient(MessageSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<MessageSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageSender>());
        return services;
    }
}
