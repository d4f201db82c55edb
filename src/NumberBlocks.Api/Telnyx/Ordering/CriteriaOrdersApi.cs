using NumberBlocks.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ordering;
using NumberBlocks.Domain.Requests;
using static NumberBlocks.Api.Telnyx.Ordering.OrderingDocs;

namespace NumberBlocks.Api.Telnyx.Ordering;

/// <summary>
/// Telnyx's orders by criteria (spec3.yml inexplicit number orders and advanced orders): numbers of a country, type and
/// area rather than named numbers. Each group or order becomes a number request served by the same fulfilment engine as
/// CM.com's number requests (seed 003): what stock can serve is assigned at once, the rest when stock arrives; every
/// batch of assigned numbers is recorded as a number order (status success) and reported by a number_order.complete
/// webhook.
/// </summary>
public static class CriteriaOrdersApi
{
    /// <summary>The features a number of NumberBlocks' stock has: stock is voice numbers (seed 003 serves voice accounts).</summary>
    private static readonly string[] SupportedFeatures = ["voice"];
    private static readonly string[] TelnyxFeatures = ["sms", "mms", "voice", "fax", "emergency"];

    public static RouteGroupBuilder MapCriteriaOrders(this RouteGroupBuilder v2)
    {
        var inexplicit = v2.MapGroup("/inexplicit_number_orders").WithTags("Telnyx: inexplicit number orders");
        inexplicit.MapPost("", CreateInexplicit).WithName("CreateInexplicitNumberOrder").WithSummary("Create an inexplicit number order")
            .WithDescription("Orders numbers by criteria in ordering groups (country_iso US or CA, phone_number_type, count_requested, optionally " +
                "national_destination_code, locality, administrative_area). strategy 'always' orders what stock has now and the rest as it arrives; " +
                "'never' orders a group only when stock can serve all of it. Digit patterns (phone_number.contains/starts_with/ends_with) and " +
                "features other than voice are refused: NumberBlocks does not search by them.")
            .WithRequestExample(new InexplicitNumberOrderRequest([new OrderingGroupInput("US", "2", "local", AdministrativeArea: "IL",
                NationalDestinationCode: "312")], CustomerReference: "MY REF 001"));
        inexplicit.MapGet("", ListInexplicit).WithName("ListInexplicitNumberOrders").WithSummary("List inexplicit number orders")
            .WithDescription("The account's inexplicit number orders, newest first.")
            .WithQueryParameters(Integer("page_number", "The page to load, from 1 (default 1)."), Integer("page_size", "Results per page, 1 to 250 (default 20)."));
        inexplicit.MapGet("/{id}", GetInexplicit).WithName("RetrieveInexplicitNumberOrder").WithSummary("Retrieve an inexplicit number order")
            .WithDescription("One inexplicit number order of the account, with each group's allocation and the number orders placed for it.");

        var advanced = v2.MapGroup("/advanced_orders").WithTags("Telnyx: advanced orders");
        advanced.MapPost("", CreateAdvanced).WithName("create_advanced_order_v2").WithSummary("Create Advanced Order")
            .WithDescription("Orders quantity numbers (1 to 10000) of a country (default US), phone_number_type (default local) and optional area_code, " +
                "served like a number request: what stock has now, the rest as it arrives. status: pending, processing (some assigned), ordered.")
            .WithRequestExample(new AdvancedOrderRequest(AreaCode: "312", CountryCode: "US", PhoneNumberType: "local", Quantity: 2, Features: ["voice"]));
        advanced.MapGet("", ListAdvanced).WithName("list_advanced_orders_v2").WithSummary("List Advanced Orders")
            .WithDescription("The account's advanced orders, newest first.");
        advanced.MapGet("/{order_id}", GetAdvanced).WithName("get_advanced_order_v2").WithSummary("Get Advanced Order")
            .WithDescription("One advanced order of the account.");
        advanced.MapPatch("/{advanced_order_id}/requirement_group", UpdateAdvanced).WithName("update_advanced_order_v2").WithSummary("Update Advanced Order")
            .WithDescription("Sets the order's requirement_group_id (and comments, customer_reference). The criteria of an order being served do not " +
                "change: a different country, type, area code, quantity or features is refused.")
            .WithRequestExample(new AdvancedOrderRequest(RequirementGroupId: "3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        return v2;
    }

    // ---- inexplicit ----

    public static async Task<Results<Ok<OrderingData<InexplicitNumberOrderRecord>>, TelnyxProblem>> CreateInexplicit(JsonBody<InexplicitNumberOrderRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, Callbacks.OutboxSignal outbox, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        var errors = new List<DomainError>();
        var extras = OrderingInput.Extras(request.CustomerReference, request.ConnectionId, request.MessagingProfileId, request.BillingGroupId);
        errors.AddRange(extras.Errors);
        var groups = new List<OrderingGroupSpec>();
        if (request.OrderingGroups is not { Count: > 0 } input)
            errors.Add(new DomainError(ErrorCodes.Required, "ordering_groups must hold at least one group.", "/ordering_groups"));
        else if (input.Count > 100)
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "At most 100 ordering groups per order.", "/ordering_groups"));
        else
            for (var i = 0; i < input.Count; i++)
            {
                var at = $"/ordering_groups/{i}";
                if (input[i] is not { } g) { errors.Add(new DomainError(ErrorCodes.InvalidType, "Each ordering group must be an object.", at)); continue; }
                // spec3.yml: country_iso "Allowable values: US, CA".
                if (g.CountryIso is not null and not ("US" or "CA"))
                    errors.Add(new DomainError(ErrorCodes.InvalidValue, "country_iso must be US or CA.", at + "/country_iso"));
                long? count = null;
                if (g.CountRequested is not null)
                {
                    if (long.TryParse(g.CountRequested, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c)) count = c;
                    else errors.Add(new DomainError(ErrorCodes.InvalidValue, "count_requested must be a whole number written as a string, e.g. \"5\".", at + "/count_requested"));
                }
                var strategy = g.Strategy switch
                {
                    null or "always" => OrderingStrategy.Always,
                    "never" => OrderingStrategy.Never,
                    _ => (OrderingStrategy?)null,
                };
                if (strategy is null) errors.Add(new DomainError(ErrorCodes.InvalidValue, "strategy must be always or never.", at + "/strategy"));
                if (g.PhoneNumber is { } p && (p.Contains ?? p.StartsWith ?? p.EndsWith) is not null)
                    errors.Add(new DomainError(ErrorCodes.CriterionNotSupported, "Ordering by digit patterns is not supported; leave phone_number out.", at + "/phone_number"));
                errors.AddRange(Features(g.Features, at + "/features"));
                var spec = CriteriaOrder.Spec(g.CountryIso, g.PhoneNumberType, count ?? (g.CountRequested is null ? null : 0), CriteriaOrder.MaxGroupCount,
                    g.NationalDestinationCode, g.Locality, g.AdministrativeArea, at, "country_iso", "count_requested", "national_destination_code");
                if (spec.IsFailure) { errors.AddRange(spec.Errors.Where(e => !errors.Any(x => x.Pointer == e.Pointer))); continue; }
                if (strategy is { } st) groups.Add(new OrderingGroupSpec(spec.Value, st, g.Quickship, g.ExcludeHeldNumbers));
            }
        if (errors.Count > 0) return new TelnyxProblem(errors);

        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var order = await db.RunAsync(async c => Result<InexplicitNumberOrder>.Ok(
            await CriteriaOrderOperations.CreateInexplicitAsync(db, accountId, groups, extras.Value, now, TelnyxOrderNotifier.RequestStatusChangedAsync, c)), ct);
        outbox.Notify();
        return TypedResults.Ok(new OrderingData<InexplicitNumberOrderRecord>((await OrderingViews.InexplicitAsync(db, [order.Value], ct))[0]));
    }

