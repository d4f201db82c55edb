using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>
/// Generates hostile request parts from a seeded <see cref="Random"/>: wrong types, missing and extra fields, boundary
/// numbers (7, 15, 16 digits, past 2^63, non-ASCII digits, whitespace, empty strings), broken JSON and huge arrays.
/// Everything is a pure function of the Random, so a seed replays the same requests.
/// </summary>
public static class HostileInput
{
    /// <summary>Field names the surfaces read, so generated objects reach past "unknown field" into real parsing.</summary>
    public static readonly string[] FieldNames =
    [
        "phone_numbers", "phone_number", "phone_number_blocks", "phone_number_range", "activation_ranges", "start_at", "end_at",
        "extension_range", "porting_phone_number_id", "customer_reference", "customer_group_reference", "webhook_url",
        "activation_settings", "foc_datetime_requested", "end_user", "admin", "location", "documents", "misc", "type",
        "remaining_numbers_action", "messaging", "enable_messaging", "user_feedback", "user_rating", "user_comment",
        "phone_number_configuration", "tags", "status", "details", "code", "description", "foc_datetime_actual", "name", "id",
    ];

    public static readonly string[] PhoneStrings =
    [
        "+4920123456000", "+4920123456099", "+1234567", "+123456", "+123456789012345", "+1234567890123456", "+9223372036854775807",
        "+9223372036854775808", "+99999999999999999999", "+٤٩٢٠١٢٣٤٥٦٠٠٠", "+４９２０１２３４５６０００", " +4920123456000", "+4920123456000 ",
        "+49 201 23456000", "4920123456000", "+04920123456000", "+", "", " ", "\t", "+49201234560O0", "+4920123456000\u0000",
        "+1303555000", "+13035550001", "+4915112345600", "+31201234567", "+442079460000", "+61291234567", "+888123456789",
    ];

    public static readonly string[] Strings =
    [
        "", " ", "null", "true", "0", "-1", "draft", "submitted", "cancel-pending", "ported", "FOC_REJECTED", "full", "keep",
        "http://127.0.0.1/hook", "javascript:alert(1)", "2022-04-08T15:00:00Z", "2022-13-45T99:99:99Z", "not-a-date",
        "00000000-0000-0000-0000-000000000000", "ünïcödé", "😀😀😀", "\u0000", "\uD800", "'; DROP TABLE ledger_claims; --",
        "%00", "../../etc/passwd", "<script>alert(1)</script>", "{\"a\":1}",
    ];

    public static readonly string[] NumberLiterals =
    [
        "0", "-0", "1", "-1", "1.5", "1e3", "1E+2", "999", "1000", "1001", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1e308", "-1e308", "1e400",
        "4920123456000", "0.0000001",
    ];

    public static JsonNode? Scalar(Random r) => r.Next(6) switch
    {
        0 => JsonValue.Create(Pick(r, PhoneStrings)),
        1 => JsonValue.Create(Pick(r, Strings)),
        2 => JsonNode.Parse(Pick(r, NumberLiterals)),
        3 => JsonValue.Create(r.Next(2) == 0),
        4 => null,
        _ => JsonValue.Create(new string((char)r.Next('a', 'z' + 1), r.Next(1, 3) == 1 ? 5000 : r.Next(0, 40))),
    };

    public static JsonNode? Value(Random r, int depth)
    {
        if (depth <= 0 || r.Next(3) == 0) return Scalar(r);
        if (r.Next(2) == 0)
        {
            var array = new JsonArray();
            for (var i = r.Next(0, 4); i > 0; i--) array.Add(Value(r, depth - 1));
            return array;
        }
        var obj = new JsonObject();
        for (var i = r.Next(0, 5); i > 0; i--) obj[Pick(r, FieldNames)] = Value(r, depth - 1);
        return obj;
    }

    /// <summary>One change to a valid body: a value replaced by a hostile one, a field removed, or an unknown field added.</summary>
    public static void Mutate(Random r, JsonNode root)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        var target = containers[r.Next(containers.Count)];
        switch (target)
        {
            case JsonObject obj when obj.Count > 0 && r.Next(3) == 0:
                obj.Remove(obj.ElementAt(r.Next(obj.Count)).Key);
                break;
            case JsonObject obj when r.Next(4) == 0:
                obj["x_" + Pick(r, FieldNames)] = Value(r, 2);
                break;
            case JsonObject obj when obj.Count > 0:
                obj[obj.ElementAt(r.Next(obj.Count)).Key] = Value(r, 2);
                break;
            case JsonArray array when array.Count > 0 && r.Next(2) == 0:
                array[r.Next(array.Count)] = Value(r, 2);
                break;
            case JsonArray array:
                array.Add(Value(r, 2));
                break;
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is JsonObject obj)
        {
            into.Add(obj);
            foreach (var (_, v) in obj) Collect(v, into);
        }
        else if (node is JsonArray array)
        {
            into.Add(array);
            foreach (var v in array) Collect(v, into);
        }
    }

    /// <summary>Text that is not JSON, or JSON a parser should refuse to walk.</summary>
    public static byte[] BrokenJson(Random r, string valid) => r.Next(9) switch
    {
        0 => Encoding.UTF8.GetBytes(valid[..r.Next(0, valid.Length)]),
        1 => Encoding.UTF8.GetBytes(valid.Replace(",", "", StringComparison.Ordinal)),
        2 => Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
        3 => Encoding.UTF8.GetBytes("{\"phone_numbers\": [" + new string('{', 200) + "}"),
        4 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(valid)],
        5 => r.Next(2) == 0
            ? [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D] // invalid UTF-8 inside a key
            : [.. Encoding.UTF8.GetBytes("{\"customer_reference\": \"a"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\", \"name\": \"x\"}")], // and in a value
        6 => Encoding.UTF8.GetBytes(Pick(r, new[] { "nul", "{", "}", "[", "{\"a\":}", "{'a': 1}", "{\"a\" 1}", "\"text\"", "NaN", "[1,]", "/* c */ {}" })),
        7 => RandomBytes(r, r.Next(1, 200)),
        _ => Encoding.UTF8.GetBytes(valid + valid),
    };

    /// <summary>Arrays far past every bulk cap, still under the 1 MiB body limit, or a body past it.</summary>
    public static byte[] HugeBody(Random r) => r.Next(4) switch
    {
        0 => JsonSerializer.SerializeToUtf8Bytes(new { phone_numbers = Enumerable.Range(0, 12_000).Select(i => $"+4930{2_000_000 + i}") }),
        1 => JsonSerializer.SerializeToUtf8Bytes(new
        {
            phone_number_range = new { start_at = "+4920123456000", end_at = "+4920123456999" },
            activation_ranges = Enumerable.Range(0, 20_000).Select(i => new { start_at = "+4920123456000", end_at = "+4920123456000" }),
        }),
        2 => JsonSerializer.SerializeToUtf8Bytes(new { phone_number_blocks = Enumerable.Range(0, 3_000).Select(i => new { }) }),
        _ => Encoding.UTF8.GetBytes("{\"customer_reference\": \"" + new string('9', 1024 * 1024 + 1) + "\"}"),
    };

    public static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static byte[] RandomBytes(Random r, int n)
    {
        var bytes = new byte[n];
        r.NextBytes(bytes);
        return bytes;
    }
}
