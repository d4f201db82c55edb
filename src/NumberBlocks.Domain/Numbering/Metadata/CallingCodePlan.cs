using PhoneNumbers;
using LibType = PhoneNumbers.PhoneNumberType;

namespace NumberBlocks.Domain.Numbering.Metadata;

/// <summary>
/// What the plan says about one national significant number: the region it belongs to, libphonenumber's type for it,
/// and the policy rule that overrides it, if any.
/// </summary>
/// <param name="Region">Index into <see cref="CallingCodePlan.Regions"/>; −1 when no region of the calling code claims it.</param>
/// <param name="Type">libphonenumber's type; <see cref="LibType.UNKNOWN"/> when the number is not valid.</param>
/// <param name="Policy">Index into <see cref="CallingCodePlan.Policy"/> of the rule that applies; −1 for none.</param>
internal readonly record struct PlanOutcome(int Region, LibType Type, int Policy)
{
    public bool IsValid => Region >= 0 && Type != LibType.UNKNOWN;
}

/// <summary>A range's verdict: the outcome of its first number and the first number whose outcome differs, if any.</summary>
internal readonly record struct RangeVerdict(PlanOutcome First, long? DifferingNationalNumber, PlanOutcome Differing);

/// <summary>
/// One country calling code's numbering plan, read from libphonenumber's metadata and compiled to digit automata:
/// every pattern of every region sharing the code (libphonenumber's region order, main country first), plus the
/// policy patterns of <see cref="NumberPolicy"/> for the code. <see cref="Classify"/> reproduces libphonenumber's
/// GetRegionCodeForNumber / GetNumberType / IsValidNumber for one number; <see cref="Analyse"/> does the same for a
/// whole range, prefix by prefix, and names the first number whose answer differs from the range's first number.
/// Thread-safe: calls are serialised on the plan (each is microseconds).
/// </summary>
internal sealed class CallingCodePlan
{
    private const LibType Mixed = (LibType)(-1);
    private static readonly PlanOutcome MixedOutcome = new(-2, Mixed, -1);

    private readonly Lock _gate = new();
    private readonly List<DigitAutomaton> _automata = [];
    private readonly Dictionary<(string, bool), int> _automatonIndex = [];
    private readonly List<Component> _components = [];
    private readonly Walker _walker;
    private int _length;

    public CallingCodePlan(PhoneNumberUtil util, int callingCode, IReadOnlyList<string> regionCodes, IReadOnlyList<PolicyRule> policy)
    {
        CallingCode = callingCode;
        CallingCodeDigits = callingCode.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        Regions = regionCodes.Select(code => BuildRegion(code, util.GetMetadataForRegion(code))).ToArray();
        Policy = policy.Select(rule => (rule, Component: AddComponent(rule.NationalNumberPattern, [], prefixOnly: false))).ToArray();
        _walker = new Walker(_automata);
    }

    public int CallingCode { get; }
    public int CallingCodeDigits { get; }
    public IReadOnlyList<RegionPlan> Regions { get; }
    public IReadOnlyList<(PolicyRule Rule, int Component)> Policy { get; }

    /// <summary>The outcome for the national significant number <paramref name="nationalNumber"/> of <paramref name="length"/> digits.</summary>
    public PlanOutcome Classify(long nationalNumber, int length)
    {
        lock (_gate)
        {
            _length = length;
            _walker.Load(nationalNumber, length);
            return Evaluate(length, 0);
        }
    }

    /// <summary>
    /// The verdict on every national number from <paramref name="first"/> to <paramref name="last"/> (both of
    /// <paramref name="length"/> digits): the range is cut into aligned blocks (a prefix and k free digits), each
    /// judged at once when every pattern the verdict depends on accepts all or none of the block; only blocks where a
    /// pattern splits are looked into, digit by digit.
    /// </summary>
    public RangeVerdict Analyse(long first, long last, int length)
    {
        lock (_gate)
        {
            _length = length;
            _walker.Load(first, length);
            var reference = Evaluate(length, 0);
            // Most ranges lie in one block of their common prefix that the plan treats alike: one look settles them.
            var common = length;
            long span = 1;
            while (common > 0 && first / span != last / span)
            {
                span *= 10;
                common--;
            }
            _walker.Load(first / span, common);
            if (Evaluate(common, length - common) == reference) return new RangeVerdict(reference, null, default);
            var cursor = first;
            while (cursor <= last)
            {
                var free = 0;
                long size = 1;
                while (free < length && cursor % (size * 10) == 0 && cursor + size * 10 - 1 <= last)
                {
                    size *= 10;
                    free++;
                }
                _walker.Load(cursor / size, length - free);
                if (FindDiffering(length - free, free, cursor / size, reference) is { } found)
                    return new RangeVerdict(reference, found.Number, found.Outcome);
                cursor += size;
            }
            return new RangeVerdict(reference, null, default);
        }
    }

