using System.Net;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>One operation of the service's OpenAPI document.</summary>
public sealed record ApiOperation(string Method, string PathTemplate, IReadOnlyList<string> PathParameters)
{
    public override string ToString() => $"{Method} {PathTemplate}";
}

/// <summary>Reads every operation from the running service's /openapi/v1.json, so new endpoints are covered without editing tests.</summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static async Task<IReadOnlyList<ApiOperation>> LoadAsync(HttpClient client)
    {
        var doc = await (await client.GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var operations = new List<ApiOperation>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                if (!Methods.Contains(op.Name)) continue;
                var parameters = new List<string>();
                var template = path.Name;
                for (var i = template.IndexOf('{'); i >= 0; i = template.IndexOf('{', i + 1))
                    parameters.Add(template[(i + 1)..template.IndexOf('}', i)]);
                operations.Add(new ApiOperation(op.Name.ToUpperInvariant(), template, parameters));
            }
        return operations;
    }
}
