using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace NumberBlocks.Cli;

/// <summary>What every command needs: the service, where to write, and whether to write JSON for scripts.</summary>
public sealed class CliContext(ServiceClient service, IAnsiConsole console, TextWriter stdout, TextWriter stderr, bool json)
{
    public ServiceClient Service { get; } = service;
    public IAnsiConsole Console { get; } = console;
    /// <summary>Refusals and warnings go here, so stdout stays the one document a script reads.</summary>
    public TextWriter Error { get; } = stderr;
    public bool Json { get; } = json;

    /// <summary>For --json: the service's data as it sent it, one document on stdout.</summary>
    public void WriteJson(JsonElement element) => stdout.WriteLine(JsonSerializer.Serialize(element, new JsonSerializerOptions { WriteIndented = true }));

    public void Table(JsonElement data, params (string Header, Func<JsonElement, string?> Value)[] columns)
    {
        if (Json) { WriteJson(data); return; }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns) table.AddColumn(c.Header);
        var rows = data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().ToList() : [data];
        foreach (var row in rows) table.AddRow(columns.Select(c => Markup.Escape(c.Value(row) ?? "")).ToArray());
        Console.Write(table);
    }

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Null => null, _ => v.GetRawText() }
            : null;
}
