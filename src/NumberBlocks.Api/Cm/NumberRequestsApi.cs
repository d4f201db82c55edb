using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Admin;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Requests;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Outbound;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Cm;

/// <summary>
/// The CM.com Voice Phone Number Request API (seed 003) under /voice/phonenumberrequestapi/v1/{accountGuid}: create a
/// number request, and its companions (get, list with Skip/Take, statuses, restrictions, locale options, availability,
/// cancel), plus the account's webhook secret and callback deliveries.
/// </summary>
public static class NumberRequestsApi
{
    public const int DefaultTake = 20;
    public const int MaxTake = 100;

    public static RouteGroupBuilder MapNumberRequests(this RouteGroupBuilder cm)
    {
        var requests = cm.MapGroup("/numberrequests").WithTags("CM.com: number requests");
        requests.MapPost("", Create).WithName("CmCreateNumberRequest");
        requests.MapGet("", List).WithName("CmListNumberRequests");
        requests.MapGet("/statuses", Statuses).WithName("CmListNumberRequestStatuses");
        requests.MapGet("/{id}", Get).WithName("CmGetNumberRequest");
        requests.MapPost("/{id}/cancel", Cancel).WithName("CmCancelNumberRequest");

        var companions = cm.MapGroup("").WithTags("CM.com: number request options");
        companions.MapGet("/restrictions", Restrictions).WithName("CmGetRequestRestrictions");
        companions.MapGet("/localeoptions", LocaleOptions).WithName("CmGetLocaleOptions");
        companions.MapGet("/availability", Availability).WithName("CmGetAvailability");

        var callbacks = cm.MapGroup("").WithTags("CM.com: callbacks");
        callbacks.MapGet("/webhooksecret", GetSecret).WithName("CmGetWebhookSecret");
        callbacks.MapPost("/webhooksecret/rotate", RotateSecret).WithName("CmRotateWebhookSecret");
        callbacks.MapGet("/callbacks", Deliveries).WithName("CmListCallbackDeliveries");
        return cm;
    }

    public static async Task<IResult> Create(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox,
        OutboundGuard guard, CancellationToken ct)
    {
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return CmErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return CmErrors.ToResult(input.Errors);
        var b = body.Value;
        var raw = new NumberRequestInput(
            input.Integer(b, "quantity", "/quantity", required: true),
            input.Integer(b, "rangeSize", "/rangeSize"),
            input.String(b, "numberType", "/numberType", required: true, maxLength: 50),
            input.String(b, "areaCode", "/areaCode", maxLength: 50),
            input.String(b, "city", "/city", maxLength: 200),
            input.String(b, "region", "/region", maxLength: 200),
            input.String(b, "countryCode", "/countryCode", maxLength: 10));
        var comment = input.String(b, "comment", "/comment", maxLength: 1000);
        var callbackText = input.String(b, "callbackUrl", "/callbackUrl", maxLength: OutboundUrl.MaxLength);
        var email = input.String(b, "email", "/email", maxLength: 320);
        var companyProfileId = input.Uuid(b, "companyProfileId", "/companyProfileId");
        if (input.HasErrors) return CmErrors.ToResult(input.Errors);

        if (email is not null && !EmailAddress.IsValid(email))
            input.Add(new DomainError(ErrorCodes.InvalidValue, "email must be an e-mail address such as noc@example.com.", "/email"));
        string? callbackUrl = null;
        if (!string.IsNullOrWhiteSpace(callbackText))
        {
            var parsed = guard.CheckUrl(callbackText.Trim(), "/callbackUrl");
            if (parsed.IsFailure) input.AddRange(parsed.Errors);
            else callbackUrl = parsed.Value.AbsoluteUri;
        }
        var spec = await ResolveSpecAsync(db, raw, ct);
        if (spec.IsFailure) input.AddRange(spec.Errors);
        if (input.HasErrors) return CmErrors.ToResult(input.Errors);

        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var extras = new NumberRequestExtras(comment, callbackUrl, email?.Trim(), companyProfileId);
        var result = await db.RunAsync(c => NumberRequestOperations.CreateAsync(db, accountId, spec.Value, extras, now, CmRequestNotifier.StatusChangedAsync, c), ct);
        if (result.IsFailure) return CmErrors.ToResult(result.Errors);
        outbox.Notify();
        var ranges = await CmRequestNotifier.RangesAsync(db, result.Value.Id, ct);
        return Results.Json(CmViews.Request(result.Value, ranges), CmJson.Options, statusCode: StatusCodes.Status201Created);
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

    public static async Task<IResult> Get(string id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var accountId = http.AccountId();
        var request = Guid.TryParse(id, out var rid)
            ? await db.NumberRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid && r.AccountId == accountId, ct)
            : null;
        if (request is null) return NotFound();
        return Results.Json(CmViews.Request(request, await CmRequestNotifier.RangesAsync(db, request.Id, ct)), CmJson.Options);
    }

