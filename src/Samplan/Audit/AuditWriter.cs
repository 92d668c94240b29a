using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;

namespace Samplan.Audit;

/// <summary>
/// Group commit for audited reads (issue 8). Every read of a plan writes one audit entry; saved one by one, each is
/// its own write transaction (SQLite: <c>BEGIN IMMEDIATE</c> and a WAL sync; PostgreSQL: the chain's advisory lock and
/// a commit), and requests queue behind each other's commits. Here the entries made while one commit runs wait in a
/// queue and are sealed into the hash chain and committed together in the next one. The request still waits until its
/// entry is durable: a read that cannot be audited is not answered.
/// </summary>
public sealed class AuditWriter : IAsyncDisposable
{
    /// <summary>Enough to drain a burst from every connection of a busy server in one commit, small enough to stay short.</summary>
    const int MaxBatch = 256;

    readonly IServiceScopeFactory _scopes;
    readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _loop;
    long _commits;
    // The writer's own context, connection and statements (SaveAsync); only the loop touches them.
    AsyncServiceScope? _scope;
    SamplanDb? _db;
    BulkWriter? _bulk;

    sealed record Pending(AuditEntry Entry, TaskCompletionSource Done);

    public AuditWriter(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        // The loop outlives the request that first needed the writer: it must not carry that request's context along.
        using (ExecutionContext.SuppressFlow()) _loop = Task.Run(RunAsync);
    }

    /// <summary>How many transactions have written entries so far (tests see that entries were grouped).</summary>
    internal long Commits => Interlocked.Read(ref _commits);

    /// <summary>Completes when the entry is committed; fails when it could not be written.</summary>
    public Task AppendAsync(AuditEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(entry, done)))
            done.SetException(new ObjectDisposedException(nameof(AuditWriter), "The audit log is shutting down."));
        return done.Task;
    }

    async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            // Issue 8: behind the requests already queued for the thread pool, so those on their way to an audited read
            // join this commit instead of each paying for the next. An idle server loses only a queue hop.
            await Task.Yield();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            await SaveAsync(batch);
            foreach (var p in batch) p.Done.TrySetResult();
        }
        catch when (batch.Count > 1)
        {
            // One entry the database refuses must not fail the others' requests: each alone, then, with its own answer.
            foreach (var p in batch)
            {
                try
                {
                    await SaveAsync([p]);
                    p.Done.TrySetResult();
                }
                catch (Exception e)
                {
                    p.Done.TrySetException(e);
                }
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    /// <summary>
    /// One transaction: the entries are sealed into the hash chain under the same gate and lock as
    /// <see cref="AuditChainInterceptor"/> takes, and inserted with prepared statements (<see cref="BulkWriter"/>).
    /// </summary>
    /// <remarks>
    /// Issue 8: the writer keeps one context, connection and prepared INSERT for its life, and its entries never enter the
    /// change tracker. Through SaveChanges, with a context from the pool each time, a commit cost about 1 ms of CPU before
    /// the database did any work — as much as the rest of a FHIR read. After a failure it starts afresh with a new context
    /// and connection.
    /// </remarks>
    async Task SaveAsync(IReadOnlyList<Pending> entries)
    {
        try
        {
            if (_bulk is null)
            {
                _scope = _scopes.CreateAsyncScope();
                _db = _scope.Value.ServiceProvider.GetRequiredService<SamplanDb>();
                await _db.Database.OpenConnectionAsync();
                _bulk = new BulkWriter(_db);
            }
            // Not cancellable: the requests are waiting for these entries, whether or not their clients still are.
            await _bulk.WriteAsync([.. entries.Select(p => p.Entry)], CancellationToken.None);
            Interlocked.Increment(ref _commits);
        }
        catch
        {
            // Also when the connection could not be opened: the half-made scope must not be left behind.
            await ResetAsync();
            throw;
        }
    }

    async Task ResetAsync()
    {
        if (_bulk is not null) await _bulk.DisposeAsync();
        if (_scope is { } scope) await scope.DisposeAsync();
        (_bulk, _db, _scope) = (null, null, null);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await ResetAsync();
    }
}
