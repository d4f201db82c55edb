using System.Reflection;
using Microsoft.Extensions.FileProviders;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Console;

/// <summary>
/// The operator's console under /console: server-rendered Razor Pages over the same domain and Data operations as the
/// operator API, signed in with the operator key (a cookie session that expires), antiforgery on every form, and its
/// refusals as HTML pages. Its scripts (htmx, Chart.js) are vendored into wwwroot/console and served from the assembly.
/// </summary>
public static class ConsoleSurface
{
    public const string PathPrefix = "/console";
    public const string AssetsPath = PathPrefix + "/assets";

    public static IServiceCollection AddConsoleSurface(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section)
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, $"{ConsoleOptions.Section}:SessionLifetime must be positive.")
            .Validate(o => o.ImportPause >= TimeSpan.Zero, $"{ConsoleOptions.Section}:ImportPause must not be negative.")
            .ValidateOnStart();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Console/Pages";
            o.Conventions.AuthorizeFolder("/", ConsoleAuth.SignedInPolicy);
            // The operator's own pages: stock, its import and the accounts with their keys. An account's session gets 403.
            foreach (var page in OperatorPages) o.Conventions.AuthorizePage(page, ConsoleAuth.Policy);
            o.Conventions.AllowAnonymousToPage("/Login");
            // A number's history also under the number itself, for links (/console/numbers/+4989…); the search form sends ?number=.
            o.Conventions.AddPageRoute("/NumberHistory", PathPrefix.TrimStart('/') + "/numbers/{number}");
            // The import page receives the stock file itself, far beyond the 1 MiB of every other request.
            o.Conventions.AddPageApplicationModelConvention("/Import", m => m.EndpointMetadata.Add(new BodyLimit(StockImports.MaxFileBytes)));
        }).AddMvcOptions(o => o.Filters.Add(new AntiforgeryRefusal()));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "nb_console_antiforgery";
            o.Cookie.Path = PathPrefix;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = AntiforgeryFieldName;
        });
        services.AddConsoleAuth();
        services.AddSingleton<ISurfaceErrorMapper, ConsoleErrors>();
        services.AddSingleton<StockImports>();
        services.AddHostedService(sp => sp.GetRequiredService<StockImports>());
        return services;
    }

    /// <summary>Pages only the operator's session opens; every other page shows an account's session its own objects only.</summary>
    public static readonly IReadOnlyList<string> OperatorPages = ["/Stock", "/Import", "/Accounts", "/Account"];

    /// <summary>The hidden field every console form carries (Razor's form tag helper writes it).</summary>
    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    /// <summary>
    /// The console's pages run only the service's own scripts and styles, post only to themselves and are never framed
    /// (the charts' data is a JSON block, not a script, so no inline script is needed).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>After the hardening middleware: the console's headers and static assets, then who is signed in.</summary>
    public static WebApplication UseConsoleSurface(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers["Referrer-Policy"] = "same-origin";
            }
            return next(http);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new EmbeddedFileProvider(typeof(ConsoleSurface).Assembly, typeof(ConsoleSurface).Assembly.GetName().Name + ".wwwroot.console"),
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The pages; none of them is part of the API, so none is in the OpenAPI document.</summary>
    public static WebApplication MapConsoleSurface(this WebApplication app)
    {
        app.MapRazorPages().ExcludeFromDescription().WithMetadata(new SurfaceName("console"));
        return app;
    }

    /// <summary>The version stamp appended to asset URLs, so a new build's assets are fetched despite the cache header.</summary>
    public static string AssetVersion { get; } =
        typeof(ConsoleSurface).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } v
            ? Uri.EscapeDataString(v) : "1";
}

/// <summary>NumberBlocks:Console: how long a sign-in lasts and how an import shares the database with live traffic.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "NumberBlocks:Console";

    /// <summary>How long a sign-in holds, from the moment of signing in (not extended by use): a working day.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// A pause between an import's write transactions, so a large import leaves room for the API's own writes on a busy
    /// database (SQLite has one writer). Zero loads as fast as the database takes it.
    /// </summary>
    public TimeSpan ImportPause { get; set; } = TimeSpan.Zero;
}
