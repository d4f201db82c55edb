using System.Text.Json;
using System.Text.Json.Nodes;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Reads Telnyx request bodies into the domain's raw inputs, with a pointer for every wrong type.</summary>
public static class TelnyxInput
{
    public static RawRange? Range(JsonInput input, JsonElement parent, string name, string pointer, bool required = true)
    {
        var obj = input.Object(parent, name, pointer, required);
        if (obj is null) return null;
        return new RawRange(input.String(obj.Value, "start_at", pointer + "/start_at", maxLength: 32),
            input.String(obj.Value, "end_at", pointer + "/end_at", maxLength: 32));
    }

    public static IReadOnlyList<RawRange?>? Ranges(JsonInput input, JsonElement parent, string name, string pointer)
    {
        var items = input.Array(parent, name, pointer, required: true, maxItems: 1000);
        if (items is null) return null;
        var ranges = new List<RawRange?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{pointer}/{i}";
            if (!input.RequireObject(items[i], p)) { ranges.Add(null); continue; }
            ranges.Add(new RawRange(input.String(items[i], "start_at", p + "/start_at", maxLength: 32),
                input.String(items[i], "end_at", p + "/end_at", maxLength: 32)));
        }
        return ranges;
    }

    public static RawExtensionRange? ExtensionRange(JsonInput input, JsonElement parent, string name, string pointer)
    {
        var obj = input.Object(parent, name, pointer, required: true);
        if (obj is null) return null;
        return new RawExtensionRange(input.Integer(obj.Value, "start_at", pointer + "/start_at", required: true),
            input.Integer(obj.Value, "end_at", pointer + "/end_at", required: true));
    }

    public static IReadOnlyList<RawExtensionRange?>? ExtensionRanges(JsonInput input, JsonElement parent, string name, string pointer)
    {
        var items = input.Array(parent, name, pointer, required: true, maxItems: 1000);
        if (items is null) return null;
        var ranges = new List<RawExtensionRange?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{pointer}/{i}";
            if (!input.RequireObject(items[i], p)) { ranges.Add(null); continue; }
            ranges.Add(new RawExtensionRange(input.Integer(items[i], "start_at", p + "/start_at", required: true),
                input.Integer(items[i], "end_at", p + "/end_at", required: true)));
        }
        return ranges;
    }

    /// <summary>
    /// A sub-object whose fields are all strings or null (end_user.admin, documents, …): only the named fields are kept,
    /// so nothing unknown is stored.
    /// </summary>
    public static JsonObject? StringFields(JsonInput input, JsonElement parent, string name, string pointer, params string[] fields)
    {
        var obj = input.Object(parent, name, pointer);
        if (obj is null) return null;
        var result = new JsonObject();
        foreach (var f in fields) result[f] = input.String(obj.Value, f, $"{pointer}/{f}");
        return result;
    }
}
