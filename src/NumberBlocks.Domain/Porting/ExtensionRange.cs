using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Porting;

/// <summary>Extension digits from <see cref="Start"/> to <see cref="End"/>, both inclusive, within 0..999 (seed 002).</summary>
public readonly record struct ExtensionRange
{
    public const int Min = 0;
    public const int Max = 999;

    public int Start { get; }
    public int End { get; }

    private ExtensionRange(int start, int end) { Start = start; End = end; }

    public static ExtensionRange Of(int start, int end) =>
        start is >= Min and <= Max && end is >= Min and <= Max && start <= end
            ? new ExtensionRange(start, end)
            : throw new ArgumentOutOfRangeException(nameof(start), $"{start}-{end} is not an extension range.");

    public int Count => End - Start + 1;
    public bool Contains(ExtensionRange other) => Start <= other.Start && other.End <= End;
    public bool Contains(int extension) => Start <= extension && extension <= End;
    public bool Overlaps(ExtensionRange other) => Start <= other.End && other.Start <= End;
    public override string ToString() => $"{Start}-{End}";

    /// <summary>Parses integers already read from JSON (null when absent); pointers are of the two ends.</summary>
    public static Result<ExtensionRange> Create(long? start, long? end, string startPointer, string endPointer)
    {
        var errors = new List<DomainError>();
        if (start is null) errors.Add(DomainError.Required(startPointer));
        else if (start is < Min or > Max) errors.Add(OutOfBounds(start.Value, startPointer));
        if (end is null) errors.Add(DomainError.Required(endPointer));
        else if (end is < Min or > Max) errors.Add(OutOfBounds(end.Value, endPointer));
        if (errors.Count > 0) return Result<ExtensionRange>.Fail(errors);
        if (start > end)
            return new DomainError(ErrorCodes.RangeReversed, $"The extension range starts at {start}, after its end {end}.", startPointer);
        return new ExtensionRange((int)start!.Value, (int)end!.Value);
    }

    private static DomainError OutOfBounds(long value, string pointer) =>
        new(ErrorCodes.ExtensionRangeOutOfBounds, $"{value} is not an extension: extensions run from {Min} to {Max}.", pointer);
}

/// <summary>The wire input of an extension range or one of its activation ranges: integers as the client sent them.</summary>
public sealed record RawExtensionRange(long? StartAt, long? EndAt);

/// <summary>
/// A validated phone number extension (seed 002): the extension digits on a main number that port, and the ranges
/// of them that are active on completion.
/// </summary>
public sealed class PortingExtensionSpec
{
    public ExtensionRange Range { get; }
    /// <summary>Sorted, pairwise disjoint, each inside <see cref="Range"/>.</summary>
    public IReadOnlyList<ExtensionRange> ActivationRanges { get; }

    private PortingExtensionSpec(ExtensionRange range, IReadOnlyList<ExtensionRange> activationRanges)
    {
        Range = range;
        ActivationRanges = activationRanges;
    }

    /// <summary>An extension from already-parsed ranges; seed 002's rules are checked again (inside the range, disjoint).</summary>
    public static Result<PortingExtensionSpec> Create(ExtensionRange range, IReadOnlyList<ExtensionRange> activationRanges)
    {
        var sorted = activationRanges.OrderBy(r => r.Start).ToArray();
        for (var i = 0; i < sorted.Length; i++)
        {
            if (!range.Contains(sorted[i]))
                return new DomainError(ErrorCodes.ActivationRangeOutsideBlock,
                    $"The activation range {sorted[i]} is not inside the extension range {range}.", "/activation_ranges");
            if (i > 0 && sorted[i].Overlaps(sorted[i - 1]))
                return new DomainError(ErrorCodes.ActivationRangesOverlap, $"Activation ranges {sorted[i - 1]} and {sorted[i]} overlap.", "/activation_ranges");
        }
        return new PortingExtensionSpec(range, sorted);
    }

    public bool IsActivated(int extension) => ActivationRanges.Any(r => r.Contains(extension));

    public static Result<PortingExtensionSpec> Parse(RawExtensionRange? extensionRange, IReadOnlyList<RawExtensionRange?>? activationRanges)
    {
        if (extensionRange is null) return DomainError.Required("/extension_range");
        var range = ExtensionRange.Create(extensionRange.StartAt, extensionRange.EndAt, "/extension_range/start_at", "/extension_range/end_at");
        if (range.IsFailure) return Result<PortingExtensionSpec>.Fail(range.Errors);

        var errors = new List<DomainError>();
        if (activationRanges is null) errors.Add(DomainError.Required("/activation_ranges"));
        var parsed = new List<(ExtensionRange Range, int Index)>();
        for (var i = 0; activationRanges is not null && i < activationRanges.Count; i++)
        {
            var pointer = $"/activation_ranges/{i}";
            if (activationRanges[i] is not { } raw) { errors.Add(DomainError.Required(pointer)); continue; }
            var r = ExtensionRange.Create(raw.StartAt, raw.EndAt, pointer + "/start_at", pointer + "/end_at");
            if (r.IsFailure) { errors.AddRange(r.Errors); continue; }
            // Seed 002: "The activation range must be within the extension range".
            if (!range.Value.Contains(r.Value))
            {
                errors.Add(new DomainError(ErrorCodes.ActivationRangeOutsideBlock,
                    $"The activation range {r.Value} is not inside the extension range {range.Value}.",
                    range.Value.Contains(r.Value.Start) ? pointer + "/end_at" : pointer + "/start_at"));
                continue;
            }
            parsed.Add((r.Value, i));
        }
        // Seed 002: activation ranges "should not overlap with other activation ranges".
        parsed.Sort((a, b) => a.Range.Start.CompareTo(b.Range.Start));
        for (var k = 1; k < parsed.Count; k++)
            if (parsed[k].Range.Overlaps(parsed[k - 1].Range))
                errors.Add(new DomainError(ErrorCodes.ActivationRangesOverlap,
                    $"Activation ranges {parsed[k - 1].Range} and {parsed[k].Range} overlap.",
                    $"/activation_ranges/{Math.Max(parsed[k].Index, parsed[k - 1].Index)}"));

        if (errors.Count > 0) return Result<PortingExtensionSpec>.Fail(errors);
        return new PortingExtensionSpec(range.Value, parsed.Select(p => p.Range).ToArray());
    }
}
