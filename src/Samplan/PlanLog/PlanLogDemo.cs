using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Shared;

namespace Samplan.PlanLog;

/// <summary>
/// Demo: Emma's log has an entry for everyone, a health entry the school does not see (R8) and a corrected
/// entry; Arne has written in his own log (R12).
/// </summary>
public static class PlanLogDemo
{
    public static async Task SeedAsync(SamplanDb db, TimeProvider clock)
    {
        var today = OsloTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        async Task<IndividualPlan> PlanOf(string name)
        {
            var personId = await db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
            return await db.Plans.AsNoTracking().SingleAsync(p => p.PersonId == personId);
        }
        async Task<(Guid Id, string Name)> UserOf(string userName)
        {
            var user = await db.UserAccounts.Where(u => u.UserName == userName).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
            return (user.Id, user.DisplayName);
        }

        var emma = await PlanOf("Emma Larsen");
        var kari = await UserOf("kari");
        var ola = await UserOf("ola");
        var wrong = PlanLogEntry.Write(Guid.NewGuid(), emma, today.AddDays(-12), "Ny sykkel med hjelpehjul er bestilt.",
            InformationKind.GoalsAndMeasures, kari.Id, kari.Name, "Koordinator", today, now.AddDays(-12));
        db.PlanLogEntries.AddRange(
            PlanLogEntry.Write(Guid.NewGuid(), emma, today.AddDays(-20), "Emma har syklet til skolen sammen med mor to ganger denne uka.",
                InformationKind.PlanLog, kari.Id, kari.Name, "Koordinator", today, now.AddDays(-20)),
            wrong,
            PlanLogEntry.Write(Guid.NewGuid(), emma, today.AddDays(-11), "Sykkelen er bestilt med støttehjul, ikke hjelpehjul.",
                InformationKind.GoalsAndMeasures, kari.Id, kari.Name, "Koordinator", today, now.AddDays(-11), corrects: wrong),
            PlanLogEntry.Write(Guid.NewGuid(), emma, today.AddDays(-6), "Balansetest: klarer å stå på ett bein i 8 sekunder, opp fra 5.",
                InformationKind.HealthInformation, ola.Id, ola.Name, "Tjenesteyter", today, now.AddDays(-6)));

        var arne = await PlanOf("Arne Johansen");
        var arneUser = await UserOf("arne");
        db.PlanLogEntries.Add(PlanLogEntry.Write(Guid.NewGuid(), arne, today.AddDays(-1), "Jeg klarte å ta på meg skjorta selv i dag.",
            InformationKind.PlanLog, arneUser.Id, arneUser.Name, "Personen selv", today, now.AddDays(-1)));
        await db.SaveChangesAsync();
    }
}
