using Microsoft.Extensions.Logging;

namespace Training.EventStore.Sqlite;

internal static partial class SqliteEventStoreLog
{
    [LoggerMessage(1, LogLevel.Information, "SQLite event store opened at {Path} (schema version {SchemaVersion})")]
    public static partial void Opened(ILogger logger, string path, long schemaVersion);

    [LoggerMessage(2, LogLevel.Information, "SQLite event store at {Path} closed")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Warning, "SQLite refused journal_mode=WAL (mode is {Mode}); readers will block the writer")]
    public static partial void NotWal(ILogger logger, string mode);

    [LoggerMessage(4, LogLevel.Error, "Group commit of {Count} commits failed; every caller was told the store is unavailable and nothing was acknowledged")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(5, LogLevel.Warning, "Commit to stream {StreamId} was refused by a constraint and rolled back; reported as a version conflict")]
    public static partial void CommitRejectedByConstraint(ILogger logger, Exception exception, string streamId);

    [LoggerMessage(6, LogLevel.Error, "Commit to stream {StreamId} failed and was rolled back; the other commits of its batch proceed")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string streamId);

    [LoggerMessage(7, LogLevel.Critical, "The SQLite event store writer stopped unexpectedly")]
    public static partial void WriterCrashed(ILogger logger, Exception exception);
}
