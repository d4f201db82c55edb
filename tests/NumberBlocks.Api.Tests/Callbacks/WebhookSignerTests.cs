using System.Net;
using NumberBlocks.Api.Callbacks;

namespace NumberBlocks.Api.Tests.Callbacks;

public sealed class WebhookSignerTests
{
    [Fact]
    public void Sign_StandardWebhooksExample_GivesPublishedSignature()
    {
        // The example of the Standard Webhooks specification (secret, id, timestamp and body as published there).
        var signature = WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Verify_TamperedBodyOrOtherSecret_Fails()
    {
        var secret = WebhookSigner.NewSecret();
        var sig = WebhookSigner.Sign(secret, "msg_1", 1700000000, "{\"a\":1}");
        Assert.True(WebhookSigner.Verify(secret, "msg_1", 1700000000, "{\"a\":1}", "v1,bogus " + sig));
        Assert.False(WebhookSigner.Verify(secret, "msg_1", 1700000000, "{\"a\":2}", sig));
        Assert.False(WebhookSigner.Verify(secret, "msg_1", 1700000001, "{\"a\":1}", sig));
        Assert.False(WebhookSigner.Verify(WebhookSigner.NewSecret(), "msg_1", 1700000000, "{\"a\":1}", sig));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fc00::5")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:c0a8:0101::1")]
    public void IsForbidden_InternalAddress_IsRefused(string address) =>
        Assert.True(SsrfGuard.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsForbidden_PublicAddress_IsAllowed(string address) =>
        Assert.False(SsrfGuard.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1:9000", "127.0.0.1", 9000, true)]
    [InlineData("127.0.0.1:9000", "127.0.0.1", 9001, false)]
    [InlineData("receiver.internal", "RECEIVER.internal", 443, true)]
    [InlineData("[::1]:8080", "::1", 8080, true)]
    [InlineData("[::1]:8080", "[::1]", 8081, false)]
    [InlineData("other.internal", "receiver.internal", 80, false)]
    public void IsAllowedHost_Entry_MatchesHostAndPort(string entry, string host, int port, bool expected) =>
        Assert.Equal(expected, SsrfGuard.IsAllowedHost([entry], host, port));

    [Fact]
    public void DelayAfter_GrowsExponentiallyWithJitterAndCaps()
    {
        Assert.InRange(RetryPolicy.DelayAfter(1, 0.0), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4.01));
        Assert.InRange(RetryPolicy.DelayAfter(1, 0.999), TimeSpan.FromSeconds(5.99), TimeSpan.FromSeconds(6));
        Assert.InRange(RetryPolicy.DelayAfter(4, 0.5), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(40.01));
        Assert.InRange(RetryPolicy.DelayAfter(30, 0.5), TimeSpan.FromHours(1), TimeSpan.FromHours(1.001));
        var created = DateTimeOffset.UnixEpoch;
        Assert.Null(RetryPolicy.NextAttempt(created, 40, created + TimeSpan.FromHours(24), 0.5));
        Assert.NotNull(RetryPolicy.NextAttempt(created, 40, created + TimeSpan.FromHours(23.9), 0.5));
    }
}
