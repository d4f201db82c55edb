using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Documents;
using NumberBlocks.Data.Portouts;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// Telnyx /v2/portouts, the losing account's side: its port-outs (another account's are not found), its decision,
/// rejection codes, comments, supporting documents, events (signed webhooks through the outbox) and CSV reports.
/// </summary>
public static class PortoutsApi
{
    private static readonly string[] Statuses = [.. PortoutStatuses.WireNames];

    /// <summary>The SDK's PortoutListParams.Filter.</summary>
    public static readonly TelnyxFilterSpec Filters = new(
        FilterField.Text("carrier_name", "Filter by new carrier name."),
        FilterField.Text("country_code", "Filter by 2-letter country code (of any of its numbers)."),
        FilterField.Text("country_code_in", "Filter by a list of 2-letter country codes."),
        FilterField.Text("foc_date", "Port-outs whose FOC date falls on this (UTC) date: YYYY-MM-DD or an RFC 3339 date-time."),
        FilterField.Instant("inserted_at", "Created from gte and until lte.", FilterOp.Gte, FilterOp.Lte),
        FilterField.Phone("phone_number", "Port-outs with this phone number."),
        FilterField.Text("pon", "Filter by Port Order Number (PON)."),
        FilterField.Instant("ported_out_at", "Ported out from gte and until lte.", FilterOp.Gte, FilterOp.Lte),
        FilterField.Text("spid", "Filter by new carrier spid."),
        FilterField.Enum("status", "Filter by port-out status.", Statuses),
        FilterField.Enum("status_in", "Filter by a list of port-out statuses.", Statuses),
        FilterField.Text("support_key", "Filter by the port-out's support_key."));

    /// <summary>The SDK's EventListParams.Filter.</summary>
    public static readonly TelnyxFilterSpec EventFilters = new(
        FilterField.Enum("event_type", "Filter by event type.", PortoutOperations.EventTypes),
        FilterField.Uuid("portout_id", "Events of these port-outs."),
        FilterField.Instant("created_at", "Created from gte and until lte.", FilterOp.Gte, FilterOp.Lte));

    /// <summary>The SDK's ReportListParams.Filter.</summary>
    public static readonly TelnyxFilterSpec ReportFilters = new(
        FilterField.Enum("report_type", "Filter reports of a specific type.", [PortoutOperations.ExportCsv]),
        FilterField.Enum("status", "Filter reports of a specific status.", ["pending", "completed"]));

    public static readonly TelnyxFilterSpec RejectionFilters = new(FilterField.Text("code", "Rejections of these codes."));

