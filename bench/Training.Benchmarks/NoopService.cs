using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Training.Benchmarks;

/// <summary>
/// A benchmark-only gRPC service doing no work, served by <see cref="NoopServer"/>. It gives the transport ceilings the
/// API's figures are compared with:
/// <see cref="Ping"/> is an empty unary call (no grain call, no storage); <see cref="Swallow"/>
/// receives and parses a full <see cref="BatchCreateStaffMembersRequest"/> and drops it (the
/// transport and protobuf cost of a batch, nothing else).
/// Bound by hand (no .proto) so that <see cref="Swallow"/> takes the contract's own message; shaped like
/// generated code (gRPC binds the overrides of the base's virtual methods).
/// </summary>
internal sealed class NoopService : NoopServiceBase
{
    private static readonly Empty EmptyReply = new();

    public override Task<Empty> Ping(Empty request, ServerCallContext context) => Task.FromResult(EmptyReply);

    public override Task<Empty> Swallow(BatchCreateStaffMembersRequest request, ServerCallContext context) => Task.FromResult(EmptyReply);
}

/// <summary>The service definition of <see cref="NoopService"/>: its methods and how gRPC binds them.</summary>
[BindServiceMethod(typeof(NoopServiceBase), nameof(BindService))]
internal abstract class NoopServiceBase
{
    private const string ServiceName = "training.bench.v1.Noop";

    private static readonly Marshaller<Empty> EmptyMarshaller = Marshallers.Create(m => m.ToByteArray(), Empty.Parser.ParseFrom);

    private static readonly Marshaller<BatchCreateStaffMembersRequest> BatchMarshaller =
        Marshallers.Create(m => m.ToByteArray(), BatchCreateStaffMembersRequest.Parser.ParseFrom);

    public static Method<Empty, Empty> PingMethod { get; } = new(MethodType.Unary, ServiceName, nameof(Ping), EmptyMarshaller, EmptyMarshaller);

    public static Method<BatchCreateStaffMembersRequest, Empty> SwallowMethod { get; } =
        new(MethodType.Unary, ServiceName, nameof(Swallow), BatchMarshaller, EmptyMarshaller);

    public static void BindService(ServiceBinderBase binder, NoopServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(PingMethod, service is null ? null : service.Ping);
        binder.AddMethod(SwallowMethod, service is null ? null : service.Swallow);
    }

    public virtual Task<Empty> Ping(Empty request, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));

    public virtual Task<Empty> Swallow(BatchCreateStaffMembersRequest request, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));
}
