using System.Collections.Concurrent;
using System.Diagnostics;
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
        var ticks = await WaitForTicksAsync(key, after: stoppedAt, count: 2, TimeSpan.FromSeconds(30));
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

    private static async Task<IReadOnlyList<ProbeTick>> WaitForTicksAsync(string key, DateTimeOffset after, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ticks = ReminderProbeGrain.Ticks.Where(t => t.Key == key && t.At > after).ToList();
            if (ticks.Count >= count)
            {
                return ticks;
            }

            Assert.True(clock.Elapsed < timeout, $"{ticks.Count} of {count} reminder ticks within {timeout} after the restart");
            await Task.Delay(50);
        }
    }
}

/// <summary>A test grain that registers one reminder and records each tick.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Arm(TimeSpan dueTime, TimeSpan period);

    Task Disarm();
}

/// <summary>One tick received by a <see cref="ReminderProbeGrain"/>.</summary>
public sealed record ProbeTick(string Key, string Reminder, DateTimeOffset At);

/// <summary>Records its ticks in <see cref="Ticks"/>, which outlives the clusters started by this test process.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public static ConcurrentQueue<ProbeTick> Ticks { get; } = new();

    public async Task Arm(TimeSpan dueTime, TimeSpan period) => await this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public async Task Disarm()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.Enqueue(new ProbeTick(this.GetPrimaryKeyString(), reminderName, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }
}
