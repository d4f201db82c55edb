namespace NumberBlocks.Api.Hosting;

/// <summary>The "NumberBlocks" configuration section. Operators' scripts depend on these names.</summary>
public sealed class NumberBlocksOptions
{
    public const string Section = "NumberBlocks";
    /// <summary>NumberBlocks:OperatorKey. When empty, a key is generated on first start and printed once.</summary>
    public string? OperatorKey { get; set; }
}
