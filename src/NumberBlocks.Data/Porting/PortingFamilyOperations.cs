using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Documents;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>
/// What hangs off a porting order besides its numbers: additional documents, comments (a carrier's comment is a
/// porting_order.new_comment webhook through the outbox), action requirements, and the requirements check that
/// actions/confirm runs.
/// </summary>
public static class PortingFamilyOperations
{
    public static readonly string[] AdditionalDocumentTypes = ["loa", "invoice", "csr", "other"];
    public const int MaxCommentLength = 5000;

    public static async Task<Result<List<PortingAdditionalDocument>>> AddAdditionalDocumentsAsync(NumberBlocksDbContext db, Guid accountId,
        Guid orderId, IReadOnlyList<(Guid DocumentId, string DocumentType)> items, DateTimeOffset now, CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        if (PortingOrderRules.EnsureEditable(order.Status, "Documents can be added") is { } notEditable) return notEditable;
        var refused = await DocumentStore.CheckOwnedAsync(db, accountId,
            items.Select((d, i) => (d.DocumentId, $"/additional_documents/{i}/document_id")).ToList(), ct);
        if (refused.Count > 0) return Result<List<PortingAdditionalDocument>>.Fail(refused);
        var rows = items.Select((d, i) => new PortingAdditionalDocument
        {
            // Version-7 ids of one instant are ordered by their random part: the position keeps the given order.
            Id = Guid.CreateVersion7(now.AddTicks(i)),
            PortingOrderId = orderId,
            AccountId = accountId,
            DocumentId = d.DocumentId,
            DocumentType = d.DocumentType,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.PortingAdditionalDocuments.AddRange(rows);
        order.UpdatedAt = now;
        return rows;
    }

    public static async Task<Result<PortingAdditionalDocument>> DeleteAdditionalDocumentAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId,
        Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var row = await db.PortingAdditionalDocuments.FirstOrDefaultAsync(a => a.Id == id && a.PortingOrderId == orderId && a.AccountId == accountId, ct);
        if (row is null) return DomainError.NotFound("Additional document");
        if (PortingOrderRules.EnsureEditable(order.Status, "Documents can be removed") is { } notEditable) return notEditable;
        db.PortingAdditionalDocuments.Remove(row);
        order.UpdatedAt = now;
        return row;
    }

    /// <summary>
    /// Adds a comment. One from the carrier side (user_type admin) tells the customer: a porting_order.new_comment
    /// event, delivered as a webhook through the outbox in this transaction (Telnyx's payload: the comment and the order).
    /// </summary>
    public static async Task<Result<PortingOrderComment>> AddCommentAsync(NumberBlocksDbContext db, PortingOrder order, string? body, string userType,
        DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body)) return DomainError.Required("/body");
        if (body.Length > MaxCommentLength)
            return new DomainError(ErrorCodes.InvalidValue, $"'body' is longer than {MaxCommentLength} characters.", "/body");
        if (Domain.FreeText.Check(body, "/body", MaxCommentLength) is { } bad) return bad;
        var comment = new PortingOrderComment
        {
            Id = Guid.CreateVersion7(now),
            PortingOrderId = order.Id,
            AccountId = order.AccountId,
            Body = body,
            UserType = userType,
            CreatedAt = now,
        };
        db.PortingOrderComments.Add(comment);
        if (userType == "admin")
            await PortingEventOperations.RecordAsync(db, order, PortingEventTypes.NewComment, new JsonObject
            {
                ["comment"] = new JsonObject
                {
                    ["body"] = comment.Body,
                    ["id"] = comment.Id.ToString(),
                    ["inserted_at"] = Domain.Rfc3339.Format(now),
                    ["user_type"] = comment.UserType,
                },
                ["porting_order_id"] = order.Id.ToString(),
                ["support_key"] = order.SupportKey,
            }, now, ct);
        return comment;
    }

    /// <summary>The stable id of an order's action requirement: the same on every read, before and after it is started.</summary>
    public static Guid ActionRequirementId(Guid orderId, string requirementTypeId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{orderId:D}/{requirementTypeId}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: a name-based id of our own (RFC 9562 5.8)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The order's action requirements from the table, each with its started row when there is one.</summary>
    public static async Task<List<(PortingActionRequirementType Type, Guid Id, PortingActionRequirementRow? Row)>> ActionRequirementsAsync(
        NumberBlocksDbContext db, PortingOrder order, CancellationToken ct)
    {
        var rows = await db.PortingActionRequirements.AsNoTracking().Where(r => r.PortingOrderId == order.Id).ToListAsync(ct);
        return PortingRequirements.ActionsFor(order.CountryCode)
            .Select(t => (t, ActionRequirementId(order.Id, t.Id), rows.FirstOrDefault(r => r.RequirementTypeId == t.Id))).ToList();
    }

    /// <summary>
    /// Starts (or restarts) an action requirement. NumberBlocks has no identity provider: the check it makes is that
    /// the person named is the order's authorized person; completed when so, failed with the reason when not.
    /// </summary>
    public static async Task<Result<(PortingActionRequirementType Type, PortingActionRequirementRow Row)>> InitiateActionRequirementAsync(
        NumberBlocksDbContext db, Guid accountId, Guid orderId, Guid id, string firstName, string lastName, DateTimeOffset now, CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var type = PortingRequirements.ActionsFor(order.CountryCode).FirstOrDefault(t => ActionRequirementId(orderId, t.Id) == id);
        if (type is null) return DomainError.NotFound("Action requirement");
        var row = await db.PortingActionRequirements.FirstOrDefaultAsync(r => r.PortingOrderId == orderId && r.RequirementTypeId == type.Id, ct);
        if (row is null)
        {
            row = new PortingActionRequirementRow
            {
                Id = id, PortingOrderId = orderId, AccountId = accountId, RequirementTypeId = type.Id, Status = "created", CreatedAt = now,
            };
            db.PortingActionRequirements.Add(row);
        }
        else if (row.Status == "completed")
            return new DomainError(ErrorCodes.InvalidValue, "This action requirement is already completed.", null);
        var named = $"{firstName.Trim()} {lastName.Trim()}";
        var matches = order.AdminAuthPersonName is { } auth
            && string.Equals(string.Join(' ', auth.Split(' ', StringSplitOptions.RemoveEmptyEntries)), named, StringComparison.OrdinalIgnoreCase);
        row.FirstName = firstName.Trim();
        row.LastName = lastName.Trim();
        row.Status = matches ? "completed" : "failed";
        row.CancelReason = matches ? null
            : order.AdminAuthPersonName is null ? "The order has no authorized person (end_user.admin.auth_person_name) to verify against."
            : "The person named is not the order's authorized person (end_user.admin.auth_person_name).";
        row.UpdatedAt = now;
        return (type, row);
    }

    /// <summary>What still stops <paramref name="order"/> from being submitted (empty when nothing does), from the one table.</summary>
    public static async Task<List<DomainError>> UnmetRequirementsAsync(NumberBlocksDbContext db, PortingOrder order, CancellationToken ct)
    {
        var states = PortingRequirements.Evaluate(order.CountryCode, PhoneNumberTypes.TelnyxNameOf(order.PhoneNumberType),
            PortingOrderDetailsColumns.Read(order));
        var actions = (await ActionRequirementsAsync(db, order, ct)).Select(a => (a.Type, a.Row?.Status == "completed")).ToList();
        return PortingRequirements.Unmet(states, actions);
    }
}
