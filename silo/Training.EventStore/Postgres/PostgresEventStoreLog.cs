using Microsoft.Extensions.Logging;

namespace Training.EventStore.Postgres;

internal static partial class PostgresEventStoreLog
{
    [LoggerMessage(101, LogLevel.Information, "PostgreSQL event store opened on {Database}, schema {Schema} (schema version {SchemaVersion})")]
    public static partial void Opened(ILogger logger, string database, string schema, long schemaVersion);

    [LoggerMessage(102, LogLevel.Information, "PostgreSQL event store on {Database}, schema {Schema} closed")]
    public static partial void Closed(ILogger logger, string database, string schema);

    [LoggerMessage(103, LogLevel.Error, "Group commit of {Count} commits failed; every caller was told the store is unavailable and nothing was acknowledged")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(104, LogLevel.Information, "Group commit of {Count} commits was refused as a whole ({SqlState}); writing them one by one, each in its own savepoint")]
    public static partial void FallingBackToOneByOne(ILogger logger, int count, string sqlState);

    [LoggerMessage(105, LogLevel.Information, "Commit to stream {StreamId} lost a race for its version to another writer and was rolled back; reported as a version conflict")]
    public static partial void CommitLostRace(ILogger logger, string streamId);

    [LoggerMessage(106, LogLevel.Error, "Commit to stream {StreamId} was refused by PostgreSQL and rolled back; the other commits of its batch proceed")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string streamId);

    [LoggerMessage(107, LogLevel.Critical, "The PostgreSQL event store writer stopped unexpectedly")]
    public static partial void WriterCrashed(ILogger logger, Exception exception);

    [LoggerMessage(108, LogLevel.Information, "Event store schema {Schema} on {Database}: created at version {SchemaVersion}")]
    public static partial void SchemaCreated(ILogger logger, string schema, string database, long schemaVersion);

    [LoggerMessage(109, LogLevel.Warning, "PostgreSQL on {Database} runs with {Setting} = {Value}: acknowledged appends may be lost in a crash")]
    public static partial void NotDurable(ILogger logger, string database, string setting, string value);
}
