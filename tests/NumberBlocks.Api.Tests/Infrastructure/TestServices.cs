namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>Creates a service on a fresh database of the given kind.</summary>
public static class TestServices
{
    public static Task<ServiceFactory> CreateAsync(TestDatabase database) => database switch
    {
        TestDatabase.Sqlite => Task.FromResult(new ServiceFactory(TestDatabase.Sqlite)),
        _ => throw new NotSupportedException($"{database} is not wired into the test suite yet."),
    };
}
