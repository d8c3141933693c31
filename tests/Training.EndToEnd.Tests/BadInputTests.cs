using Google.Protobuf.WellKnownTypes;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Every RPC family refuses what it must with the status of DESIGN.md's error model and the
/// google.rpc details that say why — and a refused request writes nothing: the whole readable world
/// around the seed (<see cref="World"/>) reads back identical. No refusal is ever Internal or Unknown.
/// </summary>
public sealed class BadInputTests(SeededHostFixture fixture) : IClassFixture<SeededHostFixture>
{
    private delegate Task Call(TrainingHostProcess host, Seed seed);

    private TrainingHostProcess Host => fixture.Host;

    public static TheoryData<string> InvalidArgumentCases => new(Invalid.Keys);

    public static TheoryData<string> NotFoundCases => new(Missing.Keys);

    public static TheoryData<string> AlreadyExistsCases => new(Duplicates.Keys);

    public static TheoryData<string> FailedPreconditionCases => new(StateConflicts.Keys);

    public static TheoryData<string> StaleEtagCases => new(StaleEtags.Keys);

    [Theory]
    [MemberData(nameof(InvalidArgumentCases))]
    public async Task Malformed_input_is_InvalidArgument_naming_the_field_and_writes_nothing(string name)
    {
        var (field, call) = Invalid[name];
        var before = await World.TakeAsync(Host, fixture.Seed);
        await Expect.InvalidArgument(field, () => call(Host, fixture.Seed));
        await World.AssertUnchangedAsync(Host, fixture.Seed, before);
    }

    [Theory]
    [MemberData(nameof(NotFoundCases))]
    public async Task Unknown_resources_are_NotFound_and_nothing_is_written(string name)
    {
        var before = await World.TakeAsync(Host, fixture.Seed);
        await Expect.NotFound(() => Missing[name](Host, fixture.Seed));
        await World.AssertUnchangedAsync(Host, fixture.Seed, before);
    }

    [Theory]
    [MemberData(nameof(AlreadyExistsCases))]
    public async Task Duplicate_creates_are_AlreadyExists_and_leave_the_original_untouched(string name)
    {
        var before = await World.TakeAsync(Host, fixture.Seed);
        await Expect.AlreadyExists(() => Duplicates[name](Host, fixture.Seed));
        await World.AssertUnchangedAsync(Host, fixture.Seed, before);
    }

    [Theory]
    [MemberData(nameof(FailedPreconditionCases))]
    public async Task State_conflicts_are_FailedPrecondition_with_a_PreconditionFailure_and_write_nothing(string name)
    {
        var (arrange, act) = StateConflicts[name];
        var seed = await Seed.CreateAsync(Host, staffCount: 3);
        await arrange(Host, seed);
        var before = await World.TakeAsync(Host, seed);
        await Expect.FailedPrecondition(() => act(Host, seed));
        await World.AssertUnchangedAsync(Host, seed, before);
    }

    [Theory]
    [MemberData(nameof(StaleEtagCases))]
    public async Task A_stale_etag_is_Aborted_and_writes_nothing(string name)
    {
        var (arrange, act) = StaleEtags[name];
        var seed = await Seed.CreateAsync(Host, staffCount: 3);
        await arrange(Host, seed);
        var before = await World.TakeAsync(Host, seed);
        await Expect.Aborted(() => act(Host, seed));
        await World.AssertUnchangedAsync(Host, seed, before);
    }

