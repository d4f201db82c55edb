namespace NumberBlocks.Domain.Numbering;

/// <summary>The kinds of number NumberBlocks places, named after the Telnyx <c>phone_number_type</c> enum.</summary>
public enum PhoneNumberType
{
    Local,
    Mobile,
    National,
    SharedCost,
    TollFree,
    Landline,
}

/// <summary>The wire names of <see cref="PhoneNumberType"/>: exact lowercase strings, as Telnyx spells them.</summary>
public static class PhoneNumberTypes
{
    // Indexed by the enum value; the order must follow the enum declaration.
    private static readonly string[] Names = ["local", "mobile", "national", "shared_cost", "toll_free", "landline"];

    /// <summary>Every wire name, in enum order.</summary>
    public static IReadOnlyList<string> WireNames { get; } = Array.AsReadOnly(Names);

    /// <summary>The wire name of <paramref name="type"/>; a value outside the enum is a programmer error.</summary>
    public static string ToWire(this PhoneNumberType type) =>
        (uint)type < (uint)Names.Length
            ? Names[(int)type]
            : throw new ArgumentOutOfRangeException(nameof(type), type, "Not a defined phone number type.");

    /// <summary>Reads a wire name; only the exact lowercase names are accepted ("Mobile", " mobile" and "1" are not).</summary>
    public static bool TryParseWire(string? text, out PhoneNumberType type)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(text, Names[i], StringComparison.Ordinal))
            {
                type = (PhoneNumberType)i;
                return true;
            }
        }
        type = default;
        return false;
    }
}
