using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Documents;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Documents;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// Telnyx /v2/documents: uploads (multipart, or the SDK's JSON with the file as base64), their list, one, its bytes,
/// renaming and deleting. The bytes are checked by <see cref="DocumentFile"/> (PDF, PNG or JPEG; at most 10 MiB) and
/// kept in the database (<see cref="DocumentStore"/>); every read is the caller's account only.
/// </summary>
public static class DocumentsApi
{
    private const string Tag = "Telnyx: documents";

    /// <summary>A 10 MiB file as base64 in JSON is about 13.4 MiB; multipart adds its boundaries. Beyond this the body is 413.</summary>
    public const long MaxUploadBodyBytes = 16L * 1024 * 1024;

    /// <summary>The SDK's DocumentListParams.Filter: created_at[gt|lt], customer_reference[eq|in], filename[contains].</summary>
    public static readonly TelnyxFilterSpec Filters = new(
        FilterField.Instant("created_at", "Documents created after gt and before lt.", FilterOp.Gt, FilterOp.Lt),
        FilterField.Text("customer_reference", "Documents with this customer reference (eq) or one of these (in)."),
        new FilterField("filename", FilterKind.Text, [FilterOp.Contains], "Documents whose filename contains this text."));

    /// <summary>The SDK's sort: an array (sent comma-separated) of these, applied in order.</summary>
    public static readonly string[] Sorts = ["filename", "created_at", "updated_at", "-filename", "-created_at", "-updated_at"];