    [Fact]
    public async Task An_import_chunk_reusing_an_earlier_chunks_request_id_is_refused_after_the_earlier_chunk_was_registered()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);
        var requestId = Rid();
        var first = new BatchCreateStaffMembersRequest { RequestId = requestId, Requests = { Row(seed), Row(seed) } };
        var second = new BatchCreateStaffMembersRequest { RequestId = requestId, Requests = { Row(seed) } };

        using var call = Host.Staff.ImportStaffMembers();
        await call.RequestStream.WriteAsync(first);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(2, call.ResponseStream.Current.CreatedCount);
        var before = await World.TakeAsync(Host, seed);

        await call.RequestStream.WriteAsync(second);
        await call.RequestStream.CompleteAsync();
        await Expect.InvalidArgument("request_id", () => call.ResponseStream.MoveNext());
        await World.AssertUnchangedAsync(Host, seed, before);
        await Expect.NotFound(() => Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = $"staff/{second.Requests[0].StaffMemberId}" }).ResponseAsync);
    }

    // ---- InvalidArgument: one case per malformed input, named by the field the violation must name. ----
    private static readonly Dictionary<string, (string Field, Call Call)> Invalid = new(StringComparer.Ordinal)
    {
        // Organization: regions.
        ["CreateRegion region_id upper case"] = ("region_id", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RegionId = "Shandong")).ResponseAsync),
        ["CreateRegion region_id empty"] = ("region_id", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RegionId = string.Empty)).ResponseAsync),
        ["CreateRegion region_id 64 characters"] = ("region_id", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RegionId = new string('a', 64))).ResponseAsync),
        ["CreateRegion region_id leading dash"] = ("region_id", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RegionId = "-sd")).ResponseAsync),
        ["CreateRegion region_id with a slash"] = ("region_id", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RegionId = "sd/x")).ResponseAsync),
        ["CreateRegion request_id missing"] = ("request_id", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RequestId = string.Empty)).ResponseAsync),
        ["CreateRegion request_id 101 characters"] = ("request_id", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RequestId = new string('r', 101))).ResponseAsync),
        ["CreateRegion request_id not printable ASCII"] = ("request_id", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RequestId = "请求 1")).ResponseAsync),
        ["CreateRegion display_name empty"] = ("region.display_name", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.Region.DisplayName = string.Empty)).ResponseAsync),
        ["CreateRegion display_name whitespace"] = ("region.display_name", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.Region.DisplayName = "  \t ")).ResponseAsync),
        ["CreateRegion display_name 201 characters"] = ("region.display_name", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.Region.DisplayName = Long(201))).ResponseAsync),
        ["CreateRegion display_name control character"] = ("region.display_name", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.Region.DisplayName = "山东\u0007省")).ResponseAsync),
        ["CreateRegion description 2001 characters"] = ("region.description", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.Region.Description = Long(2001))).ResponseAsync),
        ["CreateRegion region missing"] = ("region.display_name", (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.Region = null)).ResponseAsync),
        ["GetRegion name malformed"] = ("name", (h, s) => h.Organization.GetRegionAsync(new GetRegionRequest { Name = "region/sd" }).ResponseAsync),
        ["GetRegion name empty"] = ("name", (h, s) => h.Organization.GetRegionAsync(new GetRegionRequest()).ResponseAsync),
        ["GetRegion name of a county"] = ("name", (h, s) => h.Organization.GetRegionAsync(new GetRegionRequest { Name = s.County }).ResponseAsync),
        ["ListRegions page_size negative"] = ("page_size", (h, s) => h.Organization.ListRegionsAsync(new ListRegionsRequest { PageSize = -1 }).ResponseAsync),
        ["ListRegions page_size 1001"] = ("page_size", (h, s) => h.Organization.ListRegionsAsync(new ListRegionsRequest { PageSize = 1001 }).ResponseAsync),
        ["ListRegions page_token garbage"] = ("page_token", (h, s) => h.Organization.ListRegionsAsync(new ListRegionsRequest { PageToken = "not-a-token" }).ResponseAsync),
        ["ListRegions page_token 2000 characters"] = ("page_token", (h, s) => h.Organization.ListRegionsAsync(new ListRegionsRequest { PageToken = new string('A', 2000) }).ResponseAsync),
        ["UpdateRegion name malformed"] = ("region.name", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.Region.Name = "regions/")).ResponseAsync),
        ["UpdateRegion update_mask name"] = ("update_mask", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.UpdateMask = Mask("name"))).ResponseAsync),
        ["UpdateRegion update_mask etag"] = ("update_mask", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.UpdateMask = Mask("etag"))).ResponseAsync),
        ["UpdateRegion update_mask unknown path among good ones"] = ("update_mask", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.UpdateMask = Mask("display_name", "bogus"))).ResponseAsync),
        ["UpdateRegion etag not an etag"] = ("region.etag", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.Region.Etag = "abc")).ResponseAsync),
        ["UpdateRegion etag zero"] = ("region.etag", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.Region.Etag = "\"0\"")).ResponseAsync),
        ["UpdateRegion etag negative"] = ("region.etag", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.Region.Etag = "\"-3\"")).ResponseAsync),
        ["UpdateRegion masked display_name empty"] = ("region.display_name", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.Region.DisplayName = string.Empty)).ResponseAsync),
        ["UpdateRegion request_id missing"] = ("request_id", (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.RequestId = string.Empty)).ResponseAsync),

        // Organization: counties.
        ["CreateCounty parent malformed"] = ("parent", (h, s) => h.Organization.CreateCountyAsync(NewCounty(s, r => r.Parent = "regions")).ResponseAsync),
        ["CreateCounty parent is a county"] = ("parent", (h, s) => h.Organization.CreateCountyAsync(NewCounty(s, r => r.Parent = s.County)).ResponseAsync),
        ["CreateCounty county_id with underscore"] = ("county_id", (h, s) => h.Organization.CreateCountyAsync(NewCounty(s, r => r.CountyId = "zou_ping")).ResponseAsync),
        ["CreateCounty display_name empty"] = ("county.display_name", (h, s) => h.Organization.CreateCountyAsync(NewCounty(s, r => r.County.DisplayName = string.Empty)).ResponseAsync),
        ["CreateCounty request_id missing"] = ("request_id", (h, s) => h.Organization.CreateCountyAsync(NewCounty(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["GetCounty name malformed"] = ("name", (h, s) => h.Organization.GetCountyAsync(new GetCountyRequest { Name = $"{s.Region}/county/zouping" }).ResponseAsync),
        ["ListCounties parent malformed"] = ("parent", (h, s) => h.Organization.ListCountiesAsync(new ListCountiesRequest { Parent = "sd" }).ResponseAsync),
        ["ListCounties page_size 5000"] = ("page_size", (h, s) => h.Organization.ListCountiesAsync(new ListCountiesRequest { Parent = s.Region, PageSize = 5000 }).ResponseAsync),
        ["ListCounties page_token of the centre list"] = ("page_token", async (h, s) =>
        {
            var token = (await h.Organization.ListCentersAsync(new ListCentersRequest { Parent = s.County, PageSize = 1 })).NextPageToken;
            Assert.NotEmpty(token);
            await h.Organization.ListCountiesAsync(new ListCountiesRequest { Parent = s.Region, PageToken = token });
        }),
        ["UpdateCounty name malformed"] = ("county.name", (h, s) => h.Organization.UpdateCountyAsync(CountyUpdate(s, r => r.County.Name = s.Region)).ResponseAsync),
        ["UpdateCounty update_mask address (counties have none)"] = ("update_mask", (h, s) => h.Organization.UpdateCountyAsync(CountyUpdate(s, r => r.UpdateMask = Mask("address"))).ResponseAsync),
        ["UpdateCounty etag not an etag"] = ("county.etag", (h, s) => h.Organization.UpdateCountyAsync(CountyUpdate(s, r => r.County.Etag = "W/\"1\"")).ResponseAsync),
        ["UpdateCounty description 2001 characters"] = ("county.description", (h, s) => h.Organization.UpdateCountyAsync(CountyUpdate(s, r => { r.UpdateMask = Mask("description"); r.County.Description = Long(2001); })).ResponseAsync),
        ["UpdateCounty request_id missing"] = ("request_id", (h, s) => h.Organization.UpdateCountyAsync(CountyUpdate(s, r => r.RequestId = string.Empty)).ResponseAsync),

        // Organization: centres.
        ["CreateCenter parent is a region"] = ("parent", (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.Parent = s.Region)).ResponseAsync),
        ["CreateCenter center_id empty"] = ("center_id", (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.CenterId = string.Empty)).ResponseAsync),
        ["CreateCenter center_id Chinese"] = ("center_id", (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.CenterId = "韩店镇")).ResponseAsync),
        ["CreateCenter phone with letters"] = ("center.phone", (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.Center.Phone = "0543-CALL-ME")).ResponseAsync),
        ["CreateCenter phone 41 characters"] = ("center.phone", (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.Center.Phone = new string('1', 41))).ResponseAsync),
        ["CreateCenter address 501 characters"] = ("center.address", (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.Center.Address = Long(501))).ResponseAsync),
        ["CreateCenter request_id missing"] = ("request_id", (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["GetCenter name malformed"] = ("name", (h, s) => h.Organization.GetCenterAsync(new GetCenterRequest { Name = $"{s.County}/centers/T-Town" }).ResponseAsync),
        ["ListCenters parent malformed"] = ("parent", (h, s) => h.Organization.ListCentersAsync(new ListCentersRequest { Parent = s.Region }).ResponseAsync),
        ["ListCenters page_size negative"] = ("page_size", (h, s) => h.Organization.ListCentersAsync(new ListCentersRequest { Parent = s.County, PageSize = -10 }).ResponseAsync),
        ["ListCenters page_token garbage"] = ("page_token", (h, s) => h.Organization.ListCentersAsync(new ListCentersRequest { Parent = s.County, PageToken = "%%%" }).ResponseAsync),
        ["UpdateCenter update_mask archived"] = ("update_mask", (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s, r => r.UpdateMask = Mask("archived"))).ResponseAsync),
        ["UpdateCenter phone with letters"] = ("center.phone", (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s, r => { r.UpdateMask = Mask("phone"); r.Center.Phone = "ext. 12"; })).ResponseAsync),
        ["UpdateCenter etag not an etag"] = ("center.etag", (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s, r => r.Center.Etag = "yesterday")).ResponseAsync),
        ["UpdateCenter name malformed"] = ("center.name", (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s, r => r.Center.Name = s.County)).ResponseAsync),
        ["UpdateCenter request_id missing"] = ("request_id", (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["ArchiveCenter name malformed"] = ("name", (h, s) => h.Organization.ArchiveCenterAsync(new ArchiveCenterRequest { Name = s.County, RequestId = Rid() }).ResponseAsync),
        ["ArchiveCenter request_id missing"] = ("request_id", (h, s) => h.Organization.ArchiveCenterAsync(new ArchiveCenterRequest { Name = s.OtherCenter }).ResponseAsync),

        // Staff.
        ["CreateStaffMember staff_member_id leading dash"] = ("staff_member_id", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMemberId = "-TT-1")).ResponseAsync),
        ["CreateStaffMember staff_member_id 41 characters"] = ("staff_member_id", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMemberId = new string('A', 41))).ResponseAsync),
        ["CreateStaffMember staff_member_id with a slash"] = ("staff_member_id", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMemberId = "TT/1")).ResponseAsync),
        ["CreateStaffMember staff_member_id Chinese"] = ("staff_member_id", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMemberId = "员工1")).ResponseAsync),
        ["CreateStaffMember staff_member_id empty"] = ("staff_member_id", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMemberId = string.Empty)).ResponseAsync),
        ["CreateStaffMember request_id missing"] = ("request_id", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["CreateStaffMember center malformed"] = ("staff_member.center", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Center = "t-town")).ResponseAsync),
        ["CreateStaffMember center empty"] = ("staff_member.center", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Center = string.Empty)).ResponseAsync),
        ["CreateStaffMember post UNSPECIFIED"] = ("staff_member.post", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Post = Post.Unspecified)).ResponseAsync),
        ["CreateStaffMember post unknown number"] = ("staff_member.post", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Post = (Post)99)).ResponseAsync),
        ["CreateStaffMember display_name empty"] = ("staff_member.display_name", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.DisplayName = string.Empty)).ResponseAsync),
        ["CreateStaffMember display_name 101 characters"] = ("staff_member.display_name", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.DisplayName = Long(101))).ResponseAsync),
        ["CreateStaffMember phone with letters"] = ("staff_member.phone", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Phone = "phone")).ResponseAsync),
        ["CreateStaffMember phone 41 characters"] = ("staff_member.phone", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Phone = new string('9', 41))).ResponseAsync),
        ["CreateStaffMember email without @"] = ("staff_member.email", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Email = "zhang.example.cn")).ResponseAsync),
        ["CreateStaffMember email with two @"] = ("staff_member.email", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Email = "a@b@c.cn")).ResponseAsync),
        ["CreateStaffMember email 201 characters"] = ("staff_member.email", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Email = new string('a', 190) + "@example.cn")).ResponseAsync),
        ["CreateStaffMember staff_member missing"] = ("staff_member.center", (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember = null)).ResponseAsync),
        ["BatchCreateStaffMembers no rows"] = ("requests", (h, s) => h.Staff.BatchCreateStaffMembersAsync(new BatchCreateStaffMembersRequest { RequestId = Rid() }).ResponseAsync),
        ["BatchCreateStaffMembers 5001 rows"] = ("requests", (h, s) => h.Staff.BatchCreateStaffMembersAsync(new BatchCreateStaffMembersRequest { RequestId = Rid(), Requests = { Enumerable.Range(0, 5001).Select(_ => Row(s)) } }).ResponseAsync),
        ["BatchCreateStaffMembers request_id missing"] = ("request_id", (h, s) => h.Staff.BatchCreateStaffMembersAsync(new BatchCreateStaffMembersRequest { Requests = { Row(s), Row(s) } }).ResponseAsync),
        ["ImportStaffMembers chunk without request_id"] = ("request_id", (h, s) => Import(h, new BatchCreateStaffMembersRequest { Requests = { Row(s) } })),
        ["ImportStaffMembers empty chunk"] = ("requests", (h, s) => Import(h, new BatchCreateStaffMembersRequest { RequestId = Rid() })),
        ["GetStaffMember name without id"] = ("name", (h, s) => h.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = "staff/" }).ResponseAsync),
        ["GetStaffMember name with two segments"] = ("name", (h, s) => h.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = $"{s.StaffName(1)}/history" }).ResponseAsync),
        ["GetStaffMember name of another collection"] = ("name", (h, s) => h.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = $"people/{s.StaffId(1)}" }).ResponseAsync),
        ["ListStaffMembers parent malformed"] = ("parent", (h, s) => h.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = s.County }).ResponseAsync),
        ["ListStaffMembers query 101 characters"] = ("query", (h, s) => h.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = s.Center, Query = Long(101) }).ResponseAsync),
        ["ListStaffMembers page_size 1001"] = ("page_size", (h, s) => h.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = s.Center, PageSize = 1001 }).ResponseAsync),
        ["ListStaffMembers page_token of another query"] = ("page_token", async (h, s) =>
        {
            var token = (await h.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = s.Center, PageSize = 1, Query = "员工" })).NextPageToken;
            Assert.NotEmpty(token);
            await h.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = s.Center, PageSize = 1, Query = "TT", PageToken = token });
        }),
        ["ListStaffMembers page_token of another centre"] = ("page_token", async (h, s) =>
        {
            var token = (await h.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = s.Center, PageSize = 1 })).NextPageToken;
            Assert.NotEmpty(token);
            await h.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = s.OtherCenter, PageToken = token });
        }),
        ["UpdateStaffMember update_mask center"] = ("update_mask", (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => { r.UpdateMask = Mask("center"); r.StaffMember.Center = s.OtherCenter; })).ResponseAsync),
        ["UpdateStaffMember update_mask status"] = ("update_mask", (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => r.UpdateMask = Mask("status"))).ResponseAsync),
        ["UpdateStaffMember etag not an etag"] = ("staff_member.etag", (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => r.StaffMember.Etag = "v1")).ResponseAsync),
        ["UpdateStaffMember name malformed"] = ("staff_member.name", (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => r.StaffMember.Name = s.StaffId(1))).ResponseAsync),
        ["UpdateStaffMember masked post UNSPECIFIED"] = ("staff_member.post", (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => r.UpdateMask = Mask("post"))).ResponseAsync),
        ["UpdateStaffMember empty mask means all fields, display_name empty"] = ("staff_member.display_name", (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => { r.UpdateMask = null; r.StaffMember.DisplayName = string.Empty; r.StaffMember.Post = Post.Hotline12345; })).ResponseAsync),
        ["UpdateStaffMember request_id missing"] = ("request_id", (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["TransferStaffMember to_center malformed"] = ("to_center", (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.ToCenter = "han-dian")).ResponseAsync),
        ["TransferStaffMember to_center empty"] = ("to_center", (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.ToCenter = string.Empty)).ResponseAsync),
        ["TransferStaffMember reason 501 characters"] = ("reason", (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.Reason = Long(501))).ResponseAsync),
        ["TransferStaffMember name malformed"] = ("name", (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.Name = "staff/-x")).ResponseAsync),
        ["TransferStaffMember request_id missing"] = ("request_id", (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["StartStaffLeave reason empty"] = ("reason", (h, s) => h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = s.StaffName(3), RequestId = Rid() }).ResponseAsync),
        ["StartStaffLeave reason 501 characters"] = ("reason", (h, s) => h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = s.StaffName(3), Reason = Long(501), RequestId = Rid() }).ResponseAsync),
        ["StartStaffLeave request_id missing"] = ("request_id", (h, s) => h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = s.StaffName(3), Reason = "病假" }).ResponseAsync),
        ["EndStaffLeave name malformed"] = ("name", (h, s) => h.Staff.EndStaffLeaveAsync(new EndStaffLeaveRequest { Name = "staff", RequestId = Rid() }).ResponseAsync),
        ["EndStaffLeave request_id missing"] = ("request_id", (h, s) => h.Staff.EndStaffLeaveAsync(new EndStaffLeaveRequest { Name = s.StaffName(3) }).ResponseAsync),
        ["DepartStaffMember reason whitespace"] = ("reason", (h, s) => h.Staff.DepartStaffMemberAsync(new DepartStaffMemberRequest { Name = s.StaffName(3), Reason = "   ", RequestId = Rid() }).ResponseAsync),
        ["DepartStaffMember request_id missing"] = ("request_id", (h, s) => h.Staff.DepartStaffMemberAsync(new DepartStaffMemberRequest { Name = s.StaffName(3), Reason = "退休" }).ResponseAsync),
        ["ListStaffMemberHistory page_size negative"] = ("page_size", (h, s) => h.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = s.StaffName(1), PageSize = -5 }).ResponseAsync),
        ["ListStaffMemberHistory page_token garbage"] = ("page_token", (h, s) => h.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = s.StaffName(1), PageToken = "Zm9vYmFy" }).ResponseAsync),
        ["ListStaffMemberHistory page_token of the staff list"] = ("page_token", async (h, s) =>
        {
            var token = (await h.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = s.Center, PageSize = 1 })).NextPageToken;
            Assert.NotEmpty(token);
            await h.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = s.StaffName(1), PageToken = token });
        }),
        ["ListStaffMemberHistory name malformed"] = ("name", (h, s) => h.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = "staff/a b" }).ResponseAsync),
        ["StreamStaffMemberHistory name malformed"] = ("name", async (h, s) =>
        {
            using var call = h.Staff.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = s.StaffId(1) });
            await Expect.ReadAll(call.ResponseStream);
        }),

        // Competency frameworks.
        ["CreateFramework framework_id upper case"] = ("framework_id", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.FrameworkId = "PS")).ResponseAsync),
        ["CreateFramework framework missing"] = ("framework", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.Framework = null)).ResponseAsync),
        ["CreateFramework display_name empty"] = ("framework.display_name", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.Framework.DisplayName = string.Empty)).ResponseAsync),
        ["CreateFramework one level"] = ("framework.level_scale", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.Framework.LevelScale.RemoveAt(1))).ResponseAsync),
        ["CreateFramework eleven levels"] = ("framework.level_scale", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r =>
        {
            r.Framework.LevelScale.Clear();
            r.Framework.LevelScale.Add(Enumerable.Range(1, 11).Select(i => new Level { Level_ = i, Label = $"L{i}" }));
        })).ResponseAsync),
        ["CreateFramework levels not consecutive"] = ("framework.level_scale[1].level", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.Framework.LevelScale[1].Level_ = 3)).ResponseAsync),
        ["CreateFramework level label empty"] = ("framework.level_scale[0].label", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.Framework.LevelScale[0].Label = string.Empty)).ResponseAsync),
        ["CreateFramework level label 51 characters"] = ("framework.level_scale[1].label", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.Framework.LevelScale[1].Label = Long(51))).ResponseAsync),
        ["CreateFramework request_id missing"] = ("request_id", (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.RequestId = string.Empty)).ResponseAsync),
        ["GetFramework name malformed"] = ("name", (h, s) => h.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = "framework/ps" }).ResponseAsync),
        ["GetFramework framework_version negative"] = ("framework_version", (h, s) => h.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = s.Framework, FrameworkVersion = -1 }).ResponseAsync),
        ["ListFrameworks page_size 1001"] = ("page_size", (h, s) => h.Frameworks.ListFrameworksAsync(new ListFrameworksRequest { PageSize = 1001 }).ResponseAsync),
        ["ListFrameworks page_token of the course list"] = ("page_token", (h, s) => h.Frameworks.ListFrameworksAsync(new ListFrameworksRequest { PageToken = Base64Url($"courses\n{s.Course}") }).ResponseAsync),
        ["UpdateFramework update_mask competencies"] = ("update_mask", (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s, r => r.UpdateMask = Mask("competencies"))).ResponseAsync),
        ["UpdateFramework update_mask framework_version"] = ("update_mask", (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s, r => r.UpdateMask = Mask("framework_version"))).ResponseAsync),
        ["UpdateFramework etag not an etag"] = ("framework.etag", (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s, r => r.Framework.Etag = "\"v2\"")).ResponseAsync),
        ["UpdateFramework name malformed"] = ("framework.name", (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s, r => r.Framework.Name = $"{s.Framework}/competencies/communication")).ResponseAsync),
        ["UpdateFramework masked level_scale of one level"] = ("framework.level_scale", (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s, r =>
        {
            r.UpdateMask = Mask("level_scale");
            r.Framework.LevelScale.Add(new Level { Level_ = 1, Label = "唯一" });
        })).ResponseAsync),
        ["UpdateFramework request_id missing"] = ("request_id", (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["CreateCompetency parent malformed"] = ("parent", (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Parent = "ps")).ResponseAsync),
        ["CreateCompetency competency_id with a space"] = ("competency_id", (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.CompetencyId = "call handling")).ResponseAsync),
        ["CreateCompetency competency missing"] = ("competency", (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Competency = null)).ResponseAsync),
        ["CreateCompetency dimension UNSPECIFIED"] = ("competency.dimension", (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Competency.Dimension = Dimension.Unspecified)).ResponseAsync),
        ["CreateCompetency dimension unknown number"] = ("competency.dimension", (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Competency.Dimension = (Dimension)42)).ResponseAsync),
        ["CreateCompetency parent_id malformed"] = ("competency.parent_id", (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Competency.ParentId = "Service Awareness")).ResponseAsync),
        ["CreateCompetency display_name 201 characters"] = ("competency.display_name", (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Competency.DisplayName = Long(201))).ResponseAsync),
        ["CreateCompetency request_id missing"] = ("request_id", (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["UpdateCompetency name malformed"] = ("competency.name", (h, s) => h.Frameworks.UpdateCompetencyAsync(CompetencyUpdate(s, r => r.Competency.Name = $"{s.Framework}/competency/communication")).ResponseAsync),
        ["UpdateCompetency update_mask parent_id"] = ("update_mask", (h, s) => h.Frameworks.UpdateCompetencyAsync(CompetencyUpdate(s, r => r.UpdateMask = Mask("parent_id"))).ResponseAsync),
        ["UpdateCompetency masked dimension UNSPECIFIED"] = ("competency.dimension", (h, s) => h.Frameworks.UpdateCompetencyAsync(CompetencyUpdate(s, r => r.UpdateMask = Mask("dimension"))).ResponseAsync),
        ["UpdateCompetency request_id missing"] = ("request_id", (h, s) => h.Frameworks.UpdateCompetencyAsync(CompetencyUpdate(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["RetireCompetency name of the framework"] = ("name", (h, s) => h.Frameworks.RetireCompetencyAsync(new RetireCompetencyRequest { Name = s.Framework, RequestId = Rid() }).ResponseAsync),
        ["RetireCompetency request_id missing"] = ("request_id", (h, s) => h.Frameworks.RetireCompetencyAsync(new RetireCompetencyRequest { Name = $"{s.Framework}/competencies/communication" }).ResponseAsync),
        ["PublishFramework name malformed"] = ("name", (h, s) => h.Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = "frameworks/", RequestId = Rid() }).ResponseAsync),
        ["PublishFramework request_id missing"] = ("request_id", (h, s) => h.Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = s.Framework }).ResponseAsync),

        // Courses.
        ["CreateCourse course_id upper case"] = ("course_id", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.CourseId = "Hotline")).ResponseAsync),
        ["CreateCourse course missing"] = ("course", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course = null)).ResponseAsync),
        ["CreateCourse request_id missing"] = ("request_id", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["CreateCourse display_name empty"] = ("course.display_name", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.DisplayName = string.Empty)).ResponseAsync),
        ["CreateCourse description 2001 characters"] = ("course.description", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Description = Long(2001))).ResponseAsync),
        ["CreateCourse framework malformed"] = ("course.framework", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Framework = "ps")).ResponseAsync),
        ["CreateCourse target_posts empty"] = ("course.target_posts", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.TargetPosts.Clear())).ResponseAsync),
        ["CreateCourse target post UNSPECIFIED"] = ("course.target_posts[1]", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.TargetPosts.Add(Post.Unspecified))).ResponseAsync),
        ["CreateCourse target post listed twice"] = ("course.target_posts[1]", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.TargetPosts.Add(r.Course.TargetPosts[0]))).ResponseAsync),
        ["CreateCourse delivery_mode UNSPECIFIED"] = ("course.delivery_mode", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.DeliveryMode = DeliveryMode.Unspecified)).ResponseAsync),
        ["CreateCourse delivery_mode unknown number"] = ("course.delivery_mode", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.DeliveryMode = (DeliveryMode)7)).ResponseAsync),
        ["CreateCourse two stages"] = ("course.stages", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages.RemoveAt(2))).ResponseAsync),
        ["CreateCourse four stages"] = ("course.stages", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages.Add(Stage(StageKind.OnTheJob)))).ResponseAsync),
        ["CreateCourse stages in the wrong order"] = ("course.stages[0].kind", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r =>
        {
            r.Course.Stages.Clear();
            r.Course.Stages.Add([Stage(StageKind.PracticalDrill), Stage(StageKind.Theory), Stage(StageKind.OnTheJob)]);
        })).ResponseAsync),
        ["CreateCourse on-the-job before the drill"] = ("course.stages[1].kind", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[1].Kind = StageKind.OnTheJob)).ResponseAsync),
        ["CreateCourse stage kind UNSPECIFIED"] = ("course.stages[2].kind", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[2].Kind = StageKind.Unspecified)).ResponseAsync),
        ["CreateCourse stage display_name empty"] = ("course.stages[0].display_name", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[0].DisplayName = string.Empty)).ResponseAsync),
        ["CreateCourse stage planned_hours zero"] = ("course.stages[0].planned_hours", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[0].PlannedHours = 0)).ResponseAsync),
        ["CreateCourse stage planned_hours 201"] = ("course.stages[1].planned_hours", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[1].PlannedHours = 201)).ResponseAsync),
        ["CreateCourse stage without competencies"] = ("course.stages[0].competency_ids", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[0].CompetencyIds.Clear())).ResponseAsync),
        ["CreateCourse stage competency id malformed"] = ("course.stages[1].competency_ids[0]", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[1].CompetencyIds[0] = "Communication!")).ResponseAsync),
        ["CreateCourse stage competency listed twice"] = ("course.stages[2].competency_ids[1]", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[2].CompetencyIds.Add("communication"))).ResponseAsync),
        ["CreateCourse stage competency not in the framework"] = ("course.stages[0].competency_ids", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[0].CompetencyIds[0] = "no-such-competency")).ResponseAsync),
        ["CreateCourse stage assessment 501 characters"] = ("course.stages[2].assessment", (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Stages[2].Assessment = Long(501))).ResponseAsync),
        ["GetCourse name malformed"] = ("name", (h, s) => h.Courses.GetCourseAsync(new GetCourseRequest { Name = "course/x" }).ResponseAsync),
        ["ListCourses page_size negative"] = ("page_size", (h, s) => h.Courses.ListCoursesAsync(new ListCoursesRequest { PageSize = -1 }).ResponseAsync),
        ["ListCourses page_token of the framework list"] = ("page_token", (h, s) => h.Courses.ListCoursesAsync(new ListCoursesRequest { PageToken = Base64Url($"frameworks\n{s.Framework}") }).ResponseAsync),
        ["UpdateCourse update_mask framework"] = ("update_mask", (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r => r.UpdateMask = Mask("framework"))).ResponseAsync),
        ["UpdateCourse update_mask archived"] = ("update_mask", (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r => r.UpdateMask = Mask("archived"))).ResponseAsync),
        ["UpdateCourse etag not an etag"] = ("course.etag", (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r => r.Course.Etag = "\"\"")).ResponseAsync),
        ["UpdateCourse name malformed"] = ("course.name", (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r => r.Course.Name = s.Framework)).ResponseAsync),
        ["UpdateCourse masked stages in the wrong order"] = ("course.stages[1].kind", (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r =>
        {
            r.UpdateMask = Mask("stages");
            r.Course.Stages.Add([Stage(StageKind.Theory), Stage(StageKind.OnTheJob), Stage(StageKind.PracticalDrill)]);
        })).ResponseAsync),
        ["UpdateCourse masked target_posts empty"] = ("course.target_posts", (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r => r.UpdateMask = Mask("target_posts"))).ResponseAsync),
        ["UpdateCourse request_id missing"] = ("request_id", (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["ArchiveCourse name malformed"] = ("name", (h, s) => h.Courses.ArchiveCourseAsync(new ArchiveCourseRequest { Name = "courses/", RequestId = Rid() }).ResponseAsync),
        ["ArchiveCourse request_id missing"] = ("request_id", (h, s) => h.Courses.ArchiveCourseAsync(new ArchiveCourseRequest { Name = s.Course }).ResponseAsync),

        // Question banks and items.
        ["CreateQuestionBank question_bank_id malformed"] = ("question_bank_id", (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.QuestionBankId = "题库")).ResponseAsync),
        ["CreateQuestionBank framework malformed"] = ("question_bank.framework", (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.QuestionBank.Framework = "frameworks")).ResponseAsync),
        ["CreateQuestionBank competency_id malformed"] = ("question_bank.competency_id", (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.QuestionBank.CompetencyId = "Hotline 12345")).ResponseAsync),
        ["CreateQuestionBank display_name empty"] = ("question_bank.display_name", (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.QuestionBank.DisplayName = string.Empty)).ResponseAsync),
        ["CreateQuestionBank question_bank missing"] = ("question_bank", (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.QuestionBank = null)).ResponseAsync),
        ["CreateQuestionBank request_id missing"] = ("request_id", (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["GetQuestionBank name malformed"] = ("name", (h, s) => h.QuestionBanks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = "questionbanks/x" }).ResponseAsync),
        ["ListQuestionBanks query 101 characters"] = ("query", (h, s) => h.QuestionBanks.ListQuestionBanksAsync(new ListQuestionBanksRequest { Query = Long(101) }).ResponseAsync),
        ["ListQuestionBanks page_size 1001"] = ("page_size", (h, s) => h.QuestionBanks.ListQuestionBanksAsync(new ListQuestionBanksRequest { PageSize = 1001 }).ResponseAsync),
        ["ListQuestionBanks page_token garbage"] = ("page_token", (h, s) => h.QuestionBanks.ListQuestionBanksAsync(new ListQuestionBanksRequest { PageToken = "====" }).ResponseAsync),
        ["UpdateQuestionBank update_mask framework"] = ("update_mask", (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s, r => r.UpdateMask = Mask("framework"))).ResponseAsync),
        ["UpdateQuestionBank update_mask competency_id"] = ("update_mask", (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s, r => r.UpdateMask = Mask("competency_id"))).ResponseAsync),
        ["UpdateQuestionBank etag not an etag"] = ("question_bank.etag", (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s, r => r.QuestionBank.Etag = "abc")).ResponseAsync),
        ["UpdateQuestionBank display_name empty"] = ("question_bank.display_name", (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s, r => r.QuestionBank.DisplayName = string.Empty)).ResponseAsync),
        ["UpdateQuestionBank name malformed"] = ("question_bank.name", (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s, r => r.QuestionBank.Name = $"{s.Bank}/items/q1")).ResponseAsync),
        ["UpdateQuestionBank request_id missing"] = ("request_id", (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["CreateQuestionItem parent malformed"] = ("parent", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Parent = s.Framework)).ResponseAsync),
        ["CreateQuestionItem item_id malformed"] = ("item_id", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.ItemId = "Q 2")).ResponseAsync),
        ["CreateQuestionItem item missing"] = ("item", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item = null)).ResponseAsync),
        ["CreateQuestionItem request_id missing"] = ("request_id", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["CreateQuestionItem kind UNSPECIFIED"] = ("item.kind", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Kind = QuestionKind.Unspecified)).ResponseAsync),
        ["CreateQuestionItem kind unknown number"] = ("item.kind", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Kind = (QuestionKind)9)).ResponseAsync),
        ["CreateQuestionItem stem empty"] = ("item.stem", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Stem = string.Empty)).ResponseAsync),
        ["CreateQuestionItem stem 2001 characters"] = ("item.stem", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Stem = Long(2001))).ResponseAsync),
        ["CreateQuestionItem explanation 2001 characters"] = ("item.explanation", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Explanation = Long(2001))).ResponseAsync),
        ["CreateQuestionItem one option"] = ("item.options", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r =>
        {
            r.Item.Options.RemoveAt(2);
            r.Item.Options.RemoveAt(1);
            r.Item.CorrectOptions[0] = 0;
        })).ResponseAsync),
        ["CreateQuestionItem nine options"] = ("item.options", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Options.Add(["丁", "戊", "己", "庚", "辛", "壬"]))).ResponseAsync),
        ["CreateQuestionItem option empty"] = ("item.options[1]", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Options[1] = string.Empty)).ResponseAsync),
        ["CreateQuestionItem option 501 characters"] = ("item.options[2]", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Options[2] = Long(501))).ResponseAsync),
        ["CreateQuestionItem true/false with three options"] = ("item.options", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Kind = QuestionKind.TrueFalse)).ResponseAsync),
        ["CreateQuestionItem single choice with two correct options"] = ("item.correct_options", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.CorrectOptions.Add(2))).ResponseAsync),
        ["CreateQuestionItem multiple choice without a correct option"] = ("item.correct_options", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r =>
        {
            r.Item.Kind = QuestionKind.MultipleChoice;
            r.Item.CorrectOptions.Clear();
        })).ResponseAsync),
        ["CreateQuestionItem correct option out of range"] = ("item.correct_options[0]", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.CorrectOptions[0] = 3)).ResponseAsync),
        ["CreateQuestionItem correct option negative"] = ("item.correct_options[0]", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.CorrectOptions[0] = -1)).ResponseAsync),
        ["CreateQuestionItem correct option listed twice"] = ("item.correct_options[1]", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r =>
        {
            r.Item.Kind = QuestionKind.MultipleChoice;
            r.Item.CorrectOptions.Add(1);
        })).ResponseAsync),
        ["CreateQuestionItem difficulty zero"] = ("item.difficulty", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Difficulty = 0)).ResponseAsync),
        ["CreateQuestionItem difficulty six"] = ("item.difficulty", (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Item.Difficulty = 6)).ResponseAsync),
        ["ReviseQuestionItem name malformed"] = ("item.name", (h, s) => h.QuestionBanks.ReviseQuestionItemAsync(Revise(s, r => r.Item.Name = s.Bank)).ResponseAsync),
        ["ReviseQuestionItem inconsistent content"] = ("item.correct_options", (h, s) => h.QuestionBanks.ReviseQuestionItemAsync(Revise(s, r => r.Item.CorrectOptions.Add(0))).ResponseAsync),
        ["ReviseQuestionItem true/false with one option"] = ("item.options", (h, s) => h.QuestionBanks.ReviseQuestionItemAsync(Revise(s, r =>
        {
            r.Item.Kind = QuestionKind.TrueFalse;
            r.Item.Options.Clear();
            r.Item.Options.Add("对");
            r.Item.CorrectOptions[0] = 0;
        })).ResponseAsync),
        ["ReviseQuestionItem request_id missing"] = ("request_id", (h, s) => h.QuestionBanks.ReviseQuestionItemAsync(Revise(s, r => r.RequestId = string.Empty)).ResponseAsync),
        ["RetireQuestionItem name malformed"] = ("name", (h, s) => h.QuestionBanks.RetireQuestionItemAsync(new RetireQuestionItemRequest { Name = $"{s.Bank}/item/q1", RequestId = Rid() }).ResponseAsync),
        ["RetireQuestionItem request_id missing"] = ("request_id", (h, s) => h.QuestionBanks.RetireQuestionItemAsync(new RetireQuestionItemRequest { Name = $"{s.Bank}/items/q1" }).ResponseAsync),
        ["GetQuestionItem revision negative"] = ("revision", (h, s) => h.QuestionBanks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = $"{s.Bank}/items/q1", Revision = -1 }).ResponseAsync),
        ["GetQuestionItem name malformed"] = ("name", (h, s) => h.QuestionBanks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = "q1" }).ResponseAsync),
        ["ListQuestionItems parent malformed"] = ("parent", (h, s) => h.QuestionBanks.ListQuestionItemsAsync(new ListQuestionItemsRequest { Parent = $"{s.Bank}/items" }).ResponseAsync),
        ["ListQuestionItems page_size negative"] = ("page_size", (h, s) => h.QuestionBanks.ListQuestionItemsAsync(new ListQuestionItemsRequest { Parent = s.Bank, PageSize = -2 }).ResponseAsync),
        ["ListQuestionItems page_token of another bank"] = ("page_token", (h, s) => h.QuestionBanks.ListQuestionItemsAsync(new ListQuestionItemsRequest { Parent = s.Bank, PageToken = Base64Url($"items:questionBanks/other\nq1") }).ResponseAsync),
        ["CreateRubric rubric_id malformed"] = ("rubric_id", (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r => r.RubricId = "Bad Id")).ResponseAsync),
        ["CreateRubric framework malformed"] = ("rubric.framework", (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r => r.Rubric.Framework = "framework/x")).ResponseAsync),
        ["CreateRubric one level"] = ("rubric.levels", (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r =>
        {
            r.Rubric.Levels.RemoveAt(1);
            r.Rubric.Levels.RemoveAt(1);
            r.Rubric.Levels.RemoveAt(1);
            r.Rubric.Levels.RemoveAt(1);
        })).ResponseAsync),
        ["CreateRubric criterion weight zero"] = ("rubric.criteria[0].weight", (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r => r.Rubric.Criteria[0].Weight = 0)).ResponseAsync),
        ["CreateRubric criterion missing a level descriptor"] = ("rubric.criteria[1].level_descriptors", (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r => r.Rubric.Criteria[1].LevelDescriptors.RemoveAt(4))).ResponseAsync),
        ["CreateRubric criterion on an unknown competency"] = ("rubric.criteria[0].competency_id", (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r => r.Rubric.Criteria[0].CompetencyId = "no-such-competency")).ResponseAsync),
        ["CreateRubric criterion id twice"] = ("rubric.criteria[1].criterion_id", (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r => r.Rubric.Criteria[1].CriterionId = "handling")).ResponseAsync),
        ["CreateRubric pass threshold 101"] = ("rubric.pass_threshold", (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r => r.Rubric.PassThreshold = 101)).ResponseAsync),
        ["GetRubric name malformed"] = ("name", (h, s) => PracticalSeed.Rubrics(h).GetRubricAsync(new GetRubricRequest { Name = "rubric/x" }).ResponseAsync),
    };

    // ---- NotFound: well-formed names of resources that do not exist. ----
    private static readonly Dictionary<string, Call> Missing = new(StringComparer.Ordinal)
    {
        ["GetRegion"] = (h, s) => h.Organization.GetRegionAsync(new GetRegionRequest { Name = "regions/nowhere-" + Uid() }).ResponseAsync,
        ["UpdateRegion"] = (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => r.Region.Name = "regions/nowhere")).ResponseAsync,
        ["CreateCounty under an unknown region"] = (h, s) => h.Organization.CreateCountyAsync(NewCounty(s, r => r.Parent = "regions/nowhere")).ResponseAsync,
        ["GetCounty"] = (h, s) => h.Organization.GetCountyAsync(new GetCountyRequest { Name = $"{s.Region}/counties/nowhere" }).ResponseAsync,
        ["UpdateCounty"] = (h, s) => h.Organization.UpdateCountyAsync(CountyUpdate(s, r => r.County.Name = $"{s.Region}/counties/nowhere")).ResponseAsync,
        ["CreateCenter under an unknown county"] = (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.Parent = $"{s.Region}/counties/nowhere")).ResponseAsync,
        ["GetCenter"] = (h, s) => h.Organization.GetCenterAsync(new GetCenterRequest { Name = $"{s.County}/centers/nowhere" }).ResponseAsync,
        ["UpdateCenter"] = (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s, r => r.Center.Name = $"{s.County}/centers/nowhere")).ResponseAsync,
        ["ArchiveCenter"] = (h, s) => h.Organization.ArchiveCenterAsync(new ArchiveCenterRequest { Name = $"{s.County}/centers/nowhere", RequestId = Rid() }).ResponseAsync,
        ["GetStaffMember"] = (h, s) => h.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = "staff/NOBODY-1" }).ResponseAsync,
        ["CreateStaffMember at an unknown centre"] = (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Center = $"{s.County}/centers/nowhere")).ResponseAsync,
        ["UpdateStaffMember"] = (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => r.StaffMember.Name = "staff/NOBODY-1")).ResponseAsync,
        ["TransferStaffMember"] = (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.Name = "staff/NOBODY-1")).ResponseAsync,
        ["TransferStaffMember to an unknown centre"] = (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.ToCenter = $"{s.County}/centers/nowhere")).ResponseAsync,
        ["StartStaffLeave"] = (h, s) => h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = "staff/NOBODY-1", Reason = "病假", RequestId = Rid() }).ResponseAsync,
        ["EndStaffLeave"] = (h, s) => h.Staff.EndStaffLeaveAsync(new EndStaffLeaveRequest { Name = "staff/NOBODY-1", RequestId = Rid() }).ResponseAsync,
        ["DepartStaffMember"] = (h, s) => h.Staff.DepartStaffMemberAsync(new DepartStaffMemberRequest { Name = "staff/NOBODY-1", Reason = "退休", RequestId = Rid() }).ResponseAsync,
        ["ListStaffMemberHistory"] = (h, s) => h.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = "staff/NOBODY-1" }).ResponseAsync,
        ["StreamStaffMemberHistory"] = async (h, s) =>
        {
            using var call = h.Staff.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = "staff/NOBODY-1" });
            await Expect.ReadAll(call.ResponseStream);
        },
        ["GetFramework"] = (h, s) => h.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = "frameworks/nothing" }).ResponseAsync,
        ["GetFramework unpublished version"] = (h, s) => h.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = s.Framework, FrameworkVersion = 99 }).ResponseAsync,
        ["UpdateFramework"] = (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s, r => r.Framework.Name = "frameworks/nothing")).ResponseAsync,
        ["CreateCompetency in an unknown framework"] = (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Parent = "frameworks/nothing")).ResponseAsync,
        ["CreateCompetency under an unknown parent"] = (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Competency.ParentId = "no-such-module")).ResponseAsync,
        ["UpdateCompetency"] = (h, s) => h.Frameworks.UpdateCompetencyAsync(CompetencyUpdate(s, r => r.Competency.Name = $"{s.Framework}/competencies/nothing")).ResponseAsync,
        ["RetireCompetency"] = (h, s) => h.Frameworks.RetireCompetencyAsync(new RetireCompetencyRequest { Name = $"{s.Framework}/competencies/nothing", RequestId = Rid() }).ResponseAsync,
        ["PublishFramework"] = (h, s) => h.Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = "frameworks/nothing", RequestId = Rid() }).ResponseAsync,
        ["GetCourse"] = (h, s) => h.Courses.GetCourseAsync(new GetCourseRequest { Name = "courses/nothing" }).ResponseAsync,
        ["CreateCourse over an unknown framework"] = (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.Course.Framework = "frameworks/nothing")).ResponseAsync,
        ["UpdateCourse"] = (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r => r.Course.Name = "courses/nothing")).ResponseAsync,
        ["ArchiveCourse"] = (h, s) => h.Courses.ArchiveCourseAsync(new ArchiveCourseRequest { Name = "courses/nothing", RequestId = Rid() }).ResponseAsync,
        ["GetQuestionBank"] = (h, s) => h.QuestionBanks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = "questionBanks/nothing" }).ResponseAsync,
        ["CreateQuestionBank over an unknown framework"] = (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.QuestionBank.Framework = "frameworks/nothing")).ResponseAsync,
        ["CreateQuestionBank over an unknown competency"] = (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.QuestionBank.CompetencyId = "nothing")).ResponseAsync,
        ["UpdateQuestionBank"] = (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s, r => r.QuestionBank.Name = "questionBanks/nothing")).ResponseAsync,
        ["CreateQuestionItem in an unknown bank"] = (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.Parent = "questionBanks/nothing")).ResponseAsync,
        ["GetQuestionItem"] = (h, s) => h.QuestionBanks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = $"{s.Bank}/items/nothing" }).ResponseAsync,
        ["GetQuestionItem unknown revision"] = (h, s) => h.QuestionBanks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = $"{s.Bank}/items/q1", Revision = 9 }).ResponseAsync,
        ["ReviseQuestionItem"] = (h, s) => h.QuestionBanks.ReviseQuestionItemAsync(Revise(s, r => r.Item.Name = $"{s.Bank}/items/nothing")).ResponseAsync,
        ["RetireQuestionItem"] = (h, s) => h.QuestionBanks.RetireQuestionItemAsync(new RetireQuestionItemRequest { Name = $"{s.Bank}/items/nothing", RequestId = Rid() }).ResponseAsync,
        ["ListQuestionItems of an unknown bank"] = (h, s) => h.QuestionBanks.ListQuestionItemsAsync(new ListQuestionItemsRequest { Parent = "questionBanks/nothing" }).ResponseAsync,
        ["GetRubric"] = (h, s) => PracticalSeed.Rubrics(h).GetRubricAsync(new GetRubricRequest { Name = "rubrics/nothing" }).ResponseAsync,
        ["CreateRubric over an unknown framework"] = (h, s) => PracticalSeed.Rubrics(h).CreateRubricAsync(PracticalSeed.NewRubric(s, r => r.Rubric.Framework = "frameworks/nothing")).ResponseAsync,
        ["UpdateRubric"] = (h, s) => PracticalSeed.Rubrics(h).UpdateRubricAsync(new UpdateRubricRequest { Rubric = PracticalSeed.NewRubric(s, r => r.Rubric.Name = "rubrics/nothing").Rubric, RequestId = Rid() }).ResponseAsync,
    };

    // ---- AlreadyExists: a create with a new request_id and the id of something that exists. ----
    private static readonly Dictionary<string, Call> Duplicates = new(StringComparer.Ordinal)
    {
        ["CreateRegion"] = (h, s) => h.Organization.CreateRegionAsync(NewRegion(r => r.RegionId = s.Region["regions/".Length..])).ResponseAsync,
        ["CreateCounty"] = (h, s) => h.Organization.CreateCountyAsync(NewCounty(s, r => r.CountyId = "zouping")).ResponseAsync,
        ["CreateCenter"] = (h, s) => h.Organization.CreateCenterAsync(NewCenter(s, r => r.CenterId = "t-town")).ResponseAsync,
        ["CreateStaffMember"] = (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMemberId = s.StaffId(1))).ResponseAsync,
        ["CreateStaffMember at another centre"] = (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r =>
        {
            r.StaffMemberId = s.StaffId(2);
            r.StaffMember.Center = s.OtherCenter;
        })).ResponseAsync,
        ["CreateFramework"] = (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.FrameworkId = s.Framework["frameworks/".Length..])).ResponseAsync,
        ["CreateCompetency"] = (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.CompetencyId = "communication")).ResponseAsync,
        ["CreateCourse"] = (h, s) => h.Courses.CreateCourseAsync(NewCourse(s, r => r.CourseId = s.Course["courses/".Length..])).ResponseAsync,
        ["CreateQuestionBank"] = (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s, r => r.QuestionBankId = s.Bank["questionBanks/".Length..])).ResponseAsync,
        ["CreateQuestionItem"] = (h, s) => h.QuestionBanks.CreateQuestionItemAsync(NewItem(s, r => r.ItemId = "q1")).ResponseAsync,
    };

    // ---- FailedPrecondition: what the state does not allow (arranged on a fresh seed). ----
    private static readonly Dictionary<string, (Call Arrange, Call Act)> StateConflicts = new(StringComparer.Ordinal)
    {
        ["an archived centre takes no new staff"] = (ArchiveNewCenter, (h, s) => h.Staff.CreateStaffMemberAsync(NewStaff(s, r => r.StaffMember.Center = ClosedCenter(s))).ResponseAsync),
        ["an archived centre takes no transfers"] = (ArchiveNewCenter, (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.ToCenter = ClosedCenter(s))).ResponseAsync),
        ["an archived centre cannot be updated"] = (ArchiveNewCenter, (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s, r => r.Center.Name = ClosedCenter(s))).ResponseAsync),
        ["a centre with active staff cannot be archived"] = (Nothing, (h, s) => h.Organization.ArchiveCenterAsync(new ArchiveCenterRequest { Name = s.Center, RequestId = Rid() }).ResponseAsync),
        ["a centre with staff on leave cannot be archived"] = (
            async (h, s) =>
            {
                await h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.Name = s.StaffName(1)));
                await h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = s.StaffName(1), Reason = "产假", RequestId = Rid() });
            },
            (h, s) => h.Organization.ArchiveCenterAsync(new ArchiveCenterRequest { Name = s.OtherCenter, RequestId = Rid() }).ResponseAsync),
        ["a transfer to the staff member's own centre"] = (Nothing, (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.ToCenter = s.Center)).ResponseAsync),
        ["a return from leave when active"] = (Nothing, (h, s) => h.Staff.EndStaffLeaveAsync(new EndStaffLeaveRequest { Name = s.StaffName(1), RequestId = Rid() }).ResponseAsync),
        ["a leave while on leave"] = (
            (h, s) => h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = s.StaffName(2), Reason = "病假", RequestId = Rid() }).ResponseAsync,
            (h, s) => h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = s.StaffName(2), Reason = "事假", RequestId = Rid() }).ResponseAsync),
        ["a departed staff member's profile"] = (DepartStaff3, (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => r.StaffMember.Name = s.StaffName(3))).ResponseAsync),
        ["a departed staff member's transfer"] = (DepartStaff3, (h, s) => h.Staff.TransferStaffMemberAsync(Transfer(s, r => r.Name = s.StaffName(3))).ResponseAsync),
        ["a departed staff member's leave"] = (DepartStaff3, (h, s) => h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = s.StaffName(3), Reason = "病假", RequestId = Rid() }).ResponseAsync),
        ["a departed staff member departing again"] = (DepartStaff3, (h, s) => h.Staff.DepartStaffMemberAsync(new DepartStaffMemberRequest { Name = s.StaffName(3), Reason = "再次离职", RequestId = Rid() }).ResponseAsync),
        ["revising a retired item"] = (
            (h, s) => h.QuestionBanks.RetireQuestionItemAsync(new RetireQuestionItemRequest { Name = $"{s.Bank}/items/q1", RequestId = Rid() }).ResponseAsync,
            (h, s) => h.QuestionBanks.ReviseQuestionItemAsync(Revise(s)).ResponseAsync),
        ["publishing with no changes"] = (Nothing, (h, s) => h.Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = s.Framework, RequestId = Rid() }).ResponseAsync),
        ["publishing a framework without modules"] = (
            (h, s) => h.Frameworks.CreateFrameworkAsync(NewFramework(r => r.FrameworkId = $"empty-{s.Suffix}")).ResponseAsync,
            (h, s) => h.Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = $"frameworks/empty-{s.Suffix}", RequestId = Rid() }).ResponseAsync),
        ["a competency under a retired parent"] = (
            (h, s) => h.Frameworks.RetireCompetencyAsync(new RetireCompetencyRequest { Name = $"{s.Framework}/competencies/service-awareness", RequestId = Rid() }).ResponseAsync,
            (h, s) => h.Frameworks.CreateCompetencyAsync(NewCompetency(s, r => r.Competency.ParentId = "hotline-12345")).ResponseAsync),
        ["a question bank over a retired competency"] = (
            (h, s) => h.Frameworks.RetireCompetencyAsync(new RetireCompetencyRequest { Name = $"{s.Framework}/competencies/communication", RequestId = Rid() }).ResponseAsync,
            (h, s) => h.QuestionBanks.CreateQuestionBankAsync(NewBank(s)).ResponseAsync),
        ["an archived course cannot be updated"] = (
            (h, s) => h.Courses.ArchiveCourseAsync(new ArchiveCourseRequest { Name = s.Course, RequestId = Rid() }).ResponseAsync,
            (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s)).ResponseAsync),
    };

    // ---- Aborted: an update carrying the etag of an older version (the resource was changed since). ----
    private static readonly Dictionary<string, (Call Arrange, Call Act)> StaleEtags = new(StringComparer.Ordinal)
    {
        ["UpdateRegion"] = (
            (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s)).ResponseAsync,
            (h, s) => h.Organization.UpdateRegionAsync(RegionUpdate(s, r => { r.Region.DisplayName = "过期"; r.Region.Etag = "\"1\""; })).ResponseAsync),
        ["UpdateCounty"] = (
            (h, s) => h.Organization.UpdateCountyAsync(CountyUpdate(s)).ResponseAsync,
            (h, s) => h.Organization.UpdateCountyAsync(CountyUpdate(s, r => { r.County.DisplayName = "过期"; r.County.Etag = "\"1\""; })).ResponseAsync),
        ["UpdateCenter"] = (
            (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s)).ResponseAsync,
            (h, s) => h.Organization.UpdateCenterAsync(CenterUpdate(s, r => { r.Center.DisplayName = "过期"; r.Center.Etag = "\"1\""; })).ResponseAsync),
        ["UpdateStaffMember"] = (
            (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s)).ResponseAsync,
            (h, s) => h.Staff.UpdateStaffMemberAsync(StaffUpdate(s, r => { r.StaffMember.DisplayName = "过期"; r.StaffMember.Etag = "\"1\""; })).ResponseAsync),
        ["UpdateFramework"] = (
            (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s)).ResponseAsync,
            (h, s) => h.Frameworks.UpdateFrameworkAsync(FrameworkUpdate(s, r => { r.Framework.DisplayName = "过期"; r.Framework.Etag = "\"1\""; })).ResponseAsync),
        ["UpdateCourse"] = (
            (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s)).ResponseAsync,
            (h, s) => h.Courses.UpdateCourseAsync(CourseUpdate(s, r => { r.Course.DisplayName = "过期"; r.Course.Etag = "\"1\""; })).ResponseAsync),
        ["UpdateQuestionBank"] = (
            (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s)).ResponseAsync,
            (h, s) => h.QuestionBanks.UpdateQuestionBankAsync(BankUpdate(s, r => { r.QuestionBank.DisplayName = "过期"; r.QuestionBank.Etag = "\"1\""; })).ResponseAsync),
    };

    // ---- Arrangements. ----
    private static Task Nothing(TrainingHostProcess host, Seed seed) => Task.CompletedTask;

    private static string ClosedCenter(Seed seed) => $"{seed.County}/centers/closed";

    private static async Task ArchiveNewCenter(TrainingHostProcess host, Seed seed)
    {
        await host.Organization.CreateCenterAsync(NewCenter(seed, r => r.CenterId = "closed"));
        await host.Organization.ArchiveCenterAsync(new ArchiveCenterRequest { Name = ClosedCenter(seed), RequestId = Rid() });
    }

    private static async Task DepartStaff3(TrainingHostProcess host, Seed seed) =>
        await host.Staff.DepartStaffMemberAsync(new DepartStaffMemberRequest { Name = seed.StaffName(3), Reason = "调离", RequestId = Rid() });

    // ---- Request builders: a valid request against the seed, then one change. ----
    private static string Rid() => Seed.RequestId();

    private static string Uid() => Guid.NewGuid().ToString("N")[..10];

    private static string Long(int length) => new('长', length);

    private static FieldMask Mask(params string[] paths) => new() { Paths = { paths } };

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(text));

    private static T With<T>(T request, Action<T>? change)
    {
        change?.Invoke(request);
        return request;
    }

    private static CreateRegionRequest NewRegion(Action<CreateRegionRequest>? change = null) =>
        With(new CreateRegionRequest { RegionId = "r-" + Uid(), Region = new Region { DisplayName = "河北省" }, RequestId = Rid() }, change);

    private static UpdateRegionRequest RegionUpdate(Seed s, Action<UpdateRegionRequest>? change = null) =>
        With(new UpdateRegionRequest { Region = new Region { Name = s.Region, DisplayName = "山东省（改）" }, UpdateMask = Mask("display_name"), RequestId = Rid() }, change);

    private static CreateCountyRequest NewCounty(Seed s, Action<CreateCountyRequest>? change = null) =>
        With(new CreateCountyRequest { Parent = s.Region, CountyId = "c-" + Uid(), County = new County { DisplayName = "博兴县" }, RequestId = Rid() }, change);

    private static UpdateCountyRequest CountyUpdate(Seed s, Action<UpdateCountyRequest>? change = null) =>
        With(new UpdateCountyRequest { County = new County { Name = s.County, DisplayName = "邹平市（改）" }, UpdateMask = Mask("display_name"), RequestId = Rid() }, change);

    private static CreateCenterRequest NewCenter(Seed s, Action<CreateCenterRequest>? change = null) =>
        With(new CreateCenterRequest { Parent = s.County, CenterId = "c-" + Uid(), Center = new Center { DisplayName = "长山镇便民服务中心", Phone = "+86 543-4260001" }, RequestId = Rid() }, change);

    private static UpdateCenterRequest CenterUpdate(Seed s, Action<UpdateCenterRequest>? change = null) =>
        With(new UpdateCenterRequest { Center = new Center { Name = s.OtherCenter, DisplayName = "韩店镇（改）" }, UpdateMask = Mask("display_name"), RequestId = Rid() }, change);

    private static CreateStaffMemberRequest NewStaff(Seed s, Action<CreateStaffMemberRequest>? change = null) =>
        With(Row(s), r => { r.RequestId = Rid(); change?.Invoke(r); });

    /// <summary>A valid batch row (no request_id: rows use the batch's).</summary>
    private static CreateStaffMemberRequest Row(Seed s) => new()
    {
        StaffMemberId = "N-" + Uid(),
        StaffMember = new StaffMember { DisplayName = "新员工", Center = s.Center, Post = Post.GeneralServices, Phone = "+86 0543-1234567", Email = "new@example.cn" },
    };

    private static UpdateStaffMemberRequest StaffUpdate(Seed s, Action<UpdateStaffMemberRequest>? change = null) =>
        With(new UpdateStaffMemberRequest { StaffMember = new StaffMember { Name = s.StaffName(1), DisplayName = "员工01（改）" }, UpdateMask = Mask("display_name"), RequestId = Rid() }, change);

    private static TransferStaffMemberRequest Transfer(Seed s, Action<TransferStaffMemberRequest>? change = null) =>
        With(new TransferStaffMemberRequest { Name = s.StaffName(2), ToCenter = s.OtherCenter, Reason = "岗位调整", RequestId = Rid() }, change);

    private static CreateFrameworkRequest NewFramework(Action<CreateFrameworkRequest>? change = null) => With(
        new CreateFrameworkRequest
        {
            FrameworkId = "f-" + Uid(),
            Framework = new CompetencyFramework { DisplayName = "新框架", LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "掌握" } } },
            RequestId = Rid(),
        },
        change);

    private static UpdateFrameworkRequest FrameworkUpdate(Seed s, Action<UpdateFrameworkRequest>? change = null) =>
        With(new UpdateFrameworkRequest { Framework = new CompetencyFramework { Name = s.Framework, DisplayName = "便民服务能力框架（改）" }, UpdateMask = Mask("display_name"), RequestId = Rid() }, change);

    private static CreateCompetencyRequest NewCompetency(Seed s, Action<CreateCompetencyRequest>? change = null) => With(
        new CreateCompetencyRequest
        {
            Parent = s.Framework,
            CompetencyId = "c-" + Uid(),
            Competency = new Competency { ParentId = "service-awareness", DisplayName = "情绪疏导", Dimension = Dimension.ServiceExcellent },
            RequestId = Rid(),
        },
        change);

    private static UpdateCompetencyRequest CompetencyUpdate(Seed s, Action<UpdateCompetencyRequest>? change = null) =>
        With(new UpdateCompetencyRequest { Competency = new Competency { Name = $"{s.Framework}/competencies/communication", DisplayName = "群众沟通（改）" }, UpdateMask = Mask("display_name"), RequestId = Rid() }, change);

    private static CourseStage Stage(StageKind kind) => new() { Kind = kind, DisplayName = "阶段", CompetencyIds = { "communication" }, PlannedHours = 4, Assessment = "随堂测" };

    private static CreateCourseRequest NewCourse(Seed s, Action<CreateCourseRequest>? change = null) => With(
        new CreateCourseRequest
        {
            CourseId = "c-" + Uid(),
            Course = new Course
            {
                DisplayName = "群众沟通技巧",
                Framework = s.Framework,
                TargetPosts = { Post.GeneralServices },
                DeliveryMode = DeliveryMode.Offline,
                Stages = { Stage(StageKind.Theory), Stage(StageKind.PracticalDrill), Stage(StageKind.OnTheJob) },
            },
            RequestId = Rid(),
        },
        change);

    private static UpdateCourseRequest CourseUpdate(Seed s, Action<UpdateCourseRequest>? change = null) =>
        With(new UpdateCourseRequest { Course = new Course { Name = s.Course, DisplayName = "12345热线诉求办理（改）" }, UpdateMask = Mask("display_name"), RequestId = Rid() }, change);

    private static CreateQuestionBankRequest NewBank(Seed s, Action<CreateQuestionBankRequest>? change = null) => With(
        new CreateQuestionBankRequest
        {
            QuestionBankId = "b-" + Uid(),
            QuestionBank = new QuestionBank { DisplayName = "沟通题库", Framework = s.Framework, CompetencyId = "communication" },
            RequestId = Rid(),
        },
        change);

    private static UpdateQuestionBankRequest BankUpdate(Seed s, Action<UpdateQuestionBankRequest>? change = null) =>
        With(new UpdateQuestionBankRequest { QuestionBank = new QuestionBank { Name = s.Bank, DisplayName = "12345热线题库（改）" }, UpdateMask = Mask("display_name"), RequestId = Rid() }, change);

    private static QuestionItem Item() => new()
    {
        Kind = QuestionKind.SingleChoice,
        Stem = "群众来电反映问题时，首先应当？",
        Options = { "打断并解释政策", "耐心倾听并记录", "转接其他部门" },
        CorrectOptions = { 1 },
        Difficulty = 2,
    };

    private static CreateQuestionItemRequest NewItem(Seed s, Action<CreateQuestionItemRequest>? change = null) =>
        With(new CreateQuestionItemRequest { Parent = s.Bank, ItemId = "q-" + Uid(), Item = Item(), RequestId = Rid() }, change);

    private static ReviseQuestionItemRequest Revise(Seed s, Action<ReviseQuestionItemRequest>? change = null) =>
        With(new ReviseQuestionItemRequest { Item = With(Item(), i => i.Name = $"{s.Bank}/items/q1"), RequestId = Rid() }, change);

    /// <summary>Sends chunks on one import stream and reads its answers to the end (the refusal surfaces there).</summary>
    private static async Task Import(TrainingHostProcess host, params BatchCreateStaffMembersRequest[] chunks)
    {
        using var call = host.Staff.ImportStaffMembers();
        try
        {
            foreach (var chunk in chunks)
            {
                await call.RequestStream.WriteAsync(chunk);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may end the call before every chunk is written; its status is read below.
        }

        await Expect.ReadAll(call.ResponseStream);
    }
}
