using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>
/// The SQL the Telnyx list filters become uses indexes on PostgreSQL: the commands the endpoints really send are
/// captured, and their plans are read with EXPLAIN on a database holding 40 000 orders of 40 accounts.
/// </summary>
public sealed class TelnyxQueryPlanTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServiceFactory _service = null!;
    private readonly CommandRecorder _recorder = new();

    public async ValueTask InitializeAsync()
    {
        _service = await TestServices.CreateAsync(TestDatabase.Postgres);
        _service.ConfigureServices = services => services.ConfigureDbContext<NumberBlocksDbContext>(o => o.AddInterceptors(_recorder));
        _ = _service.Server;
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    /// <summary>Remembers every query command with its parameters.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public ConcurrentQueue<(string Sql, NpgsqlParameter[] Parameters)> Commands { get; } = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command is NpgsqlCommand npgsql)
                Commands.Enqueue((npgsql.CommandText, npgsql.Parameters.Select(p => p.Clone()).ToArray()));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    public static TheoryData<string> CommonLists => new(
        "/v2/porting_orders?include_phone_numbers=false",
        "/v2/porting_orders?filter[status]=in-process&include_phone_numbers=false",
        "/v2/porting_orders?filter[customer_reference]=ref-77&include_phone_numbers=false",
        "/v2/porting_orders?filter[end_user][admin][entity_name]=Entity%2077&include_phone_numbers=false",
        "/v2/porting_orders?filter[activation_settings][foc_datetime_requested][gt]=2030-06-01T00:00:00Z&include_phone_numbers=false",
        "/v2/porting_orders?filter[phone_numbers][country_code]=US&include_phone_numbers=false",
        "/v2/porting_orders?filter[parent_support_key]=pr_00004d&include_phone_numbers=false",
        "/v2/porting_orders",
        "/v2/porting_phone_numbers?filter[porting_order_id]=ORDER",
        "/v2/porting_orders/ORDER/phone_number_blocks");

    [Theory]
    [MemberData(nameof(CommonLists))]
    public async Task ListQuery_OnManyOrders_ReadsPortingOrdersThroughAnIndex(string path)
    {
        var account = await _service.NewAccountAsync("planned");
        var created = await account.Client.PostAsJsonAsync("/v2/porting_orders", new { phone_numbers = new[] { "+4920123456700", "+4920123456701" } });
        var order = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await SeedAsync(account.Id);

        while (_recorder.Commands.TryDequeue(out _)) { }
        await (await account.Client.GetAsync(path.Replace("ORDER", order, StringComparison.Ordinal))).ExpectAsync(HttpStatusCode.OK);
        var commands = _recorder.Commands.Where(c => c.Sql.Contains("porting_orders", StringComparison.Ordinal)
            || c.Sql.Contains("porting_phone_numbers", StringComparison.Ordinal) || c.Sql.Contains("porting_blocks", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(commands);

        await using var connection = new NpgsqlConnection(_service.ConnectionString);
        await connection.OpenAsync();
        foreach (var (sql, parameters) in commands)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
            foreach (var p in parameters) explain.Parameters.Add(p.Clone());
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
                while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
            var text = string.Join("\n", plan);
            output.WriteLine($"{path}\n{sql}\n{text}\n");
            Assert.DoesNotContain("Seq Scan on porting_orders", text);
            Assert.DoesNotContain("Seq Scan on porting_phone_numbers", text);
            // The page's numbers only: a scan of every order's numbers (80 000 rows) would show in the estimate.
            foreach (var line in plan.Where(l => l.Contains("on porting_phone_numbers", StringComparison.Ordinal)))
                Assert.True(EstimatedRows(line) <= 5_000, $"reads too many numbers: {line}");
        }
    }

    private static long EstimatedRows(string planLine)
    {
        var at = planLine.IndexOf("rows=", StringComparison.Ordinal);
        return at < 0 ? 0 : long.Parse(new string(planLine[(at + 5)..].TakeWhile(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>40 000 orders over 40 accounts (1 000 of them the test account's), two numbers each, then ANALYZE.</summary>
    private async Task SeedAsync(Guid account)
    {
        await using var connection = new NpgsqlConnection(_service.ConnectionString);
        await connection.OpenAsync();
        const string sql = """
            INSERT INTO accounts (id, name, created_at, webhook_secret)
            SELECT gen_random_uuid(), 'other ' || g, now(), 'whsec_x' FROM generate_series(1, 39) g;
            WITH owners AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM accounts WHERE id <> @account),
                 made AS (
                   INSERT INTO porting_orders (id, account_id, status, country_code, phone_number_type, customer_reference, admin_entity_name,
                                               foc_datetime_requested, support_key, phone_number_count, created_at, updated_at)
                   SELECT gen_random_uuid(),
                          CASE WHEN g % 40 = 0 THEN @account ELSE (SELECT id FROM owners WHERE n = 1 + g % 39) END,
                          CASE WHEN g % 7 = 0 THEN 'in-process' ELSE 'draft' END,
                          CASE WHEN g % 5 = 0 THEN 'US' ELSE 'DE' END, 'local', 'ref-' || g, 'Entity ' || g,
                          timestamptz '2030-01-01' + g * interval '10 minutes',
                          CASE WHEN g % 7 = 0 THEN 'sr_' || lpad(to_hex(g), 6, '0') END, 2,
                          now() - g * interval '1 minute', now()
                   FROM generate_series(1, 40000) g
                   RETURNING id, account_id)
            INSERT INTO porting_phone_numbers (id, porting_order_id, account_id, phone_number, activate, phone_number_type, country_code,
                                               portability_status, requirements_status)
            SELECT gen_random_uuid(), m.id, m.account_id, 4930100000000 + row_number() OVER () * 2 + k, true, 'local', 'DE',
                   'provisional', 'requirement-info-pending'
            FROM made m CROSS JOIN generate_series(0, 1) k;
            ANALYZE;
            """;
        await using var seed = new NpgsqlCommand(sql, connection);
        seed.Parameters.AddWithValue("account", account);
        seed.CommandTimeout = 300;
        await seed.ExecuteNonQueryAsync();
    }
}
