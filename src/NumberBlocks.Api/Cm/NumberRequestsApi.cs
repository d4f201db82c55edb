using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Outbound;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Cm;

/// <summary>
/// The CM.com Voice Phone Number Request API (seed 003) under /voice/phonenumberrequestapi/v1/{accountGuid}: create a
/// number request, and its companions (get, list with Skip/Take, statuses, restrictions, locale options, availability,
/// cancel), plus the account's webhook secret and callback deliveries. Each handler reads the wire, calls the domain
/// and Data operations, and answers a CM.com record or a <see cref="CmProblem"/>.
/// </summary>
public static class NumberRequestsApi
{
    private const string RequestsTag = "CM.com: number requests";
    private const string OptionsTag = "CM.com: number request options";
    private const string CallbacksTag = "CM.com: callbacks";

    private static readonly string TypeNames = string.Join(", ", PhoneNumberTypes.WireNames);

    public static RouteGroupBuilder MapNumberRequests(this RouteGroupBuilder cm)
    {
        var requests = cm.MapGroup("/numberrequests").WithTags(RequestsTag);
        requests.MapPost("", Create).WithName("CmCreateNumberRequest")
            .WithSummary("Create Number Request")
            .WithDescription("Requests one or more phone numbers (seed 003). Numbers stock can serve at once are assigned at once (status " +
                "completed, or accepted when only some are); otherwise the request waits (pending) and is served, oldest first, when stock " +
                "arrives. Every status change is mailed (to email, or the account's notification address) and, when callbackUrl is set, " +
                "POSTed there with the whole request as body, signed with the account's webhook secret. quantity is 1 to 1000; rangeSize " +
                "asks for consecutive aligned ranges of that size (quantity then counts numbers, in whole ranges); areaCode or city is " +
                "required, region too for NANPA countries. countryCode is NumberBlocks' addition: when left out, it is told from the one " +
                "country whose stock has the area code or city. Until numbers are assigned, id, start, validFrom and validTo are null.")
            .WithRequestExample(new CmCreateNumberRequest(Guid.Parse("6f1d3c1e-8a4b-4e55-9a0e-2d7c5b9e4f10"), 100, 100, "local", "201", "Essen",
                null, "Distribution group 7", "https://example.com/cm/number-requests", "DE", "noc@example.com"));
        requests.MapGet("", List).WithName("CmListNumberRequests")
            .WithSummary("List number requests")
            .WithDescription("The account's number requests, newest first, paged with Skip and Take; the totals are in the " +
                "x-cm-pagination-skip, x-cm-pagination-take and x-cm-pagination-total headers. status narrows the list to one status.")
            .WithCmPaging()
            .WithCmQuery(CmDocs.OneOf("status", "Only requests in this status.", NumberRequestStatuses.WireNames));
        requests.MapGet("/statuses", Statuses).WithName("CmListNumberRequestStatuses")
            .WithSummary("List number request statuses")
            .WithDescription("Every status a number request can take, what it means, whether it is final, and the statuses it may move to next.");
        requests.MapGet("/{id}", Get).WithName("CmGetNumberRequest")
            .WithSummary("Get number request")
            .WithDescription("One of the account's number requests with every range assigned to it. Another account's request is 404, as is an unknown id.");
        requests.MapPost("/{id}/cancel", Cancel).WithName("CmCancelNumberRequest")
            .WithSummary("Cancel number request")
            .WithDescription("Cancels a request that is not final yet (pending or accepted). Numbers already assigned stay with the account; " +
                "the request gets no more. A final request (completed, rejected, cancelled) is 409 naming status.");

        var companions = cm.MapGroup("").WithTags(OptionsTag);
        companions.MapGet("/restrictions", Restrictions).WithName("CmGetRequestRestrictions")
            .WithSummary("Get request restrictions")
            .WithDescription("The order restrictions of a country, per number type (or of one number type): the allowed quantities, whether " +
                "ranges are supported, and the allowed range sizes. Without the operator's own restrictions: 1 to 1000 numbers, ranges of 10, 100 or 1000. The create body's other " +
                "fields may be given too (one query string serves restrictions, locale options and availability) and are not used here.")
            .WithCmQuery(
                CmDocs.Text("countryCode", "ISO 3166-1 alpha-2 country code, such as DE or US.", required: true, maxLength: 2),
                CmDocs.OneOf("numberType", "One number type; every type when left out.", PhoneNumberTypes.WireNames));
        companions.MapGet("/localeoptions", LocaleOptions).WithName("CmGetLocaleOptions")
            .WithSummary("Get locale options")
            .WithDescription("The cities (with their region and area codes), regions and area codes present in stock for a country and, when " +
                "given, a number type; isNanpa says whether region is required when requesting numbers there. The create body's other " +
                "fields may be given too and are not used here.")
            .WithCmQuery(
                CmDocs.Text("countryCode", "ISO 3166-1 alpha-2 country code, such as US.", required: true, maxLength: 2),
                CmDocs.OneOf("numberType", "Only stock of this number type.", PhoneNumberTypes.WireNames));
        companions.MapGet("/availability", Availability).WithName("CmGetAvailability")
            .WithSummary("Get availability")
            .WithDescription("Whether a would-be request could be served at once: the create body's fields as query parameters, checked by " +
                "the same rules as create (refusals name the parameter), then how many numbers stock can serve it now.")
            .WithCmQuery(
                CmDocs.Whole("quantity", "The quantity of numbers, 1 to 1000 (default 1)."),
                CmDocs.Whole("rangeSize", "The size of the ranges, when ranges are asked for."),
                CmDocs.OneOf("numberType", "Phone number type.", PhoneNumberTypes.WireNames),
                CmDocs.Text("areaCode", "Area code; required when city is not given."),
                CmDocs.Text("city", "City; required when areaCode is not given."),
                CmDocs.Text("region", "Region; required for NANPA countries."),
                CmDocs.Text("countryCode", "ISO 3166-1 alpha-2 country code; told from the stock when left out.", maxLength: 10));

        var callbacks = cm.MapGroup("").WithTags(CallbacksTag);
        callbacks.MapGet("/webhooksecret", GetSecret).WithName("CmGetWebhookSecret")
            .WithSummary("Get webhook secret")
            .WithDescription("The account's Standard Webhooks secret (whsec_…), which signs every callback (webhook-id, webhook-timestamp, webhook-signature).");
        callbacks.MapPost("/webhooksecret/rotate", RotateSecret).WithName("CmRotateWebhookSecret")
            .WithSummary("Rotate webhook secret")
            .WithDescription("Replaces the account's webhook secret; the next attempt of every callback, pending ones included, is signed with the new one.");
        callbacks.MapGet("/callbacks", Deliveries).WithName("CmListCallbackDeliveries")
            .WithSummary("List callback deliveries")
            .WithDescription("The account's callbacks and e-mails, newest first, paged with Skip and Take (totals in the x-cm-pagination-* " +
                "headers): where each went, how its last attempt went, and its exact body. status=failed shows what was given up on.")
            .WithCmPaging()
            .WithCmQuery(CmDocs.OneOf("status", "Only deliveries in this status.", OutboxStatuses.All));
        return cm;
    }

