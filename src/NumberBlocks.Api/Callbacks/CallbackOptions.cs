namespace NumberBlocks.Api.Callbacks;

/// <summary>
/// NumberBlocks:Callbacks. <see cref="AllowedHosts"/> lists hosts ("receiver.internal") or host:port entries
/// ("127.0.0.1:9000") that callbacks may reach even though they resolve to loopback or private addresses.
/// </summary>
public sealed class CallbackOptions
{
    public const string Section = "NumberBlocks:Callbacks";
    public List<string> AllowedHosts { get; set; } = [];
    /// <summary>Deliveries in flight at once per process.</summary>
    public int MaxConcurrency { get; set; } = 8;
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
