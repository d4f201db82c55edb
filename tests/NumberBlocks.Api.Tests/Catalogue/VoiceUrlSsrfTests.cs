using System.Net;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Domain.Catalogue;

namespace NumberBlocks.Api.Tests.Catalogue;

/// <summary>Issue 5: ProgrammableVoiceUrl follows "the same SSRF rules as callbacks" (issue 4's SsrfGuard).</summary>
public class VoiceUrlSsrfTests
{
    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("203.0.113.10")]
    [InlineData("0.1.2.3")]
    [InlineData("10.9.8.7")]
    [InlineData("100.64.0.1")]
    [InlineData("100.100.100.200")]
    [InlineData("100.128.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.15.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("192.0.0.170")]
    [InlineData("192.0.2.1")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:a00:1::")]
    [InlineData("2002:808:808::")]
    [InlineData("::10.0.0.1")]
    [InlineData("2001:4860:4860::8888")]
    public void IsPublic_AgreesWithTheCallbacksGuard(string address)
    {
        var ip = IPAddress.Parse(address);
        Assert.Equal(!SsrfGuard.IsForbidden(ip), VoiceUrl.IsPublic(ip));
    }
}
