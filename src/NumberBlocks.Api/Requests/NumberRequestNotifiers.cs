using NumberBlocks.Data.Requests;

namespace NumberBlocks.Api.Requests;

/// <summary>How the requests of one origin (<see cref="NumberRequestOrigins"/>) report their status changes.</summary>
public sealed record NumberRequestNotifierRegistration(string Origin, RequestStatusChanged Notify);

/// <summary>
/// The status reporters of number requests by origin: the fulfilment engine is shared by CM.com requests and Telnyx
/// orders by criteria, and each surface reports its own requests its own way (seed 003 for CM.com). Surfaces register
/// theirs; requests stored before origins existed carry the CM.com origin (migration default).
/// </summary>
public sealed class NumberRequestNotifiers(IEnumerable<NumberRequestNotifierRegistration> registrations)
{
    private readonly Dictionary<string, RequestStatusChanged> _byOrigin =
        registrations.ToDictionary(r => r.Origin, r => r.Notify, StringComparer.Ordinal);

    public RequestStatusChanged For(NumberRequest request) =>
        _byOrigin.TryGetValue(request.Origin, out var notify) ? notify
            : throw new InvalidOperationException($"no status reporter is registered for number requests of origin '{request.Origin}'");
}
