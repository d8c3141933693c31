using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Google.Rpc;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Authentication, object-level authorization, audit, rate limits, TLS and tools, end to end over gRPC (and HTTP/JSON
/// where it says so), on one seeded host: T town and Han Dian in one county, three staff at T town.
/// </summary>
public sealed class SecurityTests(SeededHostFixture fixture) : IClassFixture<SeededHostFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    private Seed Seed => fixture.Seed;

    [Fact]
    public async Task A_call_without_a_token_is_Unauthenticated_over_gRPC_and_HTTP_JSON_but_health_stays_open()
    {
        var anonymous = Host.ChannelFor(null);
        var status = await Expect.Refused(StatusCode.Unauthenticated, () => new OrganizationService.OrganizationServiceClient(anonymous).GetRegionAsync(new GetRegionRequest { Name = Seed.Region }).ResponseAsync);
        Assert.Equal(SecurityStatus.TokenMissing, status.GetDetail<ErrorInfo>()?.Reason);

        var health = await new Health.HealthClient(anonymous).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var http = Host.HttpFor(null);
        using var refused = await http.GetAsync(new Uri($"/v1/{Seed.Region}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var healthz = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_Unauthenticated_with_reason_TOKEN_EXPIRED()
    {
        var expired = Host.Issuer.Issue(new TokenSpec("late", [Roles.RegionAdmin])
        {
            Regions = [TrainingClaims.AllRegions],
            NotBefore = DateTimeOffset.UtcNow.AddHours(-3),
            Lifetime = TimeSpan.FromHours(1),
        });

        var status = await Expect.Refused(StatusCode.Unauthenticated, () => Organization(expired).GetRegionAsync(new GetRegionRequest { Name = Seed.Region }).ResponseAsync);
        Assert.Equal(SecurityStatus.TokenExpired, status.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public async Task Tokens_for_another_audience_from_another_issuer_or_with_a_tampered_signature_are_Unauthenticated()
    {
        var key = Convert.FromBase64String(TrainingHostProcess.TestSigningKey);
        var spec = new TokenSpec("mallory", [Roles.RegionAdmin]) { Regions = [TrainingClaims.AllRegions] };
        var wrongAudience = new TokenIssuer(Host.Issuer.Issuer, "someone-else", key).Issue(spec);
        var wrongIssuer = new TokenIssuer("not-the-platform", Host.Issuer.Audience, key).Issue(spec);
        var otherKey = new TokenIssuer(Host.Issuer.Issuer, Host.Issuer.Audience, RandomNumberGenerator.GetBytes(32)).Issue(spec);

        // A trainee's genuine token with its payload rewritten to region-admin of everything, signature kept.
        var genuine = Host.TokenFor(Roles.Trainee, Seed.StaffName(1), Seed.Center).Split('.');
        var elevated = Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = "trainee-test",
            ["role"] = Roles.RegionAdmin,
            ["region"] = TrainingClaims.AllRegions,
            ["iss"] = Host.Issuer.Issuer,
            ["aud"] = Host.Issuer.Audience,
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        }));
        var tampered = $"{genuine[0]}.{elevated}.{genuine[2]}";

        foreach (var token in new[] { wrongAudience, wrongIssuer, otherKey, tampered, "not-a-jwt" })
        {
            var status = await Expect.Refused(StatusCode.Unauthenticated, () => Organization(token).GetRegionAsync(new GetRegionRequest { Name = Seed.Region }).ResponseAsync);
            Assert.Equal(SecurityStatus.TokenInvalid, status.GetDetail<ErrorInfo>()?.Reason);
        }
    }

    [Fact]
    public async Task A_centre_manager_of_T_town_reads_and_lists_their_own_staff_but_not_another_centres()
    {
        var other = await RegisterAt(Seed.OtherCenter);
        var manager = Staff(Host.TokenFor(Roles.CenterManager, Seed.Center));

        var own = await manager.GetStaffMemberAsync(new GetStaffMemberRequest { Name = Seed.StaffName(1) });
        Assert.Equal(Seed.Center, own.Center);
        var list = await manager.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = Seed.Center, PageSize = 1000 });
        Assert.All(list.StaffMembers, s => Assert.Equal(Seed.Center, s.Center));
        Assert.Subset(list.StaffMembers.Select(s => s.Name).ToHashSet(), new HashSet<string> { Seed.StaffName(1), Seed.StaffName(2), Seed.StaffName(3) });

        var denied = await Expect.Refused(StatusCode.PermissionDenied, () => manager.GetStaffMemberAsync(new GetStaffMemberRequest { Name = other }).ResponseAsync);
        Assert.Equal(SecurityStatus.OutOfScope, denied.GetDetail<ErrorInfo>()?.Reason);
        await Expect.Refused(StatusCode.PermissionDenied, () => manager.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = Seed.OtherCenter }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => manager.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = other }).ResponseAsync);
        // A staff member who does not exist is refused, not NotFound: outside your scope you learn nothing.
        await Expect.Refused(StatusCode.PermissionDenied, () => manager.GetStaffMemberAsync(new GetStaffMemberRequest { Name = "staff/NOBODY-AT-ALL" }).ResponseAsync);
        // Moving someone out to a centre you do not manage is refused too, and writes nothing.
        await Expect.Refused(StatusCode.PermissionDenied, () => manager.TransferStaffMemberAsync(new TransferStaffMemberRequest { Name = Seed.StaffName(2), ToCenter = Seed.OtherCenter, RequestId = Seed.RequestId() }).ResponseAsync);
        Assert.Equal(Seed.Center, (await Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = Seed.StaffName(2) })).Center);

        // The same rule over HTTP/JSON: 403 with the reason.
        var http = Host.HttpFor(Host.TokenFor(Roles.CenterManager, Seed.Center));
        using var response = await http.GetAsync(new Uri($"/v1/{other}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(SecurityStatus.OutOfScope, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trainee_reads_only_their_own_record_and_archive()
    {
        var trainee = Staff(Host.TokenFor(Roles.Trainee, Seed.StaffName(1), Seed.Center));

        Assert.Equal(Seed.StaffName(1), (await trainee.GetStaffMemberAsync(new GetStaffMemberRequest { Name = Seed.StaffName(1) })).Name);
        Assert.NotEmpty((await trainee.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = Seed.StaffName(1) })).Entries);
        using var stream = trainee.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = Seed.StaffName(1) });
        Assert.NotEmpty(await Expect.ReadAll(stream.ResponseStream));

        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.GetStaffMemberAsync(new GetStaffMemberRequest { Name = Seed.StaffName(2) }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = Seed.StaffName(2) }).ResponseAsync);
        var list = await Expect.Refused(StatusCode.PermissionDenied, () => trainee.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = Seed.Center }).ResponseAsync);
        Assert.Equal(SecurityStatus.RoleNotPermitted, list.GetDetail<ErrorInfo>()?.Reason);
        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = Seed.StaffName(1), Reason = "自批", RequestId = Seed.RequestId() }).ResponseAsync);

        // Question items carry the answer key: admins only. The rest of the catalogue is for everyone.
        var banks = new QuestionBankService.QuestionBankServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, Seed.StaffName(1), Seed.Center)));
        Assert.Equal(Seed.Bank, (await banks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = Seed.Bank })).Name);
        await Expect.Refused(StatusCode.PermissionDenied, () => banks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = $"{Seed.Bank}/items/q1" }).ResponseAsync);
    }

    [Fact]
    public async Task Lists_of_regions_and_centres_show_only_what_the_caller_may_read()
    {
        var manager = Organization(Host.TokenFor(Roles.CenterManager, Seed.Center));
        var centers = await manager.ListCentersAsync(new ListCentersRequest { Parent = Seed.County });
        Assert.Equal([Seed.Center], centers.Centers.Select(c => c.Name));
        var regions = await manager.ListRegionsAsync(new ListRegionsRequest { PageSize = 1000 });
        Assert.Equal([Seed.Region], regions.Regions.Select(r => r.Name));
        Assert.Equal(Seed.County, Assert.Single((await manager.ListCountiesAsync(new ListCountiesRequest { Parent = Seed.Region })).Counties).Name);
        // Your own ancestors are readable; the neighbouring centre is not.
        Assert.Equal(Seed.County, (await manager.GetCountyAsync(new GetCountyRequest { Name = Seed.County })).Name);
        await Expect.Refused(StatusCode.PermissionDenied, () => manager.GetCenterAsync(new GetCenterRequest { Name = Seed.OtherCenter }).ResponseAsync);

        var countyAdmin = Organization(Host.TokenFor(Roles.CountyAdmin, Seed.County));
        Assert.Equal([Seed.OtherCenter, Seed.Center], (await countyAdmin.ListCentersAsync(new ListCentersRequest { Parent = Seed.County })).Centers.Select(c => c.Name));

        // A region admin of another region cannot even list this county's centres, and sees no region but theirs.
        var elsewhere = Organization(Host.TokenFor(Roles.RegionAdmin, "regions/elsewhere"));
        await Expect.Refused(StatusCode.PermissionDenied, () => elsewhere.ListCentersAsync(new ListCentersRequest { Parent = Seed.County }).ResponseAsync);
        Assert.DoesNotContain(Seed.Region, (await elsewhere.ListRegionsAsync(new ListRegionsRequest { PageSize = 1000 })).Regions.Select(r => r.Name));
    }

    [Fact]
    public async Task Writes_follow_the_hierarchy_a_county_admin_manages_centres_only_the_province_operator_creates_regions()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);
        var countyAdmin = Organization(Host.TokenFor(Roles.CountyAdmin, seed.County));
        var created = await countyAdmin.CreateCenterAsync(new CreateCenterRequest { Parent = seed.County, CenterId = "jiu-hu", Center = new Center { DisplayName = "九户镇便民服务中心" }, RequestId = Seed.RequestId() });
        Assert.Equal($"{seed.County}/centers/jiu-hu", created.Name);
        await Expect.Refused(StatusCode.PermissionDenied, () => countyAdmin.UpdateCountyAsync(new UpdateCountyRequest { County = new County { Name = seed.County, DisplayName = "改名" }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => countyAdmin.CreateRegionAsync(new CreateRegionRequest { RegionId = "nope", Region = new Region { DisplayName = "x" }, RequestId = Seed.RequestId() }).ResponseAsync);

        var regionAdmin = Organization(Host.TokenFor(Roles.RegionAdmin, seed.Region));
        await Expect.Refused(StatusCode.PermissionDenied, () => regionAdmin.CreateRegionAsync(new CreateRegionRequest { RegionId = "nope", Region = new Region { DisplayName = "x" }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => regionAdmin.UpdateRegionAsync(new UpdateRegionRequest { Region = new Region { Name = Seed.Region, Description = "x" }, UpdateMask = new() { Paths = { "description" } }, RequestId = Seed.RequestId() }).ResponseAsync);
        Assert.Equal("鲁", (await regionAdmin.UpdateRegionAsync(new UpdateRegionRequest { Region = new Region { Name = seed.Region, Description = "鲁" }, UpdateMask = new() { Paths = { "description" } }, RequestId = Seed.RequestId() })).Description);
    }

    [Fact]
    public async Task A_batch_registers_the_rows_in_scope_and_answers_PERMISSION_DENIED_for_the_others()
    {
        var manager = Staff(Host.TokenFor(Roles.CenterManager, Seed.Center));
        var (inside, outside) = ($"SEC-IN-{Guid.NewGuid():N}"[..20], $"SEC-OUT-{Guid.NewGuid():N}"[..20]);
        var batch = new BatchCreateStaffMembersRequest
        {
            RequestId = Seed.RequestId(),
            Requests =
            {
                new CreateStaffMemberRequest { StaffMemberId = inside, StaffMember = new StaffMember { DisplayName = "本镇", Center = Seed.Center, Post = Post.GeneralServices } },
                new CreateStaffMemberRequest { StaffMemberId = outside, StaffMember = new StaffMember { DisplayName = "外镇", Center = Seed.OtherCenter, Post = Post.GeneralServices } },
            },
        };

        var response = await manager.BatchCreateStaffMembersAsync(batch);

        Assert.Equal((1, 1), (response.CreatedCount, response.FailedCount));
        Assert.Equal((int)Code.Ok, response.Results[0].Status.Code);
        Assert.Equal((int)Code.PermissionDenied, response.Results[1].Status.Code);
        Assert.Equal(SecurityStatus.OutOfScope, response.Results[1].Status.GetDetail<ErrorInfo>()?.Reason);
        await Expect.NotFound(() => Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = $"staff/{outside}" }).ResponseAsync);

        // A role that may not register staff at all is refused the whole batch.
        var trainee = Staff(Host.TokenFor(Roles.Trainee, Seed.StaffName(1), Seed.Center));
        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.BatchCreateStaffMembersAsync(batch).ResponseAsync);
    }

    [Fact]
    public async Task The_audit_trail_of_a_staff_member_shows_who_in_which_role_and_from_which_client_changed_what()
    {
        var name = await RegisterAt(Seed.Center);
        var managerToken = Host.TokenAs("wang.manager", Roles.CenterManager, Seed.Center);
        var requestId = Seed.RequestId();
        await Staff(managerToken).StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = name, Reason = "产假", RequestId = requestId });
        var integrationToken = Host.TokenAs("hr-system", Roles.Integration, Seed.County, "client:hr-appraisal");
        await Staff(integrationToken).CreateStaffMemberAsync(new CreateStaffMemberRequest
        {
            StaffMemberId = $"HR-{Guid.NewGuid():N}"[..20],
            StaffMember = new StaffMember { DisplayName = "人事导入", Center = Seed.Center, Post = Post.SocialSecurity },
            RequestId = Seed.RequestId(),
        });

        var records = (await new AuditService.AuditServiceClient(Host.ChannelFor(managerToken)).ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = name })).Records;

        Assert.Equal(2, records.Count);
        Assert.Equal((TrainingHostProcess.OperatorSubject, "region-admin"), (records[0].Actor, records[0].Role));
        var leave = records[1];
        Assert.Equal(("wang.manager", "center-manager", requestId, "staff.leave-started.v1"), (leave.Actor, leave.Role, leave.RequestId, leave.EventType));
        Assert.StartsWith("grpc-dotnet/", leave.Client, StringComparison.Ordinal);

        // An integration is recorded under its client id; the county admin may read the centre's trail, a trainee may not.
        var centreTrail = await Audit(Host.TokenFor(Roles.CountyAdmin, Seed.County)).ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = Seed.Center });
        Assert.NotEmpty(centreTrail.Records);
        var hired = await Host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = Seed.Center, Query = "HR-" });
        var hrTrail = await Host.Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = Assert.Single(hired.StaffMembers).Name });
        Assert.Equal(("hr-system", "integration", "hr-appraisal"), (hrTrail.Records[0].Actor, hrTrail.Records[0].Role, hrTrail.Records[0].Client));
        await Expect.Refused(StatusCode.PermissionDenied, () => Audit(Host.TokenFor(Roles.Trainee, name, Seed.Center)).ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = name }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => Audit(managerToken).ListAuditRecordsAsync(new ListAuditRecordsRequest { Resource = Seed.Region }).ResponseAsync);

        // Over HTTP/JSON, by query parameter.
        using var http = await Host.Http.GetAsync(new Uri($"/v1/auditRecords?resource={Seed.Region}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, http.StatusCode);
        var json = await http.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TrainingHostProcess.OperatorSubject, json.GetProperty("records")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Server_reflection_and_the_OpenAPI_document_need_a_token()
    {
        var anonymous = new ServerReflection.ServerReflectionClient(Host.ChannelFor(null));
        await Expect.Refused(StatusCode.Unauthenticated, async () =>
        {
            using var call = anonymous.ServerReflectionInfo();
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
            await call.ResponseStream.MoveNext();
        });

        var trainee = new ServerReflection.ServerReflectionClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, Seed.StaffName(1), Seed.Center)));
        using (var call = trainee.ServerReflectionInfo())
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "training.v1.AuditService");
            await call.RequestStream.CompleteAsync();
        }

        using var refused = await Host.HttpFor(null).GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var page = await Host.HttpFor(null).GetAsync(new Uri("/openapi", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task With_tools_off_as_in_production_there_is_no_reflection_and_no_OpenAPI_but_health_answers()
    {
        // The Production environment reads the shipped appsettings.Production.json (Training:ExposeTools=false).
        await using var host = await TrainingHostProcess.StartAsync(null, "--environment=Production");
        var reflection = new ServerReflection.ServerReflectionClient(host.Channel);
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = reflection.ServerReflectionInfo();
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        using var openApi = await host.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, openApi.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(host.ChannelFor(null)).CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task Past_the_per_client_limit_calls_answer_ResourceExhausted_with_a_retry_delay_and_other_clients_go_on()
    {
        await using var host = await TrainingHostProcess.StartAsync(null, "--RateLimits:PerClientPerSecond=1", "--RateLimits:PerClientBurst=3");
        var noisy = new CourseService.CourseServiceClient(host.ChannelFor(host.TokenAs("noisy", Roles.Integration, "*", "client:noisy")));

        Google.Rpc.Status? exhausted = null;
        for (var i = 0; i < 10 && exhausted is null; i++)
        {
            try
            {
                await noisy.ListCoursesAsync(new ListCoursesRequest());
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                exhausted = e.GetRpcStatus();
            }
        }

        Assert.NotNull(exhausted);
        var retry = exhausted.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal("client:noisy", Assert.Single(exhausted.GetDetail<QuotaFailure>()!.Violations).Subject);

        // Another client has its own bucket; the health check is never limited.
        await new CourseService.CourseServiceClient(host.Channel).ListCoursesAsync(new ListCoursesRequest());
        for (var i = 0; i < 5; i++)
        {
            await new Health.HealthClient(host.ChannelFor(null)).CheckAsync(new HealthCheckRequest());
        }
    }

    [Fact]
    public async Task With_a_certificate_configured_both_endpoints_speak_TLS()
    {
        var folder = Path.Combine(Path.GetTempPath(), "training-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var pfx = Path.Combine(folder, "server.pfx");
        const string password = "test-only";
        using var certificate = SelfSigned();
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, password));
        try
        {
            await using var host = await TrainingHostProcess.StartAsync(null, certificate, $"--Training:Tls:CertificatePath={pfx}", $"--Training:Tls:CertificatePassword={password}");
            Assert.Equal(Uri.UriSchemeHttps, host.GrpcAddress.Scheme);

            var created = await host.Organization.CreateRegionAsync(new CreateRegionRequest { RegionId = "tls", Region = new Region { DisplayName = "TLS" }, RequestId = Seed.RequestId() });
            Assert.Equal("regions/tls", created.Name);
            using var json = await host.Http.GetAsync(new Uri("/v1/regions/tls", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            var web = new OrganizationService.OrganizationServiceClient(host.GrpcWebChannelFor(host.OperatorToken));
            Assert.Equal("TLS", (await web.GetRegionAsync(new GetRegionRequest { Name = "regions/tls" })).DisplayName);

            // Cleartext is not served any more: the connection fails, or at best is answered with an error.
            using var plain = new HttpClient();
            try
            {
                using var answer = await plain.GetAsync(new Uri($"http://127.0.0.1:{host.HttpPort}/healthz"));
                Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
            }
            catch (HttpRequestException)
            {
                // Refused at the TLS handshake.
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private OrganizationService.OrganizationServiceClient Organization(string token) => new(Host.ChannelFor(token));

    private StaffService.StaffServiceClient Staff(string token) => new(Host.ChannelFor(token));

    private AuditService.AuditServiceClient Audit(string token) => new(Host.ChannelFor(token));

    /// <summary>Registers a new staff member at <paramref name="center"/> as the operator; answers their name.</summary>
    private async Task<string> RegisterAt(string center)
    {
        var id = $"SEC-{Guid.NewGuid():N}"[..20];
        var created = await Host.Staff.CreateStaffMemberAsync(new CreateStaffMemberRequest
        {
            StaffMemberId = id,
            StaffMember = new StaffMember { DisplayName = "安全测试", Center = center, Post = Post.Hotline12345 },
            RequestId = Seed.RequestId(),
        });
        return created.Name;
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A self-signed server certificate for localhost and 127.0.0.1, valid for a day.</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