    /// <summary>Newest first; Skip/Take query parameters; totals in x-cm-pagination-* headers. Optional status filter.</summary>
    public static async Task<IResult> List(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var page = ReadPage(http.Request.Query);
        if (page.IsFailure) return CmErrors.ToResult(page.Errors);
        var accountId = http.AccountId();
        var query = db.NumberRequests.AsNoTracking().Where(r => r.AccountId == accountId);
        var status = http.Request.Query["status"].ToString();
        if (status.Length > 0)
        {
            if (!NumberRequestStatuses.TryParseWire(status, out _))
                return CmErrors.ToResult(DomainError.InvalidParameter("status", $"status must be one of: {string.Join(", ", NumberRequestStatuses.WireNames)}."));
            query = query.Where(r => r.Status == status);
        }
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(page.Value.Skip).Take(page.Value.Take).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var ranges = (await db.NumberRequestRanges.AsNoTracking().Where(x => ids.Contains(x.NumberRequestId)).ToListAsync(ct))
            .GroupBy(x => x.NumberRequestId).ToDictionary(g => g.Key, g => (IReadOnlyList<NumberRequestRange>)g.OrderBy(x => x.RangeStart).ToList());
        page.Value.WriteHeaders(http.Response, total);
        return Results.Json(rows.Select(r => CmViews.Request(r, ranges.GetValueOrDefault(r.Id) ?? [])).ToArray(), CmJson.Options);
    }

    public static IResult Statuses() => Results.Json(
        Enum.GetValues<NumberRequestStatus>().Select(s => new
        {
            status = s.ToWire(),
            description = s.Describe(),
            isFinal = s.IsFinal(),
            next = NumberRequestLifecycle.NextFrom(s).Select(n => n.ToWire()).ToArray(),
        }).ToArray(), CmJson.Options);

    /// <summary>The customer cancels a request that is not final; numbers already assigned stay with the account.</summary>
    public static async Task<IResult> Cancel(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, CancellationToken ct)
    {
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
        if (result.IsFailure) return CmErrors.ToResult(result.Errors);
        outbox.Notify();
        return Results.Json(CmViews.Request(result.Value, await CmRequestNotifier.RangesAsync(db, rid, ct)), CmJson.Options);
    }

    /// <summary>?countryCode=DE (required) &amp;numberType=local (optional: all types otherwise).</summary>
    public static async Task<IResult> Restrictions(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var country = q["countryCode"].ToString().Trim().ToUpperInvariant();
        if (country.Length == 0) return CmErrors.ToResult(new DomainError(ErrorCodes.Required, "countryCode is required.") { Parameter = "countryCode" });
        if (!NumberRequestSpec.IsCountryCode(country)) return CmErrors.ToResult(DomainError.InvalidParameter("countryCode", "countryCode must be an ISO 3166-1 alpha-2 code such as DE."));
        var typeText = q["numberType"].ToString().Trim().ToLowerInvariant();
        IEnumerable<string> types = PhoneNumberTypes.WireNames;
        if (typeText.Length > 0)
        {
            if (!PhoneNumberTypes.TryParseWire(typeText, out _))
                return CmErrors.ToResult(DomainError.InvalidParameter("numberType", $"numberType must be one of: {string.Join(", ", PhoneNumberTypes.WireNames)}."));
            types = [typeText];
        }
        var list = new List<object>();
        foreach (var t in types)
        {
            var r = await StockOperations.RestrictionsForAsync(db, country, t, ct);
            list.Add(new { countryCode = country, numberType = t, minQuantity = r.MinQuantity, maxQuantity = r.MaxQuantity, rangesSupported = r.RangesSupported, rangeSizes = r.RangeSizes });
        }
        return Results.Json(list, CmJson.Options);
    }

    /// <summary>Cities, regions and area codes present in stock for a country (and number type): ?countryCode=US&amp;numberType=local.</summary>
    public static async Task<IResult> LocaleOptions(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var country = q["countryCode"].ToString().Trim().ToUpperInvariant();
        if (!NumberRequestSpec.IsCountryCode(country))
            return CmErrors.ToResult(DomainError.InvalidParameter("countryCode", "countryCode is required: an ISO 3166-1 alpha-2 code such as DE or US."));
        var typeText = q["numberType"].ToString().Trim().ToLowerInvariant();
        if (typeText.Length > 0 && !PhoneNumberTypes.TryParseWire(typeText, out _))
            return CmErrors.ToResult(DomainError.InvalidParameter("numberType", $"numberType must be one of: {string.Join(", ", PhoneNumberTypes.WireNames)}."));
        var stock = db.StockRanges.AsNoTracking().Where(r => r.CountryCode == country);
        if (typeText.Length > 0) stock = stock.Where(r => r.NumberType == typeText);
        var cities = await stock.Where(r => r.City != null).Select(r => new { r.City, r.Region, r.AreaCode }).Distinct().Take(5000).ToListAsync(ct);
        var regions = await stock.Where(r => r.Region != null).Select(r => r.Region!).Distinct().OrderBy(r => r).Take(1000).ToListAsync(ct);
        var areaCodes = await stock.Where(r => r.AreaCode != null).Select(r => r.AreaCode!).Distinct().OrderBy(a => a).Take(5000).ToListAsync(ct);
        return Results.Json(new
        {
            countryCode = country,
            isNanpa = NumberingPlan.IsNanp(country),
            cities = cities.GroupBy(c => c.City!, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => new { city = g.Key, region = g.First().Region, areaCodes = g.Where(x => x.AreaCode != null).Select(x => x.AreaCode).Distinct().Order().ToArray() })
                .ToArray(),
            regions,
            areaCodes,
        }, CmJson.Options);
    }

