using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Samplan.Data;
using Samplan.Messaging;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Messaging;

/// <summary>
/// Two Samplan deployments in one test process, each with its own database and TestServer and the same demo world: a
/// sender configured with the receiver as a peer (<c>Messaging:Peers:&lt;peer&gt;</c>, the sender's background sending off so
/// a test sends with <see cref="SendDueAsync"/>), and a receiver. Their messages go over <see cref="Line"/>, which can
/// make the receiver be down for a number of posts or lose its receipts. Optionally the receiver is configured with the
/// sender as its peer too (<see cref="ConfigureReceiver"/>), and messages then reach that configuration; its answers go
/// back over <see cref="BackLine"/> (sent with <see cref="ReceiverSendsDueAsync"/>).
/// </summary>
public sealed class TwoDeployments : IAsyncDisposable
{
    TwoDeployments(SamplanFactory senderBase, WebApplicationFactory<Program> sender, SamplanFactory receiver, PeerLine line)
    {
        SenderBase = senderBase;
        Sender = sender;
        Receiver = receiver;
        Line = line;
    }

    /// <summary>The sender's factory: its database (<see cref="SamplanFactory.NewDb"/>) and its clock.</summary>
    public SamplanFactory SenderBase { get; }

    /// <summary>The sending deployment, configured with the receiver as a peer.</summary>
    public WebApplicationFactory<Program> Sender { get; }

    /// <summary>The receiving deployment.</summary>
    public SamplanFactory Receiver { get; }

    /// <summary>The receiver as configured by <see cref="ConfigureReceiver"/>, or null.</summary>
    public WebApplicationFactory<Program>? ReceiverApp { get; private set; }

    /// <summary>The line from the sender to the receiver.</summary>
    public PeerLine Line { get; }

    /// <summary>The line from the receiver (as <see cref="ConfigureReceiver"/> configured it) back to the sender.</summary>
    public PeerLine BackLine { get; } = new();

    /// <summary>
    /// Starts both, seeds the demo world in each, and points the sender's peer <paramref name="peer"/> at the receiver with
    /// <paramref name="peerSettings"/> (keys under <c>Messaging:Peers:&lt;peer&gt;:</c>, e.g. <c>UserName</c>, <c>Units:964000002</c>).
    /// </summary>
    public static async Task<TwoDeployments> StartAsync(Func<Task<SamplanFactory>> createDeployment, string peer, string receiverBaseUrl,
        IReadOnlyDictionary<string, string> peerSettings)
    {
        var line = new PeerLine();
        var receiver = await createDeployment();
        await receiver.SeedDemoDataAsync();
        var senderBase = await createDeployment();
        TwoDeployments? both = null;
        var sender = WithPeer(senderBase, peer, receiverBaseUrl, peerSettings, line, () => (both?.ReceiverApp?.Server ?? receiver.Server).CreateHandler());
        both = new TwoDeployments(senderBase, sender, receiver, line);
        await using var scope = sender.Services.CreateAsyncScope();
        await Shared.DemoData.SeedAsync(scope.ServiceProvider.GetRequiredService<SamplanDb>(), senderBase.Clock);
        return both;
    }

    /// <summary>
    /// The receiver configured with the sender as its peer <paramref name="peer"/> at <paramref name="senderBaseUrl"/> (settings
    /// as for <see cref="StartAsync"/>, its background sending off); the sender's messages reach it from now on.
    /// </summary>
    public WebApplicationFactory<Program> ConfigureReceiver(string peer, string senderBaseUrl, IReadOnlyDictionary<string, string> peerSettings) =>
        ReceiverApp ??= WithPeer(Receiver, peer, senderBaseUrl, peerSettings, BackLine, () => Sender.Server.CreateHandler());

    /// <summary>Runs the sender's outbox once, as its background sender would; returns how many messages were delivered.</summary>
    public Task<int> SendDueAsync() => RunOutboxOnceAsync(Sender);

    /// <summary>Runs the outbox of the receiver as <see cref="ConfigureReceiver"/> configured it once.</summary>
    public Task<int> ReceiverSendsDueAsync() => RunOutboxOnceAsync(ReceiverApp ?? throw new InvalidOperationException("ConfigureReceiver first."));

    static Task<int> RunOutboxOnceAsync(WebApplicationFactory<Program> app) =>
        app.Services.GetRequiredService<MessageSender>().RunOnceAsync(CancellationToken.None);

    /// <summary><paramref name="app"/> with <paramref name="peer"/> configured, its messages over <paramref name="line"/> to <paramref name="target"/>.</summary>
    static WebApplicationFactory<Program> WithPeer(WebApplicationFactory<Program> app, string peer, string baseUrl,
        IReadOnlyDictionary<string, string> peerSettings, PeerLine line, Func<HttpMessageHandler> target) => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("Messaging:Enabled", "false");
        b.UseSetting($"Messaging:Peers:{peer}:BaseUrl", baseUrl);
        foreach (var (key, value) in peerSettings) b.UseSetting($"Messaging:Peers:{peer}:{key}", value);
        b.ConfigureTestServices(services => services.AddHttpClient(MessageSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new PeerHandler(line, target())));
    });

    /// <summary>A browser signed in as <paramref name="user"/> at the sender.</summary>
    public async Task<Browser> AtSenderAsync(string user)
    {
        var browser = new Browser(Sender.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user, Shared.DemoData.Password)).Status);
        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        if (ReceiverApp is not null) await ReceiverApp.DisposeAsync();
        await Sender.DisposeAsync();
        await SenderBase.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>
    /// The line between the deployments: the other side can be down (503) for a number of posts, or process a number of
    /// posts and lose the receipt on its way back (503 too); <see cref="Posts"/> counts the messages posted.
    /// </summary>
    public sealed class PeerLine
    {
        int _posts;

        public int FailuresLeft { get; set; }

        public int LoseReceiptsLeft { get; set; }

        public int Posts => _posts;

        internal void CountPost() => Interlocked.Increment(ref _posts);
    }

    sealed class PeerHandler(PeerLine line, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/$process-message", StringComparison.Ordinal))
            {
                line.CountPost();
                if (line.FailuresLeft > 0)
                {
                    line.FailuresLeft--;
                    return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                }
                if (line.LoseReceiptsLeft > 0)
                {
                    line.LoseReceiptsLeft--;
                    using var processed = await base.SendAsync(request, ct);
                    Assert.Equal(HttpStatusCode.OK, processed.StatusCode);
                    return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                }
            }
            return await base.SendAsync(request, ct);
        }
    }
}
