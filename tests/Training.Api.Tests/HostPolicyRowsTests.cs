using System.Security.Claims;
using Training.Api.Security;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace Training.Api.Tests;

/// <summary>
/// Rows a host adds for its own (non-contract) services, as the benchmark host does for its empty probe: they decide
/// only methods outside the policy table, and cannot name a contract method.
/// </summary>
public class HostPolicyRowsTests
{
    private const string Center = "regions/sd/counties/zouping/centers/t-town";
    private const string Kiosk = Center + "/kiosks/room-2";
    private const string OpenProbe = "/training.bench.v1.Probe/Ping";
    private const string KioskProbe = "/training.bench.v1.Probe/DevicePing";

    private static readonly HostPolicyRows Probes = new(
    [
        new PolicyRow(OpenProbe, OperationKind.Health, new Dictionary<string, ScopeRule>()) { AllowAnonymous = true },
        new PolicyRow(KioskProbe, OperationKind.Read, new Dictionary<string, ScopeRule> { [Roles.Kiosk] = ScopeRule.Anywhere }),
    ]);

    private static readonly UnaryServerMethod<Empty, Empty> Echo = (request, _) => Task.FromResult(request);

    [Fact]
    public async Task Without_host_rows_a_method_outside_the_table_is_refused_even_to_a_province_wide_admin()
    {
        var interceptor = new AuthorizationInterceptor(new NoLocator(), new FakeKioskCredentials(), HostPolicyRows.None);

        var refused = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new Empty(), TestCallContext.Create(user: Admin(), method: OpenProbe), Echo));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(SecurityStatus.MethodNotInPolicy, refused.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>().Reason);
    }

    [Fact]
    public async Task An_open_host_row_answers_without_a_token()
    {
        var interceptor = new AuthorizationInterceptor(new NoLocator(), new FakeKioskCredentials(), Probes);

        Assert.NotNull(await interceptor.UnaryServerHandler(new Empty(), TestCallContext.Create(method: OpenProbe), Echo));
    }

    [Fact]
    public async Task A_kiosk_host_row_checks_the_device_credential_and_refuses_other_roles()
    {
        var kiosks = new FakeKioskCredentials();
        var interceptor = new AuthorizationInterceptor(new NoLocator(), kiosks, Probes);

        var context = TestCallContext.Create(user: KioskDevice(), method: KioskProbe);
        await interceptor.UnaryServerHandler(new Empty(), context, Echo);
        Assert.Single(kiosks.Checked);
        Assert.Equal(Roles.Kiosk, AuthorizationDecision.Of(context)?.Role);

        var admin = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new Empty(), TestCallContext.Create(user: Admin(), method: KioskProbe), Echo));
        Assert.Equal(StatusCode.PermissionDenied, admin.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new Empty(), TestCallContext.Create(method: KioskProbe), Echo));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("/training.v1.CourseService/ListCourses")]
    [InlineData("/training.v1.CourseService/NotYetInTheContract")]
    [InlineData("/grpc.health.v1.Health/Check")]
    public void A_host_row_cannot_name_a_method_of_the_public_contract(string method) =>
        Assert.Throws<ArgumentException>(() => new HostPolicyRows([new PolicyRow(method, OperationKind.Read, new Dictionary<string, ScopeRule> { [Roles.Kiosk] = ScopeRule.Anywhere })]));

    [Fact]
    public void Two_host_rows_cannot_name_one_method() =>
        Assert.Throws<ArgumentException>(() => new HostPolicyRows(
        [
            new PolicyRow(OpenProbe, OperationKind.Health, new Dictionary<string, ScopeRule>()) { AllowAnonymous = true },
            new PolicyRow(OpenProbe, OperationKind.Read, new Dictionary<string, ScopeRule> { [Roles.Kiosk] = ScopeRule.Anywhere }),
        ]));

    private static ClaimsPrincipal Admin() => Principal((TrainingClaims.Subject, "op"), (TrainingClaims.Role, Roles.RegionAdmin), (TrainingClaims.Region, TrainingClaims.AllRegions));

    private static ClaimsPrincipal KioskDevice() => Principal(
        (TrainingClaims.Subject, Kiosk), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, Center), (TrainingClaims.Kiosk, Kiosk), (TrainingClaims.KioskGeneration, "1"));

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test", TrainingClaims.Subject, TrainingClaims.Role));
}
