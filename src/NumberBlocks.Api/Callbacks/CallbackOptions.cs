namespace NumberBlocks.Api.Callbacks;

/// <summary>
/// NumberBlocks:Callbacks: how deliveries are made. Its AllowedHosts entry is read by the outbound guard
/// (Http/OutboundGuard.cs, <c>OutboundOptions</c>), which every outbound call goes through.
/// </summary>
public sealed class CallbackOptions
{
    public const string Section = "NumberBlocks:Callbacks";
    /// <summary>How long a receiver has to answer 2xx (issue 4: 15 s); 1..60.</summary>
    public int TimeoutSeconds { get; set; } = 15;
    /// <summary>
    /// Deliveries in flight at once per process (issue 7: 32 drains ≥ 1,000 callbacks/s on two cores; each pass leases
    /// four rounds of this many).
    /// </summary>
    public int MaxConcurrency { get; set; } = 32;
}

/// <summary>NumberBlocks:Smtp. Without <see cref="Host"/>, e-mails are recorded for the operator instead of sent.</summary>
public sealed class SmtpOptions
{
    public const string Section = "NumberBlocks:Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string From { get; set; } = "numberblocks@localhost";
    public string? UserName { get; set; }
    public string? Password { get; set; }
}
