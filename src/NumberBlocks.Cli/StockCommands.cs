using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>stock add | list | audit | import: the operator's stock of numbers for number requests.</summary>
public static class StockCommands
{
    /// <summary>Small enough that the bar moves often (about 12 KB a request), large enough that requests are not the cost.</summary>
    public const int DefaultChunkLines = 250;

    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var stock = new Command("stock", "The stock of numbers that number requests are served from.").WithExample("numberblocks stock import stock-1m.csv");

        var start = new Argument<string>("start") { Description = "First number of the range, E.164 (+4920123456000)." };
        var end = new Argument<string>("end") { Description = "Last number of the range, inclusive." };
        var type = new Option<string>("--type") { Description = "Number type: local, national, mobile, toll-free, …", Required = true };
        var areaCode = new Option<string?>("--area-code") { Description = "National destination code without trunk prefix (201)." };
        var city = new Option<string?>("--city") { Description = "City the numbers belong to." };
        var region = new Option<string?>("--region") { Description = "Region the numbers belong to." };
        var add = new Command("add", "Load one range into stock.")
            .WithExample("numberblocks stock add +4920123456000 +4920123456999 --type local --area-code 201 --city Essen --region NRW");
        add.Arguments.Add(start);
        add.Arguments.Add(end);
        foreach (var o in new Option[] { type, areaCode, city, region }) add.Options.Add(o);
        add.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.PostAsync("admin/v1/stock", new
            {
                start_at = parse.GetValue(start), end_at = parse.GetValue(end), number_type = parse.GetValue(type),
                area_code = parse.GetValue(areaCode), city = parse.GetValue(city), region = parse.GetValue(region),
            }, ct));
            c.Table(data, RangeColumns);
            return CliApp.Ok;
        });

        var country = new Option<string?>("--country") { Description = "Only this country (ISO code, DE)." };
        var listType = new Option<string?>("--type") { Description = "Only this number type." };
        var listArea = new Option<string?>("--area-code") { Description = "Only this area code." };
        var page = CliApp.PageOption();
        var list = new Command("list", "List stock ranges by number, 250 a page.").WithExample("numberblocks stock list --country DE --area-code 201");
        foreach (var o in new Option[] { country, listType, listArea, page }) list.Options.Add(o);
        list.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var query = $"admin/v1/stock?page[size]=250&page[number]={parse.GetValue(page)}"
                + CliApp.Filter("country_code", parse.GetValue(country)) + CliApp.Filter("number_type", parse.GetValue(listType))
                + CliApp.Filter("area_code", parse.GetValue(listArea));
            c.Table(CliApp.Data(await c.Service.GetAsync(query, ct)), RangeColumns);
            return CliApp.Ok;
        });

        var audit = new Command("audit", "Check the stock: stock + assigned = loaded, every range claimed once, no overlaps.")
            .WithExample("numberblocks stock audit --json");
        audit.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.GetAsync("admin/v1/stock/audit", ct));
            c.Table(data, ("loaded", e => Str(e, "loaded")), ("in_stock", e => Str(e, "in_stock")), ("assigned", e => Str(e, "assigned")),
                ("overlapping_claims", e => Str(e, "overlapping_claims")), ("stock_rows_without_claim", e => Str(e, "stock_rows_without_claim")),
                ("balanced", e => Str(e, "balanced")));
            return data.TryGetProperty("balanced", out var b) && b.ValueKind == JsonValueKind.False ? CliApp.Rejected : CliApp.Ok;
        });

        stock.Subcommands.Add(add);
        stock.Subcommands.Add(list);
        stock.Subcommands.Add(audit);
        stock.Subcommands.Add(BuildImport(context));
        yield return stock;
    }

    private static readonly (string, Func<JsonElement, string?>)[] RangeColumns =
    [
        ("start_at", e => Str(e, "start_at")), ("end_at", e => Str(e, "end_at")), ("count", e => Str(e, "count")), ("country", e => Str(e, "country_code")),
        ("type", e => Str(e, "number_type")), ("area_code", e => Str(e, "area_code")), ("city", e => Str(e, "city")), ("region", e => Str(e, "region")),
    ];

    private static Command BuildImport(Func<ParseResult, CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "CSV (header start_at,end_at,number_type[,area_code,city,region]) or JSON lines." };
        var format = new Option<string?>("--format") { Description = "csv or jsonl; by default from the file's extension (.csv, .jsonl, .ndjson)." };
        var chunkLines = new Option<int>("--chunk-lines")
        {
            Description = "Ranges per request. Changing it between an interruption and the resume starts the file over (safely: the service refuses numbers already loaded).",
            DefaultValueFactory = _ => DefaultChunkLines,
        };
        chunkLines.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--chunk-lines must be between 1 and 100000.");
        });
        var import = new Command("import",
            "Import a file of ranges with a progress bar (numbers/s, ETA). Resumable: an interrupted import run again skips the " +
            "chunks the service acknowledged (recorded in <file>.numberblocks-import) and never loads a number twice.")
            .WithExample("numberblocks stock import stock-1m.csv");
        import.Arguments.Add(file);
        import.Options.Add(format);
        import.Options.Add(chunkLines);
        import.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var path = parse.GetValue(file)!;
            var plan = await StockImportPlan.ReadAsync(path, StockImportPlan.FormatOf(path, parse.GetValue(format)), parse.GetValue(chunkLines), ct);
            var statePath = ImportState.PathFor(path);
            var state = ImportState.Load(statePath);
            if (state is not null && (state.Sha256 != plan.Sha256 || state.ChunkLines != plan.ChunkLines))
            {
                c.Error.WriteLine(state.Sha256 != plan.Sha256
                    ? $"{path} changed since the import recorded in {statePath}; starting over (numbers already loaded are refused, never loaded twice)."
                    : $"--chunk-lines differs from the interrupted import ({state.ChunkLines}); starting over (numbers already loaded are refused, never loaded twice).");
                state = null;
            }
            var resumedAt = state?.AcknowledgedChunks ?? 0;
            if (state is null)
            {
                state = new ImportState { File = Path.GetFileName(path), Sha256 = plan.Sha256, ChunkLines = plan.ChunkLines, Chunks = plan.Chunks };
                state.Save(statePath); // a place where progress cannot be recorded is found out before anything is loaded
            }
            if (state.Completed)
            {
                c.Error.WriteLine($"{path} was imported already (see {statePath}); delete that file to send it again.");
                return Report(c, plan, state, TimeSpan.Zero, 0);
            }

            var importer = new StockImporter(c.Service, plan, state, statePath);
            var watch = Stopwatch.StartNew();
            long doneBefore = 0;
            if (resumedAt > 0)
            {
                await foreach (var chunk in plan.ChunksAsync(ct))
                    if (chunk.Index < resumedAt) doneBefore += chunk.Numbers;
                    else break;
                c.Error.WriteLine($"Resuming {path}: {resumedAt} of {plan.Chunks} chunks were acknowledged before.");
            }
            if (c.Json || !c.Console.Profile.Capabilities.Interactive)
            {
                await importer.RunAsync(_ => { }, ct);
            }
            else
            {
                await c.Console.Progress()
                    .AutoClear(false)
                    .HideCompleted(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new NumbersPerSecondColumn(),
                        new RemainingTimeColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        // The bar counts this run's numbers only, so numbers/s and the ETA are not skewed by chunks done before.
                        var task = progress.AddTask(Markup.Escape(resumedAt > 0 ? $"{Path.GetFileName(path)} (resumed)" : Path.GetFileName(path)),
                            maxValue: Math.Max(1, plan.Numbers - doneBefore));
                        await importer.RunAsync(chunk => task.Increment(chunk.Numbers), ct);
                        task.Value = task.MaxValue;
                    });
            }
            return Report(c, plan, state, watch.Elapsed, plan.Numbers - doneBefore);
        });
        return import;
    }

    private static int Report(CliContext c, StockImportPlan plan, ImportState state, TimeSpan elapsed, long numbersThisRun)
    {
        var rate = elapsed > TimeSpan.Zero ? numbersThisRun / elapsed.TotalSeconds : 0;
        if (c.Json)
        {
            c.WriteJson(JsonSerializer.SerializeToElement(new
            {
                file = plan.Path, sha256 = plan.Sha256, chunks = plan.Chunks, lines = state.Lines, loaded_ranges = state.LoadedRanges,
                loaded_numbers = state.LoadedNumbers, refused_lines = state.RefusedLines, replayed_chunks = state.ReplayedChunks,
                completed = state.Completed, elapsed_seconds = Math.Round(elapsed.TotalSeconds, 3), numbers_per_second = Math.Round(rate),
                errors = state.Errors,
            }));
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "ranges", "loaded ranges", "loaded numbers", "refused lines", "replayed chunks", "numbers/s");
            table.AddRow(Markup.Escape(Path.GetFileName(plan.Path)), state.Lines.ToString("N0"), state.LoadedRanges.ToString("N0"), state.LoadedNumbers.ToString("N0"),
                state.RefusedLines.ToString("N0"), state.ReplayedChunks.ToString("N0"), elapsed > TimeSpan.Zero ? rate.ToString("N0") : "-");
            c.Console.Write(table);
        }
        foreach (var e in state.Errors)
            c.Error.WriteLine($"line {e.Line}: {(e.Field is { Length: > 0 } f ? f + ": " : "")}{e.Detail} ({e.Code})");
        if (state.RefusedLines > state.Errors.Count)
            c.Error.WriteLine($"… {state.RefusedLines - state.Errors.Count} more refused lines.");
        return state.RefusedLines > 0 ? CliApp.Rejected : CliApp.Ok;
    }

    /// <summary>Spectre's speed column counts bytes; an import counts numbers.</summary>
    private sealed class NumbersPerSecondColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text($"{task.Speed ?? 0:N0} numbers/s", new Style(Color.Grey));
    }
}
