using System.Net;
using System.Text;
using System.Text.Json;
using Google.Rpc;
using Microsoft.IdentityModel.JsonWebTokens;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Training-room kiosks end to end: a centre manager registers a kiosk and gets its device token once; the token reads
/// its own centre, itself and the catalogue and nothing else; revoking the kiosk or issuing it a new credential refuses
/// the old token on the very next call, over gRPC, gRPC-Web and HTTP/JSON alike. One seeded host: T town and Han Dian.
/// </summary>
public sealed class KioskTests(SeededHostFixture fixture) : IClassFixture<SeededHostFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    private Seed Seed => fixture.Seed;

    [Fact]
    public async Task A_centre_manager_registers_a_kiosk_and_gets_its_device_token_once()
    {
        var manager = Kiosks(Host.TokenAs("wang.manager", Roles.CenterManager, Seed.Center));
        var id = KioskId();

        var kiosk = await manager.RegisterKioskAsync(new RegisterKioskRequest
        {
            Parent = Seed.Center,
            KioskId = id,
            Kiosk = new Kiosk { DisplayName = "二楼培训室一号机", Room = "二楼培训室" },
            RequestId = Seed.RequestId(),
        });

        Assert.Equal(($"{Seed.Center}/kiosks/{id}", Seed.Center, "二楼培训室", KioskState.Active, 1), (kiosk.Name, kiosk.Center, kiosk.Room, kiosk.State, kiosk.CredentialGeneration));
        Assert.Equal("\"2\"", kiosk.Etag);
        var token = new JsonWebToken(kiosk.DeviceToken);
        Assert.Equal(kiosk.Name, token.Subject);
        Assert.Equal(Roles.Kiosk, token.GetClaim(TrainingClaims.Role).Value);
        Assert.Equal(kiosk.Name, token.GetClaim(TrainingClaims.Kiosk).Value);
        Assert.Equal(Seed.Center, token.GetClaim(TrainingClaims.Center).Value);
        Assert.Equal("二楼培训室", token.GetClaim(TrainingClaims.Room).Value);
        Assert.Equal(1, token.GetPayloadValue<int>(TrainingClaims.KioskGeneration));
        Assert.InRange(token.ValidTo - DateTime.UtcNow, TimeSpan.FromDays(364), TimeSpan.FromDays(366));

        // Never readable again: not by Get, not in the list.
        var read = await manager.GetKioskAsync(new GetKioskRequest { Name = kiosk.Name });
        var withoutToken = kiosk.Clone();
        withoutToken.DeviceToken = string.Empty;
        Assert.Equal(withoutToken, read);
        var listed = await manager.ListKiosksAsync(new ListKiosksRequest { Parent = Seed.Center, PageSize = 1000 });
        Assert.All(listed.Kiosks, k => Assert.Empty(k.DeviceToken));
        Assert.Contains(listed.Kiosks, k => k.Name == kiosk.Name);

        // The audit trail shows who registered it.
        var trail = await new AuditService.AuditServiceClient(Host.ChannelFor(Host.TokenAs("wang.manager", Roles.CenterManager, Seed.Center)))
            .ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = kiosk.Name });
        Assert.Equal(["kiosk.registered.v1", "kiosk.credential-issued.v1"], trail.Records.Select(r => r.EventType));
        Assert.All(trail.Records, r => Assert.Equal(("wang.manager", Roles.CenterManager), (r.Actor, r.Role)));
    }

    [Fact]
    public async Task A_kiosk_token_reads_its_own_centre_itself_and_the_catalogue_and_nothing_else()
    {
        var kiosk = await RegisterAsync();
        var sibling = await RegisterAsync();
        var channel = Host.ChannelFor(kiosk.DeviceToken);
        var organization = new OrganizationService.OrganizationServiceClient(channel);
        var kiosks = new KioskService.KioskServiceClient(channel);

        Assert.Equal(Seed.Center, (await organization.GetCenterAsync(new GetCenterRequest { Name = Seed.Center })).Name);
        Assert.Equal(kiosk.Name, (await kiosks.GetKioskAsync(new GetKioskRequest { Name = kiosk.Name })).Name);
        Assert.Contains((await new CourseService.CourseServiceClient(channel).ListCoursesAsync(new ListCoursesRequest { PageSize = 1000 })).Courses, c => c.Name == Seed.Course);
        Assert.Equal(Seed.Framework, (await new CompetencyFrameworkService.CompetencyFrameworkServiceClient(channel).GetFrameworkAsync(new GetFrameworkRequest { Name = Seed.Framework })).Name);

        var staff = new StaffService.StaffServiceClient(channel);
        await Denied(() => organization.GetCenterAsync(new GetCenterRequest { Name = Seed.OtherCenter }).ResponseAsync);
        await Denied(() => organization.GetCountyAsync(new GetCountyRequest { Name = Seed.County }).ResponseAsync);
        await Denied(() => organization.ListCentersAsync(new ListCentersRequest { Parent = Seed.County }).ResponseAsync);
        await Denied(() => staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = Seed.Center }).ResponseAsync);
        await Denied(() => staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = Seed.StaffName(1) }).ResponseAsync);
        await Denied(() => kiosks.GetKioskAsync(new GetKioskRequest { Name = sibling.Name }).ResponseAsync);
        await Denied(() => kiosks.ListKiosksAsync(new ListKiosksRequest { Parent = Seed.Center }).ResponseAsync);
        await Denied(() => kiosks.IssueKioskCredentialAsync(new IssueKioskCredentialRequest { Name = kiosk.Name, RequestId = Seed.RequestId() }).ResponseAsync);
        await Denied(() => kiosks.RevokeKioskAsync(new RevokeKioskRequest { Name = sibling.Name, Reason = "x", RequestId = Seed.RequestId() }).ResponseAsync);
        await Denied(() => new QuestionBankService.QuestionBankServiceClient(channel).GetQuestionItemAsync(new GetQuestionItemRequest { Name = $"{Seed.Bank}/items/q1" }).ResponseAsync);
        await Denied(() => new AuditService.AuditServiceClient(channel).ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = kiosk.Name }).ResponseAsync);

        // The same over HTTP/JSON, and the developer tools are not for devices.
        var http = Host.HttpFor(kiosk.DeviceToken);
        using (var own = await http.GetAsync(new Uri($"/v1/{kiosk.Name}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var staffList = await http.GetAsync(new Uri($"/v1/{Seed.Center}/staff", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, staffList.StatusCode);
        }

        using var openApi = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, openApi.StatusCode);
    }

    [Fact]
    public async Task After_RevokeKiosk_the_very_next_call_with_its_token_is_Unauthenticated_KIOSK_REVOKED_over_gRPC_gRPC_Web_and_HTTP_JSON()
    {
        var kiosk = await RegisterAsync();
        var organization = new OrganizationService.OrganizationServiceClient(Host.ChannelFor(kiosk.DeviceToken));
        var web = new OrganizationService.OrganizationServiceClient(Host.GrpcWebChannelFor(kiosk.DeviceToken));
        var http = Host.HttpFor(kiosk.DeviceToken);
        await organization.GetCenterAsync(new GetCenterRequest { Name = Seed.Center });
        await web.GetCenterAsync(new GetCenterRequest { Name = Seed.Center });
        var checkIns = new CheckInService.CheckInServiceClient(Host.ChannelFor(kiosk.DeviceToken));
        Assert.StartsWith("cards/NOBODY-", (await Expect.NotFound(() => checkIns.CheckInAsync(CheckInAt(kiosk.Name)).ResponseAsync)).ResourceName, StringComparison.Ordinal);
        using (var before = await http.GetAsync(new Uri($"/v1/{Seed.Center}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var manager = Kiosks(Host.TokenAs("wang.manager", Roles.CenterManager, Seed.Center));
        var revoked = await manager.RevokeKioskAsync(new RevokeKioskRequest { Name = kiosk.Name, Reason = "设备遗失", RequestId = Seed.RequestId() });
        Assert.Equal((KioskState.Revoked, "设备遗失", 1), (revoked.State, revoked.RevokeReason, revoked.CredentialGeneration));
        Assert.NotNull(revoked.RevokeTime);
        Assert.Empty(revoked.DeviceToken);

        var status = await Expect.Refused(StatusCode.Unauthenticated, () => organization.GetCenterAsync(new GetCenterRequest { Name = Seed.Center }).ResponseAsync);
        var error = status.GetDetail<ErrorInfo>();
        Assert.Equal(SecurityStatus.KioskRevoked, error?.Reason);
        Assert.Equal(kiosk.Name, error?.Metadata["kiosk"]);

        // The live check-in, whose credential check is made by the kiosk in the same call: refused the same way, also
        // when the request is malformed, and also over HTTP/JSON.
        var checkIn = await Expect.Refused(StatusCode.Unauthenticated, () => checkIns.CheckInAsync(CheckInAt(kiosk.Name)).ResponseAsync);
        Assert.Equal((SecurityStatus.KioskRevoked, kiosk.Name), (checkIn.GetDetail<ErrorInfo>()?.Reason, checkIn.GetDetail<ErrorInfo>()?.Metadata["kiosk"]));
        var malformed = await Expect.Refused(StatusCode.Unauthenticated, () => checkIns.CheckInAsync(new CheckInRequest { Kiosk = kiosk.Name }).ResponseAsync);
        Assert.Equal(SecurityStatus.KioskRevoked, malformed.GetDetail<ErrorInfo>()?.Reason);
        using (var content = new StringContent("""{"scan":{"cardId":"C-1","scanTime":"2026-01-01T08:00:00Z","idempotencyKey":"k-1"}}""", System.Text.Encoding.UTF8, "application/json"))
        using (var checkInOverJson = await http.PostAsync(new Uri($"/v1/{kiosk.Name}:checkIn", UriKind.Relative), content))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, checkInOverJson.StatusCode);
            Assert.Contains(SecurityStatus.KioskRevoked, await checkInOverJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var webStatus = await Expect.Refused(StatusCode.Unauthenticated, () => web.GetCenterAsync(new GetCenterRequest { Name = Seed.Center }).ResponseAsync);
        Assert.Equal(SecurityStatus.KioskRevoked, webStatus.GetDetail<ErrorInfo>()?.Reason);
        using (var after = await http.GetAsync(new Uri($"/v1/{Seed.Center}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
            Assert.Contains(SecurityStatus.KioskRevoked, await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Even reading itself or the catalogue; and a revoked kiosk takes no new credential or room.
        await Expect.Refused(StatusCode.Unauthenticated, () => Kiosks(kiosk.DeviceToken).GetKioskAsync(new GetKioskRequest { Name = kiosk.Name }).ResponseAsync);
        await Expect.Refused(StatusCode.Unauthenticated, () => new CourseService.CourseServiceClient(Host.ChannelFor(kiosk.DeviceToken)).ListCoursesAsync(new ListCoursesRequest()).ResponseAsync);
        await Expect.FailedPrecondition(() => manager.IssueKioskCredentialAsync(new IssueKioskCredentialRequest { Name = kiosk.Name, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.FailedPrecondition(() => manager.UpdateKioskAsync(new UpdateKioskRequest { Kiosk = new Kiosk { Name = kiosk.Name, Room = "三楼" }, UpdateMask = new() { Paths = { "room" } }, RequestId = Seed.RequestId() }).ResponseAsync);
        var listed = await manager.ListKiosksAsync(new ListKiosksRequest { Parent = Seed.Center, PageSize = 1000 });
        Assert.Equal(KioskState.Revoked, listed.Kiosks.Single(k => k.Name == kiosk.Name).State);
    }

    [Fact]
    public async Task After_IssueKioskCredential_the_old_token_is_refused_and_the_new_one_works()
    {
        var kiosk = await RegisterAsync();
        var manager = Kiosks(Host.TokenFor(Roles.CenterManager, Seed.Center));
        var requestId = Seed.RequestId();

        var reissued = await manager.IssueKioskCredentialAsync(new IssueKioskCredentialRequest { Name = kiosk.Name, RequestId = requestId });

        Assert.Equal(2, reissued.CredentialGeneration);
        Assert.Equal(2, new JsonWebToken(reissued.DeviceToken).GetPayloadValue<int>(TrainingClaims.KioskGeneration));
        var old = await Expect.Refused(StatusCode.Unauthenticated, () => Kiosks(kiosk.DeviceToken).GetKioskAsync(new GetKioskRequest { Name = kiosk.Name }).ResponseAsync);
        Assert.Equal(SecurityStatus.KioskCredentialSuperseded, old.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(2, (await Kiosks(reissued.DeviceToken).GetKioskAsync(new GetKioskRequest { Name = kiosk.Name })).CredentialGeneration);
        var oldCheckIn = await Expect.Refused(StatusCode.Unauthenticated, () => new CheckInService.CheckInServiceClient(Host.ChannelFor(kiosk.DeviceToken)).CheckInAsync(CheckInAt(kiosk.Name)).ResponseAsync);
        Assert.Equal(SecurityStatus.KioskCredentialSuperseded, oldCheckIn.GetDetail<ErrorInfo>()?.Reason);
        var judged = await Expect.NotFound(() => new CheckInService.CheckInServiceClient(Host.ChannelFor(reissued.DeviceToken)).CheckInAsync(CheckInAt(kiosk.Name)).ResponseAsync);
        Assert.StartsWith("cards/NOBODY-", judged.ResourceName, StringComparison.Ordinal);

        // A retry answers the same generation (a token for it) and issues nothing more.
        var retried = await manager.IssueKioskCredentialAsync(new IssueKioskCredentialRequest { Name = kiosk.Name, RequestId = requestId });
        Assert.Equal((2, reissued.Etag), (retried.CredentialGeneration, retried.Etag));
        Assert.Equal(2, (await Kiosks(retried.DeviceToken).GetKioskAsync(new GetKioskRequest { Name = kiosk.Name })).CredentialGeneration);

        // Over HTTP/JSON: the answer carries the new token once, and the one before stops working.
        var (status, json) = await Send(Host.HttpFor(Host.TokenFor(Roles.CenterManager, Seed.Center)), HttpMethod.Post, $"/v1/{kiosk.Name}:issueCredential", new { requestId = Seed.RequestId() });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, json.GetProperty("credentialGeneration").GetInt32());
        var third = json.GetProperty("deviceToken").GetString()!;
        using (var refused = await Host.HttpFor(reissued.DeviceToken).GetAsync(new Uri($"/v1/{kiosk.Name}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains(SecurityStatus.KioskCredentialSuperseded, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var works = await Host.HttpFor(third).GetAsync(new Uri($"/v1/{Seed.Center}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
    }

    [Fact]
    public async Task A_kiosk_is_registered_over_HTTP_JSON_moved_to_another_room_and_keeps_working()
    {
        var http = Host.HttpFor(Host.TokenFor(Roles.CenterManager, Seed.Center));
        var id = KioskId();
        var (status, created) = await Send(http, HttpMethod.Post, $"/v1/{Seed.Center}/kiosks?kioskId={id}&requestId={Seed.RequestId()}", new { displayName = "一号机", room = "training-room-2" });
        Assert.True(status == HttpStatusCode.OK, created.GetRawText());
        var name = created.GetProperty("name").GetString()!;
        Assert.Equal("KIOSK_STATE_ACTIVE", created.GetProperty("state").GetString());
        var token = created.GetProperty("deviceToken").GetString()!;

        var (moveStatus, moved) = await Send(http, HttpMethod.Patch, $"/v1/{name}?updateMask=room&requestId={Seed.RequestId()}", new { room = "三楼会议室", displayName = "不应改变", etag = "\"2\"" });
        Assert.True(moveStatus == HttpStatusCode.OK, moved.GetRawText());
        Assert.Equal(("三楼会议室", "一号机", "\"3\""), (moved.GetProperty("room").GetString(), moved.GetProperty("displayName").GetString(), moved.GetProperty("etag").GetString()));
        Assert.Empty(moved.TryGetProperty("deviceToken", out var noToken) ? noToken.GetString()! : string.Empty);
        var (staleStatus, _) = await Send(http, HttpMethod.Patch, $"/v1/{name}?updateMask=room&requestId={Seed.RequestId()}", new { room = "四楼", etag = "\"2\"" });
        Assert.Equal(HttpStatusCode.Conflict, staleStatus);

        // The room the kiosk is in is its record's; the token issued before the move goes on working.
        Assert.Equal("三楼会议室", (await Kiosks(token).GetKioskAsync(new GetKioskRequest { Name = name })).Room);
        var history = await Host.Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = name });
        Assert.Equal("kiosk.moved.v1", history.Records[^1].EventType);
    }

    [Fact]
    public async Task A_centre_manager_of_another_centre_cannot_register_read_list_change_or_revoke_kiosks_here()
    {
        var kiosk = await RegisterAsync();
        var neighbour = Kiosks(Host.TokenFor(Roles.CenterManager, Seed.OtherCenter));
        var trainee = Kiosks(Host.TokenFor(Roles.Trainee, Seed.StaffName(1), Seed.Center));
        var before = await ReadKiosks();

        foreach (var client in new[] { neighbour, trainee })
        {
            await Denied(() => client.RegisterKioskAsync(new RegisterKioskRequest { Parent = Seed.Center, KioskId = KioskId(), Kiosk = new Kiosk { DisplayName = "x", Room = "x" }, RequestId = Seed.RequestId() }).ResponseAsync);
            await Denied(() => client.RevokeKioskAsync(new RevokeKioskRequest { Name = kiosk.Name, Reason = "越权", RequestId = Seed.RequestId() }).ResponseAsync);
            await Denied(() => client.IssueKioskCredentialAsync(new IssueKioskCredentialRequest { Name = kiosk.Name, RequestId = Seed.RequestId() }).ResponseAsync);
            await Denied(() => client.UpdateKioskAsync(new UpdateKioskRequest { Kiosk = new Kiosk { Name = kiosk.Name, Room = "x" }, RequestId = Seed.RequestId() }).ResponseAsync);
            await Denied(() => client.GetKioskAsync(new GetKioskRequest { Name = kiosk.Name }).ResponseAsync);
            await Denied(() => client.ListKiosksAsync(new ListKiosksRequest { Parent = Seed.Center }).ResponseAsync);
        }

        Assert.Equal(before, await ReadKiosks());
        Assert.Equal(Seed.Center, (await new OrganizationService.OrganizationServiceClient(Host.ChannelFor(kiosk.DeviceToken)).GetCenterAsync(new GetCenterRequest { Name = Seed.Center })).Name);

        // The admins above the centre may: a county admin registers a kiosk at Han Dian.
        var countyAdmin = Kiosks(Host.TokenFor(Roles.CountyAdmin, Seed.County));
        var registered = await countyAdmin.RegisterKioskAsync(new RegisterKioskRequest { Parent = Seed.OtherCenter, KioskId = KioskId(), Kiosk = new Kiosk { DisplayName = "韩店一号机", Room = "一楼大厅" }, RequestId = Seed.RequestId() });
        Assert.NotEmpty(registered.DeviceToken);
        Assert.Equal(registered.Name, Assert.Single((await neighbour.ListKiosksAsync(new ListKiosksRequest { Parent = Seed.OtherCenter })).Kiosks, k => k.Name == registered.Name).Name);
    }

    [Fact]
    public async Task Bad_input_is_InvalidArgument_or_NotFound_and_writes_nothing()
    {
        var manager = Kiosks(Host.TokenFor(Roles.CenterManager, Seed.Center));
        var operatorClient = Kiosks(Host.OperatorToken);
        var existing = await RegisterAsync();
        var before = await World.TakeAsync(Host, Seed);
        var kiosksBefore = await ReadKiosks();

        Task<Kiosk> Register(Func<RegisterKioskRequest, RegisterKioskRequest> change, KioskService.KioskServiceClient? client = null) =>
            (client ?? manager).RegisterKioskAsync(change(new RegisterKioskRequest { Parent = Seed.Center, KioskId = KioskId(), Kiosk = new Kiosk { DisplayName = "一号机", Room = "二楼培训室" }, RequestId = Seed.RequestId() })).ResponseAsync;

        await Expect.InvalidArgument("kiosk_id", () => Register(r => { r.KioskId = "Bad ID"; return r; }));
        await Expect.InvalidArgument("kiosk_id", () => Register(r => { r.KioskId = string.Empty; return r; }));
        await Expect.InvalidArgument("kiosk.room", () => Register(r => { r.Kiosk.Room = string.Empty; return r; }));
        await Expect.InvalidArgument("kiosk.room", () => Register(r => { r.Kiosk.Room = "   "; return r; }));
        await Expect.InvalidArgument("kiosk.room", () => Register(r => { r.Kiosk.Room = new string('房', 101); return r; }));
        await Expect.InvalidArgument("kiosk.display_name", () => Register(r => { r.Kiosk.DisplayName = string.Empty; return r; }));
        await Expect.InvalidArgument("request_id", () => Register(r => { r.RequestId = string.Empty; return r; }));
        await Expect.InvalidArgument("parent", () => Register(r => { r.Parent = Seed.County; return r; }, operatorClient));
        await Expect.InvalidArgument("name", () => operatorClient.GetKioskAsync(new GetKioskRequest { Name = Seed.Center + "/kiosks/Bad ID" }).ResponseAsync);
        await Expect.InvalidArgument("reason", () => manager.RevokeKioskAsync(new RevokeKioskRequest { Name = existing.Name, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("update_mask", () => manager.UpdateKioskAsync(new UpdateKioskRequest { Kiosk = new Kiosk { Name = existing.Name, Room = "x" }, UpdateMask = new() { Paths = { "credential_generation" } }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("kiosk.room", () => manager.UpdateKioskAsync(new UpdateKioskRequest { Kiosk = new Kiosk { Name = existing.Name, Room = string.Empty }, UpdateMask = new() { Paths = { "room" } }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("page_size", () => manager.ListKiosksAsync(new ListKiosksRequest { Parent = Seed.Center, PageSize = 1001 }).ResponseAsync);

        // Unknown centre and unknown kiosk: NotFound (for the operator, who may see that they do not exist).
        var unknownCenter = $"{Seed.County}/centers/nowhere";
        var missing = await Expect.NotFound(() => operatorClient.RegisterKioskAsync(new RegisterKioskRequest { Parent = unknownCenter, KioskId = "k1", Kiosk = new Kiosk { DisplayName = "x", Room = "x" }, RequestId = Seed.RequestId() }).ResponseAsync);
        Assert.Equal(unknownCenter, missing.ResourceName);
        await Expect.NotFound(() => operatorClient.GetKioskAsync(new GetKioskRequest { Name = $"{unknownCenter}/kiosks/k1" }).ResponseAsync);
        await Expect.NotFound(() => manager.RevokeKioskAsync(new RevokeKioskRequest { Name = $"{Seed.Center}/kiosks/{KioskId()}", Reason = "x", RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.NotFound(() => manager.IssueKioskCredentialAsync(new IssueKioskCredentialRequest { Name = $"{Seed.Center}/kiosks/{KioskId()}", RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.AlreadyExists(() => manager.RegisterKioskAsync(new RegisterKioskRequest { Parent = Seed.Center, KioskId = existing.Name[(existing.Name.LastIndexOf('/') + 1)..], Kiosk = new Kiosk { DisplayName = "x", Room = "x" }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.Aborted(() => manager.UpdateKioskAsync(new UpdateKioskRequest { Kiosk = new Kiosk { Name = existing.Name, Room = "x", Etag = "\"1\"" }, UpdateMask = new() { Paths = { "room" } }, RequestId = Seed.RequestId() }).ResponseAsync);

        await World.AssertUnchangedAsync(Host, Seed, before);
        Assert.Equal(kiosksBefore, await ReadKiosks());
        Assert.Empty((await operatorClient.ListKiosksAsync(new ListKiosksRequest { Parent = unknownCenter })).Kiosks);
    }

    [Fact]
    public async Task An_archived_centre_takes_no_kiosks_and_a_retried_registration_answers_the_same_kiosk_once()
    {
        var org = Host.Organization;
        var archivedCenter = (await org.CreateCenterAsync(new CreateCenterRequest { Parent = Seed.County, CenterId = KioskId(), Center = new Center { DisplayName = "撤并镇" }, RequestId = Seed.RequestId() })).Name;
        await org.ArchiveCenterAsync(new ArchiveCenterRequest { Name = archivedCenter, RequestId = Seed.RequestId() });
        var operatorClient = Kiosks(Host.OperatorToken);
        await Expect.FailedPrecondition(() => operatorClient.RegisterKioskAsync(new RegisterKioskRequest { Parent = archivedCenter, KioskId = "k1", Kiosk = new Kiosk { DisplayName = "x", Room = "x" }, RequestId = Seed.RequestId() }).ResponseAsync);
        Assert.Empty((await operatorClient.ListKiosksAsync(new ListKiosksRequest { Parent = archivedCenter })).Kiosks);

        var request = new RegisterKioskRequest { Parent = Seed.Center, KioskId = KioskId(), Kiosk = new Kiosk { DisplayName = "一号机", Room = "二楼培训室" }, RequestId = Seed.RequestId() };
        var manager = Kiosks(Host.TokenFor(Roles.CenterManager, Seed.Center));
        var first = await manager.RegisterKioskAsync(request);
        var retried = await manager.RegisterKioskAsync(request);

        Assert.Equal((first.Name, first.Etag, first.CredentialGeneration, first.CreateTime), (retried.Name, retried.Etag, retried.CredentialGeneration, retried.CreateTime));
        Assert.Equal(2, (await Host.Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = first.Name })).Records.Count);
        Assert.Equal(first.Name, (await Kiosks(retried.DeviceToken).GetKioskAsync(new GetKioskRequest { Name = first.Name })).Name);
    }

    [Fact]
    public async Task A_kiosk_token_not_backed_by_a_registered_kiosk_is_Unauthenticated()
    {
        var ghost = $"{Seed.Center}/kiosks/{KioskId()}";
        var unregistered = Host.Issuer.Issue(new TokenSpec(ghost, [Roles.Kiosk]) { Centers = [Seed.Center], Kiosk = ghost, KioskGeneration = 1 });
        var status = await Expect.Refused(StatusCode.Unauthenticated, () => new OrganizationService.OrganizationServiceClient(Host.ChannelFor(unregistered)).GetCenterAsync(new GetCenterRequest { Name = Seed.Center }).ResponseAsync);
        Assert.Equal(SecurityStatus.KioskNotRegistered, status.GetDetail<ErrorInfo>()?.Reason);
        var checkIn = await Expect.Refused(StatusCode.Unauthenticated, () => new CheckInService.CheckInServiceClient(Host.ChannelFor(unregistered)).CheckInAsync(CheckInAt(ghost)).ResponseAsync);
        Assert.Equal(SecurityStatus.KioskNotRegistered, checkIn.GetDetail<ErrorInfo>()?.Reason);

        // A kiosk-role token without a kiosk credential (no kiosk, no generation) cannot be revoked, so it is not honoured.
        var bare = Host.TokenFor(Roles.Kiosk, Seed.Center);
        var invalid = await Expect.Refused(StatusCode.Unauthenticated, () => new OrganizationService.OrganizationServiceClient(Host.ChannelFor(bare)).GetCenterAsync(new GetCenterRequest { Name = Seed.Center }).ResponseAsync);
        Assert.Equal(SecurityStatus.TokenInvalid, invalid.GetDetail<ErrorInfo>()?.Reason);

        // A registered kiosk's token naming another centre than the kiosk's is not honoured either.
        var kiosk = await RegisterAsync();
        var elsewhere = Host.Issuer.Issue(new TokenSpec(kiosk.Name, [Roles.Kiosk]) { Centers = [Seed.OtherCenter], Kiosk = kiosk.Name, KioskGeneration = 1 });
        await Expect.Refused(StatusCode.Unauthenticated, () => new OrganizationService.OrganizationServiceClient(Host.ChannelFor(elsewhere)).GetCenterAsync(new GetCenterRequest { Name = Seed.OtherCenter }).ResponseAsync);
    }

    /// <summary>A well-formed scan at <paramref name="kiosk"/> now, of a card nobody holds (judged only once the credential passed).</summary>
    private static CheckInRequest CheckInAt(string kiosk) => new()
    {
        Kiosk = kiosk,
        Scan = new KioskScan { CardId = "NOBODY-" + Seed.RequestId()[..8], IdempotencyKey = Seed.RequestId(), ScanTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) },
    };

    private static string KioskId() => $"k-{Guid.NewGuid():N}"[..14];

    private static async Task Denied(Func<Task> call) => await Expect.Refused(StatusCode.PermissionDenied, call);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpClient http, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private KioskService.KioskServiceClient Kiosks(string token) => new(Host.ChannelFor(token));

    /// <summary>Registers a kiosk at T town as the centre manager; answers it with its device token.</summary>
    private Task<Kiosk> RegisterAsync() =>
        Kiosks(Host.TokenFor(Roles.CenterManager, Seed.Center)).RegisterKioskAsync(new RegisterKioskRequest
        {
            Parent = Seed.Center,
            KioskId = KioskId(),
            Kiosk = new Kiosk { DisplayName = "培训室终端", Room = "二楼培训室" },
            RequestId = Seed.RequestId(),
        }).ResponseAsync;

    /// <summary>Every kiosk of both seed centres with its whole history, as the operator reads them.</summary>
    private async Task<List<string>> ReadKiosks()
    {
        var lines = new List<string>();
        var operatorClient = Kiosks(Host.OperatorToken);
        foreach (var center in new[] { Seed.Center, Seed.OtherCenter })
        {
            await foreach (var kiosk in World.Pages(t => operatorClient.ListKiosksAsync(new ListKiosksRequest { Parent = center, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Kiosks, r.NextPageToken)))
            {
                lines.Add(kiosk.ToString());
                lines.Add((await operatorClient.GetKioskAsync(new GetKioskRequest { Name = kiosk.Name })).ToString());
                lines.AddRange((await Host.Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = kiosk.Name, PageSize = 1000 })).Records.Select(r => r.ToString()));
            }
        }

        return lines;
    }
}
