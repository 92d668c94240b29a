using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Samplan.Data;

namespace Samplan.Audit;

/// <summary>What <see cref="AuditChain.VerifyAsync"/> found: an intact chain of <see cref="Count"/> entries, or the first broken entry.</summary>
public sealed record AuditChainResult(bool Intact, long Count, long? BrokenSequence, long? BrokenId, string? Problem)
{
    public string Message => Intact
        ? $"Revisjonsloggen er hel: {Count} oppføringer er kontrollert."
        : $"Revisjonsloggen er brutt ved oppføring nr. {BrokenSequence} (id {BrokenId}): {Problem}. {Count} oppføringer før den er hele.";
}

/// <summary>
/// The audit log's hash chain. Each entry's <see cref="AuditEntry.Hash"/> is SHA-256 over a canonical
/// text of all its fields, including its <see cref="AuditEntry.Sequence"/> and the hash of the entry
/// before, so changing any stored field, or deleting a row in the middle, breaks the chain at that
/// place. Appending is serialised (<see cref="AuditChainInterceptor"/>) so two requests never fork the chain.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of entry 1.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Key of the PostgreSQL transaction-level advisory lock that serialises appends (0x53414D504C414E01, "SAMPLAN\x01").</summary>
    public const long AdvisoryLockKey = 5999161185906281985;

    const string TakeAdvisoryLock = "SELECT pg_advisory_xact_lock(5999161185906281985)";

    const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>One gate per SQLite database file in this process; SQLite serialises writers, this keeps read-last-then-insert atomic.</summary>
    static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteGates = new(StringComparer.Ordinal);

    /// <summary>UTC, cut to whole microseconds: PostgreSQL's timestamptz keeps no more, and the hash must survive the round trip.</summary>
    public static DateTime Truncate(DateTime at)
    {
        var utc = at.Kind switch
        {
            DateTimeKind.Utc => at,
            DateTimeKind.Local => at.ToUniversalTime(),
            _ => DateTime.SpecifyKind(at, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }

    /// <summary>
    /// The text that is hashed: one line per field, <c>name=length:value</c> (or <c>name=~</c> for null),
    /// so no value can be shifted into its neighbour. The database id is left out: it is a surrogate
    /// key assigned on insert; <see cref="AuditEntry.Sequence"/> is the entry's place.
    /// </summary>
    public static string Canonical(AuditEntry e)
    {
        var text = new StringBuilder(512);
        Field(text, "format", "samplan-audit-1");
        Field(text, "sequence", e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(text, "previous", e.PreviousHash);
        Field(text, "at", Truncate(e.At).ToString(TimestampFormat, CultureInfo.InvariantCulture));
        Field(text, "userId", e.UserId?.ToString("D"));
        Field(text, "userName", e.UserName);
        Field(text, "role", e.Role);
        Field(text, "organisationId", e.OrganisationId?.ToString("D"));
        Field(text, "action", e.Action);
        Field(text, "planId", e.PlanId?.ToString("D"));
        Field(text, "personId", e.PersonId?.ToString("D"));
        Field(text, "part", e.Part);
        Field(text, "allowed", e.Allowed ? "true" : "false");
        Field(text, "emergency", e.Emergency ? "true" : "false");
        Field(text, "purpose", e.Purpose);
        Field(text, "reason", e.Reason);
        return text.ToString();
    }

    public static string ComputeHash(AuditEntry e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(e))));

    static void Field(StringBuilder text, string name, string? value)
    {
        text.Append(name).Append('=');
        if (value is null) text.Append('~');
        else text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        text.Append('\n');
    }

    /// <summary>
    /// Walks the whole chain in <see cref="AuditEntry.Sequence"/> order, in batches (memory stays flat
    /// for millions of rows), and returns the first entry that is missing before, does not link to the
    /// one before, or whose content no longer matches its hash.
    /// </summary>
    public static async Task<AuditChainResult> VerifyAsync(SamplanDb db, int batchSize = 2000, CancellationToken ct = default)
    {
        long expected = 1, count = 0;
        var previous = Genesis;
        while (true)
        {
            var after = expected - 1;
            var batch = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence).Take(batchSize).ToListAsync(ct);
            if (batch.Count == 0) return new(true, count, null, null, null);
            foreach (var e in batch)
            {
                if (e.Sequence != expected)
                    return Broken(e, count, e.Sequence == expected + 1
                        ? $"oppføring nr. {expected} mangler (slettet)"
                        : $"oppføring nr. {expected}–{e.Sequence - 1} mangler (slettet)");
                if (!string.Equals(e.PreviousHash, previous, StringComparison.Ordinal))
                    return Broken(e, count, "lenken til oppføringen før stemmer ikke (oppføringen før er endret eller byttet ut)");
                if (!string.Equals(ComputeHash(e), e.Hash, StringComparison.Ordinal))
                    return Broken(e, count, "innholdet er endret etter at oppføringen ble skrevet (hashen stemmer ikke)");
                previous = e.Hash;
                expected++;
                count++;
            }
        }
    }

    static AuditChainResult Broken(AuditEntry e, long count, string problem) => new(false, count, e.Sequence, e.Id, problem);

    /// <summary>Audit entries waiting to be inserted, in the order they were made.</summary>
    internal static List<AuditEntry> Pending(DbContext db) =>
        [.. db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).OrderBy(e => e.MadeOrder)];

    /// <summary>The SQLite gate for this database file, or null on PostgreSQL (which locks in the database).</summary>
    internal static SemaphoreSlim? SqliteGate(DbContext db) =>
        db.Database.IsSqlite() ? SqliteGates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1)) : null;

    /// <summary>
    /// Inside the transaction the entries are inserted in (PostgreSQL: after <c>pg_advisory_xact_lock</c>,
    /// held to commit; SQLite: after <c>BEGIN IMMEDIATE</c>, which holds the write lock from the start),
    /// reads the last (Sequence, Hash) and seals the new entries after it.
    /// </summary>
    /// <remarks><paramref name="postgres"/>: whether <paramref name="db"/> is PostgreSQL, from a caller that knows already (asking EF
    /// looks up an assembly's name, a cost in the audit writer's every commit).</remarks>
    internal static async Task SealAfterLastAsync(DbContext db, List<AuditEntry> pending, bool postgres, CancellationToken ct)
    {
        if (postgres) await db.Database.ExecuteSqlRawAsync(TakeAdvisoryLock, ct);
        var last = await LastLink.For(db)(db, ct);
        Seal(pending, (last?.Sequence ?? 0, last?.Hash ?? Genesis));
    }

    sealed record Link(long Sequence, string Hash);

    // Compiled (issue 8): read in every commit of the audit writer, many times a second.
    static readonly PerModel<Func<DbContext, CancellationToken, Task<Link?>>> LastLink = new(() => EF.CompileAsyncQuery(
        (DbContext db, CancellationToken ct) => db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new Link(e.Sequence, e.Hash)).FirstOrDefault()));

    internal static void SealAfterLast(DbContext db, List<AuditEntry> pending)
    {
        if (db.Database.IsNpgsql()) db.Database.ExecuteSqlRaw(TakeAdvisoryLock);
        var last = db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefault();
        Seal(pending, (last?.Sequence ?? 0, last?.Hash ?? Genesis));
    }

    /// <summary>Seals the entries, in order, after the chain's <paramref name="last"/> link (read in the same transaction).</summary>
    internal static void Seal(List<AuditEntry> pending, (long Sequence, string Hash) last)
    {
        var (lastSequence, lastHash) = last;
        foreach (var entry in pending)
        {
            entry.Seal(++lastSequence, lastHash);
            lastHash = entry.Hash;
        }
    }
}
