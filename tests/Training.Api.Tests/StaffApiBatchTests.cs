namespace Training.Api.Tests;

public class StaffApiBatchTests
{
    [Fact]
    public async Task Invalid_rows_are_answered_in_place_and_only_valid_rows_reach_the_registrar()
    {
        var (factory, fakes) = FakeGrains.Create();
        var registrar = new FakeRegistrar((i, row) => row.StaffId == "ZP-2"
            ? new StaffRegistrationResult(i, null, ErrorKind.AlreadyExists, "staff/ZP-2 already exists.")
            : new StaffRegistrationResult(i, FakeStaffMember.View($"staff/{row.StaffId}", row.Spec), null, string.Empty));
        fakes.Add<IStaffRegistrarGrain>(0, registrar);
        var request = new BatchCreateStaffMembersRequest
        {
            RequestId = "batch-1",
            Requests =
            {
                Samples.Row("ZP-0"),
                Samples.Row("ZP-1", Training.Contracts.V1.Post.Unspecified),
                Samples.Row("ZP-2"),
                Samples.Row("ZP 3", center: "regions/sd"),
            },
        };

        var response = await new StaffApi(factory).BatchCreateStaffMembers(request, TestCallContext.Create());

        var call = Assert.Single(registrar.Calls);
        Assert.Equal(["ZP-0", "ZP-2"], call.Rows.Select(r => r.StaffId));
        Assert.Equal("batch-1", call.Context.RequestId);
        Assert.Equal([0, 1, 2, 3], response.Results.Select(r => r.Index));
        Assert.Equal([Code.Ok, Code.InvalidArgument, Code.AlreadyExists, Code.InvalidArgument], response.Results.Select(r => (Code)r.Status.Code));
        Assert.Equal("staff/ZP-0", response.Results[0].StaffMember.Name);
        Assert.Equal(["staff_member.post"], response.Results[1].Status.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal("staff/ZP-2", response.Results[2].Status.GetDetail<ResourceInfo>().ResourceName);
        Assert.Equal(["staff_member.center", "staff_member_id"], response.Results[3].Status.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal(1, response.CreatedCount);
        Assert.Equal(3, response.FailedCount);
    }

    [Fact]
    public async Task A_batch_of_only_invalid_rows_calls_no_grain()
    {
        var (factory, fakes) = FakeGrains.Create();
        var request = new BatchCreateStaffMembersRequest { RequestId = "b", Requests = { Samples.Row("-bad") } };

        var response = await new StaffApi(factory).BatchCreateStaffMembers(request, TestCallContext.Create());

        Assert.Equal((0, 1), (response.CreatedCount, response.FailedCount));
        Assert.Empty(fakes.Requested);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5001)]
    public async Task A_batch_needs_1_to_5000_rows(int rows)
    {
        var (factory, _) = FakeGrains.Create();
        var request = new BatchCreateStaffMembersRequest { RequestId = "b" };
        request.Requests.AddRange(Enumerable.Range(0, rows).Select(i => Samples.Row($"ZP-{i}")));

        var e = await Assert.ThrowsAsync<RpcException>(() => new StaffApi(factory).BatchCreateStaffMembers(request, TestCallContext.Create()));

        Assert.Equal(["requests"], Samples.Fields(e));
    }

    [Fact]
    public async Task An_import_answers_each_chunk_and_refuses_a_reused_request_id()
    {
        var (factory, fakes) = FakeGrains.Create();
        var registrar = new FakeRegistrar((i, row) => new StaffRegistrationResult(i, FakeStaffMember.View($"staff/{row.StaffId}", row.Spec), null, string.Empty));
        fakes.Add<IStaffRegistrarGrain>(0, registrar);
        var chunks = new[]
        {
            new BatchCreateStaffMembersRequest { RequestId = "c1", Requests = { Samples.Row("A-1"), Samples.Row("A-2") } },
            new BatchCreateStaffMembersRequest { RequestId = "c2", Requests = { Samples.Row("B-1") } },
            new BatchCreateStaffMembersRequest { RequestId = "c1", Requests = { Samples.Row("C-1") } },
        };
        var writer = new ListWriter<BatchCreateStaffMembersResponse>();

        var e = await Assert.ThrowsAsync<RpcException>(() => new StaffApi(factory).ImportStaffMembers(new ListReader<BatchCreateStaffMembersRequest>(chunks), writer, TestCallContext.Create()));

        Assert.Equal(["request_id"], Samples.Fields(e));
        Assert.Equal([2, 1], writer.Written.Select(r => r.CreatedCount));
        Assert.Equal(["c1", "c2"], registrar.Calls.Select(c => c.Context.RequestId));
    }

    [Fact]
    public async Task A_single_create_validates_contact_details()
    {
        var (factory, fakes) = FakeGrains.Create();
        var row = Samples.Row("ZP-9");
        row.RequestId = "r";
        row.StaffMember.Phone = "0543#1";
        row.StaffMember.Email = "a@b@c";
        row.StaffMember.DisplayName = new string('x', 101);

        var e = await Assert.ThrowsAsync<RpcException>(() => new StaffApi(factory).CreateStaffMember(row, TestCallContext.Create()));

        Assert.Equal(["staff_member.display_name", "staff_member.email", "staff_member.phone"], Samples.Fields(e));
        Assert.Empty(fakes.Requested);
    }
}
