using Microsoft.EntityFrameworkCore;
using Samplan.Tests.Infrastructure;

namespace Samplan.Tests.Data;

public sealed class MigrationsOnSqlite : MigrationTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => Task.FromResult(SamplanFactory.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class MigrationsOnPostgreSql(PostgresCluster cluster) : MigrationTests
{
    protected override Task<SamplanFactory> CreateAppAsync() => SamplanFactory.OnPostgreSqlAsync(cluster);
}

/// <summary>The migrations of each provider describe the model exactly, and the app applies all of them when it starts.</summary>
public abstract class MigrationTests : AppTests
{
    [Fact]
    public async Task The_migrations_cover_the_model()
    {
        await using var db = App.NewDb();

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {App.Provider} model has changes no migration covers: add a migration for {App.Provider}.");
    }

    [Fact]
    public async Task Every_migration_is_applied_after_start()
    {
        await using var db = App.NewDb();

        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();

        Assert.NotEmpty(known);
        Assert.Equal(known, applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
