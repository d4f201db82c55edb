namespace NumberBlocks.Domain.Errors;

/// <summary>The machine-readable codes of every refusal the domain can give. Wire adapters translate them.</summary>
public static class ErrorCodes
{
    public const string Required = "required";
    public const string InvalidType = "invalid_type";
    public const string MalformedJson = "malformed_json";
    public const string InvalidParameter = "invalid_parameter";
    public const string NotFound = "not_found";
    public const string Unauthorized = "unauthorized";
    /// <summary>A body field the operation's record does not have; refused rather than ignored.</summary>
    public const string UnknownField = "unknown_field";
    /// <summary>A body field given twice in one object (RFC 8259 leaves the meaning open, so it is refused).</summary>
    public const string DuplicateField = "duplicate_field";
    /// <summary>A query parameter the operation does not document; refused rather than ignored.</summary>
    public const string UnknownParameter = "unknown_parameter";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InternalError = "internal_error";
    public const string DatabaseContention = "database.contention";
    /// <summary>A header value with bytes outside visible ASCII (RFC 9110 5.5 field values).</summary>
    public const string InvalidHeader = "invalid_header";

    // Issue 5 (seed 004): the catalogue of number blocks for sale, properties and purchases.
    public const string AccountNotFound = "account.not_found";
    public const string PropertyNotFound = "property.not_found";
    public const string CatalogueBlockNotFound = "catalogue_block.not_found";
    public const string CatalogueBlockSold = "catalogue_block.sold";
    public const string CatalogueBlockInOtherProperty = "catalogue_block.other_property";
    public const string ConflictingParameters = "conflicting_parameters";
    public const string InvalidAnswerPoint = "answer_point.invalid";
    public const string InvalidUrl = "url.invalid";
    public const string PlacementMismatch = "catalogue_block.placement_mismatch";

    public const string InvalidPhoneNumber = "phone_number.invalid";
    public const string UnknownNumberingPlan = "phone_number.unplaceable";
    /// <summary>A declared number type the numbering plan contradicts (stock).</summary>
    public const string NumberTypeMismatch = "number_type.mismatch";
    public const string RangeLengthMismatch = "range.length_mismatch";
    public const string RangeReversed = "range.reversed";
    public const string BlockTooLarge = "block.too_large";
    public const string ActivationRangeOutsideBlock = "activation_range.outside_range";
    public const string ActivationRangesOverlap = "activation_range.overlap";
    public const string BlockMixedPlan = "block.mixed_country_or_type";
    public const string BlockOverlapsBlock = "block.overlaps_block";
    public const string OrderCountryOrTypeMismatch = "order.country_or_type_mismatch";
    public const string OrderNotEditable = "order.not_editable";
    public const string OrderEmpty = "order.empty";
    public const string DuplicateNumber = "phone_number.duplicate";
    public const string IllegalTransition = "status.illegal_transition";
    public const string ExtensionRangeOutOfBounds = "extension_range.out_of_bounds";
    public const string ExtensionRangesOverlap = "extension_range.overlap";
    /// <summary>Extensions whose direct-dial numbers the numbering plan does not have.</summary>
    public const string ExtensionsOutsidePlan = "extension_range.outside_plan";
    public const string NumberHeldElsewhere = "ledger.number_held";
    /// <summary>A number already on a port-out that is still open (pending, authorized, rejected-pending).</summary>
    public const string PortoutNumberOpen = "portout.number_open";
    public const string InvalidValue = "invalid_value";
    public const string CancelTooLate = "order.cancel_too_late";
    public const string ActivationNotAllowed = "order.activation_not_allowed";
    public const string ActivationJobOpen = "activation_job.already_open";
    public const string ActivationJobNotEditable = "activation_job.not_editable";
    public const string NumberAlreadyActive = "phone_number.already_active";
    public const string IdempotencyKeyInvalid = "idempotency_key.invalid";
    public const string IdempotencyKeyReused = "idempotency_key.reused";
    public const string IdempotencyRequestInFlight = "idempotency_key.in_flight";
    public const string RateLimited = "rate_limited";
    public const string BodyTooLarge = "body.too_large";
    public const string ServiceUnavailable = "service_unavailable";
    /// <summary>Issue 9: only a failed outbox delivery can be sent again.</summary>
    public const string OutboxMessageNotFailed = "outbox_message.not_failed";

    // Buying numbers and blocks the Telnyx way (number orders, block orders, reservations).
    /// <summary>The number is not offered for sale: it is in no stock range and no available block.</summary>
    public const string NumberNotForSale = "number.not_for_sale";
    /// <summary>The range is not one block for sale (an available catalogue block, or an aligned block of stock).</summary>
    public const string BlockNotForSale = "number_block.not_for_sale";
    /// <summary>The reservation holds no number any more (expired or ordered): there is nothing to extend.</summary>
    public const string ReservationNotExtendable = "reservation.not_extendable";
    /// <summary>A search criterion the service does not implement; refused rather than ignored.</summary>
    public const string CriterionNotSupported = "ordering.criterion_not_supported";
}
