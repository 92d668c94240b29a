using Microsoft.EntityFrameworkCore;
using Samplan.Audit;
using Samplan.Consent;
using Samplan.Data;
using Samplan.Domain.Organisations;
using Samplan.Domain.People;
using Samplan.Domain.Plans;
using Samplan.Domain.Shared;
using Samplan.Shared;

namespace Samplan.Plans;

/// <summary>The person a plan is for, as its pages' headings show them.</summary>
public sealed record PersonHeading(string Name, DateOnly BirthDate, bool NeedsInterpreter, string? InterpreterLanguage);

/// <summary>A save that lost a race: someone else changed the plan after the user opened it (R5: nothing silently lost).</summary>
public sealed class PlanConflictException(IReadOnlyList<PlanRevision> changesSince)
    : Exception("Planen er endret av en annen siden du åpnet den. Endringen din er ikke lagret – se hva som ble endret, og prøv igjen.")
{
    public IReadOnlyList<PlanRevision> ChangesSince { get; } = changesSince;
}

/// <summary>
/// The one gate for plan data: every read and write of a plan goes through here, is decided by
/// <see cref="PlanAccessPolicy"/> and written to the audit log. Pages and endpoints never query plan
/// tables themselves.
/// </summary>
public sealed class PlanGate(SamplanDb db, CurrentUser user, AuditLog audit, TimeProvider clock, PlanCache? cache = null)
{
    // Plans this user holds an active emergency access to, as found when they were loaded in this request.
    readonly HashSet<Guid> _emergency = [];

    // The last change of each plan read shared in this request, as kept with it (LastChangedAtAsync).
    readonly Dictionary<Guid, DateTime?> _lastChanged = [];

    public CurrentUser User => user;

    public DateOnly Today => OsloTime.Today(clock);

    /// <summary>Plans the user may read, as a query to project from (lists, search, "my plans").</summary>
    /// <remarks>
    /// Issue 8: the policy's predicate is an OR of correlated subqueries, which makes the database walk every plan. For
    /// staff, the plans are first narrowed by indexed lookups to those the policy could possibly let them read (they
    /// coordinate, coordinated, started, take part in, or hold an emergency access to) — a superset of what the predicate
    /// allows — and the same predicate then decides. The result is the same; the work follows the caseload, not the country.
    /// </remarks>
    public IQueryable<IndividualPlan> Readable()
    {
        var plans = db.Plans.AsNoTracking();
        if (user.StaffMemberId is { } staff && user.PersonId is null && user.Relatives.Count == 0)
        {
            var userId = user.UserId;
            var candidates = db.Plans.Where(p => p.CoordinatorStaffId == staff).Select(p => p.Id)
                .Concat(db.Plans.Where(p => p.PreviousCoordinatorStaffId == staff).Select(p => p.Id))
                .Concat(db.Plans.Where(p => p.Status == PlanStatus.Draft && p.StartedByStaffId == staff).Select(p => p.Id))
                .Concat(db.Participants.Where(x => x.StaffMemberId == staff).Select(x => x.PlanId))
                .Concat(db.EmergencyAccesses.Where(e => e.UserId == userId).Select(e => e.PlanId));
            plans = plans.Where(p => candidates.Contains(p.Id));
        }
        return plans.Where(PlanAccessPolicy.Readable(user, Today, clock.GetUtcNow().UtcDateTime, db.EmergencyAccesses));
    }

    /// <summary>The whole plan for reading, or null when it does not exist or the user may not read it (both audited).</summary>
    public Task<IndividualPlan?> ReadAsync(Guid planId, PlanPart part, CancellationToken ct = default) =>
        LoadAsync(planId, PlanAction.Read, part, tracked: false, ct);

    /// <summary>
    /// As <see cref="ReadAsync"/>, for the busiest read-only pages (the plan page, FHIR CarePlan): the plan may be the instance
    /// kept by <see cref="PlanCache"/> when its change stamp is unchanged, shared with other requests — never change it.
    /// Access is decided and the read audited exactly as in <see cref="ReadAsync"/>.
    /// </summary>
    public async Task<IndividualPlan?> ReadSharedAsync(Guid planId, PlanPart part, CancellationToken ct = default)
    {
        if (cache is null) return await ReadAsync(planId, part, ct);
        return await KeptAsync(planId, ct) is { } plan ? await DecideAsync(plan, PlanAction.Read, part, tracked: false, ct) : null;
    }

