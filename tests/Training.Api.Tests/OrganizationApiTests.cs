namespace Training.Api.Tests;

public class OrganizationApiTests
{
    [Fact]
    public async Task An_invalid_create_names_every_bad_field_and_calls_no_grain()
    {
        var (factory, fakes) = FakeGrains.Create();
        var api = new OrganizationApi(factory);

        var e = await Assert.ThrowsAsync<RpcException>(() => api.CreateRegion(new CreateRegionRequest { RegionId = "Shan Dong", Region = new Region() }, TestCallContext.Create()));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["region.display_name", "region_id", "request_id"], Samples.Fields(e));
        Assert.Empty(fakes.Requested);
    }

    [Fact]
    public async Task A_county_must_be_created_under_a_region_name()
    {
        var (factory, _) = FakeGrains.Create();
        var request = new CreateCountyRequest { Parent = "regions/sd/counties/x", CountyId = "zouping", County = new County { DisplayName = "Zouping" }, RequestId = "r1" };

        var e = await Assert.ThrowsAsync<RpcException>(() => new OrganizationApi(factory).CreateCounty(request, TestCallContext.Create()));

        Assert.Equal(["parent"], Samples.Fields(e));
    }

    [Fact]
    public async Task An_update_sends_only_the_masked_fields_and_the_etag_as_expected_version()
    {
        var (factory, fakes) = FakeGrains.Create();
        var center = new RecordingCenter(Samples.Center);
        fakes.Add<ICenterGrain>(Samples.Center, center);
        var request = new UpdateCenterRequest
        {
            Center = new Center { Name = Samples.Center, DisplayName = "ignored", Phone = "0543 1234", Etag = "\"3\"" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "phone" } },
            RequestId = "r-1",
        };

        var updated = await new OrganizationApi(factory).UpdateCenter(request, TestCallContext.Create());

        Assert.Equal(new OrgUnitPatch(Phone: "0543 1234"), center.Updated?.Patch);
        Assert.Equal(3, center.Updated?.ExpectedVersion);
        Assert.Equal(new CommandContext("r-1", "anonymous"), center.Updated?.Context);
        Assert.Equal("\"4\"", updated.Etag);
    }

    [Fact]
    public async Task An_update_refuses_paths_outside_the_contract_and_bad_phones()
    {
        var (factory, fakes) = FakeGrains.Create();
        var request = new UpdateCenterRequest
        {
            Center = new Center { Name = Samples.Center, Phone = "call me", Etag = "W/x" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "archived", "phone" } },
            RequestId = "r-1",
        };

        var e = await Assert.ThrowsAsync<RpcException>(() => new OrganizationApi(factory).UpdateCenter(request, TestCallContext.Create()));

        Assert.Equal(["center.etag", "center.phone", "update_mask"], Samples.Fields(e));
        Assert.Empty(fakes.Requested);
    }

    [Fact]
    public async Task A_page_token_of_one_list_is_refused_by_another()
    {
        var (factory, _) = FakeGrains.Create();
        var token = Paging.Encode("counties:regions/a", "regions/a/counties/b");

        var e = await Assert.ThrowsAsync<RpcException>(() => new OrganizationApi(factory).ListCounties(new ListCountiesRequest { Parent = "regions/z", PageToken = token }, TestCallContext.Create()));

        Assert.Equal(["page_token"], Samples.Fields(e));
    }
}
