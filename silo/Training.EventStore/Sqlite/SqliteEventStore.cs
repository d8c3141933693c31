using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Training.EventStore.Sqlite;

/// <summary>
/// The embedded event store: one SQLite file (<c>events.db</c>) in WAL mode with <c>synchronous=FULL</c>.
/// Appends are queued and written by one writer thread that commits everything queued in one transaction
/// (group commit), one savepoint per commit; each caller's task completes only once that transaction is
/// durable. Reads run on the caller's thread over a small pool of read connections.
/// </summary>
public sealed class SqliteEventStore : IEventStore, IAsyncDisposable
{
    private readonly SqliteEventStoreOptions _options;
    private readonly ILogger<SqliteEventStore> _logger;
    private readonly EventStoreMetrics _metrics;
    private readonly string _path;
    private readonly string _writerConnectionString;
    private readonly Channel<PendingAppend> _queue;
    private readonly SqliteBatchWriter _writer;
    private readonly SqliteReaderPool _readers;
    private readonly SqliteDirectoryCache _directory = new();
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Thread? _writerThread;
    private volatile bool _initialized;
    private volatile bool _disposed;
    private long _transactions;
    private long _commits;

    /// <summary>Creates the store without touching the disk; <see cref="InitializeAsync"/> (or the first call) opens it.</summary>
    /// <param name="meterFactory">The host's meter factory for <see cref="EventStoreMetrics"/>; null for a standalone meter.</param>
    public SqliteEventStore(SqliteEventStoreOptions options, ILogger<SqliteEventStore> logger, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new ArgumentException("SqliteEventStoreOptions.DataDirectory must name the folder that holds events.db.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, "options.MaxBatchSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchDelay, TimeSpan.Zero, "options.MaxBatchDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero, "options.BusyTimeout");

        _options = options;
        _logger = logger;
        _path = options.DatabasePath;
        _writerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        var readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

        _metrics = new EventStoreMetrics(meterFactory);
        _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
        _writer = new SqliteBatchWriter(options, _writerConnectionString, logger);
        _readers = new SqliteReaderPool(readerConnectionString, options.BusyTimeout, Math.Max(4, 2 * Environment.ProcessorCount));
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _path;

    /// <summary>Group-commit transactions committed so far.</summary>
    internal long TransactionCount => Interlocked.Read(ref _transactions);

    /// <summary>Commits judged (appended or conflicting) in committed transactions so far.</summary>
    internal long CommitCount => Interlocked.Read(ref _commits);

    /// <summary>Creates and opens a store, creating the folder, the file and the schema as needed.</summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer schema version.</exception>
    public static async Task<SqliteEventStore> OpenAsync(SqliteEventStoreOptions options, ILogger<SqliteEventStore> logger, CancellationToken cancellationToken = default)
    {
        var store = new SqliteEventStore(options, logger);
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
    /// Creates the folder, the file and the schema if missing (idempotent), checks the schema version and
    /// starts the writer. Calling it again is a no-op. Runs synchronously (SQLite has no asynchronous I/O).
    /// </summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer schema version.</exception>
    /// <exception cref="EventStoreUnavailableException">The file could not be opened.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureInitialized();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<AppendOutcome> AppendAsync(StreamCommit commit, CancellationToken cancellationToken = default)
    {
        StreamCommitRules.Validate(commit);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<AppendOutcome>(cancellationToken);
        }

        EnsureInitialized();
        var pending = new PendingAppend(commit);
        pending.CancelWith(cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.TryTake();
            throw Closed();
        }

        return pending.Task;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<StoredEvent>>(cancellationToken);
        }

        if (maxCount == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        }

        return Task.FromResult<IReadOnlyList<StoredEvent>>(
            Read(static (session, a) => session.ReadStream(a.streamId, a.fromVersion, a.maxCount), (streamId, fromVersion, maxCount)));
    }

    /// <inheritdoc/>
    public Task<StoredSnapshot?> ReadSnapshotAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<StoredSnapshot?>(cancellationToken)
            : Task.FromResult(Read(static (session, id) => session.ReadSnapshot(id), streamId));
    }

    /// <inheritdoc/>
    public Task<long> ReadStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<long>(cancellationToken)
            : Task.FromResult(Read(static (session, id) => session.ReadStreamVersion(id), streamId));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DirectoryEntry>> QueryDirectoryAsync(DirectoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.Kind, "query.Kind");
        ArgumentNullException.ThrowIfNull(query.Parent, "query.Parent");
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, "query.Limit");
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<DirectoryEntry>>(cancellationToken);
        }

        if (query.Limit == 0)
        {
            return Task.FromResult<IReadOnlyList<DirectoryEntry>>([]);
        }

#pragma warning disable CA1308 // The directory's search text is lower case by contract.
        var search = string.IsNullOrEmpty(query.Search) ? null : query.Search.ToLowerInvariant();
