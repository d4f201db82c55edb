using System.Text.Json;
using System.Text.Json.Serialization;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Fone;

/// <summary>Fone Dynamics writes PascalCase JSON (ServiceStack); names are written as declared.</summary>
public static class FoneJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>ISO 8601 UTC with milliseconds ("2026-11-23T18:15:44.000Z").</summary>
    public static string? Instant(DateTimeOffset? t) =>
        t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Seed 004's success answer: 200 {"ResponseStatus": {"Message": "OK"}}.</summary>
    public static object Ok => new { Message = "OK" };
}

/// <summary>
/// The one mapper from domain errors to the Fone Dynamics error shape (the provider's REST API error page; ServiceStack):
/// {"ResponseStatus": {"ErrorCode": "PARAMETER_REQUIRED", "Message": "AnswerPoint is required.",
///   "Errors": [{"ErrorCode", "FieldName", "Message"}]}}.
/// 401 for missing or wrong credentials; 400 for everything else, including unknown and other tenants' ids (the
/// provider's documented statuses are 400, 401, 403 and 500; it has no 404).
/// </summary>
public static class FoneErrors
{
    public static IResult ToResult(IReadOnlyList<DomainError> errors)
    {
        var status = errors.Any(e => e.Kind == ErrorKind.Unauthorized) ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
        var first = errors[0];
        var items = errors.Select(e => new { ErrorCode = CodeFor(e), FieldName = FieldName(e), Message = e.Detail }).ToArray();
        return Results.Json(new { ResponseStatus = new { ErrorCode = CodeFor(first), Message = first.Detail, Errors = items } },
            FoneJson.Options, statusCode: status);
    }

    public static IResult ToResult(DomainError error) => ToResult([error]);

    /// <summary>Provider codes where its error page has one (PARAMETER_REQUIRED, CONFLICTING_PARAMETERS, ACCOUNT_NOT_FOUND,
    /// NUMBER_BELONGS_TO_DIFFERENT_PROPERTY), and names in the same style where it does not.</summary>
    public static string CodeFor(DomainError e) => e.Code switch
    {
        ErrorCodes.Required => "PARAMETER_REQUIRED",
        ErrorCodes.ConflictingParameters => "CONFLICTING_PARAMETERS",
        ErrorCodes.AccountNotFound => "ACCOUNT_NOT_FOUND",
        ErrorCodes.PropertyNotFound => "PROPERTY_NOT_FOUND",
        ErrorCodes.CatalogueBlockNotFound => "NUMBER_BLOCK_NOT_FOUND",
        ErrorCodes.CatalogueBlockSold or ErrorCodes.NumberHeldElsewhere => "NUMBER_BLOCK_UNAVAILABLE",
        ErrorCodes.CatalogueBlockInOtherProperty => "NUMBER_BELONGS_TO_DIFFERENT_PROPERTY",
        ErrorCodes.Unauthorized => "UNAUTHORIZED",
        ErrorCodes.MalformedJson => "BAD_REQUEST",
        ErrorCodes.NotFound => "NOT_FOUND",
        _ => "PARAMETER_INVALID",
    };

    /// <summary>The parameter's name as the seed spells it: "/AnswerPoint" is AnswerPoint; query errors name their parameter.</summary>
    public static string? FieldName(DomainError e) => e.Parameter ?? (e.Pointer is { Length: > 1 } p ? p[1..] : null);

    public static readonly DomainError Unauthenticated = new(ErrorCodes.Unauthorized,
        "Wrong or missing credentials. Send HTTP Basic with your AccountSid as user name and your API key as password, or 'Authorization: Bearer <api key>'.",
        null, ErrorKind.Unauthorized);
}
