namespace NumberBlocks.Domain.Numbering.Plans;

/// <summary>
/// The national significant number: the digits after the country calling code, held as an integer and a length
/// so that leading zeros (possible in hostile input such as +1 0...) still count as digits.
/// </summary>
internal readonly struct NationalNumber
{
    private static readonly long[] Pow10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
    ];

    public NationalNumber(long value, int length)
    {
        Value = value;
        Length = length;
    }

    public long Value { get; }

    public int Length { get; }

    /// <summary>The first <paramref name="count"/> digits as an integer (count ≤ Length, at most 9).</summary>
    public int Leading(int count) => (int)(Value / Pow10[Length - count]);

    /// <summary>The national part of <paramref name="number"/> after a calling code of <paramref name="callingCodeDigits"/> digits.</summary>
    public static NationalNumber After(E164Number number, int callingCodeDigits)
    {
        var length = number.DigitCount - callingCodeDigits;
        return new NationalNumber(number.Value % Pow10[length], length);
    }

    /// <summary>The first <paramref name="count"/> digits as text, keeping leading zeros.</summary>
    public string LeadingText(int count) =>
        string.Create(count, Leading(count), static (span, value) =>
        {
            for (var i = span.Length - 1; i >= 0; i--) { span[i] = (char)('0' + value % 10); value /= 10; }
        });
}

/// <summary>What a national plan says about one number: placed (country, type, area-code length) or refused (why).</summary>
internal readonly struct PlanAnswer
{
    private PlanAnswer(string? countryCode, PhoneNumberType type, int areaCodeLength, string? refusal)
    {
        CountryCode = countryCode;
        Type = type;
        AreaCodeLength = areaCodeLength;
        Refusal = refusal;
    }

    public string? CountryCode { get; }
    public PhoneNumberType Type { get; }
    /// <summary>How many leading national digits form the area code; 0 when the number is not geographic.</summary>
    public int AreaCodeLength { get; }
    /// <summary>Why the number cannot be placed, as the end of a sentence; null when it was placed.</summary>
    public string? Refusal { get; }

    public static PlanAnswer Placed(string countryCode, PhoneNumberType type, int areaCodeLength = 0) =>
        new(countryCode, type, areaCodeLength, null);

    public static PlanAnswer Refused(string why) => new(null, default, 0, why);
}

internal enum RowKind
{
    /// <summary>The numbers are of one type, not geographic.</summary>
    Placed,
    /// <summary>Geographic numbers: the plan works out the area code.</summary>
    Geographic,
    /// <summary>The numbers exist but are outside <see cref="PhoneNumberType"/> or not allocated.</summary>
    Refused,
}

/// <summary>One row of a national plan: numbers whose national significant number starts with <see cref="Prefix"/>.</summary>
internal sealed class PlanRow
{
    private PlanRow(string prefix, RowKind kind, PhoneNumberType type, int[] lengths, string what, string? countryCode)
    {
        if (prefix.Length is < 1 or > 9) throw new ArgumentException("A plan prefix has 1 to 9 digits.", nameof(prefix));
        var value = 0;
        foreach (var c in prefix)
            value = c is >= '0' and <= '9' ? value * 10 + (c - '0') : throw new ArgumentException($"Not a digit prefix: {prefix}", nameof(prefix));
        foreach (var length in lengths)
            LengthMask |= length is >= 1 and <= 15 ? 1 << length : throw new ArgumentException($"Bad length {length}.", nameof(lengths));
        Prefix = value;
        PrefixLength = prefix.Length;
        Kind = kind;
        Type = type;
        Lengths = lengths;
        What = what;
        CountryCode = countryCode;
    }

    public int Prefix { get; }
    public int PrefixLength { get; }
    public RowKind Kind { get; }
    public PhoneNumberType Type { get; }
    /// <summary>The lengths of national significant number the range allows, as bits (1 &lt;&lt; length).</summary>
    private int LengthMask { get; }
    private int[] Lengths { get; }
    /// <summary>What the numbers are ("German mobile numbers (015x)"), or for a refused row why they cannot be placed.</summary>
    public string What { get; }
    /// <summary>A country other than the plan's own (Isle of Man inside +44); null for the plan's country.</summary>
    public string? CountryCode { get; }

