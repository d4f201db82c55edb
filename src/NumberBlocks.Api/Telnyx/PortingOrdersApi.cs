using NumberBlocks.Api.Auth;
using Microsoft.Extensions.Options;
using NumberBlocks.Data.Documents;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx porting orders: /v2/porting_orders and its actions (telnyx-porting-core.yml).</summary>
public static class PortingOrdersApi
{
    /// <summary>Telnyx QueryIncludePhoneNumbers: "Include the first 50 phone number objects in the results", default true.</summary>
    public const int IncludedPhoneNumbers = 50;

    private const string Tag = "Telnyx: porting orders";

    /// <summary>GET /v2/porting_orders filters: the spec's, and the consolidated ones Telnyx's other lists take (status, support_key).</summary>
    public static readonly TelnyxFilterSpec Filters = new(
        FilterField.Enum("status", "Porting order status(es).", TelnyxWire.Names<TelnyxPortingOrderStatus>()),
        FilterField.Text("customer_reference", "Filter by customer_reference.", FilterOp.Contains),
        FilterField.Text("customer_group_reference", "Filter by customer_group_reference.", FilterOp.Contains),
        FilterField.Text("support_key", "Filter by support key(s)."),
        FilterField.Text("parent_support_key", "Filter by parent_support_key."),
        FilterField.Text("phone_numbers.country_code", "Filter by country (ISO 3166-1 alpha-2)."),
        FilterField.Text("phone_numbers.carrier_name", "Filter by the old service provider.", FilterOp.Contains),
        FilterField.Phone("phone_numbers.phone_number", "Orders holding this number; [contains] takes full or partial digits.", FilterOp.Contains),
        FilterField.Enum("misc.type", "Filter by porting order type.", TelnyxWire.Names<TelnyxPortingOrderType>()),
        FilterField.Text("end_user.admin.entity_name", "Filter by person or company name.", FilterOp.Contains),
        FilterField.Text("end_user.admin.auth_person_name", "Filter by authorized person.", FilterOp.Contains),
        FilterField.Boolean("activation_settings.fast_port_eligible", "Filter by FastPort eligibility."),
        FilterField.Instant("activation_settings.foc_datetime_requested", "Filter by requested FOC date/time (later than gt, earlier than lt).",
            FilterOp.Gt, FilterOp.Gte, FilterOp.Lt, FilterOp.Lte));

    public static readonly string[] Sorts =
        ["created_at", "-created_at", "activation_settings.foc_datetime_requested", "-activation_settings.foc_datetime_requested"];

    /// <summary>
    /// The CSV columns of GET /v2/porting_orders (Accept: text/csv). Telnyx documents no porting order CSV; these are
    /// the order's scalar fields in the spec's names, nested ones dotted, in the order the PortingOrder schema gives them.
    /// </summary>
    public static readonly string[] CsvColumns =
    [
        "id", "status", "phone_number_type", "porting_phone_numbers_count", "customer_reference", "customer_group_reference",
        "support_key", "parent_support_key", "activation_settings.fast_port_eligible", "activation_settings.foc_datetime_requested",
        "activation_settings.foc_datetime_actual", "webhook_url", "created_at", "updated_at",
    ];

