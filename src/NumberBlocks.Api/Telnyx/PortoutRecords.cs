using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NumberBlocks.Api.Telnyx;

// Telnyx's port-out wire records (the Node SDK's resources/portouts declarations). Fields the SDK marks optional are
// left out when they have no value; reason is "string | null" and written as null.

/// <summary>Telnyx PortoutDetails.status.</summary>
public enum TelnyxPortoutStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("authorized")] Authorized,
    [JsonStringEnumMemberName("ported")] Ported,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("rejected-pending")] RejectedPending,
    [JsonStringEnumMemberName("canceled")] Canceled,
}

/// <summary>Telnyx PortoutDetails.</summary>
public sealed record PortoutDetailsRecord(
    Guid Id,
    string RecordType,
    TelnyxPortoutStatus Status,
    IReadOnlyList<string> PhoneNumbers,
    string CarrierName,
    string Spid,
    string EndUserName,
    string ServiceAddress,
    DateTimeOffset RequestedFocDate,
    DateTimeOffset FocDate,
    string SupportKey,
    string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RejectionCode,
    bool HostMessaging,
    bool AlreadyPorted,
    Guid UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset InsertedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Body of PATCH /v2/portouts/{id}/{status} (Telnyx PortoutUpdateStatusParams).</summary>
public sealed record UpdatePortoutStatusRequest(string? Reason, bool? HostMessaging);

/// <summary>One eligible rejection code (Telnyx PortoutListRejectionCodesResponse.Data).</summary>
public sealed record PortoutRejectionCodeRecord(int Code, string Description, bool ReasonRequired);

/// <summary>{"data": […]} without paging (rejection codes, supporting documents).</summary>
public sealed record TelnyxItems<T>(IReadOnlyList<T> Data);

/// <summary>Telnyx PortoutComment.</summary>
public sealed record PortoutCommentRecord(Guid Id, string Body, DateTimeOffset CreatedAt, Guid? UserId, Guid PortoutId, string RecordType);

/// <summary>Body of POST /v2/portouts/{id}/comments.</summary>
public sealed record CreatePortoutCommentRequest([property: Required] string? Body);

/// <summary>Telnyx PortOutSupportingDocument.</summary>
public sealed record PortoutSupportingDocumentRecord(Guid Id, DateTimeOffset CreatedAt, string DocumentId, Guid PortoutId, string RecordType, string Type,
    DateTimeOffset UpdatedAt);

/// <summary>Body of POST /v2/portouts/{id}/supporting_documents.</summary>
public sealed record CreatePortoutSupportingDocumentsRequest([property: Required] IReadOnlyList<PortoutSupportingDocumentInput?>? Documents);

public sealed record PortoutSupportingDocumentInput([property: Required] string? DocumentId, [property: Required] string? Type);

/// <summary>A port-out event (Telnyx PortoutEvent: status_changed, new_comment, foc_date_changed).</summary>
public sealed record PortoutEventRecord(
    Guid Id,
    string RecordType,
    string EventType,
    Guid PortoutId,
    IReadOnlyList<string> AvailableNotificationMethods,
    string PayloadStatus,
    JsonElement Payload,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx ExportPortoutsCsvReport.filters: every member optional, as given.</summary>
public sealed record PortoutReportFilters(
    [property: JsonPropertyName("created_at__gt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CreatedAtGt,
    [property: JsonPropertyName("created_at__lt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CreatedAtLt,
    [property: JsonPropertyName("customer_reference__in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? CustomerReferenceIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EndUserName,
    [property: JsonPropertyName("phone_numbers__overlaps"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? PhoneNumbersOverlaps,
    [property: JsonPropertyName("status__in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TelnyxPortoutStatus>? StatusIn);

/// <summary>Telnyx ExportPortoutsCsvReport.</summary>
public sealed record ExportPortoutsCsvReportRecord([property: Required] PortoutReportFilters? Filters);

/// <summary>Body of POST /v2/portouts/reports (Telnyx ReportCreateParams).</summary>
public sealed record CreatePortoutReportRequest([property: Required] ExportPortoutsCsvReportRecord? Params, [property: Required] string? ReportType);

/// <summary>Telnyx PortoutReport; document_id once completed.</summary>
public sealed record PortoutReportRecord(
    Guid Id,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? DocumentId,
    ExportPortoutsCsvReportRecord Params,
    string RecordType,
    string ReportType,
    string Status,
    DateTimeOffset UpdatedAt);
