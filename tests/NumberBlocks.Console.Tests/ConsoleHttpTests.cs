using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using NumberBlocks.Console.Tests.Infrastructure;

namespace NumberBlocks.Console.Tests;

/// <summary>
/// The console's refusals over plain HTTP, no browser: no session, a forged or foreign cookie, a wrong key, a form
/// without its antiforgery token; and that it leaves the API's error formats and OpenAPI document as they were.
/// </summary>
public sealed partial class ConsoleHttpTests(ConsoleSuite suite)
{
    private const string AntiforgeryRefused = "antiforgery token is missing or does not belong to this session";

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/stock")]
    [InlineData("/console/accounts")]
    [InlineData("/console/callbacks")]
    [InlineData("/console/stock/import")]
    public async Task Page_WithoutASession_RedirectsToTheLoginForm(string path)
    {
        using var http = suite.Service.Client();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query);
    }

    [Fact]
    public async Task Page_WithTheOperatorKeyAsBearer_StillNeedsASession()
    {
        // The API's credential is not the console's: a page never opens to a header a script could send cross-site.
        using var http = suite.Service.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleService.OperatorKey);
        using var response = await http.GetAsync("/console/accounts");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Page_WithAForgedSessionCookie_IsRefusedAndTheCookieCleared()
    {
        var cookies = new CookieContainer();
        cookies.Add(suite.Service.Url, new Cookie("nb_console", "CfDJ8forged", "/console"));
        using var http = suite.Service.Client(cookies);
        using var response = await http.GetAsync("/console/stock");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("expired=true", response.Headers.Location!.Query);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("nb_console=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProgressPoll_WithoutASession_Is401WithHtmxRedirect()
    {
        using var http = suite.Service.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/console/stock/import/{Guid.NewGuid()}?handler=Progress");
        request.Headers.Add("HX-Request", "true");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("/console/login", response.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task Login_WithAWrongKey_Is401AndOpensNoSession()
    {
        var cookies = new CookieContainer();
        using var http = suite.Service.Client(cookies);
        var token = await FormTokenAsync(http, "/console/login");
        using var response = await http.PostAsync("/console/login", Form(("Key", "nbo_wrong_key"), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("That is neither the operator key nor an account&#x27;s API key", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(cookies.GetCookies(new Uri(suite.Service.Url, "/console")), c => c.Name == "nb_console");
    }

    [Fact]
    public async Task Login_WithoutTheAntiforgeryToken_Is400EvenWithTheRightKey()
    {
        var cookies = new CookieContainer();
        using var http = suite.Service.Client(cookies);
        await FormTokenAsync(http, "/console/login"); // the antiforgery cookie is there; the form field is not
        using var response = await http.PostAsync("/console/login", Form(("Key", ConsoleService.OperatorKey)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(AntiforgeryRefused, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(cookies.GetCookies(new Uri(suite.Service.Url, "/console")), c => c.Name == "nb_console");
    }

    [Fact]
    public async Task Post_SignedInWithoutTheToken_Is400AndCreatesNothing()
    {
        var (http, _) = await SignedInAsync();
        using (http)
        {
            using var refused = await http.PostAsync("/console/accounts", Form(("Name", "No Token GmbH")));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(AntiforgeryRefused, await refused.Content.ReadAsStringAsync());
            var names = await suite.Service.WithDbAsync(db => Task.FromResult(db.Accounts.Select(a => a.Name).ToList()));
            Assert.DoesNotContain("No Token GmbH", names);

            // The same form with its token goes through: the refusal was the token, nothing else.
            var token = await FormTokenAsync(http, "/console/accounts");
            using var accepted = await http.PostAsync("/console/accounts", Form(("Name", "With Token GmbH"), ("__RequestVerificationToken", token)));
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }
    }

    [Fact]
    public async Task Post_WithTheTokenOfAnotherSession_Is400()
    {
        var (mine, _) = await SignedInAsync();
        var (theirs, _) = await SignedInAsync();
        using (mine)
        using (theirs)
        {
            var theirToken = await FormTokenAsync(theirs, "/console/accounts");
            using var response = await mine.PostAsync("/console/accounts", Form(("Name", "Cross Session Ltd"), ("__RequestVerificationToken", theirToken)));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(AntiforgeryRefused, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var (http, _) = await SignedInAsync();
        using (http)
        {
            var token = await FormTokenAsync(http, "/console/logout");
            using var logout = await http.PostAsync("/console/logout", Form(("__RequestVerificationToken", token)));
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            using var after = await http.GetAsync("/console/stock");
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
            Assert.Equal("/console/login", after.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task UnknownConsolePath_IsAnHtmlPage_WhileOtherUnknownPathsStayProblemDetails()
    {
        using var http = suite.Service.Client();
        using var console = await http.GetAsync("/console/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, console.StatusCode);
        Assert.Equal("text/html", console.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>404 Not Found</h1>", await console.Content.ReadAsStringAsync());

        using var elsewhere = await http.GetAsync("/no-such-path");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal("application/problem+json", elsewhere.Content.Headers.ContentType?.MediaType);
        using var admin = await http.GetAsync("/admin/v1/accounts");
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.Equal("application/problem+json", admin.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesNoConsoleRoute()
    {
        using var http = suite.Service.Client();
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/console", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Assets_AreServedFromTheService_NotACdn()
    {
        var (http, _) = await SignedInAsync();
        using (http)
        {
            var html = await http.GetStringAsync("/console/stock");
            var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
            Assert.Contains(scripts, s => s.StartsWith("/console/assets/vendor/htmx.min.js", StringComparison.Ordinal));
            Assert.Contains(scripts, s => s.StartsWith("/console/assets/vendor/chart.umd.min.js", StringComparison.Ordinal));
            Assert.All(scripts, s => Assert.StartsWith("/console/assets/", s));
            foreach (var script in scripts)
            {
                using var asset = await http.GetAsync(script);
                Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
                Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 1000, script);
            }
        }
    }

    /// <summary>A client with a console session, signed in through the login form.</summary>
    private async Task<(HttpClient Http, CookieContainer Cookies)> SignedInAsync()
    {
        var cookies = new CookieContainer();
        var http = suite.Service.Client(cookies);
        var token = await FormTokenAsync(http, "/console/login");
        using var response = await http.PostAsync("/console/login", Form(("Key", ConsoleService.OperatorKey), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (http, cookies);
    }

    private static async Task<string> FormTokenAsync(HttpClient http, string path)
    {
        var html = await http.GetStringAsync(path);
        return FormToken().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"{path} has no antiforgery field");
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