    public static RouteGroupBuilder MapPortingOrders(this RouteGroupBuilder v2)
    {
        var orders = v2.MapGroup("/porting_orders").WithTags(Tag);
        orders.MapGet("", List).WithName("ListPortingOrders")
            .WithSummary("List all porting orders")
            .WithDescription("Returns a list of your porting orders, newest first unless sort[value] says otherwise, each with its first 50 " +
                "phone numbers unless include_phone_numbers=false. Filters take every Telnyx style (filter[x]=a,b; filter[x][eq]=a; " +
                "filter[x][in][]=a; nested filter[a][b][op]=v); an unknown filter is 422. With 'Accept: text/csv' the same page is CSV " +
                "with the columns " + string.Join(",", CsvColumns) + ".")
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, Sorts, Paged: true, IncludePhoneNumbers: true, Csv: "One line per order: " + string.Join(",", CsvColumns)));
        orders.MapPost("", Create).WithName("CreatePortingOrder")
            .WithSummary("Create a porting order")
            .WithDescription("Creates draft porting orders for phone_numbers and/or phone_number_blocks (seed 001), one order per country " +
                "and number type, claiming every number in the ledger: all or nothing. A number held elsewhere is 422 naming it.")
            .WithRequestExample(new CreatePortingOrderRequest(["+13035550000", "+13035550001"],
                [new CreatePortingPhoneNumberBlockRequest(new NumberRangeInput("+4920123456000", "+4920123456099"),
                    [new NumberRangeInput("+4920123456000", "+4920123456064"), new NumberRangeInput("+4920123456087", "+4920123456087")])],
                "Acct 123abc", "Group-456"));
        orders.MapGet("/{id}", Get).WithName("GetPortingOrder")
            .WithSummary("Retrieve a porting order")
            .WithDescription("Retrieves the details of an existing porting order, with its first 50 phone numbers unless include_phone_numbers=false. " +
                "A sharing token of the order (actions/share) may call this with 'Authorization: Bearer <token>'.")
            .WithMetadata(new SharingTokenReads("id"))
            .WithTelnyxQuery(new TelnyxQueryDoc(IncludePhoneNumbers: true));
        orders.MapPatch("/{id}", Update).WithName("UpdatePortingOrder")
            .WithSummary("Edit a porting order")
            .WithDescription("Edits an order in draft, in-process or exception. A field sent replaces that field, at every level of nesting; a " +
                "field not sent keeps its value; null clears a field where the spec allows null (misc, documents, end_user and " +
                "configuration ids, user_feedback). Atomic: a refused patch changes nothing. updated_at moves.")
            .WithRequestExample(new UpdatePortingOrderRequest(
                new UpdateActivationSettingsInput(new DateTimeOffset(2026, 12, 8, 15, 0, 0, TimeSpan.Zero)),
                "Group-789",
                "Test1234",
                new PortingOrderDocumentsInput(Guid.Parse("3a5b98a0-5049-47c3-96e1-aa6c8d119117"), null),
                new PortingOrderEndUserInput(
                    new EndUserAdminInput("123abc", "Porter McPortersen II", "+13035551234", null, "Porter McPortersen", "1234", null),
                    new EndUserLocationInput("TX", "US", "14th Floor", "Austin", "78701", "600 Congress Avenue")),
                new UpdateMessagingInput(true),
                new PortingOrderMiscInput(null, null, TelnyxPortingOrderType.Full),
                new PortingOrderPhoneNumberConfigurationInput(null, "1752379429071357070", null, null, ["abc"]),
                null,
                [],
                new PortingOrderUserFeedbackInput("Smooth port", 5),
                "https://example.com/porting_webhooks"));
        orders.MapDelete("/{id}", Delete).WithName("DeletePortingOrder")
            .WithSummary("Delete a porting order")
            .WithDescription("Deletes a draft porting order and releases its numbers. This operation is restricted to porting orders in draft state.");
        orders.MapPost("/{id}/actions/confirm", Confirm).WithName("ConfirmPortingOrder")
            .WithSummary("Submit a porting order")
            .WithDescription("Confirms a draft: draft → in-process; an order in exception, once fixed, is resubmitted the same way. The " +
                "order gets its support key; a porting_order.status_changed event is sent. Refused (422, one error per requirement, " +
                "naming it and the field that gives it) while a requirement of GET /v2/porting_orders/{id}/requirements is pending " +
                "or an action requirement is not completed.");
        orders.MapPost("/{id}/actions/cancel", Cancel).WithName("CancelPortingOrder")
            .WithSummary("Cancel a porting order")
            .WithDescription("Requests cancellation: the order goes to cancel-pending until the carrier side confirms it. Refused within 48 hours " +
                "of a confirmed FOC date.");
        orders.MapPost("/{id}/actions/share", Share).WithName("SharePortingOrder")
            .WithSummary("Share a porting order")
            .WithDescription("Creates a sharing token for a porting order (a signed JWT). Presented as 'Authorization: Bearer <token>', it reads that " +
                "one order (GET /v2/porting_orders/{id} and its blocks, extensions and activation jobs) until it expires; it changes nothing. " +
                "expires_in_seconds is 1 to 172800 (default 3600); permissions default to porting_order.document.read.")
            .WithRequestExample(new SharePortingOrderRequest(3600, TelnyxSharingPermission.DocumentRead));
        return v2;
    }

    public static async Task<Results<Ok<TelnyxList<PortingOrderRecord>>, ContentHttpResult, TelnyxProblem>> List(HttpContext http,
        [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var sort = TelnyxPaging.Sort(q, Sorts, "-created_at");
        var include = q.Boolean("include_phone_numbers") ?? true;
        var filters = Filters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var query = Filtered(db, db.PortingOrders.AsNoTracking().Where(o => o.AccountId == accountId), filters);
        var total = await query.LongCountAsync(ct);
        var ordered = sort switch
        {
            "created_at" => query.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id),
            // Orders without a requested FOC date come last either way.
            "activation_settings.foc_datetime_requested" => query.OrderBy(o => o.FocDatetimeRequested == null).ThenBy(o => o.FocDatetimeRequested).ThenBy(o => o.Id),
            "-activation_settings.foc_datetime_requested" => query.OrderBy(o => o.FocDatetimeRequested == null).ThenByDescending(o => o.FocDatetimeRequested).ThenByDescending(o => o.Id),
            _ => query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id),
        };
        var page = ordered.Skip(paging.Skip).Take(paging.Size);
        if (TelnyxCsv.IsWanted(http.Request)) return TelnyxCsv.Write(CsvColumns, (await page.ToListAsync(ct)).Select(CsvRow));
        var orders = await page.ToListAsync(ct);
        var numbers = include ? await FirstNumbersAsync(db, orders.Select(o => o.Id).ToList(), ct) : null;
        var records = orders.Select(o => TelnyxViews.Order(o, numbers?[o.Id].ToList())).ToList();
        return TypedResults.Ok(new TelnyxList<PortingOrderRecord>(records, paging.Meta(total)));
    }

    /// <summary>The filters of GET /v2/porting_orders as SQL over indexed columns (migration 0012 lists the indexes).</summary>
    private static IQueryable<PortingOrder> Filtered(NumberBlocksDbContext db, IQueryable<PortingOrder> query, TelnyxFilters f)
    {
        query = query.WhereIn(o => o.Status, f.Enums<PortingOrderStatus, TelnyxPortingOrderStatus>("status"));
        query = query.WhereIn(o => o.CustomerReference, f.Values("customer_reference")).WhereContains(o => o.CustomerReference, f.Contains("customer_reference"));
        query = query.WhereIn(o => o.CustomerGroupReference, f.Values("customer_group_reference"))
            .WhereContains(o => o.CustomerGroupReference, f.Contains("customer_group_reference"));
        query = query.WhereIn(o => o.SupportKey, f.Values("support_key"));
        // Telnyx's parent key of an order is "pr_" with its support key's digits (TelnyxViews.ParentSupportKey).
        query = query.WhereIn(o => o.SupportKey, f.Values("parent_support_key")?.Select(p => p.StartsWith("pr_", StringComparison.Ordinal) ? "sr_" + p[3..] : "").ToList());
        query = query.WhereIn(o => o.CountryCode, f.Values("phone_numbers.country_code"));
        query = query.WhereIn(o => o.OldServiceProviderOcn, f.Values("phone_numbers.carrier_name"))
            .WhereContains(o => o.OldServiceProviderOcn, f.Contains("phone_numbers.carrier_name"));
        if (f.PhoneNumbers("phone_numbers.phone_number") is { } numbers)
            query = query.Where(o => db.PortingPhoneNumbers.Any(n => n.PortingOrderId == o.Id && numbers.Contains(n.PhoneNumber)));
        if (f.Contains("phone_numbers.phone_number") is { } digits)
        {
            var part = digits.TrimStart('+');
            query = query.Where(o => db.PortingPhoneNumbers.Any(n => n.PortingOrderId == o.Id && n.PhoneNumber.ToString().Contains(part)));
        }
        query = query.WhereIn(o => o.MiscType, f.Enums<PortingOrderType, TelnyxPortingOrderType>("misc.type"));
        query = query.WhereIn(o => o.AdminEntityName, f.Values("end_user.admin.entity_name"))
            .WhereContains(o => o.AdminEntityName, f.Contains("end_user.admin.entity_name"));
        query = query.WhereIn(o => o.AdminAuthPersonName, f.Values("end_user.admin.auth_person_name"))
            .WhereContains(o => o.AdminAuthPersonName, f.Contains("end_user.admin.auth_person_name"));
        // FastPort eligibility is a rule of the country (PortingCompletion.IsFastPortEligible): US orders are eligible.
        if (f.Boolean("activation_settings.fast_port_eligible") is { } fast)
            query = fast ? query.Where(o => o.CountryCode == "US") : query.Where(o => o.CountryCode != "US");
        query = query.WhereBounds(o => o.FocDatetimeRequested, f.Bounds("activation_settings.foc_datetime_requested"));
        return query;
    }

    private static IReadOnlyList<string?> CsvRow(PortingOrder o) =>
    [
        o.Id.ToString(), o.Status.ToTelnyx() is var s ? TelnyxWire.Name(s) : null, PhoneNumberTypes.TelnyxNameOf(o.PhoneNumberType),
        o.PhoneNumberCount.ToString(System.Globalization.CultureInfo.InvariantCulture), o.CustomerReference, o.CustomerGroupReference,
        o.SupportKey, TelnyxViews.ParentSupportKey(o.SupportKey), PortingCompletion.IsFastPortEligible(o.CountryCode) ? "true" : "false",
        Rfc3339.Format(o.FocDatetimeRequested), Rfc3339.Format(o.FocDatetimeActual), o.WebhookUrl, Rfc3339.Format(o.CreatedAt), Rfc3339.Format(o.UpdatedAt),
    ];

    public static async Task<Results<Created<TelnyxData<IReadOnlyList<PortingOrderRecord>>>, TelnyxProblem>> Create(
        JsonBody<CreatePortingOrderRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        var refused = new List<DomainError>();
        if (FreeText.Check(request.CustomerReference, "/customer_reference") is { } r1) refused.Add(r1);
        if (FreeText.Check(request.CustomerGroupReference, "/customer_group_reference") is { } r2) refused.Add(r2);
        if (refused.Count > 0) return new TelnyxProblem(refused);

        var blocks = request.PhoneNumberBlocks?.Select(b => (RawBlock?)new RawBlock(Raw(b.PhoneNumberRange),
            b.ActivationRanges?.Select(Raw).ToList())).ToList();
        var groups = PortingOrderDraft.Split(request.PhoneNumbers?.Select(n => (string?)n).ToList(), blocks);
        if (groups.IsFailure) return new TelnyxProblem(groups.Errors);

        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var bookkeeping = new OrderBookkeeping(request.CustomerReference, request.CustomerGroupReference);
        var created = await db.RunAsync(c => PortingOrderOperations.CreateOrdersAsync(db, accountId, groups.Value, bookkeeping, now, c), ct);
        if (created.IsFailure) return new TelnyxProblem(created.Errors);

        var data = new List<PortingOrderRecord>();
        foreach (var order in created.Value)
            data.Add(TelnyxViews.Order(order, await FirstNumbersAsync(db, order.Id, ct)));
        return TypedResults.Created($"/v2/porting_orders/{data[0].Id}", new TelnyxData<IReadOnlyList<PortingOrderRecord>>(data));
    }

    internal static RawRange? Raw(NumberRangeInput? range) => range is null ? null : new RawRange(range.StartAt, range.EndAt);

    public static async Task<Results<Ok<TelnyxOrderAnswer>, TelnyxProblem>> Get(string id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var include = q.Boolean("include_phone_numbers") ?? true;
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        var (order, numbers) = await PortingOrderReads.OrderWithNumbersAsync(db, http.AccountId(), orderId, include ? IncludedPhoneNumbers : 0, ct);
        if (order is null) return NotFound();
        return TypedResults.Ok(new TelnyxOrderAnswer(TelnyxViews.Order(order, numbers), TelnyxViews.OrderMeta(order.Id)));
    }

    public static async Task<Results<Ok<TelnyxOrderAnswer>, TelnyxProblem>> Update(string id, JsonPatchBody<UpdatePortingOrderRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, OutboundGuard guard, IOptions<PortingRuleSettings> settings, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var patch = ReadPatch(body, guard, out var refused);
        if (refused.Count > 0) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        // The documents named must be the account's own uploads (DocumentStore), so an order never names one it cannot show.
        var documents = new List<(Guid, string)>();
        if (patch.Loa is { IsSet: true, Value: { } loa }) documents.Add((loa, "/documents/loa"));
        if (patch.Invoice is { IsSet: true, Value: { } invoice }) documents.Add((invoice, "/documents/invoice"));
        var result = await db.RunAsync<PortingOrder>(async c =>
        {
            var notOwned = await DocumentStore.CheckOwnedAsync(db, accountId, documents, c);
            if (notOwned.Count > 0) return Result<PortingOrder>.Fail(notOwned);
            if (settings.Value.EnforceRequirements && patch.FocDatetimeRequested is { IsSet: true, Value: { } foc }
                && await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, c) is { } order
                && FocWindows.Check(order.CountryCode, foc, now, "/activation_settings/foc_datetime_requested") is { } outside)
                return outside;
            return await PortingOrderOperations.UpdateDetailsAsync(db, accountId, orderId, patch, now, c);
        }, ct);
        if (result.IsFailure) return new TelnyxProblem(result.Errors);
        return TypedResults.Ok(new TelnyxOrderAnswer(TelnyxViews.Order(result.Value, null), TelnyxViews.OrderMeta(orderId)));
    }

    /// <summary>
    /// The fields a PATCH body sent, field by field, as the domain's patch; refusals of the values, each at its pointer.
    /// A member is taken only when the body named it, so a member left out keeps its stored value.
    /// </summary>
    private static PortingOrderPatch ReadPatch(JsonPatchBody<UpdatePortingOrderRequest> body, OutboundGuard guard, out List<DomainError> refused)
    {
        var r = body.Result.Value;
        Optional<T> Sent<T>(Func<T> value, params string[] path) => body.Has(path) ? new Optional<T>(true, value()) : default;
        refused = [];
        if (body.Has("requirement_group_id") && r.RequirementGroupId is not null)
            refused.Add(new DomainError(ErrorCodes.InvalidValue,
                "NumberBlocks keeps no requirement groups; give the documents and end_user details directly.", "/requirement_group_id"));
        // Porting events are POSTed there through the outbox: the one outbound-URL guard, as for every callback.
        var webhookUrl = r.WebhookUrl;
        if (body.Has("webhook_url") && webhookUrl is not null)
        {
            var checkedUrl = guard.CheckUrl(webhookUrl, "/webhook_url");
            if (checkedUrl.IsFailure) refused.AddRange(checkedUrl.Errors);
            else webhookUrl = checkedUrl.Value.OriginalString;
        }

        var patch = new PortingOrderPatch
        {
            CustomerReference = Sent<string?>(() => r.CustomerReference, "customer_reference"),
            CustomerGroupReference = Sent<string?>(() => r.CustomerGroupReference, "customer_group_reference"),
            WebhookUrl = Sent<string?>(() => webhookUrl, "webhook_url"),
            FocDatetimeRequested = Sent<DateTimeOffset?>(() => r.ActivationSettings.FocDatetimeRequested, "activation_settings", "foc_datetime_requested"),
            EnableMessaging = Sent(() => r.Messaging.EnableMessaging, "messaging", "enable_messaging"),

            AccountNumber = Sent(() => r.EndUser.Admin.AccountNumber, "end_user", "admin", "account_number"),
            AuthPersonName = Sent(() => r.EndUser.Admin.AuthPersonName, "end_user", "admin", "auth_person_name"),
            BillingPhoneNumber = Sent(() => r.EndUser.Admin.BillingPhoneNumber, "end_user", "admin", "billing_phone_number"),
            BusinessIdentifier = Sent(() => r.EndUser.Admin.BusinessIdentifier, "end_user", "admin", "business_identifier"),
            EntityName = Sent(() => r.EndUser.Admin.EntityName, "end_user", "admin", "entity_name"),
            PinPasscode = Sent(() => r.EndUser.Admin.PinPasscode, "end_user", "admin", "pin_passcode"),
            TaxIdentifier = Sent(() => r.EndUser.Admin.TaxIdentifier, "end_user", "admin", "tax_identifier"),

            AdministrativeArea = Sent(() => r.EndUser.Location.AdministrativeArea, "end_user", "location", "administrative_area"),
            LocationCountryCode = Sent(() => r.EndUser.Location.CountryCode, "end_user", "location", "country_code"),
            ExtendedAddress = Sent(() => r.EndUser.Location.ExtendedAddress, "end_user", "location", "extended_address"),
            Locality = Sent(() => r.EndUser.Location.Locality, "end_user", "location", "locality"),
            PostalCode = Sent(() => r.EndUser.Location.PostalCode, "end_user", "location", "postal_code"),
            StreetAddress = Sent(() => r.EndUser.Location.StreetAddress, "end_user", "location", "street_address"),

            Invoice = Sent(() => r.Documents.Invoice, "documents", "invoice"),
            Loa = Sent(() => r.Documents.Loa, "documents", "loa"),

            ClearMisc = body.IsNull("misc"),
            MiscType = body.IsNull("misc") ? default : Sent<PortingOrderType?>(() => r.Misc!.Type.ToDomain(), "misc", "type"),
            NewBillingPhoneNumber = body.IsNull("misc") ? default : Sent(() => r.Misc!.NewBillingPhoneNumber, "misc", "new_billing_phone_number"),
            RemainingNumbersAction = body.IsNull("misc") ? default
                : Sent<RemainingNumbersAction?>(() => r.Misc!.RemainingNumbersAction?.ToDomain(), "misc", "remaining_numbers_action"),

            BillingGroupId = Sent(() => r.PhoneNumberConfiguration.BillingGroupId, "phone_number_configuration", "billing_group_id"),
            ConnectionId = Sent(() => r.PhoneNumberConfiguration.ConnectionId, "phone_number_configuration", "connection_id"),
            EmergencyAddressId = Sent(() => r.PhoneNumberConfiguration.EmergencyAddressId, "phone_number_configuration", "emergency_address_id"),
            MessagingProfileId = Sent(() => r.PhoneNumberConfiguration.MessagingProfileId, "phone_number_configuration", "messaging_profile_id"),
            Tags = Sent(() => r.PhoneNumberConfiguration.Tags, "phone_number_configuration", "tags"),

            UserComment = Sent(() => r.UserFeedback.UserComment, "user_feedback", "user_comment"),
            UserRating = Sent(() => r.UserFeedback.UserRating, "user_feedback", "user_rating"),
        };
        // Telnyx requirements[]: each sets the field its requirement type reads (PortingRequirements.Apply).
        if (body.Has("requirements"))
            for (var i = 0; i < r.Requirements.Count; i++)
            {
                var applied = PortingRequirements.Apply(patch, r.Requirements[i]?.RequirementTypeId, r.Requirements[i]?.FieldValue, $"/requirements/{i}");
                if (applied.IsFailure) refused.AddRange(applied.Errors);
                else patch = applied.Value;
            }
        refused.AddRange(patch.Check());
        return patch;
    }

    public static async Task<Results<NoContent, TelnyxProblem>> Delete(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingCompletionOperations.DeleteDraftAsync(db, accountId, orderId, now, null, c), ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        return result.IsFailure ? new TelnyxProblem(result.Errors) : TypedResults.NoContent();
    }

    /// <summary>Telnyx actions/confirm: draft → in-process.</summary>
    public static async Task<Results<Ok<TelnyxOrderAnswer>, TelnyxProblem>> Confirm(string id, HttpContext http, NumberBlocksDbContext db,
        TimeProvider clock, IOptions<PortingRuleSettings> settings, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync<PortingOrder>(async c =>
        {
            var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, c);
            if (order is null) return DomainError.NotFound("Porting order");
            // Submission (from draft, or again from exception once fixed) needs every requirement of the one table met.
            if (settings.Value.EnforceRequirements && order.Status is PortingOrderStatus.Draft or PortingOrderStatus.Exception
                && await PortingFamilyOperations.UnmetRequirementsAsync(db, order, c) is { Count: > 0 } unmet)
                return Result<PortingOrder>.Fail(unmet);
            return await PortingOrderOperations.MoveStatusAsync(db, order, PortingOrderStatus.InProcess, now, c, pointer: "/status/value");
        }, ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        if (result.IsFailure) return new TelnyxProblem(result.Errors);
        return TypedResults.Ok(new TelnyxOrderAnswer(TelnyxViews.Order(result.Value, null), TelnyxViews.OrderMeta(orderId)));
    }

    /// <summary>Telnyx actions/cancel: the order goes to cancel-pending until the carrier side confirms the cancellation.</summary>
    public static async Task<Results<Ok<TelnyxOrderAnswer>, TelnyxProblem>> Cancel(string id, HttpContext http, NumberBlocksDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingCompletionOperations.CancelAsync(db, accountId, orderId, now, c), ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        if (result.IsFailure) return new TelnyxProblem(result.Errors);
        return TypedResults.Ok(new TelnyxOrderAnswer(TelnyxViews.Order(result.Value, null), TelnyxViews.OrderMeta(orderId)));
    }

    /// <summary>Telnyx actions/share: a sharing token with expiry and permissions (see <see cref="PortingSharingTokens"/>).</summary>
    public static async Task<Results<Created<TelnyxData<PortingOrderSharingTokenRecord>>, TelnyxProblem>> Share(string id,
        JsonBody<SharePortingOrderRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return NotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        var permissions = new[] { (request.Permissions ?? TelnyxSharingPermission.DocumentRead).ToDomain() };
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var created = await db.RunAsync(c => PortingSharingTokens.CreateAsync(db, accountId, orderId,
            request.ExpiresInSeconds ?? PortingSharingTokens.DefaultLifetimeSeconds, permissions, now, c), ct);
        if (created.IsFailure) return new TelnyxProblem(created.Errors);
        return TypedResults.Created($"/v2/porting_orders/{orderId}", new TelnyxData<PortingOrderSharingTokenRecord>(TelnyxViews.SharingToken(created.Value)));
    }

    internal static async Task<PortingOrder?> FindAsync(NumberBlocksDbContext db, HttpContext http, string id, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return null;
        return await PortingOrderReads.FindAsync(db, http.AccountId(), orderId, ct);
    }

    /// <summary>
    /// The first <see cref="IncludedPhoneNumbers"/> numbers of each of <paramref name="orderIds"/>, in one query. The
    /// ids are given to the numbers' side too, so the database numbers the rows of these orders only (one index range
    /// per order) rather than of every order.
    /// </summary>
    private static async Task<ILookup<Guid, PortingPhoneNumber>> FirstNumbersAsync(NumberBlocksDbContext db, List<Guid> orderIds, CancellationToken ct)
    {
        var rows = await db.PortingOrders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).Select(o => new
        {
            o.Id,
            Numbers = db.PortingPhoneNumbers.Where(n => orderIds.Contains(n.PortingOrderId) && n.PortingOrderId == o.Id)
                .OrderBy(n => n.PhoneNumber).Take(IncludedPhoneNumbers).ToList(),
        }).ToListAsync(ct);
        return rows.SelectMany(r => r.Numbers).ToLookup(n => n.PortingOrderId);
    }

    private static Task<List<PortingPhoneNumber>> FirstNumbersAsync(NumberBlocksDbContext db, Guid orderId, CancellationToken ct) =>
        PortingOrderReads.FirstNumbersAsync(db, orderId, IncludedPhoneNumbers, ct);

    internal static TelnyxProblem NotFound() => DomainError.NotFound("Porting order");
}
