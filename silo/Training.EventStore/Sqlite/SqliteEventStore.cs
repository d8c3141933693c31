namespace Training.EventStore.Sqlite;

/// <summary>Placeholder until the SQLite store lands.</summary>
public sealed class SqliteEventStore
{
}
