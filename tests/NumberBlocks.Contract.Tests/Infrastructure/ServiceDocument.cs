using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace NumberBlocks.Contract.Tests.Infrastructure;

/// <summary>The service's generated OpenAPI document, read twice: as Microsoft.OpenApi's model and as plain JSON.</summary>
public sealed class ServiceDocument
{
    private ServiceDocument(OpenApiDocument model, OpenApiDiagnostic diagnostic, JsonObject json)
    {
        Model = model;
        Diagnostic = diagnostic;
        Json = json;
        Schemas = new SchemaSet(json);
    }

    public OpenApiDocument Model { get; }
    public OpenApiDiagnostic Diagnostic { get; }
    public JsonObject Json { get; }
    public SchemaSet Schemas { get; }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ServiceDocument? _loaded;

    /// <summary>The document of the running service, read once per test run.</summary>
    public static async Task<ServiceDocument> LoadAsync(ServiceHost service)
    {
        await Gate.WaitAsync();
        try
        {
            if (_loaded is not null) return _loaded;
            using var http = service.Client();
            var text = await http.GetStringAsync("/openapi/v1.json");
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
            var settings = new OpenApiReaderSettings();
            var result = await OpenApiDocument.LoadAsync(stream, OpenApiConstants.Json, settings);
            _loaded = new ServiceDocument(result.Document ?? throw new InvalidOperationException("The document could not be read."),
                result.Diagnostic ?? new OpenApiDiagnostic(), JsonNode.Parse(text)!.AsObject());
            return _loaded;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Every operation: method, path template, operationId, and its JSON.</summary>
    public IEnumerable<DocumentedOperation> Operations()
    {
        foreach (var (path, item) in Json["paths"]!.AsObject())
            foreach (var (method, op) in item!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "patch" or "delete")) continue;
                yield return new DocumentedOperation(method.ToUpperInvariant(), path, op!["operationId"]?.GetValue<string>() ?? $"{method} {path}", op.AsObject());
            }
    }
}

/// <summary>One operation of the document.</summary>
public sealed record DocumentedOperation(string Method, string Path, string OperationId, JsonObject Json)
{
    /// <summary>The security scheme the operation requires (the surface it belongs to), or "none".</summary>
    public string Surface => Json["security"] is JsonArray { Count: > 0 } security
        ? security[0]!.AsObject().Select(p => p.Key).First()
        : "none";

    public override string ToString() => $"{Method} {Path} ({OperationId})";
}
