namespace Training.EventStore.Sqlite;

/// <summary>Settings of the embedded SQLite event store (bind from configuration, e.g. <c>EventStore:Sqlite</c>).</summary>
public sealed class SqliteEventStoreOptions
{
    /// <summary>The name of the database file inside <see cref="DataDirectory"/>.</summary>
    public const string FileName = "events.db";

    /// <summary>The folder holding <c>events.db</c> (and its <c>-wal</c>/<c>-shm</c> companions); created if missing.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>At most this many commits share one transaction (group commit).</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// How long the writer lingers for more commits after the first of a batch arrives. Zero (the default)
    /// takes only what is already queued; batches still form naturally while the previous one is being synced.
    /// Whole milliseconds at best.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long a connection waits for a lock held by another connection or process.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), FileName);

    /// <summary>Test hook: runs on every newly opened writer connection, after its pragmas.</summary>
    internal Action<Microsoft.Data.Sqlite.SqliteConnection>? WriterConnectionOpened { get; set; }
}
