using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Training.EventStore.Sqlite;

namespace Training.EventStore.Postgres;

/// <summary>
/// The event store of a cluster: tables in one PostgreSQL schema (<see cref="PostgresEventStoreOptions.Schema"/>),
/// shared by every silo. Appends are queued and written by one writer per store that commits everything
/// queued in one transaction (group commit), on a thread of its own with synchronous I/O; each caller's task completes only once that transaction has
/// committed (durable with PostgreSQL's <c>synchronous_commit = on</c>, the default), on a thread-pool thread that
/// delivers a whole chunk of the batch (the callers' continuations run there, never on the writer thread); the
/// writer lets those callers resume, briefly, before it takes the next batch. Correctness does not rest on
/// a single process: each commit's expected version is judged against the committed head of its stream (or, when
/// it expects the head this store itself last wrote, left to the index), and the unique (stream_id, version) index
/// settles races between silos (the loser gets <see cref="AppendOutcome.VersionConflict"/>). Reads run on pooled connections of an <see cref="NpgsqlDataSource"/>.
/// Unreachable or failing storage surfaces as <see cref="EventStoreUnavailableException"/>, within
/// <see cref="PostgresEventStoreOptions.ConnectTimeout"/> or <see cref="PostgresEventStoreOptions.CommandTimeout"/>.
/// </summary>
public sealed class PostgresEventStore : IEventStore, IAsyncDisposable
{
    /// <summary>Callers per delivery work item (a batch is delivered by at most one work item per core).</summary>
    private const int CallersPerChunk = 64;

    /// <summary>The longest the writer waits for a batch's callers to be resumed before taking the next one (see <see cref="AwaitDelivery"/>).</summary>
    private const int MaxDeliveryWaitMilliseconds = 1;

    private readonly PostgresEventStoreOptions _options;
    private readonly ILogger<PostgresEventStore> _logger;
    private readonly EventStoreMetrics _metrics;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSql _sql;
    private readonly string _database;
    private readonly Channel<PendingAppend> _queue;
    private readonly PostgresBatchWriter _writer;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _delivered = new(true);
    private Thread? _writerThread;
    private volatile bool _initialized;
    private volatile bool _disposed;
    private long _transactions;
    private long _commits;

    // Commits in the queue (the single-reader channel cannot count them).
    private int _queued;

    // 1 for the writer thread while it runs, plus 1 per batch whose callers are still being delivered their
    // outcomes; at 0 the writer has stopped and every caller it took has its outcome.
    private int _completing = 1;

    // Batches handed over for delivery (written by the writer only), the highest numbered whose callers have all
    // been delivered, and the signal of each delivery.
    private long _handedOff;
    private long _deliveredUpTo;

    /// <summary>Creates the store without connecting; <see cref="InitializeAsync"/> (or the first call) opens it.</summary>
    /// <param name="meterFactory">The host's meter factory for <see cref="EventStoreMetrics"/>; null for a standalone meter.</param>
    public PostgresEventStore(PostgresEventStoreOptions options, ILogger<PostgresEventStore> logger, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PostgresEventStoreOptions.ConnectionString must name the database, e.g. Host=…;Username=…;Database=….", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, "options.MaxBatchSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPoolSize, 2, "options.MaxPoolSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConnectTimeout, TimeSpan.FromSeconds(1), "options.ConnectTimeout");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CommandTimeout, TimeSpan.FromSeconds(1), "options.CommandTimeout");

        _options = options;
        _logger = logger;
        _sql = new PostgresSql(options.Schema);

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.Timeout = (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds);
        settings.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        settings.MaxPoolSize = options.MaxPoolSize;
        settings.MaxAutoPrepare = Math.Max(settings.MaxAutoPrepare, 16);
        settings.AutoPrepareMinUsages = 2;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "Training.EventStore";
        }

