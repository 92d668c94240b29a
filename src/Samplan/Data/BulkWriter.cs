using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Samplan.Audit;

namespace Samplan.Data;

/// <summary>
/// Writes the change tracker's Added entries to their tables without SaveChanges, for the generator and the audit log's
/// group commit (<see cref="Audit.AuditWriter"/>) (issue 8): SaveChanges
/// spends about 20 ms per plan on its own bookkeeping (one command per row, propagation, state changes), which is hours at
/// the national scale. Tables, columns, shadow properties and value converters come from the EF Core model, so a mapping
/// change reaches this writer by itself. Tables are written parents first (foreign keys, from the model); rows within a
/// table in tracker order, so a self-reference points back to a row already written. Audit entries are sealed into the
/// hash chain by <see cref="AuditChain"/>, under the same gate, transaction and lock as <see cref="AuditChainInterceptor"/>.
/// SQLite: one prepared INSERT per table, re-bound per row. PostgreSQL: binary COPY per table. One transaction per call.
/// </summary>
/// <remarks>Inserts only, and only what the generator makes: no table splitting, complex types or store-generated keys
/// that another row refers to (each refused with an exception, not written wrongly); store-generated values come back to
/// no entity. The tracker is left as it was; the caller clears it.</remarks>
sealed class BulkWriter(SamplanDb db) : IAsyncDisposable
{
    sealed record Column(IProperty Property, string Name, ValueConverter? Converter, RelationalTypeMapping Mapping);

    sealed record Table(string Name, Column[] Columns, string Sql);

    readonly Dictionary<IEntityType, Table> _tables = [];
    readonly Dictionary<IEntityType, int> _order = Order(db.Model);
    readonly Dictionary<IEntityType, DbCommand> _inserts = [];
    DbCommand? _lastLink;
    readonly bool _postgres = db.Database.IsNpgsql();
    readonly Lazy<SemaphoreSlim?> _sqliteGate = new(() => AuditChain.SqliteGate(db));

