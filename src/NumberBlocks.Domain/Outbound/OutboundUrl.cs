using System.Globalization;
using System.Net;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Outbound;

/// <summary>
/// The one rule for a URL the service will call (callbackUrl, webhook_url, ProgrammableVoiceUrl), checked when the
/// URL is saved: absolute http or https, a host, no credentials, no fragment, at most <see cref="MaxLength"/>
/// characters, and a host that does not name the machine or network the service runs in (localhost, *.localhost, a
/// literal address of <see cref="SpecialPurposeAddresses"/>) unless the operator allowed it. The host is normalised
/// first: the Unicode full stops U+3002, U+FF0E and U+FF61 are dots (UTS #46 §2.3, IDNA2008 RFC 5895 §2.5) and names
/// go through IDNA (<see cref="IdnMapping"/>, the mapping Uri.IdnHost and so the HTTP stack use) to their ASCII
/// form, so "127。0。0。1" is 127.0.0.1 and the name checked is the name that would be resolved. Names are not
/// resolved here: what a name points at is checked again at connect time, on every resolved address, by whoever calls
/// the URL (NumberBlocks.Api's outbound guard), so a name that changes its answer after it was saved fails then.
/// </summary>
public static class OutboundUrl
{
    public const int MaxLength = 2048;

    private static readonly IdnMapping Idna = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>The URL with its host normalised, or an error naming <paramref name="pointer"/>.</summary>
    public static Result<Uri> Parse(string text, string pointer, OutboundAllowList allowed)
    {
        var name = pointer.TrimStart('/');
        if (text.Length > MaxLength) return Invalid(pointer, $"{name} is longer than {MaxLength} characters.");
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return Invalid(pointer, $"{name} must be an absolute http or https URL.");
        if (uri.UserInfo.Length > 0) return Invalid(pointer, $"{name} must not carry a user name or password.");
        if (uri.Fragment.Length > 0) return Invalid(pointer, $"{name} must not have a fragment (#...).");
        if (NormaliseHost(uri.Host) is not { } host) return Invalid(pointer, $"{name} has a host name that is not a valid domain name.");

        var normalised = host == uri.Host ? uri : new Uri(new UriBuilder(uri) { Host = host.Contains(':') ? $"[{host}]" : host }.Uri.AbsoluteUri);
        if (allowed.Allows(host, normalised.Port)) return normalised;
        if (IsLocalName(host)) return Invalid(pointer, $"{name} must point to a public host, not '{host}'.");
        if (IPAddress.TryParse(host, out var address) && SpecialPurposeAddresses.Refusing(address) is { } block)
            return Invalid(pointer, $"{name} must point to a public host, not {host} ({block.Name}, {block.Source}).");
        return normalised;
    }

    /// <summary>
    /// A host as outbound calls compare it: IPv6 literals without brackets, Unicode full stops as dots, the IDNA ASCII
    /// form in lower case, without a trailing dot. Null when it is not a valid host name.
    /// </summary>
    public static string? NormaliseHost(string host)
    {
        var h = host.Trim().Trim('[', ']').Replace('\u3002', '.').Replace('\uFF0E', '.').Replace('\uFF61', '.').TrimEnd('.');
        if (h.Length == 0) return null;
        if (h.Contains(':')) return IPAddress.TryParse(h, out var v6) ? v6.ToString() : null;
        try
        {
            h = Idna.GetAscii(h).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
        // "2130706433" and "127.1" are IPv4 to the resolver; compare them in their dotted form.
        return IPAddress.TryParse(h, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4.ToString() : h;
    }

    /// <summary>localhost and every name under it (RFC 6761 §6.3), which resolvers answer with loopback.</summary>
    public static bool IsLocalName(string normalisedHost) =>
        normalisedHost == "localhost" || normalisedHost.EndsWith(".localhost", StringComparison.Ordinal);

    private static DomainError Invalid(string pointer, string detail) => new(ErrorCodes.InvalidUrl, detail, pointer);
}
