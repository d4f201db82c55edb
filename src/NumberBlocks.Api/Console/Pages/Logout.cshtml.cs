using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>Ends the session (a POST with the form's antiforgery token, so no other site can sign the operator out).</summary>
public sealed class LogoutModel : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleAuth.Scheme);
        return Redirect(ConsoleAuth.LoginPath + "?signedOut=true");
    }
}