    /// <summary>
    /// A plan a search names by id (FHIR <c>CarePlan?_id=</c>), as <see cref="ReadSharedAsync"/>, but only when the user may
    /// open it as <see cref="Readable"/> lists plans — not a plan they would see the metadata of only (K4) — and, like a plan
    /// the search's filter leaves out, a plan they may not open is not an audited refusal: it is simply not found.
    /// </summary>
    /// <remarks>Issue 8: saves the search's access filter query (the policy's correlated subqueries) when the ids are known.</remarks>
    public async Task<IndividualPlan?> FindSharedAsync(Guid planId, PlanPart part, CancellationToken ct = default)
    {
        var plan = cache is null ? await LoadedAsync(planId, tracked: false, ct) : await KeptAsync(planId, ct);
        if (plan is null) return null;
        var listed = Decide(plan, PlanAction.Read, PlanPart.Overview);
        return listed is { Allowed: true, MetadataOnly: false } ? await DecideAsync(plan, PlanAction.Read, part, tracked: false, ct) : null;
    }

    /// <summary>
    /// When the plan was last changed (its newest revision), for a plan read in this request: kept with the plan, so asking
    /// costs nothing more than the read did; otherwise one lookup.
    /// </summary>
    public async Task<DateTime?> LastChangedAtAsync(Guid planId, CancellationToken ct = default) =>
        _lastChanged.TryGetValue(planId, out var at) ? at : await LastRevisionAtAsync(planId, ct);

    /// <summary>The plan (shared, never to be changed) from <see cref="PlanCache"/> when its stamp is unchanged, else loaded and kept.</summary>
    async Task<IndividualPlan?> KeptAsync(Guid planId, CancellationToken ct)
    {
        // The stamp is read before the plan is loaded, so what is kept is never older than the stamp it is kept under.
        var head = await HeadOf.For(db)(db, planId, user.UserId, clock.GetUtcNow().UtcDateTime, ct);
        if (head is null) return null;
        var kept = cache!.Find(planId, head.Stamp);
        if (kept is null)
        {
            var plan = await Aggregate(tracked: false).FirstOrDefaultAsync(p => p.Id == planId, ct);
            if (plan is null) return null;
            // Every save of the plan writes its revision and renews the stamp together, so the time belongs with the stamp.
            kept = new PlanCache.Kept(plan, await LastRevisionAtAsync(planId, ct));
            cache.Keep(planId, head.Stamp, kept);
        }
        if (head.Emergency) _emergency.Add(planId);
        _lastChanged[planId] = kept.LastChangedAt;
        return kept.Plan;
    }

    sealed record PlanHead(Guid Stamp, bool Emergency);

    // Compiled (issue 8): the busiest query of the app, asked on every plan page and FHIR read; EF skips building and
    // looking up its translation each time.
    static readonly PerModel<Func<SamplanDb, Guid, Guid, DateTime, CancellationToken, Task<PlanHead?>>> HeadOf = new(() => EF.CompileAsyncQuery(
        (SamplanDb db, Guid planId, Guid userId, DateTime now, CancellationToken ct) => db.Plans.AsNoTracking().Where(p => p.Id == planId)
            .Select(p => new PlanHead(EF.Property<Guid>(p, PlanCache.StampProperty),
                db.EmergencyAccesses.Any(e => e.PlanId == planId && e.UserId == userId && e.ExpiresAt > now)))
            .FirstOrDefault()));

    Task<DateTime?> LastRevisionAtAsync(Guid planId, CancellationToken ct) =>
        db.PlanRevisions.AsNoTracking().Where(r => r.PlanId == planId).OrderByDescending(r => r.Version)
            .Select(r => (DateTime?)r.At).FirstOrDefaultAsync(ct);

    /// <summary>The plan, tracked for a change, or null when the user may not change this part.</summary>
    public Task<IndividualPlan?> OpenForChangeAsync(Guid planId, PlanPart part, CancellationToken ct = default) =>
        LoadAsync(planId, PlanAction.Write, part, tracked: true, ct);

