using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Outbound;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx porting orders: /v2/porting_orders and its actions.</summary>
public static class PortingOrdersApi
{
    /// <summary>Telnyx: include_phone_numbers includes "the first 50 phone number objects".</summary>
    private const int IncludedPhoneNumbers = 50;

    public static RouteGroupBuilder MapPortingOrders(this RouteGroupBuilder v2)
    {
        var orders = v2.MapGroup("/porting_orders").WithTags("Porting Orders");
        orders.MapGet("", List).WithName("ListPortingOrders");
        orders.MapPost("", Create).WithName("CreatePortingOrder");
        orders.MapGet("/{id}", Get).WithName("GetPortingOrder");
        orders.MapPatch("/{id}", Update).WithName("UpdatePortingOrder");
        orders.MapDelete("/{id}", Delete).WithName("DeletePortingOrder");
        orders.MapPost("/{id}/actions/confirm", Confirm).WithName("ConfirmPortingOrder");
        orders.MapPost("/{id}/actions/cancel", Cancel).WithName("CancelPortingOrder");
        return v2;
    }

    public static async Task<IResult> Create(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return TelnyxErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return TelnyxErrors.ToResult(input.Errors);
        var root = body.Value;

        var numbers = ReadPhoneNumbers(input, root);
        List<RawBlock?>? blocks = null;
        if (input.Array(root, "phone_number_blocks", "/phone_number_blocks", maxItems: PortingOrderDraft.MaxBlocks) is { } items)
        {
            blocks = [];
            for (var i = 0; i < items.Count; i++)
            {
                var p = $"/phone_number_blocks/{i}";
                if (!input.RequireObject(items[i], p)) { blocks.Add(null); continue; }
                blocks.Add(new RawBlock(TelnyxInput.Range(input, items[i], "phone_number_range", p + "/phone_number_range"),
                    TelnyxInput.Ranges(input, items[i], "activation_ranges", p + "/activation_ranges")));
            }
        }
        var bookkeeping = new OrderBookkeeping(
            input.String(root, "customer_reference", "/customer_reference"),
            input.String(root, "customer_group_reference", "/customer_group_reference"));
        if (input.HasErrors) return TelnyxErrors.ToResult(input.Errors);

        var groups = PortingOrderDraft.Split(numbers, blocks);
        if (groups.IsFailure) return TelnyxErrors.ToResult(groups.Errors);

        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var created = await db.RunAsync(c => PortingOrderOperations.CreateOrdersAsync(db, accountId, groups.Value, bookkeeping, now, c), ct);
        if (created.IsFailure) return TelnyxErrors.ToResult(created.Errors);

        var data = new List<object>();
        foreach (var order in created.Value)
            data.Add(TelnyxViews.Order(order, await FirstNumbersAsync(db, order.Id, ct)));
        return Results.Json(new { data }, TelnyxJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>phone_numbers as Telnyx documents it (strings), or as older clients send it ({"phone_number": "…"}).</summary>
    private static List<string?>? ReadPhoneNumbers(JsonInput input, JsonElement root)
    {
        var items = input.Array(root, "phone_numbers", "/phone_numbers", maxItems: PortingOrderDraft.MaxSingleNumbers);
        if (items is null) return null;
        var numbers = new List<string?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var p = $"/phone_numbers/{i}";
            switch (items[i].ValueKind)
            {
                case JsonValueKind.String: numbers.Add(items[i].GetString()); break;
                case JsonValueKind.Object: numbers.Add(input.String(items[i], "phone_number", p + "/phone_number", required: true, maxLength: 32)); break;
                default:
                    input.Add(new DomainError(ErrorCodes.InvalidType, $"phone_numbers/{i} must be an E.164 string, got {JsonInput.Describe(items[i])}.", p));
                    numbers.Add(null);
                    break;
            }
        }
        return numbers;
    }

    public static async Task<IResult> Get(string id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var order = await FindAsync(db, http, id, ct);
        if (order is null) return NotFound();
        var include = !string.Equals(http.Request.Query["include_phone_numbers"], "false", StringComparison.OrdinalIgnoreCase);
        return Results.Json(new { data = TelnyxViews.Order(order, include ? await FirstNumbersAsync(db, order.Id, ct) : null), meta = TelnyxViews.OrderMeta(order.Id) },
            TelnyxJson.Options);
    }

    public static async Task<IResult> List(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        if (page.IsFailure) return TelnyxErrors.ToResult(page.Errors);
        var descending = TelnyxQuery.SortDescending(q);
        if (descending.IsFailure) return TelnyxErrors.ToResult(descending.Errors);
        var statuses = TelnyxQuery.EnumFilter(q, "status", PortingOrderStatuses.WireNames.ToArray());
        if (statuses.IsFailure) return TelnyxErrors.ToResult(statuses.Errors);
        // Issue 3: PostgreSQL cannot compare text holding U+0000; such a value can match nothing stored, so say so.
        foreach (var field in new[] { "customer_reference", "customer_group_reference", "phone_numbers.country_code" })
            if (TelnyxQuery.Filter(q, field)?.Any(v => v.Contains('\0', StringComparison.Ordinal)) == true)
                return TelnyxErrors.ToResult(DomainError.InvalidParameter($"filter[{field}]", $"filter[{field}] must not contain the NUL character."));

        var accountId = http.AccountId();
        var query = db.PortingOrders.AsNoTracking().Where(o => o.AccountId == accountId);
        if (statuses.Value is { } s) query = query.Where(o => s.Contains(o.Status));
        if (TelnyxQuery.Filter(q, "customer_reference") is { } refs) query = query.Where(o => o.CustomerReference != null && refs.Contains(o.CustomerReference));
        if (TelnyxQuery.Filter(q, "customer_group_reference") is { } groups) query = query.Where(o => o.CustomerGroupReference != null && groups.Contains(o.CustomerGroupReference));
        if (TelnyxQuery.Filter(q, "phone_numbers.country_code") is { } countries) query = query.Where(o => countries.Contains(o.CountryCode));

        var total = await query.LongCountAsync(ct);
        var ordered = descending.Value ? query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id) : query.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id);
        var orders = await ordered.Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        var include = string.Equals(q["include_phone_numbers"], "true", StringComparison.OrdinalIgnoreCase);
        var data = new List<object>(orders.Count);
        foreach (var o in orders) data.Add(TelnyxViews.Order(o, include ? await FirstNumbersAsync(db, o.Id, ct) : null));
        return Results.Json(new { data, meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    public static async Task<IResult> Update(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, OutboundGuard guard, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return TelnyxErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return TelnyxErrors.ToResult(input.Errors);
        var root = body.Value;
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();

        var result = await db.RunAsync<PortingOrder>(async c =>
        {
            var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, c);
            if (order is null) return DomainError.NotFound("Porting order");
            ApplyPatch(input, root, order, guard);
            if (input.HasErrors) return Result<PortingOrder>.Fail(input.Errors);
            if (PortingOrderRules.EnsureEditable(PortingOrderOperations.ParseStatus(order), "A porting order can be edited") is { } notEditable)
                return notEditable;
            order.UpdatedAt = now;
            return order;
        }, ct);
        if (result.IsFailure) return TelnyxErrors.ToResult(result.Errors);
        return Results.Json(new { data = TelnyxViews.Order(result.Value, null), meta = TelnyxViews.OrderMeta(orderId) }, TelnyxJson.Options);
    }

    /// <summary>PATCH semantics as Telnyx states them: absent attributes keep their values; explicit null clears.</summary>
    private static void ApplyPatch(JsonInput input, JsonElement root, PortingOrder order, OutboundGuard guard)
    {
        if (root.TryGetProperty("customer_reference", out _)) order.CustomerReference = input.String(root, "customer_reference", "/customer_reference");
        if (root.TryGetProperty("customer_group_reference", out _)) order.CustomerGroupReference = input.String(root, "customer_group_reference", "/customer_group_reference");
        if (root.TryGetProperty("webhook_url", out _))
        {
            var url = input.String(root, "webhook_url", "/webhook_url", maxLength: OutboundUrl.MaxLength);
            // Porting events are POSTed there through the outbox: the one outbound-URL guard, as for every callback.
            var checkedUrl = url is null ? null : (Domain.Errors.Result<Uri>?)guard.CheckUrl(url, "/webhook_url");
            if (checkedUrl is { IsFailure: true } bad) input.AddRange(bad.Errors);
            else order.WebhookUrl = checkedUrl?.Value.OriginalString;
        }
        if (input.Object(root, "activation_settings", "/activation_settings") is { } settings && settings.TryGetProperty("foc_datetime_requested", out _))
            order.FocDatetimeRequested = input.Instant(settings, "foc_datetime_requested", "/activation_settings/foc_datetime_requested");
        if (input.Object(root, "end_user", "/end_user") is { } endUser)
        {
            var stored = order.EndUserJson is null ? null : JsonNode.Parse(order.EndUserJson) as JsonObject;
            var admin = TelnyxInput.StringFields(input, endUser, "admin", "/end_user/admin", "account_number", "auth_person_name",
                "billing_phone_number", "business_identifier", "entity_name", "pin_passcode", "tax_identifier");
            var location = TelnyxInput.StringFields(input, endUser, "location", "/end_user/location", "administrative_area", "country_code",
                "extended_address", "locality", "postal_code", "street_address");
            var merged = new JsonObject
            {
                ["admin"] = admin ?? stored?["admin"]?.DeepClone(),
                ["location"] = location ?? stored?["location"]?.DeepClone(),
            };
            order.EndUserJson = merged.ToJsonString();
        }
        if (TelnyxInput.StringFields(input, root, "documents", "/documents", "invoice", "loa") is { } documents)
            order.DocumentsJson = documents.ToJsonString();
        if (root.TryGetProperty("misc", out var misc))
        {
            if (misc.ValueKind == JsonValueKind.Null) order.MiscJson = null;
            else if (TelnyxInput.StringFields(input, root, "misc", "/misc", "new_billing_phone_number", "remaining_numbers_action", "type") is { } m)
            {
                if (m["type"]?.GetValue<string>() is { } t && t is not ("full" or "partial"))
                    input.Add(new DomainError(ErrorCodes.InvalidValue, "misc.type must be full or partial.", "/misc/type"));
                if (m["remaining_numbers_action"]?.GetValue<string>() is { } a && a is not ("keep" or "disconnect"))
                    input.Add(new DomainError(ErrorCodes.InvalidValue, "misc.remaining_numbers_action must be keep or disconnect.", "/misc/remaining_numbers_action"));
                order.MiscJson = m.ToJsonString();
            }
        }
        if (input.Object(root, "messaging", "/messaging") is { } messaging && input.Boolean(messaging, "enable_messaging", "/messaging/enable_messaging") is { } enable)
            order.EnableMessaging = enable;
        if (input.Object(root, "user_feedback", "/user_feedback") is { } feedback)
        {
            var comment = input.String(feedback, "user_comment", "/user_feedback/user_comment");
            var rating = input.Integer(feedback, "user_rating", "/user_feedback/user_rating");
            order.UserFeedbackJson = new JsonObject { ["user_comment"] = comment, ["user_rating"] = rating }.ToJsonString();
        }
        if (input.Object(root, "phone_number_configuration", "/phone_number_configuration") is { } config)
        {
            var c = TelnyxInput.StringFields(input, root, "phone_number_configuration", "/phone_number_configuration",
                "billing_group_id", "connection_id", "emergency_address_id", "messaging_profile_id")!;
            var tags = new JsonArray();
            if (input.Array(config, "tags", "/phone_number_configuration/tags", maxItems: 100) is { } items)
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i].ValueKind == JsonValueKind.String) tags.Add(items[i].GetString());
                    else input.Add(new DomainError(ErrorCodes.InvalidType, "Tags are strings.", $"/phone_number_configuration/tags/{i}"));
                }
            c["tags"] = tags;
            order.PhoneNumberConfigurationJson = c.ToJsonString();
        }
    }

    public static async Task<IResult> Delete(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingCompletionOperations.DeleteDraftAsync(db, accountId, orderId, now, null, c), ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        return result.IsFailure ? TelnyxErrors.ToResult(result.Errors) : Results.NoContent();
    }

    /// <summary>Telnyx actions/confirm: draft → in-process.</summary>
    public static Task<IResult> Confirm(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct) =>
        MoveAsync(id, PortingOrderStatus.InProcess, http, db, clock, ct);

    /// <summary>Telnyx actions/cancel: the order goes to cancel-pending until the carrier side confirms the cancellation.</summary>
    /// <remarks>Issue 6: refused within 48 hours of a confirmed FOC date.</remarks>
    public static async Task<IResult> Cancel(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingCompletionOperations.CancelAsync(db, accountId, orderId, now, c), ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        if (result.IsFailure) return TelnyxErrors.ToResult(result.Errors);
        return Results.Json(new { data = TelnyxViews.Order(result.Value, null), meta = TelnyxViews.OrderMeta(orderId) }, TelnyxJson.Options);
    }

    private static async Task<IResult> MoveAsync(string id, PortingOrderStatus target, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync<PortingOrder>(async c =>
        {
            var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, c);
            if (order is null) return DomainError.NotFound("Porting order");
            return await PortingOrderOperations.MoveStatusAsync(db, order, target, now, c, pointer: "/status/value");
        }, ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        if (result.IsFailure) return TelnyxErrors.ToResult(result.Errors);
        return Results.Json(new { data = TelnyxViews.Order(result.Value, null), meta = TelnyxViews.OrderMeta(orderId) }, TelnyxJson.Options);
    }

    internal static async Task<PortingOrder?> FindAsync(NumberBlocksDbContext db, HttpContext http, string id, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return null;
        var accountId = http.AccountId();
        return await db.PortingOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.AccountId == accountId, ct);
    }

    private static Task<List<PortingPhoneNumber>> FirstNumbersAsync(NumberBlocksDbContext db, Guid orderId, CancellationToken ct) =>
        db.PortingPhoneNumbers.AsNoTracking().Where(n => n.PortingOrderId == orderId).OrderBy(n => n.PhoneNumber).Take(IncludedPhoneNumbers).ToListAsync(ct);

    internal static IResult NotFound() => TelnyxErrors.ToResult(DomainError.NotFound("Porting order"));
}
