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

/// <summary>
/// An error answer of the stock import. Its refusals of the request are the operator API's problems; when every line
/// was refused it is 422 with the refused lines as errors (pointer "/line/{n}/{field}") and the import's report as the
/// extension member <c>data</c>. One type documents both, so the import's error statuses have one schema.
/// </summary>
public sealed class StockImportRefusal : IResult, IEndpointMetadataProvider
{
    private StockImportRefusal(IReadOnlyList<DomainError> errors, StockImportReport? report)
    {
        Errors = errors;
        Report = report;
    }

    public IReadOnlyList<DomainError> Errors { get; }
    public StockImportReport? Report { get; }

    /// <summary>The request itself is refused (its media type, a missing CSV header, an empty body).</summary>
    public static StockImportRefusal Of(DomainError error) => new([error], null);

    /// <summary>Every line was refused: 422 with the report.</summary>
    public static StockImportRefusal EveryLine(StockImportReport report) => new(
        report.Errors.Select(e => new DomainError(e.Code, $"Line {e.Line}: {e.Detail}", e.Field is null ? $"/line/{e.Line}" : $"/line/{e.Line}/{e.Field}"))
            .ToList(),
        report);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (Report is null) return AdminErrorMapper.Instance.WriteAsync(httpContext, Errors);
        var problem = ProblemErrorWriter.Describe(StatusCodes.Status422UnprocessableEntity, Errors, httpContext.Request.Path.Value);
        var body = new StockImportProblem(problem.Type, problem.Title, problem.Status,
            $"Every one of the {Report.RefusedLines} lines of the import was refused; nothing was loaded.", problem.Instance, problem.Errors, Report);
        return WireResponses.WriteJsonAsync(httpContext, body, ProblemErrorWriter.ContentType, StatusCodes.Status422UnprocessableEntity);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ErrorResponseMetadata.Add(builder, typeof(StockImportProblem), ProblemErrorWriter.Statuses, ProblemErrorWriter.ContentType);
}
