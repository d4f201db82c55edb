using System.Reflection;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// The one mapper of the operator API: RFC 9457 problem documents (application/problem+json) with every refusal in
/// <c>errors</c>; 401 answers challenge with <c>WWW-Authenticate: Bearer realm="NumberBlocks operator API"</c>.
/// </summary>
public sealed class AdminErrorMapper() : ProblemErrorWriter("Bearer realm=\"NumberBlocks operator API\""), ISurfaceErrorMapper
{
    public static readonly AdminErrorMapper Instance = new();

    public IReadOnlyList<string> PathPrefixes { get; } = ["/admin"];
}

/// <summary>An operator-API error answer as a typed result.</summary>
public sealed class AdminProblem(IReadOnlyList<DomainError> errors) : IResult, IEndpointMetadataProvider
{
    public IReadOnlyList<DomainError> Errors { get; } = errors;

    public Task ExecuteAsync(HttpContext httpContext) => AdminErrorMapper.Instance.WriteAsync(httpContext, Errors);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ErrorResponseMetadata.Add(builder, typeof(ProblemBody), ProblemErrorWriter.Statuses, ProblemErrorWriter.ContentType);

    public static implicit operator AdminProblem(DomainError error) => new([error]);
}
