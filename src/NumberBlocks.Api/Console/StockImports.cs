using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Requests;
using NumberBlocks.Data;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Console;

/// <summary>One refused line of an import: where, which field, and why.</summary>
public sealed record ImportRefusal(long Line, string? Field, string Code, string Detail);

/// <summary>What an import has done so far, read by the progress bar.</summary>
public sealed record ImportProgress(
    Guid Id, string FileName, ImportState State, long TotalBytes, long BytesRead, long Lines, long LoadedRanges, long LoadedNumbers,
    long RefusedLines, IReadOnlyList<ImportRefusal> Refusals, string? Failure, DateTimeOffset QueuedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>0–100, by bytes of the file read; 100 once finished.</summary>
    public int Percent => State is ImportState.Finished or ImportState.Failed ? 100
        : TotalBytes <= 0 ? 0 : (int)Math.Clamp(BytesRead * 100 / TotalBytes, 0, 99);

    public bool IsRunning => State is ImportState.Queued or ImportState.Running;
}

public enum ImportState { Queued, Running, Finished, Failed }

/// <summary>
/// Stock imports started from the console: the uploaded file is kept in a temporary file and loaded in the background,
/// in write transactions of <see cref="Batch"/> ranges through <see cref="StockOperations.LoadManyAsync"/> (the one
/// ledger call the operator API's import makes), so the page can show progress while it runs. A refused line is
/// reported with its number and field and the rest still load. Imports run one at a time, in this process; the most
/// recent <see cref="Kept"/> stay listed. A restart ends a running import: what it loaded stays, and importing the same
/// file again loads the rest (the ledger refuses the lines already loaded, each reported).
/// </summary>
public sealed class StockImports(IServiceScopeFactory scopes, FulfilmentSignal fulfilment, TimeProvider clock, IOptions<ConsoleOptions> options,
    ILogger<StockImports> log) : BackgroundService
{
    /// <summary>The largest file the console takes, as the operator API's import does.</summary>
    public const long MaxFileBytes = 1L << 30;
    public const int Batch = 500;
    public const int MaxReportedRefusals = 100;
    public const int Kept = 20;
    private const int ReadBuffer = 4096;

    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();

    /// <summary>Queues <paramref name="upload"/> (moved into a temporary file first) and answers its id at once.</summary>
    public async Task<Guid> StartAsync(IFormFile upload, bool csv, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nb-console-import-{Guid.NewGuid():N}");
        await using (var target = File.Create(path))
        await using (var source = upload.OpenReadStream())
            await source.CopyToAsync(target, ct);
        var job = new Job(Guid.CreateVersion7(clock.GetUtcNow()), Path.GetFileName(upload.FileName), path, csv, upload.Length, clock.GetUtcNow());
        _jobs[job.Id] = job;
        Forget();
        await _queue.Writer.WriteAsync(job, ct);
        return job.Id;
    }

    public ImportProgress? Find(Guid id) => _jobs.TryGetValue(id, out var job) ? job.Snapshot() : null;

    /// <summary>The imports still listed, newest first.</summary>
    public IReadOnlyList<ImportProgress> Recent() => [.. _jobs.Values.Select(j => j.Snapshot()).OrderByDescending(p => p.QueuedAt)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(job, stoppingToken);
                job.Finish(null, clock.GetUtcNow());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                job.Finish("The service stopped during the import; what was loaded stays loaded.", clock.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A database outage mid-import: the batches before it are committed, the rest is not; the page says so.
                log.LogError(ex, "Console stock import {Id} ({File}) stopped", job.Id, job.FileName);
                job.Finish("The import stopped: " + ex.Message + " What was loaded before stays loaded.", clock.GetUtcNow());
            }
            finally
            {
                File.Delete(job.Path);
            }
        }
    }

    private async Task RunAsync(Job job, CancellationToken ct)
    {
        job.Start();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        // Small buffers, so the bytes counted are the bytes the parser has reached (the progress bar's measure) within 4 KiB.
        await using var file = new CountingStream(new FileStream(job.Path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBuffer), job);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: ReadBuffer);
        var batch = new List<(long Line, Result<StockRangeSpec> Spec)>(Batch);
        try
        {
            await foreach (var (line, spec) in StockRangeFile.ReadAsync(reader, job.Csv, ct))
            {
                job.CountLine();
                batch.Add((line, spec));
                if (batch.Count < Batch) continue;
                await LoadBatchAsync(db, job, batch, ct);
                batch.Clear();
                if (options.Value.ImportPause > TimeSpan.Zero) await Task.Delay(options.Value.ImportPause, clock, ct);
            }
        }
        catch (StockFileHeaderMissing missing)
        {
            job.Refuse(missing.Line, missing.Error with { Pointer = null });
            return;
        }
        catch (CsvUnreadable unreadable)
        {
            job.Refuse(unreadable.Line, new DomainError(ErrorCodes.InvalidValue, unreadable.Message + "; nothing after it was read.", ""));
        }
        if (batch.Count > 0) await LoadBatchAsync(db, job, batch, ct);
        if (job.Snapshot() is { Lines: 0, RefusedLines: 0 })
            job.Refuse(0, new DomainError(ErrorCodes.Required, "The file holds no ranges.", ""));
    }

    private async Task LoadBatchAsync(NumberBlocksDbContext db, Job job, List<(long Line, Result<StockRangeSpec> Spec)> batch, CancellationToken ct)
    {
        var outcome = await StockOperations.LoadLinesAsync(db, batch, clock.GetUtcNow(), ct);
        db.ChangeTracker.Clear();
        job.Loaded(outcome.Loaded.Count, outcome.Loaded.Sum(l => l.Count));
        foreach (var (line, error) in outcome.Refused) job.Refuse(line, error);
        // Waiting number requests are served as the stock arrives, not only when the whole file is in.
        if (outcome.Loaded.Count > 0) fulfilment.Notify();
    }

    private void Forget()
    {
        foreach (var old in _jobs.Values.Where(j => !j.Snapshot().IsRunning).OrderByDescending(j => j.QueuedAt).Skip(Kept).ToList())
            _jobs.TryRemove(old.Id, out _);
    }

    /// <summary>One import; its counters change on the worker and are read by the pages, under one lock.</summary>
    private sealed class Job(Guid id, string fileName, string path, bool csv, long totalBytes, DateTimeOffset queuedAt)
    {
        private readonly Lock _lock = new();
        private readonly List<ImportRefusal> _refusals = [];
        private ImportState _state = ImportState.Queued;
        private long _bytesRead, _lines, _loadedRanges, _loadedNumbers, _refusedLines;
        private string? _failure;
        private DateTimeOffset? _finishedAt;

        public Guid Id { get; } = id;
        public string FileName { get; } = fileName;
        public string Path { get; } = path;
        public bool Csv { get; } = csv;
        public DateTimeOffset QueuedAt { get; } = queuedAt;

        public void Start() { lock (_lock) _state = ImportState.Running; }
        public void Read(long bytes) { lock (_lock) _bytesRead += bytes; }
        public void CountLine() { lock (_lock) _lines++; }

        public void Loaded(long ranges, long numbers)
        {
            lock (_lock)
            {
                _loadedRanges += ranges;
                _loadedNumbers += numbers;
            }
        }

        public void Refuse(long line, DomainError error)
        {
            lock (_lock)
            {
                _refusedLines++;
                if (_refusals.Count < MaxReportedRefusals)
                    _refusals.Add(new ImportRefusal(line, error.Pointer?.TrimStart('/') is { Length: > 0 } f ? f : null, error.Code, error.Detail));
            }
        }

        public void Finish(string? failure, DateTimeOffset at)
        {
            lock (_lock)
            {
                _failure = failure;
                _state = failure is null ? ImportState.Finished : ImportState.Failed;
                _finishedAt = at;
            }
        }

        public ImportProgress Snapshot()
        {
            lock (_lock)
                return new ImportProgress(Id, FileName, _state, totalBytes, _bytesRead, _lines, _loadedRanges, _loadedNumbers, _refusedLines,
                    [.. _refusals], _failure, QueuedAt, _finishedAt);
        }
    }

    /// <summary>Counts the bytes the reader takes from the file: the progress bar's measure.</summary>
    private sealed class CountingStream(Stream inner, Job job) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        private int Count(int n)
        {
            job.Read(n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
