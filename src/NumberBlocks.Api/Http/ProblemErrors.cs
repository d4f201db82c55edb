using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Http;

/// <summary>
/// An RFC 9457 problem document ("application/problem+json") with NumberBlocks' extension member <c>errors</c>: every
/// refusal with its machine-readable code and where it is (a JSON pointer into the body or a parameter's name).
/// </summary>
public sealed record ProblemBody(
    string Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Instance,
    IReadOnlyList<ProblemError> Errors);

/// <summary>One refusal inside a <see cref="ProblemBody"/>.</summary>
public sealed record ProblemError(
    string Code,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pointer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parameter);

/// <summary>
/// Writes error values as RFC 9457 problem documents. The service's own format: the operator API uses it, and so does
/// every path no provider surface owns (unknown routes outside the surfaces, health, docs).
/// </summary>
public class ProblemErrorWriter(string challenge)
{
    public const string ContentType = "application/problem+json";

    /// <summary>Every status a problem answer can carry, for the OpenAPI document.</summary>
    public static readonly int[] Statuses = [400, 401, 404, 405, 409, 413, 415, 422, 429, 503];

    public static int SurfaceStatus(ErrorKind kind) => kind switch
    {
        ErrorKind.Malformed => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        // A rule broken against stored state (a held number, an illegal transition) is 422 here as on the Telnyx
        // surface the operator API grew up beside; 409 is kept for a request still in flight.
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public int StatusFor(IReadOnlyList<DomainError> errors) => ErrorStatus.Of(errors, SurfaceStatus);

    public static ProblemBody Describe(int status, IReadOnlyList<DomainError> errors, string? instance) => new(
        "urn:numberblocks:problem:" + errors[0].Code,
        ReasonPhrases.GetReasonPhrase(status),
        status,
        errors[0].Detail,
        instance,
        errors.Select(e => new ProblemError(e.Code, e.Detail, e.Pointer, e.Parameter)).ToArray());

    public Task WriteAsync(HttpContext http, IReadOnlyList<DomainError> errors)
    {
        var status = StatusFor(errors);
        if (status == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = challenge;
        return WireResponses.WriteJsonAsync(http, Describe(status, errors, http.Request.Path.Value), ContentType, status);
    }
}

/// <summary>The problem format for paths that no surface owns.</summary>
public sealed class ServiceProblemErrors() : ProblemErrorWriter("Bearer realm=\"NumberBlocks\""), ISurfaceErrorMapper
{
    public static readonly ServiceProblemErrors Instance = new();
    public IReadOnlyList<string> PathPrefixes { get; } = [];
}
