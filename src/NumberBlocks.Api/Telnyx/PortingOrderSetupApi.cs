using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx PortingOrderRetrieveSubRequestResponse.Data.</summary>
public sealed record PortingSubRequestRecord(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PortRequestId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SubRequestId);

/// <summary>Telnyx AssociatedPhoneNumberCreateParams.</summary>
public sealed record CreateAssociatedPhoneNumberRequest(
    [property: Required] TelnyxRemainingNumbersAction? Action,
    [property: Required] NumberRangeInput? PhoneNumberRange);

/// <summary>Telnyx PortingAssociatedPhoneNumber.</summary>
public sealed record PortingAssociatedPhoneNumberRecord(
    Guid Id,
    string RecordType,
    TelnyxRemainingNumbersAction Action,
    string CountryCode,
    NumberRangeRecord PhoneNumberRange,
    TelnyxPhoneNumberType PhoneNumberType,
    Guid PortingOrderId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx PhoneNumberConfigurationCreateParams.</summary>
public sealed record CreatePhoneNumberConfigurationsRequest(IReadOnlyList<PhoneNumberConfigurationInput?>? PhoneNumberConfigurations);

public sealed record PhoneNumberConfigurationInput(
    [property: Required] Guid? PortingPhoneNumberId,
    [property: Required] Guid? UserBundleId);

/// <summary>Telnyx PortingPhoneNumberConfiguration.</summary>
public sealed record PortingPhoneNumberConfigurationRecord(
    Guid Id,
    string RecordType,
    Guid PortingPhoneNumberId,
    Guid UserBundleId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// What an order is set up with besides its numbers: its sub request ids, the associated phone numbers of a partial
/// port (Telnyx /porting_orders/{porting_order_id}/associated_phone_numbers) and the phone number configurations its
/// numbers get when it ports (/porting_orders/phone_number_configurations).
/// </summary>
public static class PortingOrderSetupApi
{
    public static readonly TelnyxFilterSpec AssociatedFilters = new(
        FilterField.Enum("action", "Filter by action (keep or disconnect).", TelnyxWire.Names<TelnyxRemainingNumbersAction>()),
        FilterField.Phone("phone_number", "Associated ranges that hold this number."));

    public static readonly PortingOrderChildren<PortingAssociatedNumber, PortingAssociatedPhoneNumberRecord, CreateAssociatedPhoneNumberRequest> Associated = new()
    {
        Noun = "Associated phone number",
        Rows = db => db.PortingAssociatedNumbers,
        OrderIdOf = a => a.PortingOrderId,
        IdOf = a => a.Id,
        CreatedAtOf = a => a.CreatedAt,
        Filters = AssociatedFilters,
        Filter = (_, rows, f) =>
        {
            rows = rows.WhereIn(a => a.Action, f.Enums<RemainingNumbersAction, TelnyxRemainingNumbersAction>("action"));
            return f.PhoneNumbers("phone_number") is { } numbers ? rows.Where(Holding(numbers)) : rows;
        },
        View = AssociatedView,
        Parse = body =>
        {
            var spec = AssociatedNumbers.Parse(PortingOrdersApi.Raw(body.PhoneNumberRange), body.Action?.ToDomain());
            if (spec.IsFailure) return Result<CreateChild<PortingAssociatedNumber>>.Fail(spec.Errors);
            return Result<CreateChild<PortingAssociatedNumber>>.Ok((db, account, order, now, ct) =>
                AssociatedNumberOperations.AddAsync(db, account, order, spec.Value, now, ct));
        },
        Remove = AssociatedNumberOperations.DeleteAsync,
    };

    /// <summary>Ranges that hold any of <paramref name="numbers"/>: one OR of range tests, translated to SQL.</summary>
    private static Expression<Func<PortingAssociatedNumber, bool>> Holding(IReadOnlyList<long> numbers)
    {
        var a = Expression.Parameter(typeof(PortingAssociatedNumber), "a");
        Expression? any = null;
        foreach (var n in numbers)
        {
            Expression<Func<long>> boxed = () => n;
            var test = Expression.AndAlso(
                Expression.LessThanOrEqual(Expression.Property(a, nameof(PortingAssociatedNumber.RangeStart)), boxed.Body),
                Expression.GreaterThanOrEqual(Expression.Property(a, nameof(PortingAssociatedNumber.RangeEnd)), boxed.Body));
            any = any is null ? test : Expression.OrElse(any, test);
        }
        return Expression.Lambda<Func<PortingAssociatedNumber, bool>>(any ?? Expression.Constant(false), a);
    }

    public static readonly TelnyxFilterSpec ConfigurationFilters = new(
        FilterField.Enum("porting_order.status", "Configurations of numbers whose porting order has these statuses.", TelnyxWire.Names<TelnyxPortingOrderStatus>()),
        FilterField.Uuid("porting_phone_number", "Configurations of these porting phone numbers."),
        FilterField.Uuid("user_bundle_id", "Configurations with these user bundles."));

    public static readonly string[] ConfigurationSorts = ["-created_at", "created_at"];

    public static RouteGroupBuilder MapPortingOrderSetup(this RouteGroupBuilder v2)
    {
        v2.MapGet("/porting_orders/{id}/sub_request", SubRequest).WithTags("Telnyx: porting orders").WithName("GetPortingOrderSubRequest")
            .WithSummary("Retrieve the associated V1 sub_request_id and port_request_id")
            .WithDescription("The order's sub request (its support key, sr_…) and port request (its parent support key, pr_…). Both are given when " +
                "the order is confirmed; a draft has neither and answers an empty object.");

        var associated = v2.MapGroup("/porting_orders/{porting_order_id}/associated_phone_numbers").WithTags("Telnyx: associated phone numbers");
        associated.MapGet("", Associated.List).WithName("ListAssociatedPhoneNumbers")
            .WithSummary("List all associated phone numbers")
            .WithDescription("The numbers of the losing account that stay behind in a partial port, and whether the losing carrier keeps or disconnects " +
                "them; newest first unless sort[value]=created_at. filter[phone_number] selects the ranges holding the number.")
            .WithTelnyxQuery(new TelnyxQueryDoc(AssociatedFilters,
                PortingOrderChildren<PortingAssociatedNumber, PortingAssociatedPhoneNumberRecord, CreateAssociatedPhoneNumberRequest>.Sorts, Paged: true));
        associated.MapPost("", Associated.Create).WithName("CreateAssociatedPhoneNumber")
            .WithSummary("Create an associated phone number")
            .WithDescription("Adds a range (at most 1000 numbers, one country and type) of the losing account's numbers that do not port, with " +
                "action keep or disconnect. It must be of the order's country and must not hold a number that ports with the order or overlap " +
                "another associated range. While the order is draft, in-process or exception. The numbers are not claimed in the ledger.")
            .WithRequestExample(new CreateAssociatedPhoneNumberRequest(TelnyxRemainingNumbersAction.Keep, new NumberRangeInput("+4930244999900", "+4930244999909")));
        associated.MapDelete("/{id}", Associated.Delete).WithName("DeleteAssociatedPhoneNumber")
            .WithSummary("Delete an associated phone number")
            .WithDescription("Removes an associated range of an order in draft, in-process or exception; answers the removed range.");

        var configurations = v2.MapGroup("/porting_orders/phone_number_configurations").WithTags("Telnyx: phone number configurations");
        configurations.MapGet("", ListConfigurations).WithName("ListPhoneNumberConfigurations")
            .WithSummary("List all phone number configurations")
            .WithDescription("The account's phone number configurations: the user bundle each porting phone number gets when its order ports. Newest " +
                "first unless sort[value]=created_at.")
            .WithTelnyxQuery(new TelnyxQueryDoc(ConfigurationFilters, ConfigurationSorts, Paged: true));
        configurations.MapPost("", CreateConfigurations).WithName("CreatePhoneNumberConfigurations")
            .WithSummary("Create a list of phone number configurations")
            .WithDescription("Sets the user bundle of each porting phone number (replacing an earlier one of the number), all or nothing. Applied when " +
                "the order ports: the ported number then carries user_bundle_id (GET /v2/phone_numbers). Numbers of ported or cancelled orders are refused.")
            .WithRequestExample(new CreatePhoneNumberConfigurationsRequest([new PhoneNumberConfigurationInput(
                Guid.Parse("927f4687-318c-44bc-9f2f-22a5898143a4"), Guid.Parse("ff901545-3e27-462a-ba9d-2b34654cab82"))]));
        return v2;
    }

    public static async Task<Results<Ok<TelnyxData<PortingSubRequestRecord>>, TelnyxProblem>> SubRequest(string id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        return TypedResults.Ok(new TelnyxData<PortingSubRequestRecord>(new PortingSubRequestRecord(TelnyxViews.ParentSupportKey(order.SupportKey), order.SupportKey)));
    }

    public static async Task<Results<Ok<TelnyxList<PortingPhoneNumberConfigurationRecord>>, TelnyxProblem>> ListConfigurations(HttpContext http,
        [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var sort = TelnyxPaging.Sort(q, ConfigurationSorts, "-created_at");
        var f = ConfigurationFilters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var rows = db.PortingNumberConfigurations.AsNoTracking().Where(c => c.AccountId == accountId);
        if (f.Enums<PortingOrderStatus, TelnyxPortingOrderStatus>("porting_order.status") is { } statuses)
            rows = rows.Where(c => db.PortingOrders.Any(o => o.Id == c.PortingOrderId && statuses.Contains(o.Status)));
        rows = rows.WhereIn(c => c.PortingPhoneNumberId, f.Guids("porting_phone_number"));
        rows = rows.WhereIn(c => c.UserBundleId, f.Guids("user_bundle_id"));
        var total = await rows.LongCountAsync(ct);
        var ordered = sort == "created_at" ? rows.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id) : rows.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
        var page = await ordered.Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortingPhoneNumberConfigurationRecord>(page.Select(ConfigurationView).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<Created<TelnyxData<IReadOnlyList<PortingPhoneNumberConfigurationRecord>>>, TelnyxProblem>> CreateConfigurations(
        JsonBody<CreatePhoneNumberConfigurationsRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var given = body.Result.Value.PhoneNumberConfigurations;
        if (given is null || given.Count == 0) return (TelnyxProblem)DomainError.Required("/phone_number_configurations");
        if (given.Count > PortingOrderDraft.MaxSingleNumbers)
            return (TelnyxProblem)new DomainError(ErrorCodes.InvalidValue, $"At most {PortingOrderDraft.MaxSingleNumbers} phone_number_configurations.",
                "/phone_number_configurations");
        var errors = new List<DomainError>();
        var inputs = new List<NumberConfigurationInput>();
        for (var i = 0; i < given.Count; i++)
        {
            var pointer = $"/phone_number_configurations/{i}";
            if (given[i] is not { } item) { errors.Add(DomainError.Required(pointer)); continue; }
            if (item.PortingPhoneNumberId is null) errors.Add(DomainError.Required(pointer + "/porting_phone_number_id"));
            if (item.UserBundleId is null) errors.Add(DomainError.Required(pointer + "/user_bundle_id"));
            if (item.PortingPhoneNumberId is { } numberId && item.UserBundleId is { } bundleId) inputs.Add(new(numberId, bundleId, pointer));
        }
        if (errors.Count > 0) return new TelnyxProblem(errors);
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var created = await db.RunAsync(c => NumberConfigurationOperations.CreateAsync(db, accountId, inputs, now, c), ct);
        if (created.IsFailure) return new TelnyxProblem(created.Errors);
        IReadOnlyList<PortingPhoneNumberConfigurationRecord> data = created.Value.Select(ConfigurationView).ToList();
        return TypedResults.Created((string?)null, new TelnyxData<IReadOnlyList<PortingPhoneNumberConfigurationRecord>>(data));
    }

    private static PortingAssociatedPhoneNumberRecord AssociatedView(PortingAssociatedNumber a) =>
        new(a.Id, "porting_associated_phone_number", ((RemainingNumbersAction?)a.Action).ToTelnyx()!.Value, a.CountryCode,
            new NumberRangeRecord(E164Number.FromValue(a.RangeStart).ToString(), E164Number.FromValue(a.RangeEnd).ToString()),
            TelnyxWire.PhoneNumberType(a.PhoneNumberType), a.PortingOrderId, a.CreatedAt, a.UpdatedAt);

    private static PortingPhoneNumberConfigurationRecord ConfigurationView(PortingNumberConfiguration c) =>
        new(c.Id, "porting_phone_number_configuration", c.PortingPhoneNumberId, c.UserBundleId, c.CreatedAt, c.UpdatedAt);
}
