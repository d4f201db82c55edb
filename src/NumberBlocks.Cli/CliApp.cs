using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace NumberBlocks.Cli;

/// <summary>
/// The numberblocks command line. Exit codes scripts can rely on: 0 ok, 1 refused by the service (its message is
/// shown), 2 usage error, 3 the service could not be reached, 130 interrupted (Ctrl+C; an import can be resumed).
/// </summary>
public static class CliApp
{
    public const int Ok = 0, Rejected = 1, Usage = 2, Unreachable = 3, Interrupted = 130;

    /// <summary>
    /// Runs the CLI; tests pass a handler that reaches an in-process service, writers to read the output, and a token to
    /// interrupt it the way Ctrl+C does.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null,
        CancellationToken cancellation = default)
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
            var redirected = Console.IsOutputRedirected || stdout != Console.Out;
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect,
                // A live progress bar only where a person watches; scripts and tests get the final table alone.
                Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            });
            // Redirected output (scripts, tests) has no width; tables then keep ids whole instead of wrapping at 80.
            if (redirected) console.Profile.Width = 240;
            return new CliContext(ServiceClient.Create(parse.GetValue(urlOption)!, parse.GetValue(keyOption), handler), console, stdout, stderr, parse.GetValue(jsonOption));
        }

        foreach (var command in Commands(Context)) root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine(error.Message);
            stderr.WriteLine("Run with --help for usage.");
            return Usage;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellation);
        }
        catch (UsageError ex)
        {
            stderr.WriteLine(ex.Message);
            return Usage;
        }
        catch (IOException ex)
        {
            // A file the command reads (an import) went away or could not be read: one line, not a stack trace.
            stderr.WriteLine(ex.Message);
            return Usage;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("Interrupted. An import run again resumes where the service last acknowledged it.");
            return Interrupted;
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

    /// <summary>Every command group, in the order --help lists them.</summary>
    public static IEnumerable<Command> Commands(Func<ParseResult, CliContext> context) =>
        AccountCommands.Build(context).Concat(PropertyCommands.Build(context)).Concat(StockCommands.Build(context))
            .Concat(BlockCommands.Build(context)).Concat(RequestCommands.Build(context)).Concat(PortingCommands.Build(context))
            .Concat(PortoutCommands.Build(context)).Concat(CallbackCommands.Build(context)).Concat(NumberCommands.Build(context));

    /// <summary>The words of every command, groups ("stock") and runnable ones ("stock import"), for checks that must cover them all.</summary>
    public static IEnumerable<string[]> CommandPaths()
    {
        static IEnumerable<string[]> Walk(Command command, string[] prefix)
        {
            var path = prefix.Append(command.Name).ToArray();
            yield return path;
            foreach (var sub in command.Subcommands)
                foreach (var p in Walk(sub, path)) yield return p;
        }
        return Commands(_ => throw new InvalidOperationException("Only the command tree is walked.")).SelectMany(c => Walk(c, []));
    }

    public static Option<int> PageOption()
    {
        var page = new Option<int>("--page") { Description = "Page number, from 1 (250 a page).", DefaultValueFactory = _ => 1 };
        page.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--page must be 1 or more.");
        });
        return page;
    }

    /// <summary>"&amp;filter[name]=value" when a value is given, nothing otherwise.</summary>
    public static string Filter(string name, string? value) => value is null ? "" : $"&filter[{name}]={Uri.EscapeDataString(value)}";

    /// <summary>An id as one path segment: whatever the operator typed cannot reach another path.</summary>
    public static string Segment(string? value) => Uri.EscapeDataString(value ?? "");

    /// <summary>Adds the example line every --help shows.</summary>
    public static Command WithExample(this Command command, string example)
    {
        command.Description += $"\nExample: {example}";
        return command;
    }

    public static JsonElement Data(JsonElement response) => response.TryGetProperty("data", out var d) ? d : response;
}
