using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using Training.Cluster;

namespace Training.Silo.Tests;

/// <summary>Silos in the regional mode on different ports form one cluster through the PostgreSQL membership table.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task Two_silos_form_one_cluster_that_a_client_configured_like_a_gateway_reaches()
    {
        await using var schema = await TestSchema.CreateMigratedAsync();
        var clusterId = "pair-" + Guid.NewGuid().ToString("N");
        await using var first = await TrainingHostProcess.StartAsync(null, null, schema.SiloArgs(clusterId));
        await using var second = await TrainingHostProcess.StartAsync(null, null, schema.SiloArgs(clusterId));
        var ports = new[] { first.SiloPort, second.SiloPort }.Order().ToArray();

        await WaitUntilAsync(
            async () => (await schema.MembersAsync(clusterId)).Where(m => m.Status == TestSchema.Active).Select(m => m.Port).Order().SequenceEqual(ports),
            "both silos Active in the membership table");
        foreach (var silo in new[] { first, second })
        {
            var management = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            await WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, "each silo sees two active silos");
        }

        // A call made on the first silo reaches grains activated on the second.
        var grains = first.Services.GetRequiredService<IGrainFactory>();
        var placed = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => grains.GetGrain<ISiloProbeGrain>(i).SiloPort()));
        Assert.Contains(second.SiloPort, placed);
        Assert.Contains(first.SiloPort, placed);

        // A client configured as a stateless gateway will be (UseOrleansClient + TrainingClustering) finds both
        // silos' gateways in the membership table.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. schema.SiloArgs(clusterId), "--Storage:Provider=Sqlite", "--Logging:LogLevel:Default=Warning"],
        });
        builder.UseOrleansClient(client => client.UseTrainingClustering(builder.Configuration));
        using var gateway = builder.Build();
        await gateway.StartAsync();
        try
        {
            var client = gateway.Services.GetRequiredService<IClusterClient>();
            var answered = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetGrain<ISiloProbeGrain>(i).SiloPort()));
            Assert.Equal(placed, answered);
        }
        finally
        {
            await gateway.StopAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"not within 60 s: {what}");
            await Task.Delay(200);
        }
    }
}
