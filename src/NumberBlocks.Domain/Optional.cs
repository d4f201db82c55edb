namespace NumberBlocks.Domain;

/// <summary>
/// A value that may not have been given at all, as distinct from one given as null: a PATCH keeps every field it was
/// not sent and sets (or clears) every field it was.
/// </summary>
public readonly record struct Optional<T>(bool IsSet, T Value)
{
    public static Optional<T> Unset => default;

    /// <summary>The given value, or <paramref name="current"/> when nothing was given.</summary>
    public T Or(T current) => IsSet ? Value : current;

    public static implicit operator Optional<T>(T value) => new(true, value);
}
