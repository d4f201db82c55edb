namespace NumberBlocks.Api.Console;

/// <summary>The console's main navigation, in the order an operator works through it.</summary>
public static class ConsoleNav
{
    public sealed record Item(string Label, string Href, params string[] Pages)
    {
        public bool IsCurrent(string? page) => page is not null && Pages.Contains(page, StringComparer.OrdinalIgnoreCase);
    }

    public static readonly IReadOnlyList<Item> Items =
    [
        new("Overview", ConsoleSurface.PathPrefix, "/Index"),
        new("Stock", ConsoleSurface.PathPrefix + "/stock", "/Stock"),
        new("Import", ConsoleSurface.PathPrefix + "/stock/import", "/Import"),
        new("Accounts", ConsoleSurface.PathPrefix + "/accounts", "/Accounts", "/Account"),
        new("Number requests", ConsoleSurface.PathPrefix + "/requests", "/Requests"),
        new("Porting", ConsoleSurface.PathPrefix + "/porting", "/Porting", "/PortingOrder", "/Block"),
        new("Callbacks", ConsoleSurface.PathPrefix + "/callbacks", "/Callbacks"),
    ];
}
