namespace Training.EventStore.Postgres;

/// <summary>Settings of the PostgreSQL event store (bind from configuration, e.g. <c>EventStore:Postgres</c>).</summary>
public sealed class PostgresEventStoreOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db1;Port=5432;Username=training;Password=…;Database=training</c>.
    /// <see cref="ConnectTimeout"/>, <see cref="CommandTimeout"/> and <see cref="MaxPoolSize"/> override the same keys in it.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The PostgreSQL schema holding the store's tables (<c>events</c>, <c>snapshots</c>, <c>directory</c>,
    /// <c>schema_version</c>): lower-case letters, digits and underscores, starting with a letter or underscore.
    /// </summary>
    public string Schema { get; set; } = "training";

    /// <summary>At most this many commits share one transaction (group commit).</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// When true, opening the store creates or upgrades its schema (<see cref="PostgresEventStore.MigrateAsync"/>).
    /// When false (the default, for production), opening only checks the schema and refuses a missing, older or
    /// newer one; the host's <c>migrate</c> command creates and upgrades it. A newer schema is refused either way.
    /// </summary>
    public bool AutoMigrate { get; set; }

    /// <summary>
    /// How long opening a connection may take before the store reports itself unavailable (Npgsql <c>Timeout</c>,
    /// whole seconds, at least 1). Short, so that callers fail fast with a retryable error while the database is
    /// down instead of queuing behind a dead server.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one statement (a whole group-commit transaction is one round trip) may run (Npgsql
    /// <c>Command Timeout</c>, whole seconds, at least 1). Schema migration allows itself a minute.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connections this store may hold (Npgsql <c>Maximum Pool Size</c>): one for the group-commit writer, the rest for
    /// reads. With n silos the database needs n × MaxPoolSize connections plus what the cluster membership and
    /// administration use, below PostgreSQL's <c>max_connections</c> (100 by default). See docs/operations.md.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;
}
