using System.Net;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>Operations outside the providers' surfaces.</summary>
public sealed class ServiceScenarios : IScenarioSource
{
    public IEnumerable<Scenario> Scenarios()
    {
        yield return new Scenario("Health", HttpStatusCode.OK, _ => Task.FromResult(ScenarioContext.Request(HttpMethod.Get, "/health")));
    }
}
