using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans;
using Orleans.Runtime;
using Xunit;

namespace Training.Grains.Tests;

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

    /// <summary>
    /// Waits until the probe <paramref name="key"/> has received <paramref name="count"/> ticks after
    /// <paramref name="after"/>; fails the test past <paramref name="timeout"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ProbeTick>> WaitForTicksAsync(string key, DateTimeOffset after, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ticks = Ticks.Where(t => t.Key == key && t.At > after).ToList();
            if (ticks.Count >= count)
            {
                return ticks;
            }

            Assert.True(clock.Elapsed < timeout, $"{ticks.Count} of {count} reminder ticks within {timeout} after the restart");
            await Task.Delay(50);
        }
    }
}
