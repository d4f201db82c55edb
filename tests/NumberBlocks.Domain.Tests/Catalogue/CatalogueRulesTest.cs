using System.Net;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Tests.Catalogue;

public class CatalogueRulesTest
{
    private static NumberRange Range(string start, string end) =>
        NumberRange.Of(E164Number.Parse(start, "").Value, E164Number.Parse(end, "").Value);

    private static WireFields Fields(params (string Name, string? Value)[] fields) =>
        WireFields.Create(fields.Select(f => new KeyValuePair<string, string?>(f.Name, f.Value))).Value;

    [Theory]
    [InlineData("+61288800000", "+61288800009", "+6128880000X")]
    [InlineData("+61288800000", "+61288800099", "+612888000XX")]
    [InlineData("+61288800000", "+61288800999", "+61288800XXX")]
    [InlineData("+61288800100", "+61288800199", "+612888001XX")]
    [InlineData("+61288800050", "+61288800149", "+61288800050-+61288800149")]
    [InlineData("+61288800000", "+61288800049", "+61288800000-+61288800049")]
    [InlineData("+61288800005", "+61288800014", "+61288800005-+61288800014")]
    [InlineData("+61288800007", "+61288800007", "+61288800007")]
    public void NumberPattern_AlignedPowersOfTenUseWildcards_OthersTheirEnds(string start, string end, string expected) =>
        Assert.Equal(expected, NumberPattern.Of(Range(start, end)));

    [Fact]
    public void CatalogueBlockSpec_ValidBlock_IsPlacedWithCountryTypeAndAreaCode()
    {
        var spec = CatalogueBlockSpec.Parse(new RawCatalogueBlock("+61288800000", "+61288800099", "local", "2"));
        Assert.True(spec.IsSuccess);
        Assert.Equal(("AU", PhoneNumberType.Local, "2", 100L), (spec.Value.Placement.CountryCode, spec.Value.Placement.Type, spec.Value.AreaCode, spec.Value.Range.Count));
        Assert.Equal("+612888000XX", spec.Value.Pattern);
    }

    [Theory]
    [InlineData("+4930123400", "+4930123499", null, "40", "/area_code", ErrorCodes.PlacementMismatch)]
    [InlineData("+4930123400", "+4930123499", "toll_free", null, "/number_type", ErrorCodes.PlacementMismatch)]
    [InlineData("+4930123400", "+4940123499", null, null, "/end_at", ErrorCodes.BlockTooLarge)]
    [InlineData("+61412345000", "+61412345099", null, "4", "/area_code", ErrorCodes.PlacementMismatch)]
    public void CatalogueBlockSpec_BrokenRule_PointsAtTheField(string start, string end, string? type, string? area, string pointer, string code)
    {
        var spec = CatalogueBlockSpec.Parse(new RawCatalogueBlock(start, end, type, area));
        Assert.True(spec.IsFailure);
        Assert.Contains(spec.Errors, e => e.Pointer == pointer && e.Code == code);
    }

    [Theory]
    [InlineData("+61299998888", AnswerPointKind.PhoneNumber)]
    [InlineData("sip:reception@pbx.example.com", AnswerPointKind.SipUri)]
    [InlineData("SIPS:reception@pbx.example.com:5061;transport=tls", AnswerPointKind.SipUri)]
    [InlineData("sip:pbx.example.com", AnswerPointKind.SipUri)]
    [InlineData("sip:+61299998888@203.0.113.5:5060", AnswerPointKind.SipUri)]
    [InlineData("sip:100@[2001:db8::1]:5060;user=phone", AnswerPointKind.SipUri)]
    public void AnswerPoint_E164OrSipUri_IsAccepted(string text, AnswerPointKind kind)
    {
        var parsed = AnswerPoint.Parse(text, "/AnswerPoint");
        Assert.True(parsed.IsSuccess, parsed.IsFailure ? parsed.FirstError.Detail : null);
        Assert.Equal((text, kind), (parsed.Value.Value, parsed.Value.Kind));
    }

    [Theory]
    [InlineData("0299998888")]
    [InlineData("+0299998888")]
    [InlineData("+612999")]
    [InlineData("61299998888")]
    [InlineData("sip:")]
    [InlineData("sip:@pbx.example.com")]
    [InlineData("sip:user:password@pbx.example.com")]
    [InlineData("sip:user@pbx.example.com:0")]
    [InlineData("sip:user@pbx.example.com:65536")]
    [InlineData("sip:user@pbx..example.com")]
    [InlineData("sip:user@-pbx.example.com")]
    [InlineData("sip:user@pbx.example.com?subject=hi")]
    [InlineData("sip:user@pbx.example.com;")]
    [InlineData("sip:user name@pbx.example.com")]
    [InlineData("sip:user@[::1")]
    [InlineData("sip:user@[203.0.113.5]")]
    [InlineData("sip:user@999.1.1.1")]
    [InlineData("tel:+61299998888")]
    [InlineData("sip:ü@pbx.example.com")]
    public void AnswerPoint_Other_IsRefusedNamingTheField(string text)
    {
        var parsed = AnswerPoint.Parse(text, "/AnswerPoint");
        Assert.True(parsed.IsFailure);
        Assert.Equal(("/AnswerPoint", ErrorCodes.InvalidAnswerPoint), (parsed.FirstError.Pointer, parsed.FirstError.Code));
        Assert.StartsWith("AnswerPoint", parsed.FirstError.Detail);
    }

    [Fact]
    public void AnswerPoint_TooLong_IsRefused() =>
        Assert.True(AnswerPoint.Parse("sip:" + new string('a', 250) + "@example.com", "/AnswerPoint").IsFailure);

