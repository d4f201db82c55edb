namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>Creates a service on a fresh database of the given kind.</summary>
public static class TestServices
{
    public static async Task<ServiceFactory> CreateAsync(TestDatabase database) => database switch
    {
        TestDatabase.Sqlite => new ServiceFactory(TestDatabase.Sqlite),
        // A fresh database per factory on the run's one private server (skipped with the reason when none is installed).
        TestDatabase.Postgres => new ServiceFactory(TestDatabase.Postgres, await TestPostgres.CreateDatabaseAsync()),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, null),
    };
}