    public static PlanRow Place(string prefix, PhoneNumberType type, string what, params int[] lengths) =>
        new(prefix, RowKind.Placed, type, lengths, what, null);

    public static PlanRow PlaceIn(string countryCode, string prefix, PhoneNumberType type, string what, params int[] lengths) =>
        new(prefix, RowKind.Placed, type, lengths, what, countryCode);

    public static PlanRow Geographic(string prefix, string what, params int[] lengths) =>
        new(prefix, RowKind.Geographic, PhoneNumberType.Local, lengths, what, null);

    public static PlanRow GeographicIn(string countryCode, string prefix, string what, params int[] lengths) =>
        new(prefix, RowKind.Geographic, PhoneNumberType.Local, lengths, what, countryCode);

    public static PlanRow Refuse(string prefix, string why) => new(prefix, RowKind.Refused, default, [], why, null);

    public bool Matches(NationalNumber number) => PrefixLength <= number.Length && number.Leading(PrefixLength) == Prefix;

    public bool AllowsLength(int length) => (LengthMask & (1 << length)) != 0;

    /// <summary>Why a number of this row with the wrong length is refused.</summary>
    public string WrongLength(NationalNumber number) =>
        $"{What} have {string.Join(" or ", Lengths)} digits after the country code, this one has {number.Length}";
}

/// <summary>
/// A national plan as prefix rows; the longest matching prefix wins. Lookup is a scan of a few dozen rows with
/// integer compares: no allocation, no regex.
/// </summary>
internal sealed class PlanTable
{
    /// <summary>Works out the area-code length of a geographic number; 0 when its area code is not allocated.</summary>
    public delegate int AreaCodeRule(NationalNumber number);

    private readonly PlanRow[] _rows;
    private readonly string _countryCode;
    private readonly string _nationalPrefixName;
    private readonly AreaCodeRule? _areaCode;

    /// <param name="countryCode">ISO 3166-1 alpha-2 code every placed number gets.</param>
    /// <param name="nationalPrefixName">Used in refusals: "German", "Dutch". Every tabled plan dials national numbers after trunk prefix 0.</param>
    /// <param name="areaCode">The rule for <see cref="RowKind.Geographic"/> rows.</param>
    /// <param name="rows">The plan; order does not matter.</param>
    public PlanTable(string countryCode, string nationalPrefixName, AreaCodeRule? areaCode, params PlanRow[] rows)
    {
        _countryCode = countryCode;
        _nationalPrefixName = nationalPrefixName;
        _areaCode = areaCode;
        _rows = (PlanRow[])rows.Clone();
        // Longest prefix first, so the first match is the most specific row.
        Array.Sort(_rows, static (a, b) => b.PrefixLength.CompareTo(a.PrefixLength));
    }

    public PlanRow? Find(NationalNumber number)
    {
        foreach (var row in _rows)
            if (row.Matches(number)) return row;
        return null;
    }

    /// <summary>Finds the row of <paramref name="number"/> and applies it.</summary>
    public PlanAnswer Place(NationalNumber number)
    {
        var row = Find(number);
        if (row is null)
            return PlanAnswer.Refused($"no {_nationalPrefixName} number range starts with 0{number.LeadingText(Math.Min(number.Length, 3))}");
        if (row.Kind == RowKind.Refused) return PlanAnswer.Refused(row.What);
        if (!row.AllowsLength(number.Length)) return PlanAnswer.Refused(row.WrongLength(number));
        var countryCode = row.CountryCode ?? _countryCode;
        if (row.Kind == RowKind.Placed) return PlanAnswer.Placed(countryCode, row.Type);

        var areaCodeLength = _areaCode is null ? 0 : _areaCode(number);
        if (areaCodeLength == 0 || areaCodeLength >= number.Length)
            return PlanAnswer.Refused($"it has the form of {row.What}, but it is not under an allocated area code");
        return PlanAnswer.Placed(countryCode, PhoneNumberType.Local, areaCodeLength);
    }
}

/// <summary>Builds the lookup arrays the plans use instead of sets, so a lookup is one array read.</summary>
internal static class PlanData
{
    public static bool[] Mark(int size, params int[] codes)
    {
        var marks = new bool[size];
        foreach (var code in codes) marks[code] = true;
        return marks;
    }
}
