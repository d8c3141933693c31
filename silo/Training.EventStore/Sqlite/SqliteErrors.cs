using Microsoft.Data.Sqlite;

namespace Training.EventStore.Sqlite;

/// <summary>Sorts SQLite errors into storage failures (retryable, the store is unavailable) and the rest.</summary>
internal static class SqliteErrors
{
    // Primary result codes, https://www.sqlite.org/rescode.html
    private const int Busy = 5;
    private const int Locked = 6;
    private const int NoMem = 7;
    private const int ReadOnly = 8;
    private const int Interrupt = 9;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;
    private const int Constraint = 19;
    private const int NoLfs = 22;
    private const int NotADb = 26;

    /// <summary>The disk, the file or the lock failed: not the statement's fault, and worth retrying later.</summary>
    public static bool IsStorageFailure(SqliteException exception)
        => (exception.SqliteErrorCode & 0xFF) is Busy or Locked or NoMem or ReadOnly or Interrupt or IoErr or Corrupt
            or Full or CantOpen or Protocol or NoLfs or NotADb;

    /// <summary>A constraint (e.g. UNIQUE(stream_id, version)) refused a row.</summary>
    public static bool IsConstraintViolation(SqliteException exception)
        => (exception.SqliteErrorCode & 0xFF) == Constraint;
}
