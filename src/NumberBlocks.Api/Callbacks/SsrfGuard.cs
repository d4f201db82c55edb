using System.Net;
using System.Net.Sockets;

namespace NumberBlocks.Api.Callbacks;

/// <summary>A callback refused because of where it would connect.</summary>
public sealed class SsrfRefusedException(string message) : Exception(message);

/// <summary>
/// Issue 4: callbacks never reach loopback, private, link-local, unique-local or metadata addresses. The check runs at
/// connect time on the address actually dialled (SocketsHttpHandler.ConnectCallback), so a name that resolves to an
/// internal address, or changes its answer after the URL was accepted, is refused too. Hosts the operator lists in
/// NumberBlocks:Callbacks:AllowedHosts are exempt.
/// </summary>
public static class SsrfGuard
{
    /// <summary>True for addresses a callback must not reach.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0                                   // "this network" 0.0.0.0/8
                || b[0] == 10                                  // private (RFC 1918)
                || b[0] == 100 && (b[1] & 0xC0) == 64          // carrier-grade NAT 100.64.0.0/10 (holds 100.100.100.200, a metadata address)
                || b[0] == 127                                 // loopback
                || b[0] == 169 && b[1] == 254                  // link-local, holds 169.254.169.254 (cloud metadata)
                || b[0] == 172 && (b[1] & 0xF0) == 16          // private 172.16.0.0/12
                || b[0] == 192 && b[1] == 0 && b[2] == 0       // IETF protocol assignments 192.0.0.0/24
                || b[0] == 192 && b[1] == 168                  // private 192.168.0.0/16
                || b[0] == 198 && (b[1] & 0xFE) == 18          // benchmarking 198.18.0.0/15
                || b[0] >= 224;                                // multicast, reserved, broadcast
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true;
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None)) return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return true; // fc00::/7 holds fd00:ec2::254
        var v6 = address.GetAddressBytes();
        // IPv4 embedded in NAT64 (64:ff9b::/96), 6to4 (2002::/16) and IPv4-compatible (::/96) addresses is judged as IPv4.
        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsForbidden(new IPAddress(v6.AsSpan(12, 4)));
        if (v6[0] == 0x20 && v6[1] == 0x02) return IsForbidden(new IPAddress(v6.AsSpan(2, 4)));
        if (v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return IsForbidden(new IPAddress(v6.AsSpan(12, 4)));
        return false;
    }

    /// <summary>True when the operator allowed <paramref name="host"/> (any port) or <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static bool IsAllowedHost(IReadOnlyList<string> allowed, string host, int port)
    {
        host = host.Trim('[', ']');
        foreach (var raw in allowed)
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            string entryHost = entry;
            int? entryPort = null;
            if (entry.StartsWith('['))
            {
                var close = entry.IndexOf(']');
                if (close < 0) continue;
                entryHost = entry[1..close];
                if (close + 1 < entry.Length && entry[close + 1] == ':' && int.TryParse(entry[(close + 2)..], out var p6)) entryPort = p6;
            }
            else if (entry.Count(c => c == ':') == 1)
            {
                var colon = entry.IndexOf(':');
                if (!int.TryParse(entry[(colon + 1)..], out var p)) continue;
                entryHost = entry[..colon];
                entryPort = p;
            }
            if (string.Equals(entryHost, host, StringComparison.OrdinalIgnoreCase) && (entryPort is null || entryPort == port)) return true;
        }
        return false;
    }

    /// <summary>
    /// The connect step of the callback HTTP handler: resolves the host, drops forbidden addresses (unless the host is
    /// allowed) and connects only to what is left; nothing left is a <see cref="SsrfRefusedException"/>.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, Func<IReadOnlyList<string>> allowedHosts, CancellationToken ct)
    {
        var host = endpoint.Host.Trim('[', ']');
        var allowed = IsAllowedHost(allowedHosts(), host, endpoint.Port);
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var permitted = allowed ? addresses : addresses.Where(a => !IsForbidden(a)).ToArray();
        if (permitted.Length == 0)
            throw new SsrfRefusedException(addresses.Length == 0
                ? $"The callback host '{host}' does not resolve."
                : $"The callback host '{host}' resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}: loopback, private, link-local, unique-local and metadata addresses are refused.");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
