using System.Net;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>Operations outside the providers' surfaces and the operator API: the health probes, which need no key.</summary>
public sealed class ServiceScenarios : IScenarioSource
{
    public IEnumerable<Scenario> Scenarios()
    {
        yield return new Scenario("Health", HttpStatusCode.OK, _ => Task.FromResult(ScenarioContext.Request(HttpMethod.Get, "/health")));
        yield return new Scenario("HealthLive", HttpStatusCode.OK, _ => Task.FromResult(ScenarioContext.Request(HttpMethod.Get, "/health/live")));
        yield return new Scenario("HealthReady", HttpStatusCode.OK, _ => Task.FromResult(ScenarioContext.Request(HttpMethod.Get, "/health/ready")));
    }
}
