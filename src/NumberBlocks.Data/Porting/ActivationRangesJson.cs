using System.Text.Json;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>Activation ranges are stored with their block as a JSON array of [start, end] integer pairs.</summary>
public static class ActivationRangesJson
{
    public static string Write(IEnumerable<NumberRange> ranges) =>
        JsonSerializer.Serialize(ranges.Select(r => new[] { r.Start.Value, r.End.Value }));

    public static string Write(IEnumerable<ExtensionRange> ranges) =>
        JsonSerializer.Serialize(ranges.Select(r => new long[] { r.Start, r.End }));

    public static IReadOnlyList<NumberRange> ReadNumbers(string json) =>
        JsonSerializer.Deserialize<long[][]>(json)!.Select(p => NumberRange.Of(E164Number.FromValue(p[0]), E164Number.FromValue(p[1]))).ToArray();

    public static IReadOnlyList<ExtensionRange> ReadExtensions(string json) =>
        JsonSerializer.Deserialize<long[][]>(json)!.Select(p => ExtensionRange.Of((int)p[0], (int)p[1])).ToArray();
}
