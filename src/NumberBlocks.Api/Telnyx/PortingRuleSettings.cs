namespace NumberBlocks.Api.Telnyx;

/// <summary>NumberBlocks:Porting.</summary>
public sealed class PortingRuleSettings
{
    public const string Section = "NumberBlocks:Porting";

    /// <summary>
    /// On (the default): actions/confirm refuses an order whose requirements are not met (PortingRequirements), and a
    /// requested FOC outside the allowed FOC windows (FocWindows) is 422. Off only for suites that drive the order
    /// lifecycle without documents or real dates; the requirements and windows are listed either way.
    /// </summary>
    public bool EnforceRequirements { get; set; } = true;
}
