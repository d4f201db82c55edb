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