    /// <summary>
    /// Whether a would-be request (the create body's fields as query parameters) could be fulfilled at once: the same
    /// checks as create, then the count stock can serve now.
    /// </summary>
    public static async Task<IResult> Availability(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var errors = new List<DomainError>();
        long? Int(string name)
        {
            var text = q[name].ToString();
            if (text.Length == 0) return null;
            if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v)) return v;
            errors.Add(DomainError.InvalidParameter(name, $"{name} must be an integer."));
            return null;
        }
        string? Str(string name) => q[name].ToString() is { Length: > 0 } s ? s : null;
        var raw = new NumberRequestInput(Int("quantity") ?? 1, Int("rangeSize"), Str("numberType"), Str("areaCode"), Str("city"), Str("region"), Str("countryCode"));
        if (errors.Count > 0) return CmErrors.ToResult(errors);
        var spec = await ResolveSpecAsync(db, raw, ct);
        if (spec.IsFailure) return CmErrors.ToResult(spec.Errors.Select(AsParameter).ToList());
        var s = spec.Value;
        var criteria = new StockCriteria(s.CountryCode, s.NumberType.ToWire(), s.AreaCode, s.City, s.Region);
        var available = await NumberRequestOperations.AvailableAsync(db, criteria, s.RangeSize, s.Quantity, ct);
        return Results.Json(new
        {
            countryCode = s.CountryCode, numberType = s.NumberType.ToWire(), areaCode = s.AreaCode, city = s.City, region = s.Region,
            quantity = s.Quantity, rangeSize = s.RangeSize, available, immediatelyFulfillable = available >= s.Quantity,
        }, CmJson.Options);
    }

    private static DomainError AsParameter(DomainError e) =>
        e.Pointer is { Length: > 1 } p ? e with { Pointer = null, Parameter = p[1..] } : e;

    public static async Task<IResult> GetSecret(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var accountId = http.AccountId();
        var secret = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.WebhookSecret).FirstAsync(ct);
        return Results.Json(new { accountGuid = accountId, webhookSecret = secret }, CmJson.Options);
    }

    public static async Task<IResult> RotateSecret(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var result = await WebhookSecrets.RotateAsync(db, http.AccountId(), ct);
        return result.IsFailure
            ? CmErrors.ToResult(result.Errors)
            : Results.Json(new { accountGuid = result.Value.Id, webhookSecret = result.Value.WebhookSecret }, CmJson.Options);
    }

    /// <summary>The account's callback and e-mail deliveries, newest first; ?status=failed shows what was given up on.</summary>
    public static async Task<IResult> Deliveries(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var page = ReadPage(http.Request.Query);
        if (page.IsFailure) return CmErrors.ToResult(page.Errors);
        var accountId = http.AccountId();
        var query = db.OutboxMessages.AsNoTracking().Where(m => m.AccountId == accountId);
        var status = http.Request.Query["status"].ToString();
        if (status.Length > 0)
        {
            if (!OutboxStatuses.All.Contains(status))
                return CmErrors.ToResult(DomainError.InvalidParameter("status", $"status must be one of: {string.Join(", ", OutboxStatuses.All)}."));
            query = query.Where(m => m.Status == status);
        }
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(page.Value.Skip).Take(page.Value.Take).ToListAsync(ct);
        page.Value.WriteHeaders(http.Response, total);
        return Results.Json(rows.Select(CmViews.Delivery).ToArray(), CmJson.Options);
    }

    public sealed record CmPage(int Skip, int Take)
    {
        public void WriteHeaders(HttpResponse response, long total)
        {
            response.Headers["x-cm-pagination-skip"] = Skip.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["x-cm-pagination-take"] = Take.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["x-cm-pagination-total"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Skip (default 0) and Take (default 20, at most 100), as CM.com lists page.</summary>
    public static Result<CmPage> ReadPage(IQueryCollection q)
    {
        int Read(string name, int fallback, int min, int max, List<DomainError> errors)
        {
            var text = q[name].ToString();
            if (text.Length == 0) return fallback;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
            errors.Add(DomainError.InvalidParameter(name, $"{name} must be an integer from {min} to {max}."));
            return fallback;
        }
        var errors = new List<DomainError>();
        var skip = Read("Skip", 0, 0, int.MaxValue, errors);
        var take = Read("Take", DefaultTake, 1, MaxTake, errors);
        return errors.Count > 0 ? Result<CmPage>.Fail(errors) : new CmPage(skip, take);
    }

    private static IResult NotFound() => CmErrors.ToResult(DomainError.NotFound("Number request"));
}
