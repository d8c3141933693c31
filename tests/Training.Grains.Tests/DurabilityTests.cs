using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Training.Grains.Staff;
using Training.EventStore;
using Training.EventStore.Sqlite;

namespace Training.Grains.Tests;

/// <summary>What a restart and a second writer must not change: every acknowledged event, and nobody's events overwritten.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task After_a_restart_every_resource_reads_back_identical_from_snapshot_and_tail()
    {
        var cluster = await TrainingCluster.StartAsync(snapshotInterval: 10);
        var folder = cluster.DataDirectory;
        var grains = cluster.Grains;
        var centerName = await TestData.CenterAsync(grains);
        var staff = grains.GetGrain<IStaffMemberGrain>("staff/ZP-TT-001");
        await staff.Register(TestData.Staff("王芳", centerName), TestData.Command());
        for (var i = 0; i < 12; i++)
        {
            await staff.StartLeave($"leave {i}", TestData.Command());
            await staff.ReturnFromLeave(TestData.Command());
        }

        await staff.Update(new StaffPatch(DisplayName: "王芳芳"), 0, TestData.Command());
        var frameworkName = await TestData.FrameworkAsync(grains);
        await grains.GetGrain<ICompetencyFrameworkGrain>(frameworkName).Publish(TestData.Command());
        var before = (
            Staff: await staff.Get(),
            History: await staff.History(1, 1000),
            Center: await grains.GetGrain<ICenterGrain>(centerName).Get(),
            Framework: await grains.GetGrain<ICompetencyFrameworkGrain>(frameworkName).Get(1),
            Listed: await grains.GetGrain<IDirectoryGrain>(0).ListStaff(centerName, new PageRequest(10, null)));
        await cluster.StopAsync();

        await using (var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = folder }, NullLogger<SqliteEventStore>.Instance))
        {
            var snapshot = await store.ReadSnapshotAsync("staff/ZP-TT-001");
            Assert.NotNull(snapshot);
            Assert.Equal(20, snapshot.Version);
            Assert.Equal(26, await store.ReadStreamVersionAsync("staff/ZP-TT-001"));
        }

        await using var restarted = await TrainingCluster.StartAsync(folder);
        var after = restarted.Grains;
        Assert.Equal(before.Staff, await after.GetGrain<IStaffMemberGrain>("staff/ZP-TT-001").Get());
        Assert.Equal(before.History, await after.GetGrain<IStaffMemberGrain>("staff/ZP-TT-001").History(1, 1000));
        Assert.Equal(before.Center, await after.GetGrain<ICenterGrain>(centerName).Get());
        var framework = await after.GetGrain<ICompetencyFrameworkGrain>(frameworkName).Get(1);
        Assert.Equal(before.Framework.Competencies, framework.Competencies);
        Assert.Equal(before.Framework.Version, framework.Version);
        Assert.Equal(before.Listed.Items, (await after.GetGrain<IDirectoryGrain>(0).ListStaff(centerName, new PageRequest(10, null))).Items);
        Assert.Equal("王芳芳", before.Staff.DisplayName);
        Assert.Equal(26, before.Staff.Version);

        // A retried request from before the restart is still recognised and writes nothing.
        var replay = before.History[^1].RequestId;
        await after.GetGrain<IStaffMemberGrain>("staff/ZP-TT-001").Update(new StaffPatch(DisplayName: "x"), 0, new CommandContext(replay, "tester"));
        Assert.Equal(26, (await after.GetGrain<IStaffMemberGrain>("staff/ZP-TT-001").Get()).Version);
    }

    [Fact]
    public async Task A_write_racing_another_writer_of_the_same_stream_is_Aborted_not_overwritten()
    {
        await using var cluster = await TrainingCluster.StartAsync();
        var centerName = await TestData.CenterAsync(cluster.Grains);
        var staff = cluster.Grains.GetGrain<IStaffMemberGrain>("staff/RACE-1");
        await staff.Register(TestData.Staff("赵磊", centerName), TestData.Command());

        // Another writer (think: a second activation during a partition) appends version 2 behind the grain's back.
        var silo = Assert.IsType<InProcessSiloHandle>(cluster.Cluster.Primary);
        var serializer = silo.SiloHost.Services.GetRequiredService<Serializer>();
        StaffEvent foreign = new StaffDeparted("recorded elsewhere") { RequestId = "other-writer", Actor = "other", At = DateTimeOffset.UtcNow };
        await using (var other = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = cluster.DataDirectory }, NullLogger<SqliteEventStore>.Instance))
        {
            var outcome = await other.AppendAsync(new StreamCommit("staff/RACE-1", 1, [new EventToAppend("staff.departed.v1", serializer.SerializeToArray(foreign), foreign.At)]));
            Assert.Equal(AppendOutcome.Appended, outcome);
        }

        await TestData.Refused(ErrorKind.Aborted, () => staff.StartLeave("病假", TestData.Command()));
        Assert.Equal(StaffStatus.Departed, (await staff.Get()).Status);

        await using var check = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = cluster.DataDirectory }, NullLogger<SqliteEventStore>.Instance);
        var events = await check.ReadStreamAsync("staff/RACE-1", 1, 10);
        Assert.Equal(["staff.registered.v1", "staff.departed.v1"], events.Select(e => e.Type));
    }
}
