using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Auth;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>
/// The login form, one field for both kinds of key: the operator key (<c>nbo_…</c>) opens the operator's session, an
/// account's API key (<c>nbk_…</c>, checked as the API checks it: unrevoked, secret matching) opens that account's
/// session. Either lasts <see cref="ConsoleOptions.SessionLifetime"/>.
/// </summary>
public sealed class LoginModel(OperatorKey operatorKey, ApiKeyResolver apiKeys, NumberBlocksDbContext db, IOptions<ConsoleOptions> options,
    TimeProvider clock) : PageModel
{
    public const string Refused = "That is neither the operator key nor an account's API key. Check it and try again.";

    [BindProperty]
    public string? Key { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true, Name = "expired")]
    public bool Expired { get; set; }

    [BindProperty(SupportsGet = true, Name = "signedOut")]
    public bool SignedOut { get; set; }

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if ((await HttpContext.AuthenticateAsync(ConsoleAuth.Scheme)).Succeeded) return LocalRedirect(Destination());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var key = Key?.Trim();
        var session = ConsoleAuth.Session(clock.GetUtcNow(), options.Value.SessionLifetime);
        if (operatorKey.Matches(key))
        {
            await HttpContext.SignInAsync(ConsoleAuth.Scheme, ConsoleAuth.Operator(), session);
            return LocalRedirect(Destination());
        }
        if (await apiKeys.ResolveAsync(db, key, ct) is { } caller && ApiKeys.TrySplit(key!, out var prefix, out _))
        {
            var name = await db.Accounts.AsNoTracking().Where(a => a.Id == caller.AccountId).Select(a => a.Name).FirstOrDefaultAsync(ct);
            if (name is not null)
            {
                await HttpContext.SignInAsync(ConsoleAuth.Scheme, ConsoleAuth.Account(caller.AccountId, name, prefix), session);
                return LocalRedirect(Destination());
            }
        }
        Refusal = Refused;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    /// <summary>Back where the caller was sent from, when that is a console page; the console's home otherwise.</summary>
    private string Destination() =>
        ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith(ConsoleSurface.PathPrefix, StringComparison.OrdinalIgnoreCase)
            ? url : ConsoleSurface.PathPrefix;
}
