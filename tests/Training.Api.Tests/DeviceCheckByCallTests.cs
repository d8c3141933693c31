using System.Security.Claims;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Training.Api.Security;

namespace Training.Api.Tests;

/// <summary>
/// The live check-in's device check is made by the kiosk's grain in the same call as the check-in: the interceptor checks
/// the token's form, asks no kiosk and leaves the check on the call; any other call with a device token, and a check-in
/// the policy refuses, still ask the kiosk first, so a refused token is Unauthenticated before anything else.
/// </summary>
public class DeviceCheckByCallTests
{
    private const string Center = "regions/sd/counties/zouping/centers/t-town";
    private const string Kiosk = Center + "/kiosks/room-2";
    private const string CheckIn = "/training.v1.CheckInService/CheckIn";
    private const string GetCenter = "/training.v1.OrganizationService/GetCenter";

    private static readonly UnaryServerMethod<CheckInRequest, Training.Contracts.V1.CheckInResult> Answered =
        (request, _) => Task.FromResult(new Training.Contracts.V1.CheckInResult { IdempotencyKey = request.Scan.IdempotencyKey });

    [Fact]
    public async Task A_check_in_at_its_own_kiosk_asks_no_kiosk_and_leaves_the_tokens_kiosk_and_generation_on_the_call()
    {
        var kiosks = new FakeKioskCredentials { Standing = KioskCredentialStanding.Revoked };
        var interceptor = new AuthorizationInterceptor(new NoLocator(), kiosks, HostPolicyRows.None);
        var context = TestCallContext.Create(user: Device(Kiosk, generation: "3"), method: CheckIn);

        var result = await interceptor.UnaryServerHandler(Request(Kiosk), context, Answered);

        Assert.Equal("k-1", result.IdempotencyKey);
        Assert.Empty(kiosks.Checked);
        Assert.Equal(new DeviceCheckByCall(Kiosk, 3), DeviceCheckByCall.Of(context.GetHttpContext()));
    }

    [Theory]
    [InlineData(KioskCredentialStanding.Revoked, StatusCode.Unauthenticated, SecurityStatus.KioskRevoked)]
    [InlineData(KioskCredentialStanding.Superseded, StatusCode.Unauthenticated, SecurityStatus.KioskCredentialSuperseded)]
    [InlineData(KioskCredentialStanding.Current, StatusCode.PermissionDenied, SecurityStatus.OutOfScope)]
    public async Task A_check_in_at_another_kiosk_is_refused_after_asking_its_own_kiosk_so_a_refused_token_is_Unauthenticated_first(
        KioskCredentialStanding standing, StatusCode code, string reason)
    {
        var kiosks = new FakeKioskCredentials { Standing = standing };
        var interceptor = new AuthorizationInterceptor(new NoLocator(), kiosks, HostPolicyRows.None);
        var context = TestCallContext.Create(user: Device(Kiosk, generation: "1"), method: CheckIn);

        var refused = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(Request(Center + "/kiosks/room-3"), context, Answered));

        Assert.Equal(code, refused.StatusCode);
        Assert.Equal(reason, refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Single(kiosks.Checked);
        Assert.Null(DeviceCheckByCall.Of(context.GetHttpContext()));
    }

    [Fact]
    public async Task A_device_token_without_a_generation_is_Unauthenticated_at_a_check_in_without_asking_any_kiosk()
    {
        var kiosks = new FakeKioskCredentials { Standing = KioskCredentialStanding.Current };
        var interceptor = new AuthorizationInterceptor(new NoLocator(), kiosks, HostPolicyRows.None);
        var context = TestCallContext.Create(user: Device(Kiosk, generation: null), method: CheckIn);

        var refused = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(Request(Kiosk), context, Answered));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(SecurityStatus.TokenInvalid, refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Empty(kiosks.Checked);
    }

    [Fact]
    public async Task Any_other_call_with_a_device_token_asks_the_kiosk_first_and_leaves_nothing_on_the_call()
    {
        var kiosks = new FakeKioskCredentials { Standing = KioskCredentialStanding.Current };
        var interceptor = new AuthorizationInterceptor(new NoLocator(), kiosks, HostPolicyRows.None);
        var context = TestCallContext.Create(user: Device(Kiosk, generation: "1"), method: GetCenter);

        var center = await interceptor.UnaryServerHandler(new GetCenterRequest { Name = Center }, context, (request, _) => Task.FromResult(new Center { Name = request.Name }));

        Assert.Equal(Center, center.Name);
        Assert.Single(kiosks.Checked);
        Assert.Null(DeviceCheckByCall.Of(context.GetHttpContext()));
    }

    [Theory]
    [InlineData(KioskCredentialStanding.Revoked, SecurityStatus.KioskRevoked)]
    [InlineData(KioskCredentialStanding.Superseded, SecurityStatus.KioskCredentialSuperseded)]
    [InlineData(KioskCredentialStanding.NotRegistered, SecurityStatus.KioskNotRegistered)]
    public async Task The_refusal_of_a_generation_the_kiosk_did_not_take_is_the_interceptors_with_why(KioskCredentialStanding standing, string reason)
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(() => AuthorizationInterceptor.EnsureDeviceCurrent(new FakeKioskCredentials { Standing = standing }, Kiosk, 1));

        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
        var info = refusal.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal((reason, Kiosk), (info?.Reason, info?.Metadata["kiosk"]));
    }

    private static CheckInRequest Request(string kiosk) => new()
    {
        Kiosk = kiosk,
        Scan = new Training.Contracts.V1.KioskScan { CardId = "CARD-1", IdempotencyKey = "k-1", ScanTime = Samples.Time.ToTimestamp() },
    };

    private static ClaimsPrincipal Device(string kiosk, string? generation) => new(new ClaimsIdentity(
        new[] { (TrainingClaims.Subject, kiosk), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, Center), (TrainingClaims.Kiosk, kiosk), (TrainingClaims.KioskGeneration, generation) }
            .Where(c => c.Item2 is not null)
            .Select(c => new Claim(c.Item1, c.Item2!)),
        "test",
        TrainingClaims.Subject,
        TrainingClaims.Role));
}
