using System.Reflection;
using System.Security.Claims;
using Google.Protobuf.Reflection;
using Training.Api.Security;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace Training.Api.Tests;

public class AuthorizationPolicyTests
{
    private const string TTown = "regions/sd/counties/zouping/centers/t-town";
    private const string HanDian = "regions/sd/counties/zouping/centers/han-dian";
    private const string Zouping = "regions/sd/counties/zouping";

    /// <summary>Every service of package training.v1 in the contracts assembly, found by reflection.</summary>
    private static List<ServiceDescriptor> ContractServices() =>
        typeof(Region).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .Where(f => f.Package == "training.v1")
            .SelectMany(f => f.Services)
            .ToList();

    private static Caller CallerWith(params (string Type, string Value)[] claims) =>
        Caller.From(Principal(claims));

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test", TrainingClaims.Subject, TrainingClaims.Role));

    private static bool Allowed(string rpc, Caller caller, Target target)
    {
        var row = AuthorizationPolicyTable.Find(rpc) ?? throw new InvalidOperationException($"no row for {rpc}");
        return row.AllowingRole(caller, target) is not null;
    }

    [Fact]
    public void Every_RPC_of_every_training_v1_service_has_a_row()
    {
        var services = ContractServices();
        Assert.Contains(services, s => s.FullName == "training.v1.AuditService");
        var missing = services.SelectMany(s => s.Methods).Select(m => $"/{m.Service.FullName}/{m.Name}")
            .Where(name => AuthorizationPolicyTable.Find(name) is null).ToList();
        Assert.True(missing.Count == 0, "RPCs without a policy row: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_training_v1_row_names_an_existing_RPC_and_every_list_filter_a_row()
    {
        var methods = ContractServices().SelectMany(s => s.Methods).Select(m => $"/{m.Service.FullName}/{m.Name}").ToHashSet();
        var rows = AuthorizationPolicyTable.Rows.Values;
        Assert.All(rows.Where(r => r.Method.StartsWith("/training.v1.", StringComparison.Ordinal)), r => Assert.Contains(r.Method, methods));
        Assert.All(rows.Where(r => r.Filter is not null), r => Assert.NotNull(AuthorizationPolicyTable.Find(r.Filter!.ReadMethod)));
        Assert.All(rows.Where(r => !r.AllowAnonymous), r => Assert.NotEmpty(r.Rules));
        Assert.All(rows.Where(r => r.AllowAnonymous), r => Assert.Equal(OperationKind.Health, r.Kind));
    }

    [Theory]
    [InlineData("regions/sd", "regions/sd", true)]
    [InlineData("regions/sd", "regions/sd/counties/zouping/centers/t-town", true)]
    [InlineData("regions/sd", "regions/sd2/counties/x", false)]
    [InlineData("regions/sd/counties/zouping", "regions/sd", false)]
    [InlineData("*", "regions/anything", true)]
    [InlineData("*", null, true)]
    [InlineData("regions/sd", null, false)]
    [InlineData("", "regions/sd", false)]
    public void In_scope_is_a_prefix_test_on_whole_segments(string scope, string? name, bool expected) =>
        Assert.Equal(expected, ResourceScope.Contains(scope, name));

    [Fact]
    public void A_centre_manager_reads_their_centre_and_its_ancestors_but_not_a_neighbour()
    {
        var manager = CallerWith((TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, TTown));
        Assert.True(Allowed("/training.v1.OrganizationService/GetCenter", manager, Target.Unit(TTown)));
        Assert.True(Allowed("/training.v1.OrganizationService/GetCounty", manager, Target.Unit(Zouping)));
        Assert.True(Allowed("/training.v1.OrganizationService/GetRegion", manager, Target.Unit("regions/sd")));
        Assert.False(Allowed("/training.v1.OrganizationService/GetCenter", manager, Target.Unit(HanDian)));
        Assert.False(Allowed("/training.v1.OrganizationService/UpdateCenter", manager, Target.Unit(TTown)));
        Assert.True(Allowed("/training.v1.StaffService/GetStaffMember", manager, Target.StaffMember("staff/A", TTown)));
        Assert.False(Allowed("/training.v1.StaffService/GetStaffMember", manager, Target.StaffMember("staff/B", HanDian)));
        Assert.False(Allowed("/training.v1.StaffService/GetStaffMember", manager, Target.StaffMember("staff/UNKNOWN", null)));
    }

    [Fact]
    public void Scope_claims_bind_to_roles_by_kind_so_two_roles_do_not_mix_their_scopes()
    {
        // County admin of another county, trainee at T town: not county-admin over T town.
        var caller = CallerWith(
            (TrainingClaims.Role, Roles.CountyAdmin), (TrainingClaims.Role, Roles.Trainee),
            (TrainingClaims.County, "regions/sd/counties/other"), (TrainingClaims.Center, TTown), (TrainingClaims.Staff, "staff/ME"));
        Assert.False(Allowed("/training.v1.OrganizationService/UpdateCenter", caller, Target.Unit(TTown)));
        Assert.False(Allowed("/training.v1.StaffService/GetStaffMember", caller, Target.StaffMember("staff/OTHER", TTown)));
        Assert.True(Allowed("/training.v1.StaffService/GetStaffMember", caller, Target.StaffMember("staff/ME", TTown)));
        Assert.True(Allowed("/training.v1.OrganizationService/UpdateCenter", caller, Target.Unit("regions/sd/counties/other/centers/x")));
    }

    [Fact]
    public void Malformed_scope_claims_and_unknown_roles_grant_nothing()
    {
        var caller = CallerWith((TrainingClaims.Role, Roles.RegionAdmin), (TrainingClaims.Role, "superuser"), (TrainingClaims.Region, "regions"), (TrainingClaims.Region, "regions/sd/counties/zouping"));
        Assert.Equal([Roles.RegionAdmin], caller.Roles);
        Assert.Empty(caller.ScopesOf(Roles.RegionAdmin));
        Assert.False(Allowed("/training.v1.OrganizationService/GetRegion", caller, Target.Unit("regions/sd")));
    }

    [Fact]
    public void Only_the_province_wide_operator_creates_regions_and_learns_that_unknown_staff_do_not_exist()
    {
        var province = CallerWith((TrainingClaims.Role, Roles.RegionAdmin), (TrainingClaims.Region, TrainingClaims.AllRegions));
        var region = CallerWith((TrainingClaims.Role, Roles.RegionAdmin), (TrainingClaims.Region, "regions/sd"));
        Assert.True(Allowed("/training.v1.OrganizationService/CreateRegion", province, Target.None));
        Assert.False(Allowed("/training.v1.OrganizationService/CreateRegion", region, Target.None));
        Assert.True(Allowed("/training.v1.StaffService/GetStaffMember", province, Target.StaffMember("staff/NOBODY", null)));
        Assert.False(Allowed("/training.v1.StaffService/GetStaffMember", region, Target.StaffMember("staff/NOBODY", null)));
    }

    [Fact]
    public void Question_items_are_for_admins_and_the_catalogue_for_everyone()
    {
        var kiosk = CallerWith((TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, TTown), (TrainingClaims.Kiosk, TTown + "/kiosks/room-1"));
        var county = CallerWith((TrainingClaims.Role, Roles.CountyAdmin), (TrainingClaims.County, Zouping));
        Assert.True(Allowed("/training.v1.CourseService/GetCourse", kiosk, Target.None));
        Assert.False(Allowed("/training.v1.QuestionBankService/GetQuestionItem", kiosk, Target.None));
        Assert.False(Allowed("/training.v1.CourseService/CreateCourse", kiosk, Target.None));
        Assert.True(Allowed("/training.v1.QuestionBankService/GetQuestionItem", county, Target.None));
        Assert.True(Allowed("/training.v1.CourseService/CreateCourse", county, Target.None));
        Assert.True(Allowed("/training.v1.AuditService/ListAuditRecords", county, Target.CatalogueItem("courses/x")));
        Assert.False(Allowed("/training.v1.AuditService/ListAuditRecords", county, Target.Unit("regions/sd")));
    }

    [Fact]
    public async Task Batch_rows_outside_the_callers_scope_are_refused_in_place_and_never_reach_the_registrar()
    {
        var (factory, fakes) = FakeGrains.Create();
        var registrar = new FakeRegistrar((i, row) => new StaffRegistrationResult(i, FakeStaffMember.View($"staff/{row.StaffId}", row.Spec), null, string.Empty));
        fakes.Add<IStaffRegistrarGrain>(0, registrar);
        var request = new BatchCreateStaffMembersRequest
        {
            RequestId = "batch-1",
            Requests = { Samples.Row("IN-1"), Samples.Row("OUT-1", center: HanDian), Samples.Row("IN-2") },
        };
        var rows = new BatchRowAuthorization("/training.v1.StaffService/BatchCreateStaffMembers", center => center == Samples.Center);

        var response = await new StaffApi(factory).BatchCreateStaffMembers(request, TestCallContext.Create(rows: rows));

        Assert.Equal(["IN-1", "IN-2"], Assert.Single(registrar.Calls).Rows.Select(r => r.StaffId));
        Assert.Equal([Code.Ok, Code.PermissionDenied, Code.Ok], response.Results.Select(r => (Code)r.Status.Code));
        Assert.Equal(SecurityStatus.OutOfScope, response.Results[1].Status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal((2, 1), (response.CreatedCount, response.FailedCount));
    }

    [Fact]
    public void The_command_context_carries_the_subject_role_and_client_of_the_principal()
    {
        var user = Principal((TrainingClaims.Subject, "hr-system"), (TrainingClaims.Role, Roles.Integration), (TrainingClaims.ClientId, "hr-appraisal"), (TrainingClaims.County, Zouping));
        var context = TestCallContext.Create(user: user);
        context.GetHttpContext().Request.Headers.UserAgent = "curl/8";

        Assert.Equal(new CommandContext("r-1", "hr-system", Roles.Integration, "hr-appraisal"), Callers.Command(context, "r-1"));
    }

    [Fact]
    public async Task The_interceptor_refuses_calls_without_a_token_and_RPCs_without_a_row()
    {
        var interceptor = new AuthorizationInterceptor(new NoLocator(), new FakeKioskCredentials(), HostPolicyRows.None);
        UnaryServerMethod<Empty, Empty> method = (request, _) => Task.FromResult(request);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new Empty(), TestCallContext.Create(method: "/training.v1.CourseService/ListCourses"), method));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(SecurityStatus.TokenMissing, anonymous.GetRpcStatus()?.GetDetail<ErrorInfo>().Reason);

        var admin = Principal((TrainingClaims.Subject, "op"), (TrainingClaims.Role, Roles.RegionAdmin), (TrainingClaims.Region, TrainingClaims.AllRegions));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new Empty(), TestCallContext.Create(user: admin, method: "/training.v1.CourseService/DeleteEverything"), method));
        Assert.Equal(StatusCode.PermissionDenied, unknown.StatusCode);
        Assert.Equal(SecurityStatus.MethodNotInPolicy, unknown.GetRpcStatus()?.GetDetail<ErrorInfo>().Reason);

