using System.Diagnostics.Metrics;
using NumberBlocks.Api.Admin;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;
using Npgsql;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NumberBlocks.Api.Hosting;

/// <summary>NumberBlocks:Telemetry. OTLP export also follows the standard OTEL_EXPORTER_OTLP_* variables.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "NumberBlocks:Telemetry";
    /// <summary>Where to send traces, metrics and logs over OTLP (e.g. http://collector:4317); none when unset.</summary>
    public string? OtlpEndpoint { get; set; }
    /// <summary>"grpc" (default, port 4317) or "http/protobuf" (port 4318).</summary>
    public string? OtlpProtocol { get; set; }
}

/// <summary>
/// OpenTelemetry for the service: traces (ASP.NET Core, HttpClient, Npgsql and the "NumberBlocks" source: ledger,
/// outbox enqueue, delivery), metrics (ASP.NET Core, HttpClient, Npgsql and the "NumberBlocks" meter, with gauges read
/// from the database when scraped) and, when OTLP is configured, logs. Metrics are scraped in Prometheus' format at
/// <see cref="MetricsPath"/> with the operator key; OTLP export is on when NumberBlocks:Telemetry:OtlpEndpoint or the
/// standard OTEL_EXPORTER_OTLP_ENDPOINT is set. Console logs are JSON with the trace and span ids of the request.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/admin/v1/metrics";

    public static WebApplicationBuilder AddNumberBlocksTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        services.AddSingleton<OperationalGauges>();
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("numberblocks", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t
                .AddSource(Telemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(Telemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter());

        var configured = builder.Configuration[$"{TelemetryOptions.Section}:OtlpEndpoint"];
        var standard = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var protocol = builder.Configuration[$"{TelemetryOptions.Section}:OtlpProtocol"]?.Trim().ToLowerInvariant() switch
            {
                null or "" or "grpc" => OtlpExportProtocol.Grpc,
                "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
                var other => throw new InvalidOperationException($"NumberBlocks:Telemetry:OtlpProtocol is '{other}'; expected grpc or http/protobuf."),
            };
            otel.WithLogging().UseOtlpExporter(protocol, new Uri(configured));
        }
        else if (!string.IsNullOrWhiteSpace(standard))
        {
            otel.WithLogging().UseOtlpExporter(); // reads the OTEL_EXPORTER_OTLP_* settings itself
        }
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, answering only to the operator key (401 in the operator API's shape otherwise).</summary>
    public static WebApplication MapNumberBlocksMetrics(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<OperationalGauges>(); // registers the gauges with this host's meter
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
        {
            var key = http.RequestServices.GetRequiredService<OperatorKey>();
            if (!key.Matches(ApiKeys.FromAuthorization(http.Request.Headers.Authorization)))
            {
                await SurfaceErrors.Of(http).WriteAsync(http, OperatorAuth.Unauthenticated);
                return;
            }
            await next(http);
        }), optionsName: null).WithTags("Operator: metrics").WithName("AdminMetrics")
            // Prometheus text exposition, not a JSON operation: described in docs/operations, not in the OpenAPI document.
            .ExcludeFromDescription();
        return app;
    }
}

/// <summary>
/// The gauges read from the database at scrape time: outbox backlog and the age of its oldest message per channel,
/// open number requests (the fulfilment queue), and stock per country and number type. One snapshot serves a whole
/// scrape (all gauges are read within <see cref="SnapshotFor"/>); a database that does not answer gives no values,
/// never a failed scrape. The meter comes from this host's IMeterFactory, so it ends with the host.
/// </summary>
public sealed class OperationalGauges
{
    private static readonly TimeSpan SnapshotFor = TimeSpan.FromSeconds(2);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<OperationalGauges> _log;
    private readonly Lock _gate = new();
    private (OperationalSnapshot? Snapshot, DateTimeOffset ReadAt)? _last;

    public OperationalGauges(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock, ILogger<OperationalGauges> log)
    {
        _scopes = scopes;
        _clock = clock;
        _log = log;
        var meter = meters.Create(Telemetry.Name);
        // Every channel always has a value (0 when nothing waits), so an alert on the series never sees it vanish.
        meter.CreateObservableGauge("numberblocks.outbox.backlog", () => Backlog().Select(o =>
            new Measurement<long>(o.Pending, new KeyValuePair<string, object?>("channel", o.Channel))), "{message}", "Outbox messages waiting for delivery.");
        meter.CreateObservableGauge("numberblocks.outbox.oldest_age", () => Backlog().Select(o =>
            new Measurement<double>(o.OldestCreatedAt is { } oldest ? Math.Max(0, (_clock.GetUtcNow() - oldest).TotalSeconds) : 0,
                new KeyValuePair<string, object?>("channel", o.Channel))),
            "s", "Age of the oldest outbox message waiting for delivery (0 when none waits).");
        meter.CreateObservableGauge("numberblocks.fulfilment.queue", () => Read() is { } s ? [new Measurement<long>(s.OpenNumberRequests)] : Array.Empty<Measurement<long>>(),
            "{request}", "Number requests waiting for stock (pending or accepted).");
        meter.CreateObservableGauge("numberblocks.stock.numbers", () => Read()?.Stock.Select(b => new Measurement<long>(b.Numbers, Tags(b))) ?? [],
            "{number}", "Numbers in stock, by country and number type.");
        meter.CreateObservableGauge("numberblocks.stock.ranges", () => Read()?.Stock.Select(b => new Measurement<long>(b.Ranges, Tags(b))) ?? [],
            "{range}", "Stock ranges, by country and number type.");
    }

    private IEnumerable<OutboxBacklog> Backlog()
    {
        if (Read() is not { } snapshot) yield break;
        foreach (var channel in new[] { OutboxChannels.Webhook, OutboxChannels.Email })
            yield return snapshot.Outbox.FirstOrDefault(o => o.Channel == channel) ?? new OutboxBacklog(channel, 0, null);
    }

    private static KeyValuePair<string, object?>[] Tags(StockBucket b) =>
        [new("country_code", b.CountryCode), new("number_type", b.NumberType)];

    private OperationalSnapshot? Read()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_last is { } last && now - last.ReadAt < SnapshotFor && now >= last.ReadAt) return last.Snapshot;
            OperationalSnapshot? snapshot = null;
            try
            {
                using var scope = _scopes.CreateScope();
                snapshot = OperationalSnapshots.Read(scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>());
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                _log.LogWarning(ex, "The operational gauges could not read the database; this scrape has none.");
            }
            _last = (snapshot, now);
            return snapshot;
        }
    }
}
