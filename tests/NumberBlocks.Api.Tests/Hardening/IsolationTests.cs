using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>
/// Issue 8's isolation proof, generated from the OpenAPI document: for every id-bearing operation of the account
/// surfaces, another account's key gets 404 in the surface's error format and the database does not change by a byte.
/// A new operation on a known resource is covered without editing this test; a new kind of id fails it until
/// <see cref="OwnedId"/> learns which of the owner's resources it names.
/// </summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();

    public ValueTask InitializeAsync()
    {
        _ = _service.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    /// <summary>Paths the operator's key serves (any account key is a 401 there, by design, so they are not tenant-scoped).</summary>
    private static readonly string[] OperatorPrefixes = ["/admin/"];

    private sealed record Owned(string OrderId, string BlockId, string ExtensionId, string NumberId);

    [Fact]
    public async Task EveryIdBearingOperation_AnotherAccountsKey_Gets404AndChangesNothing()
    {
        var owner = await _service.NewAccountAsync("owner");
        var intruder = await _service.NewAccountAsync("intruder");
        var owned = await CreateOwnedAsync(owner);

        var operations = (await OpenApiOperations.LoadAsync(owner.Client))
            .Where(o => o.PathParameters.Count > 0 && !OperatorPrefixes.Any(p => o.PathTemplate.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.True(operations.Count >= 10, $"only {operations.Count} id-bearing operations found: {string.Join(", ", operations)}");

        var checkedOps = new List<string>();
        foreach (var op in operations)
        {
            var path = op.PathTemplate;
            foreach (var parameter in op.PathParameters)
                path = path.Replace("{" + parameter + "}", OwnedId(parameter, op.PathTemplate, owned), StringComparison.Ordinal);

            if (op.Method == "GET")
            {
                // Control: the ids name real resources, which their owner can read.
                var own = await owner.Client.GetAsync(path);
                Assert.True(own.IsSuccessStatusCode, $"{op}: the owner gets {(int)own.StatusCode} for {path}");
            }

            var before = Snapshot();
            var request = new HttpRequestMessage(new HttpMethod(op.Method), path);
            if (BodyFor(op, owned) is { } body) request.Content = Json.Body(body);
            var response = await intruder.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{op} with another account's key: {(int)response.StatusCode} {text}");
            Assert.Null(SurfaceErrorShapes.Problem(path, text));
            Assert.True(before == Snapshot(), $"{op} with another account's key changed the database");
            checkedOps.Add(op.ToString());
        }
        TestContext.Current.SendDiagnosticMessage($"[isolation] {checkedOps.Count} id-bearing operations: another account's key got 404 and changed nothing");

        // And the owner still has everything.
        var order = await (await owner.Client.GetAsync($"/v2/porting_orders/{owned.OrderId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("draft", order.GetProperty("data").GetProperty("status").Str("value"));
    }

    /// <summary>Which of the owner's resources a path parameter names: the resource of the segment before it.</summary>
    private static string OwnedId(string parameter, string template, Owned owned)
    {
        var marker = "{" + parameter + "}";
        var segments = template[..template.IndexOf(marker, StringComparison.Ordinal)].TrimEnd('/').Split('/');
        var resource = parameter == "id" ? segments[^1] : parameter;
        return resource switch
        {
            "porting_orders" or "porting_order_id" => owned.OrderId,
            "phone_number_blocks" => owned.BlockId,
            "phone_number_extensions" => owned.ExtensionId,
            "porting_phone_numbers" or "porting_phone_number_id" => owned.NumberId,
            _ => throw new Xunit.Sdk.XunitException(
                $"{template}: no owned resource is known for '{parameter}' (resource '{resource}'); add it to IsolationTests.OwnedId."),
        };
    }

    /// <summary>A body the operation would accept from the owner, so only ownership can refuse it.</summary>
    private static string? BodyFor(ApiOperation op, Owned owned) => (op.Method, op.PathTemplate) switch
    {
        ("POST", var t) when t.EndsWith("/phone_number_blocks", StringComparison.Ordinal) =>
            """{"phone_number_range": {"start_at": "+4920123477000", "end_at": "+4920123477099"}, "activation_ranges": []}""",
        ("POST", var t) when t.EndsWith("/phone_number_extensions", StringComparison.Ordinal) =>
            $$"""{"porting_phone_number_id": "{{owned.NumberId}}", "extension_range": {"start_at": 100, "end_at": 110}, "activation_ranges": []}""",
        ("PATCH", _) => """{"customer_reference": "intruder"}""",
        ("POST" or "PUT", _) => "{}",
        _ => null,
    };

    private async Task<Owned> CreateOwnedAsync(TestAccount owner)
    {
        var created = await owner.Client.PostAsync("/v2/porting_orders", Json.Body(
            """{"phone_number_blocks": [{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"}, "activation_ranges": []}]}"""));
        var order = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        var number = order.GetProperty("phone_numbers")[0];
        var extension = await owner.Client.PostAsync($"/v2/porting_orders/{order.Str("id")}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{number.Str("id")}}", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": []}"""));
        var extensionId = (await extension.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("id");
        return new Owned(order.Str("id"), number.Str("block_reference_id"), extensionId, number.Str("id"));
    }

    /// <summary>SHA-256 over every row of every table, in rowid order: equal exactly when nothing was written.</summary>
    private string Snapshot()
    {
        using var connection = new SqliteConnection(_service.ConnectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            using var reader = select.ExecuteReader();
            hash.AppendData(Encoding.UTF8.GetBytes("\n" + table));
            while (reader.Read())
                for (var i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(Encoding.UTF8.GetBytes("|" + (reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