        var context = TestCallContext.Create(user: admin, method: "/training.v1.CourseService/ListCourses");
        await interceptor.UnaryServerHandler(new Empty(), context, method);
        Assert.Equal(Roles.RegionAdmin, AuthorizationDecision.Of(context)?.Role);
    }

    [Fact]
    public async Task A_list_answer_keeps_only_what_the_caller_may_read()
    {
        var interceptor = new AuthorizationInterceptor(new NoLocator(), new FakeKioskCredentials(), HostPolicyRows.None);
        var manager = Principal((TrainingClaims.Subject, "m"), (TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, TTown));
        UnaryServerMethod<ListCentersRequest, ListCentersResponse> list = (_, _) => Task.FromResult(new ListCentersResponse
        {
            Centers = { new Center { Name = HanDian }, new Center { Name = TTown } },
        });

        var answer = await interceptor.UnaryServerHandler(new ListCentersRequest { Parent = Zouping }, TestCallContext.Create(user: manager, method: "/training.v1.OrganizationService/ListCenters"), list);

        Assert.Equal([TTown], answer.Centers.Select(c => c.Name));
    }

    [Fact]
    public void Kiosks_are_managed_by_admins_above_and_the_centres_manager_and_a_kiosk_reads_only_itself()
    {
        var kioskName = TTown + "/kiosks/room-2";
        var kiosk = KioskCaller(kioskName, TTown, 1);
        var manager = CallerWith((TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, TTown));
        var neighbour = CallerWith((TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, HanDian));
        var county = CallerWith((TrainingClaims.Role, Roles.CountyAdmin), (TrainingClaims.County, Zouping));
        var trainee = CallerWith((TrainingClaims.Role, Roles.Trainee), (TrainingClaims.Center, TTown), (TrainingClaims.Staff, "staff/ME"));
        var integration = CallerWith((TrainingClaims.Role, Roles.Integration), (TrainingClaims.County, Zouping));
        string[] manage = ["RegisterKiosk", "ListKiosks", "UpdateKiosk", "IssueKioskCredential", "RevokeKiosk", "GetKiosk"];

        foreach (var rpc in manage)
        {
            var target = rpc is "RegisterKiosk" or "ListKiosks" ? Target.Unit(TTown) : Target.KioskItem(kioskName);
            Assert.True(Allowed($"/training.v1.KioskService/{rpc}", manager, target), rpc);
            Assert.True(Allowed($"/training.v1.KioskService/{rpc}", county, target), rpc);
            Assert.False(Allowed($"/training.v1.KioskService/{rpc}", neighbour, target), rpc);
            Assert.False(Allowed($"/training.v1.KioskService/{rpc}", trainee, target), rpc);
            Assert.False(Allowed($"/training.v1.KioskService/{rpc}", integration, target), rpc);
            Assert.Equal(rpc == "GetKiosk", Allowed($"/training.v1.KioskService/{rpc}", kiosk, target));
        }

        Assert.False(Allowed("/training.v1.KioskService/GetKiosk", kiosk, Target.KioskItem(TTown + "/kiosks/room-3")));
        Assert.Equal(TTown, Target.KioskItem(kioskName).Place);
        Assert.Null(Target.KioskItem(TTown + "/kiosks/Bad Id").Place);
        Assert.True(Allowed("/training.v1.AuditService/ListAuditRecords", manager, Target.KioskItem(kioskName)));
        Assert.False(Allowed("/training.v1.AuditService/ListAuditRecords", kiosk, Target.KioskItem(kioskName)));
    }

    [Fact]
    public void Course_batches_are_managed_and_read_by_the_admins_above_the_host_centre_and_its_manager()
    {
        const string batch = TTown + "/batches/hotline-2026";
        const string session = batch + "/sessions/theory-1";
        var manager = CallerWith((TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, TTown));
        var neighbour = CallerWith((TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, HanDian));
        var county = CallerWith((TrainingClaims.Role, Roles.CountyAdmin), (TrainingClaims.County, Zouping));
        var otherCounty = CallerWith((TrainingClaims.Role, Roles.CountyAdmin), (TrainingClaims.County, "regions/sd/counties/other"));
        var trainee = CallerWith((TrainingClaims.Role, Roles.Trainee), (TrainingClaims.Center, TTown), (TrainingClaims.Staff, "staff/ME"));
        var mentor = CallerWith((TrainingClaims.Role, Roles.Mentor), (TrainingClaims.Center, TTown), (TrainingClaims.Staff, "staff/MENTOR"));
        var integration = CallerWith((TrainingClaims.Role, Roles.Integration), (TrainingClaims.County, Zouping));
        var kiosk = KioskCaller(TTown + "/kiosks/room-2", TTown, 1);
        var rpcs = CourseBatchService.Descriptor.Methods.Select(m => m.Name).Where(m => m is not ("CreateCourseBatch" or "ListCourseBatches" or "ListStaffMemberEnrolments"));

        Assert.Equal(TTown, Target.BatchItem(batch).Place);
        Assert.Equal(TTown, Target.BatchItem(session).Place);
        Assert.Null(Target.BatchItem(TTown + "/batches/Bad").Place);
        Assert.Null(Target.BatchItem(TTown).Place);
        foreach (var rpc in rpcs)
        {
            var method = $"/training.v1.CourseBatchService/{rpc}";
            var target = Target.BatchItem(rpc.Contains("Session", StringComparison.Ordinal) || rpc.StartsWith("Record", StringComparison.Ordinal) ? session : batch);
            Assert.True(Allowed(method, manager, target), rpc);
            Assert.True(Allowed(method, county, target), rpc);
            Assert.False(Allowed(method, neighbour, target), rpc);
            Assert.False(Allowed(method, otherCounty, target), rpc);
            Assert.False(Allowed(method, trainee, target), rpc);
            Assert.False(Allowed(method, mentor, target), rpc);
            Assert.Equal(rpc is "GetSessionAttendance" or "StreamSessionAttendance", Allowed(method, kiosk, target));
            Assert.Equal(rpc is "RecordOnlineCompletion", Allowed(method, integration, target));
        }

        Assert.False(Allowed("/training.v1.CourseBatchService/GetSessionAttendance", kiosk, Target.BatchItem(HanDian + "/batches/b/sessions/s")));
        Assert.True(Allowed("/training.v1.CourseBatchService/CreateCourseBatch", manager, Target.Unit(TTown)));
        Assert.False(Allowed("/training.v1.CourseBatchService/CreateCourseBatch", neighbour, Target.Unit(TTown)));
        Assert.True(Allowed("/training.v1.CourseBatchService/ListCourseBatches", county, Target.Unit(HanDian)));
        Assert.True(Allowed("/training.v1.CourseBatchService/ListStaffMemberEnrolments", trainee, Target.StaffMember("staff/ME", TTown)));
        Assert.False(Allowed("/training.v1.CourseBatchService/ListStaffMemberEnrolments", trainee, Target.StaffMember("staff/OTHER", TTown)));
        Assert.True(Allowed("/training.v1.CourseBatchService/ListStaffMemberEnrolments", manager, Target.StaffMember("staff/OTHER", TTown)));
    }

    [Fact]
    public async Task Enrolment_is_refused_whole_outside_the_batchs_scope_and_row_by_row_outside_the_staffs()
    {
        var interceptor = new AuthorizationInterceptor(new NoLocator(), new FakeKioskCredentials(), HostPolicyRows.None);
        var manager = Principal((TrainingClaims.Subject, "m"), (TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, TTown));
        UnaryServerMethod<EnrolStaffMembersRequest, EnrolStaffMembersResponse> enrol = (_, _) => Task.FromResult(new EnrolStaffMembersResponse());
        const string method = "/training.v1.CourseBatchService/EnrolStaffMembers";

        var foreign = TestCallContext.Create(user: manager, method: method);
        var refused = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new EnrolStaffMembersRequest { CourseBatch = HanDian + "/batches/b" }, foreign, enrol));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(SecurityStatus.OutOfScope, refused.GetRpcStatus()?.GetDetail<ErrorInfo>().Reason);

        var own = TestCallContext.Create(user: manager, method: method);
        await interceptor.UnaryServerHandler(new EnrolStaffMembersRequest { CourseBatch = TTown + "/batches/b" }, own, enrol);
        var rows = BatchRowAuthorization.Of(own);
        Assert.Equal(method, rows.Method);
        Assert.True(rows.Allows(TTown));
        Assert.False(rows.Allows(HanDian));
        Assert.False(rows.Allows(string.Empty));
        Assert.Equal(Roles.CenterManager, AuthorizationDecision.Of(own)?.Role);
    }

    [Fact]
    public void A_kiosk_reads_its_own_centre_and_the_catalogue_and_nothing_else()
    {
        var kiosk = KioskCaller(TTown + "/kiosks/room-2", TTown, 1);
        Assert.True(Allowed("/training.v1.OrganizationService/GetCenter", kiosk, Target.Unit(TTown)));
        Assert.True(Allowed("/training.v1.CourseService/ListCourses", kiosk, Target.None));
        Assert.True(Allowed("/training.v1.CompetencyFrameworkService/GetFramework", kiosk, Target.None));
        Assert.False(Allowed("/training.v1.OrganizationService/GetCenter", kiosk, Target.Unit(HanDian)));
        Assert.False(Allowed("/training.v1.OrganizationService/GetCounty", kiosk, Target.Unit(Zouping)));
        Assert.False(Allowed("/training.v1.OrganizationService/ListCenters", kiosk, Target.Unit(Zouping)));
        Assert.False(Allowed("/training.v1.StaffService/ListStaffMembers", kiosk, Target.Unit(TTown)));
        Assert.False(Allowed("/training.v1.StaffService/GetStaffMember", kiosk, Target.StaffMember("staff/A", TTown)));
        Assert.False(Allowed("/training.v1.AuditService/ListAuditRecords", kiosk, Target.Unit(TTown)));
        Assert.Equal(
            ["/training.v1.CheckInService/CheckIn", "/training.v1.CheckInService/ReplayCheckIns"],
            AuthorizationPolicyTable.Rows.Values.Where(r => r.Kind.IsMutating() && r.Rules.ContainsKey(Roles.Kiosk)).Select(r => r.Method).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_a_kiosk_checks_in_and_only_under_its_own_name()
    {
        var kiosk = KioskCaller(TTown + "/kiosks/room-2", TTown, 1);
        foreach (var rpc in new[] { "CheckIn", "ReplayCheckIns" })
        {
            var method = "/training.v1.CheckInService/" + rpc;
            Assert.True(Allowed(method, kiosk, Target.KioskItem(TTown + "/kiosks/room-2")));
            Assert.False(Allowed(method, kiosk, Target.KioskItem(TTown + "/kiosks/room-3")));
            Assert.False(Allowed(method, kiosk, Target.KioskItem(HanDian + "/kiosks/room-2")));
            Assert.Equal([Roles.Kiosk], AuthorizationPolicyTable.Find(method)!.Rules.Keys);
        }
    }

    [Theory]
    [InlineData(KioskCredentialStanding.Revoked, SecurityStatus.KioskRevoked)]
    [InlineData(KioskCredentialStanding.Superseded, SecurityStatus.KioskCredentialSuperseded)]
    [InlineData(KioskCredentialStanding.NotRegistered, SecurityStatus.KioskNotRegistered)]
    public async Task A_device_token_whose_credential_no_longer_stands_is_Unauthenticated_before_any_policy_decision(KioskCredentialStanding standing, string reason)
    {
        var kioskName = TTown + "/kiosks/room-2";
        var kiosks = new FakeKioskCredentials { Standing = standing };
        var interceptor = new AuthorizationInterceptor(new NoLocator(), kiosks, HostPolicyRows.None);
        UnaryServerMethod<GetCenterRequest, Center> get = (request, _) => Task.FromResult(new Center { Name = request.Name });
        var context = TestCallContext.Create(user: KioskPrincipal(kioskName, TTown, 3), method: "/training.v1.OrganizationService/GetCenter");

        var refused = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new GetCenterRequest { Name = TTown }, context, get));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var info = refused.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal(reason, info?.Reason);
        Assert.Equal(kioskName, info?.Metadata["kiosk"]);
        Assert.Equal([(kioskName, 3)], kiosks.Checked);
        Assert.Null(AuthorizationDecision.Of(context));

        // Even an RPC without a row answers Unauthenticated first: a refused device learns nothing more.
        var unknown = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new GetCenterRequest(), TestCallContext.Create(user: KioskPrincipal(kioskName, TTown, 3), method: "/training.v1.OrganizationService/Nothing"), get));
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
    }

    [Fact]
    public async Task A_current_device_token_goes_on_to_the_policy_and_is_recorded_as_the_client()
    {
        var kioskName = TTown + "/kiosks/room-2";
        var kiosks = new FakeKioskCredentials();
        var interceptor = new AuthorizationInterceptor(new NoLocator(), kiosks, HostPolicyRows.None);
        UnaryServerMethod<GetCenterRequest, Center> get = (request, _) => Task.FromResult(new Center { Name = request.Name });

        var own = TestCallContext.Create(user: KioskPrincipal(kioskName, TTown, 1), method: "/training.v1.OrganizationService/GetCenter");
        Assert.Equal(TTown, (await interceptor.UnaryServerHandler(new GetCenterRequest { Name = TTown }, own, get)).Name);
        Assert.Equal(Roles.Kiosk, AuthorizationDecision.Of(own)?.Role);
        Assert.Equal(kioskName, Callers.Command(own, "r-1").Client);

        var other = TestCallContext.Create(user: KioskPrincipal(kioskName, TTown, 1), method: "/training.v1.OrganizationService/GetCenter");
        var denied = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new GetCenterRequest { Name = HanDian }, other, get));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(2, kiosks.Checked.Count);
    }

    [Fact]
    public async Task A_kiosk_token_without_its_generation_or_with_another_centre_or_another_role_is_Unauthenticated_unchecked()
    {
        var kioskName = TTown + "/kiosks/room-2";
        var kiosks = new FakeKioskCredentials();
        var interceptor = new AuthorizationInterceptor(new NoLocator(), kiosks, HostPolicyRows.None);
        UnaryServerMethod<GetCenterRequest, Center> get = (request, _) => Task.FromResult(new Center { Name = request.Name });
        ClaimsPrincipal[] malformed =
        [
            Principal((TrainingClaims.Subject, "k"), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, TTown)),
            Principal((TrainingClaims.Subject, "k"), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, TTown), (TrainingClaims.Kiosk, kioskName)),
            Principal((TrainingClaims.Subject, "k"), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, HanDian), (TrainingClaims.Kiosk, kioskName), (TrainingClaims.KioskGeneration, "1")),
            Principal((TrainingClaims.Subject, "k"), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, TTown), (TrainingClaims.Center, HanDian), (TrainingClaims.Kiosk, kioskName), (TrainingClaims.KioskGeneration, "1")),
            Principal((TrainingClaims.Subject, "k"), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Role, Roles.CountyAdmin), (TrainingClaims.County, Zouping), (TrainingClaims.Center, TTown), (TrainingClaims.Kiosk, kioskName), (TrainingClaims.KioskGeneration, "1")),
            Principal((TrainingClaims.Subject, "k"), (TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, TTown), (TrainingClaims.Kiosk, kioskName), (TrainingClaims.KioskGeneration, "1")),
            Principal((TrainingClaims.Subject, "k"), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, TTown), (TrainingClaims.Kiosk, "kiosks/room-2"), (TrainingClaims.KioskGeneration, "1")),
            Principal((TrainingClaims.Subject, "k"), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, TTown), (TrainingClaims.Kiosk, kioskName), (TrainingClaims.KioskGeneration, "zero")),
        ];

        foreach (var user in malformed)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(new GetCenterRequest { Name = TTown }, TestCallContext.Create(user: user, method: "/training.v1.OrganizationService/GetCenter"), get));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            Assert.Equal(SecurityStatus.TokenInvalid, refused.GetRpcStatus()?.GetDetail<ErrorInfo>().Reason);
        }

        Assert.Empty(kiosks.Checked);
    }

    [Fact]
    public void A_device_token_carries_its_kiosk_centre_room_and_generation_as_claims()
    {
        var issuer = new TokenIssuer("training-platform", "training-api", new byte[32]);
        var view = new KioskView(TTown + "/kiosks/room-2", TTown, "二楼一号机", "二楼培训室", Training.Grains.KioskState.Active, string.Empty, null, 4, 5, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(new KioskDeviceTokens(issuer, TimeSpan.FromDays(365)).Issue(view));

        Assert.Equal(view.Name, token.Subject);
        Assert.Equal([Roles.Kiosk], token.Claims.Where(c => c.Type == TrainingClaims.Role).Select(c => c.Value));
        Assert.Equal(view.Name, token.GetClaim(TrainingClaims.Kiosk).Value);
        Assert.Equal(TTown, token.GetClaim(TrainingClaims.Center).Value);
        Assert.Equal("二楼培训室", token.GetClaim(TrainingClaims.Room).Value);
        Assert.Equal(4, token.GetPayloadValue<int>(TrainingClaims.KioskGeneration));
        Assert.InRange(token.ValidTo - token.ValidFrom, TimeSpan.FromDays(364.9), TimeSpan.FromDays(365.1));
        Assert.Empty(new KioskDeviceTokens(null, TimeSpan.FromDays(1)).Issue(view));
    }

    private static Caller KioskCaller(string kiosk, string center, int generation) => Caller.From(KioskPrincipal(kiosk, center, generation));

    private static ClaimsPrincipal KioskPrincipal(string kiosk, string center, int generation) => Principal(
        (TrainingClaims.Subject, kiosk), (TrainingClaims.Role, Roles.Kiosk), (TrainingClaims.Center, center), (TrainingClaims.Kiosk, kiosk),
        (TrainingClaims.KioskGeneration, generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
