using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Training.Grains.Tests;

namespace Training.Silo.Tests;

/// <summary>The host in the regional mode: events, Orleans membership and reminders in PostgreSQL.</summary>
public sealed class PostgresModeTests
{
    [Fact]
    public async Task A_silo_serves_writes_joins_the_membership_table_and_keeps_its_reminders_across_a_restart()
    {
        await using var schema = await TestSchema.CreateMigratedAsync();
        var clusterId = "pg-" + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString("N");
        Region created;
        int firstSiloPort;
        await using (var host = await TrainingHostProcess.StartAsync(null, null, ShortReminderPeriods, schema.SiloArgs(clusterId)))
        {
            firstSiloPort = host.SiloPort;
            created = await host.Organization.CreateRegionAsync(new CreateRegionRequest
            {
                RegionId = "pg-region",
                Region = new Region { DisplayName = "山东省" },
                RequestId = "pg-region-1",
            });
            Assert.Equal("regions/pg-region", created.Name);
            Assert.True(await schema.ScalarAsync("SELECT count(*) FROM {schema}.events WHERE stream_id LIKE '%pg-region%'") > 0, "the region's events are in PostgreSQL");

            Assert.Equal(new[] { (host.SiloPort, TestSchema.Active) }, await schema.MembersAsync(clusterId));

            var probe = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(key);
            await probe.Arm(dueTime: TimeSpan.FromSeconds(1), period: TimeSpan.FromSeconds(1));
            Assert.Equal(1, await schema.ScalarAsync($"SELECT count(*) FROM {{schema}}.reminders WHERE grain_id LIKE '%{key}%'"));
        }

        var stoppedAt = DateTimeOffset.UtcNow;
        Assert.DoesNotContain(await schema.MembersAsync(clusterId), m => m.Status == TestSchema.Active);

        await using var restarted = await TrainingHostProcess.StartAsync(null, null, ShortReminderPeriods, schema.SiloArgs(clusterId));

        // Nothing calls the probe in the new silo: only the reminder service, having read the table, activates it.
        var ticks = await ReminderProbeGrain.WaitForTicksAsync(key, after: stoppedAt, count: 2, TimeSpan.FromSeconds(60));
        Assert.All(ticks, t => Assert.Equal(ReminderProbeGrain.ReminderName, t.Reminder));
        Assert.Equal(created, await restarted.Organization.GetRegionAsync(new GetRegionRequest { Name = created.Name }));
        Assert.Contains((restarted.SiloPort, TestSchema.Active), await schema.MembersAsync(clusterId));
        Assert.NotEqual(firstSiloPort, restarted.SiloPort);

        await restarted.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(key).Disarm();
        Assert.Equal(0, await schema.ScalarAsync($"SELECT count(*) FROM {{schema}}.reminders WHERE grain_id LIKE '%{key}%'"));
    }

    /// <summary>Lets the probe tick every second (production keeps Orleans' one-minute minimum).</summary>
    internal static void ShortReminderPeriods(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)
        => builder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
}
