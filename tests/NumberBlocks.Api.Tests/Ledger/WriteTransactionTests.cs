using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using NumberBlocks.Api.Hosting;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;
using NumberBlocks.Domain.Errors;
using Npgsql;

namespace NumberBlocks.Api.Tests.Ledger;

/// <summary>Issue 3: serialization failures and deadlocks are retried a bounded number of times, never surfaced as 500.</summary>
public sealed class WriteTransactionTests
{
    private static PostgresException Failure(string sqlState) => new("simulated", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    public async Task RunAsync_TransientFailureThenSuccess_RunsTheWorkAgain(string sqlState)
    {
        await using var service = await TestServices.CreateAsync(TestDatabase.Sqlite);
        var runs = 0;
        var result = await service.WithDbAsync(db => db.RunAsync<int>(_ =>
        {
            runs++;
            if (runs < 3) throw Failure(sqlState);
            return Task.FromResult(Result<int>.Ok(42));
        }, TestContext.Current.CancellationToken));
        Assert.Equal(42, result.Value);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task RunAsync_DeadlockEveryTime_GivesUpAfterBoundedAttempts()
    {
        await using var service = await TestServices.CreateAsync(TestDatabase.Sqlite);
        var runs = 0;
        var thrown = await Assert.ThrowsAsync<PostgresException>(() => service.WithDbAsync(db => db.RunAsync<int>(_ =>
        {
            runs++;
            throw Failure(PostgresErrorCodes.DeadlockDetected);
        }, TestContext.Current.CancellationToken)));
        Assert.Equal(PostgresErrorCodes.DeadlockDetected, thrown.SqlState);
        Assert.InRange(runs, 2, 10);
    }

    [Fact]
    public async Task RunAsync_OtherDatabaseError_IsNotRetried()
    {
        await using var service = await TestServices.CreateAsync(TestDatabase.Sqlite);
        var runs = 0;
        await Assert.ThrowsAsync<PostgresException>(() => service.WithDbAsync(db => db.RunAsync<int>(_ =>
        {
            runs++;
            throw Failure(PostgresErrorCodes.UniqueViolation);
        }, TestContext.Current.CancellationToken)));
        Assert.Equal(1, runs);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    public async Task UnexpectedErrorHandler_RetriesExhausted_Is503AskingToRetryNot500(string sqlState)
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var handled = await new UnexpectedErrorHandler(NullLogger<UnexpectedErrorHandler>.Instance)
            .TryHandleAsync(http, Failure(sqlState), TestContext.Current.CancellationToken);
        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = System.Text.Json.JsonDocument.Parse(http.Response.Body).RootElement;
        // Without a surface to own the path, the answer is the service's own RFC 9457 problem.
        Assert.Equal("database.contention", body.GetProperty("errors")[0].Str("code"));
    }
}
