using Microsoft.EntityFrameworkCore;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Notifications;
using Samplan.Shared;

namespace Samplan.Meetings;

/// <summary>
/// The notices of a summons, a change and a cancellation, with the meeting's calendar file, to every invitee with a
/// user account whom a consent in force still covers (R3). Subject and body say only that there is a meeting,
/// when, where and a link: no name, agenda, minutes or other plan content (the gate decides what the link shows).
/// </summary>
public sealed class MeetingNotices(SamplanDb db, Notifier notifier, TimeProvider clock)
{
    public async Task SendAsync(IndividualPlan plan, Meeting meeting, string absoluteBase, CancellationToken ct)
    {
        var link = $"/plans/{meeting.PlanId}/meetings/{meeting.Id}";
        var calendar = MeetingCalendar.For(meeting, absoluteBase + link, clock.GetUtcNow().UtcDateTime);
        var (kind, stage, subject, lead) = meeting.IsCancelled
            ? (NotificationKind.MeetingChanged, "cancelled", "Møte i ansvarsgruppe er avlyst", "Møtet i ansvarsgruppen er avlyst")
            : meeting.Sequence == 0
                ? (NotificationKind.MeetingSummons, "summons", "Innkalling til møte i ansvarsgruppe", "Du er innkalt til møte i ansvarsgruppe")
                : (NotificationKind.MeetingChanged, "changed", "Endret møte i ansvarsgruppe", "Møtet i ansvarsgruppen er endret");
        var where = string.Join(". ", new[] { meeting.Place is { } p ? $"Sted: {p}" : null, meeting.VideoLink is { } v ? $"Videomøte: {v}" : null }
            .Where(s => s is not null));
        // No link in the text: the notice and the e-mail link to the notice itself, which then opens the meeting through the gate.
        var body = $"{lead}: {MeetingPageModel.When(meeting)} (norsk tid). {where}.";
        var key = $"meeting:{meeting.Id:N}:{stage}:{meeting.Sequence}";
        var today = OsloTime.Today(clock);
        foreach (var invitee in meeting.Invitees)
        {
            var participant = plan.Participants.FirstOrDefault(p => p.Id == invitee.ParticipantId);
            if (participant is null) continue;
            var always = invitee.IsThePerson || participant.StaffMemberId == plan.CoordinatorStaffId
                || plan.IsOverlappingCoordinator(participant.StaffMemberId, today);
            if (!always && !plan.Covers(participant, today)) continue;
            if (invitee.StaffMemberId is { } staff)
                await notifier.ToStaffAsync(staff, kind, subject, body, link, key, calendar, ct);
            else if (invitee.IsThePerson)
                foreach (var user in await db.UserAccounts.AsNoTracking().Where(u => u.PersonId == meeting.PersonId).Select(u => u.Id).ToListAsync(ct))
                    await notifier.ToUserAsync(user, kind, subject, body, link, key, calendar, ct);
        }
    }
}
