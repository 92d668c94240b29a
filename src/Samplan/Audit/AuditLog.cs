using Samplan.Data;
using Samplan.Shared;

namespace Samplan.Audit;

/// <summary>
/// Writes the audit log. <c>Add</c> puts an entry into the same unit of work as the change it
/// describes (so both are saved or neither); <c>WriteAsync</c> saves one for reads and refusals that change
/// nothing else — through <see cref="AuditWriter"/>'s group commit when the app has one, and then a request's
/// response waits for it before it starts.
/// </summary>
public sealed class AuditLog(SamplanDb db, TimeProvider clock, AuditLog.BenchOnlyDisabled? disabled = null, AuditWriter? writer = null,
    IHttpContextAccessor? http = null)
{
    /// <summary>
    /// Benchmark only (bench/README.md): registered when <c>Bench:DisableAudit</c> is true, to measure what the audit
    /// costs. Nothing is then written to the audit log. Never on by default; never set it in production.
    /// </summary>
    public sealed class BenchOnlyDisabled;

    public void Add(CurrentUser user, string role, string action, Guid? planId, Guid? personId, string? part, bool allowed, string reason) =>
        Add(user, role, action, planId, personId, part, allowed, reason, purpose: null, emergency: false);

    /// <summary>An entry with the user's stated purpose; <paramref name="emergency"/> marks emergency access (nødtilgang).</summary>
    public void Add(CurrentUser user, string role, string action, Guid? planId, Guid? personId, string? part, bool allowed, string reason,
        string? purpose, bool emergency)
    {
        if (disabled is not null) return;
        db.AuditEntries.Add(Entry(user, role, action, planId, personId, part, allowed, reason, purpose, emergency));
    }

    AuditEntry Entry(CurrentUser user, string role, string action, Guid? planId, Guid? personId, string? part, bool allowed,
        string reason, string? purpose, bool emergency) =>
        new(clock.GetUtcNow().UtcDateTime, user.IsAuthenticated ? user.UserId : null,
            user.UserName, role, user.OrganisationId, action, planId, personId, part, allowed, reason, purpose, emergency);

    public Task WriteAsync(CurrentUser user, string role, string action, Guid? planId, Guid? personId, string? part,
        bool allowed, string reason, CancellationToken ct = default) =>
        WriteAsync(user, role, action, planId, personId, part, allowed, reason, purpose: null, emergency: false, ct);

    public async Task WriteAsync(CurrentUser user, string role, string action, Guid? planId, Guid? personId, string? part,
        bool allowed, string reason, string? purpose, bool emergency, CancellationToken ct = default)
    {
        // An audit write must never carry an unrelated change with it (e.g. one a rule just refused).
        if (db.ChangeTracker.Entries().Any(e => e.Entity is not AuditEntry && e.Entity is not Organisations.UserAccount
                && e.State is Microsoft.EntityFrameworkCore.EntityState.Added or Microsoft.EntityFrameworkCore.EntityState.Modified or Microsoft.EntityFrameworkCore.EntityState.Deleted))
            throw new InvalidOperationException("Audit write with other unsaved changes in the unit of work.");
        if (disabled is not null) return;
        // Alone in the unit of work and outside a transaction: the entry can join the next group commit. Otherwise it
        // is saved here, with the account change it goes with (a failed sign-in) or inside the caller's transaction.
        if (writer is not null && db.Database.CurrentTransaction is null && !db.ChangeTracker.HasChanges())
        {
            var written = writer.AppendAsync(Entry(user, role, action, planId, personId, part, allowed, reason, purpose, emergency));
            if (http?.HttpContext?.Response is { HasStarted: false } response)
            {
                // Issue 8: the request goes on (renders the page) while the group commit runs, but its response does not
                // start — not one byte of what was read leaves — until the entry is durable; if it cannot be written,
                // the response fails instead. Awaiting here cost a commit's latency on every read (about 40 % of the
                // plan page's and the FHIR read's throughput).
                response.OnStarting(() => written);
                return;
            }
            await written.WaitAsync(ct);
            return;
        }
        Add(user, role, action, planId, personId, part, allowed, reason, purpose, emergency);
        await db.SaveChangesAsync(ct);
    }
}
