using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Notifications;
using Samplan.Shared;

namespace Samplan.Meetings.Tasks;

/// <summary>
/// Demo tasks and e-mail addresses: Arne's and Emma's plans get tasks due soon, one overdue and one for Arne
/// himself; Ingrid gets one on Astrid's plan that she cannot see until a consent covers her (R3). The reminder
/// job turns the due ones into notices and outbox e-mails within a minute of the demo starting.
/// </summary>
public static class TaskDemoData
{
    public static async Task SeedAsync(SamplanDb db, TimeProvider clock)
    {
        var today = OsloTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var staffEmails = await db.StaffMembers.Where(s => s.Email != null).ToDictionaryAsync(s => s.Id, s => s.Email!);
        foreach (var account in await db.UserAccounts.ToListAsync())
        {
            var email = account.StaffMemberId is { } staff && staffEmails.TryGetValue(staff, out var e) ? e
                : account.UserName == "arne" ? "arne.johansen@example.no" : null;
            if (email is not null) account.SetEmailPreferences(email, Enum.GetValues<NotificationKind>());
        }
        var kari = await db.UserAccounts.SingleAsync(u => u.UserName == "kari");

        async Task<IndividualPlan> PlanOf(string personName)
        {
            var personId = await db.Persons.Where(p => p.Name == personName).Select(p => p.Id).SingleAsync();
            return await db.Plans.Include(p => p.Participants)
                .SingleAsync(p => p.PersonId == personId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active));
        }
        PlanTask Task(IndividualPlan plan, string assignee, string title, int dueInDays) =>
            PlanTask.Assign(Guid.NewGuid(), plan, plan.Participants.Single(p => p.Name == assignee).Id, title, today.AddDays(dueInDays),
                TaskSource.Manual, null, kari.Id, kari.DisplayName, now.AddDays(-3));

        var arne = await PlanOf("Arne Johansen");
        var emma = await PlanOf("Emma Larsen");
        var astrid = await PlanOf("Astrid Solberg");
        var done = Task(arne, "Kari Nordmann", "Avtale samarbeidsmøte før utskriving", -2);
        done.Complete(kari.DisplayName, now.AddDays(-2));
        db.PlanTasks.AddRange(
            Task(arne, "Ola Hansen", "Vurdere hjelpemidler på badet før hjemreise", 1),
            Task(arne, "Per Lie", "Sende utskrivingsrapport til fastlegen", -1),
            Task(arne, "Arne Johansen", "Skrive ned hva som er viktigst å klare selv hjemme", 7),
            done,
            Task(emma, "Ola Hansen", "Bestille balansebrett til gymsalen", 3),
            Task(emma, "Erik Strand", "Oppdatere IOP med mål for friminuttet", 14),
            Task(astrid, "Ingrid Berg", "Gjennomgang av faste medisiner", 5),
            Task(astrid, "Kari Nordmann", "Innhente nytt samtykke som også dekker fastlegen", 2));
        await db.SaveChangesAsync();
    }
}
