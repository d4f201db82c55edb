using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Documents;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// The porting order's family (Telnyx porting-orders/*.d.ts): additional documents, comments, requirements, action
/// requirements, allowed FOC windows, the LOA template, and the exception types a carrier may give.
/// </summary>
public static class PortingOrderFamilyApi
{
    private const string Tag = "Telnyx: porting orders";

    public static readonly TelnyxFilterSpec AdditionalDocumentFilters = new(
        FilterField.Enum("document_type", "Documents of these types.", PortingFamilyOperations.AdditionalDocumentTypes));

    public static readonly TelnyxFilterSpec ActionRequirementFilters = new(
        FilterField.Uuid("id", "Action requirements with these ids."),
        FilterField.Text("action_type", "Action requirements of this type."),
        FilterField.Text("requirement_type_id", "Action requirements of this requirement type."),
        FilterField.Enum("status", "Action requirements in this status.", ["created", "pending", "completed", "cancelled", "failed"]));

    public static readonly string[] ActionRequirementSorts = ["created_at", "-created_at", "updated_at", "-updated_at"];

    public static RouteGroupBuilder MapPortingOrderFamily(this RouteGroupBuilder v2)
    {
        var orders = v2.MapGroup("/porting_orders").WithTags(Tag);
        orders.MapGet("/exception_types", ExceptionTypes).WithName("ListPortingOrdersExceptionTypes")
            .WithSummary("List all exception types")
            .WithDescription("Every reason a losing carrier may give for putting an order into exception, with what to fix.");

        orders.MapGet("/{id}/additional_documents", ListAdditionalDocuments).WithName("ListAdditionalDocuments")
            .WithSummary("List additional documents")
            .WithDescription("The order's additional documents (beside documents.loa and documents.invoice), newest first.")
            .WithTelnyxQuery(new TelnyxQueryDoc(AdditionalDocumentFilters, ["created_at", "-created_at"], Paged: true));
        orders.MapPost("/{id}/additional_documents", CreateAdditionalDocuments).WithName("CreateAdditionalDocuments")
            .WithSummary("Create a list of additional documents")
            .WithDescription("Attaches uploaded documents (POST /v2/documents) to the order as loa, invoice, csr or other, while the order " +
                "is draft, in-process or exception. A document id the account does not have is 422 at its pointer.")
            .WithRequestExample(new CreateAdditionalDocumentsRequest([new AdditionalDocumentInput(Guid.Parse("22771e30-cb37-4d05-a1b4-2f5d61f2f0a4"), "csr")]));
        orders.MapDelete("/{id}/additional_documents/{additional_document_id}", DeleteAdditionalDocument).WithName("DeleteAdditionalDocument")
            .WithSummary("Delete an additional document")
            .WithDescription("Detaches one additional document from the order (the document itself stays). 204.");

        orders.MapGet("/{id}/comments", ListComments).WithName("ListPortingOrderComments")
            .WithSummary("List all comments of a porting order")
            .WithDescription("The order's comments, oldest first: the customer's (user) and the carrier side's (admin).")
            .WithTelnyxQuery(new TelnyxQueryDoc(Paged: true));
        orders.MapPost("/{id}/comments", CreateComment).WithName("CreatePortingOrderComment")
            .WithSummary("Create a comment for a porting order")
            .WithDescription("Adds the customer's comment (user_type user); the carrier side answers through the operator API.")
            .WithRequestExample(new CreateCommentRequest("The end user's account number is 12345."));

        orders.MapGet("/{id}/requirements", ListRequirements).WithName("ListPortingOrderRequirements")
            .WithSummary("List requirements for a porting order")
            .WithDescription("What the order needs before it can be submitted, from the one table of requirements per country and number " +
                "type (docs/porting-family.md): each with its type, the value the order holds (field_value) and requirement_status " +
                "approved or pending. actions/confirm refuses the order while one is pending, naming it.")
            .WithTelnyxQuery(new TelnyxQueryDoc(Paged: true));
        orders.MapGet("/{porting_order_id}/action_requirements", ListActionRequirements).WithName("ListPortingOrderActionRequirements")
            .WithSummary("List action requirements for a porting order")
            .WithDescription("Steps the end user takes outside the order (DE orders: identity verification), created until initiated.")
            .WithTelnyxQuery(new TelnyxQueryDoc(ActionRequirementFilters, ActionRequirementSorts, Paged: true));
        orders.MapPost("/{porting_order_id}/action_requirements/{id}/initiate", InitiateActionRequirement).WithName("InitiatePortingActionRequirement")
            .WithSummary("Initiate an action requirement")
            .WithDescription("Starts the step with the end user's name: completed when it is the order's authorized person " +
                "(end_user.admin.auth_person_name), failed with cancel_reason when not (initiate again after fixing the order).")
            .WithRequestExample(new InitiateActionRequirementRequest(new ActionRequirementParamsInput("Ada", "Admin")));

        orders.MapGet("/{id}/allowed_foc_windows", AllowedFocWindows).WithName("ListAllowedFocWindows")
            .WithSummary("List allowed FOC dates")
            .WithDescription("The windows a requested FOC may fall in: business days of the order's country (no weekends, no public holidays " +
                "of the losing carrier's country), 09:00-17:00 local time, from a lead time of business days (US 3, DE 7, else 5); " +
                $"the next {FocWindows.WindowCount}.");
        orders.MapGet("/{id}/loa_template", LoaTemplateApi.Template).WithName("GetPortingOrderLoaTemplate").Produces(StatusCodes.Status200OK, typeof(Stream), "application/pdf")
            .WithSummary("Download a porting order loa template")
            .WithDescription("A PDF LOA built from the order (its numbers, end user and address) for the end user to sign, with the company, " +
                "logo and contact of an LOA configuration (?loa_configuration_id=, else the account's newest).")
            .WithTelnyxQuery(new TelnyxQueryDoc());
        return v2;
    }