    public static RouteGroupBuilder MapPortouts(this RouteGroupBuilder v2)
    {
        var portouts = v2.MapGroup("/portouts").WithTags("Telnyx: port-outs");
        portouts.MapGet("", List).WithName("ListPortoutRequest").WithSummary("List portout requests")
            .WithDescription("The account's port-outs, newest first, with the SDK's filters.")
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, Paged: true));
        portouts.MapGet("/events", ListEvents).WithName("listPortoutEvents").WithSummary("List all port-out events")
            .WithDescription("The account's port-out events, newest first: portout.status_changed and portout.new_comment.")
            .WithTelnyxQuery(new TelnyxQueryDoc(EventFilters, Paged: true));
        portouts.MapGet("/events/{id}", GetEvent).WithName("showPortoutEvent").WithSummary("Show a port-out event")
            .WithDescription("One port-out event with its payload.");
        portouts.MapPost("/events/{id}/republish", Republish).WithName("republishPortoutEvent").WithSummary("Republish a port-out event")
            .WithDescription("Re-delivers the event's webhook to the account's webhook_url as it is now, signed like every callback. 204.");
        portouts.MapGet("/rejections/{portout_id}", ListRejectionCodes).WithName("ListPortoutRejections")
            .WithSummary("List eligible port-out rejection codes for a specific order")
            .WithDescription("The codes the account may name when it rejects this port-out (none once it can no longer reject). The codes the " +
                "service itself gives when it rejects a request at once (1001 wrong PIN, 1002 not one account, 1003 part of a block) are " +
                "documented in docs/portouts.md.")
            .WithTelnyxQuery(new TelnyxQueryDoc(RejectionFilters));
        portouts.MapGet("/reports", ListReports).WithName("ListPortoutReports").WithSummary("List port-out related reports")
            .WithDescription("The account's port-out reports, newest first.")
            .WithTelnyxQuery(new TelnyxQueryDoc(ReportFilters, Paged: true));
        portouts.MapPost("/reports", CreateReport).WithName("CreatePortoutReport").WithSummary("Create a port-out related report")
            .WithDescription("Starts a CSV export of the account's port-outs (export_portouts_csv): 201 pending; a worker completes it, setting document_id.")
            .WithRequestExample(new CreatePortoutReportRequest(new ExportPortoutsCsvReportRecord(
                new PortoutReportFilters(null, null, null, null, null, [TelnyxPortoutStatus.Ported])), PortoutOperations.ExportCsv));
        portouts.MapGet("/reports/{id}", GetReport).WithName("GetPortoutReport").WithSummary("Retrieve a report")
            .WithDescription("One report of the account with its status.");
        portouts.MapGet("/{id}", Get).WithName("FindPortoutRequest").WithSummary("Get a portout request")
            .WithDescription("One port-out of the account; another account's is not found.");
        portouts.MapGet("/{id}/comments", ListComments).WithName("FindPortoutComments").WithSummary("List all comments for a portout request")
            .WithDescription("The port-out's comments, oldest first.");
        portouts.MapPost("/{id}/comments", CreateComment).WithName("PostPortRequestComment").WithSummary("Create a comment on a portout request")
            .WithDescription("Adds a comment; a portout.new_comment event is sent.")
            .WithRequestExample(new CreatePortoutCommentRequest("Please port the whole block."));
        portouts.MapGet("/{id}/supporting_documents", ListDocuments).WithName("GetPortRequestSupportingDocuments")
            .WithSummary("List supporting documents on a portout request").WithDescription("The port-out's supporting documents, oldest first.");
        portouts.MapPost("/{id}/supporting_documents", CreateDocuments).WithName("PostPortRequestSupportingDocuments")
            .WithSummary("Create a list of supporting documents on a portout request")
            .WithDescription("Attaches documents to the port-out: each an id of a document the account uploaded (POST /v2/documents; another " +
                "account's is refused like an unknown one), type loa or invoice. 201 with the created ones.")
            .WithRequestExample(new CreatePortoutSupportingDocumentsRequest([new PortoutSupportingDocumentInput("0190c7c1-8f10-7e4b-9a66-6b1b6f4d2a10", "loa")]));
        portouts.MapPatch("/{id}/{status}", UpdateStatus).WithName("UpdatePortoutStatus").WithSummary("Update Status")
            .WithDescription("The account's decision: authorized, or rejected-pending with a reason, through the port-out transition table.")
            .WithRequestExample(new UpdatePortoutStatusRequest("I do not recognize this transaction", null));
        return v2;
    }

    public static async Task<Results<Ok<TelnyxList<PortoutDetailsRecord>>, TelnyxProblem>> List(HttpContext http, [FromStandby] NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var f = Filters.Read(q);
        var focDays = f.Values("foc_date")?.Select(v => (Value: v, Day: Day(v))).ToList();
        if (focDays?.FirstOrDefault(d => d.Day is null) is { Value: { } bad }) q.Refuse("filter[foc_date]", $"filter[foc_date] must be a date (YYYY-MM-DD) or an RFC 3339 date-time; '{bad}' is not.");
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var query = PortoutOperations.OfAccount(db, http.AccountId()).AsNoTracking();
        query = query.WhereIn(p => p.CarrierName, f.Values("carrier_name"));
        query = query.WhereIn(p => p.Spid, f.Values("spid"));
        query = query.WhereIn(p => p.SupportKey, f.Values("support_key"));
        // NumberBlocks gives port-outs no PON: a PON filter matches none.
        if (f.Values("pon") is not null) query = query.Where(_ => false);
        var statuses = (f.Values("status") ?? []).Concat(f.Values("status_in") ?? []).ToList();
        if (statuses.Count > 0)
        {
            var wanted = statuses.Select(s => PortoutStatuses.TryParseWire(s, out var st) ? st : default).ToList();
            query = query.Where(p => wanted.Contains(p.Status));
        }
        query = query.WhereBounds(p => (DateTimeOffset?)p.CreatedAt, f.Bounds("inserted_at"));
        query = query.WhereBounds(p => p.PortedOutAt, f.Bounds("ported_out_at"));
        if (focDays is { Count: > 0 })
        {
            // One day: [midnight, next midnight) in UTC; several days: any of them (a small list, so one query per filter).
            var days = focDays.Select(d => d.Day!.Value).Distinct().ToList();
            if (days.Count == 1)
            {
                var (from, to) = (days[0], days[0].AddDays(1));
                query = query.Where(p => p.FocDate >= from && p.FocDate < to);
            }
            else query = query.Where(p => days.Contains(p.FocDate));
        }
        if (f.PhoneNumbers("phone_number") is { } numbers)
            query = query.Where(p => db.PortoutNumbers.Any(n => n.PortoutId == p.Id && numbers.Contains(n.PhoneNumber)));
        var countries = (f.Values("country_code") ?? []).Concat(f.Values("country_code_in") ?? []).ToList();
        var total = await query.LongCountAsync(ct);
        List<Portout> rows;
        if (countries.Count > 0)
        {
            // The country of a port-out is its numbers' (numbering plan); read in memory, as port-outs of one account are few.
            var all = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).ToListAsync(ct);
            var matching = all.Where(p => CountriesOf(p).Intersect(countries, StringComparer.OrdinalIgnoreCase).Any()).ToList();
            total = matching.Count;
            rows = matching.Skip(paging.Skip).Take(paging.Size).ToList();
        }
        else rows = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortoutDetailsRecord>(rows.Select(View).ToList(), paging.Meta(total)));
    }

    private static DateTimeOffset? Day(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return Rfc3339.TryParse(text, out var t) ? new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero) : null;
    }

    private static IEnumerable<string> CountriesOf(Portout p) =>
        JsonSerializer.Deserialize<string[]>(p.PhoneNumbersJson)!.Select(n => NumberingPlan.Place(E164Number.Parse(n, "").Value, "")).Where(r => r.IsSuccess).Select(r => r.Value.CountryCode);

    public static async Task<Results<Ok<TelnyxData<PortoutDetailsRecord>>, TelnyxProblem>> Get(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct) =>
        await FindAsync(db, http, id, ct) is { } p ? TypedResults.Ok(new TelnyxData<PortoutDetailsRecord>(View(p))) : PortoutNotFound();

    public static async Task<Results<Ok<TelnyxData<PortoutDetailsRecord>>, TelnyxProblem>> UpdateStatus(string id, string status,
        JsonBody<UpdatePortoutStatusRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var portoutId)) return PortoutNotFound();
        if (status is not ("authorized" or "rejected-pending"))
            return new TelnyxProblem([DomainError.InvalidParameter("status", "The status path segment is authorized or rejected-pending.")]);
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var reason = body.Result.Value.Reason;
        if (reason is not null && FreeText.Check(reason, "/reason", 1000) is { } badReason) return new TelnyxProblem([badReason]);
        PortoutStatuses.TryParseWire(status, out var target);
        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var result = await db.RunAsync(c => PortoutOperations.DecideAsync(db, accountId, portoutId, target, reason, body.Result.Value.HostMessaging, now, c), ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        return result.IsFailure ? new TelnyxProblem(result.Errors) : TypedResults.Ok(new TelnyxData<PortoutDetailsRecord>(View(result.Value)));
    }

    public static async Task<Results<Ok<TelnyxItems<PortoutRejectionCodeRecord>>, TelnyxProblem>> ListRejectionCodes(string portout_id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var f = RejectionFilters.Read(q);
        var codes = new List<int>();
        foreach (var v in f.Values("code") ?? [])
            if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var code)) codes.Add(code);
            else q.Refuse("filter[code]", $"filter[code] holds integer codes; '{v}' is not one.");
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        if (await FindAsync(db, http, portout_id, ct) is not { } p) return PortoutNotFound();
        var eligible = PortoutRejections.EligibleFor(p.Status).Where(r => f.Values("code") is null || codes.Contains(r.Code));
        return TypedResults.Ok(new TelnyxItems<PortoutRejectionCodeRecord>(eligible.Select(r => new PortoutRejectionCodeRecord(r.Code, r.Description, r.ReasonRequired)).ToList()));
    }

    // Comments.

    public static async Task<Results<Ok<TelnyxList<PortoutCommentRecord>>, TelnyxProblem>> ListComments(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        if (await FindAsync(db, http, id, ct) is not { } p) return PortoutNotFound();
        var comments = await db.PortoutComments.AsNoTracking().Where(c => c.PortoutId == p.Id).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortoutCommentRecord>(comments.Select(Comment).ToList(),
            new TelnyxPageMeta(1, Math.Max(comments.Count, 1), comments.Count == 0 ? 0 : 1, comments.Count)));
    }

    public const int MaxCommentLength = 5000;

    public static async Task<Results<Created<TelnyxData<PortoutCommentRecord>>, TelnyxProblem>> CreateComment(string id, JsonBody<CreatePortoutCommentRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var portoutId)) return PortoutNotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var text = body.Result.Value.Body;
        if (text is null) return new TelnyxProblem([DomainError.Required("/body")]);
        if (FreeText.Check(text, "/body", MaxCommentLength) is { } bad) return new TelnyxProblem([bad]);
        if (string.IsNullOrWhiteSpace(text)) return new TelnyxProblem([new DomainError(ErrorCodes.InvalidValue, "body must not be blank.", "/body")]);
        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var result = await db.RunAsync(c => PortoutOperations.AddCommentAsync(db, accountId, portoutId, text, now, c), ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        return result.IsFailure ? new TelnyxProblem(result.Errors) : TypedResults.Created((string?)null, new TelnyxData<PortoutCommentRecord>(Comment(result.Value)));
    }

    private static PortoutCommentRecord Comment(PortoutComment c) => new(c.Id, c.Body, c.CreatedAt, c.UserId, c.PortoutId, "portout_comment");

    // Supporting documents.

    public static async Task<Results<Ok<TelnyxItems<PortoutSupportingDocumentRecord>>, TelnyxProblem>> ListDocuments(string id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, http, id, ct) is not { } p) return PortoutNotFound();
        var docs = await db.PortoutSupportingDocuments.AsNoTracking().Where(d => d.PortoutId == p.Id).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxItems<PortoutSupportingDocumentRecord>(docs.Select(Document).ToList()));
    }

    public const int MaxDocuments = 20;

    public static async Task<Results<Created<TelnyxItems<PortoutSupportingDocumentRecord>>, TelnyxProblem>> CreateDocuments(string id,
        JsonBody<CreatePortoutSupportingDocumentsRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        // Ownership first: another account's port-out is not found, whatever the documents (tenant isolation, 404 like an
        // unknown id), so its answer does not depend on which of the caller's documents exist.
        if (await FindAsync(db, http, id, ct) is not { } portout) return PortoutNotFound();
        var portoutId = portout.Id;
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var given = body.Result.Value.Documents;
        var errors = new List<DomainError>();
        var documents = new List<(string, string)>();
        var owned = new List<(Guid, string)>();
        if (given is null) errors.Add(DomainError.Required("/documents"));
        else if (given.Count is 0 or > MaxDocuments)
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"documents holds 1 to {MaxDocuments} documents.", "/documents"));
        else
            for (var i = 0; i < given.Count; i++)
            {
                if (given[i] is not { } d) { errors.Add(new DomainError(ErrorCodes.InvalidType, "Each document must be an object.", $"/documents/{i}")); continue; }
                // The id of a document the account uploaded (POST /v2/documents).
                var pointer = $"/documents/{i}/document_id";
                if (d.DocumentId is null) errors.Add(DomainError.Required(pointer));
                else if (!Guid.TryParseExact(d.DocumentId, "D", out var documentId))
                    errors.Add(new DomainError(ErrorCodes.InvalidValue, "document_id is the id of an uploaded document (POST /v2/documents).", pointer));
                else owned.Add((documentId, pointer));
                if (d.Type is null) errors.Add(DomainError.Required($"/documents/{i}/type"));
                else if (d.Type is not ("loa" or "invoice")) errors.Add(new DomainError(ErrorCodes.InvalidValue, "type is loa or invoice.", $"/documents/{i}/type"));
                if (d.DocumentId is not null && d.Type is not null) documents.Add((d.DocumentId, d.Type));
            }
        var accountId = http.AccountId();
        if (errors.Count == 0) errors.AddRange(await DocumentStore.CheckOwnedAsync(db, accountId, owned, ct));
        if (errors.Count > 0) return new TelnyxProblem(errors);
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortoutOperations.AddDocumentsAsync(db, accountId, portoutId, documents, now, c), ct);
        return result.IsFailure
            ? new TelnyxProblem(result.Errors)
            : TypedResults.Created((string?)null, new TelnyxItems<PortoutSupportingDocumentRecord>(result.Value.Select(Document).ToList()));
    }

    private static PortoutSupportingDocumentRecord Document(PortoutSupportingDocument d) =>
        new(d.Id, d.CreatedAt, d.DocumentId, d.PortoutId, "portout_supporting_document", d.Type, d.UpdatedAt);

    // Events.

    public static async Task<Results<Ok<TelnyxList<PortoutEventRecord>>, TelnyxProblem>> ListEvents(HttpContext http, [FromStandby] NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var f = EventFilters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        var query = db.PortoutEvents.AsNoTracking().Where(e => e.AccountId == accountId);
        query = query.WhereIn(e => e.EventType, f.Values("event_type"));
        query = query.WhereIn(e => e.PortoutId, f.Guids("portout_id"));
        query = query.WhereBounds(e => (DateTimeOffset?)e.CreatedAt, f.Bounds("created_at"));
        var total = await query.LongCountAsync(ct);
        var events = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortoutEventRecord>(events.Select(Event).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<Ok<TelnyxData<PortoutEventRecord>>, TelnyxProblem>> GetEvent(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var accountId = http.AccountId();
        var e = Guid.TryParseExact(id, "D", out var eventId)
            ? await db.PortoutEvents.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId && x.AccountId == accountId, ct)
            : null;
        return e is null ? EventNotFound() : TypedResults.Ok(new TelnyxData<PortoutEventRecord>(Event(e)));
    }

    public static async Task<Results<NoContent, TelnyxProblem>> Republish(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var eventId)) return EventNotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortoutOperations.RepublishAsync(db, accountId, eventId, now, c), ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        return result.IsFailure ? new TelnyxProblem(result.Errors) : TypedResults.NoContent();
    }

    private static PortoutEventRecord Event(PortoutEvent e)
    {
        using var payload = JsonDocument.Parse(e.PayloadJson);
        return new PortoutEventRecord(e.Id, "portout_event", e.EventType, e.PortoutId, e.WebhookUrl is null ? [] : ["webhook"], e.PayloadStatus,
            payload.RootElement.Clone(), e.CreatedAt, e.UpdatedAt);
    }

    // Reports.

    public static async Task<Results<Ok<TelnyxList<PortoutReportRecord>>, TelnyxProblem>> ListReports(HttpContext http, [FromStandby] NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var f = ReportFilters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        var query = db.PortoutReports.AsNoTracking().Where(r => r.AccountId == accountId);
        query = query.WhereIn(r => r.ReportType, f.Values("report_type"));
        query = query.WhereIn(r => r.Status, f.Values("status"));
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortoutReportRecord>(rows.Select(Report).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<Created<TelnyxData<PortoutReportRecord>>, TelnyxProblem>> CreateReport(JsonBody<CreatePortoutReportRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, Workers.PortoutWorkSignal signal, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var r = body.Result.Value;
        var errors = new List<DomainError>();
        if (r.ReportType is null) errors.Add(DomainError.Required("/report_type"));
        else if (r.ReportType != PortoutOperations.ExportCsv)
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"report_type is {PortoutOperations.ExportCsv}.", "/report_type"));
        if (r.Params is null) errors.Add(DomainError.Required("/params"));
        else if (r.Params.Filters is null) errors.Add(DomainError.Required("/params/filters"));
        else
        {
            var filters = r.Params.Filters;
            for (var i = 0; i < (filters.PhoneNumbersOverlaps?.Count ?? 0); i++)
                if (E164Number.Parse(filters.PhoneNumbersOverlaps![i], $"/params/filters/phone_numbers__overlaps/{i}") is { IsFailure: true } bad)
                    errors.AddRange(bad.Errors);
            if (filters.EndUserName is { } name && FreeText.Check(name, "/params/filters/end_user_name", 200) is { } badName) errors.Add(badName);
            if (filters.PhoneNumbersOverlaps?.Count > PortoutRules.MaxNumbers || filters.CustomerReferenceIn?.Count > 250)
                errors.Add(new DomainError(ErrorCodes.InvalidValue, "A report filter lists too many values.", "/params/filters"));
        }
        if (errors.Count > 0) return new TelnyxProblem(errors);
        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var paramsJson = JsonSerializer.Serialize(r.Params!, WireJson.Options);
        var report = await db.RunAsync(c => Task.FromResult(Result<PortoutReport>.Ok(PortoutOperations.CreateReport(db, accountId, paramsJson, now))), ct);
        signal.Notify();
        return TypedResults.Created((string?)null, new TelnyxData<PortoutReportRecord>(Report(report.Value)));
    }

    public static async Task<Results<Ok<TelnyxData<PortoutReportRecord>>, TelnyxProblem>> GetReport(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var accountId = http.AccountId();
        var r = Guid.TryParseExact(id, "D", out var reportId)
            ? await db.PortoutReports.AsNoTracking().FirstOrDefaultAsync(x => x.Id == reportId && x.AccountId == accountId, ct)
            : null;
        return r is null ? (TelnyxProblem)DomainError.NotFound("Portout report") : TypedResults.Ok(new TelnyxData<PortoutReportRecord>(Report(r)));
    }

    private static PortoutReportRecord Report(PortoutReport r) => new(r.Id, r.CreatedAt, r.DocumentId,
        JsonSerializer.Deserialize<ExportPortoutsCsvReportRecord>(r.ParamsJson, WireJson.Options)!, "portout_report", r.ReportType, r.Status, r.UpdatedAt);

    // Shared.

    private static async Task<Portout?> FindAsync(NumberBlocksDbContext db, HttpContext http, string id, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var portoutId)) return null;
        var accountId = http.AccountId();
        return await PortoutOperations.OfAccount(db, accountId).AsNoTracking().FirstOrDefaultAsync(p => p.Id == portoutId, ct);
    }

    public static PortoutDetailsRecord View(Portout p) => new(
        p.Id, "portout", WireEnums.To<PortoutStatus, TelnyxPortoutStatus>(p.Status), JsonSerializer.Deserialize<string[]>(p.PhoneNumbersJson)!,
        p.CarrierName, p.Spid, p.EndUserName, p.ServiceAddress, p.RequestedFocDate, p.FocDate, p.SupportKey, p.Reason, p.RejectionCode,
        p.HostMessaging, p.Status == PortoutStatus.Ported, p.AccountId!.Value, p.CreatedAt, p.CreatedAt, p.UpdatedAt);

    private static TelnyxProblem PortoutNotFound() => DomainError.NotFound("Portout");

    private static TelnyxProblem EventNotFound() => DomainError.NotFound("Portout event");
}

