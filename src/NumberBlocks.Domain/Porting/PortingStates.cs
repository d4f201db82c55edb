namespace NumberBlocks.Domain.Porting;

// The states a porting order's parts move through. Telnyx's published enums name them (telnyx-porting-core.yml); the
// wire spelling of each surface lives with that surface, the stored spelling with the data layer.

/// <summary>Telnyx PortingOrderActivationStatus: where one number stands in the carrier's activation.</summary>
public enum ActivationStatus
{
    New,
    Pending,
    Conflict,
    CancelPending,
    Failed,
    Concurred,
    /// <summary>Ported but not active (seed 001: "will port, but will remain inactive"); Telnyx spells it "Activate RDY".</summary>
    ActivateReady,
    DisconnectPending,
    ConcurrenceSent,
    Old,
    Sending,
    Active,
    Cancelled,
}

/// <summary>Telnyx PortabilityStatus: "International phone numbers are provisional by default".</summary>
public enum PortabilityStatus { Pending, Confirmed, Provisional }

/// <summary>Telnyx PortingPhoneNumber.requirements_status: the requirements of an international porting order.</summary>
public enum RequirementsStatus { InfoPending, InfoUnderReview, InfoException, Approved }

/// <summary>Telnyx PortingOrdersActivationJob.activation_type.</summary>
public enum ActivationType { OnDemand, Scheduled }

/// <summary>Telnyx PortingOrderType (misc.type): "A port can be either 'full' or 'partial'".</summary>
public enum PortingOrderType { Full, Partial }

/// <summary>Telnyx misc.remaining_numbers_action: the numbers left with the old carrier are kept or disconnected.</summary>
public enum RemainingNumbersAction { Keep, Disconnect }

/// <summary>Telnyx PortingOrderSharingToken.permissions.</summary>
public enum SharingPermission { DocumentRead, DocumentUpdate }
