using Grpc.Health.V1;

namespace Training.Benchmarks;

/// <summary>
/// The transport ceilings every benchmark compares with, measured in its own run: an empty unary call on the bare gRPC
/// server of <see cref="NoopServer"/> (<c>Noop/Ping</c>); the same empty call on the real host's own endpoint and
/// pipeline (<see cref="BenchHost.PingAsync"/>); and the real host's cheapest contract RPC for reference
/// (<c>grpc.health.v1.Health/Check</c>: anonymous, but a grain call and a directory read behind it).
/// </summary>
internal static class EmptyRpc
{
    private static readonly HealthCheckRequest HealthRequest = new();

    /// <summary>Warms the paths up (JIT, connections): 2,000 calls each, 16 at a time.</summary>
    public static async Task WarmUpAsync(NoopServer noop, BenchHost host)
    {
        await Workers.ForAsync(2000, 16, _ => noop.PingAsync());
        await Workers.ForAsync(2000, 16, _ => host.PingAsync());
        await Workers.ForAsync(2000, 16, _ => host.Health.CheckAsync(HealthRequest).ResponseAsync);
    }

    /// <summary><c>Noop/Ping</c> on the bare server, <paramref name="calls"/> calls at <paramref name="concurrency"/>.</summary>
    public static Task<LoadRun> PingAsync(NoopServer noop, int calls, int concurrency) =>
        Measure.ClosedLoopAsync(calls, concurrency, _ => noop.PingAsync());

    /// <summary>The empty call on the real host's own endpoint, without a token, <paramref name="calls"/> calls at <paramref name="concurrency"/>.</summary>
    public static Task<LoadRun> HostPingAsync(BenchHost host, int calls, int concurrency) =>
        Measure.ClosedLoopAsync(calls, concurrency, _ => host.PingAsync());

    /// <summary><c>Health/Check</c> on the real host, <paramref name="calls"/> calls at <paramref name="concurrency"/>.</summary>
    public static Task<LoadRun> HealthAsync(BenchHost host, int calls, int concurrency) =>
        Measure.ClosedLoopAsync(calls, concurrency, _ => host.Health.CheckAsync(HealthRequest).ResponseAsync);
}
