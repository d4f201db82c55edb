using System.Security.Cryptography;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Porting;

/// <summary>A port-out request's status (Telnyx PortoutDetails.status).</summary>
public enum PortoutStatus { Pending, Authorized, Ported, Rejected, RejectedPending, Canceled }

/// <summary>Who moves a port-out: the losing account (authorize, reject), the gaining carrier via the operator, or the FOC worker.</summary>
public enum PortoutActor { Account, Carrier, FocWorker }

/// <summary>
/// The one transition table of port-outs. The account decides (Telnyx PATCH /portouts/{id}/authorized or
/// /rejected-pending); the gaining carrier completes or cancels (operator API); the FOC worker completes an authorized
/// port-out when its FOC date passes. A request refused by a rule at once is born rejected and never moves.
/// </summary>
public static class PortoutStatuses
{
    private static readonly Dictionary<(PortoutStatus From, PortoutStatus To), PortoutActor[]> Moves = new()
    {
        [(PortoutStatus.Pending, PortoutStatus.Authorized)] = [PortoutActor.Account],
        [(PortoutStatus.Pending, PortoutStatus.RejectedPending)] = [PortoutActor.Account],
        [(PortoutStatus.Pending, PortoutStatus.Canceled)] = [PortoutActor.Carrier],
        // The account may still withdraw its authorization before the FOC date.
        [(PortoutStatus.Authorized, PortoutStatus.RejectedPending)] = [PortoutActor.Account],
        [(PortoutStatus.Authorized, PortoutStatus.Ported)] = [PortoutActor.Carrier, PortoutActor.FocWorker],
        [(PortoutStatus.Authorized, PortoutStatus.Canceled)] = [PortoutActor.Carrier],
        // Telnyx: rejected-pending is the account's rejection awaiting the carrier, which then withdraws its request.
        [(PortoutStatus.RejectedPending, PortoutStatus.Canceled)] = [PortoutActor.Carrier],
    };

    public static IReadOnlyList<string> WireNames { get; } = ["pending", "authorized", "ported", "rejected", "rejected-pending", "canceled"];

    public static string ToWire(this PortoutStatus status) => WireNames[(int)status];

    public static bool TryParseWire(string? text, out PortoutStatus status)
    {
        var i = text is null ? -1 : WireNames.ToList().IndexOf(text);
        status = i < 0 ? default : (PortoutStatus)i;
        return i >= 0;
    }

    /// <summary>Null when <paramref name="actor"/> may move a port-out from <paramref name="from"/> to <paramref name="to"/>; else the one refusal.</summary>
    public static DomainError? CheckMove(PortoutStatus from, PortoutStatus to, PortoutActor actor, string? pointer = "/status") =>
        Moves.TryGetValue((from, to), out var actors) && actors.Contains(actor)
            ? null
            : new DomainError(ErrorCodes.IllegalTransition, $"A port-out cannot move from {from.ToWire()} to {to.ToWire()} this way.", pointer);
}

/// <summary>A reason a port-out can be rejected (Telnyx GET /portouts/rejections/{id}: code, description, reason_required).</summary>
public sealed record PortoutRejection(int Code, string Description, bool ReasonRequired, bool Automatic);

/// <summary>
/// NumberBlocks' rejection codes. The first three are given by the service itself when a rule refuses a request as it
/// is recorded (seed 001: blocks have their own port-out rules); the rest are the ones the account may name in its
/// reason when it rejects.
/// </summary>
public static class PortoutRejections
{
    public static readonly PortoutRejection WrongPin = new(1001, "The PIN given does not match the port-out PIN set for the numbers.", false, true);
    public static readonly PortoutRejection NotOneAccount = new(1002, "The numbers are not all held by one account of this service.", false, true);
    public static readonly PortoutRejection PartialBlock = new(1003,
        "The request names some but not all numbers of a phone number block; a block held as a block ports out whole (seed 001).", false, true);
    public static readonly PortoutRejection EndUserMismatch = new(2001, "The end user name does not match the account's records.", false, false);
    public static readonly PortoutRejection AddressMismatch = new(2002, "The service address does not match the account's records.", false, false);
    public static readonly PortoutRejection NotAuthorized = new(2003, "The end user did not authorize this port-out.", false, false);
    public static readonly PortoutRejection Other = new(2099, "Another reason, given in the reason.", true, false);

    public static IReadOnlyList<PortoutRejection> All { get; } =
        [WrongPin, NotOneAccount, PartialBlock, EndUserMismatch, AddressMismatch, NotAuthorized, Other];

    /// <summary>The codes eligible for a port-out: the account's reasons while it can still reject; none once it cannot.</summary>
    public static IReadOnlyList<PortoutRejection> EligibleFor(PortoutStatus status) =>
        status is PortoutStatus.Pending or PortoutStatus.Authorized ? All.Where(r => !r.Automatic).ToList() : [];
}

/// <summary>One phone number block an account holds as a block: its id for life and its range (inclusive).</summary>
public readonly record struct HeldBlock(Guid Id, long Start, long End)
{
    public long Count => End - Start + 1;
}

/// <summary>The rules a port-out request meets as it is recorded (seed 001: blocks have their own port-out rules).</summary>
public static class PortoutRules
{
    /// <summary>Most numbers one port-out request may name.</summary>
    public const int MaxNumbers = 10_000;

    /// <summary>
    /// The blocks the request names only partly. A block held as a block leaves whole or not at all: the request must
    /// name every number of it.
    /// </summary>
    public static IReadOnlyList<HeldBlock> PartlyNamed(IReadOnlyCollection<long> requested, IEnumerable<HeldBlock> blocks)
    {
        var partial = new List<HeldBlock>();
        foreach (var block in blocks)
        {
            var named = requested.LongCount(n => n >= block.Start && n <= block.End);
            if (named > 0 && named < block.Count) partial.Add(block);
        }
        return partial;
    }
}

/// <summary>
/// A port-out PIN, stored only as a salted PBKDF2 hash ("v1$salt$hash", base64): PINs are short, so a plain hash would
/// be reversed by trying every PIN; the salt and the iterations make each stored PIN its own slow search.
/// </summary>
public static class PortoutPin
{
    public const int MinLength = 4;
    public const int MaxLength = 16;
    private const int Iterations = 100_000;

    public static DomainError? Check(string? pin, string pointer)
    {
        if (pin is null) return DomainError.Required(pointer);
        return pin.Length is < MinLength or > MaxLength || !pin.All(char.IsAsciiLetterOrDigit)
            ? new DomainError(ErrorCodes.InvalidValue, $"A port-out PIN is {MinLength} to {MaxLength} letters or digits.", pointer)
            : null;
    }

    public static string Hash(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(pin, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"v1${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string? pin, string stored)
    {
        if (pin is null) return false;
        var parts = stored.Split('$');
        if (parts is not ["v1", var salt, var hash]) return false;
        var expected = Convert.FromBase64String(hash);
        var actual = Rfc2898DeriveBytes.Pbkdf2(pin, Convert.FromBase64String(salt), Iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
