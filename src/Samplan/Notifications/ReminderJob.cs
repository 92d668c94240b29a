using Microsoft.Extensions.Options;

namespace Samplan.Notifications;

/// <summary><c>Reminders:*</c> settings.</summary>
public sealed class ReminderOptions
{
    /// <summary>Off in tests, which call <see cref="ReminderJob.RunOnceAsync"/> themselves.</summary>
    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>This node's name in e-mail claims; unique per running app node.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";
}

/// <summary>
/// The background job: every <see cref="ReminderOptions.Interval"/> it creates the due reminders and delivers
/// pending e-mails. Every node runs it; the dedupe keys and the e-mail claims keep the work from being done twice.
/// </summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReminderOptions> options, ILogger<ReminderJob> log)
    : BackgroundService
{
    public string NodeId => options.Value.NodeId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed run (database away for a moment) is tried again at the next tick.
                log.LogError(e, "Reminder run failed on {Node}", NodeId);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One run, in a DI scope of its own: create the due reminders, then deliver the e-mails.</summary>
    public async Task<(int Created, int Delivered)> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<DueReminders>().CreateAsync(ct);
        var delivered = await scope.ServiceProvider.GetRequiredService<EmailDelivery>().DeliverAsync(NodeId, ct);
        return (created, delivered);
    }
}

public static class NotificationServices
{
    public static IServiceCollection AddSamplanNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReminderOptions>(configuration.GetSection("Reminders"));
        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        services.AddScoped<Notifier>();
        services.AddScoped<DueReminders>();
        services.AddScoped<EmailDelivery>();
        services.AddScoped<UnreadNotices>();
        var mode = configuration["Email:Mode"] ?? "Outbox";
        if (mode.Equals("Smtp", StringComparison.OrdinalIgnoreCase)) services.AddScoped<IEmailSender, SmtpEmailSender>();
        else if (mode.Equals("Outbox", StringComparison.OrdinalIgnoreCase)) services.AddScoped<IEmailSender, OutboxEmailSender>();
        else throw new InvalidOperationException($"Email:Mode '{mode}' is not known; use Outbox or Smtp.");
        services.AddHostedService<ReminderJob>();
        return services;
    }
}
