using System.Net;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Cli.Tests;

/// <summary>porting comment: the carrier side's comment reaches the customer's comments and events.</summary>
public sealed class PortingCommentCommandTests : CliHarness
{
    [Fact]
    public async Task PortingComment_AddsAnAdminComment_AndANewCommentEvent()
    {
        var account = await Service.NewAccountAsync();
        var order = (await (await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4920155509001"]}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");

        var made = await JsonAsync("porting", "comment", order, "Please upload the latest bill.");
        Assert.Equal("admin", made.GetProperty("user_type").GetString());
        var comments = (await (await account.Client.GetAsync($"/v2/porting_orders/{order}/comments")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("Please upload the latest bill.", Assert.Single(comments.EnumerateArray()).Str("body"));
        var events = (await (await account.Client.GetAsync("/v2/porting/events?filter[type]=porting_order.new_comment")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(order, Assert.Single(events.EnumerateArray()).Str("porting_order_id"));

        var unknown = await RunAsync("porting", "comment", Guid.NewGuid().ToString(), "x");
        Assert.Equal(CliApp.Rejected, unknown.Exit);
        Assert.Contains("404", unknown.Err);
        var empty = await RunAsync("porting", "comment", order, " ");
        Assert.Equal(CliApp.Rejected, empty.Exit);
    }
}