    /// <summary>The same for every account; typed with the surface's error answer like every /v2 operation (401 without a key).</summary>
    public static Results<Ok<TelnyxData<IReadOnlyList<PortingExceptionTypeRecord>>>, TelnyxProblem> ExceptionTypes() =>
        TypedResults.Ok(new TelnyxData<IReadOnlyList<PortingExceptionTypeRecord>>(
            PortingExceptionTypes.All.Select(t => new PortingExceptionTypeRecord(t.Code, t.Description)).ToList()));

    // ---- additional documents

    public static async Task<Results<Ok<TelnyxList<PortingAdditionalDocumentRecord>>, TelnyxProblem>> ListAdditionalDocuments(string id,
        HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var sort = TelnyxPaging.Sort(q, ["created_at", "-created_at"], "-created_at");
        var f = AdditionalDocumentFilters.Read(q);
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var rows = db.PortingAdditionalDocuments.AsNoTracking().Where(a => a.PortingOrderId == order.Id).WhereIn(a => a.DocumentType, f.Values("document_type"));
        var total = await rows.LongCountAsync(ct);
        var ordered = sort == "created_at" ? rows.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id) : rows.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id);
        var page = await ordered.Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        var views = await AdditionalDocumentViewsAsync(db, order.AccountId, page, ct);
        return TypedResults.Ok(new TelnyxList<PortingAdditionalDocumentRecord>(views, paging.Meta(total)));
    }

    public static async Task<Results<Created<TelnyxData<IReadOnlyList<PortingAdditionalDocumentRecord>>>, TelnyxProblem>> CreateAdditionalDocuments(
        string id, JsonBody<CreateAdditionalDocumentsRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var items = body.Result.Value.AdditionalDocuments ?? [];
        var refused = new List<DomainError>();
        var parsed = new List<(Guid, string)>();
        if (items.Count is 0 or > 50)
            refused.Add(new DomainError(ErrorCodes.InvalidValue, "'additional_documents' must hold 1 to 50 documents.", "/additional_documents"));
        for (var i = 0; i < items.Count && refused.Count == 0; i++)
        {
            if (items[i] is not { } item) { refused.Add(new DomainError(ErrorCodes.InvalidType, "Each additional document must be an object.", $"/additional_documents/{i}")); continue; }
            if (item.DocumentId is not { } documentId) refused.Add(DomainError.Required($"/additional_documents/{i}/document_id"));
            else if (item.DocumentType is not { } type || !PortingFamilyOperations.AdditionalDocumentTypes.Contains(type))
                refused.Add(new DomainError(ErrorCodes.InvalidValue, $"document_type must be one of: {string.Join(", ", PortingFamilyOperations.AdditionalDocumentTypes)}.",
                    $"/additional_documents/{i}/document_type"));
            else parsed.Add((documentId, type));
        }
        if (refused.Count > 0) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var created = await db.RunAsync(c => PortingFamilyOperations.AddAdditionalDocumentsAsync(db, accountId, orderId, parsed, now, c), ct);
        if (created.IsFailure) return new TelnyxProblem(created.Errors);
        var views = await AdditionalDocumentViewsAsync(db, accountId, created.Value, ct);
        return TypedResults.Created($"/v2/porting_orders/{orderId}/additional_documents", new TelnyxData<IReadOnlyList<PortingAdditionalDocumentRecord>>(views));
    }

    public static async Task<Results<NoContent, TelnyxProblem>> DeleteAdditionalDocument(string id, string additional_document_id, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (!Guid.TryParseExact(additional_document_id, "D", out var documentId)) return (TelnyxProblem)DomainError.NotFound("Additional document");
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var deleted = await db.RunAsync(c => PortingFamilyOperations.DeleteAdditionalDocumentAsync(db, accountId, orderId, documentId, now, c), ct);
        return deleted.IsFailure ? new TelnyxProblem(deleted.Errors) : TypedResults.NoContent();
    }

    private static async Task<List<PortingAdditionalDocumentRecord>> AdditionalDocumentViewsAsync(NumberBlocksDbContext db, Guid accountId,
        IReadOnlyList<PortingAdditionalDocument> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.DocumentId).Distinct().ToList();
        var documents = await DocumentStore.Summaries(db, accountId).Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        return rows.Select(r => new PortingAdditionalDocumentRecord(r.Id, "porting_additional_document", documents[r.DocumentId].ContentType, r.CreatedAt,
            r.DocumentId, r.DocumentType, documents[r.DocumentId].Filename, r.PortingOrderId, r.UpdatedAt)).ToList();
    }

    // ---- comments

    public static async Task<Results<Ok<TelnyxList<PortingOrderCommentRecord>>, TelnyxProblem>> ListComments(string id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var rows = db.PortingOrderComments.AsNoTracking().Where(c => c.PortingOrderId == order.Id);
        var total = await rows.LongCountAsync(ct);
        var page = await rows.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortingOrderCommentRecord>(page.Select(Comment).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<Created<TelnyxData<PortingOrderCommentRecord>>, TelnyxProblem>> CreateComment(string id, JsonBody<CreateCommentRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var created = await db.RunAsync<PortingOrderComment>(async c =>
        {
            var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, c);
            if (order is null) return DomainError.NotFound("Porting order");
            return await PortingFamilyOperations.AddCommentAsync(db, order, body.Result.Value.Body, "user", now, c);
        }, ct);
        if (created.IsFailure) return new TelnyxProblem(created.Errors);
        return TypedResults.Created($"/v2/porting_orders/{orderId}/comments", new TelnyxData<PortingOrderCommentRecord>(Comment(created.Value)));
    }

    public static PortingOrderCommentRecord Comment(PortingOrderComment c) => new(c.Id, "porting_comment", c.Body, c.CreatedAt, c.PortingOrderId, c.UserType);

    // ---- requirements

    public static async Task<Results<Ok<TelnyxList<PortingRequirementRecord>>, TelnyxProblem>> ListRequirements(string id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var states = Requirements(order);
        var page = states.Skip(paging.Skip).Take(paging.Size).Select(Requirement).ToList();
        return TypedResults.Ok(new TelnyxList<PortingRequirementRecord>(page, paging.Meta(states.Count)));
    }

    public static IReadOnlyList<PortingRequirementState> Requirements(PortingOrder order) =>
        PortingRequirements.Evaluate(order.CountryCode, PhoneNumberTypes.TelnyxNameOf(order.PhoneNumberType), PortingOrderDetailsColumns.Read(order));

    private static PortingRequirementRecord Requirement(PortingRequirementState s) => new(
        s.Type.IsDocument ? "document" : "textual",
        s.IsMet ? s.Value : null,
        "porting_requirement",
        s.IsMet ? "approved" : "pending",
        new PortingRequirementTypeRecord(s.Type.Id, new Dictionary<string, string> { ["field"] = s.Type.PatchField, ["rule"] = s.Type.AcceptanceCriteria },
            s.Type.Description, s.Type.Example, s.Type.Name, s.Type.IsDocument ? "document" : "textual"));

    // ---- action requirements

    public static async Task<Results<Ok<TelnyxList<PortingActionRequirementRecord>>, TelnyxProblem>> ListActionRequirements(string porting_order_id,
        HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var sort = TelnyxPaging.Sort(q, ActionRequirementSorts, "-created_at");
        var f = ActionRequirementFilters.Read(q);
        var order = await PortingOrdersApi.FindAsync(db, http, porting_order_id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var all = (await PortingFamilyOperations.ActionRequirementsAsync(db, order, ct)).Select(a => ActionRequirement(order, a.Type, a.Id, a.Row)).ToList();
        IEnumerable<PortingActionRequirementRecord> rows = all;
        if (f.Guids("id") is { } ids) rows = rows.Where(r => ids.Contains(r.Id));
        if (f.Values("action_type") is { } types) rows = rows.Where(r => types.Contains(r.ActionType));
        if (f.Values("requirement_type_id") is { } typeIds) rows = rows.Where(r => typeIds.Contains(r.RequirementTypeId));
        if (f.Values("status") is { } statuses) rows = rows.Where(r => statuses.Contains(r.Status));
        rows = sort switch
        {
            "created_at" => rows.OrderBy(r => r.CreatedAt),
            "updated_at" => rows.OrderBy(r => r.UpdatedAt),
            "-updated_at" => rows.OrderByDescending(r => r.UpdatedAt),
            _ => rows.OrderByDescending(r => r.CreatedAt),
        };
        var list = rows.ToList();
        return TypedResults.Ok(new TelnyxList<PortingActionRequirementRecord>(list.Skip(paging.Skip).Take(paging.Size).ToList(), paging.Meta(list.Count)));
    }

    public static async Task<Results<Ok<TelnyxData<PortingActionRequirementRecord>>, TelnyxProblem>> InitiateActionRequirement(string porting_order_id,
        string id, JsonBody<InitiateActionRequirementRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(porting_order_id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (!Guid.TryParseExact(id, "D", out var requirementId)) return (TelnyxProblem)DomainError.NotFound("Action requirement");
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        if (body.Result.Value.Params is not { } p) return new TelnyxProblem([DomainError.Required("/params")]);
        var refused = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(p.FirstName)) refused.Add(DomainError.Required("/params/first_name"));
        else if (Domain.FreeText.Check(p.FirstName, "/params/first_name", 200) is { } f1) refused.Add(f1);
        if (string.IsNullOrWhiteSpace(p.LastName)) refused.Add(DomainError.Required("/params/last_name"));
        else if (Domain.FreeText.Check(p.LastName, "/params/last_name", 200) is { } f2) refused.Add(f2);
        if (refused.Count > 0) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingFamilyOperations.InitiateActionRequirementAsync(db, accountId, orderId, requirementId,
            p.FirstName!, p.LastName!, now, c), ct);
        if (result.IsFailure) return new TelnyxProblem(result.Errors);
        var order = (await PortingOrdersApi.FindAsync(db, http, porting_order_id, ct))!;
        return TypedResults.Ok(new TelnyxData<PortingActionRequirementRecord>(ActionRequirement(order, result.Value.Type, requirementId, result.Value.Row)));
    }

    /// <summary>A requirement not yet started shows as created at the order's creation.</summary>
    private static PortingActionRequirementRecord ActionRequirement(PortingOrder order, PortingActionRequirementType type, Guid id, PortingActionRequirementRow? row) =>
        new(id, type.ActionType, null, row?.CancelReason, row?.CreatedAt ?? order.CreatedAt, order.Id, "porting_action_requirement", type.Id,
            row?.Status ?? "created", row?.UpdatedAt ?? order.CreatedAt);

    // ---- FOC windows

    public static async Task<Results<Ok<TelnyxList<FocWindowRecord>>, TelnyxProblem>> AllowedFocWindows(string id, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var windows = FocWindows.Allowed(order.CountryCode, clock.GetUtcNow()).Select(w => new FocWindowRecord(w.StartedAt, w.EndedAt, "allowed_foc_window")).ToList();
        return TypedResults.Ok(new TelnyxList<FocWindowRecord>(windows, new TelnyxPaging(1, windows.Count).Meta(windows.Count)));
    }
}