    private (long Number, PlanOutcome Outcome)? FindDiffering(int prefixLength, int free, long prefix, PlanOutcome reference)
    {
        var outcome = Evaluate(prefixLength, free);
        if (outcome != MixedOutcome)
            return outcome == reference ? null : (prefix * Pow10(free), outcome);
        for (var d = 0; d <= 9; d++)
        {
            _walker.SetDigit(prefixLength, d);
            if (FindDiffering(prefixLength + 1, free - 1, prefix * 10 + d, reference) is { } found) return found;
        }
        throw new InvalidOperationException("A block split by a pattern holds no number that differs.");
    }

    /// <summary>libphonenumber's decision, over the block of numbers the walker holds (a prefix and <paramref name="free"/> digits).</summary>
    private PlanOutcome Evaluate(int prefixLength, int free)
    {
        var region = 0;
        if (Regions.Count > 1)
        {
            // PhoneNumberUtil.GetRegionCodeForNumberFromRegionList: leading digits if the region has them, else full validation.
            region = -1;
            for (var i = 0; i < Regions.Count; i++)
            {
                var r = Regions[i];
                if (r.LeadingDigits >= 0)
                {
                    var leading = Status(r.LeadingDigits, prefixLength, free);
                    if (leading == Coverage.Mixed) return MixedOutcome;
                    if (leading == Coverage.All) { region = i; break; }
                }
                else
                {
                    var t = TypeOf(r, prefixLength, free);
                    if (t == Mixed) return MixedOutcome;
                    if (t != LibType.UNKNOWN) { region = i; break; }
                }
            }
            if (region < 0) return new PlanOutcome(-1, LibType.UNKNOWN, -1);
        }
        var type = TypeOf(Regions[region], prefixLength, free);
        if (type == Mixed) return MixedOutcome;
        if (type == LibType.UNKNOWN) return new PlanOutcome(region, type, -1);
        // Our stricter rules apply to valid numbers only: they can refuse or retype, never accept.
        for (var p = 0; p < Policy.Count; p++)
        {
            var applies = Status(Policy[p].Component, prefixLength, free);
            if (applies == Coverage.Mixed) return MixedOutcome;
            if (applies == Coverage.All) return new PlanOutcome(region, type, p);
        }
        return new PlanOutcome(region, type, -1);
    }

    /// <summary>PhoneNumberUtil.GetNumberTypeHelper, in its order of checks.</summary>
    private LibType TypeOf(RegionPlan region, int prefixLength, int free)
    {
        if (region.General < 0) return LibType.UNKNOWN;
        var general = Status(region.General, prefixLength, free);
        if (general != Coverage.All) return general == Coverage.Mixed ? Mixed : LibType.UNKNOWN;
        foreach (var (type, component) in region.Special)
        {
            var s = Status(component, prefixLength, free);
            if (s == Coverage.Mixed) return Mixed;
            if (s == Coverage.All) return type;
        }
        var fixedLine = Status(region.FixedLine, prefixLength, free);
        if (fixedLine == Coverage.Mixed) return Mixed;
        if (fixedLine == Coverage.All)
        {
            if (region.SameMobileAndFixedLinePattern) return LibType.FIXED_LINE_OR_MOBILE;
            var alsoMobile = Status(region.Mobile, prefixLength, free);
            return alsoMobile == Coverage.Mixed ? Mixed : alsoMobile == Coverage.All ? LibType.FIXED_LINE_OR_MOBILE : LibType.FIXED_LINE;
        }
        if (region.SameMobileAndFixedLinePattern) return LibType.UNKNOWN;
        var mobile = Status(region.Mobile, prefixLength, free);
        return mobile == Coverage.Mixed ? Mixed : mobile == Coverage.All ? LibType.MOBILE : LibType.UNKNOWN;
    }

    /// <summary>Whether a pattern (with its possible lengths) accepts all, none or some of the block.</summary>
    private Coverage Status(int component, int prefixLength, int free)
    {
        if (component < 0) return Coverage.None;
        var c = _components[component];
        if (c.LengthMask != 0 && (c.LengthMask & (1 << _length)) == 0) return Coverage.None;
        var automaton = _automata[c.Automaton];
        return automaton.Cover(_walker.State(prefixLength, c.Automaton), free);
    }

