using System.Diagnostics;
using System.Net;

namespace Training.Cluster.Tests;

/// <summary>The stateless gateway on its own: started before any silo, then joined by one.</summary>
public sealed class GatewayTests
{
    [Fact]
    public async Task A_gateway_is_unhealthy_and_answers_Unavailable_until_a_silo_joins_serves_the_API_with_its_security_and_recovers_after_losing_every_silo()
    {
        await using var cluster = await TestCluster.CreateAsync();
        var gateway = await cluster.StartGatewayAsync(waitUntilHealthy: false);
        using var channel = gateway.Channel(cluster.OperatorToken);
        var organization = new OrganizationService.OrganizationServiceClient(channel);

        var clock = Stopwatch.StartNew();
        while (await gateway.HealthAsync() is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the gateway did not listen within 60 s:\n{gateway.Output}");
            await Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await gateway.HealthAsync());
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await organization.ListRegionsAsync(new ListRegionsRequest(), deadline: DateTime.UtcNow.AddSeconds(20)));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);

        var silo = await cluster.StartSiloAsync();
        await WaitForHealthAsync(gateway, cluster, HttpStatusCode.OK, "the silo's start");

        // The same API as the silo's, with the same authentication and authorization.
        var created = await organization.CreateRegionAsync(new CreateRegionRequest { RegionId = "gw-region", Region = new Region { DisplayName = "山东省" }, RequestId = "gw-1" });
        Assert.Equal("regions/gw-region", created.Name);
        using var anonymous = Grpc.Net.Client.GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{gateway.GrpcPort}"));
        var unauthenticated = await Assert.ThrowsAsync<RpcException>(async () => await new OrganizationService.OrganizationServiceClient(anonymous).ListRegionsAsync(new ListRegionsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);

        // Its only silo dies: unhealthy, Unavailable at once; a new silo joins: healthy again, the data there.
        await silo.KillAsync();
        await WaitForHealthAsync(gateway, cluster, HttpStatusCode.ServiceUnavailable, "the kill");
        var lost = await Assert.ThrowsAsync<RpcException>(async () => await organization.GetRegionAsync(new GetRegionRequest { Name = created.Name }, deadline: DateTime.UtcNow.AddSeconds(20)));
        Assert.Equal(StatusCode.Unavailable, lost.StatusCode);
        await cluster.StartSiloAsync();
        await WaitForHealthAsync(gateway, cluster, HttpStatusCode.OK, "the new silo's start");
        Assert.Equal(created, await organization.GetRegionAsync(new GetRegionRequest { Name = created.Name }));
    }

    private static async Task WaitForHealthAsync(ClusterProcess gateway, TestCluster cluster, HttpStatusCode expected, string after)
    {
        var clock = Stopwatch.StartNew();
        while (await gateway.HealthAsync() != expected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the gateway's health was not {expected} within 60 s of {after}:\n{cluster.Outputs()}");
            await Task.Delay(200);
        }
    }
}
