using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx PortabilityCheckRunParams.</summary>
public sealed record PortabilityCheckRequest(IReadOnlyList<string?>? PhoneNumbers);

/// <summary>Telnyx PortabilityCheckRunResponse.Data: one number's verdict.</summary>
public sealed record PortabilityCheckRecord(
    string PhoneNumber,
    bool Portable,
    bool FastPortable,
    string NotPortableReason,
    string RecordType);

/// <summary>Telnyx POST /v2/portability_checks: can these numbers be ported in, and if not why.</summary>
public static class PortabilityChecksApi
{
    public static RouteGroupBuilder MapPortabilityChecks(this RouteGroupBuilder v2)
    {
        v2.MapPost("/portability_checks", Run).WithTags("Telnyx: portability checks").WithName("PostPortabilityCheck")
            .WithSummary("Run a portability check")
            .WithDescription("Runs a portability check, returning the results immediately: one result per number, in the order given. A number " +
                "is not portable when it is not a valid number of any numbering plan (libphonenumber), when it is of a country NumberBlocks " +
                "does not port from, when it is already held (by this account — on the account or in one of its orders — or by another), " +
                "or when it is part of a number block that moves only whole; not_portable_reason says which. fast_portable: US numbers. " +
                "Nothing is claimed: a check reserves no number. At most " + Portability.MaxNumbers + " numbers.")
            .WithRequestExample(new PortabilityCheckRequest(["+13035550000", "+4930244999970"]));
        return v2;
    }

    public static async Task<Results<Ok<TelnyxData<IReadOnlyList<PortabilityCheckRecord>>>, TelnyxProblem>> Run(JsonBody<PortabilityCheckRequest> body,
        HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var numbers = body.Result.Value.PhoneNumbers;
        if (Portability.CheckCount(numbers?.Count) is { } refused) return (TelnyxProblem)refused;
        var verdicts = await PortabilityCheckOperations.CheckAsync(db, http.AccountId(), numbers!, ct);
        IReadOnlyList<PortabilityCheckRecord> data = verdicts
            .Select(v => new PortabilityCheckRecord(v.PhoneNumber, v.Portable, v.FastPortable, v.NotPortableReason, "portability_check_result")).ToList();
        return TypedResults.Ok(new TelnyxData<IReadOnlyList<PortabilityCheckRecord>>(data));
    }
}
