using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Coordination;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Plans;

namespace Samplan.MyPlan;

/// <summary>
/// «Min plan» (R12, R4): the person's own plan in plain language — what matters to them first, their goals, who does what,
/// their coordinator and how to reach them, coming meetings and evaluations, and what they may do themselves. Read through
/// the gate (audited). Without an open plan the page says so and offers to ask for one (R11).
/// </summary>
public sealed class IndexModel(PlanGate gate, SamplanDb db, AuditLog audit) : MyPlanPageModel(gate, db, audit)
{
    public sealed record Contact(string Name, string? Profession, string? Organisation, string? Phone, string? Email);

    public sealed record MeetingRow(Guid Id, DateTime StartsAt, DateTime EndsAt, string? Place, string? VideoLink, bool Cancelled,
        InviteeReply? MyReply, bool HasMinutes);

    public sealed record RequestRow(DateTime ReceivedAt, IntakeStatus Status, IntakeOutcome? Outcome, string Need);

    public Contact? Coordinator { get; private set; }
    public IReadOnlyList<MeetingRow> Upcoming { get; private set; } = [];
    public IReadOnlyList<MeetingRow> Earlier { get; private set; } = [];
    public IReadOnlyList<(Guid Id, DateOnly HeldOn)> Evaluations { get; private set; } = [];
    public EvaluationExperience? MyExperience { get; private set; }
    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];

    /// <summary>R9: the plan was moved from here: to whom, when, whether they have confirmed it, and with whose consent.</summary>
    public sealed record MovedAway(Guid PlanId, string To, DateTime SentAt, bool Confirmed, string? ConsentGivenBy, DateOnly? ConsentGivenOn);

    /// <summary>R9: the plan came here from another organisation: from whom and when.</summary>
    public sealed record MovedHere(string From, DateTime At);

    public MovedAway? Moved { get; private set; }
    public MovedHere? Received { get; private set; }

    public IReadOnlyList<Goal> MainGoals => Plan!.Goals.Where(g => g.ParentGoalId is null).OrderBy(g => g.TargetDate ?? DateOnly.MaxValue).ToList();
    public IEnumerable<Goal> SubGoals(Goal goal) => Plan!.Goals.Where(g => g.ParentGoalId == goal.Id);

    /// <summary>Who is responsible for a measure, in words: a participant by name, or an organisation.</summary>
    public string? ResponsibleFor(Measure m) =>
        Plan!.Participants.FirstOrDefault(p => p.Id == m.ResponsibleParticipantId)?.Name ?? m.ResponsibleOrganisationName;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Requests = await Db.IntakeCases.AsNoTracking()
            .Where(c => c.PersonId == Me.PersonId && c.Kind == IntakeKind.Request)
            .OrderByDescending(c => c.ReceivedAt)
            .Select(c => new RequestRow(c.ReceivedAt, c.Status, c.Outcome, c.Need)).Take(20).ToListAsync(ct);
        if (!await LoadPlanAsync(PlanPart.Overview, ct))
        {
            await Audit.WriteAsync(Me, AuditRole, "my.plan", null, Me.PersonId, null, true, "Min plan (ingen åpen plan)", ct);
            Moved = await MovedAwayAsync(ct);
            return Page();
        }
        var plan = Plan!;
        // R9: a plan received from another organisation says so, and its history from there is in the plan's history.
        if ((await Gate.RevisionsAsync(plan.Id, ct)).Select(r => (r.At, From: IndividualPlan.ReceivedFrom(r.Summary))).FirstOrDefault(r => r.From is not null) is
            { From: { } from } receivedAt)
            Received = new MovedHere(from, receivedAt.At);
        if (plan.CoordinatorStaffId is { } coordinatorId)
            Coordinator = await (from s in Db.StaffMembers.AsNoTracking()
                                 where s.Id == coordinatorId
                                 join o in Db.Organisations on s.OrganisationId equals o.Id
                                 select new Contact(s.Name, s.Profession, o.Name, s.Phone, s.Email)).FirstOrDefaultAsync(ct);
        var meetings = await Db.Meetings.AsNoTracking().Include(m => m.Invitees).Include(m => m.Decisions)
            .Where(m => m.PlanId == plan.Id).OrderBy(m => m.StartsAt).ToListAsync(ct);
        MeetingRow Row(Meeting m) => new(m.Id, m.StartsAt, m.EndsAt, m.Place, m.VideoLink, m.IsCancelled, MyInvitee(m)?.Reply, m.HasMinutes);
        Upcoming = meetings.Where(m => DateOnly.FromDateTime(Shared.OsloTime.From(m.EndsAt)) >= Today && !m.HasMinutes).Select(Row).ToList();
        Earlier = meetings.Where(m => DateOnly.FromDateTime(Shared.OsloTime.From(m.EndsAt)) < Today || m.HasMinutes)
            .OrderByDescending(m => m.StartsAt).Select(Row).ToList();
        Evaluations = (await Db.Evaluations.AsNoTracking().Where(e => e.PlanId == plan.Id)
            .Select(e => new { e.Id, e.HeldOn }).ToListAsync(ct)).OrderByDescending(e => e.HeldOn).Select(e => (e.Id, e.HeldOn)).ToList();
        if (plan.NextEvaluationDate is { } due)
            MyExperience = await Db.Set<EvaluationExperience>().AsNoTracking()
                .FirstOrDefaultAsync(e => e.PlanId == plan.Id && e.ForEvaluationOn == due, ct);
        return Page();
    }

    /// <summary>
    /// R9: the person's latest plan that was moved from here to another organisation, read through the gate (audited), with
    /// the transfer that moved it; null when there is none.
    /// </summary>
    async Task<MovedAway?> MovedAwayAsync(CancellationToken ct)
    {
        var id = await Gate.Readable().Where(p => p.PersonId == Me.PersonId && p.Status == PlanStatus.Transferred)
            .OrderByDescending(p => p.ClosedAt).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (id is null || await Gate.ReadAsync(id.Value, PlanPart.Overview, ct) is not { } plan) return null;
        var transfer = await Db.Set<Messaging.OutgoingTransfer>().AsNoTracking()
            .Where(t => t.PlanId == plan.Id && t.Outcome != Messaging.TransferOutcome.Refused).OrderByDescending(t => t.SentAt).FirstOrDefaultAsync(ct);
        if (transfer is null) return null;
        var consent = plan.Consents.FirstOrDefault(c => c.Id == transfer.ConsentId);
        return new MovedAway(plan.Id, transfer.ReceiverName, transfer.SentAt, transfer.Outcome == Messaging.TransferOutcome.Received,
            consent?.GivenBy, consent?.GivenOn);
    }

    /// <summary>The invitation this user answers: as the relative they are when acting for the person, else the person's own.</summary>
    public MeetingInvitee? MyInvitee(Meeting m) => MyInviteeOf(m, Me.ActingAsRelatedPersonId);

    public static MeetingInvitee? MyInviteeOf(Meeting m, Guid? actingAsRelatedPersonId) =>
        (actingAsRelatedPersonId is { } r ? m.Invitees.FirstOrDefault(i => i.RelatedPersonId == r) : null)
        ?? m.Invitees.FirstOrDefault(i => i.IsThePerson);
}
