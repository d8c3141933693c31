namespace Training.Grains.Tests;

public sealed class OrganizationGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    [Fact]
    public async Task A_centre_is_created_under_its_county_and_listed_there()
    {
        var center = await TestData.CenterAsync(grains);

        var view = await grains.GetGrain<ICenterGrain>(center).Get();
        Assert.Equal("T镇便民服务中心", view.DisplayName);
        Assert.Equal(center[..center.LastIndexOf("/centers/", StringComparison.Ordinal)], view.Parent);
        Assert.Equal(1, view.Version);

        var listed = await grains.GetGrain<IDirectoryGrain>(0).ListCenters(view.Parent, new PageRequest(10, null));
        Assert.Equal([center], listed.Items.Select(c => c.Name));
    }

    [Fact]
    public async Task A_county_under_a_missing_region_is_refused_and_nothing_is_written()
    {
        var county = grains.GetGrain<ICountyGrain>($"regions/{TestData.Unique("nowhere")}/counties/x");
        await TestData.Refused(ErrorKind.NotFound, () => county.Create(TestData.Unit("x"), TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, county.Get);
    }

    [Fact]
    public async Task A_second_create_is_AlreadyExists_but_a_retry_of_the_first_answers_the_same_and_writes_nothing()
    {
        var region = grains.GetGrain<IRegionGrain>($"regions/{TestData.Unique("r")}");
        var first = TestData.Command();
        var created = await region.Create(TestData.Unit("山东省"), first);

        var retried = await region.Create(TestData.Unit("山东省"), first);
        await TestData.Refused(ErrorKind.AlreadyExists, () => region.Create(TestData.Unit("山东省"), TestData.Command()));

        Assert.Equal(created, retried);
        Assert.Single(await region.History(1, 100));
    }

    [Fact]
    public async Task An_update_with_a_stale_version_is_Aborted_and_the_current_version_wins()
    {
        var center = grains.GetGrain<ICenterGrain>(await TestData.CenterAsync(grains));
        var updated = await center.Update(new OrgUnitPatch(Address: "T镇新址"), expectedVersion: 1, TestData.Command());
        Assert.Equal(2, updated.Version);
        Assert.Equal("T镇新址", updated.Address);
        Assert.Equal("0543-4260000", updated.Phone);

        await TestData.Refused(ErrorKind.Aborted, () => center.Update(new OrgUnitPatch(Phone: "1"), expectedVersion: 1, TestData.Command()));
        Assert.Equal("0543-4260000", (await center.Get()).Phone);
    }

    [Fact]
    public async Task An_archived_county_takes_no_new_centres()
    {
        var center = await TestData.CenterAsync(grains);
        var countyName = center[..center.LastIndexOf("/centers/", StringComparison.Ordinal)];
        await grains.GetGrain<ICountyGrain>(countyName).Archive(TestData.Command());

        await TestData.Refused(ErrorKind.FailedPrecondition, () => grains.GetGrain<ICenterGrain>($"{countyName}/centers/other").Create(TestData.Unit("other"), TestData.Command()));
    }

    [Fact]
    public async Task A_centre_with_active_staff_cannot_be_archived_until_they_leave()
    {
        var centerName = await TestData.CenterAsync(grains);
        var staff = grains.GetGrain<IStaffMemberGrain>($"staff/{TestData.Unique("S")}");
        await staff.Register(TestData.Staff("李娜", centerName), TestData.Command());
        var center = grains.GetGrain<ICenterGrain>(centerName);

        await TestData.Refused(ErrorKind.FailedPrecondition, () => center.Archive(TestData.Command()));
        await staff.Depart("retired", TestData.Command());
        Assert.True((await center.Archive(TestData.Command())).Archived);
    }

    [Fact]
    public async Task Regions_are_listed_in_pages_in_name_order()
    {
        var prefix = TestData.Unique("page");
        foreach (var i in Enumerable.Range(0, 5))
        {
            await grains.GetGrain<IRegionGrain>($"regions/{prefix}-{i}").Create(TestData.Unit($"R{i}"), TestData.Command());
        }

        var directory = grains.GetGrain<IDirectoryGrain>(0);
        var seen = new List<string>();
        string? after = $"regions/{prefix}";
        do
        {
            var page = await directory.ListRegions(new PageRequest(2, after));
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(r => r.Name).Where(n => n.StartsWith($"regions/{prefix}-", StringComparison.Ordinal)));
            after = page.Items.Count > 0 && page.Items[^1].Name.StartsWith($"regions/{prefix}", StringComparison.Ordinal) ? page.NextAfterKey : null;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"regions/{prefix}-{i}"), seen);
    }
}
