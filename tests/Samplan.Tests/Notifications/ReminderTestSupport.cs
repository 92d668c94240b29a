using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Samplan.Consent;
using Samplan.Notifications;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Notifications;

/// <summary>Running the reminder job by hand against the test clock, and what it left in the database.</summary>
static class ReminderTestSupport
{
    /// <summary>A job instance as a node would have it; a new instance is a restart.</summary>
    public static ReminderJob Job(SamplanFactory app, string node = "node-a") =>
        new(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Clock,
            Options.Create(new ReminderOptions { NodeId = node, Enabled = false }), NullLogger<ReminderJob>.Instance);

    public static async Task<Guid> UserIdAsync(SamplanFactory app, string userName)
    {
        await using var db = app.NewDb();
        return await db.UserAccounts.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    /// <summary>The notices of one kind to one user whose dedupe key starts with <paramref name="keyPrefix"/>.</summary>
    public static async Task<List<Notification>> NoticesAsync(SamplanFactory app, string userName, NotificationKind kind, string keyPrefix = "")
    {
        var user = await UserIdAsync(app, userName);
        await using var db = app.NewDb();
        return (await db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == user && n.Kind == kind).ToListAsync())
            .Where(n => n.DedupeKey.StartsWith(keyPrefix, StringComparison.Ordinal)).ToList();
    }

    public static async Task SetPlanDatesAsync(SamplanFactory app, Guid planId, DateOnly? revision, DateOnly? evaluation)
    {
        await using var db = app.NewDb();
        var gate = app.Gate(db, await app.UserAsync("kari"));
        var plan = (await gate.OpenForChangeAsync(planId, PlanPart.Dates))!;
        var version = plan.Version;
        plan.SetDates(plan.PeriodStart, plan.PeriodEnd, revision, evaluation);
        await gate.SaveAsync(plan, PlanPart.Dates, version);
    }

    /// <summary>
    /// No e-mail in the outbox holds health data or plan content: no person's or relative's name, no goal,
    /// measure, need or task title, nothing of what matters to the person.
    /// </summary>
    public static async Task AssertOutboxHoldsNoPlanContentAsync(SamplanFactory app)
    {
        await using var db = app.NewDb();
        var secrets = new List<string>();
        secrets.AddRange(await db.Persons.Select(p => p.Name).ToListAsync());
        secrets.AddRange(await db.RelatedPersons.Select(p => p.Name).ToListAsync());
        secrets.AddRange(await db.PlanTasks.Select(t => t.Title).ToListAsync());
        secrets.AddRange(await db.Set<Domain.Plans.Goal>().Select(g => g.Text).ToListAsync());
        secrets.AddRange(await db.Set<Domain.Plans.Measure>().Select(m => m.Title).ToListAsync());
        secrets.AddRange(await db.Set<Domain.Plans.Need>().Select(n => n.Description).ToListAsync());
        secrets.AddRange((await db.Plans.Select(p => p.WhatMattersToPerson).ToListAsync()).OfType<string>());
        var emails = await db.OutboxEmails.AsNoTracking().ToListAsync();
        Assert.NotEmpty(emails);
        foreach (var e in emails)
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, e.Subject, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, e.Body, StringComparison.OrdinalIgnoreCase);
            }
    }
}
