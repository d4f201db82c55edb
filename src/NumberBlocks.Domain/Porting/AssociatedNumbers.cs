using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Porting;

/// <summary>A validated associated range: the numbers of the losing account that stay behind, and what happens to them.</summary>
public sealed record AssociatedNumbersSpec(NumberRange Range, RemainingNumbersAction Action, NumberPlacement Placement);

/// <summary>
/// Telnyx associated phone numbers (/porting_orders/{id}/associated_phone_numbers): in a partial port, the numbers
/// of the losing account that do not port, and whether the losing carrier keeps them or disconnects them. They are
/// not the order's numbers, so they are never claimed in the ledger; they must not overlap the numbers that port.
/// </summary>
public static class AssociatedNumbers
{
    /// <summary>Numbers one associated range may hold, as a block (seed 001).</summary>
    public const long MaxNumbers = 1_000;

    /// <summary>Validates a range as sent; pointers are relative to the body.</summary>
    public static Result<AssociatedNumbersSpec> Parse(RawRange? phoneNumberRange, RemainingNumbersAction? action)
    {
        var errors = new List<DomainError>();
        if (action is null) errors.Add(DomainError.Required("/action"));
        if (phoneNumberRange is null) { errors.Add(DomainError.Required("/phone_number_range")); return Result<AssociatedNumbersSpec>.Fail(errors); }
        var start = E164Number.Parse(phoneNumberRange.StartAt, "/phone_number_range/start_at");
        var end = E164Number.Parse(phoneNumberRange.EndAt, "/phone_number_range/end_at");
        errors.AddRange(start.Errors);
        errors.AddRange(end.Errors);
        if (errors.Count > 0) return Result<AssociatedNumbersSpec>.Fail(errors);
        var range = NumberRange.Create(start.Value, end.Value, "/phone_number_range/start_at", "/phone_number_range/end_at");
        if (range.IsFailure) return Result<AssociatedNumbersSpec>.Fail(range.Errors);
        if (range.Value.Count > MaxNumbers)
            return new DomainError(ErrorCodes.BlockTooLarge,
                $"An associated range holds at most {MaxNumbers} numbers; {range.Value} holds {range.Value.Count}.", "/phone_number_range/end_at");
        var placed = NumberingPlan.PlaceRange(range.Value, "/phone_number_range/start_at", "/phone_number_range/end_at");
        if (placed.IsFailure) return Result<AssociatedNumbersSpec>.Fail(placed.Errors);
        return new AssociatedNumbersSpec(range.Value, action!.Value, placed.Value);
    }

    /// <summary>The numbers that stay behind are of the order's country: they come from the same losing account.</summary>
    public static DomainError? EnsureSameCountry(string orderCountry, AssociatedNumbersSpec spec) =>
        orderCountry == spec.Placement.CountryCode
            ? null
            : new DomainError(ErrorCodes.OrderCountryOrTypeMismatch,
                $"The range {spec.Range} is {spec.Placement.CountryCode}; this porting order is {orderCountry}.", "/phone_number_range/start_at");
}