    public static async Task<Results<Created<CmNumberRequestRecord>, CmProblem>> Create(JsonBody<CmCreateNumberRequest> body, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, OutboundGuard guard, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new CmProblem(body.Result.Errors);
        if (new QueryReader(http.Request.Query).Finish() is { Count: > 0 } unknown) return new CmProblem(unknown);
        var b = body.Result.Value;
        var refused = new List<DomainError>();
        foreach (var (text, pointer, max) in new[]
                 {
                     (b.NumberType, "/numberType", 50), (b.AreaCode, "/areaCode", 50), (b.City, "/city", 200), (b.Region, "/region", 200),
                     (b.CountryCode, "/countryCode", 10), (b.Comment, "/comment", FreeText.MaxLength), (b.CallbackUrl, "/callbackUrl", OutboundUrl.MaxLength),
                     (b.Email, "/email", EmailAddress.MaxLength),
                 })
            if (FreeText.Check(text, pointer, max) is { } error) refused.Add(error);
        if (refused.Count > 0) return new CmProblem(refused);

        if (b.Email is not null && !EmailAddress.IsValid(b.Email))
            refused.Add(new DomainError(ErrorCodes.InvalidValue, "email must be an e-mail address such as noc@example.com.", "/email"));
        string? callbackUrl = null;
        if (!string.IsNullOrWhiteSpace(b.CallbackUrl))
        {
            var parsed = guard.CheckUrl(b.CallbackUrl.Trim(), "/callbackUrl");
            if (parsed.IsFailure) refused.AddRange(parsed.Errors);
            else callbackUrl = parsed.Value.AbsoluteUri;
        }
        var raw = new NumberRequestInput(b.Quantity, b.RangeSize, b.NumberType, b.AreaCode, b.City, b.Region, b.CountryCode);
        var spec = await ResolveSpecAsync(db, raw, ct);
        if (spec.IsFailure) refused.AddRange(spec.Errors);
        if (refused.Count > 0) return new CmProblem(refused);

        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var extras = new NumberRequestExtras(b.Comment, callbackUrl, b.Email?.Trim(), b.CompanyProfileId);
        var result = await db.RunAsync(c => NumberRequestOperations.CreateAsync(db, accountId, spec.Value, extras, now, CmRequestNotifier.StatusChangedAsync, c), ct);
        if (result.IsFailure) return new CmProblem(result.Errors);
        outbox.Notify();
        // The ranges the create assigned are still tracked: the answer needs no read after the commit.
        var record = CmNumberRequestRecord.Of(result.Value, (await CmRequestNotifier.RangesOfAsync(db, [result.Value], ct)).GetValueOrDefault(result.Value.Id, []));
        return TypedResults.Created($"{http.Request.PathBase}{http.Request.Path}/{record.NumberRequestId}", record);
    }

