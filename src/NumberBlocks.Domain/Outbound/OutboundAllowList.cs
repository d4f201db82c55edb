namespace NumberBlocks.Domain.Outbound;

/// <summary>
/// Hosts the operator allows outbound calls to reach although they are internal (NumberBlocks:Callbacks:AllowedHosts):
/// "receiver.internal" (any port), "127.0.0.1:9000" or "[::1]:8080" (that port only). Entries may also come as one
/// comma-separated value from an environment variable. Names compare after <see cref="OutboundUrl.NormaliseHost"/>.
/// </summary>
public sealed class OutboundAllowList
{
    public static readonly OutboundAllowList None = new([]);

    private readonly List<(string Host, int? Port)> _entries = [];

    public OutboundAllowList(IEnumerable<string> entries)
    {
        foreach (var raw in entries.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            string host = entry;
            int? port = null;
            if (entry.StartsWith('['))
            {
                var close = entry.IndexOf(']');
                if (close < 0) continue;
                host = entry[1..close];
                if (close + 1 < entry.Length)
                {
                    if (entry[close + 1] != ':' || !int.TryParse(entry[(close + 2)..], out var p6)) continue;
                    port = p6;
                }
            }
            else if (entry.Count(c => c == ':') == 1)
            {
                var colon = entry.IndexOf(':');
                if (!int.TryParse(entry[(colon + 1)..], out var p)) continue;
                host = entry[..colon];
                port = p;
            }
            if (OutboundUrl.NormaliseHost(host) is { } normalised) _entries.Add((normalised, port));
        }
    }

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>True when <paramref name="host"/> (any port) or <paramref name="host"/>:<paramref name="port"/> is listed.</summary>
    public bool Allows(string host, int port)
    {
        if (_entries.Count == 0 || OutboundUrl.NormaliseHost(host) is not { } normalised) return false;
        foreach (var (entryHost, entryPort) in _entries)
            if (entryHost == normalised && (entryPort is null || entryPort == port)) return true;
        return false;
    }
}
