using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace NumberBlocks.Data;

/// <summary>What the operator's gauges show, read in one go when metrics are scraped.</summary>
public sealed record OperationalSnapshot(
    IReadOnlyList<OutboxBacklog> Outbox,
    long OpenNumberRequests,
    IReadOnlyList<StockBucket> Stock);

/// <summary>Pending outbox messages of one channel and when the oldest was written.</summary>
public sealed record OutboxBacklog(string Channel, long Pending, DateTimeOffset? OldestCreatedAt);

/// <summary>Stock of one country and number type.</summary>
public sealed record StockBucket(string CountryCode, string NumberType, long Ranges, long Numbers);

public static class OperationalSnapshots
{
    /// <summary>
    /// Three grouped reads, synchronous because metric callbacks are: the pending outbox per channel (on the due index),
    /// the open number requests (pending or accepted), and stock per country and type (stock is ranges: thousands of
    /// rows for millions of numbers, so the sum is cheap).
    /// </summary>
    public static OperationalSnapshot Read(NumberBlocksDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) connection.Open();
        try
        {
            var outbox = new List<OutboxBacklog>();
            using (var cmd = Command(connection, "SELECT channel, COUNT(*), MIN(created_at) FROM outbox_messages WHERE status = 'pending' GROUP BY channel"))
            using (var reader = cmd.ExecuteReader())
                while (reader.Read())
                    outbox.Add(new OutboxBacklog(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : Instant(reader.GetValue(2))));
            long open;
            using (var cmd = Command(connection, "SELECT COUNT(*) FROM number_requests WHERE status IN ('pending', 'accepted')"))
                open = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            var stock = new List<StockBucket>();
            using (var cmd = Command(connection,
                "SELECT country_code, number_type, COUNT(*), SUM(range_end - range_start + 1) FROM stock_ranges GROUP BY country_code, number_type"))
            using (var reader = cmd.ExecuteReader())
                while (reader.Read())
                    stock.Add(new StockBucket(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)));
            return new OperationalSnapshot(outbox, open, stock);
        }
        finally
        {
            if (opened) connection.Close();
        }
    }

    private static DbCommand Command(DbConnection connection, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }

    private static DateTimeOffset Instant(object value) => value switch
    {
        long ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto,
        _ => throw new InvalidCastException($"Not an instant: {value.GetType()}"),
    };
}
