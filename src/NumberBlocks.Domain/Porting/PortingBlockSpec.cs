using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Porting;

/// <summary>The wire input of one block, before validation: strings exactly as the client sent them.</summary>
public sealed record RawRange(string? StartAt, string? EndAt);

/// <summary>
/// A validated phone number block (seeds 000 and 001): the full range that ports and the ranges inside it that are
/// active on completion. Built only through <see cref="Parse"/>, so an instance always obeys the seed's rules.
/// </summary>
public sealed class PortingBlockSpec
{
    /// <summary>Seed 001: "The maximum size for a single block is 1000 phone numbers (0-999)."</summary>
    public const int MaxNumbers = 1000;

    public NumberRange Range { get; }
    /// <summary>Sorted by start; pairwise disjoint; each inside <see cref="Range"/>.</summary>
    public IReadOnlyList<NumberRange> ActivationRanges { get; }
    public NumberPlacement Placement { get; }

    private PortingBlockSpec(NumberRange range, IReadOnlyList<NumberRange> activationRanges, NumberPlacement placement)
    {
        Range = range;
        ActivationRanges = activationRanges;
        Placement = placement;
    }

    /// <summary>Is this number of the block active on completion (inside an activation range)?</summary>
    public bool IsActivated(E164Number number) => IsInside(ActivationRanges, number);

