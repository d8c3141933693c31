using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Training.Silo.Tests;

/// <summary>A test grain that tells which silo it lives on; placed at random so that a cluster spreads them.</summary>
public interface ISiloProbeGrain : IGrainWithIntegerKey
{
    /// <summary>The silo-to-silo port of the silo holding this activation.</summary>
    Task<int> SiloPort();
}

[RandomPlacement]
public sealed class SiloProbeGrain(ILocalSiloDetails silo) : Grain, ISiloProbeGrain
{
    public Task<int> SiloPort() => Task.FromResult(silo.SiloAddress.Endpoint.Port);
}
