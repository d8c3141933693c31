using Orleans;
using Orleans.Runtime;

namespace Training.Gateway;

/// <summary>
/// Whether the gateway's Orleans client is connected to the cluster: started (its connection to the silos' gateways
/// established, which the client retries until it succeeds) and not since left without any gateway. Fed by the client's
/// lifecycle and its connection-status notifications.
/// </summary>
public sealed class ClusterConnection : IClusterConnectionStatusObserver, ILifecycleParticipant<IClusterClientLifecycle>
{
    private volatile bool started;
    private volatile int gateways = -1;

    /// <summary>True while grain calls can reach the cluster.</summary>
    public bool IsConnected => started && gateways != 0;

    /// <summary>The silos' gateways the client is connected to; -1 before the first change is reported.</summary>
    public int Gateways => gateways;

    /// <summary>Why calls cannot reach the cluster now; null when they can.</summary>
    public string? Problem => !started
        ? "The gateway has not connected to the cluster yet (no silo's gateway answered)."
        : gateways == 0 ? "The gateway lost its connection to every silo of the cluster." : null;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        gateways = currentNumberOfGateways;

    public void NotifyClusterConnectionLost() => gateways = 0;

    public void Participate(IClusterClientLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            nameof(ClusterConnection),
            ServiceLifecycleStage.Active,
            _ =>
            {
                started = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                started = false;
                return Task.CompletedTask;
            });
    }
}
