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
    /// Deliveries in flight at once per process: the number of sender tasks of the delivery pipeline (issue 7: 32
    /// drains ≥ 1,000 callbacks/s on two cores); the leaser leases four rounds of this many at a time.
    /// </summary>
    public int MaxConcurrency { get; set; } = 32;
}

/// <summary>
/// NumberBlocks:Smtp. Without <see cref="Host"/>, e-mails are recorded for the operator instead of sent. The SMTP server
/// is the operator's own configuration, not a URL a customer gave, so the outbound guard does not apply to it.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "NumberBlocks:Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>
    /// How the connection is secured: "starttls" (upgrade with STARTTLS, refuse a server that does not offer it),
    /// "implicit" (TLS from the first byte, usually port 465, RFC 8314), "starttls-when-available" (upgrade when offered,
    /// plain otherwise: open to downgrade), "none" (plain text), or "auto" (implicit on 465, otherwise STARTTLS when
    /// available). Unset: "starttls" when the older <see cref="EnableSsl"/> is true, otherwise "auto".
    /// </summary>
    public string? Tls { get; set; }
    /// <summary>The older switch (System.Net.Mail's EnableSsl meant STARTTLS): kept so existing settings mean the same.</summary>
    public bool EnableSsl { get; set; }
    /// <summary>Check the server certificate's revocation (CRL/OCSP); off only where the server cannot be reached for it.</summary>
    public bool CheckCertificateRevocation { get; set; } = true;
    public string From { get; set; } = "numberblocks@localhost";
    public string? UserName { get; set; }
    public string? Password { get; set; }

    public static readonly string[] TlsModes = ["starttls", "implicit", "starttls-when-available", "none", "auto"];

    public MailKit.Security.SecureSocketOptions SecureSocket => (Tls?.Trim().ToLowerInvariant() ?? (EnableSsl ? "starttls" : "auto")) switch
    {
        "starttls" => MailKit.Security.SecureSocketOptions.StartTls,
        "implicit" => MailKit.Security.SecureSocketOptions.SslOnConnect,
        "starttls-when-available" => MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable,
        "none" => MailKit.Security.SecureSocketOptions.None,
        "auto" => MailKit.Security.SecureSocketOptions.Auto,
        var other => throw new InvalidOperationException($"NumberBlocks:Smtp:Tls is '{other}'; expected one of {string.Join(", ", TlsModes)}."),
    };
}
