using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Outbound;

namespace NumberBlocks.Api.Http;

/// <summary>
/// NumberBlocks:Callbacks:AllowedHosts: hosts ("receiver.internal") or host:port entries ("127.0.0.1:9000") every
/// outbound call (callbacks, webhooks, voice URLs) may reach although they are internal.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "NumberBlocks:Callbacks";
    public List<string> AllowedHosts { get; set; } = [];
}

/// <summary>Resolves a host name for an outbound call; tests inject their own answers (never a real lookup).</summary>
public interface IOutboundResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

public sealed class DnsOutboundResolver : IOutboundResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>The machine's own names and interface addresses: an outbound call must not reach the service's own host.</summary>
public interface IHostAddresses
{
    IReadOnlySet<IPAddress> Addresses { get; }
    IReadOnlySet<string> Names { get; }
}

/// <summary>
/// Every unicast address of every interface (<see cref="NetworkInterface.GetAllNetworkInterfaces"/>), whatever its
/// class, and the host's name; read again after <see cref="RefreshAfter"/>, since interfaces and DHCP leases change.
/// </summary>
public sealed class SystemHostAddresses(TimeProvider clock) : IHostAddresses
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private (IReadOnlySet<IPAddress> Addresses, IReadOnlySet<string> Names, DateTimeOffset ReadAt)? _snapshot;

    public IReadOnlySet<IPAddress> Addresses => Snapshot().Addresses;
    public IReadOnlySet<string> Names => Snapshot().Names;

    private (IReadOnlySet<IPAddress> Addresses, IReadOnlySet<string> Names, DateTimeOffset ReadAt) Snapshot()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_snapshot is { } s && now - s.ReadAt < RefreshAfter) return s;
            var addresses = new HashSet<IPAddress>();
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                    addresses.Add(OutboundGuard.Canonical(unicast.Address));
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (OutboundUrl.NormaliseHost(Dns.GetHostName()) is { } name) names.Add(name);
            _snapshot = (addresses, names, now);
            return _snapshot.Value;
        }
    }
}

/// <summary>An outbound call refused because of where it would connect.</summary>
public sealed class OutboundRefusedException(string message) : Exception(message);

/// <summary>
/// The one guard of every URL the service calls. When a URL is saved, <see cref="CheckUrl"/> applies the domain rule
/// (<see cref="OutboundUrl"/>: form, normalised host, literal special-purpose addresses) and refuses the host's own
/// names and interface addresses. When it is called, <see cref="ConnectAsync"/> (the SocketsHttpHandler
/// ConnectCallback of every outbound client, see <see cref="CreateHandler"/>) resolves the name, drops every address a
/// special-purpose registry reserves or the host itself holds, and connects only to what is left, so a name that
/// resolves inside, or changes its answer after it was saved (DNS rebinding), is refused at the moment it matters.
/// Hosts in NumberBlocks:Callbacks:AllowedHosts are exempt from both checks.
/// </summary>
public sealed class OutboundGuard(IOptionsMonitor<OutboundOptions> options, IOutboundResolver resolver, IHostAddresses host)
{
    private sealed record AllowCache(List<string> Source, OutboundAllowList List);
    private AllowCache? _allowed;

    /// <summary>The allow list in force (rebuilt when the configuration changes).</summary>
    public OutboundAllowList Allowed
    {
        get
        {
            var source = options.CurrentValue.AllowedHosts;
            if (_allowed is { } cached && ReferenceEquals(cached.Source, source)) return cached.List;
            var fresh = new AllowCache(source, new OutboundAllowList(source));
            _allowed = fresh;
            return fresh.List;
        }
    }

    /// <summary>The save-time check of a URL the service will call; the URL comes back with its host normalised.</summary>
    public Result<Uri> CheckUrl(string text, string pointer)
    {
        var parsed = OutboundUrl.Parse(text, pointer, Allowed);
        if (parsed.IsFailure) return parsed;
        var uri = parsed.Value;
        var hostName = OutboundUrl.NormaliseHost(uri.Host)!;
        if (Allowed.Allows(hostName, uri.Port)) return uri;
        var name = pointer.TrimStart('/');
        if (host.Names.Contains(hostName))
            return new DomainError(ErrorCodes.InvalidUrl, $"{name} must point to a public host, not this service's own host '{hostName}'.", pointer);
        if (IPAddress.TryParse(hostName, out var literal) && Refusal(literal) is { } reason)
            return new DomainError(ErrorCodes.InvalidUrl, $"{name} must point to a public host, not {hostName} ({reason}).", pointer);
        return uri;
    }

    /// <summary>Why an outbound call must not reach <paramref name="address"/>, or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        var canonical = Canonical(address);
        if (SpecialPurposeAddresses.Refusing(canonical) is { } block) return $"{block.Name}, {block.Source}";
        return host.Addresses.Contains(canonical) ? "an address of this service's own host" : null;
    }

    /// <summary>
    /// The addresses a call to <paramref name="hostName"/>:<paramref name="port"/> may connect to: all resolved ones
    /// for an allowed host, otherwise those no rule refuses. Nothing left is an <see cref="OutboundRefusedException"/>.
    /// </summary>
    public async Task<IPAddress[]> PermittedAddressesAsync(string hostName, int port, CancellationToken ct)
    {
        var normalised = OutboundUrl.NormaliseHost(hostName) ?? throw new OutboundRefusedException($"'{hostName}' is not a valid host name.");
        var allowed = Allowed.Allows(normalised, port);
        if (!allowed && (OutboundUrl.IsLocalName(normalised) || host.Names.Contains(normalised)))
            throw new OutboundRefusedException($"The host '{normalised}' is this service's own machine.");
        IPAddress[] addresses = IPAddress.TryParse(normalised, out var literal) ? [literal] : await resolver.ResolveAsync(normalised, ct);
        if (addresses.Length == 0) throw new OutboundRefusedException($"The host '{normalised}' does not resolve.");
        if (allowed) return addresses;
        var permitted = addresses.Where(a => Refusal(a) is null).ToArray();
        if (permitted.Length == 0)
            throw new OutboundRefusedException($"The host '{normalised}' resolves only to refused addresses: " +
                string.Join("; ", addresses.Select(a => $"{a} ({Refusal(a)})")) + ".");
        return permitted;
    }

    /// <summary>The connect step of an outbound HTTP handler: connects only to permitted addresses.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken ct)
    {
        var permitted = await PermittedAddressesAsync(endpoint.Host, endpoint.Port, ct);
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

    /// <summary>
    /// The handler every outbound HTTP client uses: connects through <see cref="ConnectAsync"/>, follows no redirect
    /// (it could point anywhere), uses no proxy (that would make the connect-time check meaningless) and no cookies.
    /// </summary>
    public SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = connectTimeout,
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, ct),
    };

    /// <summary>IPv4-mapped addresses as IPv4, IPv6 without its scope id: the forms the tables compare.</summary>
    public static IPAddress Canonical(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
    }
}
