using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Notifications;
using Samplan.Shared;

namespace Samplan.Meetings;

/// <summary>
/// Demo: Emma's responsibility group and a coming meeting (summoned, with notices and calendar files), and a held
/// meeting in Arne's plan with approved minutes and a decision still to be turned into a measure or a task; Fatima's
/// group without a plan (A1).
/// </summary>
public static class MeetingsDemo
{
    const string DemoBase = "http://localhost:5080";

    public static async Task SeedAsync(SamplanDb db, TimeProvider clock)
    {
        var today = OsloTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var kari = await db.StaffMembers.SingleAsync(s => s.Name == "Kari Nordmann");
        async Task<IndividualPlan> PlanOf(string name)
        {
            var personId = await db.Persons.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
            return await db.Plans.Include(p => p.Participants).Include(p => p.Consents).ThenInclude(c => c.Recipients)
                .SingleAsync(p => p.PersonId == personId && p.Status == PlanStatus.Active);
        }
        Guid Participant(IndividualPlan plan, string name) => plan.Participants.Single(p => p.Name == name).Id;

        var emma = await PlanOf("Emma Larsen");
        var group = ResponsibilityGroup.ForPlan(Guid.NewGuid(), emma, "Emma Larsen", kari, now);
        group.AddParticipant(emma, Participant(emma, "Kari Nordmann"), "Koordinator, kaller inn og skriver referat", today);
        group.AddParticipant(emma, Participant(emma, "Ola Hansen"), "Balansetrening og hjelpemidler", today);
        group.AddParticipant(emma, Participant(emma, "Erik Strand"), "Tilrettelegging på skolen", today);
        group.AddParticipant(emma, Participant(emma, "Lene Larsen"), "Mor, følger opp hjemme", today);
        db.ResponsibilityGroups.Add(group);

        var starts = OsloTime.StartOfDayUtc(today.AddDays(7)).AddHours(14);
        var coming = Meeting.Summon(Guid.NewGuid(), emma, group, MeetingKind.Ordinary,
            new MeetingDetails("1. Hvordan går det med sykkeltreningen?\n2. Friminuttet: erfaringer så langt\n3. Neste evaluering",
                starts, starts.AddHours(1), "Bjørkvik skole, møterom 2", null),
            [Participant(emma, "Ola Hansen"), Participant(emma, "Erik Strand"), Participant(emma, "Lene Larsen")], false, kari, today, now);
        db.Meetings.Add(coming);
        await new MeetingNotices(db, new Notifier(db, clock), clock).SendAsync(emma, coming, DemoBase, CancellationToken.None);

        var arne = await PlanOf("Arne Johansen");
        var heldStarts = OsloTime.StartOfDayUtc(today.AddDays(-3)).AddHours(10);
        var held = Meeting.Summon(Guid.NewGuid(), arne, null, MeetingKind.Ordinary,
            new MeetingDetails("1. Status etter hjerneslaget\n2. Hjemreise og hverdagsrehabilitering", heldStarts, heldStarts.AddHours(1),
                null, "https://video.example/m/arne-samarbeid"),
            [Participant(arne, "Ola Hansen"), Participant(arne, "Ingrid Berg"), Participant(arne, "Per Lie")], false, kari,
            today.AddDays(-10), now.AddDays(-10));
        held.WriteMinutes("Hverdagsrehabilitering starter når Arne kommer hjem. Fastlegen følger opp blodtrykket.",
            "Jeg vil klare dusjen selv før jul.", held.Invitees.ToDictionary(i => i.Id, _ => Attendance.Present), kari.Name, now);
        held.AddDecision("Ergoterapeut vurderer hjelpemidler på badet før hjemreise", now);
        held.ApproveMinutes(kari.Name, now);
        db.Meetings.Add(held);

        // A1: Fatima declined a plan but has a responsibility group, resting on her own consent.
        var fatima = await db.Persons.SingleAsync(p => p.Name == "Fatima Ali");
        var fatimaGroup = ResponsibilityGroup.WithoutPlan(Guid.NewGuid(), fatima, kari, fatima.Name, today.AddDays(-20), today, now);
        fatimaGroup.AddStaff(await db.StaffMembers.SingleAsync(s => s.Name == "Ola Hansen"), "Hverdagsmestring hjemme");
        db.ResponsibilityGroups.Add(fatimaGroup);
        await db.SaveChangesAsync();
    }
}