    public static async Task<Results<Ok<OrderingList<InexplicitNumberOrderRecord>>, TelnyxProblem>> ListInexplicit(HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = OrderingQuery.Page(q, "page_number", "page_size");
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        var query = db.InexplicitNumberOrders.AsNoTracking().Where(o => o.AccountId == accountId);
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Skip((page.Number - 1) * page.Size).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new OrderingList<InexplicitNumberOrderRecord>(await OrderingViews.InexplicitAsync(db, rows, ct), OrderingQuery.Meta(page, total)));
    }

    public static async Task<Results<Ok<OrderingData<InexplicitNumberOrderRecord>>, TelnyxProblem>> GetInexplicit(string id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var accountId = http.AccountId();
        var order = OrderingQuery.Id(id) is { } orderId
            ? await db.InexplicitNumberOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.AccountId == accountId, ct)
            : null;
        if (order is null) return (TelnyxProblem)DomainError.NotFound("Inexplicit number order");
        return TypedResults.Ok(new OrderingData<InexplicitNumberOrderRecord>((await OrderingViews.InexplicitAsync(db, [order], ct))[0]));
    }

    // ---- advanced ----

    public static async Task<Results<Ok<AdvancedOrderRecord>, TelnyxProblem>> CreateAdvanced(JsonBody<AdvancedOrderRequest> body, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, Callbacks.OutboxSignal outbox, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var r = body.Result.Value;
        var spec = AdvancedSpec(r);
        if (spec.IsFailure) return new TelnyxProblem(spec.Errors);
        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var order = await db.RunAsync(async c => Result<AdvancedOrder>.Ok(
            await CriteriaOrderOperations.CreateAdvancedAsync(db, accountId, spec.Value, now, TelnyxOrderNotifier.RequestStatusChangedAsync, c)), ct);
        outbox.Notify();
        return TypedResults.Ok((await OrderingViews.AdvancedAsync(db, [order.Value], ct))[0]);
    }

    private static Result<AdvancedOrderSpec> AdvancedSpec(AdvancedOrderRequest r)
    {
        var errors = new List<DomainError>();
        // spec3.yml AdvancedOrderRequest: area_code maxLength 3, comments maxLength 255, country_code 2 letters.
        if (r.AreaCode is { Length: > 3 }) errors.Add(new DomainError(ErrorCodes.InvalidValue, "area_code holds at most 3 digits.", "/area_code"));
        if (r.Comments is { Length: > 255 }) errors.Add(new DomainError(ErrorCodes.InvalidValue, "comments is longer than 255 characters.", "/comments"));
        if (r.CustomerReference is { Length: > 255 }) errors.Add(new DomainError(ErrorCodes.InvalidValue, "customer_reference is longer than 255 characters.", "/customer_reference"));
        if (r.PhoneNumberType is not null && !TelnyxTypes.Contains(r.PhoneNumberType))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"phone_number_type must be one of: {string.Join(", ", TelnyxTypes)}.", "/phone_number_type"));
        Guid? group = null;
        if (r.RequirementGroupId is not null)
        {
            if (Guid.TryParse(r.RequirementGroupId, out var g)) group = g;
            else errors.Add(new DomainError(ErrorCodes.InvalidValue, "requirement_group_id must be a UUID.", "/requirement_group_id"));
        }
        errors.AddRange(Features(r.Features, "/features"));
        var spec = CriteriaOrder.Spec(r.CountryCode ?? "US", r.PhoneNumberType ?? "local", r.Quantity ?? 1, CriteriaOrder.MaxAdvancedQuantity,
            string.IsNullOrEmpty(r.AreaCode) ? null : r.AreaCode, null, null, "", "country_code", "quantity", "area_code");
        errors.AddRange(spec.Errors.Where(e => !errors.Any(x => x.Pointer == e.Pointer)));
        if (errors.Count > 0) return Result<AdvancedOrderSpec>.Fail(errors);
        return new AdvancedOrderSpec(spec.Value, r.Comments, r.CustomerReference, r.Features ?? [], group);
    }

    /// <summary>spec3.yml AdvancedOrderRequest.phone_number_type.</summary>
    private static readonly string[] TelnyxTypes = ["local", "mobile", "toll_free", "shared_cost", "national", "landline"];

    private static IEnumerable<DomainError> Features(IReadOnlyList<string>? features, string pointer)
    {
        if (features is null) yield break;
        if (features.Distinct(StringComparer.Ordinal).Count() != features.Count)
            yield return new DomainError(ErrorCodes.InvalidValue, "features must not repeat a feature.", pointer);
        for (var i = 0; i < features.Count; i++)
        {
            if (!TelnyxFeatures.Contains(features[i]))
                yield return new DomainError(ErrorCodes.InvalidValue, $"features[{i}] must be one of: {string.Join(", ", TelnyxFeatures)}.", $"{pointer}/{i}");
            else if (!SupportedFeatures.Contains(features[i]))
                yield return new DomainError(ErrorCodes.CriterionNotSupported,
                    $"NumberBlocks' numbers are voice numbers; '{features[i]}' cannot be promised, so it is refused rather than ignored.", $"{pointer}/{i}");
        }
    }

    public static async Task<Results<Ok<OrderingDataList<AdvancedOrderRecord>>, TelnyxProblem>> ListAdvanced(HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        // ListAdvancedOrderResponse has no paging: the newest 1000.
        var rows = await db.AdvancedOrders.AsNoTracking().Where(o => o.AccountId == accountId).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Take(1000).ToListAsync(ct);
        return TypedResults.Ok(new OrderingDataList<AdvancedOrderRecord>(await OrderingViews.AdvancedAsync(db, rows, ct)));
    }

    public static async Task<Results<Ok<AdvancedOrderRecord>, TelnyxProblem>> GetAdvanced(string order_id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var accountId = http.AccountId();
        var order = OrderingQuery.Id(order_id) is { } id
            ? await db.AdvancedOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.AccountId == accountId, ct)
            : null;
        if (order is null) return (TelnyxProblem)DomainError.NotFound("Advanced order");
        return TypedResults.Ok((await OrderingViews.AdvancedAsync(db, [order], ct))[0]);
    }

    public static async Task<Results<Ok<AdvancedOrderRecord>, TelnyxProblem>> UpdateAdvanced(string advanced_order_id, JsonBody<AdvancedOrderRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var accountId = http.AccountId();
        if (OrderingQuery.Id(advanced_order_id) is not { } id) return (TelnyxProblem)DomainError.NotFound("Advanced order");
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var r = body.Result.Value;
        var existing = await db.AdvancedOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.AccountId == accountId, ct);
        if (existing is null) return (TelnyxProblem)DomainError.NotFound("Advanced order");
        var errors = new List<DomainError>();
        void Fixed(bool changed, string field)
        {
            if (changed) errors.Add(new DomainError(ErrorCodes.OrderNotEditable, $"{field} of an order being served cannot change; place a new order.", "/" + field, ErrorKind.Conflict));
        }
        Fixed(r.CountryCode is not null && !string.Equals(r.CountryCode, existing.CountryCode, StringComparison.OrdinalIgnoreCase), "country_code");
        Fixed(r.PhoneNumberType is not null && r.PhoneNumberType != existing.PhoneNumberType, "phone_number_type");
        Fixed(r.AreaCode is not null && r.AreaCode != (existing.AreaCode ?? ""), "area_code");
        Fixed(r.Quantity is not null && r.Quantity != existing.Quantity, "quantity");
        Fixed(r.Features is not null && !r.Features.Order().SequenceEqual((System.Text.Json.JsonSerializer.Deserialize<string[]>(existing.FeaturesJson) ?? []).Order()), "features");
        Guid? group = null;
        if (r.RequirementGroupId is not null)
        {
            if (Guid.TryParse(r.RequirementGroupId, out var g)) group = g;
            else errors.Add(new DomainError(ErrorCodes.InvalidValue, "requirement_group_id must be a UUID.", "/requirement_group_id"));
        }
        if (r.Comments is { Length: > 255 }) errors.Add(new DomainError(ErrorCodes.InvalidValue, "comments is longer than 255 characters.", "/comments"));
        if (r.CustomerReference is { Length: > 255 }) errors.Add(new DomainError(ErrorCodes.InvalidValue, "customer_reference is longer than 255 characters.", "/customer_reference"));
        if (errors.Count > 0) return new TelnyxProblem(errors);
        var now = clock.GetUtcNow();
        var order = await db.RunAsync(c => CriteriaOrderOperations.UpdateAdvancedAsync(db, accountId, id, group, r.Comments, r.CustomerReference, now, c), ct);
        if (order.IsFailure) return new TelnyxProblem(order.Errors);
        return TypedResults.Ok((await OrderingViews.AdvancedAsync(db, [order.Value], ct))[0]);
    }
}
