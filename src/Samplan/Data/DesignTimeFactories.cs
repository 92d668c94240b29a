using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Samplan.Data;

// Used only by `dotnet ef migrations add`, so each provider gets its own migration set.
sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSamplanDb>
{
    public SqliteSamplanDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSamplanDb>().UseSqlite("Data Source=design.db").Options);
}

sealed class NpgsqlDesignTimeFactory : IDesignTimeDbContextFactory<NpgsqlSamplanDb>
{
    public NpgsqlSamplanDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NpgsqlSamplanDb>().UseNpgsql("Host=localhost;Database=samplan").Options);
}
