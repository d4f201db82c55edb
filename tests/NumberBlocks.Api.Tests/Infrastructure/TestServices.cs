namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>Creates a service on a fresh database of the given kind that already holds the schema.</summary>
public static class TestServices
{
    public static async Task<ServiceFactory> CreateAsync(TestDatabase database) => database switch
    {
        // A copy of the run's migrated SQLite template.
        TestDatabase.Sqlite => new ServiceFactory(TestDatabase.Sqlite),
        // A fresh database per factory on the run's one private server, copied from its migrated template (skipped with
        // the reason when no server is installed).
        TestDatabase.Postgres => new ServiceFactory(TestDatabase.Postgres, await TestPostgres.CreateMigratedDatabaseAsync()),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, null),
    };
}
