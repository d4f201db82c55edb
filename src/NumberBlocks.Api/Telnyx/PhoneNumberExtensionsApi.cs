using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Seed 002: /v2/porting_orders/{porting_order_id}/phone_number_extensions.</summary>
public static class PhoneNumberExtensionsApi
{
    /// <summary>Telnyx: "filter[porting_phone_number_id]".</summary>
    public static readonly TelnyxFilterSpec Filters = new(FilterField.Uuid("porting_phone_number_id", "Extensions of these porting phone numbers."));

    public static readonly PortingOrderChildren<PortingExtension, PortingPhoneNumberExtensionRecord, CreatePortingPhoneNumberExtensionRequest> Resource = new()
    {
        Noun = "Phone number extension",
        Rows = db => db.PortingExtensions,
        OrderIdOf = e => e.PortingOrderId,
        IdOf = e => e.Id,
        CreatedAtOf = e => e.CreatedAt,
        Filters = Filters,
        Filter = (_, extensions, f) => extensions.WhereIn(e => e.PortingPhoneNumberId, f.Guids("porting_phone_number_id")),
        View = TelnyxViews.Extension,
        Parse = body =>
        {
            var spec = PortingExtensionSpec.Parse(Raw(body.ExtensionRange), body.ActivationRanges?.Select(Raw).ToList());
            var errors = new List<DomainError>();
            if (body.PortingPhoneNumberId is null) errors.Add(DomainError.Required("/porting_phone_number_id"));
            errors.AddRange(spec.Errors);
            if (errors.Count > 0) return Result<CreateChild<PortingExtension>>.Fail(errors);
            var numberId = body.PortingPhoneNumberId!.Value;
            return Result<CreateChild<PortingExtension>>.Ok((db, account, order, now, ct) =>
                PortingOrderOperations.AddExtensionAsync(db, account, order, numberId, spec.Value, now, ct));
        },
        Remove = PortingOrderOperations.DeleteExtensionAsync,
    };

    private static RawExtensionRange? Raw(ExtensionRangeInput? range) => range is null ? null : new RawExtensionRange(range.StartAt, range.EndAt);

    public static RouteGroupBuilder MapPhoneNumberExtensions(this RouteGroupBuilder v2)
    {
        var extensions = v2.MapGroup("/porting_orders/{porting_order_id}/phone_number_extensions").WithTags("Telnyx: phone number extensions");
        extensions.MapGet("", Resource.List).WithName("listPortingPhoneNumberExtensions")
            .WithSummary("List all phone number extensions")
            .WithDescription("Returns the phone number extensions of a porting order (seed 002), newest first unless sort[value]=created_at. " +
                "A sharing token of the order may call this.")
            .WithMetadata(new SharingTokenReads("porting_order_id"))
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters,
                PortingOrderChildren<PortingExtension, PortingPhoneNumberExtensionRecord, CreatePortingPhoneNumberExtensionRequest>.Sorts, Paged: true));
        extensions.MapPost("", Resource.Create).WithName("createPortingPhoneNumberExtension")
            .WithSummary("Create a phone number extension")
            .WithDescription("Adds an extension range (digits 0 to 999) to a porting phone number of the order, with the activation ranges " +
                "inside it that are active on completion (seed 002). Ranges on one number must not overlap.")
            .WithRequestExample(new CreatePortingPhoneNumberExtensionRequest(Guid.Parse("f24151b6-3389-41d3-8747-7dd8c681e5e2"),
                new ExtensionRangeInput(1, 10), [new ExtensionRangeInput(1, 5)]));
        extensions.MapDelete("/{id}", Resource.Delete).WithName("deletePortingPhoneNumberExtension")
            .WithSummary("Delete a phone number extension")
            .WithDescription("Deletes an extension range of an order in draft, in-process or exception.");
        return v2;
    }
}
