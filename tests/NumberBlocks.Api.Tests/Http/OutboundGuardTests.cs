using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;
using static NumberBlocks.Api.Tests.Callbacks.CallbackTestKit;

namespace NumberBlocks.Api.Tests.Http;

/// <summary>
/// The one outbound guard: every address class refused at connect time (through a fake resolver, never a real lookup),
/// the host's own addresses and names, DNS rebinding, the allow list, and the same check when a URL is saved.
/// </summary>
public sealed class OutboundGuardTests
{
    private static OutboundGuard Guard(FakeResolver resolver, IHostAddresses? host = null, params string[] allowed) =>
        new(new StaticOptions(new OutboundOptions { AllowedHosts = [.. allowed] }), resolver, host ?? new FakeHostAddresses([]));

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.0.0.7", "private-use")]
    [InlineData("172.20.1.1", "private-use")]
    [InlineData("192.168.0.10", "private-use")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.100.100.200", "carrier-grade NAT")]
    [InlineData("192.0.2.44", "documentation")]
    [InlineData("198.51.100.44", "documentation")]
    [InlineData("203.0.113.44", "documentation")]
    [InlineData("198.18.0.9", "benchmarking")]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64 of link-local")]
    [InlineData("2001:db8::5", "documentation")]
    [InlineData("2002:c000:0204::1", "6to4")]
    [InlineData("2001:0:4136:e378::1", "Teredo")]
    public async Task Connect_NameResolvingToSpecialPurposeAddress_IsRefusedNamingTheClass(string address, string named)
    {
        var guard = Guard(new FakeResolver().Answer("hooks.example", [address]));
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => guard.PermittedAddressesAsync("hooks.example", 443, CancellationToken.None));
        Assert.Contains(named, refused.Message);
    }

