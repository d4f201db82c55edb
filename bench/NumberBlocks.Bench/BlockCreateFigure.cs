using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 1: a block of 1000 numbers created through the API (order exists; block and 1000 porting numbers written),
/// against the raw cost of writing the same rows: PostgreSQL binary COPY of 1000 rows plus one ledger claim, or one
/// SQLite transaction inserting the same rows. Measured and baseline runs alternate so both see the same machine.
/// </summary>
public static class BlockCreateFigure
{
    public static async Task<(Samples Api, Samples Raw)> RunAsync(BenchDatabase database, long ledger, int iterations)
    {
        await database.MigrateAsync();
        await database.PrefillLedgerAsync(ledger);
        await using var service = await ServiceProcess.StartAsync(database.Provider, database.ConnectionString);
        using var api = await ApiClient.NewAccountAsync(service.BaseUrl);
        await using var raw = await database.OpenRawAsync();
        var accountId = Guid.Parse(await AccountOfKeyAsync(service, api));

        var measured = new Samples("block create via API");
        var baseline = new Samples("raw rows");
        const int warmup = 5;
        for (var i = 0; i < iterations + warmup; i++)
        {
            var orderId = await api.CreateOrderAsync($$"""{"phone_numbers": ["+{{4920190000000L + i}}"]}""");
            var body = new StringContent(ApiClient.Block(4920110000000L + i * 1000L, 1000, 776), Encoding.UTF8, "application/json");
            var sw = Stopwatch.StartNew();
            var response = await api.Http.PostAsync($"/v2/porting_orders/{orderId}/phone_number_blocks", body);
            var elapsed = sw.Elapsed;
            if (response.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"Block create failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (i >= warmup) measured.Add(elapsed);

            sw.Restart();
            await WriteRawAsync(database, raw, Guid.Parse(orderId), accountId, 4920150000000L + i * 1000L);
            if (i >= warmup) baseline.Add(sw.Elapsed);
        }
        return (measured, baseline);
    }

    private static async Task<string> AccountOfKeyAsync(ServiceProcess service, ApiClient api)
    {
        using var op = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        op.DefaultRequestHeaders.Authorization = new("Bearer", ServiceProcess.OperatorKey);
        var json = await op.GetStringAsync("/admin/v1/accounts?page[size]=250");
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("data")[0].GetProperty("id").GetString()!;
    }

    /// <summary>The same 1000 porting_phone_numbers rows and one ledger claim, written as cheaply as the database allows.</summary>
    private static async Task WriteRawAsync(BenchDatabase database, System.Data.Common.DbConnection connection, Guid orderId, Guid accountId, long start)
    {
        await using var tx = await connection.BeginTransactionAsync();
        if (database.IsPostgres)
        {
            var pg = (NpgsqlConnection)connection;
            await using (var copy = await pg.BeginBinaryImportAsync(
                "COPY porting_phone_numbers (id, porting_order_id, account_id, phone_number, block_id, activate, phone_number_type, country_code, activation_status, portability_status, requirements_status) FROM STDIN (FORMAT BINARY)"))
            {
                var blockId = Guid.CreateVersion7();
                for (var n = 0; n < 1000; n++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await copy.WriteAsync(orderId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(accountId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(start + n, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(blockId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(n < 776, NpgsqlDbType.Boolean);
                    await copy.WriteAsync("local", NpgsqlDbType.Text);
                    await copy.WriteAsync("DE", NpgsqlDbType.Text);
                    await copy.WriteNullAsync();
                    await copy.WriteAsync("provisional", NpgsqlDbType.Text);
                    await copy.WriteAsync("requirement-info-pending", NpgsqlDbType.Text);
                }
                await copy.CompleteAsync();
            }
        }
        else
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO porting_phone_numbers (id, porting_order_id, account_id, phone_number, block_id, activate, phone_number_type, country_code, activation_status, portability_status, requirements_status) VALUES (@id, @o, @a, @n, @b, @act, 'local', 'DE', NULL, 'provisional', 'requirement-info-pending')";
            var id = BenchDatabase.Param(cmd, "@id"); var o = BenchDatabase.Param(cmd, "@o"); var a = BenchDatabase.Param(cmd, "@a");
            var num = BenchDatabase.Param(cmd, "@n"); var b = BenchDatabase.Param(cmd, "@b"); var act = BenchDatabase.Param(cmd, "@act");
            o.Value = orderId.ToString(); a.Value = accountId.ToString(); b.Value = Guid.CreateVersion7().ToString();
            await cmd.PrepareAsync();
            for (var n = 0; n < 1000; n++)
            {
                id.Value = Guid.CreateVersion7().ToString(); num.Value = start + n; act.Value = n < 776 ? 1L : 0L;
                await cmd.ExecuteNonQueryAsync();
            }
        }
        await using (var claim = connection.CreateCommand())
        {
            claim.Transaction = tx;
            claim.CommandText = "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES (@s, @e, 'porting_order', @h, @a, @t)";
            BenchDatabase.Param(claim, "@s").Value = start;
            BenchDatabase.Param(claim, "@e").Value = start + 999;
            BenchDatabase.Param(claim, "@h").Value = database.Id(orderId);
            BenchDatabase.Param(claim, "@a").Value = database.Id(accountId);
            BenchDatabase.Param(claim, "@t").Value = database.Instant(DateTimeOffset.UtcNow);
            await claim.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
