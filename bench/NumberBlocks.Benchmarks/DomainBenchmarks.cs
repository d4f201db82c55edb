using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Benchmarks;

/// <summary>Parsing and classifying numbers, against parsing the digits with long.Parse.</summary>
[MemoryDiagnoser]
public class NumberParsing
{
    private readonly string[] _numbers = Enumerable.Range(0, 1000).Select(i => $"+49201234{56000 + i}").ToArray();

    [Benchmark(Baseline = true, Description = "raw: long.Parse of the digits")]
    public long RawLongParse()
    {
        long sum = 0;
        foreach (var n in _numbers) sum += long.Parse(n.AsSpan(1));
        return sum;
    }

    [Benchmark(Description = "E164Number.Parse")]
    public long Parse()
    {
        long sum = 0;
        foreach (var n in _numbers) sum += E164Number.Parse(n, "/x").Value.Value;
        return sum;
    }

    [Benchmark(Description = "E164Number.Parse + NumberingPlan.Place")]
    public int ParseAndPlace()
    {
        var local = 0;
        foreach (var n in _numbers)
            if (NumberingPlan.Place(E164Number.Parse(n, "/x").Value, "/x").Value.Type == PhoneNumberType.Local) local++;
        return local;
    }
}

/// <summary>Validating a block with 1000 single-number activation ranges, against sorting the same pairs.</summary>
[MemoryDiagnoser]
public class BlockValidation
{
    private readonly RawRange _range = new("+4920123456000", "+4920123456999");
    private readonly RawRange?[] _activation = Enumerable.Range(0, 1000).Select(i => (RawRange?)new RawRange($"+4920123456{i:D3}", $"+4920123456{i:D3}")).Reverse().ToArray();
    private readonly (long, long)[] _pairs = Enumerable.Range(0, 1000).Select(i => (4920123456000L + i, 4920123456000L + i)).Reverse().ToArray();

    [Benchmark(Baseline = true, Description = "raw: parse 2000 ends and sort the pairs")]
    public int RawSort()
    {
        var copy = new (long, long)[_activation.Length];
        for (var i = 0; i < copy.Length; i++) copy[i] = (long.Parse(_activation[i]!.StartAt.AsSpan(1)), long.Parse(_activation[i]!.EndAt.AsSpan(1)));
        Array.Sort(copy);
        return copy.Length;
    }

    [Benchmark(Description = "PortingBlockSpec.Parse (1000 activation ranges)")]
    public int Validate() => PortingBlockSpec.Parse(_range, _activation).Value.ActivationRanges.Count;
}

/// <summary>Overlap checks on ranges, against comparing raw integer pairs.</summary>
public class OverlapChecks
{
    private readonly NumberRange[] _ranges = Enumerable.Range(0, 1000)
        .Select(i => NumberRange.Of(E164Number.FromValue(4920123456000L + i * 10), E164Number.FromValue(4920123456000L + i * 10 + 14))).ToArray();
    private readonly (long S, long E)[] _raw = Enumerable.Range(0, 1000).Select(i => (4920123456000L + i * 10, 4920123456000L + i * 10 + 14)).ToArray();

    [Benchmark(Baseline = true, Description = "raw: integer pair overlap")]
    public int Raw()
    {
        var n = 0;
        for (var i = 1; i < _raw.Length; i++) if (_raw[i].S <= _raw[i - 1].E && _raw[i - 1].S <= _raw[i].E) n++;
        return n;
    }

    [Benchmark(Description = "NumberRange.Overlaps")]
    public int Overlaps()
    {
        var n = 0;
        for (var i = 1; i < _ranges.Length; i++) if (_ranges[i].Overlaps(_ranges[i - 1])) n++;
        return n;
    }
}

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
