using System.Net;
using System.Net.Sockets;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Catalogue;

/// <summary>
/// A URL the platform may call (seed 004: ProgrammableVoiceUrl). Checked when it is given: absolute http or https, a
/// host, no credentials, at most 2048 characters, and not a name or literal address that points inside the service's
/// own network (localhost, and the literal addresses the callbacks' SSRF guard refuses). Issue 5: the same SSRF rules
/// as callbacks apply "when it is ever called": whoever calls it must connect through the callbacks' connect-time guard
/// (issue 4, SsrfGuard.ConnectAsync), because DNS can change after the URL was stored. Nothing calls it today.
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

    /// <summary>
    /// Whether a callback may reach the address: the ranges of the callbacks' connect-time guard (issue 4,
    /// Api/Callbacks/SsrfGuard.IsForbidden; a test keeps the two in step). IPv4 inside NAT64, 6to4 and
    /// IPv4-compatible IPv6 addresses is judged as IPv4.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && (b[1] & 0xC0) == 64)      // carrier-grade NAT 100.64.0.0/10
                || (b[0] == 169 && b[1] == 254)              // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)      // 172.16.0.0/12
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)   // IETF protocol assignments
                || (b[0] == 192 && b[1] == 168)              // 192.168.0.0/16
                || (b[0] == 198 && (b[1] & 0xFE) == 18));    // benchmarking 198.18.0.0/15
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return false;
        var v6 = address.GetAddressBytes();
        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsPublic(new IPAddress(v6.AsSpan(12, 4)));
        if (v6[0] == 0x20 && v6[1] == 0x02) return IsPublic(new IPAddress(v6.AsSpan(2, 4)));
        if (v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return IsPublic(new IPAddress(v6.AsSpan(12, 4)));
        return true;
    }

    private static DomainError Invalid(string pointer, string detail) => new(ErrorCodes.InvalidUrl, detail, pointer);
}
