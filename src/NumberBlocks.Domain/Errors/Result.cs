namespace NumberBlocks.Domain.Errors;

/// <summary>
/// The outcome of parsing or applying user input: a value, or one or more <see cref="DomainError"/>s.
/// Programmer errors throw instead; a Result never carries an exception.
/// </summary>
public readonly struct Result<T>
{
    private readonly T? _value;
    private readonly IReadOnlyList<DomainError>? _errors;

    private Result(T value) { _value = value; _errors = null; }
    private Result(IReadOnlyList<DomainError> errors)
    {
        if (errors.Count == 0) throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        _value = default;
        _errors = errors;
    }

    public bool IsSuccess => _errors is null;
    public bool IsFailure => _errors is not null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {_errors![0].Code} {_errors[0].Detail}");

    public IReadOnlyList<DomainError> Errors => _errors ?? [];

    public DomainError FirstError => _errors is { Count: > 0 } e ? e[0] : throw new InvalidOperationException("The result succeeded.");

    public static Result<T> Ok(T value) => new(value);
    public static Result<T> Fail(DomainError error) => new([error]);
    public static Result<T> Fail(IReadOnlyList<DomainError> errors) => new(errors);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(DomainError error) => Fail(error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? Result<TOut>.Ok(map(Value)) : Result<TOut>.Fail(Errors);
    public Result<TOut> Bind<TOut>(Func<T, Result<TOut>> bind) => IsSuccess ? bind(Value) : Result<TOut>.Fail(Errors);
    public Result<T> Under(string pointerPrefix) => IsSuccess ? this : Fail(Errors.Select(e => e.Under(pointerPrefix)).ToList());
}

public static class Result
{
    public static Result<T> Ok<T>(T value) => Result<T>.Ok(value);
}
