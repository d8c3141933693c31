namespace Training.Grains.Tests;

public sealed class KioskGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    /// <summary>Set once a revocation has returned (for the concurrency test).</summary>
    private int revokedAt;

    private static KioskSpec Spec(string room = "二楼培训室") => new("二楼培训室一号机", room);

    [Fact]
    public async Task A_kiosk_is_registered_at_its_centre_with_credential_generation_1_and_listed_there()
    {
        var center = await TestData.CenterAsync(grains);
        var name = $"{center}/kiosks/room-2";

        var view = await grains.GetGrain<IKioskGrain>(name).Register(Spec(), TestData.Command());

        Assert.Equal((name, center, "二楼培训室一号机", "二楼培训室"), (view.Name, view.CenterName, view.DisplayName, view.Room));
        Assert.Equal((KioskState.Active, 1, 2L), (view.State, view.CredentialGeneration, view.Version));
        Assert.Null(view.RevokeTime);
        var history = await grains.GetGrain<IKioskGrain>(name).History(1, 100);
        Assert.Equal(["kiosk.registered.v1", "kiosk.credential-issued.v1"], history.Select(h => h.EventType));
        Assert.Equal(view, Assert.Single((await Directory.ListKiosks(center, new PageRequest(10, null))).Items));
    }

    [Fact]
    public async Task A_centre_with_an_active_kiosk_cannot_be_archived_until_the_kiosk_is_revoked()
    {
        var centerName = await TestData.CenterAsync(grains);
        var kiosk = grains.GetGrain<IKioskGrain>($"{centerName}/kiosks/lobby");
        await kiosk.Register(Spec("一楼大厅"), TestData.Command());
        var center = grains.GetGrain<ICenterGrain>(centerName);

        await TestData.Refused(ErrorKind.FailedPrecondition, () => center.Archive(TestData.Command()));
        Assert.False((await center.Get()).Archived);

        await kiosk.Revoke("centre closing", TestData.Command());
        Assert.True((await center.Archive(TestData.Command())).Archived);
    }

    [Fact]
    public async Task A_kiosk_of_a_missing_centre_is_NotFound_and_of_an_archived_centre_FailedPrecondition_and_nothing_is_written()
    {
        var missing = grains.GetGrain<IKioskGrain>($"regions/{TestData.Unique("nowhere")}/counties/x/centers/y/kiosks/k1");
        await TestData.Refused(ErrorKind.NotFound, () => missing.Register(Spec(), TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, missing.Get);
        Assert.Empty(await missing.History(1, 10));
        Assert.False(await missing.IsCredentialValid(1));

        var center = await TestData.CenterAsync(grains);
        await grains.GetGrain<ICenterGrain>(center).Archive(TestData.Command());
        var archived = grains.GetGrain<IKioskGrain>($"{center}/kiosks/k1");
        await TestData.Refused(ErrorKind.FailedPrecondition, () => archived.Register(Spec(), TestData.Command()));
        Assert.Empty(await archived.History(1, 10));
        Assert.Empty((await Directory.ListKiosks(center, new PageRequest(10, null))).Items);
    }

    [Fact]
    public async Task A_second_registration_is_AlreadyExists_but_a_retry_of_the_first_answers_the_same_and_writes_nothing()
    {
        var kiosk = await RegisteredAsync();
        var first = TestData.Command();
        var other = grains.GetGrain<IKioskGrain>((await kiosk.Get()).CenterName + "/kiosks/k2");
        var created = await other.Register(Spec(), first);

        Assert.Equal(created, await other.Register(Spec("别的房间"), first));
        await TestData.Refused(ErrorKind.AlreadyExists, () => other.Register(Spec(), TestData.Command()));
        Assert.Equal(2, (await other.History(1, 100)).Count);
    }

    [Fact]
    public async Task Issuing_a_credential_moves_to_the_next_generation_and_the_previous_one_stops_working_at_once()
    {
        var kiosk = await RegisteredAsync();
        Assert.True(await kiosk.IsCredentialValid(1));

        var issue = TestData.Command();
        var issued = await kiosk.IssueCredential(issue);

        Assert.Equal(2, issued.CredentialGeneration);
        Assert.False(await kiosk.IsCredentialValid(1));
        Assert.True(await kiosk.IsCredentialValid(2));
        Assert.False(await kiosk.IsCredentialValid(3));
        Assert.False(await kiosk.IsCredentialValid(0));

        // A retry answers generation 2 again and issues nothing; a new request issues generation 3.
        Assert.Equal(issued, await kiosk.IssueCredential(issue));
        Assert.Equal(3, (await kiosk.IssueCredential(TestData.Command())).CredentialGeneration);
        Assert.True(await kiosk.IsCredentialValid(3));
        Assert.False(await kiosk.IsCredentialValid(2));
        var history = await kiosk.History(1, 100);
        Assert.Equal(["Credential generation 1 issued.", "Credential generation 2 issued.", "Credential generation 3 issued."], history.Where(h => h.EventType == "kiosk.credential-issued.v1").Select(h => h.Summary));
    }

    [Fact]
    public async Task A_revoked_kiosk_has_no_valid_credential_takes_no_changes_and_a_second_revoke_writes_nothing()
    {
        var kiosk = await RegisteredAsync();
        await kiosk.IssueCredential(TestData.Command());

        var revoked = await kiosk.Revoke("设备遗失", TestData.Command());

        Assert.Equal((KioskState.Revoked, "设备遗失", 2), (revoked.State, revoked.RevokeReason, revoked.CredentialGeneration));
        Assert.NotNull(revoked.RevokeTime);
        Assert.False(await kiosk.IsCredentialValid(2));
        Assert.False(await kiosk.IsCredentialValid(1));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => kiosk.IssueCredential(TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => kiosk.Update(new KioskPatch(Room: "一楼"), 0, TestData.Command()));
        Assert.Equal(revoked, await kiosk.Revoke("再次", TestData.Command()));
        Assert.Equal(revoked.Version, (await kiosk.History(1, 100)).Count);
        Assert.Equal(KioskState.Revoked, Assert.Single((await Directory.ListKiosks(revoked.CenterName, new PageRequest(10, null))).Items).State);
        await TestData.Refused(ErrorKind.AlreadyExists, () => kiosk.Register(Spec(), TestData.Command()));
    }

    [Fact]
    public async Task Moving_a_kiosk_changes_its_room_keeps_its_credential_and_checks_the_version()
    {
        var kiosk = await RegisteredAsync();

        var moved = await kiosk.Update(new KioskPatch(Room: "三楼会议室"), expectedVersion: 2, TestData.Command());

        Assert.Equal(("三楼会议室", "二楼培训室一号机", 3L, 1), (moved.Room, moved.DisplayName, moved.Version, moved.CredentialGeneration));
        Assert.True(await kiosk.IsCredentialValid(1));
        Assert.Equal("Moved from room \"二楼培训室\" to \"三楼会议室\".", (await kiosk.History(3, 1))[0].Summary);
        await TestData.Refused(ErrorKind.Aborted, () => kiosk.Update(new KioskPatch(Room: "四楼"), expectedVersion: 2, TestData.Command()));

        var both = await kiosk.Update(new KioskPatch("一号机", "一楼大厅"), expectedVersion: 0, TestData.Command());
        Assert.Equal(("一楼大厅", "一号机", 5L), (both.Room, both.DisplayName, both.Version));
        Assert.Equal(["kiosk.renamed.v1", "kiosk.moved.v1"], (await kiosk.History(4, 10)).Select(h => h.EventType));

        // A patch that changes nothing writes nothing.
        Assert.Equal(both, await kiosk.Update(new KioskPatch(Room: "一楼大厅"), 0, TestData.Command()));
        Assert.Equal(5, (await kiosk.History(1, 100)).Count);
        Assert.Equal("一楼大厅", Assert.Single((await Directory.ListKiosks(both.CenterName, new PageRequest(10, null, "大厅"))).Items).Room);
    }

    [Fact]
    public async Task Changes_to_a_kiosk_never_registered_are_NotFound()
    {
        var kiosk = grains.GetGrain<IKioskGrain>($"{await TestData.CenterAsync(grains)}/kiosks/ghost");
        await TestData.Refused(ErrorKind.NotFound, () => kiosk.IssueCredential(TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => kiosk.Revoke("x", TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => kiosk.Update(new KioskPatch(Room: "x"), 0, TestData.Command()));
        Assert.Empty(await kiosk.History(1, 10));
    }

    [Fact]
    public async Task Kiosks_are_listed_per_centre_in_pages_in_name_order()
    {
        var center = await TestData.CenterAsync(grains);
        var other = await TestData.CenterAsync(grains);
        foreach (var i in Enumerable.Range(0, 5))
        {
            await grains.GetGrain<IKioskGrain>($"{center}/kiosks/k-{i}").Register(Spec($"room-{i}"), TestData.Command());
        }

        await grains.GetGrain<IKioskGrain>($"{other}/kiosks/k-9").Register(Spec(), TestData.Command());
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await Directory.ListKiosks(center, new PageRequest(2, after));
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(k => k.Name));
            after = page.NextAfterKey;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{center}/kiosks/k-{i}"), seen);
    }

    [Fact]
    public async Task Checks_of_a_credential_running_alongside_its_revocation_never_answer_true_once_the_revocation_returned()
    {
        var kiosk = await RegisteredAsync();
        using var stop = new CancellationTokenSource();
        var checks = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var answers = new List<(bool Valid, bool AfterRevoke)>();
            while (!stop.IsCancellationRequested)
            {
                var revokedBefore = Volatile.Read(ref revokedAt) > 0;
                answers.Add((await kiosk.IsCredentialValid(1), revokedBefore));
            }

            return answers;
        })).ToList();

        await Task.Delay(50);
        await kiosk.Revoke("测试", TestData.Command());
        Volatile.Write(ref revokedAt, 1);
        await Task.Delay(50);
        await stop.CancelAsync();

        var all = (await Task.WhenAll(checks)).SelectMany(a => a).ToList();
        Assert.Contains(all, a => a.Valid);
        Assert.Contains(all, a => a.AfterRevoke);
        Assert.DoesNotContain(all, a => a.AfterRevoke && a.Valid);
    }

    [Fact]
    public async Task A_revocation_and_the_current_generation_survive_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "training-kiosk-" + Guid.NewGuid().ToString("N"));
        string revokedName, activeName;
        var cluster = await TrainingCluster.StartAsync(data);
        try
        {
            var center = await TestData.CenterAsync(cluster.Grains);
            revokedName = $"{center}/kiosks/lost";
            activeName = $"{center}/kiosks/kept";
            await cluster.Grains.GetGrain<IKioskGrain>(revokedName).Register(Spec(), TestData.Command());
            await cluster.Grains.GetGrain<IKioskGrain>(revokedName).Revoke("设备遗失", TestData.Command());
            var active = cluster.Grains.GetGrain<IKioskGrain>(activeName);
            await active.Register(Spec(), TestData.Command());
            await active.IssueCredential(TestData.Command());
        }
        finally
        {
            await cluster.StopAsync();
        }

        await using var restarted = await TrainingCluster.StartAsync(data);
        Assert.False(await restarted.Grains.GetGrain<IKioskGrain>(revokedName).IsCredentialValid(1));
        Assert.Equal(KioskState.Revoked, (await restarted.Grains.GetGrain<IKioskGrain>(revokedName).Get()).State);
        Assert.True(await restarted.Grains.GetGrain<IKioskGrain>(activeName).IsCredentialValid(2));
        Assert.False(await restarted.Grains.GetGrain<IKioskGrain>(activeName).IsCredentialValid(1));
    }

    private IDirectoryGrain Directory => grains.GetGrain<IDirectoryGrain>(0);

    private async Task<IKioskGrain> RegisteredAsync()
    {
        var kiosk = grains.GetGrain<IKioskGrain>($"{await TestData.CenterAsync(grains)}/kiosks/{TestData.Unique("k")}");
        await kiosk.Register(Spec(), TestData.Command());
        return kiosk;
    }
}
