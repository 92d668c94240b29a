using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Samplan.Tests.Security;

/// <summary>
/// Row count and a content hash of every table, read with plain ADO.NET (independent of the app's model): each row is
/// every column in order as invariant text, rows sorted, the whole hashed with SHA-256.
/// </summary>
static class DatabaseDigest
{
    public static async Task<SortedDictionary<string, (long Rows, string Hash)>> OfAsync(string provider, string connectionString)
    {
        await using DbConnection connection = provider == "Sqlite" ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = provider == "Sqlite"
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var digest = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = new List<string>();
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                    fields[i] = reader.IsDBNull(i) ? "\u2205" : reader.GetValue(i) switch
                    {
                        byte[] bytes => Convert.ToBase64String(bytes),
                        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        var v => v.ToString() ?? "",
                    };
                rows.Add(string.Join("\u241F", fields));
            }
            rows.Sort(StringComparer.Ordinal);
            digest[table] = (rows.Count, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u241E", rows)))));
        }
        return digest;
    }
}
