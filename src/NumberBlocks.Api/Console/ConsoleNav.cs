namespace NumberBlocks.Api.Console;

/// <summary>The console's main navigation, in the order an operator works through it.</summary>
public static class ConsoleNav
{
    public sealed record Item(string Label, string Href, params string[] Pages)
    {
        public bool IsCurrent(string? page) => page is not null && Pages.Contains(page, StringComparer.OrdinalIgnoreCase);

        /// <summary>An operator's page is left out of an account's navigation (it would answer 403).</summary>
        public bool IsOperatorOnly => Pages.Any(p => ConsoleSurface.OperatorPages.Contains(p, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>What the signed-in session may open.</summary>
    public static IEnumerable<Item> For(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsOperator() ? Items : Items.Where(i => !i.IsOperatorOnly);

    public static readonly IReadOnlyList<Item> Items =
    [
        new("Overview", ConsoleSurface.PathPrefix, "/Index"),
        new("Stock", ConsoleSurface.PathPrefix + "/stock", "/Stock"),
        new("Import", ConsoleSurface.PathPrefix + "/stock/import", "/Import"),
        new("Accounts", ConsoleSurface.PathPrefix + "/accounts", "/Accounts", "/Account"),
        new("Numbers", ConsoleSurface.PathPrefix + "/numbers", "/Numbers", "/NumberHistory"),
        new("Number requests", ConsoleSurface.PathPrefix + "/requests", "/Requests"),
        new("Porting", ConsoleSurface.PathPrefix + "/porting", "/Porting", "/PortingOrder", "/Block"),
        new("Port-outs", ConsoleSurface.PathPrefix + "/portouts", "/Portouts"),
        new("Callbacks", ConsoleSurface.PathPrefix + "/callbacks", "/Callbacks"),
    ];
}
