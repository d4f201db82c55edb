using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace NumberBlocks.Api.Console;

/// <summary>
/// The console's sign-in: the operator key, checked once at the login form, opens a cookie session. The session ends at
/// a fixed time (<see cref="ConsoleOptions.SessionLifetime"/> after signing in, on the injected clock) or at logout.
/// The cookie scheme is not the service's default: the API surfaces never read it, and the console reads nothing else.
/// </summary>
public static class ConsoleAuth
{
    public const string Scheme = "NumberBlocksConsole";
    public const string Policy = "ConsoleOperator";
    public const string CookieName = "nb_console";
    public const string LoginPath = ConsoleSurface.PathPrefix + "/login";
    public const string OperatorRole = "operator";

    public static IServiceCollection AddConsoleAuth(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<ConsoleOptions>, TimeProvider>((o, console, clock) =>
        {
            o.TimeProvider = clock;
            o.Cookie.Name = CookieName;
            o.Cookie.Path = ConsoleSurface.PathPrefix;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = LoginPath;
            o.LogoutPath = ConsoleSurface.PathPrefix + "/logout";
            o.AccessDeniedPath = LoginPath;
            o.ExpireTimeSpan = console.Value.SessionLifetime;
            // A session ends when it was meant to, however busy the operator is.
            o.SlidingExpiration = false;
            o.Events.OnRedirectToLogin = RedirectToLoginAsync;
        });
        services.AddAuthorization(o => o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(OperatorRole)));
        return services;
    }

    /// <summary>The principal of a signed-in operator.</summary>
    public static ClaimsPrincipal Operator() =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, OperatorRole)], Scheme));

    /// <summary>The session's properties: it ends <paramref name="lifetime"/> from <paramref name="now"/> and is never extended.</summary>
    public static AuthenticationProperties Session(DateTimeOffset now, TimeSpan lifetime) =>
        new() { IssuedUtc = now, ExpiresUtc = now + lifetime, IsPersistent = false, AllowRefresh = false };

    /// <summary>
    /// Pages redirect to the login form, saying so when a session cookie came along (it expired or was signed by another
    /// process). A request htmx made (a progress poll) gets 401 with HX-Redirect, so the whole page goes to the form
    /// instead of the form being swapped into a fragment.
    /// </summary>
    private static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        var redirect = context.RedirectUri;
        if (http.Request.Cookies.ContainsKey(CookieName))
        {
            redirect += (redirect.Contains('?') ? "&" : "?") + "expired=true";
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = ConsoleSurface.PathPrefix });
        }
        if (http.Request.Headers.ContainsKey("HX-Request"))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers["HX-Redirect"] = redirect;
            return Task.CompletedTask;
        }
        http.Response.Redirect(redirect);
        return Task.CompletedTask;
    }
}
