using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Training.EventStore.Sqlite;

namespace Training.Reminders.Sqlite;

/// <summary>
/// Orleans' reminder table for the embedded mode: the table <c>reminders</c> in the event store's SQLite file
/// (<see cref="SqliteEventStoreOptions.DatabasePath"/>), rows keyed by the cluster's service id, the grain and
/// the reminder name, so reminders outlive the process like events do.
/// </summary>
/// <remarks>
/// <para>
/// It has its own connection to the file (WAL, <c>synchronous=FULL</c>, the event store's busy timeout), used by
/// one operation at a time on a thread-pool thread, so a write waiting behind the event store's group commit
/// never holds an Orleans scheduler thread. Reminder traffic is small: registrations, removals and one range read
/// per silo every <c>ReminderOptions.RefreshReminderListPeriod</c>.
/// </para>
/// <para>
/// ETags are random per write: an upsert always succeeds and gives the row a new ETag; a removal happens only
/// with the row's current ETag, so a grain holding a stale reminder handle cannot remove a newer registration
/// (also not one made after the old row was removed).
/// </para>
/// </remarks>
public sealed partial class SqliteReminderTable : IReminderTable, IDisposable
{
    private const string Columns = "grain_id, reminder_name, start_at, period, etag";

    private readonly string _serviceId;
    private readonly string _path;
    private readonly string _connectionString;
    private readonly long _busyTimeoutMs;
    private readonly ILogger<SqliteReminderTable> _logger;
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private bool _disposed;

    /// <summary>Creates the table without touching the disk; <see cref="StartAsync"/> (or the first call) opens it.</summary>
    /// <param name="clusterOptions">The cluster's <see cref="ClusterOptions.ServiceId"/> keys every row.</param>
    /// <param name="storeOptions">The event store's options: the same data folder and file, and its busy timeout.</param>
    public SqliteReminderTable(IOptions<ClusterOptions> clusterOptions, IOptions<SqliteEventStoreOptions> storeOptions, ILogger<SqliteReminderTable> logger)
    {
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(logger);
        var serviceId = clusterOptions.Value.ServiceId;
        if (string.IsNullOrWhiteSpace(serviceId))
        {
            throw new ArgumentException("ClusterOptions.ServiceId must be set: reminders are kept per service.", nameof(clusterOptions));
        }

        var store = storeOptions.Value;
        if (string.IsNullOrWhiteSpace(store.DataDirectory))
        {
            throw new ArgumentException(
                "SqliteEventStoreOptions.DataDirectory must name the folder that holds events.db: register the event store with services.AddSqliteEventStore(o => o.DataDirectory = …) along with the SQLite reminder table.",
                nameof(storeOptions));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(store.BusyTimeout, TimeSpan.Zero, "storeOptions.BusyTimeout");
        _serviceId = serviceId;
        _path = store.DatabasePath;
        _busyTimeoutMs = (long)store.BusyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(store.BusyTimeout.TotalSeconds),
        }.ToString();
        _logger = logger;
    }

    /// <summary>The full path of the database file (the event store's).</summary>
    public string DatabasePath => _path;

    /// <summary>The service whose reminders this table reads and writes.</summary>
    public string ServiceId => _serviceId;

    /// <summary>
    /// Creates the folder, the file and the reminder table if missing (idempotent) and checks its schema version.
    /// Called by Orleans when the silo starts; a bad data folder or a newer schema stops the silo.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reminder table was written by a newer schema version.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
        => Run(static (_, _) => true, 0, cancellationToken);

