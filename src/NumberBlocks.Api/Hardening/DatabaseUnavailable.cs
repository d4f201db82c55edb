using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;
using Npgsql;

namespace NumberBlocks.Api.Hardening;

/// <summary>
/// Issue 8: a database that has gone away (or is too busy, or made a transaction lose a race it can retry) is a 503 in
/// the surface's error format with Retry-After, never a 500; the next request simply tries again, so the service
/// recovers by itself when the database is back. Registered before the catch-all handler.
/// </summary>
public sealed class DatabaseUnavailableHandler(SurfaceErrors errors, ILogger<DatabaseUnavailableHandler> log) : IExceptionHandler
{
    public static readonly DomainError Unavailable =
        new(ErrorCodes.ServiceUnavailable, "The database is unavailable; try again shortly.", null, ErrorKind.Unavailable);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!IsUnavailable(exception) || http.Response.HasStarted) return false;
        log.LogWarning(exception, "Database unavailable for {Method} {Path} ({RequestId})", http.Request.Method, http.Request.Path.Value, http.TraceIdentifier);
        http.Response.Headers.RetryAfter = "1";
        await errors.WriteAsync(http, Unavailable);
        return true;
    }

    public static bool IsUnavailable(Exception exception) => IsUnavailable(exception, 0);

    private static bool IsUnavailable(Exception? ex, int depth)
    {
        for (; ex is not null && depth < 8; ex = ex.InnerException, depth++)
        {
            switch (ex)
            {
                // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB: the file is
                // locked, gone, unreadable or its disk is full; none is the request's fault.
                case SqliteException { SqliteErrorCode: 5 or 6 or 10 or 13 or 14 or 26 }:
                // Server shutting down, crashed or starting (a standby being promoted answers 57P03), too many
                // connections, a connection exception (class 08), or a server that turned standby under a pooled
                // connection (25006, read-only transaction). (Serialization failures and deadlocks that outlive
                // WriteTransaction's retries are the catch-all's 503 database.contention.)
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "25006" }:
                    return true;
                case PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal):
                    return true;
                // Whatever else Npgsql itself calls a passing server condition (out of resources, I/O error, lock not
                // available, object in use, recovery in progress…), except the two the catch-all reports as contention.
                case PostgresException { IsTransient: true, SqlState: not ("40001" or "40P01") }:
                    return true;
                case PostgresException:
                    return false;
                // Npgsql's own failures to reach or talk to a server: I/O, timeouts, and during a failover "No suitable
                // host was found" / "Unable to connect to a suitable host" (multi-host: no host is primary yet), which
                // Npgsql does not mark transient.
                case NpgsqlException:
                case TimeoutException:
                case SocketException:
                    return true;
                // Npgsql refusing a command a transaction its broken connection no longer has (seen in the failover
                // test); the data layer's own commands say so as an NpgsqlException, EF's commands surface this.
                case InvalidOperationException { Source: "Npgsql", Message: "Transaction is already completed" }:
                    return true;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Any(inner => IsUnavailable(inner, depth + 1));
            }
        }
        return false;
    }
}
