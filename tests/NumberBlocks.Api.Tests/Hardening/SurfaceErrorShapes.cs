using System.Text.Json;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>
/// What a 4xx/5xx body must look like on each surface, by path prefix (longest prefix wins). A surface added later
/// registers its prefix and checker here; the fuzzer and the isolation test then hold it to its own format.
/// </summary>
public static class SurfaceErrorShapes
{
    public static readonly List<(string Prefix, Func<JsonElement, string?> Check)> Checkers =
    [
        ("/v2/porting_orders", TelnyxErrors),
        ("/v2/porting_phone_numbers", TelnyxErrors),
        ("/admin/", Problem),
        ("/v2/numberblocks", FoneErrors),
        ("/v2/Properties", FoneErrors),
        ("/v2/Accounts", FoneErrors),
        ("/voice/phonenumberrequestapi", CmErrors),
        ("/v2/", TelnyxErrors),
        // Paths no surface claims (unknown routes, /health, /docs) answer RFC 9457 problems, the service's own format.
        ("/", Problem),
    ];

    private static readonly string[] Internals = ["   at ", ".cs:line", "Exception", "StackTrace", "Microsoft.", "System."];

    /// <summary>Null when <paramref name="body"/> is a proper error of the surface of <paramref name="path"/>; otherwise what is wrong.</summary>
    public static string? Problem(string path, string body)
    {
        foreach (var marker in Internals)
            if (body.Contains(marker, StringComparison.Ordinal)) return $"the body shows internals ('{marker}')";
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return "the body is not JSON: " + ex.Message;
        }
        var checker = Checkers.Where(c => path.StartsWith(c.Prefix, StringComparison.OrdinalIgnoreCase)).MaxBy(c => c.Prefix.Length).Check;
        return checker(json);
    }

    /// <summary>Fone Dynamics: {"ResponseStatus": {"ErrorCode": "…", "Message": "…", "Errors": [{"ErrorCode", "FieldName", "Message"}]}}.</summary>
    public static string? FoneErrors(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("ResponseStatus", out var status) || status.ValueKind != JsonValueKind.Object)
            return "no ResponseStatus object";
        foreach (var field in new[] { "ErrorCode", "Message" })
            if (!status.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
                return $"a ResponseStatus without a '{field}' string";
        if (!status.TryGetProperty("Errors", out var errors) || errors.ValueKind != JsonValueKind.Array) return "no ResponseStatus.Errors array";
        return null;
    }

    /// <summary>CM.com surface: {"message": "…", "field": "…" | null, "code": "…", "errors": [{"message", "field", "code"}]}.</summary>
    public static string? CmErrors(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) return "not an object";
        foreach (var field in new[] { "message", "code" })
            if (!json.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
                return $"no '{field}' string";
        if (!json.TryGetProperty("field", out _)) return "no 'field' property";
        if (!json.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            return "no errors array";
        return null;
    }

    /// <summary>RFC 9457 with NumberBlocks' extension: {"type", "title", "status", "detail", "errors": [{"code", "detail", …}]}.</summary>
    public static string? Problem(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) return "not an object";
        foreach (var field in new[] { "type", "title", "detail" })
            if (!json.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
                return $"a problem without a '{field}' string";
        if (!json.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number) return "a problem without a numeric 'status'";
        if (!json.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            return "a problem without an errors array";
        foreach (var e in errors.EnumerateArray())
            foreach (var field in new[] { "code", "detail" })
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.String)
                    return $"a problem error without a '{field}' string";
        return null;
    }

    /// <summary>{"errors": [{"code": "…", "title": "…", "detail": "…", …}, …]} with at least one error.</summary>
    public static string? TelnyxErrors(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            return "no errors array";
        if (errors.GetArrayLength() == 0) return "an empty errors array";
        foreach (var e in errors.EnumerateArray())
            foreach (var field in new[] { "code", "title", "detail" })
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(v.GetString()))
                    return $"an error without a '{field}' string";
        return null;
    }
}
