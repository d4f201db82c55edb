using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Fone;

/// <summary>The Fone Dynamics shapes of properties and number blocks (PascalCase), shared by the operator API.</summary>
public static class FoneViews
{
    public static object Property(Property p) => new
    {
        PropertySid = p.Id,
        AccountSid = p.AccountId,
        Name = p.Name,
        DateCreated = FoneJson.Instant(p.CreatedAt),
    };

    /// <summary>
    /// A block as the provider lists it (Id, NumberBlockSid, NumberPattern, Name, FriendlyName, …) with NumberBlocks'
    /// additions: its ends, size, placement, status (Available or Purchased), owner and every routing setting.
    /// </summary>
    public static object Block(CatalogueBlock b)
    {
        var range = NumberRange.Of(E164Number.FromValue(b.RangeStart), E164Number.FromValue(b.RangeEnd));
        var pattern = NumberPattern.Of(range);
        return new
        {
            b.Id,
            NumberBlockSid = b.Sid,
            NumberPattern = pattern,
            Name = pattern,
            FriendlyName = b.Description,
            StartAt = range.Start.ToString(),
            EndAt = range.End.ToString(),
            Size = range.Count,
            b.CountryCode,
            NumberType = b.PhoneNumberType,
            b.AreaCode,
            b.Sms,
            b.Voice,
            Status = b.Status == CatalogueBlock.Available ? "Available" : "Purchased",
            AccountSid = b.AccountId,
            PropertySid = b.PropertyId,
            b.AnswerPoint,
            b.RoutingMethod,
            EndpointNumber = b.AnswerPoint,
            b.Flow,
            b.Application,
            b.CallRecordingEnabled,
            b.CallWhisperEnabled,
            b.CallWhisperPath,
            b.Campaign,
            b.Content,
            b.Medium,
            b.Source,
            b.Description,
            b.GroupName,
            b.GroupType,
            b.Preamble,
            b.RoutingAction,
            b.ProgrammableVoiceUrl,
            b.MasterMode,
            b.Diaplan,
            b.CallWrapUpEnabled,
            b.Active,
            b.EnableRules,
            b.PortInProgress,
            b.Ported,
            DateCreated = FoneJson.Instant(b.CreatedAt),
            DatePurchased = FoneJson.Instant(b.PurchasedAt),
            DateUpdated = FoneJson.Instant(b.UpdatedAt),
        };
    }
}
