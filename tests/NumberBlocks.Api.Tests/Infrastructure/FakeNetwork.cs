using System.Collections.Concurrent;
using System.Net;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>
/// A resolver with the test's own answers: each name has a queue of answers (the last one repeats), so a test can
/// make a name change its answer between two lookups, as DNS rebinding does. Nothing is ever looked up for real.
/// </summary>
public sealed class FakeResolver : IOutboundResolver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentQueue<string> Lookups { get; } = new();

    public FakeResolver Answer(string host, params string[][] answers)
    {
        _answers[host] = new ConcurrentQueue<IPAddress[]>(answers.Select(a => a.Select(IPAddress.Parse).ToArray()));
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        Lookups.Enqueue(host);
        if (!_answers.TryGetValue(host, out var queue)) return Task.FromResult(Array.Empty<IPAddress>());
        if (queue.Count > 1 && queue.TryDequeue(out var next)) return Task.FromResult(next);
        return Task.FromResult(queue.TryPeek(out var last) ? last : []);
    }
}

/// <summary>The host's own names and addresses as a test states them.</summary>
public sealed class FakeHostAddresses(IEnumerable<string> addresses, params string[] names) : IHostAddresses
{
    public IReadOnlySet<IPAddress> Addresses { get; } = addresses.Select(IPAddress.Parse).ToHashSet();
    public IReadOnlySet<string> Names { get; } = names.ToHashSet();
}