    [Theory]
    [InlineData("https://voice.example.com/answer?x=1", true)]
    [InlineData("http://8.8.8.8/voice", true)]
    [InlineData("http://203.0.113.10/voice", false)]
    [InlineData("http://127\u30020\u30020\u30021/voice", false)]
    [InlineData("http://127.0.0.1/voice", false)]
    [InlineData("http://10.0.0.1/", false)]
    [InlineData("http://172.16.5.4/", false)]
    [InlineData("http://192.168.1.1/", false)]
    [InlineData("http://169.254.169.254/latest/meta-data", false)]
    [InlineData("http://100.64.0.1/", false)]
    [InlineData("http://0.0.0.0/", false)]
    [InlineData("http://[::1]/", false)]
    [InlineData("http://[fd00::1]/", false)]
    [InlineData("http://[fe80::1]/", false)]
    [InlineData("http://[::ffff:127.0.0.1]/", false)]
    [InlineData("http://localhost/", false)]
    [InlineData("http://api.localhost/", false)]
    [InlineData("https://user:pw@voice.example.com/", false)]
    [InlineData("ftp://voice.example.com/", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("voice.example.com/answer", false)]
    public void VoiceUrl_OnlyPublicHttpUrls_AreAccepted(string url, bool accepted)
    {
        var parsed = VoiceUrl.Parse(url, "/ProgrammableVoiceUrl");
        Assert.Equal(accepted, parsed.IsSuccess);
        if (!accepted) Assert.Equal("/ProgrammableVoiceUrl", parsed.FirstError.Pointer);
    }

    [Fact]
    public void VoiceUrl_UnicodeFullStopsInHost_KeptNormalised()
    {
        var parsed = VoiceUrl.Parse("https://voice\u3002example\uFF0Ecom/answer", "/ProgrammableVoiceUrl");
        Assert.Equal("https://voice.example.com/answer", parsed.Value);
    }

    [Fact]
    public void WireFields_NamesAreCaseInsensitive_AndConflictingDuplicatesRefused()
    {
        var fields = Fields(("answerPOINT", "+61299998888"), ("GroupType", "1"));
        Assert.Equal("+61299998888", fields["AnswerPoint"]);
        Assert.True(fields.Has("grouptype"));
        Assert.False(fields.Has("Preamble"));

        var same = WireFields.Create([new("Active", "true"), new("ACTIVE", "true")]);
        Assert.True(same.IsSuccess);
        var conflicting = WireFields.Create([new("Active", "true"), new("active", "false")]);
        Assert.Equal(("/active", ErrorCodes.ConflictingParameters), (conflicting.FirstError.Pointer, conflicting.FirstError.Code));
    }

    [Fact]
    public void BlockSettings_Purchase_RequiresAnswerPointAndKeepsOnlyGivenFields()
    {
        var missing = BlockSettings.Parse(Fields(("GroupType", "1")), BlockSettingsUse.Purchase);
        Assert.Equal(("/AnswerPoint", ErrorCodes.Required), (missing.FirstError.Pointer, missing.FirstError.Code));

        var parsed = BlockSettings.Parse(Fields(("AnswerPoint", "+61299998888"), ("preamble", "2"), ("active", "FALSE"), ("Campaign", ""), ("Ported", "1")),
            BlockSettingsUse.Purchase);
        Assert.True(parsed.IsSuccess);
        var s = parsed.Value;
        Assert.Equal("+61299998888", s.AnswerPoint.Value!.Value);
        Assert.Equal(new Given<short>(true, 2), s.Preamble);
        Assert.Equal(new Given<bool>(true, false), s.Active);
        Assert.Equal(new Given<bool>(true, true), s.Ported);
        Assert.Equal(new Given<string?>(true, null), s.Campaign);
        Assert.False(s.GroupType.IsSet);
        Assert.False(s.RoutingMethod.IsSet);
    }

    [Fact]
    public void BlockSettings_Configure_EveryRuleIsReportedAtItsField()
    {
        var parsed = BlockSettings.Parse(Fields(
            ("GroupType", "5"), ("Preamble", "x"), ("RoutingAction", "-1"), ("MasterMode", "32768"), ("CallWhisperEnabled", "yes"),
            ("RoutingMethod", "flow"), ("Recording", "on"), ("ProgrammableVoiceUrl", "http://localhost/"), ("GroupName", new string('g', 256))),
            BlockSettingsUse.Configure);
        var pointers = parsed.Errors.Select(e => e.Pointer).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/CallWhisperEnabled", "/EndpointNumber", "/Flow", "/GroupName", "/GroupType", "/MasterMode", "/Preamble", "/ProgrammableVoiceUrl", "/Recording", "/RoutingAction"],
            pointers);
    }

    [Theory]
    [InlineData("endpoint", "EndpointNumber=+61299998888", true)]
    [InlineData("endpoint", "", false)]
    [InlineData("flow", "Flow=f1", false)]
    [InlineData("flow", "Flow=f1&EndpointNumber=+61299998888", true)]
    [InlineData("application", "Application=ivr", true)]
    [InlineData("application", "", false)]
    [InlineData("Application", "Application=ivr", true)]
    public void BlockSettings_RoutingMethod_RequiresItsParameters(string method, string extra, bool ok)
    {
        var pairs = new List<(string, string?)> { ("RoutingMethod", method) };
        foreach (var kv in extra.Split('&', StringSplitOptions.RemoveEmptyEntries))
            pairs.Add((kv.Split('=')[0], kv.Split('=')[1]));
        var parsed = BlockSettings.Parse(Fields([.. pairs]), BlockSettingsUse.Configure);
        Assert.Equal(ok, parsed.IsSuccess);
        if (ok) Assert.True(BlockSettings.TryParseRoutingMethod(method, out var m) && parsed.Value.RoutingMethod == new Given<RoutingMethod>(true, m));
    }
}
