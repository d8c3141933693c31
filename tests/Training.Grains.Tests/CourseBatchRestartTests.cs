using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Training.EventStore;
using Training.EventStore.Sqlite;
using Training.Grains.Batches;

namespace Training.Grains.Tests;

/// <summary>What a batch must still do after the silo stopped: close the sessions that ended meanwhile, and finish two-grain steps.</summary>
public sealed class CourseBatchRestartTests
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_session_that_ends_while_the_silo_is_down_is_closed_after_the_restart_with_nobody_calling_the_batch()
    {
        // Snapshots every 5 events: the batch's state is read back from a snapshot plus its tail.
        var cluster = await TrainingCluster.StartAsync(snapshotInterval: 5);
        var folder = cluster.DataDirectory;
        var s = await BatchScenario.CreateAsync(cluster.Grains, staff: 2);
        var end = Now.AddSeconds(10);
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(-10), end - Now.AddMinutes(-10)));
        var later = await s.SessionAsync(TestData.Session(Now.AddDays(1)));
        Assert.Equal(CheckInOutcome.Accepted, Assert.Single(await s.CheckInAsync(s.Scan(session, s.Staff[0]))).Outcome);
        var enrolments = await s.Batch.ListEnrolments(new PageRequest(10, null));
        var upcoming = await s.Batch.GetSessionAttendance(later);
        await cluster.StopAsync();

        await using (var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = folder }, NullLogger<SqliteEventStore>.Instance))
        {
            var events = await store.ReadStreamAsync(s.Name, 1, 1000);
            Assert.DoesNotContain(events, e => e.Type == "batch.session-closed.v1");
        }

        var wait = end - Now + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await using var restarted = await TrainingCluster.StartAsync(folder, snapshotInterval: 5);

        // Only the directory is read (it does not activate the batch): the close reminder has to do it.
        var directory = restarted.Grains.GetGrain<IDirectoryGrain>(0);
        var listed = await TestData.EventuallyAsync(
            () => directory.ListBatches(s.Center, new PageRequest(10, null)),
            page => page.Items.Single().Sessions[0].State == SessionState.Closed,
            TimeSpan.FromSeconds(60));
        Assert.Equal((2, 1, 1), (listed.Items[0].Attendance.Expected, listed.Items[0].Attendance.Late, listed.Items[0].Attendance.Absent));
        var absent = (await restarted.Grains.GetGrain<ICourseBatchGrain>(s.Name).GetSessionAttendance(session)).Records.Single(r => r.StaffName == s.Staff[1]);
        Assert.Equal((AttendanceMark.Absent, AttendanceSource.SessionClosed, "system"), (absent.Mark, absent.Source, absent.Actor));
        var batch = restarted.Grains.GetGrain<ICourseBatchGrain>(s.Name);
        Assert.Equal(TestData.Json(enrolments), TestData.Json(await batch.ListEnrolments(new PageRequest(10, null))));
        Assert.Equal(TestData.Json(upcoming), TestData.Json(await batch.GetSessionAttendance(later)));
    }

    [Fact]
    public async Task An_enrolment_recorded_but_not_yet_told_to_the_staff_record_when_the_silo_died_is_delivered_when_the_batch_is_activated_again()
    {
        var cluster = await TrainingCluster.StartAsync();
        var folder = cluster.DataDirectory;
        var s = await BatchScenario.CreateAsync(cluster.Grains, staff: 0, start: false);
        var staff = (await TestData.StaffAsync(cluster.Grains, s.Center, 1))[0];
        await cluster.StopAsync();

        // The crash between the two writes: the batch's event is durable, the staff record never heard of it.
        await using (var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = folder }, NullLogger<SqliteEventStore>.Instance))
        {
            await using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(CourseBatchGrain).Assembly)).BuildServiceProvider();
            var serializer = services.GetRequiredService<Serializer>();
            var enrolled = new StaffEnrolled(staff, "学员000", s.Center, Post.Hotline12345, WaitListed: false) { RequestId = "enrol-1", Actor = "tester", At = Now };
            var version = await store.ReadStreamVersionAsync(s.Name);
            var appended = await store.AppendAsync(new StreamCommit(s.Name, version, [new EventToAppend("batch.staff-enrolled.v1", serializer.SerializeToArray<CourseBatchEvent>(enrolled), enrolled.At)]));
            Assert.Equal(AppendOutcome.Appended, appended);
        }

        await using var restarted = await TrainingCluster.StartAsync(folder);
        var batch = restarted.Grains.GetGrain<ICourseBatchGrain>(s.Name);

        var enrolment = await TestData.EventuallyAsync(() => batch.ListEnrolments(new PageRequest(10, null)), page => page.Items.Single().Confirmed);
        Assert.Equal((staff, EnrolmentStatus.Enrolled), (enrolment.Items[0].StaffName, enrolment.Items[0].Status));
        var held = Assert.Single(await restarted.Grains.GetGrain<IStaffMemberGrain>(staff).Enrolments());
        Assert.Equal((s.Name, EnrolmentStatus.Enrolled, 1L), (held.BatchName, held.Status, held.Sequence));
    }
}
