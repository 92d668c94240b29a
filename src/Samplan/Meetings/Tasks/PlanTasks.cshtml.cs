using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Meetings;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Plans;
using Samplan.Shared;

namespace Samplan.Meetings.Tasks;

/// <summary>
/// The plan's tasks (C4): open and closed, the coordinator assigns one by hand to a participant, the assignee or
/// the coordinator marks it done or cancels it. Read through the gate as <see cref="PlanPart.Tasks"/> (goals and
/// measures): a participant the consent does not cover, and everyone else, gets 404.
/// </summary>
public sealed class PlanTasksModel(PlanGate gate, SamplanDb db, AuditLog audit, CurrentUser me, TimeProvider clock) : PageModel
{
    const string Part = nameof(PlanPart.Tasks);

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid? AssigneeParticipantId { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public DateOnly? DueOn { get; set; }
    [BindProperty] public Guid TaskId { get; set; }

    public IndividualPlan Plan { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<PlanTask> Open { get; private set; } = [];
    public IReadOnlyList<PlanTask> Closed { get; private set; } = [];
    public bool CanAssign { get; private set; }
    public DateOnly Today => gate.Today;

    public bool MayClose(PlanTask task) => task.Status == PlanTaskStatus.Open && PlanAccessPolicy.MayCloseTask(me, Plan, task, Today);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var plan = await gate.OpenForChangeAsync(Id, PlanPart.Tasks, ct);
        if (plan is null) return await gate.ReadAsync(Id, PlanPart.Tasks, ct) is null ? NotFound() : Forbid();
        try
        {
            if (AssigneeParticipantId is null) throw new DomainRuleException("R4", "Velg hvem oppgaven gis til.");
            if (DueOn is null) throw new DomainRuleException("R4", "Velg når oppgaven skal være gjort.");
            var task = PlanTask.Assign(Guid.NewGuid(), plan, AssigneeParticipantId.Value, Title ?? "", DueOn.Value, TaskSource.Manual, null,
                me.UserId, me.DisplayName, clock.GetUtcNow().UtcDateTime);
            db.PlanTasks.Add(task);
            audit.Add(me, gate.Decide(plan, PlanAction.Write, PlanPart.Tasks).Role, "task.add", plan.Id, plan.PersonId, Part, true,
                "Oppgave gitt til en deltaker");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            gate.Discard();
            DomainErrors.Add(ModelState, e);
            return await ShowAsync(ct) ? Page() : NotFound();
        }
        TempData["Status"] = "Oppgaven er lagt til.";
        return Redirect($"/plans/{Id}/tasks");
    }

    public Task<IActionResult> OnPostCompleteAsync(CancellationToken ct) => CloseAsync(done: true, ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) => CloseAsync(done: false, ct);

    async Task<IActionResult> CloseAsync(bool done, CancellationToken ct)
    {
        var plan = await gate.ReadAsync(Id, PlanPart.Tasks, ct);
        if (plan is null) return NotFound();
        var task = await db.PlanTasks.FirstOrDefaultAsync(t => t.Id == TaskId && t.PlanId == Id, ct);
        if (task is null) return NotFound();
        var role = gate.Decide(plan, PlanAction.Read, PlanPart.Tasks).Role;
        if (!PlanAccessPolicy.MayCloseTask(me, plan, task, gate.Today))
        {
            db.ChangeTracker.Clear();
            await audit.WriteAsync(me, role, "task.close", plan.Id, plan.PersonId, Part, false, "Bare den oppgaven er gitt til, eller koordinator, kan avslutte den", ct);
            return Forbid();
        }
        try
        {
            if (done) task.Complete(me.DisplayName, clock.GetUtcNow().UtcDateTime);
            else task.Cancel(me.DisplayName, clock.GetUtcNow().UtcDateTime);
            audit.Add(me, role, "task.close", plan.Id, plan.PersonId, Part, true, done ? "Oppgave markert som utført" : "Oppgave avlyst");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            db.ChangeTracker.Clear();
            DomainErrors.Add(ModelState, e);
            return await ShowAsync(ct) ? Page() : NotFound();
        }
        TempData["Status"] = done ? "Oppgaven er markert som utført." : "Oppgaven er avlyst.";
        return Redirect($"/plans/{Id}/tasks");
    }

    async Task<bool> ShowAsync(CancellationToken ct)
    {
        var plan = await gate.ReadAsync(Id, PlanPart.Tasks, ct);
        if (plan is null) return false;
        Plan = plan;
        // The person is read as part of the plan the user was just allowed to read (and audited above).
        PersonName = await gate.PersonNameAsync(plan, ct);
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => t.PlanId == Id).OrderBy(t => t.DueOn).ThenBy(t => t.CreatedAt).ToListAsync(ct);
        Open = [.. tasks.Where(t => t.Status == PlanTaskStatus.Open)];
        Closed = [.. tasks.Where(t => t.Status != PlanTaskStatus.Open).OrderByDescending(t => t.ClosedAt)];
        CanAssign = plan.IsOpen && gate.Decide(plan, PlanAction.Write, PlanPart.Tasks).Allowed;
        return true;
    }
}