    public static RouteGroupBuilder MapDocuments(this RouteGroupBuilder v2)
    {
        var documents = v2.MapGroup("/documents").WithTags(Tag);
        documents.MapGet("", List).WithName("ListDocuments")
            .WithSummary("List all documents")
            .WithDescription("The account's documents, newest first unless sort says otherwise (sort=filename,-created_at: any of " +
                string.Join(", ", Sorts) + ", applied in order). Content is not listed; download it.")
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, Paged: true));
        documents.MapPost("", Upload).WithName("CreateDocument")
            .WithSummary("Upload a document")
            .WithDescription("Uploads a PDF, PNG or JPEG of at most 10 MiB, as multipart/form-data (file, filename, customer_reference) or as " +
                "JSON with the file base64-encoded in 'file' (what the SDK's upload and uploadJson send; upload adds ?content-type=multipart). " +
                "The type is judged by the file's first bytes; anything else is 422. Uploading by 'url' is refused: NumberBlocks " +
                "does not fetch documents from the internet.")
            .WithMetadata(new BodyLimit(MaxUploadBodyBytes))
            .WithMetadata(new RequestBodyMetadata(typeof(UploadDocumentRequest), ["application/json", "multipart/form-data"], IsOptional: false))
            .WithRequestExample(new UploadDocumentRequest("JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoKdHJhaWxlcgo8PD4+CiUlRU9G", "loa.pdf", "Acct 123abc", null));
        documents.MapGet("/{id}", Get).WithName("GetDocument")
            .WithSummary("Retrieve a document")
            .WithDescription("One document's details (no content).");
        documents.MapGet("/{id}/download", Download).WithName("DownloadDocument")
            .WithSummary("Download a document")
            .WithDescription("The document's bytes, with its content type and filename (Content-Disposition: attachment).")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/pdf", "image/png", "image/jpeg");
        documents.MapPatch("/{id}", Update).WithName("UpdateDocument")
            .WithSummary("Update a document")
            .WithDescription("Changes the filename and/or customer_reference; the content cannot change (upload a new document).")
            .WithRequestExample(new UpdateDocumentRequest("loa-signed.pdf", "Acct 123abc"));
        documents.MapDelete("/{id}", Delete).WithName("DeleteDocument")
            .WithSummary("Delete a document")
            .WithDescription("Deletes a document no porting order (documents, additional documents) or LOA configuration names; " +
                "one still named is 422 saying where.");
        return v2;
    }

    public static async Task<Results<Ok<TelnyxList<DocumentRecord>>, TelnyxProblem>> List(HttpContext http, [FromStandby] NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var sorts = ReadSorts(q);
        var f = Filters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var query = DocumentStore.Summaries(db, http.AccountId());
        query = query.WhereBounds(d => (DateTimeOffset?)d.CreatedAt, f.Bounds("created_at"));
        query = query.WhereIn(d => d.CustomerReference, f.Values("customer_reference"));
        query = query.WhereContains(d => d.Filename, f.Contains("filename"));
        var total = await query.LongCountAsync(ct);
        IOrderedQueryable<DocumentSummary>? ordered = null;
        foreach (var s in sorts)
            ordered = (s, ordered) switch
            {
                ("filename", null) => query.OrderBy(d => d.Filename),
                ("-filename", null) => query.OrderByDescending(d => d.Filename),
                ("created_at", null) => query.OrderBy(d => d.CreatedAt),
                ("-created_at", null) => query.OrderByDescending(d => d.CreatedAt),
                ("updated_at", null) => query.OrderBy(d => d.UpdatedAt),
                ("-updated_at", null) => query.OrderByDescending(d => d.UpdatedAt),
                ("filename", { } o) => o.ThenBy(d => d.Filename),
                ("-filename", { } o) => o.ThenByDescending(d => d.Filename),
                ("created_at", { } o) => o.ThenBy(d => d.CreatedAt),
                ("-created_at", { } o) => o.ThenByDescending(d => d.CreatedAt),
                ("updated_at", { } o) => o.ThenBy(d => d.UpdatedAt),
                (_, { } o) => o.ThenByDescending(d => d.UpdatedAt),
                _ => query.OrderByDescending(d => d.UpdatedAt),
            };
        ordered = ordered?.ThenByDescending(d => d.Id) ?? query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id);
        var page = await ordered.Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<DocumentRecord>(page.Select(View).ToList(), paging.Meta(total)));
    }

    /// <summary>sort=a,b (the SDK sends its array comma-separated) or sort[]=a&amp;sort[]=b: each one of <see cref="Sorts"/>, none twice.</summary>
    private static IReadOnlyList<string> ReadSorts(QueryReader q)
    {
        var values = q.Values("sort").Concat(q.Values("sort[]")).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var v in values)
            if (!Sorts.Contains(v, StringComparer.Ordinal))
            {
                q.Refuse("sort", $"sort must hold only {string.Join(", ", Sorts)}; '{(v.Length > 40 ? v[..40] : v)}' is not one.");
                return [];
            }
        if (values.Select(v => v.TrimStart('-')).Distinct().Count() != values.Count)
        {
            q.Refuse("sort", "sort names a field more than once.");
            return [];
        }
        return values;
    }

    public static async Task<Results<Ok<TelnyxData<DocumentRecord>>, TelnyxProblem>> Upload(HttpContext http, NumberBlocksDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        // The SDK's upload() posts its JSON to /documents?content-type=multipart; the parameter says nothing more.
        var declared = q.String("content-type");
        if (declared is not null and not "multipart") q.Refuse("content-type", "content-type may only be 'multipart'.");
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var read = http.Request.HasFormContentType ? await ReadFormAsync(http, ct) : await ReadJsonAsync(http);
        if (read.IsFailure) return new TelnyxProblem(read.Errors);
        var (file, customerReference) = read.Value;
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var stored = await db.RunAsync(_ => Task.FromResult(Result<DocumentSummary>.Ok(DocumentStore.Add(db, accountId, file, customerReference, now))), ct);
        return stored.IsFailure ? new TelnyxProblem(stored.Errors) : TypedResults.Ok(new TelnyxData<DocumentRecord>(View(stored.Value)));
    }

    private static async Task<Result<(DocumentFile File, string? CustomerReference)>> ReadJsonAsync(HttpContext http)
    {
        var body = await RequestBodies.ReadJsonAsync<UploadDocumentRequest>(http, optional: false);
        if (body.IsFailure) return Result<(DocumentFile, string?)>.Fail(body.Errors);
        var r = body.Value!;
        if (FreeText.Check(r.CustomerReference, "/customer_reference") is { } badReference) return badReference;
        if (r.Url is not null)
            return new DomainError(ErrorCodes.InvalidValue,
                "Uploading by url is not supported: NumberBlocks fetches nothing from the internet on a customer's behalf. Send the file in 'file' (base64) or as multipart/form-data.", "/url");
        if (r.File is null) return DomainError.Required("/file");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(r.File);
        }
        catch (FormatException)
        {
            return new DomainError(ErrorCodes.InvalidValue, "'file' must be the document's bytes in base64 (RFC 4648).", "/file");
        }
        var file = DocumentFile.Of(bytes, r.Filename, "/file", "/filename");
        return file.IsFailure ? Result<(DocumentFile, string?)>.Fail(file.Errors) : (file.Value, r.CustomerReference);
    }

    private static async Task<Result<(DocumentFile File, string? CustomerReference)>> ReadFormAsync(HttpContext http, CancellationToken ct)
    {
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyLimitMiddleware.TooLargeFor(MaxUploadBodyBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return new DomainError(ErrorCodes.MalformedJson, "The multipart/form-data body could not be read.", null, ErrorKind.Malformed);
        }
        var unknown = form.Keys.Concat(form.Files.Select(f => f.Name)).Where(k => k is not ("file" or "filename" or "customer_reference")).ToList();
        if (unknown.Count > 0) return new DomainError(ErrorCodes.UnknownField, $"The form has no field '{unknown[0]}'.", "/" + unknown[0]);
        if (form.Files.GetFile("file") is not { } upload) return DomainError.Required("/file");
        if (upload.Length > DocumentFile.MaxBytes)
            return new DomainError(ErrorCodes.DocumentTooLarge, $"The document is {upload.Length} bytes; at most {DocumentFile.MaxBytes} (10 MiB) are accepted.", "/file");
        using var buffer = new MemoryStream((int)upload.Length);
        await upload.CopyToAsync(buffer, ct);
        var reference = form.TryGetValue("customer_reference", out var r) ? r.ToString() : null;
        if (FreeText.Check(reference, "/customer_reference") is { } badReference) return badReference;
        var name = form.TryGetValue("filename", out var n) ? n.ToString() : upload.FileName;
        var file = DocumentFile.Of(buffer.ToArray(), name, "/file", "/filename");
        return file.IsFailure ? Result<(DocumentFile, string?)>.Fail(file.Errors) : (file.Value, reference);
    }

    public static async Task<Results<Ok<TelnyxData<DocumentRecord>>, TelnyxProblem>> Get(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var d = Guid.TryParseExact(id, "D", out var documentId) ? await DocumentStore.FindAsync(db, http.AccountId(), documentId, ct) : null;
        return d is null ? NotFound() : TypedResults.Ok(new TelnyxData<DocumentRecord>(View(d)));
    }

    public static async Task<Results<FileContentHttpResult, TelnyxProblem>> Download(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var d = Guid.TryParseExact(id, "D", out var documentId) ? await DocumentStore.ReadAsync(db, http.AccountId(), documentId, ct) : null;
        if (d is not { } found) return NotFound();
        return TypedResults.File(found.Content, found.Summary.ContentType, found.Summary.Filename);
    }

    public static async Task<Results<Ok<TelnyxData<DocumentRecord>>, TelnyxProblem>> Update(string id, JsonPatchBody<UpdateDocumentRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var documentId)) return NotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var r = body.Result.Value;
        var refused = new List<DomainError>();
        string? filename = null;
        if (body.Has("filename"))
        {
            if (string.IsNullOrWhiteSpace(r.Filename)) refused.Add(new DomainError(ErrorCodes.InvalidValue, "'filename' must not be empty.", "/filename"));
            else if (DocumentFile.FilenameError(r.Filename.Trim(), "/filename") is { } bad) refused.Add(bad);
            else filename = r.Filename.Trim();
        }
        if (FreeText.Check(r.CustomerReference, "/customer_reference") is { } badReference) refused.Add(badReference);
        if (refused.Count > 0) return new TelnyxProblem(refused);
        var reference = body.Has("customer_reference") ? new Optional<string?>(true, r.CustomerReference) : default;
        var updated = await db.RunAsync(c => DocumentStore.UpdateAsync(db, http.AccountId(), documentId, filename, reference, clock.GetUtcNow(), c), ct);
        return updated.IsFailure ? new TelnyxProblem(updated.Errors) : TypedResults.Ok(new TelnyxData<DocumentRecord>(View(updated.Value)));
    }

    public static async Task<Results<Ok<TelnyxData<DocumentRecord>>, TelnyxProblem>> Delete(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var documentId)) return NotFound();
        var deleted = await db.RunAsync(c => DocumentStore.DeleteAsync(db, http.AccountId(), documentId, c), ct);
        return deleted.IsFailure ? new TelnyxProblem(deleted.Errors) : TypedResults.Ok(new TelnyxData<DocumentRecord>(View(deleted.Value)));
    }

    /// <summary>
    /// Telnyx DocServiceDocument. NumberBlocks runs no virus scanner (av_scan_status "not_scanned") and no review
    /// (status "pending"): the type check by magic bytes is all that is done to a file.
    /// </summary>
    public static DocumentRecord View(DocumentSummary d) => new(d.Id, "document", d.CreatedAt, d.UpdatedAt, "not_scanned", d.ContentType,
        d.CustomerReference, d.Filename, d.Sha256, new DocumentSizeRecord(d.SizeBytes, "bytes"), "pending");

    private static TelnyxProblem NotFound() => DomainError.NotFound("Document");
}