    internal static bool IsInside(IReadOnlyList<NumberRange> sortedDisjoint, E164Number number)
    {
        int lo = 0, hi = sortedDisjoint.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var r = sortedDisjoint[mid];
            if (number < r.Start) hi = mid - 1;
            else if (number > r.End) lo = mid + 1;
            else return true;
        }
        return false;
    }

    /// <summary>
    /// A block from already-parsed values (a stored block, a block built in code). The seed's rules are checked again,
    /// so no instance breaks them whatever its source: at most <see cref="MaxNumbers"/> numbers, activation ranges
    /// inside the range and pairwise disjoint, one country and type.
    /// </summary>
    public static Result<PortingBlockSpec> Create(NumberRange range, IReadOnlyList<NumberRange> activationRanges, NumberPlacement placement)
    {
        var errors = new List<DomainError>();
        if (range.Count > MaxNumbers)
            errors.Add(new DomainError(ErrorCodes.BlockTooLarge, $"A block holds at most {MaxNumbers} numbers; {range} holds {range.Count}.",
                "/phone_number_range/end_at"));
        var sorted = activationRanges.OrderBy(r => r.Start).ToArray();
        for (var i = 0; i < sorted.Length; i++)
        {
            if (!range.Contains(sorted[i]))
                errors.Add(new DomainError(ErrorCodes.ActivationRangeOutsideBlock,
                    $"The activation range {sorted[i]} is not inside the phone number range {range}.", "/activation_ranges"));
            else if (i > 0 && sorted[i].Overlaps(sorted[i - 1]))
                errors.Add(new DomainError(ErrorCodes.ActivationRangesOverlap,
                    $"Activation ranges {sorted[i - 1]} and {sorted[i]} overlap.", "/activation_ranges"));
        }
        var placed = PlaceWholeRange(range);
        if (placed.IsFailure) errors.AddRange(placed.Errors);
        else if (placed.Value.CountryCode != placement.CountryCode || placed.Value.Type != placement.Type)
            errors.Add(new DomainError(ErrorCodes.BlockMixedPlan,
                $"The block {range} is {placed.Value.CountryCode} {placed.Value.Type.ToWire()}, not {placement.CountryCode} {placement.Type.ToWire()}.",
                "/phone_number_range/start_at"));
        return errors.Count > 0 ? Result<PortingBlockSpec>.Fail(errors) : new PortingBlockSpec(range, sorted, placement);
    }

    /// <summary>
    /// Validates a block; pointers are relative to the block object ("/phone_number_range/start_at",
    /// "/activation_ranges/1/end_at"). Every broken rule is reported, not only the first.
    /// </summary>
    public static Result<PortingBlockSpec> Parse(RawRange? phoneNumberRange, IReadOnlyList<RawRange?>? activationRanges)
    {
        if (phoneNumberRange is null) return DomainError.Required("/phone_number_range");
        var start = E164Number.Parse(phoneNumberRange.StartAt, "/phone_number_range/start_at");
        var end = E164Number.Parse(phoneNumberRange.EndAt, "/phone_number_range/end_at");
        if (start.IsFailure || end.IsFailure) return Result<PortingBlockSpec>.Fail([.. start.Errors, .. end.Errors]);

        var rangeResult = NumberRange.Create(start.Value, end.Value, "/phone_number_range/start_at", "/phone_number_range/end_at");
        if (rangeResult.IsFailure) return Result<PortingBlockSpec>.Fail(rangeResult.Errors);
        var range = rangeResult.Value;

        var errors = new List<DomainError>();
        if (range.Count > MaxNumbers)
            errors.Add(new DomainError(ErrorCodes.BlockTooLarge,
                $"A block holds at most {MaxNumbers} numbers; {range} holds {range.Count}.", "/phone_number_range/end_at"));

        var placement = PlaceWholeRange(range);
        if (placement.IsFailure) errors.AddRange(placement.Errors);

        if (activationRanges is null) errors.Add(DomainError.Required("/activation_ranges"));
        var parsed = new List<(NumberRange Range, int Index)>();
        for (var i = 0; activationRanges is not null && i < activationRanges.Count; i++)
        {
            var pointer = $"/activation_ranges/{i}";
            var raw = activationRanges[i];
            if (raw is null) { errors.Add(DomainError.Required(pointer)); continue; }
            var s = E164Number.Parse(raw.StartAt, pointer + "/start_at");
            var e = E164Number.Parse(raw.EndAt, pointer + "/end_at");
            if (s.IsFailure || e.IsFailure) { errors.AddRange(s.Errors); errors.AddRange(e.Errors); continue; }
            var r = NumberRange.Create(s.Value, e.Value, pointer + "/start_at", pointer + "/end_at");
            if (r.IsFailure) { errors.AddRange(r.Errors); continue; }
            // Seed 001: "The activation_ranges defined must be equal to or a subset of the phone_number_range."
            if (!range.Contains(r.Value))
            {
                var outsidePointer = r.Value.Start < range.Start || r.Value.Start > range.End ? pointer + "/start_at" : pointer + "/end_at";
                errors.Add(new DomainError(ErrorCodes.ActivationRangeOutsideBlock,
                    $"The activation range {r.Value} is not inside the phone number range {range}.", outsidePointer));
                continue;
            }
            parsed.Add((r.Value, i));
        }

        // Seed 001: "The activation_ranges defined cannot overlap."
        parsed.Sort((a, b) => a.Range.Start.CompareTo(b.Range.Start));
        for (var k = 1; k < parsed.Count; k++)
        {
            if (parsed[k].Range.Overlaps(parsed[k - 1].Range))
            {
                var later = Math.Max(parsed[k].Index, parsed[k - 1].Index);
                var earlier = Math.Min(parsed[k].Index, parsed[k - 1].Index);
                errors.Add(new DomainError(ErrorCodes.ActivationRangesOverlap,
                    $"Activation ranges {earlier} ({parsed[earlier == parsed[k].Index ? k : k - 1].Range}) and {later} ({parsed[later == parsed[k].Index ? k : k - 1].Range}) overlap at {parsed[k].Range.FirstSharedWith(parsed[k - 1].Range)}.",
                    $"/activation_ranges/{later}"));
            }
        }

        if (errors.Count > 0) return Result<PortingBlockSpec>.Fail(errors);
        return new PortingBlockSpec(range, parsed.Select(p => p.Range).ToArray(), placement.Value);
    }

    /// <summary>
    /// Seed 001: a block has one country and number type. Every number is placed (by its prefixes, not one by one); a
    /// block that runs into another country, type or unplaceable numbers is refused naming the first that differs.
    /// </summary>
    private static Result<NumberPlacement> PlaceWholeRange(NumberRange range) =>
        NumberingPlan.PlaceRange(range, "/phone_number_range/start_at", "/phone_number_range/end_at");
}
