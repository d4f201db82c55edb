using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace NumberBlocks.Cli;

/// <summary>
/// The numberblocks command line. Exit codes scripts can rely on: 0 ok, 1 refused by the service (its message is
/// shown), 2 usage error, 3 the service could not be reached.
/// </summary>
public static class CliApp
{
    public const int Ok = 0, Rejected = 1, Usage = 2, Unreachable = 3;

    /// <summary>Runs the CLI; tests pass a handler that reaches an in-process service and writers to read the output.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null)
    {
        var urlOption = new Option<string>("--url")
        {
            Description = "The service's base URL (or NUMBERBLOCKS_URL).",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NUMBERBLOCKS_URL") ?? "http://127.0.0.1:5080",
        };
        var keyOption = new Option<string?>("--operator-key")
        {
            Description = "The operator key (or NUMBERBLOCKS_OPERATOR_KEY).",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NUMBERBLOCKS_OPERATOR_KEY"),
        };
        var jsonOption = new Option<bool>("--json") { Description = "Write the service's JSON instead of tables.", Recursive = true };

        var root = new RootCommand("numberblocks: operate a NumberBlocks service.\nExample: numberblocks accounts create \"Acme GmbH\" --url http://127.0.0.1:5080");
        root.Options.Add(urlOption);
        root.Options.Add(keyOption);
        root.Options.Add(jsonOption);

        CliContext Context(ParseResult parse)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect });
            // Redirected output (scripts, tests) has no width; tables then keep ids whole instead of wrapping at 80.
            if (Console.IsOutputRedirected || stdout != Console.Out) console.Profile.Width = 240;
            return new CliContext(ServiceClient.Create(parse.GetValue(urlOption)!, parse.GetValue(keyOption), handler), console, stdout, parse.GetValue(jsonOption));
        }

        foreach (var command in AccountCommands.Build(Context).Concat(PortingCommands.Build(Context)))
            root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine(error.Message);
            stderr.WriteLine("Run with --help for usage.");
            return Usage;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (ServiceRejected ex)
        {
            stderr.WriteLine($"Refused by the service: {ex.Message}");
            return Rejected;
        }
        catch (ServiceUnreachable ex)
        {
            stderr.WriteLine(ex.Message);
            return Unreachable;
        }
    }

    /// <summary>Adds the example line every --help shows.</summary>
    public static Command WithExample(this Command command, string example)
    {
        command.Description += $"\nExample: {example}";
        return command;
    }

    public static JsonElement Data(JsonElement response) => response.TryGetProperty("data", out var d) ? d : response;
}
