using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Documents;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Data.Documents;

/// <summary>
/// Uploaded documents, one account's at a time: every read names the account, so another account's document is "not
/// found" like an unknown id. Any surface that refers to documents (porting orders, LOA configurations, port-outs)
/// checks its ids here.
/// </summary>
public static class DocumentStore
{
    private static readonly ValueConverter<DocumentKind, string> KindConverter = new(k => KindName(k), s => KindOf(s));

    private static string KindName(DocumentKind k) => k == DocumentKind.Pdf ? "pdf" : k == DocumentKind.Png ? "png" : "jpeg";

    private static DocumentKind KindOf(string s) => s switch
    {
        "pdf" => DocumentKind.Pdf,
        "png" => DocumentKind.Png,
        "jpeg" => DocumentKind.Jpeg,
        _ => throw new InvalidOperationException($"Stored document kind '{s}' is unknown."),
    };

    internal static void Configure(ModelBuilder model)
    {
        model.Entity<StoredDocument>(e => { e.ToTable("documents"); e.Property(d => d.Kind).HasConversion(KindConverter); });
        model.Entity<PortingAdditionalDocument>().ToTable("porting_additional_documents");
        model.Entity<PortingOrderComment>().ToTable("porting_order_comments");
        model.Entity<LoaConfiguration>().ToTable("loa_configurations");
        model.Entity<PortingActionRequirementRow>().ToTable("porting_action_requirements");
    }

    /// <summary>The documents of one account, without their bytes (lists and views never load content).</summary>
    public static IQueryable<DocumentSummary> Summaries(NumberBlocksDbContext db, Guid accountId) =>
        db.Documents.AsNoTracking().Where(d => d.AccountId == accountId).Select(d => new DocumentSummary
        {
            Id = d.Id, AccountId = d.AccountId, Filename = d.Filename, Kind = d.Kind, CustomerReference = d.CustomerReference,
            SizeBytes = d.SizeBytes, Sha256 = d.Sha256, CreatedAt = d.CreatedAt, UpdatedAt = d.UpdatedAt,
        });

    public static Task<DocumentSummary?> FindAsync(NumberBlocksDbContext db, Guid accountId, Guid id, CancellationToken ct) =>
        Summaries(db, accountId).FirstOrDefaultAsync(d => d.Id == id, ct);

    /// <summary>The bytes of one document of the account, with its summary; null when the account has no such document.</summary>
    public static async Task<(DocumentSummary Summary, byte[] Content)?> ReadAsync(NumberBlocksDbContext db, Guid accountId, Guid id, CancellationToken ct)
    {
        var d = await db.Documents.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.AccountId == accountId, ct);
        if (d is null) return null;
        return (DocumentSummary.Of(d), d.Content);
    }

    public static DocumentSummary Add(NumberBlocksDbContext db, Guid accountId, DocumentFile file, string? customerReference, DateTimeOffset now)
    {
        var row = new StoredDocument
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            Filename = file.Filename,
            Kind = file.Kind,
            CustomerReference = customerReference,
            SizeBytes = file.Content.Length,
            Sha256 = file.Sha256,
            Content = file.Content,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Documents.Add(row);
        return DocumentSummary.Of(row);
    }

    /// <summary>Telnyx PATCH /v2/documents/{id}: filename and customer_reference, each only when sent.</summary>
    public static async Task<Result<DocumentSummary>> UpdateAsync(NumberBlocksDbContext db, Guid accountId, Guid id, string? filename,
        Domain.Optional<string?> customerReference, DateTimeOffset now, CancellationToken ct)
    {
        var d = await db.Documents.FirstOrDefaultAsync(x => x.Id == id && x.AccountId == accountId, ct);
        if (d is null) return DomainError.NotFound("Document");
        if (filename is not null) d.Filename = filename;
        if (customerReference.IsSet) d.CustomerReference = customerReference.Value;
        d.UpdatedAt = now;
        return DocumentSummary.Of(d);
    }

    /// <summary>Deletes a document no porting order or LOA configuration names; one still named is 422 naming who holds it.</summary>
    public static async Task<Result<DocumentSummary>> DeleteAsync(NumberBlocksDbContext db, Guid accountId, Guid id, CancellationToken ct)
    {
        var summary = await FindAsync(db, accountId, id, ct);
        if (summary is null) return DomainError.NotFound("Document");
        var order = await db.PortingOrders.Where(o => o.AccountId == accountId && (o.DocumentsLoa == id || o.DocumentsInvoice == id))
            .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct)
            ?? await db.PortingAdditionalDocuments.Where(a => a.AccountId == accountId && a.DocumentId == id)
                .Select(a => (Guid?)a.PortingOrderId).FirstOrDefaultAsync(ct);
        if (order is not null)
            return new DomainError(ErrorCodes.DocumentInUse, $"The document is attached to porting order {order}; detach it first.", null);
        var loa = await db.LoaConfigurations.Where(l => l.AccountId == accountId && l.LogoDocumentId == id).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
        if (loa is not null)
            return new DomainError(ErrorCodes.DocumentInUse, $"The document is the logo of LOA configuration {loa}; change that first.", null);
        await db.Documents.Where(d => d.Id == id && d.AccountId == accountId).ExecuteDeleteAsync(ct);
        return summary;
    }

    /// <summary>
    /// Refuses ids that are not documents of the account (each at its pointer), so an order never names a document
    /// it cannot show; <paramref name="kinds"/> narrows the file types where the use needs one (a logo is a PNG).
    /// </summary>
    public static async Task<List<DomainError>> CheckOwnedAsync(NumberBlocksDbContext db, Guid accountId,
        IReadOnlyList<(Guid Id, string Pointer)> ids, CancellationToken ct, params DocumentKind[] kinds)
    {
        var errors = new List<DomainError>();
        if (ids.Count == 0) return errors;
        var wanted = ids.Select(i => i.Id).Distinct().ToList();
        var found = await db.Documents.AsNoTracking().Where(d => d.AccountId == accountId && wanted.Contains(d.Id))
            .Select(d => new { d.Id, d.Kind }).ToDictionaryAsync(d => d.Id, d => d.Kind, ct);
        foreach (var (id, pointer) in ids)
        {
            if (!found.TryGetValue(id, out var kind))
                errors.Add(new DomainError(ErrorCodes.InvalidValue, $"Document {id} does not exist; upload it with POST /v2/documents first.", pointer));
            else if (kinds.Length > 0 && !kinds.Contains(kind))
                errors.Add(new DomainError(ErrorCodes.DocumentTypeNotAllowed,
                    $"Document {id} is {DocumentFile.ContentTypeOf(kind)}; this needs {string.Join(" or ", kinds.Select(DocumentFile.ContentTypeOf))}.", pointer));
        }
        return errors;
    }
}

/// <summary>
/// What is shown of a document: everything but its bytes. Built by member initialization so that queries may filter
/// and sort on its members after the projection (EF translates those, not constructor arguments).
/// </summary>
public sealed record DocumentSummary
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public required string Filename { get; init; }
    public DocumentKind Kind { get; init; }
    public string? CustomerReference { get; init; }
    public long SizeBytes { get; init; }
    public required string Sha256 { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public string ContentType => DocumentFile.ContentTypeOf(Kind);

    public static DocumentSummary Of(StoredDocument d) => new()
    {
        Id = d.Id, AccountId = d.AccountId, Filename = d.Filename, Kind = d.Kind, CustomerReference = d.CustomerReference,
        SizeBytes = d.SizeBytes, Sha256 = d.Sha256, CreatedAt = d.CreatedAt, UpdatedAt = d.UpdatedAt,
    };
}
