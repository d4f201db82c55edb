using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Domain.Tests.Porting;

public class PortingBlockSpecTest
{
    private static RawRange R(string s, string e) => new(s, e);

    [Fact]
    public void Parse_GuideExample2_ActivatesExactly000To064And087()
    {
        var spec = PortingBlockSpec.Parse(R("+4920123456000", "+4920123456099"),
            [R("+4920123456087", "+4920123456087"), R("+4920123456000", "+4920123456064")]).Value;
        var active = spec.Range.Numbers().Where(spec.IsActivated).Select(n => n.Value - 4920123456000).ToList();
        Assert.Equal(66, active.Count);
        Assert.Equal(Enumerable.Range(0, 65).Select(i => (long)i).Append(87), active);
        Assert.Equal("DE", spec.Placement.CountryCode);
        Assert.Equal(PhoneNumberType.Local, spec.Placement.Type);
        Assert.Equal(spec.ActivationRanges.OrderBy(r => r.Start), spec.ActivationRanges); // kept sorted
    }

    [Fact]
    public void Parse_GuideExample1_Is1000NumbersWith776Active()
    {
        var spec = PortingBlockSpec.Parse(R("+4920123456000", "+4920123456999"), [R("+4920123456000", "+4920123456775")]).Value;
        Assert.Equal(1000, spec.Range.Count);
        Assert.Equal(776, spec.Range.Numbers().Count(spec.IsActivated));
    }

    [Fact]
    public void Parse_1001Numbers_IsTooLarge()
    {
        var result = PortingBlockSpec.Parse(R("+4920123456000", "+4920123457000"), []);
        Assert.Contains(result.Errors, e => e.Code == ErrorCodes.BlockTooLarge && e.Pointer == "/phone_number_range/end_at");
    }

    [Fact]
    public void Parse_GuideInvalidExample_ActivationBeyondTheBlock()
    {
        // Seed 001: block 000-010 with activation 000-100 "would be considered invalid".
        var result = PortingBlockSpec.Parse(R("+4920123456000", "+4920123456010"), [R("+4920123456000", "+4920123456100")]);
        Assert.Equal(ErrorCodes.ActivationRangeOutsideBlock, result.FirstError.Code);
        Assert.Equal("/activation_ranges/0/end_at", result.FirstError.Pointer);
    }

    [Fact]
    public void Parse_GuideInvalidExample_OverlappingActivationRanges()
    {
        // Seed 001: "you cannot enter the ranges +4920123456005 - +4920123456012 and +4920123456007 - +4920123456014".
        var result = PortingBlockSpec.Parse(R("+4920123456000", "+4920123456099"),
            [R("+4920123456005", "+4920123456012"), R("+4920123456007", "+4920123456014")]);
        Assert.Equal(ErrorCodes.ActivationRangesOverlap, result.FirstError.Code);
        Assert.Equal("/activation_ranges/1", result.FirstError.Pointer);
        Assert.Contains("+4920123456007", result.FirstError.Detail);
    }

    [Fact]
    public void Parse_SeveralBrokenRules_ReportsEach()
    {
        var result = PortingBlockSpec.Parse(R("+4920123456000", "+4920123456099"),
            [R("bad", "+4920123456001"), R("+4920123456050", "+4920123456040"), null]);
        Assert.Equal(["/activation_ranges/0/start_at", "/activation_ranges/1/start_at", "/activation_ranges/2"], result.Errors.Select(e => e.Pointer));
    }

    [Fact]
    public void Parse_BlockSpanningTwoTypes_IsRefused()
    {
        // +49 1512 (mobile) to +49 1602 is not one block.
        var result = PortingBlockSpec.Parse(R("+4915112345600", "+4916012345600"), []);
        Assert.True(result.IsFailure);
    }