    /// <summary>Closes the connection (Orleans calls this when the silo stops). A later call opens it again.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            CloseConnection();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        RequireGrainId(grainId);
        return Run(
            static (table, grain) => table.Query(
                $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain",
                command => command.Parameters.AddWithValue("$grain", grain)),
            grainId.ToString(),
            cancellationToken);
    }

    /// <summary>
    /// The rows whose grain hash (<see cref="GrainId.GetUniformHashCode"/>) is in (<paramref name="begin"/>, <paramref name="end"/>];
    /// when <paramref name="begin"/> ≥ <paramref name="end"/> the range wraps around: hash &gt; begin or hash ≤ end
    /// (so begin = end is the whole ring).
    /// </summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc cref="ReadRows(uint, uint)"/>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
        => Run(
            static (table, range) => table.Query(
                range.begin < range.end
                    ? $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_hash > $begin AND grain_hash <= $end"
                    : $"SELECT {Columns} FROM reminders WHERE service_id = $service AND (grain_hash > $begin OR grain_hash <= $end)",
                command =>
                {
                    command.Parameters.AddWithValue("$begin", (long)range.begin);
                    command.Parameters.AddWithValue("$end", (long)range.end);
                }),
            (begin, end),
            cancellationToken);

    /// <inheritdoc/>
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <inheritdoc/>
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        RequireGrainId(grainId);
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        return Run(
            static (table, key) => table.Query(
                $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name",
                command =>
                {
                    command.Parameters.AddWithValue("$grain", key.grain);
                    command.Parameters.AddWithValue("$name", key.reminderName);
                }).Reminders.SingleOrDefault(),
            (grain: grainId.ToString(), reminderName),
            cancellationToken);
    }

    /// <summary>Inserts or replaces the row of the entry's grain and reminder name (whatever its ETag) and answers the row's new ETag.</summary>
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <inheritdoc cref="UpsertRow(ReminderEntry)"/>
    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        RequireGrainId(entry.GrainId);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName, "entry.ReminderName");
        var startAt = entry.StartAt.Kind == DateTimeKind.Local ? entry.StartAt.ToUniversalTime() : entry.StartAt;
        var row = (
            grain: entry.GrainId.ToString(),
            name: entry.ReminderName,
            hash: (long)entry.GrainId.GetUniformHashCode(),
            startAt: startAt.Ticks,
            period: entry.Period.Ticks,
            etag: Guid.NewGuid().ToString("N"));
        return Run(
            static (table, row) =>
            {
                using var command = table.Command("""
                    INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, etag)
                    VALUES ($service, $grain, $name, $hash, $start_at, $period, $etag)
                    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                        grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
                    """);
                command.Parameters.AddWithValue("$grain", row.grain);
                command.Parameters.AddWithValue("$name", row.name);
                command.Parameters.AddWithValue("$hash", row.hash);
                command.Parameters.AddWithValue("$start_at", row.startAt);
                command.Parameters.AddWithValue("$period", row.period);
                command.Parameters.AddWithValue("$etag", row.etag);
                command.ExecuteNonQuery();
                return (string?)row.etag;
            },
            row,
            cancellationToken);
    }

    /// <summary>Removes the row only if its ETag is <paramref name="eTag"/>; answers whether it did.</summary>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <inheritdoc cref="RemoveRow(GrainId, string, string)"/>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        RequireGrainId(grainId);
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        if (string.IsNullOrEmpty(eTag))
        {
            return Task.FromResult(false);
        }

        return Run(
            static (table, key) =>
            {
                using var command = table.Command(
                    "DELETE FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND etag = $etag");
                command.Parameters.AddWithValue("$grain", key.grain);
                command.Parameters.AddWithValue("$name", key.reminderName);
                command.Parameters.AddWithValue("$etag", key.eTag);
                return command.ExecuteNonQuery() == 1;
            },
            (grain: grainId.ToString(), reminderName, eTag),
            cancellationToken);
    }

    /// <summary>Removes every reminder of this service (other services' rows in the file stay).</summary>
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <inheritdoc cref="TestOnlyClearTable()"/>
    public Task TestOnlyClearTable(CancellationToken cancellationToken)
        => Run(
            static (table, _) =>
            {
                using var command = table.Command("DELETE FROM reminders WHERE service_id = $service");
                return command.ExecuteNonQuery();
            },
            0,
            cancellationToken);

    /// <summary>Closes the connection; afterwards every call throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            CloseConnection();
        }
    }

    private static void RequireGrainId(GrainId grainId)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("A reminder belongs to a grain: the grain id must not be the default.", nameof(grainId));
        }
    }

    private static ReminderEntry ReadEntry(SqliteDataReader reader) => new()
    {
        GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
        ReminderName = reader.GetString(1),
        StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
        Period = TimeSpan.FromTicks(reader.GetInt64(3)),
        ETag = reader.GetString(4),
    };

    /// <summary>
    /// Runs <paramref name="operation"/> on a thread-pool thread with the connection, one operation at a time.
    /// A failed operation closes the connection (which rolls back anything left open); the next one reopens it.
    /// </summary>
    private Task<TResult> Run<TArg, TResult>(Func<SqliteReminderTable, TArg, TResult> operation, TArg argument, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        return Task.Run(
            () =>
            {
                lock (_gate)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    EnsureOpen();
                    try
                    {
                        return operation(this, argument);
                    }
                    catch (SqliteException)
                    {
                        CloseConnection();
                        throw;
                    }
                }
            },
            cancellationToken);
    }

    private ReminderTableData Query(string sql, Action<SqliteCommand> bind)
    {
        using var command = Command(sql);
        bind(command);
        using var reader = command.ExecuteReader();
        var rows = new List<ReminderEntry>();
        while (reader.Read())
        {
            rows.Add(ReadEntry(reader));
        }

        return new ReminderTableData(rows);
    }

    /// <summary>A command on the open connection with <c>$service</c> bound to this service.</summary>
    private SqliteCommand Command(string sql)
    {
        var command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        return command;
    }

    private void EnsureOpen()
    {
        if (_connection is not null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMs}");
                pragma.ExecuteNonQuery();
                pragma.CommandText = "PRAGMA journal_mode = WAL";
                var mode = pragma.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    LogNotWal(_logger, _path, mode ?? "?");
                }

                pragma.CommandText = "PRAGMA synchronous = FULL";
                pragma.ExecuteNonQuery();
            }

            var version = SqliteReminderSchema.Ensure(connection, _path);
            _connection = connection;
            LogOpened(_logger, _path, _serviceId, version);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void CloseConnection()
    {
        var connection = _connection;
        _connection = null;
        connection?.Dispose();
    }

    [LoggerMessage(1, LogLevel.Information, "SQLite reminder table opened in {Path} for service {ServiceId} (schema version {SchemaVersion})")]
    private static partial void LogOpened(ILogger logger, string path, string serviceId, long schemaVersion);

    [LoggerMessage(2, LogLevel.Warning, "SQLite refused journal_mode=WAL for the reminder table in {Path} (mode is {Mode}); reminder writes will block event store readers")]
    private static partial void LogNotWal(ILogger logger, string path, string mode);
}
