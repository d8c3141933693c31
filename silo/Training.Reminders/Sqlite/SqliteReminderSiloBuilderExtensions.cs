using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Training.EventStore.Sqlite;

namespace Training.Reminders.Sqlite;

/// <summary>Registers durable Orleans reminders on the embedded SQLite store.</summary>
public static class SqliteReminderSiloBuilderExtensions
{
    /// <summary>
    /// Adds Orleans' reminder service (<c>AddReminders</c>) with <see cref="SqliteReminderTable"/> as its
    /// <see cref="IReminderTable"/>: reminders are kept in the event store's file (the data folder of
    /// <see cref="SqliteEventStoreOptions"/>, so register the store with <c>AddSqliteEventStore</c> too), keyed by
    /// the cluster's service id, and survive restarts. Grains then use <c>this.RegisterOrUpdateReminder(…)</c> and
    /// implement <see cref="IRemindable"/>. Tune the service with <c>ReminderOptions</c> (the production default
    /// minimum period is one minute). Calling this twice registers the table once.
    /// </summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReminders();
        var services = builder.Services;
        if (services.Any(service => service.ServiceType == typeof(SqliteReminderTable)))
        {
            return builder;
        }

        services.AddOptions<SqliteEventStoreOptions>();
        services.AddSingleton<SqliteReminderTable>();
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<SqliteReminderTable>());
        return builder;
    }
}
