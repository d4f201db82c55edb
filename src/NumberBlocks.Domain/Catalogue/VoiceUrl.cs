using System.Net;
using System.Net.Sockets;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Catalogue;

/// <summary>
/// A URL the platform may call (seed 004: ProgrammableVoiceUrl). Checked when it is given: absolute http or https, a
/// host, no credentials, at most 2048 characters, and not a name or literal address that points inside the service's
/// own network (localhost, loopback, private, link-local, carrier-grade NAT, unspecified, multicast). Issue 5: the same
/// SSRF rules as callbacks apply "when it is ever called": whoever calls it must check the resolved addresses again,
/// because DNS can change after the URL was stored. Nothing in NumberBlocks calls it today.
/// </summary>
public static class VoiceUrl
{
    public const int MaxLength = 2048;

    public static Result<string> Parse(string text, string pointer)
    {
        var name = pointer.TrimStart('/');
        if (text.Length > MaxLength) return Invalid(pointer, $"{name} is longer than {MaxLength} characters.");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return Invalid(pointer, $"{name} must be an absolute http or https URL.");
        if (uri.UserInfo.Length > 0) return Invalid(pointer, $"{name} must not carry a user name or password.");
        if (IsInternalHost(uri)) return Invalid(pointer, $"{name} must point to a public host, not '{uri.Host}'.");
        return text;
    }

    /// <summary>True for names and literal addresses that reach the service's own machine or network.</summary>
    public static bool IsInternalHost(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && !IsPublic(address);
    }

    /// <summary>Whether an address is routable on the public internet (RFC 1918, 6598, 3927, 4193, 4291 ranges are not).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168));
        }
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return false;
        return true;
    }

    private static DomainError Invalid(string pointer, string detail) => new(ErrorCodes.InvalidUrl, detail, pointer);
}
