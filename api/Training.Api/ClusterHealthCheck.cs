using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Training.Api;

/// <summary>Healthy when a grain call reaches the cluster and its storage answers.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IDirectoryGrain>(0).ListRegions(new PageRequest(1, null)).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The cluster or its storage does not answer.", e);
        }
    }
}
