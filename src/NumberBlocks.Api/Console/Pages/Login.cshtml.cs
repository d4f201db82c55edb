using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Auth;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>The login form: the operator key opens a session of <see cref="ConsoleOptions.SessionLifetime"/>.</summary>
public sealed class LoginModel(OperatorKey operatorKey, IOptions<ConsoleOptions> options, TimeProvider clock) : PageModel
{
    public const string Refused = "That is not the operator key. Check it and try again.";

    [BindProperty]
    public string? OperatorKey { get; set; }

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

    public async Task<IActionResult> OnPostAsync()
    {
        if (!operatorKey.Matches(OperatorKey?.Trim()))
        {
            Refusal = Refused;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(ConsoleAuth.Scheme, ConsoleAuth.Operator(), ConsoleAuth.Session(clock.GetUtcNow(), options.Value.SessionLifetime));
        return LocalRedirect(Destination());
    }

    /// <summary>Back where the operator was sent from, when that is a console page; the console's home otherwise.</summary>
    private string Destination() =>
        ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith(ConsoleSurface.PathPrefix, StringComparison.OrdinalIgnoreCase)
            ? url : ConsoleSurface.PathPrefix;
}
