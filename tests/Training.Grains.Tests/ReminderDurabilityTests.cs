using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Training.EventStore.Sqlite;
using Training.Reminders.Sqlite;

namespace Training.Grains.Tests;

/// <summary>Reminders are durable schedules: one registered before a restart fires after it, with nobody calling the grain.</summary>
public sealed class ReminderDurabilityTests
{
    private static readonly TimeSpan Period = TrainingCluster.MinimumReminderPeriod;

    [Fact]
    public async Task A_reminder_registered_before_a_restart_activates_its_grain_after_the_restart()
    {
        var key = Guid.NewGuid().ToString("N");
        var cluster = await TrainingCluster.StartAsync();
        var folder = cluster.DataDirectory;
        var probe = cluster.Grains.GetGrain<IReminderProbeGrain>(key);
        var grainId = probe.GetGrainId();
        await probe.Arm(dueTime: TimeSpan.FromSeconds(2), Period);
        await cluster.StopAsync();
        var stoppedAt = DateTimeOffset.UtcNow;

        using (var table = OpenTable(folder))
        {
            var row = await table.ReadRow(grainId, ReminderProbeGrain.ReminderName);
            Assert.NotNull(row);
            Assert.Equal(Period, row.Period);
        }

        await using var restarted = await TrainingCluster.StartAsync(folder);

        // Nothing calls the probe in the new cluster: only the reminder service, having read the table, can
        // activate it. It keeps ticking with its period.
        var ticks = await ReminderProbeGrain.WaitForTicksAsync(key, after: stoppedAt, count: 2, TimeSpan.FromSeconds(30));
        Assert.All(ticks, t => Assert.Equal(ReminderProbeGrain.ReminderName, t.Reminder));
        Assert.True(ticks[1].At - ticks[0].At >= Period * 0.5, $"ticks {ticks[0].At:O} and {ticks[1].At:O} are closer than the period {Period}");

        // Unregistering through Orleans removes the row (by its etag) from the file.
        await restarted.Grains.GetGrain<IReminderProbeGrain>(key).Disarm();
        using (var table = OpenTable(folder))
        {
            Assert.Null(await table.ReadRow(grainId, ReminderProbeGrain.ReminderName));
        }
    }

    private static SqliteReminderTable OpenTable(string folder) => new(
        Options.Create(new ClusterOptions { ServiceId = TrainingCluster.ServiceId }),
        Options.Create(new SqliteEventStoreOptions { DataDirectory = folder }),
        NullLogger<SqliteReminderTable>.Instance);
}