    private RegionPlan BuildRegion(string code, PhoneMetadata metadata)
    {
        int Desc(PhoneNumberDesc desc) =>
            desc.HasNationalNumberPattern && desc.NationalNumberPattern.Length > 0 && !desc.PossibleLengthList.Contains(-1)
                ? AddComponent(desc.NationalNumberPattern, desc.PossibleLengthList, prefixOnly: false)
                : -1;
        var special = new (LibType, PhoneNumberDesc)[]
        {
            (LibType.PREMIUM_RATE, metadata.PremiumRate), (LibType.TOLL_FREE, metadata.TollFree),
            (LibType.SHARED_COST, metadata.SharedCost), (LibType.VOIP, metadata.Voip),
            (LibType.PERSONAL_NUMBER, metadata.PersonalNumber), (LibType.PAGER, metadata.Pager),
            (LibType.UAN, metadata.Uan), (LibType.VOICEMAIL, metadata.Voicemail),
        }.Select(s => (s.Item1, Desc(s.Item2))).Where(s => s.Item2 >= 0).ToArray();
        return new RegionPlan(
            code,
            metadata.HasLeadingDigits ? AddComponent(metadata.LeadingDigits, [], prefixOnly: true) : -1,
            metadata.GeneralDesc.HasNationalNumberPattern ? Desc(metadata.GeneralDesc) : -1,
            special,
            Desc(metadata.FixedLine),
            Desc(metadata.Mobile),
            metadata.SameMobileAndFixedLinePattern,
            metadata.GeneralDesc.PossibleLengthList.Where(l => l > 0).Order().ToArray());
    }

    private int AddComponent(string pattern, IList<int> possibleLengths, bool prefixOnly)
    {
        if (!_automatonIndex.TryGetValue((pattern, prefixOnly), out var automaton))
        {
            automaton = _automata.Count;
            _automata.Add(DigitAutomaton.Compile(pattern, prefixOnly));
            _automatonIndex.Add((pattern, prefixOnly), automaton);
        }
        var mask = 0;
        foreach (var length in possibleLengths)
            if (length is > 0 and < 31) mask |= 1 << length;
        _components.Add(new Component(automaton, mask));
        return _components.Count - 1;
    }

    internal static long Pow10(int exponent)
    {
        long value = 1;
        for (var i = 0; i < exponent; i++) value *= 10;
        return value;
    }

    /// <summary>A pattern and the national-number lengths it applies to (bit l for length l; 0 for any length).</summary>
    private readonly record struct Component(int Automaton, int LengthMask);

    /// <summary>
    /// The digits of the block being judged and, per prefix length, the state each automaton is in after reading
    /// that many of them; states are computed on demand and kept until a digit before them changes.
    /// </summary>
    private sealed class Walker
    {
        private readonly IReadOnlyList<DigitAutomaton> _automata;
        private readonly int[] _digits = new int[16];
        private readonly int[][] _states;
        private readonly int[][] _stamps;
        private readonly int[] _levelStamp = new int[17];
        private int _clock;

        public Walker(IReadOnlyList<DigitAutomaton> automata)
        {
            _automata = automata;
            _states = new int[17][];
            _stamps = new int[17][];
            for (var i = 0; i < 17; i++)
            {
                _states[i] = new int[automata.Count];
                _stamps[i] = new int[automata.Count];
            }
        }

        /// <summary>Holds the first <paramref name="prefixLength"/> digits of <paramref name="prefix"/> (a number of that many digits).</summary>
        public void Load(long prefix, int prefixLength)
        {
            for (var i = prefixLength - 1; i >= 0; i--)
            {
                var digit = (int)(prefix % 10);
                prefix /= 10;
                if (_digits[i] != digit || _levelStamp[i + 1] == 0) Invalidate(i, digit);
            }
        }

        public void SetDigit(int position, int digit)
        {
            if (_digits[position] != digit || _levelStamp[position + 1] == 0) Invalidate(position, digit);
        }

        private void Invalidate(int position, int digit)
        {
            _digits[position] = digit;
            for (var level = position + 1; level <= 16; level++) _levelStamp[level] = ++_clock;
        }

        public int State(int level, int automaton)
        {
            if (level == 0) return _automata[automaton].Start;
            if (_stamps[level][automaton] == _levelStamp[level]) return _states[level][automaton];
            var state = _automata[automaton].Step(State(level - 1, automaton), _digits[level - 1]);
            _states[level][automaton] = state;
            _stamps[level][automaton] = _levelStamp[level];
            return state;
        }
    }
}

/// <summary>One region's patterns, as component indexes (−1: the region has no such numbers).</summary>
internal sealed record RegionPlan(
    string Code,
    int LeadingDigits,
    int General,
    IReadOnlyList<(LibType Type, int Component)> Special,
    int FixedLine,
    int Mobile,
    bool SameMobileAndFixedLinePattern,
    IReadOnlyList<int> PossibleLengths);
