using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.WebUtilities;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Console;

/// <summary>
/// The console's error format: an HTML page (a person reads it, not a client), for every refusal the kernel makes on
/// /console paths (an unknown page, a body too large, a rate limit, an unexpected exception). The statuses are the
/// service's own (<see cref="ProblemErrorWriter.SurfaceStatus"/>); paths outside /console keep their surfaces' formats.
/// </summary>
public sealed class ConsoleErrors : ISurfaceErrorMapper
{
    public IReadOnlyList<string> PathPrefixes { get; } = [ConsoleSurface.PathPrefix];

    public int StatusFor(IReadOnlyList<DomainError> errors) => ErrorStatus.Of(errors, ProblemErrorWriter.SurfaceStatus);

    public async Task WriteAsync(HttpContext http, IReadOnlyList<DomainError> errors)
    {
        var status = StatusFor(errors);
        if (ErrorStatus.NeedsRetryAfter(status) && !http.Response.Headers.ContainsKey("Retry-After")) http.Response.Headers.RetryAfter = "1";
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Page(status, errors.Select(e => e.Detail)), http.RequestAborted);
    }

    /// <summary>A self-contained error page in the console's style, with a way back.</summary>
    public static string Page(int status, IEnumerable<string> details)
    {
        var title = $"{status} {ReasonPhrases.GetReasonPhrase(status)}";
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" · NumberBlocks console</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(ConsoleSurface.AssetsPath).Append("/console.css?v=").Append(ConsoleSurface.AssetVersion).Append("\">")
            .Append("</head><body><main id=\"main\" class=\"error-page\"><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        foreach (var detail in details) html.Append("<p role=\"alert\">").Append(WebUtility.HtmlEncode(detail)).Append("</p>");
        html.Append("<p><a href=\"").Append(ConsoleSurface.PathPrefix).Append("\">Back to the console</a></p></main></body></html>");
        return html.ToString();
    }
}

/// <summary>
/// A form posted without its antiforgery token (or with another session's) is refused with 400 and a page that says why,
/// instead of the framework's empty 400. Nothing of the form was acted on.
/// </summary>
public sealed class AntiforgeryRefusal : IAlwaysRunResultFilter
{
    public const string Detail = "The form was refused: its antiforgery token is missing or does not belong to this session. " +
        "Nothing was changed. Reload the page and send the form again.";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult) return;
        context.Result = new ContentResult
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentType = "text/html; charset=utf-8",
            Content = ConsoleErrors.Page(StatusCodes.Status400BadRequest, [Detail]),
        };
    }

    public void OnResultExecuted(ResultExecutedContext context) { }
}
