using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(NumberBlocks.Console.Tests.Infrastructure.ConsoleSuite))]

namespace NumberBlocks.Console.Tests.Infrastructure;

/// <summary>
/// What the whole suite shares: one service process (callbacks allowed to the suite's receiver, imports paced so their
/// progress can be watched), the receiver, and one headless chromium. Each browser test opens its own context, so
/// sessions never leak from one test into another.
/// </summary>
public sealed class ConsoleSuite : IAsyncLifetime
{
    /// <summary>Debian's chromium; NUMBERBLOCKS_CHROMIUM points elsewhere.</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("NUMBERBLOCKS_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <summary>The pause between an import's transactions in the suite's service: a 12-batch import takes seconds, not milliseconds.</summary>
    public static readonly TimeSpan ImportPause = TimeSpan.FromMilliseconds(300);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public WebhookReceiver Receiver { get; } = new(ConsoleService.FreePort());
    public ConsoleService Service { get; }

    public ConsoleSuite()
    {
        Service = new ConsoleService(new Dictionary<string, string>
        {
            ["NumberBlocks:Console:ImportPause"] = ImportPause.ToString(),
            ["NumberBlocks:Callbacks:AllowedHosts:0"] = $"127.0.0.1:{Receiver.Port}",
        });
    }

    public async ValueTask InitializeAsync() => await Service.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await Service.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>The shared browser, started on first use; skips the test (fails it under CI=true) when chromium is missing.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        if (_browser is not null) return _browser;
        if (!File.Exists(ChromiumPath))
        {
            var why = $"chromium was not found at {ChromiumPath}; test.sh installs it (apt-get install chromium).";
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(why);
            Assert.Skip(why);
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Run as root in CI: chromium's sandbox needs an unprivileged user.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return _browser;
    }

    /// <summary>A fresh browser context (no cookies) on <paramref name="service"/>, with the console's screen size.</summary>
    public async Task<IPage> NewPageAsync(ConsoleService? service = null, bool javaScript = true)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (service ?? Service).Url.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>A new account through the operator API: its id and first API key.</summary>
    public async Task<(Guid Id, string ApiKey)> NewAccountAsync(string name)
    {
        using var op = Service.Client();
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleService.OperatorKey);
        var response = await op.PostAsJsonAsync("/admin/v1/accounts", new { name });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Creating an account answered {(int)response.StatusCode}: {text}");
        var data = JsonDocument.Parse(text).RootElement.GetProperty("data");
        return (Guid.Parse(data.GetProperty("id").GetString()!), data.GetProperty("api_key").GetString()!);
    }
}

/// <summary>Steps every browser test takes.</summary>
public static class ConsolePages
{
    public static async Task LoginAsync(IPage page, string key = ConsoleService.OperatorKey)
    {
        await page.GotoAsync("/console/login");
        await page.GetByLabel("Operator or account key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A full-page screenshot in the test output folder (screenshots/NAME.png); its path is printed.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        var line = $"screenshot: {path}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        return path;
    }
}