    /// <summary>
    /// Checks the request fields against seed 003 and the restrictions in force. The country is countryCode when given
    /// (a NumberBlocks extension: CM.com takes it from the voice account); otherwise the one country whose stock has
    /// the area code / city.
    /// </summary>
    public static async Task<Result<NumberRequestSpec>> ResolveSpecAsync(NumberBlocksDbContext db, NumberRequestInput raw, CancellationToken ct)
    {
        string? country = null;
        if (!string.IsNullOrWhiteSpace(raw.CountryCode))
        {
            country = raw.CountryCode.Trim().ToUpperInvariant();
            if (!NumberRequestSpec.IsCountryCode(country))
                return new DomainError(ErrorCodes.InvalidValue, "countryCode must be an ISO 3166-1 alpha-2 code such as DE or US.", "/countryCode");
        }
        else if (raw.NumberType is not null && PhoneNumberTypes.TryParseWire(raw.NumberType.Trim().ToLowerInvariant(), out var type)
                 && (!string.IsNullOrWhiteSpace(raw.AreaCode) || !string.IsNullOrWhiteSpace(raw.City)))
        {
            var countries = await NumberRequestOperations.CountriesWithStockAsync(db, type.ToWire(), Blank(raw.AreaCode), Blank(raw.City), ct);
            if (countries.Count == 1) country = countries[0];
            else
                return new DomainError(ErrorCodes.Required, countries.Count == 0
                    ? "countryCode is required: no stock has this area code or city, so the country cannot be told from it."
                    : $"countryCode is required: this area code or city exists in several countries ({string.Join(", ", countries)}).", "/countryCode");
        }
        if (country is null)
        {
            // Report the field errors without a country (restrictions cannot be looked up yet).
            var bare = NumberRequestSpec.Create(raw, "ZZ", RequestRestrictions.Default);
            return bare.IsFailure ? bare : new DomainError(ErrorCodes.Required, "countryCode is required.", "/countryCode");
        }
        var typeWire = raw.NumberType?.Trim().ToLowerInvariant() ?? "";
        var restrictions = await StockOperations.RestrictionsForAsync(db, country, typeWire, ct);
        return NumberRequestSpec.Create(raw, country, restrictions);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static async Task<Results<Ok<CmNumberRequestRecord>, CmProblem>> Get(string id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (new QueryReader(http.Request.Query).Finish() is { Count: > 0 } unknown) return new CmProblem(unknown);
        var accountId = http.AccountId();
        var request = Guid.TryParse(id, out var rid)
            ? await db.NumberRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid && r.AccountId == accountId, ct)
            : null;
        if (request is null) return NotFound();
        return TypedResults.Ok(CmNumberRequestRecord.Of(request, await CmRequestNotifier.RangesAsync(db, request.Id, ct)));
    }

