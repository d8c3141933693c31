using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Training.Gateway;

/// <summary>Unhealthy while the gateway is not connected to the cluster (load balancers then send callers to another gateway).</summary>
public sealed class ClusterConnectionHealthCheck(ClusterConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.Problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());
}

/// <summary>
/// Answers every call with <c>Unavailable</c> (retryable) at once while the gateway is not connected to the cluster,
/// rather than letting it wait for, or fail inside, an Orleans client that cannot reach any silo.
/// </summary>
public sealed class ClusterConnectionInterceptor(ClusterConnection connection) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ThrowIfDisconnected();
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ThrowIfDisconnected();
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ThrowIfDisconnected();
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ThrowIfDisconnected();
        return continuation(requestStream, responseStream, context);
    }

    private void ThrowIfDisconnected()
    {
        if (connection.Problem is { } problem)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, problem + " Retry with the same request_id."));
        }
    }
}
