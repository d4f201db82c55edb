using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Porting;

/// <summary>
/// The country and number type every number of one porting order shares. Orders are split by the type's name
/// (<see cref="PhoneNumberTypes.ToWire"/>), so <see cref="Of"/> files a fixed-line-or-mobile number under "local".
/// </summary>
public sealed record OrderPlan(string CountryCode, PhoneNumberType Type)
{
    public static OrderPlan Of(NumberPlacement placement) =>
        new(placement.CountryCode, PhoneNumberTypes.TryParseWire(placement.Type.ToWire(), out var named) ? named : placement.Type);
}

/// <summary>A number or block together with the JSON pointer it came from, so later refusals can point at it.</summary>
public sealed record Pointed<T>(T Value, string Pointer);

/// <summary>One porting order to be created: its plan, its single numbers and its blocks.</summary>
public sealed record PortingOrderGroup(OrderPlan Plan, IReadOnlyList<Pointed<E164Number>> SingleNumbers, IReadOnlyList<Pointed<PortingBlockSpec>> Blocks);

/// <summary>The wire input of one block in a create-order body.</summary>
public sealed record RawBlock(RawRange? PhoneNumberRange, IReadOnlyList<RawRange?>? ActivationRanges);

/// <summary>
/// Turns a create-porting-order body into the orders to create: Telnyx answers with "data" as a list because it
/// splits the numbers into one order per country and number type.
/// </summary>
public static class PortingOrderDraft
{
    /// <summary>Numbers one create call may carry; beyond this the body is refused rather than held in memory.</summary>
    public const int MaxSingleNumbers = 10_000;
    public const int MaxBlocks = 100;

    public static Result<IReadOnlyList<PortingOrderGroup>> Split(IReadOnlyList<string?>? phoneNumbers, IReadOnlyList<RawBlock?>? blocks)
    {
        var errors = new List<DomainError>();
        if ((phoneNumbers is null || phoneNumbers.Count == 0) && (blocks is null || blocks.Count == 0))
            return new DomainError(ErrorCodes.OrderEmpty,
                "A porting order needs at least one number: give phone_numbers, phone_number_blocks, or both.", "/phone_numbers");
        if (phoneNumbers?.Count > MaxSingleNumbers)
            return new DomainError(ErrorCodes.InvalidValue, $"At most {MaxSingleNumbers} phone_numbers per request.", "/phone_numbers");
        if (blocks?.Count > MaxBlocks)
            return new DomainError(ErrorCodes.InvalidValue, $"At most {MaxBlocks} phone_number_blocks per request.", "/phone_number_blocks");

        var groups = new Dictionary<OrderPlan, (List<Pointed<E164Number>> Singles, List<Pointed<PortingBlockSpec>> Blocks)>();
        (List<Pointed<E164Number>> Singles, List<Pointed<PortingBlockSpec>> Blocks) GroupOf(OrderPlan plan)
        {
            if (!groups.TryGetValue(plan, out var g)) groups[plan] = g = ([], []);
            return g;
        }

        var seen = new HashSet<long>();
        for (var i = 0; phoneNumbers is not null && i < phoneNumbers.Count; i++)
        {
            var pointer = $"/phone_numbers/{i}";
            var number = E164Number.Parse(phoneNumbers[i], pointer);
            if (number.IsFailure) { errors.AddRange(number.Errors); continue; }
            if (!seen.Add(number.Value.Value))
            {
                errors.Add(new DomainError(ErrorCodes.DuplicateNumber, $"{number.Value} appears more than once in phone_numbers.", pointer));
                continue;
            }
            var placement = NumberingPlan.Place(number.Value, pointer);
            if (placement.IsFailure) { errors.AddRange(placement.Errors); continue; }
            GroupOf(OrderPlan.Of(placement.Value)).Singles.Add(new(number.Value, pointer));
        }

        var accepted = new List<(PortingBlockSpec Spec, int Index)>();
        for (var i = 0; blocks is not null && i < blocks.Count; i++)
        {
            var pointer = $"/phone_number_blocks/{i}";
            if (blocks[i] is not { } raw) { errors.Add(DomainError.Required(pointer)); continue; }
            var spec = PortingBlockSpec.Parse(raw.PhoneNumberRange, raw.ActivationRanges).Under(pointer);
            if (spec.IsFailure) { errors.AddRange(spec.Errors); continue; }
            var clash = accepted.FirstOrDefault(a => a.Spec.Range.Overlaps(spec.Value.Range));
            if (clash.Spec is not null)
            {
                errors.Add(new DomainError(ErrorCodes.BlockOverlapsBlock,
                    $"Block {i} ({spec.Value.Range}) overlaps block {clash.Index} ({clash.Spec.Range}) at {clash.Spec.Range.FirstSharedWith(spec.Value.Range)}.",
                    pointer + "/phone_number_range/start_at"));
                continue;
            }
            accepted.Add((spec.Value, i));
            GroupOf(OrderPlan.Of(spec.Value.Placement)).Blocks.Add(new(spec.Value, pointer));
        }

        if (errors.Count > 0) return Result<IReadOnlyList<PortingOrderGroup>>.Fail(errors);
        return groups.Select(g => new PortingOrderGroup(g.Key, g.Value.Singles, g.Value.Blocks)).ToList();
    }
}
