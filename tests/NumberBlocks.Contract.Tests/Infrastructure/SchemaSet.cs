using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace NumberBlocks.Contract.Tests.Infrastructure;

/// <summary>
/// Validates JSON bodies against schemas of an OpenAPI 3.1 document (JSON Schema 2020-12 dialect): each schema is
/// evaluated with the document's components/schemas available as $defs, so "#/components/schemas/X" references resolve.
/// </summary>
public sealed class SchemaSet(JsonObject document)
{
    private readonly JsonObject _defs = RewriteRefs(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject())!.AsObject();

    /// <summary>The schema problems of <paramref name="body"/> against <paramref name="schema"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems(JsonNode schema, JsonElement body)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _defs.DeepClone(),
            ["allOf"] = new JsonArray(RewriteRefs(schema.DeepClone())),
        };
        var compiled = JsonSchema.FromText(root.ToJsonString());
        var results = compiled.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} (schema {d.EvaluationPath})"))
            .Distinct()
            .Take(20)
            .ToList();
    }

    /// <summary>"#/components/schemas/X" → "#/$defs/X", everywhere in <paramref name="node"/>.</summary>
    public static JsonNode? RewriteRefs(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (key == "$ref" && obj[key] is JsonValue v && v.GetValue<string>() is { } target && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                        obj[key] = "#/$defs/" + target["#/components/schemas/".Length..];
                    else
                        RewriteRefs(obj[key]);
                }
                break;
            case JsonArray array:
                foreach (var item in array) RewriteRefs(item);
                break;
        }
        return node;
    }
}
