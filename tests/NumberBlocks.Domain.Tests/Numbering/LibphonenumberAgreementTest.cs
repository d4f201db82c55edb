using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using NumberBlocks.Domain.Numbering;
using PhoneNumbers;
using LibType = PhoneNumbers.PhoneNumberType;

namespace NumberBlocks.Domain.Tests.Numbering;

/// <summary>
/// Property tests: over libphonenumber's example number of every region and type, varied in their trailing digits
/// (and one digit shorter or longer), our validity, region and type equal libphonenumber's, except where a rule of
/// <see cref="NumberPolicy"/> (or seed 000's 7–15 digits) says otherwise, and then the rule's pattern covers the number.
/// </summary>
public class LibphonenumberAgreementTest
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Every example number libphonenumber has: (region or "001", E.164 digits without '+', calling code).</summary>
    private static readonly (string Region, LibType Type, string Digits, int CallingCode)[] Examples = BuildExamples();

    private static (string, LibType, string, int)[] BuildExamples()
    {
        var examples = new List<(string, LibType, string, int)>();
        foreach (var region in Util.GetSupportedRegions().Order(StringComparer.Ordinal))
            foreach (var type in Enum.GetValues<LibType>().Where(t => t != LibType.UNKNOWN))
                if (Util.GetExampleNumberForType(region, type) is { } example)
                    examples.Add((region, type, Util.Format(example, PhoneNumberFormat.E164)[1..], example.CountryCode));
        foreach (var code in Util.GetSupportedGlobalNetworkCallingCodes())
            if (Util.GetExampleNumberForNonGeoEntity(code) is { } example)
                examples.Add(("001", Util.GetNumberType(example), Util.Format(example, PhoneNumberFormat.E164)[1..], code));
        return [.. examples];
    }

    /// <summary>An example varied: its last <c>k</c> digits replaced, then maybe one digit dropped or added.</summary>
    private static readonly Gen<(int Example, string Digits)> Varied =
        Gen.Select(Gen.Int[0, Examples.Length - 1], Gen.Int[1, 12], Gen.Int[0, 9].Array[13], Gen.Int[0, 3], (index, k, replacement, shape) =>
        {
            var (_, _, digits, code) = Examples[index];
            var keep = Math.Max(code.ToString(CultureInfo.InvariantCulture).Length + 1, digits.Length - k);
            var varied = digits[..keep] + string.Concat(replacement.Take(digits.Length - keep));
            varied = shape switch { 0 => varied[..^1], 1 => varied + replacement[12], _ => varied };
            return (index, varied);
        });

    [Fact]
    public void Place_EveryExampleNumber_AgreesWithLibphonenumber()
    {
        var tally = new ConcurrentDictionary<string, int>();
        foreach (var (region, type, digits, code) in Examples)
            Assert.Equal("", Disagreement(digits, code, tally));
        Report("examples", tally);
        Assert.True(tally.GetValueOrDefault("agree: valid") > 1300, "most examples are valid, placed numbers");
    }

    [Fact]
    public void Place_VariedExampleNumbers_AgreeWithLibphonenumberExceptWherePolicySaysOtherwise()
    {
        var tally = new ConcurrentDictionary<string, int>();
        Varied.Sample((index, digits) => Disagreement(digits, Examples[index].CallingCode, tally) == "",
            iter: 60_000, seed: "0N0XIzNsQ0O2", threads: 1);
        Report("varied examples", tally);
        Assert.True(tally.GetValueOrDefault("agree: valid") > 10_000);
        Assert.True(tally.GetValueOrDefault("agree: invalid") > 10_000);
    }

    [Fact]
    public void PlaceRange_AroundExampleNumbers_AgreesWithPlacingEveryNumber()
    {
        // Ranges from a placed number (a varied example) over up to 10,000 numbers, so that many cross the edge of a
        // number range of the plan: into another type, region or length rule, or out of the plan.
        var placedVariant = Varied.Where((_, digits) =>
            E164Number.Parse("+" + digits, "/x") is { IsSuccess: true } n && NumberingPlan.Place(n.Value, "/x").IsSuccess);
        var gen = Gen.Select(placedVariant, Gen.Int[1, 4], Gen.Int[1, 10], Gen.Int[0, 3],
            (varied, magnitude, blocks, extra) => (varied.Item2, magnitude, blocks, extra));
        var tally = new ConcurrentDictionary<string, int>();
        gen.Sample((digits, magnitude, blocks, extra) =>
        {
            var size = (long)Math.Pow(10, magnitude);
            var value = long.Parse(digits, CultureInfo.InvariantCulture);
            var start = extra == 0 ? value : value / size * size;
            var end = start + Math.Min(10_000, size * blocks) - 1 + extra;
            if (!E164Number.IsValidValue(start) || !E164Number.IsValidValue(end)) return true;
            var (s, e) = (E164Number.FromValue(start), E164Number.FromValue(end));
            if (s.DigitCount != e.DigitCount) return true;
            var range = NumberRange.Of(s, e);

            var expected = BruteForce(range);
            var actual = NumberingPlan.PlaceRange(range, "/start", "/end");
            tally.AddOrUpdate(expected.Kind, 1, (_, n) => n + 1);
            return expected.Kind switch
            {
                "whole range placed" => actual.IsSuccess && actual.Value == expected.Placement,
                "first number refused" => actual.IsFailure && actual.FirstError.Pointer == "/start",
                _ => actual.IsFailure && actual.FirstError.Pointer == "/end"
                     && actual.FirstError.Detail.Contains(expected.Differing + (expected.Kind == "runs into refused numbers" ? "." : ","), StringComparison.Ordinal),
            };
        }, iter: 3_000, seed: "0wVhs5fK4QU3", threads: 1);
        Report("ranges", tally);
        Assert.True(tally.GetValueOrDefault("whole range placed") > 500);
        // The sample is random per run (the seed replays a failure, it does not fix the sample): bounds with room.
        Assert.True(tally.GetValueOrDefault("runs into refused numbers") > 25);
        Assert.True(tally.GetValueOrDefault("runs into another country or type") > 3);
    }

    private static (string Kind, NumberPlacement? Placement, string? Differing) BruteForce(NumberRange range)
    {
        var first = NumberingPlan.Place(range.Start, "/start");
        if (first.IsFailure) return ("first number refused", null, null);
        foreach (var number in range.Numbers())
        {
            var placed = NumberingPlan.Place(number, "/x");
            if (placed.IsFailure) return ("runs into refused numbers", null, number.ToString());
            if (placed.Value != first.Value) return ("runs into another country or type", null, number.ToString());
        }
        return ("whole range placed", first.Value, null);
    }

    /// <summary>"" when our answer for +<paramref name="digits"/> is libphonenumber's or a listed rule's; else what differs.</summary>
    private static string Disagreement(string digits, int callingCode, ConcurrentDictionary<string, int> tally)
    {
        void Count(string outcome) => tally.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        var national = digits[callingCode.ToString(CultureInfo.InvariantCulture).Length..];
        var phone = new PhoneNumber.Builder().SetCountryCode(callingCode).SetNationalNumber(ulong.Parse(national, CultureInfo.InvariantCulture));
        var zeros = national.Length - Math.Max(1, national.TrimStart('0').Length);
        if (zeros > 0) phone.SetNumberOfLeadingZeros(zeros);
        var number = phone.Build();
        var valid = Util.IsValidNumber(number);
        var region = Util.GetRegionCodeForNumber(number);
        var type = Util.GetNumberType(number);

        var parsed = E164Number.Parse("+" + digits, "/x");
        if (parsed.IsFailure)
        {
            Count(valid ? "policy: seed 000 allows 7 to 15 digits" : "agree: invalid");
            return digits.Length is < E164Number.MinDigits or > E164Number.MaxDigits ? "" : $"+{digits}: E.164 refused";
        }
        var ours = NumberingPlan.Place(parsed.Value, "/x");
        if (!valid)
        {
            Count("agree: invalid");
            return ours.IsFailure ? "" : $"+{digits}: libphonenumber says invalid, we place {ours.Value}";
        }
        if (region == PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY)
        {
            Count("policy: global service codes");
            return ours.IsFailure ? "" : $"+{digits}: a global service number placed as {ours.Value}";
        }
        var rule = NumberPolicy.Rules.FirstOrDefault(r => r.CallingCode == callingCode && Regex.IsMatch(national, $"^(?:{r.NationalNumberPattern})$"));
        if (ours.IsFailure)
        {
            Count(rule is { Action: PolicyAction.Refuse } ? $"policy: {rule.Id}" : "DISAGREE: refused");
            return rule is { Action: PolicyAction.Refuse } ? "" : $"+{digits}: valid {region} {type}, refused: {ours.FirstError.Detail}";
        }
        if (ours.Value.CountryCode != region) { Count("DISAGREE: region"); return $"+{digits}: region {region}, ours {ours.Value.CountryCode}"; }
        if (ours.Value.Type.ToLibphonenumber() == type && rule is null) { Count("agree: valid"); return ""; }
        if (rule is { Action: PolicyAction.Retype } && ours.Value.Type == rule.Type) { Count($"policy: {rule.Id}"); return ""; }
        Count("DISAGREE: type");
        return $"+{digits}: type {type}, ours {ours.Value.Type}";
    }

    private static void Report(string what, ConcurrentDictionary<string, int> tally)
    {
        var lines = tally.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"  {kv.Key}: {kv.Value:N0}");
        TestContext.Current.TestOutputHelper?.WriteLine($"Agreement over {what} ({tally.Values.Sum():N0} numbers, {Examples.Length:N0} examples):\n{string.Join("\n", lines)}");
        Assert.DoesNotContain(tally.Keys, k => k.StartsWith("DISAGREE", StringComparison.Ordinal));
    }
}
