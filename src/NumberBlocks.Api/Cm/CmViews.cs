using NumberBlocks.Data.Requests;

namespace NumberBlocks.Api.Cm;

/// <summary>
/// The number request as CM.com shows it, for the operator API, which still renders requests in this shape until it has
/// a record of its own; the CM.com surface itself uses <see cref="CmNumberRequestRecord.Of"/>.
/// </summary>
public static class CmViews
{
    public static CmNumberRequestRecord Request(NumberRequest r, IReadOnlyList<NumberRequestRange> ranges) => CmNumberRequestRecord.Of(r, ranges);
}
