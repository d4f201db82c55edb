using System.Net;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Outbound;

namespace NumberBlocks.Domain.Tests.Outbound;

/// <summary>The one outbound-URL rule: IANA's special-purpose registries, host normalisation, the allow list.</summary>
public class OutboundUrlTest
{
    [Theory]
    // IPv4 Special-Purpose Address Registry (RFC 6890 and successors), one address per entry, plus its edges.
    [InlineData("0.1.2.3", "RFC 791")]
    [InlineData("10.9.8.7", "RFC 1918")]
    [InlineData("100.64.0.1", "RFC 6598")]
    [InlineData("100.100.100.200", "RFC 6598")]
    [InlineData("100.127.255.255", "RFC 6598")]
    [InlineData("127.0.0.1", "RFC 1122")]
    [InlineData("127.255.255.254", "RFC 1122")]
    [InlineData("169.254.169.254", "RFC 3927")]
    [InlineData("172.16.0.1", "RFC 1918")]
    [InlineData("172.31.255.255", "RFC 1918")]
    [InlineData("192.0.0.170", "RFC 6890")]
    [InlineData("192.0.2.1", "RFC 5737")]
    [InlineData("192.31.196.1", "RFC 7535")]
    [InlineData("192.52.193.1", "RFC 7450")]
    [InlineData("192.88.99.1", "RFC 7526")]
    [InlineData("192.168.1.1", "RFC 1918")]
    [InlineData("192.175.48.1", "RFC 7534")]
    [InlineData("198.18.0.1", "RFC 2544")]
    [InlineData("198.19.255.255", "RFC 2544")]
    [InlineData("198.51.100.7", "RFC 5737")]
    [InlineData("203.0.113.10", "RFC 5737")]
    [InlineData("224.0.0.1", "RFC 5771")]
    [InlineData("240.0.0.1", "RFC 1112")]
    [InlineData("255.255.255.255", "RFC 919")]
    // IPv6 Special-Purpose Address Registry, multicast and the space outside global unicast.
    [InlineData("::1", "RFC 4291 §2.5.3")]
    [InlineData("::", "RFC 4291 §2.5.2")]
    [InlineData("::ffff:10.0.0.1", "RFC 1918")]
    [InlineData("::ffff:127.0.0.1", "RFC 1122")]
    [InlineData("::10.0.0.1", "RFC 4291 §2.5.5.1")]
    [InlineData("64:ff9b::a00:1", "RFC 1918")]
    [InlineData("64:ff9b::c000:201", "RFC 5737")]
    [InlineData("64:ff9b:1::1", "RFC 8215")]
    [InlineData("100::1", "RFC 6666")]
    [InlineData("2001::1", "RFC 4380")]
    [InlineData("2001:2::1", "RFC 2928")]
    [InlineData("2001:db8::1", "RFC 3849")]
    [InlineData("2002:808:808::1", "RFC 3056")]
    [InlineData("2620:4f:8000::1", "RFC 7534")]
    [InlineData("3fff::1", "RFC 9637")]
    [InlineData("5f00::1", "RFC 9602")]
    [InlineData("fc00::5", "RFC 4193")]
    [InlineData("fd00:ec2::254", "RFC 4193")]
    [InlineData("fe80::1", "RFC 4291 §2.5.6")]
    [InlineData("fec0::1", "RFC 3879")]
    [InlineData("ff02::1", "RFC 4291 §2.7")]
    [InlineData("4000::1", "RFC 4291 §2.4")]
    public void Refusing_SpecialPurposeAddress_NamesItsRegistryEntry(string address, string source)
    {
        var block = SpecialPurposeAddresses.Refusing(IPAddress.Parse(address));
        Assert.NotNull(block);
        Assert.StartsWith(source, block.Source);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("100.63.255.255")]   // just below CGNAT
    [InlineData("100.128.0.1")]      // just above CGNAT
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.1")]
    [InlineData("223.255.255.255")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]  // NAT64 of a public IPv4: what an IPv6-only host dials to reach it
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700:4700::1111")]
    public void Refusing_PublicAddress_IsNull(string address) =>
        Assert.Null(SpecialPurposeAddresses.Refusing(IPAddress.Parse(address)));

