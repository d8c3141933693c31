using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Training.EventStore.Sqlite;
using Training.Grains.EventSourcing;
using Training.Reminders.Sqlite;

namespace Training.Grains.Tests;

/// <summary>
/// An Orleans test cluster of one silo whose grains keep their events and reminders in a real SQLite
/// file in a folder of the test's choosing, so a test can stop the cluster and start a new one on the
/// same data. Reminders use the production table (<see cref="SqliteReminderTable"/>); only their
/// minimum period is lowered to <see cref="MinimumReminderPeriod"/> so that tests can wait for ticks.
/// </summary>
public sealed class TrainingCluster : IAsyncDisposable
{
    private const string DataDirectoryKey = "Training:DataDirectory";
    private const string SnapshotIntervalKey = "EventSourcing:SnapshotInterval";

    /// <summary>
    /// Every cluster is the same service (Orleans' test builder would pick a random one): reminders are keyed by
    /// service id, and a cluster restarted on a data folder must find the reminders of the one before it.
    /// </summary>
    public const string ServiceId = "training-tests";

    /// <summary>The shortest reminder period grains may register in test clusters (production keeps Orleans' one minute).</summary>
    public static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromSeconds(1);

    private TrainingCluster(TestCluster cluster, string dataDirectory)
    {
        Cluster = cluster;
        DataDirectory = dataDirectory;
    }

    public TestCluster Cluster { get; }

    public string DataDirectory { get; }

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The grains' clock (the system clock plus a shift a test may advance); Orleans itself keeps the system clock.</summary>
    public ShiftedClock Clock => Clocks.GetOrAdd(DataDirectory, _ => new ShiftedClock());

    /// <summary>Starts a one-silo cluster on <paramref name="dataDirectory"/> (a new temp folder when null).</summary>
    public static async Task<TrainingCluster> StartAsync(string? dataDirectory = null, int snapshotInterval = 100)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "training-grains-" + Guid.NewGuid().ToString("N"));
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.Properties[DataDirectoryKey] = dataDirectory;
        builder.Properties[SnapshotIntervalKey] = snapshotInterval.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TrainingCluster(cluster, dataDirectory);
    }

    /// <summary>Stops the silo (its store is closed) and keeps the data folder.</summary>
    public async Task StopAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up with the temp folder.
        }
    }

    /// <summary>The grains' clock of each cluster, by data folder (a restarted cluster keeps its clock).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ShiftedClock> Clocks = new(StringComparer.Ordinal);

    /// <summary>The system clock shifted by <see cref="Shift"/>: lets a test see a time limit pass without waiting.</summary>
    public sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            var dataDirectory = configuration[DataDirectoryKey] ?? throw new InvalidOperationException("no data directory");
            siloBuilder.AddCustomStorageBasedLogConsistencyProvider(EventStoreLogConsistency.ProviderName);
            siloBuilder.Services.AddSqliteEventStore(o => o.DataDirectory = dataDirectory);
            siloBuilder.UseSqliteReminderService();
            siloBuilder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = MinimumReminderPeriod);
            siloBuilder.Services.Configure<Training.Grains.Results.FollowUpOptions>(o => o.CheckPeriod = MinimumReminderPeriod);
            siloBuilder.Services.Configure<EventSourcingOptions>(o => o.SnapshotInterval = int.Parse(configuration[SnapshotIntervalKey] ?? "100", System.Globalization.CultureInfo.InvariantCulture));
            siloBuilder.Services.AddSingleton(TimeProvider.System);
            var clock = Clocks.GetOrAdd(dataDirectory, _ => new ShiftedClock());
            siloBuilder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EventSourcingServices>(sp, (TimeProvider)clock));
        }
    }
}