        _database = string.Create(CultureInfo.InvariantCulture, $"{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}");
        _dataSource = builder.Build();
        _metrics = new EventStoreMetrics(meterFactory);
        _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
        _writer = new PostgresBatchWriter(_dataSource, _sql, logger);
    }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema => _sql.Schema;

    /// <summary>The schema version this build writes and understands.</summary>
    public static int SchemaVersion => PostgresSchema.CurrentVersion;

    /// <summary>The store's row in <c>schema_version</c> (<see cref="PostgresSchemaVersions"/>).</summary>
    public static string SchemaComponent => PostgresSchema.Component;

    /// <summary>Group-commit transactions committed so far.</summary>
    internal long TransactionCount => Interlocked.Read(ref _transactions);

    /// <summary>Commits judged (appended or conflicting) in committed transactions so far.</summary>
    internal long CommitCount => Interlocked.Read(ref _commits);

    /// <summary>Batches written one commit at a time because the batch as a whole was refused.</summary>
    internal long OneByOneBatches => _writer.OneByOneBatches;

    /// <summary>Creates a store and opens it (see <see cref="InitializeAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">The schema is newer than this build, or (without AutoMigrate) missing or older.</exception>
    /// <exception cref="EventStoreUnavailableException">The database could not be reached.</exception>
    public static async Task<PostgresEventStore> OpenAsync(PostgresEventStoreOptions options, ILogger<PostgresEventStore> logger, CancellationToken cancellationToken = default)
    {
        var store = new PostgresEventStore(options, logger);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates the schema and its tables if missing and upgrades an older version (idempotent; silos doing it at
    /// once wait for each other), without starting the writer. What the host's <c>migrate</c> command runs.
    /// </summary>
    /// <returns>The schema version afterwards (<see cref="SchemaVersion"/>).</returns>
    /// <exception cref="InvalidOperationException">The schema is newer than this build (nothing is modified), or the database is not UTF8.</exception>
    /// <exception cref="EventStoreUnavailableException">The database could not be reached.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        try
        {
            var (version, created) = await PostgresSchema.MigrateAsync(_dataSource, _sql, _database, cancellationToken).ConfigureAwait(false);
            if (created)
            {
                PostgresEventStoreLog.SchemaCreated(_logger, _sql.Schema, _database, version);
            }

            return version;
        }
        catch (Exception ex) when (PostgresErrors.IsStorageFailure(ex))
        {
            throw new EventStoreUnavailableException($"Could not migrate the event store schema \"{_sql.Schema}\" in {_database}: the database is unreachable or failing.", ex);
        }
    }

    /// <summary>
    /// Checks the schema (with <see cref="PostgresEventStoreOptions.AutoMigrate"/>: creates or upgrades it first) and
    /// starts the writer. Calling it again is a no-op.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema is newer than this build, or (without AutoMigrate) missing or older; or the database is not UTF8.</exception>
    /// <exception cref="EventStoreUnavailableException">The database could not be reached.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        if (_initialized)
        {
            return;
        }

        await _initializing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (_initialized)
            {
                return;
            }

            int version;
            try
            {
                version = _options.AutoMigrate
                    ? await MigrateAsync(cancellationToken).ConfigureAwait(false)
                    : await PostgresSchema.CheckAsync(_dataSource, _sql, _database, cancellationToken).ConfigureAwait(false);
                foreach (var (setting, value) in await PostgresSchema.ReadDurabilitySettingsAsync(_dataSource, cancellationToken).ConfigureAwait(false))
                {
                    if (string.Equals(value, "off", StringComparison.OrdinalIgnoreCase))
                    {
                        PostgresEventStoreLog.NotDurable(_logger, _database, setting, value);
                    }
                }
            }
            catch (Exception ex) when (PostgresErrors.IsStorageFailure(ex))
            {
                throw new EventStoreUnavailableException($"Could not open the event store in {_database} (schema \"{_sql.Schema}\"): the database is unreachable or failing.", ex);
            }

            lock (_gate)
            {
                ThrowIfClosed();
                _writerThread = new Thread(WriterLoop)
                {
                    IsBackground = true,
                    Name = "PostgreSQL event store writer",
                };
                _writerThread.Start();
                _initialized = true;
            }

            PostgresEventStoreLog.Opened(_logger, _database, _sql.Schema, version);
        }
        finally
        {
            _initializing.Release();
        }
    }

    /// <inheritdoc/>
    public Task<AppendOutcome> AppendAsync(StreamCommit commit, CancellationToken cancellationToken = default)
    {
        StreamCommitRules.Validate(commit);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<AppendOutcome>(cancellationToken);
        }

        ThrowIfClosed();
        return _initialized ? Enqueue(commit, cancellationToken) : InitializeThenEnqueueAsync(commit, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        if (maxCount == 0)
        {
            return [];
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.ReadStream);
            command.Parameters.Add(Text(streamId));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = maxCount, NpgsqlDbType = NpgsqlDbType.Bigint });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var events = new List<StoredEvent>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var recordedAt = reader.GetFieldValue<DateTime>(3);
                var belowMicrosecond = reader.GetInt16(4);
                events.Add(new StoredEvent(
                    streamId,
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetFieldValue<byte[]>(2),
                    new DateTimeOffset(recordedAt.Ticks + belowMicrosecond, TimeSpan.Zero),
                    reader.GetInt64(5)));
            }

            return events;
        }
        catch (Exception ex) when (PostgresErrors.IsStorageFailure(ex))
        {
            throw ReadFailed(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<StoredSnapshot?> ReadSnapshotAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        cancellationToken.ThrowIfCancellationRequested();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.ReadSnapshot);
            command.Parameters.Add(Text(streamId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new StoredSnapshot(streamId, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
                : null;
        }
        catch (Exception ex) when (PostgresErrors.IsStorageFailure(ex))
        {
            throw ReadFailed(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<long> ReadStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        cancellationToken.ThrowIfCancellationRequested();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.ReadStreamVersion);
            command.Parameters.Add(Text(streamId));
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception ex) when (PostgresErrors.IsStorageFailure(ex))
        {
            throw ReadFailed(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DirectoryEntry>> QueryDirectoryAsync(DirectoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.Kind, "query.Kind");
        ArgumentNullException.ThrowIfNull(query.Parent, "query.Parent");
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, "query.Limit");
        cancellationToken.ThrowIfCancellationRequested();
        if (query.Limit == 0)
        {
            return [];
        }

#pragma warning disable CA1308 // The directory's search text is lower case by contract.
        var search = string.IsNullOrEmpty(query.Search) ? null : query.Search.ToLowerInvariant();
#pragma warning restore CA1308
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _dataSource.CreateCommand(search is null ? _sql.QueryDirectory : _sql.SearchDirectory);
            command.Parameters.Add(Text(query.Kind));
            command.Parameters.Add(Text(query.Parent));

            // Keys are never empty, so '' is below every key: the first page.
            command.Parameters.Add(Text(query.AfterKey ?? ""));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = query.Limit, NpgsqlDbType = NpgsqlDbType.Bigint });
            if (search is not null)
            {
                command.Parameters.Add(Text(search));
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<DirectoryEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new DirectoryEntry(query.Kind, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3)));
            }

            return entries;
        }
        catch (Exception ex) when (PostgresErrors.IsStorageFailure(ex))
        {
            throw ReadFailed(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<DirectoryEntry?> GetDirectoryEntryAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.GetDirectoryEntry);
            command.Parameters.Add(Text(kind));
            command.Parameters.Add(Text(key));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new DirectoryEntry(kind, key, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2))
                : null;
        }
        catch (Exception ex) when (PostgresErrors.IsStorageFailure(ex))
        {
            throw ReadFailed(ex);
        }
    }

    /// <summary>
    /// Stops taking appends, lets the writer finish every commit already queued, and closes the connections; returns
    /// once every caller has its outcome. Afterwards every call throws <see cref="EventStoreUnavailableException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        bool first;
        bool writing;
        lock (_gate)
        {
            first = !_disposed;
            _disposed = true;
            writing = _writerThread is not null;
        }

        _queue.Writer.TryComplete();
        if (writing)
        {
            await _writerStopped.Task.ConfigureAwait(false);
        }

        if (!first)
        {
            return;
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _delivered.Dispose();
        _metrics.Dispose();
        if (_initialized)
        {
            PostgresEventStoreLog.Closed(_logger, _database, _sql.Schema);
        }
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static EventStoreUnavailableException Closed() => new("The event store is closed.");


    private void ThrowIfClosed()
    {
        if (_disposed)
        {
            throw Closed();
        }
    }

    private EventStoreUnavailableException ReadFailed(Exception cause)
    {
        // Connections idle in the pool are likely as dead as the one that failed (e.g. the server restarted).
        _dataSource.Clear();
        return new EventStoreUnavailableException($"The event store in {_database} could not be read.", cause);
    }

    private async Task<AppendOutcome> InitializeThenEnqueueAsync(StreamCommit commit, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Enqueue(commit, cancellationToken).ConfigureAwait(false);
    }

    private Task<AppendOutcome> Enqueue(StreamCommit commit, CancellationToken cancellationToken)
    {
        var pending = new PendingAppend(commit, inlineContinuations: true);
        pending.CancelWith(cancellationToken);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queued);
            pending.TryTake();
            throw Closed();
        }

        return pending.Task;
    }

    private static bool WaitForWork(ChannelReader<PendingAppend> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void WriterLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>(_options.MaxBatchSize);
        var deferred = new List<PendingAppend>();
        var streams = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (deferred.Count > 0 || WaitForWork(reader))
            {
                Fill(reader, batch, deferred, streams);
                streams.Clear();
                if (batch.Count > 0)
                {
                    // The batch goes to the thread that completes its callers; the next one is a new list.
                    WriteBatch(batch);
                    var written = batch.Count;
                    batch = new List<PendingAppend>(Math.Min(_options.MaxBatchSize, written * 2));
                    AwaitDelivery(written);
                }
            }
        }