    [Theory]
    [InlineData("exa\u3002mple\uFF0Ecom", "exa.mple.com")]
    [InlineData("example\uFF61com.", "example.com")]
    [InlineData("EXAMPLE.com", "example.com")]
    [InlineData("bücher.de", "xn--bcher-kva.de")]
    [InlineData("127\u30020\u30020\u30021", "127.0.0.1")]
    [InlineData("[::1]", "::1")]
    public void NormaliseHost_UnicodeStopsAndIdna_GiveTheAsciiName(string host, string expected) =>
        Assert.Equal(expected, OutboundUrl.NormaliseHost(host));

    [Theory]
    [InlineData("https://hooks.example.com/cm?x=1", true)]
    [InlineData("http://8.8.8.8:8080/hook", true)]
    [InlineData("https://hooks\u3002example\u3002com/x", true)]
    [InlineData("http://127\u30020\u30020\u30021/hook", false)]
    [InlineData("http://localhost\u3002/hook", false)]
    [InlineData("http://api.localhost/hook", false)]
    [InlineData("http://2130706433/hook", false)]      // 127.0.0.1 as one decimal
    [InlineData("http://192.0.2.10/hook", false)]
    [InlineData("http://198.18.0.5/hook", false)]
    [InlineData("http://[fd12::1]/hook", false)]
    [InlineData("http://[::ffff:169.254.169.254]/hook", false)]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/hook", false)] // NAT64 of 169.254.169.254
    [InlineData("https://user:pw@hooks.example.com/", false)]
    [InlineData("https://hooks.example.com/#frag", false)]
    [InlineData("ftp://hooks.example.com/", false)]
    [InlineData("hooks.example.com/x", false)]
    public void Parse_Url_AcceptsOnlyPublicHttpTargets(string url, bool accepted)
    {
        var parsed = OutboundUrl.Parse(url, "/callbackUrl", OutboundAllowList.None);
        Assert.Equal(accepted, parsed.IsSuccess);
        if (!accepted)
        {
            Assert.Equal("/callbackUrl", parsed.FirstError.Pointer);
            Assert.Equal(ErrorCodes.InvalidUrl, parsed.FirstError.Code);
        }
    }

    [Fact]
    public void Parse_UnicodeFullStops_ComesBackWithTheAsciiHost()
    {
        var parsed = OutboundUrl.Parse("https://hooks\u3002example\uFF0Ecom:8443/x?y=1", "/callbackUrl", OutboundAllowList.None);
        Assert.Equal("https://hooks.example.com:8443/x?y=1", parsed.Value.AbsoluteUri);
    }

    [Theory]
    [InlineData("127.0.0.1:9000", "http://127.0.0.1:9000/hook", true)]
    [InlineData("127.0.0.1:9000", "http://127.0.0.1:9001/hook", false)]
    [InlineData("receiver.internal", "http://RECEIVER.internal:8080/hook", true)]
    [InlineData("[::1]:8080", "http://[::1]:8080/hook", true)]
    [InlineData("other.internal, 127.0.0.1:9000", "http://127.0.0.1:9000/", true)]
    [InlineData("localhost", "http://localhost\u3002:5000/", true)]
    public void Parse_AllowListedHost_IsAccepted(string entry, string url, bool accepted) =>
        Assert.Equal(accepted, OutboundUrl.Parse(url, "/callbackUrl", new OutboundAllowList([entry])).IsSuccess);

    [Fact]
    public void Parse_TooLong_IsRefused()
    {
        var url = "https://hooks.example.com/" + new string('a', OutboundUrl.MaxLength);
        Assert.Contains("longer than", OutboundUrl.Parse(url, "/webhook_url", OutboundAllowList.None).FirstError.Detail);
    }
}
