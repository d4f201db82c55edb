using Npgsql;

namespace NumberBlocks.Data;

/// <summary>
/// Which PostgreSQL server may serve a piece of work when the database is a primary with streaming-replication
/// standbys (docs/scaling.md). Writes, and every read that decides a write (ledger checks, anything inside a write
/// transaction, idempotency records, API keys, a resource read back right after it was created), go to the primary:
/// Npgsql's multi-host connection string with Target Session Attributes=primary finds it among the listed hosts, and
/// finds the promoted standby after a failover. Catalogue and list views may read from a standby (prefer-standby),
/// which trails the primary by its replay lag: such a view can miss a write committed a moment ago, never show one
/// that was not committed.
/// </summary>
public static class StandbyRouting
{
    /// <summary>Whether the connection string names more than one host (Host=a,b or Host=a:5432,b:5433).</summary>
    public static bool IsMultiHost(string connectionString) => IsMultiHost(new NpgsqlConnectionStringBuilder(connectionString));

    private static bool IsMultiHost(NpgsqlConnectionStringBuilder csb) => csb.Host?.Contains(',', StringComparison.Ordinal) == true;

    /// <summary>
    /// The connection for writes. A multi-host string without Target Session Attributes gets "primary": Npgsql's default
    /// ("any") would hand a write to whichever host answers first, standby or not. One that names a standby is refused.
    /// A single-host string is returned as it is.
    /// </summary>
    public static string ForWrites(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (!IsMultiHost(csb)) return connectionString;
        switch (csb.TargetSessionAttributes)
        {
            case null:
                csb.TargetSessionAttributes = "primary";
                return csb.ConnectionString;
            case "primary" or "read-write":
                return connectionString;
            default:
                throw new InvalidOperationException(
                    $"NumberBlocks:Database:ConnectionString has Target Session Attributes={csb.TargetSessionAttributes}; writes need primary " +
                    "(or leave it out). Reads that may lag go through NumberBlocks:Database:ReadConnectionString or :StandbyReads.");
        }
    }

    /// <summary>
    /// The connection for reads that may lag (catalogue and list views), or null when the primary serves them as well:
    /// NumberBlocks:Database:ReadConnectionString when set; else, with :StandbyReads, the multi-host write connection with
    /// Target Session Attributes=prefer-standby (Npgsql keeps one pool per host for both, so reads and writes share what
    /// it learns about which host is primary). SQLite has no standby: either setting is a configuration error there.
    /// </summary>
    public static string? ForReads(DatabaseOptions options, string writeConnectionString)
    {
        var explicitRead = string.IsNullOrWhiteSpace(options.ReadConnectionString) ? null : options.ReadConnectionString;
        if (options.ParsedProvider != DatabaseProvider.Postgres)
        {
            if (explicitRead is not null || options.StandbyReads)
                throw new InvalidOperationException("NumberBlocks:Database:ReadConnectionString and :StandbyReads apply to PostgreSQL only; SQLite has no standby.");
            return null;
        }
        if (explicitRead is not null) return explicitRead;
        if (!options.StandbyReads) return null;
        var csb = new NpgsqlConnectionStringBuilder(writeConnectionString);
        if (!IsMultiHost(csb))
            throw new InvalidOperationException(
                "NumberBlocks:Database:StandbyReads needs a multi-host ConnectionString (Host=primary-host,standby-host;…) to find a standby in; " +
                "or set NumberBlocks:Database:ReadConnectionString.");
        csb.TargetSessionAttributes = "prefer-standby";
        return csb.ConnectionString;
    }
}
