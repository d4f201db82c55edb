using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace NumberBlocks.Contract.Tests.Infrastructure;

/// <summary>One operation of a provider's published spec, with a pattern matching its concrete paths.</summary>
public sealed record SpecOperation(string Method, string PathTemplate, string OperationId, JsonObject Json, Regex Path);

/// <summary>
/// A provider's published OpenAPI extract (Specs/*.yml), read with Microsoft.OpenApi 3 and its YAML reader, so the
/// bodies the provider's own SDK received can be validated against the provider's schemas.
/// </summary>
public sealed class ProviderSpec
{
    private ProviderSpec(JsonObject json, string serverPath)
    {
        Json = json;
        Schemas = new SchemaSet(json);
        ServerPath = serverPath;
        Operations = (json["paths"]?.AsObject() ?? [])
            .SelectMany(p => p.Value!.AsObject()
                .Where(m => m.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(m => new SpecOperation(m.Key.ToUpperInvariant(), p.Key, m.Value!["operationId"]!.GetValue<string>(), m.Value.AsObject(),
                    new Regex("^" + Regex.Replace(Regex.Escape(serverPath + p.Key), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.Compiled))))
            .ToList();
    }

    public JsonObject Json { get; }
    public SchemaSet Schemas { get; }
    public string ServerPath { get; }
    public IReadOnlyList<SpecOperation> Operations { get; }

    public static async Task<ProviderSpec> LoadAsync(string file)
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "Specs", file);
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        await using var stream = File.OpenRead(path);
        var read = await OpenApiDocument.LoadAsync(stream, "yaml", settings);
        var document = read.Document ?? throw new InvalidOperationException($"{file} could not be read: {string.Join("; ", read.Diagnostic?.Errors.Select(e => e.Message) ?? [])}");
        var text = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
        var json = JsonNode.Parse(text)!.AsObject();
        var server = document.Servers?.FirstOrDefault()?.Url is { } url ? new Uri(url).AbsolutePath.TrimEnd('/') : "";
        return new ProviderSpec(json, server);
    }

    /// <summary>The operation an exchange was a call of, by method and path.</summary>
    public SpecOperation? Match(string method, Uri url) =>
        Operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(url.AbsolutePath));

    /// <summary>
    /// The problems of a JSON body against the operation's documented response for <paramref name="status"/>; null when
    /// the spec gives no JSON schema for that status (Telnyx documents its 4xx answers by description only).
    /// </summary>
    public IReadOnlyList<string>? Problems(SpecOperation operation, int status, string body)
    {
        var schema = operation.Json["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["application/json"]?["schema"];
        if (schema is null) return null;
        return Schemas.Problems(schema, JsonDocument.Parse(body).RootElement);
    }
}