    /// <summary>Newest first; Skip/Take query parameters; totals in x-cm-pagination-* headers. Optional status filter.</summary>
    public static async Task<Results<Ok<IReadOnlyList<CmNumberRequestRecord>>, CmProblem>> List(HttpContext http, [FromStandby] NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = CmPaging.Read(q);
        var status = q.String("status");
        if (status is not null && !NumberRequestStatuses.TryParseWire(status, out _))
            q.Refuse("status", $"status must be one of: {string.Join(", ", NumberRequestStatuses.WireNames)}.");
        if (q.Finish() is { Count: > 0 } refused) return new CmProblem(refused);

        var accountId = http.AccountId();
        var query = db.NumberRequests.AsNoTracking().Where(r => r.AccountId == accountId);
        if (status is not null) query = query.Where(r => r.Status == status);
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var ranges = (await db.NumberRequestRanges.AsNoTracking().Where(x => ids.Contains(x.NumberRequestId)).ToListAsync(ct))
            .GroupBy(x => x.NumberRequestId).ToDictionary(g => g.Key, g => (IReadOnlyList<NumberRequestRange>)g.OrderBy(x => x.RangeStart).ToList());
        page.WriteHeaders(http.Response, total);
        return TypedResults.Ok<IReadOnlyList<CmNumberRequestRecord>>(rows.Select(r => CmNumberRequestRecord.Of(r, ranges.GetValueOrDefault(r.Id) ?? [])).ToArray());
    }

    public static Results<Ok<IReadOnlyList<CmNumberRequestStatusRecord>>, CmProblem> Statuses(HttpContext http)
    {
        if (new QueryReader(http.Request.Query).Finish() is { Count: > 0 } unknown) return new CmProblem(unknown);
        return TypedResults.Ok<IReadOnlyList<CmNumberRequestStatusRecord>>(Enum.GetValues<NumberRequestStatus>().Select(CmNumberRequestStatusRecord.Of).ToArray());
    }

    /// <summary>The customer cancels a request that is not final; numbers already assigned stay with the account.</summary>
    public static async Task<Results<Ok<CmNumberRequestRecord>, CmProblem>> Cancel(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock,
        OutboxSignal outbox, CancellationToken ct)
    {
        if (new QueryReader(http.Request.Query).Finish() is { Count: > 0 } unknown) return new CmProblem(unknown);
        var accountId = http.AccountId();
        if (!Guid.TryParse(id, out var rid)) return NotFound();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync<NumberRequest>(async c =>
        {
            var request = await db.NumberRequests.FirstOrDefaultAsync(r => r.Id == rid && r.AccountId == accountId, c);
            if (request is null) return DomainError.NotFound("Number request");
            return await NumberRequestOperations.MoveAsync(db, request, NumberRequestStatus.Cancelled, "Cancelled by the customer.", now,
                CmRequestNotifier.StatusChangedAsync, c);
        }, ct);
        if (result.IsFailure) return new CmProblem(result.Errors);
        outbox.Notify();
        return TypedResults.Ok(CmNumberRequestRecord.Of(result.Value, await CmRequestNotifier.RangesAsync(db, rid, ct)));
    }

