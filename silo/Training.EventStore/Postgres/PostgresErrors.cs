using System.Net.Sockets;
using Npgsql;

namespace Training.EventStore.Postgres;

/// <summary>Sorts Npgsql and PostgreSQL errors into storage failures (retryable: the store is unavailable) and the rest.</summary>
internal static class PostgresErrors
{
    /// <summary>unique_violation: e.g. another process committed the same (stream_id, version) first.</summary>
    public const string UniqueViolation = "23505";

    /// <summary>
    /// The database could not be reached or could not do the work right now: connection refused, lost or timed
    /// out, server shutting down or starting, out of disk, memory or connections, I/O error, deadlock or
    /// serialization failure. Not the statement's fault; worth retrying later.
    /// </summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        PostgresException pg => pg.IsTransient
            || pg.SqlState is "40001" or "40P01"                 // serialization failure, deadlock
            || HasClass(pg, "08")                                // connection exception
            || HasClass(pg, "53")                                // insufficient resources (disk full, too many connections)
            || HasClass(pg, "57")                                // operator intervention (shutdown, cannot connect now, statement timeout)
            || HasClass(pg, "58")                                // system error (I/O)
            || HasClass(pg, "XX"),                               // internal error (e.g. data corrupted)
        NpgsqlException => true,                                 // no server answer: socket, timeout, pool exhausted, protocol
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// The server refused one commit's content rather than the storage failing: a data exception (class 22, e.g.
    /// a NUL character in text), an integrity violation (class 23, e.g. a unique violation) or a program limit
    /// (class 54, e.g. a value beyond 1 GB). In a group commit only that commit is refused.
    /// </summary>
    public static bool IsCommitFault(PostgresException exception)
        => HasClass(exception, "22") || HasClass(exception, "23") || HasClass(exception, "54");

    private static bool HasClass(PostgresException exception, string errorClass)
        => exception.SqlState.StartsWith(errorClass, StringComparison.Ordinal);
}