#pragma warning disable CA1031 // The writer must never die silently: fail every waiting caller instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresEventStoreLog.WriterCrashed(_logger, ex);
            _queue.Writer.TryComplete(ex);
            while (reader.TryRead(out var pending))
            {
                if (pending.TryTake())
                {
                    deferred.Add(pending);
                }
            }

            batch.AddRange(deferred);
            Complete(batch, ex, default);
        }
        finally
        {
            _writer.Dispose();
            CompletionDone();
        }
    }

    /// <summary>
    /// Takes up to <see cref="PostgresEventStoreOptions.MaxBatchSize"/> commits, at most one per stream: first those
    /// deferred earlier, then the queue, in arrival order. A stream's later commit waits in
    /// <paramref name="deferred"/> for the next batch, behind its earlier one (same-stream commits in one batch
    /// would be judged against the same head).
    /// </summary>
    private void Fill(ChannelReader<PendingAppend> reader, List<PendingAppend> batch, List<PendingAppend> deferred, HashSet<string> streams)
    {
        var waiting = deferred.Count == 0 ? null : new HashSet<string>(StringComparer.Ordinal);
        var kept = 0;
        for (var i = 0; i < deferred.Count; i++)
        {
            var pending = deferred[i];
            var stream = pending.Commit.StreamId;
            if (batch.Count < _options.MaxBatchSize && !waiting!.Contains(stream) && streams.Add(stream))
            {
                batch.Add(pending);
            }
            else
            {
                waiting!.Add(stream);
                deferred[kept++] = pending;
            }
        }

        deferred.RemoveRange(kept, deferred.Count - kept);
        while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
        {
            Interlocked.Decrement(ref _queued);
            if (!pending.TryTake())
            {
                continue;
            }

            var stream = pending.Commit.StreamId;
            if ((waiting is not null && waiting.Contains(stream)) || !streams.Add(stream))
            {
                (waiting ??= new HashSet<string>(StringComparer.Ordinal)).Add(stream);
                deferred.Add(pending);
            }
            else
            {
                batch.Add(pending);
            }
        }
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            _writer.WriteBatch(batch);
        }
