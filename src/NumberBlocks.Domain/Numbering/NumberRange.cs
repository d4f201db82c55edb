using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Numbering;

/// <summary>
/// Consecutive E.164 numbers from <see cref="Start"/> to <see cref="End"/>, both inclusive, with the same digit count
/// at both ends and Start ≤ End. A range of one number has Start == End.
/// </summary>
public readonly record struct NumberRange
{
    public E164Number Start { get; }
    public E164Number End { get; }

    private NumberRange(E164Number start, E164Number end) { Start = start; End = end; }

    /// <summary>A range the caller already knows is valid; anything else is a programmer error.</summary>
    public static NumberRange Of(E164Number start, E164Number end) =>
        Validate(start, end, "", "") is { } error ? throw new ArgumentException(error.Detail) : new NumberRange(start, end);

    public static NumberRange Single(E164Number number) => new(number, number);

    /// <summary>Builds a range from user input; the errors point at <paramref name="startPointer"/> or <paramref name="endPointer"/>.</summary>
    public static Result<NumberRange> Create(E164Number start, E164Number end, string startPointer, string endPointer) =>
        Validate(start, end, startPointer, endPointer) is { } error ? error : new NumberRange(start, end);

    private static DomainError? Validate(E164Number start, E164Number end, string startPointer, string endPointer)
    {
        if (start.DigitCount != end.DigitCount)
            return new DomainError(ErrorCodes.RangeLengthMismatch,
                $"The range {start} to {end} mixes numbers of {start.DigitCount} and {end.DigitCount} digits; both ends must have the same length.",
                endPointer);
        if (start > end)
            return new DomainError(ErrorCodes.RangeReversed, $"The range starts at {start}, after its end {end}.", startPointer);
        return null;
    }

    /// <summary>How many numbers the range holds (End − Start + 1).</summary>
    public long Count => End.Value - Start.Value + 1;

    public bool Contains(E164Number number) => Start <= number && number <= End;

    public bool Contains(NumberRange other) => Start <= other.Start && other.End <= End;

    public bool Overlaps(NumberRange other) => Start <= other.End && other.Start <= End;

    /// <summary>The first number both ranges hold; the caller checks <see cref="Overlaps"/> first.</summary>
    public E164Number FirstSharedWith(NumberRange other) =>
        Overlaps(other) ? (Start > other.Start ? Start : other.Start) : throw new InvalidOperationException("The ranges do not overlap.");

    public IEnumerable<E164Number> Numbers()
    {
        for (var v = Start.Value; v <= End.Value; v++) yield return E164Number.FromValue(v);
    }

    public override string ToString() => Start == End ? Start.ToString() : $"{Start}-{End}";
}
