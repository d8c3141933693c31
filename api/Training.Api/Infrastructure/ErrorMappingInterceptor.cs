using Google.Rpc;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Training.EventStore;

namespace Training.Api.Infrastructure;

/// <summary>
/// Maps what grains and the runtime throw to the error model of DESIGN.md: a domain refusal
/// (<see cref="TrainingException"/>) to its status with google.rpc details; storage or silo
/// trouble to Unavailable (retryable). Anything else is a bug: Internal, logged, without details.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        // The caller's own cancellation is Cancelled; any other cancellation is the cluster's (see ToStatus).
        var status = e is OperationCanceledException && context.CancellationToken.IsCancellationRequested ? null : ToStatus(e);
        if (status is null)
        {
            if (context.CancellationToken.IsCancellationRequested)
            {
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
            }

            LogUnexpected(logger, e, context.Method);
            return new RpcException(new Grpc.Core.Status(StatusCode.Internal, "An unexpected error occurred; it has been logged."));
        }

        if (status.Code == (int)Code.Unavailable)
        {
            LogUnavailable(logger, context.Method, e.Message);
        }

        return status.ToRpcException();
    }

    /// <summary>The google.rpc.Status for a known exception; null for a bug.</summary>
    public static Google.Rpc.Status? ToStatus(Exception e) => e switch
    {
        TrainingException t => FromDomain(t),
        EventStoreUnavailableException => Unavailable("Storage is unavailable; retry with the same request_id."),
        TimeoutException => Unavailable("The request timed out inside the cluster; retry with the same request_id."),
        SiloUnavailableException => Unavailable("A silo became unavailable; retry with the same request_id."),
        OrleansMessageRejectionException => Unavailable("The cluster rejected the request while changing membership; retry with the same request_id."),
        GatewayTooBusyException => Unavailable("The cluster gateway is too busy; retry with the same request_id."),
        ConnectionFailedException => Unavailable("The connection to a silo failed (it may have stopped); retry with the same request_id."),
        // Not the caller's: Orleans gave up on an activation that could not complete in time (e.g. a grain whose
        // state could not be read while the database was down), or a silo shutting down cancelled the work.
        OperationCanceledException => Unavailable("The cluster could not complete the request in time (a grain could not be activated); retry with the same request_id."),
        AggregateException { InnerExceptions.Count: 1 } a => ToStatus(a.InnerExceptions[0]),
        _ => null,
    };

    private static Google.Rpc.Status Unavailable(string message) => new()
    {
        Code = (int)Code.Unavailable,
        Message = message,
        Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(200)) }) },
    };

    private static Google.Rpc.Status FromDomain(TrainingException t)
    {
        // Domain messages may quote resource names and values: keep errors small whatever was sent.
        var status = new Google.Rpc.Status { Message = Validator.Excerpt(t.Message, 1000) };
        switch (t.Kind)
        {
            case ErrorKind.InvalidArgument:
                status.Code = (int)Code.InvalidArgument;
                var badRequest = new BadRequest();
                foreach (var v in t.Violations)
                {
                    badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description });
                }

                status.Details.Add(Any.Pack(badRequest));
                break;
            case ErrorKind.NotFound:
                status.Code = (int)Code.NotFound;
                status.Details.Add(Any.Pack(new ResourceInfo { ResourceName = t.Subject ?? string.Empty, Description = t.Message }));
                break;
            case ErrorKind.AlreadyExists:
                status.Code = (int)Code.AlreadyExists;
                status.Details.Add(Any.Pack(new ResourceInfo { ResourceName = t.Subject ?? string.Empty, Description = t.Message }));
                break;
            case ErrorKind.FailedPrecondition:
                return StatusMapping.PreconditionFailed("STATE", t.Subject ?? string.Empty, t.Message);
            case ErrorKind.Aborted:
                status.Code = (int)Code.Aborted;
                status.Details.Add(Any.Pack(new ErrorInfo { Reason = "CONCURRENT_MODIFICATION", Domain = "training.v1", Metadata = { ["resource"] = t.Subject ?? string.Empty } }));
                break;
            case ErrorKind.PermissionDenied:
                // A domain rule about who may act (e.g. only a stage's examiners grade it), beyond the policy table's scopes.
                status.Code = (int)Code.PermissionDenied;
                status.Details.Add(Any.Pack(new ErrorInfo { Reason = "NOT_PERMITTED_BY_RULE", Domain = "training.v1", Metadata = { ["resource"] = t.Subject ?? string.Empty } }));
                break;
            default:
                return Unavailable(t.Message);
        }

        return status;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} answered Unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string reason);
}