#pragma warning disable CA1031 // Whatever failed the transaction, no caller of this batch may be acknowledged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresEventStoreLog.BatchFailed(_logger, ex, batch.Count);
            _metrics.RecordFailedBatch();
            if (PostgresErrors.IsStorageFailure(ex))
            {
                _dataSource.Clear();
            }

            Complete(batch, ex, default);
            return;
        }

        var duration = Stopwatch.GetElapsedTime(started);
        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _commits, batch.Count);
        Complete(batch, null, duration);
        _writer.RememberHeads(batch);
    }

    /// <summary>
    /// Delivers a written (or failed) batch's outcomes on thread-pool threads, where the callers' continuations run
    /// inline (<see cref="PendingAppend"/> with inline continuations): never on the writer thread, and one
    /// thread-pool dispatch per chunk of the batch (one per core at most) rather than one per caller. The batch list
    /// belongs to those work items.
    /// </summary>
    private void Complete(List<PendingAppend> batch, Exception? failure, TimeSpan duration)
    {
        if (batch.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _completing);
        var chunks = Math.Clamp(batch.Count / CallersPerChunk, 1, Environment.ProcessorCount);
        var delivery = new Delivery(this, batch, failure, ++_handedOff, chunks);
        for (var c = 0; c < chunks; c++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                new DeliveryChunk(delivery, batch.Count * c / chunks, batch.Count * (c + 1) / chunks),
                preferLocal: false);
        }

        // Bookkeeping while the outcomes are being delivered (it only reads the batch).
        if (failure is null)
        {
            PendingAppend.RecordBatch(batch, _metrics, duration);
        }
    }

    /// <summary>
    /// After handing a batch over for delivery, and unless as many commits are queued already, waits (at most
    /// <see cref="MaxDeliveryWaitMilliseconds"/>) until its callers have been resumed before taking the next batch: a
    /// caller that appends again as soon as it is acknowledged then joins the very next transaction. Without this
    /// wait the next batch would hold only the callers acknowledged one transaction earlier, so that callers that
    /// keep appending split into two cohorts riding alternate transactions of half the size.
    /// </summary>
    private void AwaitDelivery(int written)
    {
        if (Volatile.Read(ref _queued) >= written)
        {
            return;
        }

        var target = _handedOff;
        var deadline = Stopwatch.GetTimestamp() + (MaxDeliveryWaitMilliseconds * Stopwatch.Frequency / 1000);
        while (Volatile.Read(ref _deliveredUpTo) < target)
        {
            _delivered.Reset();
            if (Volatile.Read(ref _deliveredUpTo) >= target)
            {
                return;
            }

            var left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0 || !_delivered.Wait((int)Math.Ceiling(left * 1000.0 / Stopwatch.Frequency)))
            {
                return;
            }
        }
    }

    /// <summary>Every caller of the batch numbered <paramref name="sequence"/> has its outcome (and its continuation ran, unless posted elsewhere).</summary>
    private void Delivered(long sequence)
    {
        var delivered = Volatile.Read(ref _deliveredUpTo);
        while (delivered < sequence && Interlocked.CompareExchange(ref _deliveredUpTo, sequence, delivered) is var seen && seen != delivered)
        {
            delivered = seen;
        }

        _delivered.Set();
        CompletionDone();
    }

    /// <summary>One batch's outcomes are delivered (or the writer itself ended); the last one marks the writer stopped.</summary>
    private void CompletionDone()
    {
        if (Interlocked.Decrement(ref _completing) == 0)
        {
            _writerStopped.TrySetResult();
        }
    }

    /// <summary>One batch being delivered, in chunks; the last chunk to finish marks the batch delivered.</summary>
    private sealed class Delivery(PostgresEventStore store, List<PendingAppend> batch, Exception? failure, long sequence, int chunks)
    {
        private int _chunksLeft = chunks;

        public void Deliver(int start, int end)
        {
            try
            {
                if (failure is null)
                {
                    PendingAppend.Deliver(batch, start, end);
                }
                else
                {
                    PendingAppend.Fail(batch, start, end, failure);
                }
            }
            finally
            {
                if (Interlocked.Decrement(ref _chunksLeft) == 0)
                {
                    store.Delivered(sequence);
                }
            }
        }
    }

    private sealed class DeliveryChunk(Delivery delivery, int start, int end) : IThreadPoolWorkItem
    {
        public void Execute() => delivery.Deliver(start, end);
    }
}
