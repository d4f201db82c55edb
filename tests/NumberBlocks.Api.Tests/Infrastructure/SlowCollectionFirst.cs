using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Tests.Ledger;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(SlowCollectionFirst))]

namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>
/// Starts the ledger-race collection (its tests run one after another, minutes in all) before every other collection,
/// so it runs beside the rest of the suite instead of after it; the others keep xunit's order.
/// </summary>
public sealed class SlowCollectionFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        testCollections.OrderBy(c => c.TestCollectionDisplayName == LedgerRaceCollection.Name ? 0 : 1).ToList();
}
