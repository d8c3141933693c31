using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Training.EventStore.Postgres;

/// <summary>Registers the PostgreSQL event store.</summary>
public static class PostgresEventStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgresEventStore"/> as a singleton, also as <see cref="IEventStore"/>, configured from
    /// <see cref="PostgresEventStoreOptions"/> (bind more with <c>services.Configure&lt;PostgresEventStoreOptions&gt;(section)</c>),
    /// and a hosted service that opens it at start-up, so that an unreachable database, a missing schema (without
    /// AutoMigrate) or a newer schema stops the host early with a clear message. (Should anything call the store
    /// before that, it opens on first use.) The container disposes it on shutdown, after the hosted services (the
    /// silo) have stopped. The host's <c>migrate</c> command resolves the store and calls
    /// <see cref="PostgresEventStore.MigrateAsync"/> instead of starting.
    /// </summary>
    public static IServiceCollection AddPostgresEventStore(this IServiceCollection services, Action<PostgresEventStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PostgresEventStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp => new PostgresEventStore(
            sp.GetRequiredService<IOptions<PostgresEventStoreOptions>>().Value,
            sp.GetService<ILogger<PostgresEventStore>>() ?? NullLogger<PostgresEventStore>.Instance,
            sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<PostgresEventStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresEventStoreInitializer>(
            sp => new PostgresEventStoreInitializer(sp.GetRequiredService<PostgresEventStore>())));
        return services;
    }

    private sealed class PostgresEventStoreInitializer(PostgresEventStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