#pragma warning restore CA1308
        if (_directory.TryGet(query, search, out var known))
        {
            return Task.FromResult<IReadOnlyList<DirectoryEntry>>(known!);
        }

        var generation = _directory.Generation;
        var entries = Read(static (session, a) => session.QueryDirectory(a.query, a.search), (query, search)).ToArray();
        _directory.Remember(generation, query, search, entries);
        return Task.FromResult<IReadOnlyList<DirectoryEntry>>(entries);
    }

    /// <inheritdoc/>
    public Task<DirectoryEntry?> GetDirectoryEntryAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<DirectoryEntry?>(cancellationToken);
        }

        if (_directory.TryGet(kind, key, out var known))
        {
            return Task.FromResult(known);
        }

        var generation = _directory.Generation;
        var entry = Read(static (session, a) => session.GetDirectoryEntry(a.kind, a.key), (kind, key));
        _directory.Remember(generation, kind, key, entry);
        return Task.FromResult(entry);
    }

    /// <summary>
    /// Stops taking appends, lets the writer finish every commit already queued, and closes the file.
    /// Afterwards every call throws <see cref="EventStoreUnavailableException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        bool first;
        lock (_gate)
        {
            first = !_disposed;
            _disposed = true;
        }

        _queue.Writer.TryComplete();
        if (_writerThread is not null)
        {
            await _writerStopped.Task.ConfigureAwait(false);
        }

        if (!first)
        {
            return;
        }

        _writer.Dispose();
        _readers.Dispose();
        _metrics.Dispose();
        if (_initialized)
        {
            SqliteEventStoreLog.Closed(_logger, _path);
        }
    }

    private static EventStoreUnavailableException Closed() => new("The event store is closed.");

    private static bool IsStorageFailure(Exception exception)
        => exception is IOException || (exception is SqliteException sqlite && SqliteErrors.IsStorageFailure(sqlite));

    private void EnsureInitialized()
    {
        if (_disposed)
        {
            throw Closed();
        }

        if (_initialized)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                throw Closed();
            }

            if (_initialized)
            {
                return;
            }

            long schemaVersion;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                using (var connection = new SqliteConnection(_writerConnectionString))
                {
                    connection.Open();
                    using (var pragma = connection.CreateCommand())
                    {
                        pragma.CommandText = $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}";
                        pragma.ExecuteNonQuery();
                    }

                    schemaVersion = SqliteSchema.Ensure(connection, _path);
                }

                _writer.EnsureOpen();
            }
            catch (Exception ex) when (IsStorageFailure(ex))
            {
                throw new EventStoreUnavailableException($"Could not open the event store at '{_path}'.", ex);
            }

            _writerThread = new Thread(WriterLoop)
            {
                IsBackground = true,
                Name = "SQLite event store writer",
            };
            _writerThread.Start();
            _initialized = true;
            SqliteEventStoreLog.Opened(_logger, _path, schemaVersion);
        }
    }

    private TResult Read<TArg, TResult>(Func<SqliteReadSession, TArg, TResult> read, TArg argument)
    {
        EnsureInitialized();
        SqliteReadSession session;
        try
        {
            session = _readers.Rent();
        }
        catch (SqliteException ex) when (SqliteErrors.IsStorageFailure(ex))
        {
            throw new EventStoreUnavailableException("The event store could not be read.", ex);
        }

        TResult result;
        try
        {
            result = read(session, argument);
        }
        catch (SqliteException ex) when (SqliteErrors.IsStorageFailure(ex))
        {
            session.Dispose();
            throw new EventStoreUnavailableException("The event store could not be read.", ex);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        _readers.Return(session);
        return result;
    }

    private void WriterLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>(_options.MaxBatchSize);
        try
        {
            while (WaitForWork(reader))
            {
                Drain(reader, batch);
                if (_options.MaxBatchDelay > TimeSpan.Zero && batch.Count > 0 && batch.Count < _options.MaxBatchSize)
                {
                    Thread.Sleep(_options.MaxBatchDelay);
                    Drain(reader, batch);
                }

                if (batch.Count > 0)
                {
                    WriteBatch(batch);
                    batch.Clear();
                }
            }
        }
#pragma warning disable CA1031 // The writer must never die silently: fail every waiting caller instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SqliteEventStoreLog.WriterCrashed(_logger, ex);
            _queue.Writer.TryComplete(ex);
            PendingAppend.FailAll(batch, ex);
            PendingAppend.FailQueued(reader, ex);
        }
        finally
        {
            _writer.Dispose();
            _writerStopped.TrySetResult();
        }
    }

    private static bool WaitForWork(ChannelReader<PendingAppend> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Drain(ChannelReader<PendingAppend> reader, List<PendingAppend> batch)
    {
        while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
        {
            if (pending.TryTake())
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
            _directory.Forget(batch);
            SqliteEventStoreLog.BatchFailed(_logger, ex, batch.Count);
            _metrics.RecordFailedBatch();
            PendingAppend.FailAll(batch, ex);
            return;
        }

        // Committed: the directory entries it changed are forgotten before any caller is told.
        _directory.Forget(batch);
        var duration = Stopwatch.GetElapsedTime(started);
        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _commits, batch.Count);
        PendingAppend.CompleteAll(batch, _metrics, duration);
    }
}
