using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Training.EventStore.Postgres;

namespace Training.Cluster;

/// <summary>
/// The storage and clustering modes a process runs in, read from configuration (<c>Storage</c>, <c>Storage:Postgres</c>,
/// <c>Clustering</c>, <c>Orleans</c>), and the rules that refuse combinations that cannot work.
/// </summary>
public sealed class TrainingModes
{
    /// <summary>Takes the settings as they are; <see cref="Validate"/> judges them.</summary>
    public TrainingModes(StorageOptions storage, ClusteringOptions clustering, TrainingClusterOptions cluster, PostgresEventStoreOptions postgres)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(clustering);
        Storage = storage.Provider;
        Clustering = clustering.Provider;
        Cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        Postgres = postgres ?? throw new ArgumentNullException(nameof(postgres));
    }

    public StorageProvider Storage { get; }

    public ClusteringProvider Clustering { get; }

    /// <summary>Cluster identity and endpoints (<c>Orleans</c>).</summary>
    public TrainingClusterOptions Cluster { get; }

    /// <summary>The PostgreSQL database and schema (<c>Storage:Postgres</c>): events, and the membership and reminder tables.</summary>
    public PostgresEventStoreOptions Postgres { get; }

    /// <summary>Whether this process needs the PostgreSQL database at all.</summary>
    public bool UsesPostgres => Storage == StorageProvider.Postgres || Clustering == ClusteringProvider.Postgres;

    /// <summary>Reads the modes of a silo and refuses invalid ones.</summary>
    /// <exception cref="OptionsValidationException">Every reason the configuration cannot work, one per line.</exception>
    public static TrainingModes ForSilo(IConfiguration configuration) => ReadValid(configuration, silo: true);

    /// <summary>Reads the modes of an Orleans client (a gateway) and refuses invalid ones; <c>Storage:Provider</c> does not matter to it.</summary>
    /// <exception cref="OptionsValidationException">Every reason the configuration cannot work, one per line.</exception>
    public static TrainingModes ForClient(IConfiguration configuration) => ReadValid(configuration, silo: false);

    /// <summary>
    /// What is wrong with these settings for a silo (<paramref name="silo"/>) or a client; empty when they can work.
    /// </summary>
    public IReadOnlyList<string> Validate(bool silo)
    {
        var failures = new List<string>();
        var clusterPostgres = Clustering == ClusteringProvider.Postgres;
        if (silo && clusterPostgres && Storage != StorageProvider.Postgres)
        {
            failures.Add(
                "Clustering:Provider=Postgres needs Storage:Provider=Postgres: with SQLite every silo would keep its own events in its own file, "
                + "and the silos of one cluster would answer from different data. Set Storage:Provider=Postgres (with Storage:Postgres:ConnectionString), "
                + "or keep Clustering:Provider=Localhost for a single silo.");
        }

        if ((silo && Storage == StorageProvider.Postgres) || clusterPostgres)
        {
            ValidatePostgres(failures);
        }

        if (string.IsNullOrWhiteSpace(Cluster.ClusterId) || string.IsNullOrWhiteSpace(Cluster.ServiceId))
        {
            failures.Add("Orleans:ClusterId and Orleans:ServiceId must not be empty.");
        }

        if (silo)
        {
            ValidateSiloEndpoints(failures, clusterPostgres);
        }
        else if (!clusterPostgres && Cluster.GatewayPort is < 1 or > 65535)
        {
            failures.Add(Invariant($"Orleans:GatewayPort is {Cluster.GatewayPort}: a client with localhost clustering connects to the silo's gateway port, 1 to 65535."));
        }

        return failures;
    }

    /// <summary>
    /// Reads and validates the modes of a silo or a client (<see cref="ForSilo"/>, <see cref="ForClient"/>) and registers
    /// <see cref="StorageOptions"/>, <see cref="ClusteringOptions"/>, <see cref="TrainingClusterOptions"/> and
    /// <see cref="PostgresEventStoreOptions"/> bound to their sections, validated together again when the host starts.
    /// </summary>
    internal static TrainingModes Register(IServiceCollection services, IConfiguration configuration, bool silo)
    {
        var modes = ReadValid(configuration, silo);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<TrainingClusterOptions>().Bind(configuration.GetSection(TrainingClusterOptions.Section));
        services.AddOptions<PostgresEventStoreOptions>().Bind(configuration.GetSection(StorageOptions.PostgresSection));
        services.AddOptions<ClusteringOptions>().Bind(configuration.GetSection(ClusteringOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusteringOptions>>(sp => new Validator(
            sp.GetRequiredService<IOptions<StorageOptions>>(),
            sp.GetRequiredService<IOptions<TrainingClusterOptions>>(),
            sp.GetRequiredService<IOptions<PostgresEventStoreOptions>>(),
            silo));
        return modes;
    }

    private static TrainingModes ReadValid(IConfiguration configuration, bool silo)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        TrainingModes modes;
        try
        {
            modes = new TrainingModes(
                Bind<StorageOptions>(configuration, StorageOptions.Section),
                Bind<ClusteringOptions>(configuration, ClusteringOptions.Section),
                Bind<TrainingClusterOptions>(configuration, TrainingClusterOptions.Section),
                Bind<PostgresEventStoreOptions>(configuration, StorageOptions.PostgresSection));
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own message names the key and the value; add what is allowed.
            throw new OptionsValidationException(nameof(TrainingModes), typeof(TrainingModes), [
                $"{ex.Message} Storage:Provider is Sqlite or Postgres; Clustering:Provider is Localhost or Postgres.",
            ]);
        }

        var failures = modes.Validate(silo);
        return failures.Count == 0 ? modes : throw new OptionsValidationException(nameof(TrainingModes), typeof(TrainingModes), failures);
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new() => configuration.GetSection(section).Get<T>() ?? new T();

    private void ValidatePostgres(List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(Postgres.ConnectionString))
        {
            failures.Add(Invariant(
                $"Storage:Provider={Storage}, Clustering:Provider={Clustering}: PostgreSQL needs Storage:Postgres:ConnectionString, an Npgsql connection string such as Host=db1;Port=5432;Username=training;Password=…;Database=training."));
            return;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(Postgres.ConnectionString);
            _ = PostgresSchemaVersions.QuoteSchema(Postgres.Schema);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Storage:Postgres is not usable: {ex.Message}");
        }
    }

    private void ValidateSiloEndpoints(List<string> failures, bool clusterPostgres)
    {
        if (Cluster.SiloPort is < 1 or > 65535 || Cluster.GatewayPort is < 0 or > 65535 || Cluster.SiloPort == Cluster.GatewayPort)
        {
            failures.Add(Invariant(
                $"Orleans:SiloPort ({Cluster.SiloPort}) must be 1 to 65535 and Orleans:GatewayPort ({Cluster.GatewayPort}) 0 to 65535 (0: no gateway), and they must differ."));
        }

        if (!clusterPostgres)
        {
            return;
        }

        if (!IPAddress.TryParse(Cluster.AdvertisedIPAddress, out var advertised))
        {
            failures.Add(
                "Clustering:Provider=Postgres needs Orleans:AdvertisedIPAddress, the IP address other silos and gateways reach this silo at "
                + $"(e.g. 10.0.0.11; it is recorded in the membership table), not '{Cluster.AdvertisedIPAddress}'.");
        }
        else if (advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any) || advertised.Equals(IPAddress.None))
        {
            failures.Add(
                $"Orleans:AdvertisedIPAddress is {advertised}, which no other machine can reach: give this machine's own address, "
                + "and set Orleans:ListenOnAnyHostAddress=true to listen on all of its interfaces.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The start-time check of the options pattern: the same rules as <see cref="Validate"/>.</summary>
    private sealed class Validator(
        IOptions<StorageOptions> storage, IOptions<TrainingClusterOptions> cluster, IOptions<PostgresEventStoreOptions> postgres, bool silo)
        : IValidateOptions<ClusteringOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClusteringOptions options)
        {
            var failures = new TrainingModes(storage.Value, options, cluster.Value, postgres.Value).Validate(silo);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
