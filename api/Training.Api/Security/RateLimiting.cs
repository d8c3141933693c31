using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Training.Api.Security;

/// <summary>Per-client request rates (configuration section "RateLimits"): token buckets refilled every second.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sustained requests per second of one client (a user's <c>sub</c> or an integration's <c>client_id</c>).</summary>
    public int PerClientPerSecond { get; set; } = 200;

    /// <summary>Most requests one client may send at once (the bucket's size).</summary>
    public int PerClientBurst { get; set; } = 400;

    /// <summary>Sustained requests per second of one kiosk.</summary>
    public int PerKioskPerSecond { get; set; } = 20;

    /// <summary>Most requests one kiosk may send at once (a morning check-in rush).</summary>
    public int PerKioskBurst { get; set; } = 60;
}

/// <summary>
/// One token bucket per client, partitioned by the kiosk claim, else the client_id, else the subject; callers
/// without a token share a bucket per remote address. Kiosks get the kiosk limits, everyone else the client limits.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public ClientRateLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        ClientLimit = Bucket(o.PerClientPerSecond, o.PerClientBurst);
        KioskLimit = Bucket(o.PerKioskPerSecond, o.PerKioskBurst);
        limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(
            key, k => k.StartsWith("kiosk:", StringComparison.Ordinal) ? KioskLimit : ClientLimit));
    }

    /// <summary>The bucket of every non-kiosk client.</summary>
    public TokenBucketRateLimiterOptions ClientLimit { get; }

    /// <summary>The bucket of every kiosk.</summary>
    public TokenBucketRateLimiterOptions KioskLimit { get; }

    /// <summary>The partition key of a caller: <c>kiosk:…</c>, <c>client:…</c>, <c>sub:…</c>, or <c>peer:{address}</c> without a token.</summary>
    public static string PartitionOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var caller = Caller.Of(http);
        return caller switch
        {
            { IsAuthenticated: true, Kiosk: { } kiosk } => "kiosk:" + kiosk,
            { IsAuthenticated: true, ClientId: { } client } => "client:" + client,
            { IsAuthenticated: true } => "sub:" + caller.Subject,
            _ => "peer:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
        };
    }

    /// <summary>Takes one request from the caller's bucket; throws ResourceExhausted (RetryInfo, QuotaFailure) when it is empty.</summary>
    public void Acquire(HttpContext http)
    {
        var key = PartitionOf(http);
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return;
        }

        var bucket = key.StartsWith("kiosk:", StringComparison.Ordinal) ? KioskLimit : ClientLimit;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : bucket.ReplenishmentPeriod;
        var limit = string.Create(CultureInfo.InvariantCulture, $"at most {bucket.TokensPerPeriod} requests per second (bursts of {bucket.TokenLimit})");
        throw SecurityStatus.RateLimitExceeded(key, limit, retryAfter);
    }

    public void Dispose() => limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokensPerPeriod = Math.Max(1, perSecond),
        TokenLimit = Math.Max(Math.Max(1, perSecond), burst),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Applies <see cref="ClientRateLimiter"/> to every call (gRPC, gRPC-Web, HTTP/JSON) except health checks; a stream
/// counts once, when it starts.
/// </summary>
public sealed class RateLimitInterceptor(ClientRateLimiter limiter) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Acquire(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Acquire(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Acquire(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Acquire(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Acquire(ServerCallContext context)
    {
        if (AuthorizationPolicyTable.Find(context.Method)?.Kind != OperationKind.Health)
        {
            limiter.Acquire(context.GetHttpContext());
        }
    }
}
