using System.Net;
using System.Net.Sockets;

namespace NumberBlocks.Domain.Outbound;

/// <summary>One prefix of a special-purpose address registry, with the document that reserves it.</summary>
public sealed record AddressBlock(string Prefix, string Name, string Source)
{
    private readonly byte[] _network = Split(Prefix).Network;
    private readonly int _length = Split(Prefix).Length;

    public AddressFamily Family { get; } = Split(Prefix).Network.Length == 4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != Family) return false;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        var full = _length / 8;
        if (!bytes[..full].SequenceEqual(_network.AsSpan(0, full))) return false;
        var rest = _length % 8;
        if (rest == 0) return true;
        var mask = unchecked((byte)(0xFF << (8 - rest)));
        return (bytes[full] & mask) == (_network[full] & mask);
    }

    private static (byte[] Network, int Length) Split(string prefix)
    {
        var slash = prefix.IndexOf('/');
        return (IPAddress.Parse(prefix[..slash]).GetAddressBytes(), int.Parse(prefix[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The addresses an outbound call (callback, webhook, voice URL) must never reach: every entry of IANA's IPv4 and IPv6
/// Special-Purpose Address Registries (RFC 6890 and the RFCs that added to them since), plus multicast and the IPv6
/// space outside global unicast. What is left is the public Internet. Decisions where the registries leave a choice:
/// <list type="bullet">
/// <item>IPv4-mapped IPv6 (::ffff:0:0/96) is the IPv4 address itself on a dual-stack socket: judged as that IPv4.</item>
/// <item>NAT64 well-known prefix (64:ff9b::/96, RFC 6052): a translator reaches the embedded IPv4, so it is judged as
/// that IPv4 (RFC 6052 §3.1 forbids the prefix with non-global IPv4, so a private embedded address is refused).
/// The local-use prefix 64:ff9b:1::/48 (RFC 8215) maps to whatever the operator's translator chooses: refused.</item>
/// <item>6to4 (2002::/16, RFC 3056; its relays deprecated by RFC 7526) and Teredo (2001::/32, RFC 4380) are tunnels
/// whose endpoint is an IPv4 address chosen by the sender: refused outright. A real receiver has a native address.</item>
/// <item>Entries the registry marks "globally reachable" (e.g. 192.0.0.9/32 PCP anycast, AS112 192.31.196.0/24) are
/// refused too: no webhook receiver lives on an anycast service address.</item>
/// </list>
/// </summary>
public static class SpecialPurposeAddresses
{
    /// <summary>IANA IPv4 Special-Purpose Address Registry, plus multicast and limited broadcast.</summary>
    public static readonly IReadOnlyList<AddressBlock> IPv4 =
    [
        new("0.0.0.0/8", "\"this network\"", "RFC 791 §3.2"),
        new("10.0.0.0/8", "private-use", "RFC 1918"),
        new("100.64.0.0/10", "shared address space (carrier-grade NAT)", "RFC 6598"),
        new("127.0.0.0/8", "loopback", "RFC 1122 §3.2.1.3"),
        new("169.254.0.0/16", "link-local (cloud metadata 169.254.169.254)", "RFC 3927"),
        new("172.16.0.0/12", "private-use", "RFC 1918"),
        new("192.0.0.0/24", "IETF protocol assignments", "RFC 6890 §2.1"),
        new("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737"),
        new("192.31.196.0/24", "AS112-v4", "RFC 7535"),
        new("192.52.193.0/24", "AMT", "RFC 7450"),
        new("192.88.99.0/24", "deprecated 6to4 relay anycast", "RFC 7526"),
        new("192.168.0.0/16", "private-use", "RFC 1918"),
        new("192.175.48.0/24", "direct delegation AS112 service", "RFC 7534"),
        new("198.18.0.0/15", "benchmarking", "RFC 2544"),
        new("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737"),
        new("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737"),
        new("224.0.0.0/4", "multicast", "RFC 5771"),
        new("240.0.0.0/4", "reserved", "RFC 1112 §4"),
        new("255.255.255.255/32", "limited broadcast", "RFC 919 §7"),
    ];

    /// <summary>IANA IPv6 Special-Purpose Address Registry, plus multicast and the space outside 2000::/3.</summary>
    public static readonly IReadOnlyList<AddressBlock> IPv6 =
    [
        new("::1/128", "loopback", "RFC 4291 §2.5.3"),
        new("::/128", "unspecified", "RFC 4291 §2.5.2"),
        new("::ffff:0:0/96", "IPv4-mapped (judged as the IPv4 address)", "RFC 4291 §2.5.5.2"),
        new("::/96", "deprecated IPv4-compatible", "RFC 4291 §2.5.5.1"),
        new("64:ff9b::/96", "NAT64 well-known prefix (judged as the embedded IPv4)", "RFC 6052"),
        new("64:ff9b:1::/48", "NAT64 local-use prefix", "RFC 8215"),
        new("100::/64", "discard-only", "RFC 6666"),
        new("2001::/23", "IETF protocol assignments", "RFC 2928"),
        new("2001::/32", "Teredo", "RFC 4380"),
        new("2001:db8::/32", "documentation", "RFC 3849"),
        new("2002::/16", "6to4", "RFC 3056"),
        new("2620:4f:8000::/48", "direct delegation AS112 service", "RFC 7534"),
        new("3fff::/20", "documentation", "RFC 9637"),
        new("5f00::/16", "segment routing SIDs", "RFC 9602"),
        new("fc00::/7", "unique-local (holds fd00:ec2::254, cloud metadata)", "RFC 4193"),
        new("fe80::/10", "link-local", "RFC 4291 §2.5.6"),
        new("fec0::/10", "deprecated site-local", "RFC 3879"),
        new("ff00::/8", "multicast", "RFC 4291 §2.7"),
    ];

    private static readonly AddressBlock OutsideGlobalUnicast = new("::/0", "outside global unicast 2000::/3", "RFC 4291 §2.4");
    private static readonly AddressBlock Nat64WellKnown = IPv6.Single(b => b.Prefix == "64:ff9b::/96");
    private static readonly AddressBlock Mapped = IPv6.Single(b => b.Prefix == "::ffff:0:0/96");

    /// <summary>The registry entry that refuses <paramref name="address"/>, or null when it is a public address.</summary>
    public static AddressBlock? Refusing(IPAddress address)
    {
        if (Mapped.Contains(address)) return Refusing(address.MapToIPv4());
        if (Nat64WellKnown.Contains(address))
        {
            var bytes = address.GetAddressBytes();
            return Refusing(new IPAddress(bytes.AsSpan(12, 4))) is { } embedded ? embedded with { Name = $"NAT64 of {embedded.Name}" } : null;
        }
        var table = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IPv4,
            AddressFamily.InterNetworkV6 => IPv6,
            _ => null,
        };
        if (table is null) return OutsideGlobalUnicast;
        // The most specific entry names the reason best (Teredo rather than "IETF protocol assignments").
        AddressBlock? found = null;
        foreach (var block in table)
            if (block.Contains(address) && (found is null || Length(block) > Length(found))) found = block;
        if (found is not null) return found;
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && (address.GetAddressBytes()[0] & 0xE0) != 0x20) return OutsideGlobalUnicast;
        return null;
    }

    /// <summary>True when an outbound call may reach <paramref name="address"/> (no registry entry refuses it).</summary>
    public static bool IsPublic(IPAddress address) => Refusing(address) is null;

    private static int Length(AddressBlock block) => int.Parse(block.Prefix[(block.Prefix.IndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
