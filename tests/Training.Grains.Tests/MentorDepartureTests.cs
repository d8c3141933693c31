using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Training.EventStore;
using Training.EventStore.Sqlite;
using Training.Grains.Staff;

namespace Training.Grains.Tests;

/// <summary>A staff mentor whose staff record departs is deactivated with it, and their mentees become orphans — also across a restart.</summary>
public sealed class MentorDepartureTests
{
    [Fact]
    public async Task A_departing_staff_member_deactivates_their_mentor_record_whose_mentees_become_orphans_and_it_cannot_be_reactivated()
    {
        await using var cluster = await TrainingCluster.StartAsync();
        var (scenario, mentor, colleague) = await MentoredBatchAsync(cluster.Grains);
        var external = await cluster.Grains.GetGrain<IMentorGrain>($"mentors/{TestData.Unique("m")}").Register(
            new MentorSpec("县人社局 李专家", CountyOf(scenario), MentorKind.External, string.Empty, "县人社局", await FrameworkOf(cluster.Grains, scenario), [new("hotline-12345", 5)], 5),
            TestData.Command());

        await cluster.Grains.GetGrain<IStaffMemberGrain>(colleague).Depart("调往县局", TestData.Command());

        var view = await cluster.Grains.GetGrain<IMentorGrain>(mentor).Get();
        Assert.Equal((false, "staff member departed"), (view.Active, view.InactiveReason));
        var orphans = await cluster.Grains.GetGrain<IBatchMentoringGrain>(scenario.Name).Orphans();
        Assert.Equal(scenario.Staff, orphans.Select(o => o.StaffName));
        Assert.All(orphans, o => Assert.Equal("staff member departed", o.OrphanReason));
        Assert.Contains(await cluster.Grains.GetGrain<IStaffMemberGrain>(colleague).History(1, 100), h => h.EventType == "staff.mentors-told-of-departure.v1");
        Assert.True((await cluster.Grains.GetGrain<IMentorGrain>(external.Name).Get()).Active);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => cluster.Grains.GetGrain<IMentorGrain>(mentor).Reactivate(TestData.Command()));
    }

    [Fact]
    public async Task A_departure_recorded_before_the_mentor_was_told_reaches_the_mentor_after_a_restart()
    {
        var cluster = await TrainingCluster.StartAsync();
        var folder = cluster.DataDirectory;
        var (scenario, mentor, colleague) = await MentoredBatchAsync(cluster.Grains);
        await cluster.StopAsync();

        // The crash between the two writes: the staff record's departure is durable, the mentor never heard of it.
        await using (var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = folder }, NullLogger<SqliteEventStore>.Instance))
        {
            await using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(StaffMemberGrain).Assembly)).BuildServiceProvider();
            var serializer = services.GetRequiredService<Serializer>();
            var departed = new StaffDeparted("调往县局", [mentor]) { RequestId = "depart-1", Actor = "tester", At = DateTimeOffset.UtcNow };
            var version = await store.ReadStreamVersionAsync(colleague);
            var appended = await store.AppendAsync(new StreamCommit(colleague, version, [new EventToAppend("staff.departed.v1", serializer.SerializeToArray<StaffEvent>(departed), departed.At)]));
            Assert.Equal(AppendOutcome.Appended, appended);
        }

        await using var restarted = await TrainingCluster.StartAsync(folder);
        Assert.Equal(StaffStatus.Departed, (await restarted.Grains.GetGrain<IStaffMemberGrain>(colleague).Get()).Status);

        var view = await TestData.EventuallyAsync(() => restarted.Grains.GetGrain<IMentorGrain>(mentor).Get(), v => !v.Active);
        Assert.Equal("staff member departed", view.InactiveReason);
        Assert.Equal(scenario.Staff, (await restarted.Grains.GetGrain<IBatchMentoringGrain>(scenario.Name).Orphans()).Select(o => o.StaffName));
        await TestData.EventuallyAsync(() => restarted.Grains.GetGrain<IStaffMemberGrain>(colleague).History(1, 100), h => h.Any(e => e.EventType == "staff.mentors-told-of-departure.v1"));
    }

    /// <summary>A running batch of two trainees mentored by a staff mentor of the centre; answers the batch, the mentor and the mentor's staff record.</summary>
    private static async Task<(BatchScenario Scenario, string Mentor, string Colleague)> MentoredBatchAsync(IGrainFactory grains)
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 2);
        var colleague = (await TestData.StaffAsync(grains, scenario.Center, 1))[0];
        var mentor = $"mentors/{TestData.Unique("m")}";
        await grains.GetGrain<IMentorGrain>(mentor).Register(
            new MentorSpec("王师傅", scenario.Center, MentorKind.Staff, colleague, string.Empty, await FrameworkOf(grains, scenario), [new("hotline-12345", 4)], 3), TestData.Command());
        await grains.GetGrain<IBatchMentoringGrain>(scenario.Name).AssignMentor(mentor, [.. scenario.Staff], TestData.Command());
        return (scenario, mentor, colleague);
    }

    private static async Task<string> FrameworkOf(IGrainFactory grains, BatchScenario scenario) => (await grains.GetGrain<ICourseGrain>(scenario.Course).Get()).FrameworkName;

    private static string CountyOf(BatchScenario scenario) => scenario.Center[..scenario.Center.LastIndexOf("/centers/", StringComparison.Ordinal)];
}