    [Fact]
    public async Task Connect_NameResolvingToTheHostsOwnAddress_IsRefused()
    {
        // 81.2.69.160 stands for the host's public interface address here: public by the tables, but the host's own.
        var guard = Guard(new FakeResolver().Answer("me.example", ["81.2.69.160"]), new FakeHostAddresses(["81.2.69.160", "2a02:8010::5"]));
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => guard.PermittedAddressesAsync("me.example", 443, CancellationToken.None));
        Assert.Contains("own host", refused.Message);
        Assert.NotNull(guard.Refusal(IPAddress.Parse("::ffff:81.2.69.160")));
        Assert.NotNull(guard.Refusal(IPAddress.Parse("2a02:8010::5")));
    }

    [Fact]
    public async Task Connect_EveryRealInterfaceAddressOfThisMachine_IsRefused()
    {
        var own = new SystemHostAddresses(TimeProvider.System);
        Assert.NotEmpty(own.Addresses);
        foreach (var address in own.Addresses)
        {
            var guard = Guard(new FakeResolver().Answer("own.example", [address.ToString()]), own);
            await Assert.ThrowsAsync<OutboundRefusedException>(() => guard.PermittedAddressesAsync("own.example", 80, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Connect_HostsOwnName_IsRefusedWithoutLookingItUp()
    {
        var resolver = new FakeResolver();
        var guard = Guard(resolver, new FakeHostAddresses([], "numberblocks-host"));
        await Assert.ThrowsAsync<OutboundRefusedException>(() => guard.PermittedAddressesAsync("NUMBERBLOCKS-HOST", 80, CancellationToken.None));
        await Assert.ThrowsAsync<OutboundRefusedException>(() => guard.PermittedAddressesAsync("api.localhost", 80, CancellationToken.None));
        Assert.Empty(resolver.Lookups);
    }

    [Fact]
    public async Task Connect_NameRebindsFromPublicToLoopback_SecondCallRefused()
    {
        // First lookup (say, when a receiver is first checked) public; the next one loopback: the check is per connect.
        var guard = Guard(new FakeResolver().Answer("rebind.example", ["8.8.8.8"], ["127.0.0.1"]));
        Assert.Equal([IPAddress.Parse("8.8.8.8")], await guard.PermittedAddressesAsync("rebind.example", 80, CancellationToken.None));
        await Assert.ThrowsAsync<OutboundRefusedException>(() => guard.PermittedAddressesAsync("rebind.example", 80, CancellationToken.None));
    }

    [Fact]
    public async Task Connect_NameWithPublicAndPrivateAnswers_ConnectsOnlyToThePublicOne()
    {
        var guard = Guard(new FakeResolver().Answer("mixed.example", ["10.0.0.1", "8.8.4.4", "::1"]));
        Assert.Equal([IPAddress.Parse("8.8.4.4")], await guard.PermittedAddressesAsync("mixed.example", 80, CancellationToken.None));
    }

    [Fact]
    public async Task Connect_AllowListedHostAndPort_MayReachLoopbackOnThatPortOnly()
    {
        var guard = Guard(new FakeResolver().Answer("receiver.test", ["127.0.0.1"]), null, "receiver.test:9000", "127.0.0.1:9100");
        Assert.Single(await guard.PermittedAddressesAsync("receiver.test", 9000, CancellationToken.None));
        Assert.Single(await guard.PermittedAddressesAsync("127.0.0.1", 9100, CancellationToken.None));
        await Assert.ThrowsAsync<OutboundRefusedException>(() => guard.PermittedAddressesAsync("receiver.test", 9001, CancellationToken.None));
        await Assert.ThrowsAsync<OutboundRefusedException>(() => guard.PermittedAddressesAsync("127.0.0.1", 9000, CancellationToken.None));
    }

    [Theory]
    [InlineData("http://127\u30020\u30020\u30021:8080/hook")]
    [InlineData("http://81.2.69.160/hook")]
    [InlineData("http://numberblocks-host\uFF0E/hook")]
    [InlineData("http://[::ffff:81.2.69.160]/hook")]
    public void CheckUrl_InternalOrOwnTargetWhenSaved_IsRefused(string url)
    {
        var guard = Guard(new FakeResolver(), new FakeHostAddresses(["81.2.69.160"], "numberblocks-host"));
        var checkedUrl = guard.CheckUrl(url, "/callbackUrl");
        Assert.True(checkedUrl.IsFailure, url);
        Assert.Equal("/callbackUrl", checkedUrl.FirstError.Pointer);
    }

    [Fact]
    public async Task Deliver_NameSavedThenResolvingToLoopback_RefusedAtConnectAndReceiverUntouched()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var resolver = new FakeResolver().Answer("rebind.example", ["127.0.0.1"]);
        await using var service = new ServiceFactory { ConfigureServices = s => s.AddSingleton<IOutboundResolver>(resolver) };
        var account = await service.NewAccountAsync();
        // The name passes when saved (names are judged where they resolve: at connect time)…
        var created = await account.Client.PostAsJsonAsync($"/voice/phonenumberrequestapi/v1/{account.Id}/numberrequests", new
        {
            quantity = 5, numberType = "local", areaCode = "201", city = "Essen", countryCode = "DE",
            callbackUrl = $"http://rebind.example:{receiver.Port}/cm",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // …and its pending callback is refused when the worker connects, because the name now points at loopback.
        Assert.True(await UntilMessagesAsync(service, ms => ms.Any(m => m.Channel == OutboxChannels.Webhook && m.Status == OutboxStatuses.Failed)),
            "the callback was not refused");
        var hook = (await MessagesAsync(service)).Single(m => m.Channel == OutboxChannels.Webhook);
        Assert.Contains("outbound guard", hook.LastError);
        Assert.Contains("loopback", hook.LastError);
        Assert.Contains("rebind.example", resolver.Lookups);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Deliver_AllowListedNameViaResolver_Delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var resolver = new FakeResolver().Answer("receiver.test", ["127.0.0.1"]);
        await using var service = new ServiceFactory { ConfigureServices = s => s.AddSingleton<IOutboundResolver>(resolver) };
        service.Settings["NumberBlocks:Callbacks:AllowedHosts:0"] = $"receiver.test:{receiver.Port}";
        var account = await service.NewAccountAsync();
        await EnqueueAsync(service, account.Id, $"http://receiver.test:{receiver.Port}/hook");
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Status == OutboxStatuses.Delivered), "not delivered");
        Assert.Single(receiver.Received);
    }

    private sealed class StaticOptions(OutboundOptions value) : IOptionsMonitor<OutboundOptions>
    {
        public OutboundOptions CurrentValue => value;
        public OutboundOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<OutboundOptions, string?> listener) => null;
    }
}
