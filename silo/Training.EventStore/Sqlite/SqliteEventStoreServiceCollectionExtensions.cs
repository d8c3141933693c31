using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Training.EventStore.Sqlite;

/// <summary>Registers the embedded SQLite event store.</summary>
public static class SqliteEventStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteEventStore"/> as a singleton, also as <see cref="IEventStore"/>, configured from
    /// <see cref="SqliteEventStoreOptions"/> (bind more with <c>services.Configure&lt;SqliteEventStoreOptions&gt;(section)</c>),
    /// and a hosted service that opens it at start-up so that a bad data folder or a newer schema stops the host
    /// early. (Should anything call the store before that, it opens on first use.) The container disposes it
    /// on shutdown, after the hosted services (the silo) have stopped.
    /// </summary>
    public static IServiceCollection AddSqliteEventStore(this IServiceCollection services, Action<SqliteEventStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SqliteEventStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp => new SqliteEventStore(
            sp.GetRequiredService<IOptions<SqliteEventStoreOptions>>().Value,
            sp.GetService<ILogger<SqliteEventStore>>() ?? NullLogger<SqliteEventStore>.Instance,
            sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteEventStoreInitializer>(
            sp => new SqliteEventStoreInitializer(sp.GetRequiredService<SqliteEventStore>())));
        return services;
    }

    private sealed class SqliteEventStoreInitializer(SqliteEventStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
