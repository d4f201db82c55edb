using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NumberBlocks.Api.Hosting;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;
using OpenTelemetry.Trace;
using static NumberBlocks.Api.Tests.Callbacks.CallbackTestKit;
using static NumberBlocks.Api.Tests.Requests.RequestTestKit;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>Telemetry runs alone: meters and activity sources are process-wide, so other services would add to its figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (alone)";
}

/// <summary>
/// OpenTelemetry: one trace from a number request through the ledger and the outbox to its delivered callback (an
/// in-memory exporter), the Prometheus scrape endpoint's series behind the operator key, and trace ids in the logs.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Trace_NumberRequestToDeliveredCallback_IsOneTrace()
    {
        var spans = new SpanList();
        var logs = new TraceCapturingLoggerProvider();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = new ServiceFactory
        {
            ConfigureServices = s =>
            {
                s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
                s.AddSingleton<ILoggerProvider>(logs);
            },
        };
        service.Settings["NumberBlocks:Callbacks:AllowedHosts:0"] = receiver.AllowedHostEntry;
        service.Settings["Logging:LogLevel:Default"] = "Information";
        await LoadStockAsync(service, "+4920127000000", "+4920127000999", areaCode: "201", city: "Essen");
        var account = await service.NewAccountAsync();
        using var cm = CmClient(service, account);
        var created = await cm.PostAsync(RequestsUrl(account), Json.Body($$"""
            {"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "callbackUrl": "{{receiver.Url("/cm")}}"}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(await UntilMessagesAsync(service, ms => ms.Any(m => m.Channel == OutboxChannels.Webhook && m.Status == OutboxStatuses.Delivered)), "no delivery");
        Assert.Single(receiver.Received);

        // The request's server span is the root; the ledger transfer, the enqueue, the delivery and its POST are in its trace.
        Activity? request = null;
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult((request = spans.FirstOrDefault(a =>
            a.Kind == ActivityKind.Server && a.GetTagItem("http.request.method") as string == "POST" && (a.GetTagItem("url.path") as string ?? "").EndsWith("/numberrequests"))) is not null),
            TimeSpan.FromSeconds(5)), "no server span for the request");
        var traceId = request!.TraceId;
        List<Activity> trace = [];
        Assert.True(await Eventually.TrueAsync(() =>
        {
            trace = spans.Where(a => a.TraceId == traceId).ToList();
            return Task.FromResult(trace.Any(a => a.OperationName == "outbox.deliver" && a.GetTagItem("numberblocks.outbox.outcome") as string == "delivered")
                && trace.Any(a => a.Kind == ActivityKind.Client && a.ParentSpanId != default && trace.Any(p => p.OperationName == "outbox.deliver" && p.SpanId == a.ParentSpanId)));
        }, TimeSpan.FromSeconds(10)), "the trace has no delivered callback: " + string.Join(", ", trace.Select(a => a.OperationName)));

        var transfer = Assert.Single(trace, a => a.OperationName == "ledger.transfer");
        Assert.Equal(request.SpanId, Ancestors(transfer, trace).Last().SpanId);
        var enqueue = trace.First(a => a.OperationName == "outbox.enqueue" && a.GetTagItem("numberblocks.outbox.channel") as string == "webhook");
        Assert.Equal(request.SpanId, Ancestors(enqueue, trace).Last().SpanId);
        var deliver = trace.Single(a => a.OperationName == "outbox.deliver" && a.GetTagItem("numberblocks.outbox.channel") as string == "webhook");
        Assert.Equal(enqueue.SpanId, deliver.ParentSpanId); // the delivery continues the enqueue, seconds later, in the worker
        var post = trace.Single(a => a.Kind == ActivityKind.Client && a.ParentSpanId == deliver.SpanId);
        Assert.Equal(receiver.Port, post.GetTagItem("server.port"));

        // The request's log lines carry its trace id.
        Assert.Contains(logs.Entries, e => e.TraceId == traceId.ToHexString() && e.Message.Contains("numberrequests"));
    }

    [Fact]
    public async Task Metrics_Scrape_ShowsRequestsLedgerOutboxFulfilmentAndStockSeries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = new ServiceFactory();
        service.Settings["NumberBlocks:Callbacks:AllowedHosts:0"] = receiver.AllowedHostEntry;
        await LoadStockAsync(service, "+4920128000000", "+4920128000999", areaCode: "201", city: "Essen");
        await LoadStockAsync(service, "+61288810000", "+61288810099", areaCode: "2");
        using (var op = service.Operator())
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await op.PostAsync("/admin/v1/stock", Json.Body("""
                {"start_at": "+4920128000500", "end_at": "+4920128000599", "number_type": "local"}
                """))).StatusCode); // a ledger conflict
        var account = await service.NewAccountAsync();
        using var cm = CmClient(service, account);
        await CreateRequestAsync(cm, account, new { quantity = 5, numberType = "local", areaCode = "201", countryCode = "DE", callbackUrl = receiver.Url("/cm") });
        await CreateRequestAsync(cm, account, new { quantity = 5, numberType = "local", areaCode = "30", city = "Berlin", countryCode = "DE" }); // waits: no stock
        Assert.True(await UntilMessagesAsync(service, ms => ms.Any(m => m.Channel == OutboxChannels.Webhook && m.Status == OutboxStatuses.Delivered)), "no delivery");

        using var anonymous = service.CreateClient();
        var refused = await anonymous.GetAsync(TelemetrySetup.MetricsPath);
        await refused.ExpectErrorAsync(HttpStatusCode.Unauthorized);
        using var customer = service.CreateClient();
        customer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await customer.GetAsync(TelemetrySetup.MetricsPath)).StatusCode);

        using var operatorClient = service.Operator();
        var scrape = await operatorClient.GetAsync(TelemetrySetup.MetricsPath);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        var series = Series(text);
        var ours = string.Join("\n", text.Split('\n').Where(l => l.StartsWith("numberblocks_", StringComparison.Ordinal)));
        void Has(string name, params (string Label, string Value)[] labels) =>
            Assert.True(series.Any(x => x.Name == name && labels.All(l => x.Labels.GetValueOrDefault(l.Label) == l.Value)),
                $"no {name} with {string.Join(", ", labels)} in the scrape:\n{ours}");
        double Value(string name, params (string Label, string Value)[] labels) =>
            series.Where(x => x.Name == name && labels.All(l => x.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(x => x.Value);

        Has("numberblocks_requests_total", ("surface", "cm"), ("http_response_status_code", "201"));
        Has("numberblocks_requests_total", ("surface", "admin"), ("http_response_status_code", "422"));
        Has("numberblocks_ledger_claims_total", ("operation", "claim"));
        Has("numberblocks_ledger_claims_total", ("operation", "transfer"));
        Has("numberblocks_ledger_conflicts_total", ("operation", "claim"));
        Has("numberblocks_outbox_enqueued_total", ("channel", "webhook"));
        Has("numberblocks_outbox_deliveries_total", ("channel", "webhook"), ("outcome", "delivered"));
        Has("numberblocks_outbox_backlog", ("channel", "webhook"));
        Has("numberblocks_outbox_backlog", ("channel", "email"));
        Has("numberblocks_outbox_oldest_age_seconds", ("channel", "webhook"));
        Has("numberblocks_fulfilment_queue");
        Has("http_server_request_duration_seconds_bucket", ("http_route", "/voice/phonenumberrequestapi/v1/{accountGuid}/numberrequests/"));
        Assert.Equal(995, Value("numberblocks_stock_numbers", ("country_code", "DE"), ("number_type", "local")));
        Assert.Equal(100, Value("numberblocks_stock_numbers", ("country_code", "AU"), ("number_type", "local")));
        Assert.Equal(1, Value("numberblocks_stock_ranges", ("country_code", "DE"), ("number_type", "local"))); // 5 numbers taken off the front
        Assert.Equal(1, Value("numberblocks_fulfilment_queue")); // the Berlin request waits
        Assert.True(Value("numberblocks_ledger_conflicts_total", ("operation", "claim")) >= 1);
    }

    /// <summary>The scrape's samples: name, labels and value (Prometheus text format 0.0.4).</summary>
    private static List<(string Name, Dictionary<string, string> Labels, double Value)> Series(string text)
    {
        var result = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var brace = line.IndexOf('{');
            var name = brace > 0 ? line[..brace] : line[..line.IndexOf(' ')];
            var labels = new Dictionary<string, string>();
            if (brace > 0)
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(line[brace..line.LastIndexOf('}')], "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\""))
                    labels[m.Groups[1].Value] = m.Groups[2].Value;
            var valueText = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            if (double.TryParse(valueText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
                result.Add((name, labels, value));
        }
        return result;
    }

    private static IEnumerable<Activity> Ancestors(Activity span, List<Activity> trace)
    {
        for (var parent = trace.FirstOrDefault(a => a.SpanId == span.ParentSpanId); parent is not null; parent = trace.FirstOrDefault(a => a.SpanId == parent.ParentSpanId))
            yield return parent;
    }

    /// <summary>The in-memory exporter's list: spans end on many threads (requests, the outbox worker).</summary>
    private sealed class SpanList : ICollection<Activity>
    {
        private readonly ConcurrentQueue<Activity> _spans = new();
        public int Count => _spans.Count;
        public bool IsReadOnly => false;
        public void Add(Activity item) => _spans.Enqueue(item);
        public void Clear() => _spans.Clear();
        public bool Contains(Activity item) => _spans.Contains(item);
        public void CopyTo(Activity[] array, int arrayIndex) => _spans.CopyTo(array, arrayIndex);
        public bool Remove(Activity item) => throw new NotSupportedException();
        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)_spans.ToArray()).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Keeps each log entry with the TraceId scope value ASP.NET Core's activity tracking adds.</summary>
    private sealed class TraceCapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        public sealed record Entry(string Message, string? TraceId);

        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
        public void Dispose() { }

        private sealed class Logger(TraceCapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                string? traceId = null;
                owner._scopes.ForEachScope((scope, _) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        foreach (var (k, v) in pairs)
                            if (k == "TraceId") traceId = v?.ToString();
                }, (object?)null);
                owner.Entries.Enqueue(new Entry(formatter(state, exception), traceId));
            }
        }
    }
}
