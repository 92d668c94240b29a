using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Evaluations;

/// <summary>Demo: Emma's plan has had a first, extra evaluation two weeks ago, with her own words.</summary>
public static class EvaluationsDemo
{
    public static async Task SeedAsync(SamplanDb db, TimeProvider clock)
    {
        var today = OsloTime.Today(clock);
        var kari = CurrentUser.Of(await db.UserAccounts.SingleAsync(u => u.UserName == "kari"));
        var emmaId = await db.Persons.Where(p => p.Name == "Emma Larsen").Select(p => p.Id).SingleAsync();
        var planId = await db.Plans.Where(p => p.PersonId == emmaId).Select(p => p.Id).SingleAsync();
        var gate = new PlanGate(db, kari, new AuditLog(db, clock), clock);
        var plan = (await gate.OpenForChangeAsync(planId, PlanPart.Evaluations))!;
        var version = plan.Version;
        var reviews = plan.Goals.Select(g => new GoalReview(g.Id,
            g.ParentGoalId is null ? GoalAttainment.PartlyAchieved : GoalAttainment.TooEarlyToSay,
            g.ParentGoalId is null ? "Sykler med voksen en dag i uka." : null)).ToList();
        var evaluation = Evaluation.Complete(Guid.NewGuid(), plan, new EvaluationContent(today.AddDays(-14), null, reviews,
                "Trening og tilrettelagt friminutt er gitt som avtalt.", WayOfWorkingFit.Partly,
                "Emma vil ha treningen i gymtimen, ikke i friminuttet.",
                "Det er gøy å sykle, men jeg vil ikke gå glipp av friminuttet.", null, null, [], plan.NextEvaluationDate),
            kari.UserId, kari.DisplayName, "koordinator", today, clock.GetUtcNow().UtcDateTime);
        db.Evaluations.Add(evaluation);
        await gate.SaveAsync(plan, PlanPart.Evaluations, version);
    }
}
