using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Data;

/// <summary>
/// One database transaction around a whole request, used for POSTs with an Idempotency-Key (issue 8): the request's own
/// writes and the stored response commit together or not at all, so a crash at any point leaves either both or neither,
/// and a retry either replays the stored response or runs the request afresh. While it is open,
/// <see cref="WriteTransaction.RunAsync{T}"/> on the same context runs its work inside a savepoint of this transaction
/// instead of a transaction of its own. On SQLite it holds this process's write gate and BEGIN IMMEDIATE for the
/// request's duration, exactly as a single <see cref="WriteTransaction"/> does for its work.
/// </summary>
public sealed class RequestTransaction : IAsyncDisposable
{
    private const string Savepoint = "nb_request_work";
    private readonly NumberBlocksDbContext _db;
    private readonly SemaphoreSlim? _gate;
    private readonly IDbContextTransaction _tx;
    private bool _committed;

    private RequestTransaction(NumberBlocksDbContext db, SemaphoreSlim? gate, IDbContextTransaction tx)
    {
        _db = db;
        _gate = gate;
        _tx = tx;
    }

    public static async Task<RequestTransaction> BeginAsync(NumberBlocksDbContext db, CancellationToken ct)
    {
        if (db.RequestTransaction is not null || db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("A request transaction is already open on this context.");
        var gate = WriteTransaction.GateFor(db);
        if (gate is not null) await gate.WaitAsync(ct);
        try
        {
            var tx = await db.Database.BeginTransactionAsync(ct);
            var request = new RequestTransaction(db, gate, tx);
            db.RequestTransaction = request;
            return request;
        }
        catch
        {
            gate?.Release();
            throw;
        }
    }

    /// <summary>A unit of work of the request: kept when it succeeds, undone (to a savepoint) when it fails.</summary>
    internal async Task<Result<T>> RunNestedAsync<T>(Func<CancellationToken, Task<Result<T>>> work, CancellationToken ct)
    {
        await _tx.CreateSavepointAsync(Savepoint, ct);
        // An exception leaves the savepoint in place: the whole request transaction is then rolled back on dispose.
        var result = await work(ct);
        if (result.IsSuccess)
        {
            await _db.SaveChangesAsync(ct);
            await _tx.ReleaseSavepointAsync(Savepoint, ct);
        }
        else
        {
            await _tx.RollbackToSavepointAsync(Savepoint, CancellationToken.None);
            _db.ChangeTracker.Clear();
        }
        return result;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await _db.SaveChangesAsync(ct);
        await _tx.CommitAsync(ct);
        _committed = true;
    }

    /// <summary>Rolls back unless committed (disposing an open transaction rolls it back), and lets other writers in.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _tx.DisposeAsync();
        }
        finally
        {
            _db.RequestTransaction = null;
            if (!_committed) _db.ChangeTracker.Clear();
            _gate?.Release();
        }
    }
}
