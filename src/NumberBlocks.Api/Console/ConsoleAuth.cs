using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Console;

/// <summary>
/// The console's sign-in: the operator key, or an account's API key, checked once at the login form, opens a cookie
/// session. The operator's session sees the whole business; an account's session (the tenant view) sees only that
/// account's objects, and the operator's pages refuse it with 403. The session ends at a fixed time
/// (<see cref="ConsoleOptions.SessionLifetime"/> after signing in, on the injected clock), at logout, or — for an
/// account's session — as soon as the key it was opened with is revoked. The cookie scheme is not the service's default:
/// the API surfaces never read it, and the console reads nothing else.
/// </summary>
public static class ConsoleAuth
{
    public const string Scheme = "NumberBlocksConsole";
    public const string Policy = "ConsoleOperator";
    public const string CookieName = "nb_console";
    public const string LoginPath = ConsoleSurface.PathPrefix + "/login";
    public const string OperatorRole = "operator";
    public const string AccountRole = "account";
    /// <summary>Every console page needs a session of either kind; <see cref="Policy"/> pages need the operator's.</summary>
    public const string SignedInPolicy = "ConsoleSignedIn";
    public const string AccountIdClaim = "nb_account_id";
    public const string KeyPrefixClaim = "nb_key_prefix";

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
            o.Events.OnRedirectToAccessDenied = RefuseAsync;
            o.Events.OnValidatePrincipal = EndSessionOfRevokedKeyAsync;
            o.ExpireTimeSpan = console.Value.SessionLifetime;
            // A session ends when it was meant to, however busy the operator is.
            o.SlidingExpiration = false;
            o.Events.OnRedirectToLogin = RedirectToLoginAsync;
        });
        services.AddAuthorization(o =>
        {
            o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(OperatorRole));
            o.AddPolicy(SignedInPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(OperatorRole, AccountRole));
        });
        return services;
    }

    /// <summary>The principal of a signed-in operator.</summary>
    public static ClaimsPrincipal Operator() =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, OperatorRole)], Scheme));

    /// <summary>The principal of an account signed in with one of its API keys (the key's prefix, to notice its revocation).</summary>
    public static ClaimsPrincipal Account(Guid accountId, string accountName, string keyPrefix) =>
        new(new ClaimsIdentity([
            new Claim(ClaimTypes.Name, accountName), new Claim(ClaimTypes.Role, AccountRole),
            new Claim(AccountIdClaim, accountId.ToString()), new Claim(KeyPrefixClaim, keyPrefix),
        ], Scheme));

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

    public const string OperatorOnly = "This page is the operator's. An account's session sees only that account's numbers, porting orders, " +
        "number requests and callbacks.";

    /// <summary>A signed-in account asking for an operator's page or action: 403 and a page that says so, not the login form.</summary>
    private static Task RefuseAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(ConsoleErrors.Page(StatusCodes.Status403Forbidden, [OperatorOnly]), http.RequestAborted);
    }

    /// <summary>
    /// An account's session lasts only while its key does: revoking the key (console or operator API) refuses the API at
    /// once, so it ends the console session at the next page too. One indexed look-up by the key's prefix per request.
    /// </summary>
    private static async Task EndSessionOfRevokedKeyAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirst(KeyPrefixClaim)?.Value is not { } prefix) return;
        var accountId = context.Principal.AccountScope();
        var db = context.HttpContext.RequestServices.GetRequiredService<NumberBlocksDbContext>();
        var live = await db.ApiKeys.AsNoTracking().AnyAsync(k => k.Prefix == prefix && k.AccountId == accountId && k.RevokedAt == null, context.HttpContext.RequestAborted);
        if (live) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }
}

/// <summary>Who a console session is: the operator (every account) or one account (the tenant view).</summary>
public static class ConsoleCaller
{
    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(ConsoleAuth.OperatorRole);

    /// <summary>The one account an account's session may see; null for the operator, who sees them all.</summary>
    public static Guid? AccountScope(this ClaimsPrincipal user) =>
        user.IsOperator() ? null
        : Guid.TryParse(user.FindFirst(ConsoleAuth.AccountIdClaim)?.Value, out var id) ? id
        : throw new InvalidOperationException("A console session is neither the operator's nor an account's.");
}
