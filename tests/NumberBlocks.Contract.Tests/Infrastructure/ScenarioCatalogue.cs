namespace NumberBlocks.Contract.Tests.Infrastructure;

/// <summary>Every <see cref="IScenarioSource"/> in this assembly, by operationId.</summary>
public static class ScenarioCatalogue
{
    public static IReadOnlyDictionary<string, Scenario> All { get; } = typeof(ScenarioCatalogue).Assembly.GetTypes()
        .Where(t => typeof(IScenarioSource).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
        .Select(t => (IScenarioSource)Activator.CreateInstance(t)!)
        .SelectMany(s => s.Scenarios())
        .ToDictionary(s => s.OperationId, StringComparer.Ordinal);
}
