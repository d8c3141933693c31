namespace Training.Grains.Tests;

public sealed class StaffMemberGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    private IStaffMemberGrain NewStaff() => grains.GetGrain<IStaffMemberGrain>($"staff/{TestData.Unique("ZP")}");

    [Fact]
    public async Task Registering_at_an_unknown_centre_is_NotFound_and_leaves_no_record()
    {
        var staff = NewStaff();
        await TestData.Refused(ErrorKind.NotFound, () => staff.Register(TestData.Staff("王芳", "regions/none/counties/none/centers/none"), TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, staff.Get);
        Assert.Empty(await staff.History(1, 10));
    }

    [Fact]
    public async Task A_registered_staff_member_reads_back_and_a_duplicate_is_refused()
    {
        var center = await TestData.CenterAsync(grains);
        var staff = NewStaff();
        var request = TestData.Command();
        var view = await staff.Register(TestData.Staff("王芳", center, Post.SocialSecurity), request);

        Assert.Equal(StaffStatus.Active, view.Status);
        Assert.Equal(center, view.CenterName);
        Assert.Equal(Post.SocialSecurity, view.Post);
        Assert.Equal(view, await staff.Register(TestData.Staff("王芳", center, Post.SocialSecurity), request));
        await TestData.Refused(ErrorKind.AlreadyExists, () => staff.Register(TestData.Staff("王芳", center), TestData.Command()));
        Assert.Single(await staff.History(1, 10));
    }

    [Fact]
    public async Task A_transfer_moves_the_staff_member_from_one_centre_list_to_the_other()
    {
        var from = await TestData.CenterAsync(grains);
        var to = await TestData.CenterAsync(grains);
        var staff = NewStaff();
        await staff.Register(TestData.Staff("张伟", from), TestData.Command());
        var directory = grains.GetGrain<IDirectoryGrain>(0);
        Assert.Single((await directory.ListStaff(from, new PageRequest(10, null))).Items);

        var moved = await staff.Transfer(to, "岗位调整", TestData.Command());

        Assert.Equal(to, moved.CenterName);
        Assert.Empty((await directory.ListStaff(from, new PageRequest(10, null))).Items);
        var listed = Assert.Single((await directory.ListStaff(to, new PageRequest(10, null))).Items);
        Assert.Equal(moved, listed);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => staff.Transfer(to, string.Empty, TestData.Command()));
    }

    [Fact]
    public async Task Leave_return_and_departure_follow_the_status_rules()
    {
        var center = await TestData.CenterAsync(grains);
        var staff = NewStaff();
        await staff.Register(TestData.Staff("刘洋", center), TestData.Command());

        await TestData.Refused(ErrorKind.FailedPrecondition, () => staff.ReturnFromLeave(TestData.Command()));
        Assert.Equal(StaffStatus.OnLeave, (await staff.StartLeave("产假", TestData.Command())).Status);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => staff.StartLeave("again", TestData.Command()));
        Assert.Equal(StaffStatus.Active, (await staff.ReturnFromLeave(TestData.Command())).Status);
        var departed = await staff.Depart("退休", TestData.Command());
        Assert.Equal(StaffStatus.Departed, departed.Status);
        Assert.Equal("退休", departed.StatusReason);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => staff.Update(new StaffPatch(DisplayName: "x"), 0, TestData.Command()));

        var history = await staff.History(1, 100);
        Assert.Equal(["staff.registered.v1", "staff.leave-started.v1", "staff.leave-ended.v1", "staff.departed.v1"], history.Select(h => h.EventType));
        Assert.All(history, h => Assert.Equal("tester", h.Actor));
        Assert.Equal([1L, 2, 3, 4], history.Select(h => h.Version));
    }

    [Fact]
    public async Task Staff_are_found_by_name_or_staff_number_within_their_centre()
    {
        var center = await TestData.CenterAsync(grains);
        var other = await TestData.CenterAsync(grains);
        var prefix = TestData.Unique("ZP");
        await grains.GetGrain<IStaffMemberGrain>($"staff/{prefix}-001").Register(TestData.Staff("王芳", center), TestData.Command());
        await grains.GetGrain<IStaffMemberGrain>($"staff/{prefix}-002").Register(TestData.Staff("王建国", center), TestData.Command());
        await grains.GetGrain<IStaffMemberGrain>($"staff/{prefix}-003").Register(TestData.Staff("李娜", center), TestData.Command());
        await grains.GetGrain<IStaffMemberGrain>($"staff/{prefix}-004").Register(TestData.Staff("王芳", other), TestData.Command());
        var directory = grains.GetGrain<IDirectoryGrain>(0);

        var byName = await directory.ListStaff(center, new PageRequest(10, null, "王"));
        var byNumber = await directory.ListStaff(center, new PageRequest(10, null, $"{prefix}-003".ToUpperInvariant()));

        Assert.Equal(["王芳", "王建国"], byName.Items.Select(s => s.DisplayName));
        Assert.Equal("李娜", Assert.Single(byNumber.Items).DisplayName);
    }

    [Fact]
    public async Task Bulk_registration_reports_each_row_and_a_resent_batch_registers_nothing_twice()
    {
        var center = await TestData.CenterAsync(grains);
        var prefix = TestData.Unique("B");
        await grains.GetGrain<IStaffMemberGrain>($"staff/{prefix}-taken").Register(TestData.Staff("已登记", center), TestData.Command());
        var rows = Enumerable.Range(0, 300).Select(i => new StaffRegistration($"{prefix}-{i:D3}", TestData.Staff($"员工{i}", center)))
            .Append(new StaffRegistration($"{prefix}-taken", TestData.Staff("重复", center)))
            .Append(new StaffRegistration($"{prefix}-lost", TestData.Staff("无中心", "regions/x/counties/y/centers/z")))
            .ToList();
        var registrar = grains.GetGrain<IStaffRegistrarGrain>(0);
        var batch = TestData.Command();

        var results = await registrar.RegisterMany(rows, batch);
        var again = await registrar.RegisterMany(rows, batch);

        Assert.Equal(Enumerable.Range(0, rows.Count), results.Select(r => r.Index));
        Assert.All(results.Take(300), r => Assert.Null(r.Error));
        Assert.Equal(ErrorKind.AlreadyExists, results[300].Error);
        Assert.Equal(ErrorKind.NotFound, results[301].Error);
        Assert.All(again.Take(300), r => Assert.Equal(1, r.Staff!.Version));
        var listed = await grains.GetGrain<IDirectoryGrain>(0).ListStaff(center, new PageRequest(1000, null));
        Assert.Equal(301, listed.Items.Count);
    }

    [Fact]
    public async Task A_profile_update_changes_only_the_given_fields()
    {
        var center = await TestData.CenterAsync(grains);
        var staff = NewStaff();
        await staff.Register(TestData.Staff("陈静", center, Post.GeneralServices), TestData.Command());

        var updated = await staff.Update(new StaffPatch(Post: Post.VeteransServices), 1, TestData.Command());

        Assert.Equal(Post.VeteransServices, updated.Post);
        Assert.Equal("陈静", updated.DisplayName);
        Assert.Equal("0543-1234567", updated.Phone);
        await TestData.Refused(ErrorKind.Aborted, () => staff.Update(new StaffPatch(Phone: "1"), 1, TestData.Command()));
    }
}