    /// <summary>?countryCode=DE (required) &amp;numberType=local (optional: all types otherwise).</summary>
    public static async Task<Results<Ok<IReadOnlyList<CmRequestRestrictionsRecord>>, CmProblem>> Restrictions(HttpContext http,
        [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = CompanionQuery(http);
        var country = q.String("countryCode")?.Trim().ToUpperInvariant() ?? "";
        var typeText = q.String("numberType")?.Trim().ToLowerInvariant() ?? "";
        if (q.Finish() is { Count: > 0 } refused) return new CmProblem(refused);
        if (country.Length == 0) return new CmProblem([new DomainError(ErrorCodes.Required, "countryCode is required.") { Parameter = "countryCode" }]);
        if (!NumberRequestSpec.IsCountryCode(country)) return new CmProblem([DomainError.InvalidParameter("countryCode", "countryCode must be an ISO 3166-1 alpha-2 code such as DE.")]);
        IEnumerable<string> types = PhoneNumberTypes.WireNames;
        if (typeText.Length > 0)
        {
            if (!PhoneNumberTypes.TryParseWire(typeText, out _))
                return new CmProblem([DomainError.InvalidParameter("numberType", $"numberType must be one of: {TypeNames}.")]);
            types = [typeText];
        }
        var list = new List<CmRequestRestrictionsRecord>();
        foreach (var t in types)
            list.Add(CmRequestRestrictionsRecord.Of(country, t, await StockOperations.RestrictionsForAsync(db, country, t, ct)));
        return TypedResults.Ok<IReadOnlyList<CmRequestRestrictionsRecord>>(list);
    }

    /// <summary>Cities, regions and area codes present in stock for a country (and number type): ?countryCode=US&amp;numberType=local.</summary>
    public static async Task<Results<Ok<CmLocaleOptionsRecord>, CmProblem>> LocaleOptions(HttpContext http, [FromStandby] NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = CompanionQuery(http);
        var country = q.String("countryCode")?.Trim().ToUpperInvariant() ?? "";
        var typeText = q.String("numberType")?.Trim().ToLowerInvariant() ?? "";
        if (!NumberRequestSpec.IsCountryCode(country))
            q.Add(DomainError.InvalidParameter("countryCode", "countryCode is required: an ISO 3166-1 alpha-2 code such as DE or US."));
        if (typeText.Length > 0 && !PhoneNumberTypes.TryParseWire(typeText, out _))
            q.Add(DomainError.InvalidParameter("numberType", $"numberType must be one of: {TypeNames}."));
        if (q.Finish() is { Count: > 0 } refused) return new CmProblem(refused);

        var stock = db.StockRanges.AsNoTracking().Where(r => r.CountryCode == country);
        if (typeText.Length > 0) stock = stock.Where(r => r.NumberType == typeText);
        var cities = await stock.Where(r => r.City != null).Select(r => new { r.City, r.Region, r.AreaCode }).Distinct().Take(5000).ToListAsync(ct);
        var regions = await stock.Where(r => r.Region != null).Select(r => r.Region!).Distinct().OrderBy(r => r).Take(1000).ToListAsync(ct);
        var areaCodes = await stock.Where(r => r.AreaCode != null).Select(r => r.AreaCode!).Distinct().OrderBy(a => a).Take(5000).ToListAsync(ct);
        var cityRecords = cities.GroupBy(c => c.City!, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CmCityRecord(g.Key, g.First().Region, g.Where(x => x.AreaCode != null).Select(x => x.AreaCode!).Distinct().Order().ToArray()))
            .ToArray();
        return TypedResults.Ok(new CmLocaleOptionsRecord(country, NumberingPlan.IsNanp(country), cityRecords, regions, areaCodes));
    }

    /// <summary>
    /// Whether a would-be request (the create body's fields as query parameters) could be fulfilled at once: the same
    /// checks as create, then the count stock can serve now.
    /// </summary>
    public static async Task<Results<Ok<CmAvailabilityRecord>, CmProblem>> Availability(HttpContext http, [FromStandby] NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = CompanionQuery(http);
        long? Whole(string name)
        {
            var text = q.String(name);
            if (string.IsNullOrEmpty(text)) return null;
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
            q.Refuse(name, $"{name} must be an integer.");
            return null;
        }
        string? Text(string name) => q.String(name) is { Length: > 0 } s ? s : null;
        var raw = new NumberRequestInput(Whole("quantity") ?? 1, Whole("rangeSize"), Text("numberType"), Text("areaCode"), Text("city"), Text("region"),
            Text("countryCode"));
        if (q.Finish() is { Count: > 0 } refused) return new CmProblem(refused);
        var spec = await ResolveSpecAsync(db, raw, ct);
        if (spec.IsFailure) return new CmProblem(spec.Errors.Select(AsParameter).ToList());
        var s = spec.Value;
        var criteria = new StockCriteria(s.CountryCode, s.NumberType.ToWire(), s.AreaCode, s.City, s.Region);
        var available = await NumberRequestOperations.AvailableAsync(db, criteria, s.RangeSize, s.Quantity, ct);
        return TypedResults.Ok(new CmAvailabilityRecord(s.CountryCode, s.NumberType.ToWire(), s.AreaCode, s.City, s.Region, s.Quantity, s.RangeSize,
            available, available >= s.Quantity));
    }

    /// <summary>The create body's fields, which the three companions take as query parameters.</summary>
    private static readonly string[] CreateVocabulary = ["quantity", "rangeSize", "numberType", "areaCode", "city", "region", "countryCode"];

    /// <summary>
    /// The query of a companion (restrictions, locale options, availability): each reads what it needs of the create
    /// body's fields and accepts the others unread, so one query string describing a would-be request serves all three;
    /// any other parameter is refused.
    /// </summary>
    private static QueryReader CompanionQuery(HttpContext http)
    {
        var q = new QueryReader(http.Request.Query);
        q.Family(name => CreateVocabulary.Contains(name, StringComparer.OrdinalIgnoreCase));
        return q;
    }

    /// <summary>The create rules name body fields by pointer; here the same fields are query parameters.</summary>
    private static DomainError AsParameter(DomainError e) =>
        e.Pointer is { Length: > 1 } p ? e with { Pointer = null, Parameter = p[1..] } : e;

    public static async Task<Results<Ok<CmWebhookSecretRecord>, CmProblem>> GetSecret(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (new QueryReader(http.Request.Query).Finish() is { Count: > 0 } unknown) return new CmProblem(unknown);
        var accountId = http.AccountId();
        var secret = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.WebhookSecret).FirstAsync(ct);
        return TypedResults.Ok(new CmWebhookSecretRecord(accountId, secret));
    }

