using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Domain.Tests.Porting;

public class PortingOrderDetailsTest
{
    private static readonly PortingOrderDetails Stored = new("ref", "group", "https://example.com/h", null, EnableMessaging: true,
        new EndUserAdmin("A1", "Ada", "+4930123", "B1", "Acme", "1234", "T1"),
        new EndUserLocation("BE", "DE", "Floor 2", "Berlin", "10115", "Main St 1"),
        new PortingDocuments(Guid.Parse("3a5b98a0-5049-47c3-96e1-aa6c8d119117"), null),
        new PortingOrderMisc(PortingOrderType.Partial, "+4930999", RemainingNumbersAction.Keep),
        new PhoneNumberConfiguration("bg", "conn", null, null, ["a"]),
        new UserFeedback("fine", 4));

    [Fact]
    public void Apply_OneNestedField_KeepsEverySibling()
    {
        var after = Stored.Apply(new PortingOrderPatch { EntityName = "Acme AG", Locality = "Hamburg", Tags = new List<string> { "b" } });
        Assert.Equal(Stored.Admin with { EntityName = "Acme AG" }, after.Admin);
        Assert.Equal(Stored.Location with { Locality = "Hamburg" }, after.Location);
        Assert.Equal(["b"], after.Configuration.Tags);
        Assert.Equal(Stored.Configuration.ConnectionId, after.Configuration.ConnectionId);
        Assert.Equal(Stored.Misc, after.Misc);
        Assert.Equal(Stored.Feedback, after.Feedback);
        Assert.Equal(Stored.CustomerReference, after.CustomerReference);
    }

    [Fact]
    public void Apply_ExplicitNull_ClearsOnlyThatField()
    {
        var after = Stored.Apply(new PortingOrderPatch { PinPasscode = new Optional<string?>(true, null), Invoice = new Optional<Guid?>(true, null) });
        Assert.Null(after.Admin.PinPasscode);
        Assert.Equal("Acme", after.Admin.EntityName);
        Assert.Null(after.Documents.Invoice);
    }

    [Fact]
    public void Apply_ClearMisc_EmptiesMiscButSetsAFieldSentBesideIt()
    {
        Assert.True(Stored.Apply(new PortingOrderPatch { ClearMisc = true }).Misc.IsEmpty);
        var typed = Stored.Apply(new PortingOrderPatch { ClearMisc = true, MiscType = PortingOrderType.Full });
        Assert.Equal(new PortingOrderMisc(PortingOrderType.Full, null, null), typed.Misc);
    }

    [Fact]
    public void Check_KeepWithoutNewBillingNumber_IsRefusedAtItsPointer()
    {
        var after = Stored.Apply(new PortingOrderPatch { NewBillingPhoneNumber = new Optional<string?>(true, null) });
        Assert.Equal("/misc/new_billing_phone_number", Assert.Single(after.Check()).Pointer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void PatchCheck_RatingOutsideOneToFive_IsRefused(int rating) =>
        Assert.Equal("/user_feedback/user_rating", Assert.Single(new PortingOrderPatch { UserRating = rating }.Check()).Pointer);

    [Fact]
    public void PatchCheck_TextWithNul_IsRefusedAtItsPointer()
    {
        var error = Assert.Single(new PortingOrderPatch { EntityName = "a\0b" }.Check());
        Assert.Equal((ErrorCodes.InvalidValue, "/end_user/admin/entity_name"), (error.Code, error.Pointer));
    }
}
