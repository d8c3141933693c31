namespace Training.Cluster;

/// <summary>Where events, snapshots, the directory and Orleans reminders are kept.</summary>
public enum StorageProvider
{
    /// <summary>The embedded default: one SQLite file in the data folder (<c>Training:DataDirectory</c>) of one silo.</summary>
    Sqlite,

    /// <summary>One PostgreSQL database shared by every silo (<c>Storage:Postgres</c>).</summary>
    Postgres,
}

/// <summary>How silos (and clients) find each other.</summary>
public enum ClusteringProvider
{
    /// <summary>The embedded default: one silo on loopback, no membership table (Orleans' development clustering).</summary>
    Localhost,

    /// <summary>Orleans' ADO.NET membership table in the PostgreSQL database of <c>Storage:Postgres</c>: any number of silos and gateways.</summary>
    Postgres,
}

/// <summary>Storage settings (configuration section "Storage"); the PostgreSQL ones are <c>Storage:Postgres</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// The section bound to <see cref="Training.EventStore.Postgres.PostgresEventStoreOptions"/>: <c>ConnectionString</c>,
    /// <c>Schema</c>, <c>MaxPoolSize</c>, <c>AutoMigrate</c> and the rest. The membership and reminder tables live in
    /// the same database and schema.
    /// </summary>
    public const string PostgresSection = "Storage:Postgres";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
}

/// <summary>Clustering settings (configuration section "Clustering").</summary>
public sealed class ClusteringOptions
{
    public const string Section = "Clustering";

    public ClusteringProvider Provider { get; set; } = ClusteringProvider.Localhost;
}

/// <summary>
/// The Orleans cluster's identity and this silo's endpoints (configuration section "Orleans"). Orleans itself also
/// reads <c>Orleans:ClusterId</c> and <c>Orleans:ServiceId</c>; the rest are this project's keys, applied to Orleans'
/// <c>EndpointOptions</c>.
/// </summary>
public sealed class TrainingClusterOptions
{
    public const string Section = "Orleans";

    /// <summary>The cluster: silos and clients with the same id form one cluster (the membership table's key).</summary>
    public string ClusterId { get; set; } = "training";

    /// <summary>The service: stays the same across deployments and upgrades (reminders are keyed by it).</summary>
    public string ServiceId { get; set; } = "training";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients (gateways); 0: this silo serves no clients.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at (Orleans' <c>EndpointOptions.AdvertisedIPAddress</c>),
    /// recorded in the membership table. Required with PostgreSQL clustering; with localhost clustering it is loopback.
    /// </summary>
    public string AdvertisedIPAddress { get; set; } = string.Empty;

    /// <summary>
    /// Listen on every address of the machine (0.0.0.0) instead of only <see cref="AdvertisedIPAddress"/>: for hosts
    /// behind NAT or in containers, whose advertised address is not one of their own.
    /// </summary>
    public bool ListenOnAnyHostAddress { get; set; }
}