    public AccessDecision Decide(IndividualPlan plan, PlanAction action, PlanPart part) =>
        PlanAccessPolicy.Decide(user, plan, action, part, Today, _emergency.Contains(plan.Id));

    public bool MaySee(IndividualPlan plan, InformationKind kind) =>
        PlanAccessPolicy.MaySee(user, plan, kind, Today, _emergency.Contains(plan.Id));

    /// <summary>
    /// Emergency access: a provider opens the person's plan outside the policy by giving a reason. The access
    /// lasts <see cref="EmergencyAccess.Duration"/>, is flagged in the audit log for the privacy officer and
    /// shown to the person. Returns the plan id, or null when the person has no open plan.
    /// </summary>
    public async Task<Guid?> RequestEmergencyAccessAsync(Guid personId, string reason, CancellationToken ct = default)
    {
        if (user.StaffMemberId is null)
            throw new DomainRuleException("R8", "Bare helse- og omsorgspersonell kan be om nødtilgang.");
        var plan = await db.Plans.AsNoTracking()
            .Where(p => p.PersonId == personId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active))
            .Select(p => new { p.Id }).FirstOrDefaultAsync(ct);
        var access = new EmergencyAccess(plan?.Id ?? Guid.Empty, personId, user.UserId, user.UserName, user.OrganisationId, reason,
            clock.GetUtcNow().UtcDateTime);
        if (plan is null)
        {
            await audit.WriteAsync(user, "nødtilgang", "plan.emergency-access", null, personId, null, false, "NØDTILGANG: personen har ingen åpen plan",
                purpose: access.Reason, emergency: true, ct);
            return null;
        }
        db.EmergencyAccesses.Add(access);
        audit.Add(user, "nødtilgang", "plan.emergency-access", plan.Id, personId, null, true, "NØDTILGANG gitt i to timer",
            purpose: access.Reason, emergency: true);
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    /// <summary>
    /// Saves the changes made through the aggregate as one new version with its revision and audit entry,
    /// all in one transaction. <paramref name="expectedVersion"/> is the version the user's form was
    /// built from: if the plan has moved on since, nothing is saved and the user is shown what changed.
    /// </summary>
    public async Task SaveAsync(IndividualPlan plan, PlanPart part, int expectedVersion, CancellationToken ct = default)
    {
        if (plan.Version != expectedVersion) throw await ConflictSinceAsync(plan.Id, expectedVersion, ct);
        if (plan.PendingChanges.Count == 0) return;
        _lastChanged.Remove(plan.Id);
        // K8, C6: a coordinator appointed or the plan taken into use is told to the hospital whose notice the case came from.
        await Messaging.PeerReplies.QueueAsync(db, plan, clock.GetUtcNow().UtcDateTime, ct);
        var decision = Decide(plan, PlanAction.Write, part);
        AddRevision(plan, decision.Role, part.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // A lost race shows as a concurrency failure on the plan row or, when EF inserts the revision
            // first, as the revision's unique (PlanId, Version) index refusing a version already taken.
            var conflict = await ConflictSinceAsync(plan.Id, expectedVersion, ct);
            if (conflict.ChangesSince.Count == 0) throw;
            throw conflict;
        }
    }

