using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace NumberBlocks.Data;

/// <summary>
/// Hand-written SQL on the context's own connection and transaction, binding values the way the EF model stores them
/// (on SQLite: ids as lowercase text, instants as UTC ticks).
/// </summary>
public static class Sql
{
    public static DbCommand Command(this NumberBlocksDbContext db, string sql)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        try
        {
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        }
        catch (InvalidOperationException ended) when (!db.IsSqlite)
        {
            // Npgsql refuses a transaction its connection no longer has: the connection broke under it (the server went
            // away, as in a failover). Nothing of that transaction can commit any more, so this is "database unavailable"
            // (503, retry with the same Idempotency-Key), not a fault of the request.
            cmd.Dispose();
            throw new Npgsql.NpgsqlException("The database connection was lost in the middle of the transaction; nothing of it was committed.", ended);
        }
        return cmd;
    }

    public static DbCommand With(this DbCommand cmd, string name, object? value, bool sqlite)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value switch
        {
            null => DBNull.Value,
            Guid g when sqlite => g.ToString(),
            DateTimeOffset t when sqlite => t.UtcTicks,
            DateTimeOffset t => t.ToUniversalTime(),
            bool b when sqlite => b ? 1L : 0L,
            _ => value,
        };
        cmd.Parameters.Add(p);
        return cmd;
    }

    public static DbCommand With(this DbCommand cmd, NumberBlocksDbContext db, string name, object? value) => cmd.With(name, value, db.IsSqlite);

    public static Guid ReadGuid(this DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            var other => throw new InvalidCastException($"Column {ordinal} is {other.GetType()}, not a uuid."),
        };

    public static async Task EnsureOpenAsync(this NumberBlocksDbContext db, CancellationToken ct)
    {
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(ct);
    }

    /// <summary>
    /// Runs several reads on one connection: opened once for all of them when the context has none open, and closed
    /// (returned to the pool) after them; a connection already open (a transaction's) is used as it is and left open.
    /// </summary>
    public static async Task<T> OnOneConnectionAsync<T>(this NumberBlocksDbContext db, Func<CancellationToken, Task<T>> reads, CancellationToken ct)
    {
        if (db.Database.GetDbConnection().State == System.Data.ConnectionState.Open) return await reads(ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await reads(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
