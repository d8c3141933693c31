using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Training.EventStore;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace Training.Api.Tests;

/// <summary>What grains and the Orleans runtime throw becomes a status a caller can act on: trouble in the cluster is Unavailable (retryable), a bug Internal.</summary>
public sealed class ErrorMappingTests
{
    private static readonly ErrorMappingInterceptor Interceptor = new(NullLogger<ErrorMappingInterceptor>.Instance);

    public static TheoryData<string> ClusterTrouble => new()
    {
        nameof(EventStoreUnavailableException),
        nameof(TimeoutException),
        nameof(SiloUnavailableException),
        nameof(ConnectionFailedException),
        nameof(OperationCanceledException),
        nameof(AggregateException),
    };

    [Theory]
    [MemberData(nameof(ClusterTrouble))]
    public async Task Trouble_in_the_cluster_or_its_storage_is_Unavailable_with_a_retry_delay(string kind)
    {
        Exception thrown = kind switch
        {
            nameof(EventStoreUnavailableException) => new EventStoreUnavailableException("the store did not answer"),
            nameof(TimeoutException) => new TimeoutException("Response did not arrive on time"),
            nameof(SiloUnavailableException) => new SiloUnavailableException("the silo died"),
            // What a gateway's Orleans client throws for a silo that just died.
            nameof(ConnectionFailedException) => new ConnectionFailedException("Unable to connect to S127.0.0.1:30000:0"),
            // What Orleans throws when it gives up on an activation that could not read its state (not the caller's cancellation).
            nameof(OperationCanceledException) => new TaskCanceledException("A task was canceled."),
            _ => new AggregateException(new SiloUnavailableException("the silo died")),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => Interceptor.UnaryServerHandler<Empty, Empty>(new Empty(), TestCallContext.Create(), (_, _) => throw thrown));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.NotNull(refused.GetRpcStatus()?.GetDetail<RetryInfo>());
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_Cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => Interceptor.UnaryServerHandler<Empty, Empty>(
            new Empty(), TestCallContext.Create(cancellationToken: cancelled.Token), (_, _) => throw new OperationCanceledException(cancelled.Token)));

        Assert.Equal(StatusCode.Cancelled, refused.StatusCode);
    }

    [Fact]
    public async Task Anything_else_is_a_bug_Internal_without_details()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => Interceptor.UnaryServerHandler<Empty, Empty>(
            new Empty(), TestCallContext.Create(), (_, _) => throw new InvalidOperationException("a bug with a secret in it")));

        Assert.Equal(StatusCode.Internal, refused.StatusCode);
        Assert.DoesNotContain("secret", refused.Status.Detail, StringComparison.Ordinal);
    }
}