    /// <summary>Starts plan work for a person (R2, R3 checked by the aggregate); the starter may then fill in the draft.</summary>
    public async Task<IndividualPlan> StartAsync(Person person, Organisation responsible, StaffMember startedBy,
        ConsentDeclaration consent, CancellationToken ct = default)
    {
        var otherStatuses = await db.Plans.Where(p => p.PersonId == person.Id).Select(p => p.Status).ToListAsync(ct);
        var plan = IndividualPlan.Start(Guid.NewGuid(), person, responsible, startedBy, otherStatuses, consent,
            clock.GetUtcNow().UtcDateTime);
        db.Plans.Add(plan);
        AddRevision(plan, "planstarter", "Consent");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // R2 under a race: the unique index saw a second open plan that the check above could not.
            if (await db.Plans.AnyAsync(p => p.PersonId == person.Id && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active), ct))
                throw new DomainRuleException("R2", $"{person.Name} har allerede en individuell plan. Det skal bare være én plan per person.");
            throw;
        }
        return plan;
    }

    /// <summary>
    /// Forgets a change the aggregate refused or that lost a race, so nothing half-done can be saved
    /// later in the same request (for instance together with the next audit entry).
    /// </summary>
    public void Discard() => db.ChangeTracker.Clear();

    /// <summary>
    /// What the plan page and its print show of the person a plan the user has just been let read is for: not the
    /// person's record (identity number, address, phone, the child's views), which is read through its own pages.
    /// </summary>
    public async Task<PersonHeading> PersonHeadingAsync(IndividualPlan plan, CancellationToken ct = default) =>
        await HeadingOf.For(db)(db, plan.PersonId, ct) ?? throw new InvalidOperationException("Plan without person");

    // Compiled (issue 8): asked on every plan page.
    static readonly PerModel<Func<SamplanDb, Guid, CancellationToken, Task<PersonHeading?>>> HeadingOf = new(() => EF.CompileAsyncQuery(
        (SamplanDb db, Guid personId, CancellationToken ct) => db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new PersonHeading(p.Name, p.BirthDate, p.NeedsInterpreter, p.InterpreterLanguage)).FirstOrDefault()));

    /// <summary>The name of the person a plan the user has just been let read is for, for page headings.</summary>
    public async Task<string> PersonNameAsync(IndividualPlan plan, CancellationToken ct = default) => (await PersonHeadingAsync(plan, ct)).Name;

    public async Task<IReadOnlyList<PlanRevision>> RevisionsAsync(Guid planId, CancellationToken ct = default) =>
        await db.PlanRevisions.AsNoTracking().Where(r => r.PlanId == planId).OrderByDescending(r => r.Version).ToListAsync(ct);

    IQueryable<IndividualPlan> Aggregate(bool tracked)
    {
        var query = db.Plans.AsSplitQuery()
            .Include(p => p.Goals).Include(p => p.Needs).Include(p => p.Resources).Include(p => p.Participants)
            .Include(p => p.Measures).Include(p => p.Collaborations).Include(p => p.SubPlans)
            .Include(p => p.Consents).ThenInclude(c => c.Recipients);
        return tracked ? query : query.AsNoTracking();
    }

    async Task<IndividualPlan?> LoadAsync(Guid planId, PlanAction action, PlanPart part, bool tracked, CancellationToken ct) =>
        await LoadedAsync(planId, tracked, ct) is { } plan ? await DecideAsync(plan, action, part, tracked, ct) : null;

    /// <summary>The plan loaded afresh (its own copy), with the user's emergency access to it noted; not yet decided.</summary>
    async Task<IndividualPlan?> LoadedAsync(Guid planId, bool tracked, CancellationToken ct)
    {
        var plan = await Aggregate(tracked).FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.EmergencyAccesses.AnyAsync(e => e.PlanId == planId && e.UserId == user.UserId && e.ExpiresAt > now, ct))
            _emergency.Add(planId);
        return plan;
    }

    /// <summary>Lets the user have the loaded plan or not; refusals and reads are audited (a change is audited with the change).</summary>
    async Task<IndividualPlan?> DecideAsync(IndividualPlan plan, PlanAction action, PlanPart part, bool tracked, CancellationToken ct)
    {
        var decision = Decide(plan, action, part);
        var verb = action == PlanAction.Read ? "plan.read" : "plan.open-for-change";
        if (!decision.Allowed)
        {
            if (tracked) Discard();
            await audit.WriteAsync(user, decision.Role, verb, plan.Id, plan.PersonId, part.ToString(), false, decision.Reason, ct);
            return null;
        }
        // A change is audited with the change itself (in SaveAsync); only reads are written here.
        if (action == PlanAction.Read)
            await audit.WriteAsync(user, decision.Role, verb, plan.Id, plan.PersonId, part.ToString(), true,
                decision.Emergency ? $"NØDTILGANG: {decision.Reason}" : decision.Reason, purpose: null, emergency: decision.Emergency, ct);
        return plan;
    }

    void AddRevision(IndividualPlan plan, string role, string part)
    {
        var summary = string.Join("\n", plan.PendingChanges);
        plan.MarkSaved();
        db.PlanRevisions.Add(new PlanRevision(plan.Id, plan.Version, clock.GetUtcNow().UtcDateTime, user.UserId,
            user.DisplayName, summary, string.Join("\n", PlanSnapshot.Render(plan))));
        audit.Add(user, role, "plan.change", plan.Id, plan.PersonId, part, true, summary.Split('\n')[0]);
    }

    async Task<PlanConflictException> ConflictSinceAsync(Guid planId, int expectedVersion, CancellationToken ct) =>
        new(await db.PlanRevisions.AsNoTracking().Where(r => r.PlanId == planId && r.Version > expectedVersion)
            .OrderBy(r => r.Version).ToListAsync(ct));

    /// <summary>
    /// R9, R2: a plan transferred from another deployment enters here, like any other plan: only the receiving organisation's
    /// coordinating unit takes it in; the same plan arriving again changes nothing (null); a person with an open plan here is
    /// refused (R2, also under a race); the plan, its history, the work done there (<paramref name="addWork"/>) and the audit
    /// entry are saved in one transaction. Refusals are audited before they are thrown.
    /// </summary>
    public async Task<IndividualPlan?> ReceiveAsync(Guid planId, Organisation responsible, ReceivedPlan received,
        Func<CancellationToken, Task<Person>> findOrRegisterPerson, IReadOnlyDictionary<string, StaffMember> staffByHpr,
        IEnumerable<PlanRevision> history, Action<IndividualPlan> addWork, string auditText, CancellationToken ct = default)
    {
        const string action = "plan.transfer.receive", role = "koordinerende enhet";
        if (user.StaffMemberId is not { } staff || user.OrganisationId != responsible.Id || !user.Has(Samplan.Organisations.SystemRole.CoordinatingUnitStaff))
        {
            await audit.WriteAsync(user, "uten planrolle", action, planId, null, nameof(PlanPart.Lifecycle), false,
                $"Bare koordinerende enhet i {responsible.Name} tar imot en overført plan (R9)", ct);
            throw new DomainRuleException("R9", $"Bare koordinerende enhet i {responsible.Name} kan ta imot planen.");
        }
        if (await db.Plans.AnyAsync(p => p.Id == planId, ct))
        {
            audit.Add(user, role, action, planId, null, nameof(PlanPart.Lifecycle), true,
                $"Planen fra {received.FromOrganisationName} var allerede mottatt; ingen ny plan (R9)");
            return null;
        }
        var person = await findOrRegisterPerson(ct);
        var statuses = await db.Plans.Where(p => p.PersonId == person.Id).Select(p => p.Status).ToListAsync(ct);
        IndividualPlan plan;
        try
        {
            plan = IndividualPlan.ReceiveTransferred(planId, person, responsible, staff, statuses, received, staffByHpr);
        }
        catch (DomainRuleException e)
        {
            Discard();
            await audit.WriteAsync(user, role, action, planId, person.Id, nameof(PlanPart.Lifecycle), false, $"{e.Rule}: {e.Message}", ct);
            throw;
        }
        db.Plans.Add(plan);
        addWork(plan);
        // R5: the history arrives readable, version by version as it was written there; then this deployment's own revision.
        db.PlanRevisions.AddRange(history);
        var summary = string.Join("\n", plan.PendingChanges);
        plan.MarkSaved();
        db.PlanRevisions.Add(new PlanRevision(plan.Id, plan.Version, clock.GetUtcNow().UtcDateTime, user.UserId, user.DisplayName, summary,
            string.Join("\n", PlanSnapshot.Render(plan))));
        audit.Add(user, role, action, planId, person.Id, nameof(PlanPart.Lifecycle), true, auditText);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            Discard();
            // R2 under a race: the unique index saw a second open plan that the check above could not.
            if (await db.Plans.AnyAsync(p => p.PersonId == person.Id && p.Id != planId && (p.Status == PlanStatus.Draft || p.Status == PlanStatus.Active), ct))
            {
                await audit.WriteAsync(user, role, action, planId, person.Id, nameof(PlanPart.Lifecycle), false, "R2: personen har allerede en åpen plan", ct);
                throw new DomainRuleException("R2", $"{person.Name} har allerede en åpen individuell plan her. Det skal bare være én plan per person.");
            }
            throw;
        }
        return plan;
    }
}