    [Fact]
    public void Parse_BlockIntoAnotherCountry_IsRefusedNamingTheFirstNumberThatDiffers()
    {
        // UK mobiles up to +44 7911 099999, Guernsey's from +44 7911 100000.
        var result = PortingBlockSpec.Parse(R("+447911099500", "+447911100499"), []);
        Assert.Equal((ErrorCodes.BlockMixedPlan, "/phone_number_range/end_at"), (result.FirstError.Code, result.FirstError.Pointer));
        Assert.Contains("+447911100000, the first number that differs, is GG mobile", result.FirstError.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BlockRunningOutOfThePlan_IsUnplaceableNamingTheFirstRefusedNumber()
    {
        // 212-210-9xxx are New York numbers; 212-211 is an N11 code.
        var result = PortingBlockSpec.Parse(R("+12122109500", "+12122110499"), []);
        Assert.Equal((ErrorCodes.UnknownNumberingPlan, "/phone_number_range/end_at"), (result.FirstError.Code, result.FirstError.Pointer));
        Assert.Contains("the first is +12122110000", result.FirstError.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+33145678000", "+33145678999", "FR", PhoneNumberType.Local)]
    [InlineData("+499001234000", "+499001234999", "DE", PhoneNumberType.PremiumRate)]
    [InlineData("+12732345000", "+12732345999", "CA", PhoneNumberType.FixedLineOrMobile)]
    [InlineData("+441534456000", "+441534456999", "JE", PhoneNumberType.Local)]
    public void Parse_BlockOfAnyCountryAndType_IsPlaced(string start, string end, string country, PhoneNumberType type)
    {
        var spec = PortingBlockSpec.Parse(R(start, end), []);
        Assert.True(spec.IsSuccess, spec.IsFailure ? spec.FirstError.Detail : "");
        Assert.Equal((country, type), (spec.Value.Placement.CountryCode, spec.Value.Placement.Type));
    }

    [Fact]
    public void Parse_EmptyActivationRanges_PortsAllInactive()
    {
        var spec = PortingBlockSpec.Parse(R("+4920123456000", "+4920123456009"), []).Value;
        Assert.DoesNotContain(spec.Range.Numbers(), spec.IsActivated);
    }

    /// <summary>Property: IsActivated agrees with a linear scan of the activation ranges.</summary>
    [Fact]
    public void IsActivated_AgreesWithLinearScan_OnRandomDisjointRanges()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var ranges = new List<RawRange?>();
            var next = 0;
            while (next < 1000)
            {
                var start = next + random.Next(0, 20);
                var end = start + random.Next(0, 30);
                if (end > 999) break;
                ranges.Add(R($"+4920123456{start:D3}", $"+4920123456{end:D3}"));
                next = end + 1;
            }
            var shuffled = ranges.OrderBy(_ => random.Next()).ToList();
            var spec = PortingBlockSpec.Parse(R("+4920123456000", "+4920123456999"), shuffled).Value;
            foreach (var n in spec.Range.Numbers())
                Assert.Equal(spec.ActivationRanges.Any(r => r.Contains(n)), spec.IsActivated(n));
        }
    }
}

public class PortingBlockSpecCreateTest
{
    private static NumberRange Range(long start, long end) => NumberRange.Of(E164Number.FromValue(start), E164Number.FromValue(end));
    private static readonly NumberPlacement DeLocal = new("DE", 49, PhoneNumberType.Local);

    [Fact]
    public void Create_ValidStoredBlock_KeepsItsRangesSorted()
    {
        var spec = PortingBlockSpec.Create(Range(4920123456000, 4920123456099),
            [Range(4920123456087, 4920123456087), Range(4920123456000, 4920123456064)], DeLocal);
        Assert.True(spec.IsSuccess);
        Assert.Equal(4920123456000, spec.Value.ActivationRanges[0].Start.Value);
    }

    [Fact]
    public void Create_ActivationRangeOutsideTheBlock_IsRefused() =>
        Assert.Equal(ErrorCodes.ActivationRangeOutsideBlock, PortingBlockSpec.Create(Range(4920123456000, 4920123456009),
            [Range(4920123456005, 4920123456010)], DeLocal).FirstError.Code);

    [Fact]
    public void Create_OverlappingActivationRanges_AreRefused() =>
        Assert.Equal(ErrorCodes.ActivationRangesOverlap, PortingBlockSpec.Create(Range(4920123456000, 4920123456099),
            [Range(4920123456000, 4920123456010), Range(4920123456010, 4920123456020)], DeLocal).FirstError.Code);

    [Fact]
    public void Create_MoreThanAThousandNumbers_IsRefused() =>
        Assert.Equal(ErrorCodes.BlockTooLarge, PortingBlockSpec.Create(Range(4920123456000, 4920123457000), [], DeLocal).FirstError.Code);

    [Fact]
    public void Create_PlacementOtherThanTheNumbers_IsRefused() =>
        Assert.Equal(ErrorCodes.BlockMixedPlan, PortingBlockSpec.Create(Range(4920123456000, 4920123456009), [],
            DeLocal with { Type = PhoneNumberType.Mobile }).FirstError.Code);

    [Fact]
    public void CreateExtension_RangeOutsideOrOverlapping_IsRefused()
    {
        Assert.True(PortingExtensionSpec.Create(ExtensionRange.Of(1, 10), [ExtensionRange.Of(2, 3)]).IsSuccess);
        Assert.True(PortingExtensionSpec.Create(ExtensionRange.Of(1, 10), [ExtensionRange.Of(9, 11)]).IsFailure);
        Assert.True(PortingExtensionSpec.Create(ExtensionRange.Of(1, 10), [ExtensionRange.Of(2, 5), ExtensionRange.Of(5, 6)]).IsFailure);
    }
}
