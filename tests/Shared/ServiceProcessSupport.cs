using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NumberBlocks.Tests.Shared;

/// <summary>
/// What the test projects that run the service as its own process (contract tests, console tests) share: where the
/// built service is, a free loopback port, and waiting until it answers /health. Linked into each project's build.
/// </summary>
public static class ServiceProcessSupport
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The service built in the configuration of this test assembly (…/bin/Debug/net10.0/), so both come from one build.</summary>
    public static string ServiceDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Parent?.Name ?? "Debug";
        var candidates = new[] { configuration, "Debug", "Release" }.Distinct()
            .Select(c => Path.Combine(RepositoryRoot, "src", "NumberBlocks.Api", "bin", c, "net10.0", "NumberBlocks.Api.dll"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("NumberBlocks.Api.dll was not found; build the solution first (dotnet build NumberBlocks.slnx).");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls /health until 200; fails with the process's output if it exits or the time runs out.</summary>
    public static async Task WaitHealthyAsync(Uri url, Process process, Func<string> output, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"The service exited with {process.ExitCode}:\n{output()}");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service did not become healthy within {timeout}:\n{output()}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NumberBlocks.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (NumberBlocks.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