    public static async Task<Results<Ok<CmWebhookSecretRecord>, CmProblem>> RotateSecret(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (new QueryReader(http.Request.Query).Finish() is { Count: > 0 } unknown) return new CmProblem(unknown);
        var result = await WebhookSecrets.RotateAsync(db, http.AccountId(), ct);
        if (result.IsFailure) return new CmProblem(result.Errors);
        return TypedResults.Ok(new CmWebhookSecretRecord(result.Value.Id, result.Value.WebhookSecret));
    }

    /// <summary>The account's callback and e-mail deliveries, newest first; ?status=failed shows what was given up on.</summary>
    public static async Task<Results<Ok<IReadOnlyList<CmDeliveryRecord>>, CmProblem>> Deliveries(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = CmPaging.Read(q);
        var status = q.String("status");
        if (status is not null && !OutboxStatuses.All.Contains(status))
            q.Refuse("status", $"status must be one of: {string.Join(", ", OutboxStatuses.All)}.");
        if (q.Finish() is { Count: > 0 } refused) return new CmProblem(refused);

        var accountId = http.AccountId();
        var query = db.OutboxMessages.AsNoTracking().Where(m => m.AccountId == accountId);
        if (status is not null) query = query.Where(m => m.Status == status);
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        page.WriteHeaders(http.Response, total);
        return TypedResults.Ok<IReadOnlyList<CmDeliveryRecord>>(rows.Select(CmDeliveryRecord.Of).ToArray());
    }

    private static CmProblem NotFound() => DomainError.NotFound("Number request");
}

/// <summary>CM.com's list paging: Skip (default 0) and Take (default 20, at most 100), totals in x-cm-pagination-* headers.</summary>
public sealed record CmPaging(int Skip, int Take)
{
    public const int DefaultTake = 20;
    public const int MaxTake = 100;

    public static CmPaging Read(QueryReader q) => new(q.Integer("Skip", 0, int.MaxValue) ?? 0, q.Integer("Take", 1, MaxTake) ?? DefaultTake);

    public void WriteHeaders(HttpResponse response, long total)
    {
        response.Headers[CmDocs.PagingHeaders[0]] = Skip.ToString(CultureInfo.InvariantCulture);
        response.Headers[CmDocs.PagingHeaders[1]] = Take.ToString(CultureInfo.InvariantCulture);
        response.Headers[CmDocs.PagingHeaders[2]] = total.ToString(CultureInfo.InvariantCulture);
    }
}
