using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Samplan.Data;

namespace Samplan.Audit;

/// <summary>
/// Appends new <see cref="AuditEntry"/> rows to the hash chain, in one place for every save. When a save
/// holds audit entries: take the process gate (SQLite), open a transaction unless the caller has one
/// (EF then saves inside it), take the append lock, read the last (Sequence, Hash), seal the new entries
/// in the order they were made; commit after the save, roll back if it fails. Saves without audit
/// entries are untouched.
/// </summary>
public sealed class AuditChainInterceptor : SaveChangesInterceptor
{
    public static readonly AuditChainInterceptor Instance = new();

    AuditChainInterceptor() { }

    /// <summary>What one append holds until the save ends.</summary>
    internal sealed class Append(SemaphoreSlim? gate, IDbContextTransaction? ownTransaction)
    {
        public SemaphoreSlim? Gate { get; } = gate;
        public IDbContextTransaction? OwnTransaction { get; } = ownTransaction;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not SamplanDb db) return result;
        var pending = AuditChain.Pending(db);
        if (pending.Count == 0) return result;
        var gate = AuditChain.SqliteGate(db);
        if (gate is not null) await gate.WaitAsync(cancellationToken);
        IDbContextTransaction? own = null;
        try
        {
            // Microsoft.Data.Sqlite begins a non-deferred transaction with BEGIN IMMEDIATE.
            own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            db.AuditAppend = new Append(gate, own);
            await AuditChain.SealAfterLastAsync(db, pending, db.Database.IsNpgsql(), cancellationToken);
            return result;
        }
        catch
        {
            if (db.AuditAppend is not null) await EndAsync(db, commit: false, CancellationToken.None);
            else
            {
                if (own is not null) await own.DisposeAsync();
                gate?.Release();
            }
            throw;
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not SamplanDb db) return result;
        var pending = AuditChain.Pending(db);
        if (pending.Count == 0) return result;
        var gate = AuditChain.SqliteGate(db);
        gate?.Wait();
        IDbContextTransaction? own = null;
        try
        {
            own = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
            db.AuditAppend = new Append(gate, own);
            AuditChain.SealAfterLast(db, pending);
            return result;
        }
        catch
        {
            if (db.AuditAppend is not null) End(db, commit: false);
            else
            {
                own?.Dispose();
                gate?.Release();
            }
            throw;
        }
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SamplanDb db) await EndAsync(db, commit: true, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is SamplanDb db) End(db, commit: true);
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SamplanDb db) await EndAsync(db, commit: false, CancellationToken.None);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is SamplanDb db) End(db, commit: false);
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SamplanDb db) await EndAsync(db, commit: false, CancellationToken.None);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        if (eventData.Context is SamplanDb db) End(db, commit: false);
    }

    /// <summary>Commits (or rolls back) the transaction opened here, then lets the next appender in.</summary>
    static async Task EndAsync(SamplanDb db, bool commit, CancellationToken ct)
    {
        if (db.AuditAppend is not { } append) return;
        db.AuditAppend = null;
        try
        {
            if (append.OwnTransaction is { } own)
            {
                if (commit) await own.CommitAsync(ct);
                await own.DisposeAsync();
            }
        }
        finally
        {
            append.Gate?.Release();
        }
    }

    static void End(SamplanDb db, bool commit)
    {
        if (db.AuditAppend is not { } append) return;
        db.AuditAppend = null;
        try
        {
            if (append.OwnTransaction is { } own)
            {
                if (commit) own.Commit();
                own.Dispose();
            }
        }
        finally
        {
            append.Gate?.Release();
        }
    }
}