    /// <summary>Inserts every Added entry in one transaction; returns the number of rows written.</summary>
    public async Task<int> WriteAsync(CancellationToken ct)
    {
        Coordination.Dashboard.FiguresStamp.Renew(db); // a new organisation's row for its dashboard's stamp
        var byType = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added)
            .GroupBy(e => e.Metadata).OrderBy(g => _order[g.Key]).ToList();
        var pending = AuditChain.Pending(db);
        return await InTransactionAsync(pending, async transaction =>
        {
            var rows = 0;
            foreach (var group in byType)
            {
                var entries = group.ToList();
                var table = TableOf(group.Key, p => entries[0].Property(p.Name).IsTemporary);
                await WriteRowsAsync(group.Key, table, [.. entries.Select(e => (Func<IProperty, object?>)(p => e.CurrentValues[p]))],
                    transaction, ct);
                rows += entries.Count;
            }
            return rows;
        }, ct);
    }

    /// <summary>
    /// The audit writer's commit (<see cref="Audit.AuditWriter"/>): the entries, not tracked, sealed into the chain and
    /// inserted in one transaction. At a few entries per commit the tracker's bookkeeping (adding, detecting changes,
    /// clearing) cost as much CPU as the insert.
    /// </summary>
    public async Task WriteAsync(List<AuditEntry> entries, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(typeof(AuditEntry))!;
        // The log's own key is the database's to give (an identity column).
        var table = TableOf(type, p => p.ValueGenerated != ValueGenerated.Never && p.IsPrimaryKey());
        await InTransactionAsync(entries, async transaction =>
        {
            await WriteRowsAsync(type, table, [.. entries.Select(e => (Func<IProperty, object?>)(p => p.GetGetter().GetClrValue(e)))],
                transaction, ct);
            return entries.Count;
        }, ct);
    }

    /// <summary>One transaction; audit entries are sealed into the chain in it, under the same gate and lock as <see cref="AuditChainInterceptor"/>.</summary>
    async Task<int> InTransactionAsync(List<AuditEntry> pending, Func<DbTransaction, Task<int>> write, CancellationToken ct)
    {
        var gate = pending.Count > 0 ? _sqliteGate.Value : null;
        if (gate is not null) await gate.WaitAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (pending.Count > 0)
            {
                if (_postgres) await AuditChain.SealAfterLastAsync(db, pending, postgres: true, ct);
                else AuditChain.Seal(pending, LastLink(transaction.GetDbTransaction()));
            }
            var rows = await write(transaction.GetDbTransaction());
            await transaction.CommitAsync(ct);
            return rows;
        }
        finally
        {
            gate?.Release();
        }
    }

    Task WriteRowsAsync(IEntityType type, Table table, List<Func<IProperty, object?>> rows, DbTransaction transaction, CancellationToken ct)
    {
        if (_postgres) return CopyAsync(table, rows, ct);
        Insert(type, table, rows, transaction);
        return Task.CompletedTask;
    }

    /// <summary>SQLite: the table's INSERT, prepared once for the run, executed per row with its parameters re-bound.</summary>
    void Insert(IEntityType type, Table table, List<Func<IProperty, object?>> rows, DbTransaction transaction)
    {
        if (!_inserts.TryGetValue(type, out var command))
        {
            command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = table.Sql;
            for (var i = 0; i < table.Columns.Length; i++)
                command.Parameters.Add(table.Columns[i].Mapping.CreateParameter(command, $"@p{i}", null, table.Columns[i].Property.IsNullable));
            command.Transaction = transaction;
            command.Prepare();
            _inserts[type] = command;
        }
        command.Transaction = transaction;
        foreach (var values in rows)
        {
            for (var i = 0; i < table.Columns.Length; i++)
                command.Parameters[i].Value = ProviderValue(table.Columns[i], values) ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// SQLite: the chain's last (Sequence, Hash) — the read <see cref="AuditChain.SealAfterLastAsync"/> makes through EF —
    /// by a statement prepared once for the run (issue 8: EF's compiled query cost about 90 µs of CPU in every commit of
    /// the audit writer, as much as inserting the entries).
    /// </summary>
    (long Sequence, string Hash) LastLink(DbTransaction transaction)
    {
        if (_lastLink is null)
        {
            var type = db.Model.FindEntityType(typeof(AuditEntry))!;
            var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            string Column(string property) => sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName(store)!);
            _lastLink = db.Database.GetDbConnection().CreateCommand();
            _lastLink.CommandText = $"SELECT {Column(nameof(AuditEntry.Sequence))}, {Column(nameof(AuditEntry.Hash))} " +
                $"FROM {sql.DelimitIdentifier(store.Name, store.Schema)} ORDER BY {Column(nameof(AuditEntry.Sequence))} DESC LIMIT 1";
            _lastLink.Transaction = transaction;
            _lastLink.Prepare();
        }
        _lastLink.Transaction = transaction;
        using var reader = _lastLink.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditChain.Genesis);
    }

    /// <summary>PostgreSQL: <c>COPY … FROM STDIN (FORMAT BINARY)</c>, each value written as its column's store type.</summary>
    async Task CopyAsync(Table table, List<Func<IProperty, object?>> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var import = await connection.BeginBinaryImportAsync(table.Sql, ct);
        foreach (var values in rows)
        {
            await import.StartRowAsync(ct);
            foreach (var column in table.Columns)
            {
                if (ProviderValue(column, values) is { } value) import.Write(value, column.Mapping.StoreTypeNameBase);
                else import.WriteNull();
            }
        }
        await import.CompleteAsync(ct);
    }

    static object? ProviderValue(Column column, Func<IProperty, object?> values)
    {
        var value = values(column.Property);
        return value is null || column.Converter is null ? value : column.Converter.ConvertToProvider(value);
    }

    /// <summary>The table's columns, from the model, but for those <paramref name="generatedByDatabase"/> leaves to the database.</summary>
    Table TableOf(IEntityType type, Func<IProperty, bool> generatedByDatabase)
    {
        if (_tables.TryGetValue(type, out var table)) return table;
        var name = type.GetTableName() ?? throw new NotSupportedException($"{type.DisplayName()} is not mapped to a table.");
        var store = StoreObjectIdentifier.Table(name, type.GetSchema());
        if (type.Model.GetEntityTypes().Any(t => t != type && t.GetTableName() == name && t.GetSchema() == type.GetSchema()))
            throw new NotSupportedException($"{name} is shared by several entity types (table splitting); the bulk writer writes one type per table.");
        if (type.GetComplexProperties().Any())
            throw new NotSupportedException($"{type.DisplayName()} has complex properties; the bulk writer does not write them.");
        var columns = new List<Column>();
        foreach (var property in type.GetProperties())
        {
            if (property.GetColumnName(store) is not { } column) continue;
            // A value EF leaves to the database (a temporary value until saved: the audit log's identity key) is left to it;
            // nothing the generator makes refers to one.
            if (property.ValueGenerated != ValueGenerated.Never && generatedByDatabase(property))
            {
                if (property.FindContainingPrimaryKey()?.GetReferencingForeignKeys().Any() == true)
                    throw new NotSupportedException($"{name}.{column} is generated by the database and referred to; the bulk writer cannot fill the references.");
                continue;
            }
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            columns.Add(new Column(property, column, mapping.Converter, mapping));
        }
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        var quoted = string.Join(", ", columns.Select(c => sqlHelper.DelimitIdentifier(c.Name)));
        var target = sqlHelper.DelimitIdentifier(name, type.GetSchema());
        var sql = _postgres
            ? $"COPY {target} ({quoted}) FROM STDIN (FORMAT BINARY)"
            : $"INSERT INTO {target} ({quoted}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        return _tables[type] = new Table(name, [.. columns], sql);
    }

    /// <summary>Entity types ordered so that every principal comes before its dependents (self-references aside).</summary>
    static Dictionary<IEntityType, int> Order(IModel model)
    {
        var types = model.GetEntityTypes().ToList();
        var order = new Dictionary<IEntityType, int>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType type)
        {
            if (order.ContainsKey(type)) return;
            if (!visiting.Add(type))
                throw new NotSupportedException($"Foreign keys form a cycle through {type.DisplayName()}; the bulk writer needs an order.");
            foreach (var fk in type.GetForeignKeys())
                if (fk.PrincipalEntityType != type) Visit(fk.PrincipalEntityType);
            visiting.Remove(type);
            order[type] = order.Count;
        }
        foreach (var type in types) Visit(type);
        return order;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _inserts.Values) await command.DisposeAsync();
        _inserts.Clear();
        if (_lastLink is not null) await _lastLink.DisposeAsync();
        _lastLink = null;
    }
}
