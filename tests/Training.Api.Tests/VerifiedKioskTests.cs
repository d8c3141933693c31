using System.Security.Claims;
using Training.Api.Security;
using KioskState = Training.Grains.KioskState;
using KioskView = Training.Grains.KioskView;

namespace Training.Api.Tests;

/// <summary>
/// The kiosk a device token's credential check answered with stays on the call, for the check-in to use instead of
/// asking the kiosk again; only for that kiosk, and only when the check said current.
/// </summary>
public class VerifiedKioskTests
{
    private const string Center = "regions/sd/counties/zouping/centers/t-town";
    private const string Kiosk = Center + "/kiosks/room-2";
    private const string GetCenter = "/training.v1.OrganizationService/GetCenter";

    private static readonly KioskView View = new(Kiosk, Center, "二楼一号机", "二楼培训室", KioskState.Active, string.Empty, null, 1, 3, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private static readonly UnaryServerMethod<GetCenterRequest, Center> Get = (request, _) => Task.FromResult(new Center { Name = request.Name });

    [Fact]
    public async Task A_current_device_token_leaves_its_kiosk_on_the_call_for_that_kiosk_only()
    {
        var interceptor = new AuthorizationInterceptor(new NoLocator(), new Kiosks(KioskCredentialStanding.Current, View), HostPolicyRows.None);
        var context = TestCallContext.Create(user: Device(), method: GetCenter);

        await interceptor.UnaryServerHandler(new GetCenterRequest { Name = Center }, context, Get);

        Assert.Same(View, VerifiedKiosk.Of(context.GetHttpContext(), Kiosk));
        Assert.Null(VerifiedKiosk.Of(context.GetHttpContext(), Center + "/kiosks/room-3"));
    }

    [Fact]
    public async Task A_refused_device_token_leaves_no_kiosk_on_the_call()
    {
        var interceptor = new AuthorizationInterceptor(new NoLocator(), new Kiosks(KioskCredentialStanding.Revoked, null), HostPolicyRows.None);
        var context = TestCallContext.Create(user: Device(), method: GetCenter);

        var refused = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new GetCenterRequest { Name = Center }, context, Get));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Null(VerifiedKiosk.Of(context.GetHttpContext(), Kiosk));
    }

    private static ClaimsPrincipal Device() => new(new ClaimsIdentity(
        new[] { (TrainingClaims.Subject, Kiosk), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, Center), (TrainingClaims.Kiosk, Kiosk), (TrainingClaims.KioskGeneration, "1") }
            .Select(c => new Claim(c.Item1, c.Item2)),
        "test",
        TrainingClaims.Subject,
        TrainingClaims.Role));

    private sealed class NoLocator : IResourceLocator
    {
        public Task<string?> CenterOfStaff(string staffName) => Task.FromResult<string?>(null);

        public Task<IReadOnlyList<string>> ExaminersOf(string batchName) => Task.FromResult<IReadOnlyList<string>>([]);
    }

    private sealed class Kiosks(KioskCredentialStanding standing, KioskView? view) : IKioskCredentials
    {
        public Task<KioskCredentialStanding> Check(string kioskName, int generation) => Task.FromResult(standing);

        public Task<(KioskCredentialStanding Standing, KioskView? Kiosk)> CheckWithView(string kioskName, int generation) => Task.FromResult((standing, view));
    }
}
