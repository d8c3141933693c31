using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Training.Api.Security;

namespace Training.Benchmarks;

/// <summary>
/// A benchmark-only gRPC service doing no work, served by <see cref="NoopServer"/> and, for the morning rush, by the
/// benchmark's training host too (<see cref="BenchHost"/>: its own Kestrel endpoint, middleware and interceptors, under
/// the host rows of <see cref="HostRows"/>). It gives the transport ceilings the API's figures are compared with:
/// <see cref="Ping"/> is an empty unary call (no grain call, no storage); <see cref="DevicePing"/> the same call, which
/// the host admits only with a kiosk's device token (so its authentication and credential check run); <see cref="Swallow"/>
/// receives and parses a full <see cref="BatchCreateStaffMembersRequest"/> and drops it (the
/// transport and protobuf cost of a batch, nothing else).
/// Bound by hand (no .proto) so that <see cref="Swallow"/> takes the contract's own message; shaped like
/// generated code (gRPC binds the overrides of the base's virtual methods).
/// </summary>
internal sealed class NoopService : NoopServiceBase
{
    private static readonly Empty EmptyReply = new();

    public override Task<Empty> Ping(Empty request, ServerCallContext context) => Task.FromResult(EmptyReply);

    public override Task<Empty> DevicePing(Empty request, ServerCallContext context) => Task.FromResult(EmptyReply);

    public override Task<Empty> Swallow(BatchCreateStaffMembersRequest request, ServerCallContext context) => Task.FromResult(EmptyReply);

    /// <summary>
    /// The training host's policy rows for this service (the contract's table has none; the host refuses a method without
    /// a row): <see cref="Ping"/> open like health, <see cref="DevicePing"/> for the kiosk role only, anywhere (no
    /// resource to place). <see cref="Swallow"/> gets none: refused.
    /// </summary>
    public static PolicyRow[] HostRows { get; } =
    [
        new(PingMethod.FullName, OperationKind.Health, new Dictionary<string, ScopeRule>()) { AllowAnonymous = true },
        new(DevicePingMethod.FullName, OperationKind.Read, new Dictionary<string, ScopeRule> { [Roles.Kiosk] = ScopeRule.Anywhere }),
    ];
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

    public static Method<Empty, Empty> DevicePingMethod { get; } = new(MethodType.Unary, ServiceName, nameof(DevicePing), EmptyMarshaller, EmptyMarshaller);

    public static Method<BatchCreateStaffMembersRequest, Empty> SwallowMethod { get; } =
        new(MethodType.Unary, ServiceName, nameof(Swallow), BatchMarshaller, EmptyMarshaller);

    public static void BindService(ServiceBinderBase binder, NoopServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(PingMethod, service is null ? null : service.Ping);
        binder.AddMethod(DevicePingMethod, service is null ? null : service.DevicePing);
        binder.AddMethod(SwallowMethod, service is null ? null : service.Swallow);
    }

    public virtual Task<Empty> Ping(Empty request, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));

    public virtual Task<Empty> DevicePing(Empty request, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));

    public virtual Task<Empty> Swallow(BatchCreateStaffMembersRequest request, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));
}
