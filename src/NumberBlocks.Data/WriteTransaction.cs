using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Domain.Errors;
using Npgsql;

namespace NumberBlocks.Data;

/// <summary>
/// The one way a write happens: one database transaction around a unit of domain work, committed only when the work
/// succeeds. On SQLite, writers of this process queue on an async gate and the transaction is BEGIN IMMEDIATE (the
/// Microsoft.Data.Sqlite default), so a check and the insert it guards can never interleave with another writer, in
/// this process or another. On PostgreSQL, serialization failures and deadlocks are retried a bounded number of times.
/// </summary>
public static class WriteTransaction
{
    private const int MaxAttempts = 5;
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteGates = new();

    public static async Task<Result<T>> RunAsync<T>(this NumberBlocksDbContext db, Func<CancellationToken, Task<Result<T>>> work, CancellationToken ct)
    {
        // Inside a request transaction (an idempotent request, issue 8) the work joins it, in a savepoint of its own.
        if (db.RequestTransaction is { } request) return await request.RunNestedAsync(work, ct);
        for (var attempt = 1; ; attempt++)
        {
            SemaphoreSlim? gate = null;
            if (db.IsSqlite)
            {
                gate = SqliteGates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync(ct);
            }
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                if (result.IsSuccess)
                {
                    await db.SaveWholeAsync(ct);
                    await tx.CommitAsync(ct);
                }
                else
                {
                    await tx.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                }
                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsTransient(ex))
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
            finally
            {
                gate?.Release();
            }
        }
    }

    /// <summary>
    /// Saves inside a write transaction whose failure fails it as a whole (nothing catches the error and goes on in the
    /// transaction), so EF's savepoint around the save would only cost two round trips.
    /// </summary>
    public static async Task SaveWholeAsync(this NumberBlocksDbContext db, CancellationToken ct)
    {
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>This process's write gate for a SQLite database; null on PostgreSQL.</summary>
    internal static SemaphoreSlim? GateFor(NumberBlocksDbContext db) =>
        db.IsSqlite ? SqliteGates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1)) : null;

    /// <summary>Serialization failure (40001) or deadlock (40P01): the transaction can be run again as a whole.</summary>
    public static bool IsTransient(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException) is { SqlState: "40001" or "40P01" };
}
