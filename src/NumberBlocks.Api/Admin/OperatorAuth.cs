using NumberBlocks.Api.Auth;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Admin;

/// <summary>The operator API answers only to the operator key ("Authorization: Bearer &lt;operator key&gt;").</summary>
public sealed class OperatorAuth(OperatorKey key) : IEndpointFilter
{
    public static readonly DomainError Unauthenticated =
        new(ErrorCodes.Unauthorized, "The operator key is missing or invalid. Send it as 'Authorization: Bearer <operator key>'.", null, ErrorKind.Unauthorized);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!key.Matches(ApiKeys.FromAuthorization(context.HttpContext.Request.Headers.Authorization)))
            return AdminErrors.ToResult(Unauthenticated);
        return await next(context);
    }
}
