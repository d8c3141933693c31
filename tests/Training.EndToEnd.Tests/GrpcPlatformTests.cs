using Google.Rpc;
using Grpc.Health.V1;
using Grpc.Net.Client.Web;
using Grpc.Reflection.V1Alpha;

namespace Training.EndToEnd.Tests;

/// <summary>
/// What every gRPC client expects of the host besides the training services: the standard health
/// service, server reflection, and gRPC-Web on the HTTP/1.1 port for browsers and kiosks.
/// </summary>
public sealed class GrpcPlatformTests(SeededHostFixture fixture) : IClassFixture<SeededHostFixture>
{
    private static readonly string[] TrainingServices =
    [
        "training.v1.OrganizationService",
        "training.v1.StaffService",
        "training.v1.CompetencyFrameworkService",
        "training.v1.CourseService",
        "training.v1.QuestionBankService",
        "training.v1.AuditService",
    ];

    private TrainingHostProcess Host => fixture.Host;

    [Fact]
    public async Task The_grpc_health_service_answers_SERVING()
    {
        var health = new Health.HealthClient(Host.Channel);
        var response = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Server_reflection_lists_the_six_training_services_and_describes_them()
    {
        var reflection = new ServerReflection.ServerReflectionClient(Host.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.All(TrainingServices, s => Assert.Contains(s, services));
        Assert.Contains("grpc.health.v1.Health", services);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "training.v1.StaffService" });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.NotEmpty(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task gRPC_Web_on_the_HTTP1_port_serves_unary_calls_and_server_streams(GrpcWebMode mode)
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 2);
        // The port speaks HTTP/1.1 only (see GrpcWebChannelFor); the channel carries the operator's token.
        var web = new StaffService.StaffServiceClient(Host.GrpcWebChannelFor(Host.OperatorToken, mode));

        // Unary: a read and a change, both seen the same over native gRPC.
        var read = await web.GetStaffMemberAsync(new GetStaffMemberRequest { Name = seed.StaffName(1) });
        Assert.Equal(await Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = seed.StaffName(1) }), read);
        var requestId = Seed.RequestId();
        var moved = await web.TransferStaffMemberAsync(new TransferStaffMemberRequest { Name = seed.StaffName(1), ToCenter = seed.OtherCenter, Reason = "支援", RequestId = requestId });
        Assert.Equal(seed.OtherCenter, moved.Center);
        Assert.Equal(moved, await Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = seed.StaffName(1) }));

        // Server stream.
        using var stream = web.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = seed.StaffName(1) });
        var history = await Expect.ReadAll(stream.ResponseStream);
        Assert.Equal([1L, 2L], history.Select(e => e.Version));
        Assert.Equal("staff.transferred.v1", history[1].EventType);
        Assert.Equal(requestId, history[1].RequestId);
        using var native = Host.Staff.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = seed.StaffName(1) });
        Assert.Equal(await Expect.ReadAll(native.ResponseStream), history);

        // Errors keep their status and google.rpc details through gRPC-Web trailers.
        var notFound = await Expect.NotFound(() => web.GetStaffMemberAsync(new GetStaffMemberRequest { Name = "staff/NOBODY-WEB" }).ResponseAsync);
        Assert.Equal("staff/NOBODY-WEB", notFound.ResourceName);
        var bad = await Expect.InvalidArgument("to_center", () => web.TransferStaffMemberAsync(new TransferStaffMemberRequest { Name = seed.StaffName(2), ToCenter = "nowhere", RequestId = Seed.RequestId() }).ResponseAsync);
        Assert.Single(bad.FieldViolations);
        await Expect.NotFound(async () =>
        {
            using var missing = web.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = "staff/NOBODY-WEB" });
            await Expect.ReadAll(missing.ResponseStream);
        });
    }

    [Fact]
    public async Task Status_details_reach_native_gRPC_clients_as_google_rpc_Status()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Host.Staff.EndStaffLeaveAsync(new EndStaffLeaveRequest { Name = fixture.Seed.StaffName(3), RequestId = Seed.RequestId() }).ResponseAsync);
        var status = e.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)Code.FailedPrecondition, status.Code);
        var failure = status.GetDetail<PreconditionFailure>();
        Assert.NotNull(failure);
        Assert.Equal(fixture.Seed.StaffName(3), Assert.Single(failure.Violations).Subject);
    }
}
