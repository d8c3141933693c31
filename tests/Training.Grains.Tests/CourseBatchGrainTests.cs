using Training.EventStore;

namespace Training.Grains.Tests;

/// <summary>A course batch's lifecycle, sessions and enrolment (attendance and make-ups have their own classes).</summary>
public sealed class CourseBatchGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_batch_copies_its_courses_stages_includes_its_host_centre_and_is_listed_under_it()
    {
        var center = await TestData.CenterAsync(grains);
        var course = await TestData.CourseAsync(grains);
        var name = $"{center}/batches/{TestData.Unique("b")}";
        var batch = grains.GetGrain<ICourseBatchGrain>(name);

        var created = await batch.Create(TestData.Batch(course), TestData.Command());

        Assert.Equal((name, center, BatchState.Planned), (created.Name, created.HostCenter, created.State));
        Assert.Equal([center], created.Spec.Centers);
        Assert.Equal([StageKind.Theory, StageKind.PracticalDrill, StageKind.OnTheJob], created.Stages.Select(s => s.Kind));
        Assert.Equal(["hotline-12345", "communication"], created.Stages[0].CompetencyIds);
        Assert.Equal(TestData.Json(created), TestData.Json(await batch.Get()));
        Assert.Equal(TestData.Json(created), TestData.Json(Assert.Single((await grains.GetGrain<IDirectoryGrain>(0).ListBatches(center, new PageRequest(10, null))).Items)));
        Assert.Equal(["batch.created.v1"], (await batch.History(1, 10)).Select(h => h.EventType));
        await TestData.Refused(ErrorKind.AlreadyExists, () => batch.Create(TestData.Batch(course), TestData.Command()));
    }

    [Fact]
    public async Task A_batch_of_an_unknown_or_archived_course_or_of_a_centre_outside_the_county_is_refused_and_nothing_is_written()
    {
        var center = await TestData.CenterAsync(grains);
        var course = await TestData.CourseAsync(grains);
        var batch = grains.GetGrain<ICourseBatchGrain>($"{center}/batches/{TestData.Unique("b")}");

        await TestData.Refused(ErrorKind.NotFound, () => batch.Create(TestData.Batch("courses/none"), TestData.Command()));
        var elsewhere = await TestData.CenterAsync(grains);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Create(TestData.Batch(course, centers: [elsewhere]), TestData.Command()));
        var county = center[..center.LastIndexOf("/centers/", StringComparison.Ordinal)];
        await TestData.Refused(ErrorKind.NotFound, () => batch.Create(TestData.Batch(course, centers: [$"{county}/centers/nowhere"]), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => batch.Create(TestData.Batch(course, capacity: 0), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => batch.Create(TestData.Batch(course, checkIn: new CheckInPolicy(OnTimeMinutes: 40, LateMinutes: 30)), TestData.Command()));
        await grains.GetGrain<ICourseGrain>(course).Archive(TestData.Command());
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Create(TestData.Batch(course), TestData.Command()));

        await TestData.Refused(ErrorKind.NotFound, batch.Get);
        Assert.Empty(await batch.History(1, 10));
    }

    [Fact]
    public async Task The_lifecycle_runs_planned_open_running_completed_and_refuses_every_other_step()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 0, start: false);
        var batch = s.Batch;
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Start(TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.OpenEnrolment(TestData.Command()));

        // Open, but nobody enrolled: it does not start.
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Start(TestData.Command()));
        var staff = await TestData.StaffAsync(grains, s.Center, 2);
        await batch.Enrol(staff, TestData.Command());
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(-10)));
        Assert.Equal(BatchState.Running, (await batch.Start(TestData.Command())).State);

        // A session has not ended: it does not complete.
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Complete(TestData.Command()));
        await batch.CloseSession(session, TestData.Command());
        var completed = await batch.Complete(TestData.Command());

        Assert.Equal(BatchState.Completed, completed.State);
        Assert.All((await batch.ListEnrolments(new PageRequest(10, null))).Items, e => Assert.Equal((EnrolmentStatus.Completed, true), (e.Status, e.Confirmed)));
        Assert.All(await HeldStatuses(staff, s.Name), status => Assert.Equal(EnrolmentStatus.Completed, status));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Cancel("too late", TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.AddSession("late", TestData.Session(Now.AddHours(1)), TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Update(new BatchPatch(Capacity: 10), 0, TestData.Command()));
    }

    [Fact]
    public async Task A_cancelled_batch_cancels_its_sessions_and_enrolments_and_the_staff_records_and_room_schedule_follow()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 2);
        var session = await s.SessionAsync(TestData.Session(Now.AddHours(1)));
        Assert.Single(await RoomSessions(s.Center));

        var cancelled = await s.Batch.Cancel("县里统一调整培训计划", TestData.Command());

        Assert.Equal((BatchState.Cancelled, "县里统一调整培训计划"), (cancelled.State, cancelled.CancelReason));
        Assert.Equal(SessionState.Cancelled, Assert.Single(cancelled.Sessions).State);
        Assert.All(await HeldStatuses(s.Staff, s.Name), status => Assert.Equal(EnrolmentStatus.Cancelled, status));
        Assert.Empty(await RoomSessions(s.Center));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.Cancel("again", TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.Enrol([s.Staff[0]], TestData.Command()));
        Assert.Equal(CheckInRejection.BatchNotRunning, Assert.Single(await s.CheckInAsync(s.Scan(session, s.Staff[0])))!.Rejection);
    }

    [Fact]
    public async Task A_retried_lifecycle_request_answers_the_same_and_writes_nothing()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 1, start: false);
        var start = TestData.Command();
        var first = await s.Batch.Start(start);
        var length = (await s.Batch.History(1, 100)).Count;

        Assert.Equal(TestData.Json(first), TestData.Json(await s.Batch.Start(start)));
        Assert.Equal(length, (await s.Batch.History(1, 100)).Count);
    }

    [Fact]
    public async Task Sessions_that_break_the_rules_are_refused_with_the_field_that_is_wrong()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 0, start: false);
        var start = Now.AddDays(1);
        var ok = TestData.Session(start);

        await Invalid("session.end_time", ok with { EndTime = start });
        await Invalid("session.end_time", ok with { EndTime = start.AddHours(12).AddMinutes(1) });
        await Invalid("session.end_time", ok with { StartTime = Now.AddHours(-3), EndTime = Now.AddHours(-1) });
        await Invalid("session.stage", ok with { Stage = (StageKind)4 });
        await Invalid("session.room", ok with { Room = string.Empty });
        await Invalid("session.room", ok with { Mode = SessionMode.Online });
        await Invalid("session.center", TestData.OnlineSession(start) with { Center = s.Center });
        await Invalid("session.center", ok with { Center = await TestData.CenterAsync(grains) });

        var added = await s.Batch.AddSession("theory-1", ok, TestData.Command());
        Assert.Equal((s.SessionName("theory-1"), s.Center, SessionState.Scheduled), (added.Name, added.Spec.Center, added.State));
        await TestData.Refused(ErrorKind.AlreadyExists, () => s.Batch.AddSession("theory-1", ok, TestData.Command()));
        Assert.Single((await s.Batch.Get()).Sessions);

        async Task Invalid(string field, SessionSpec spec)
        {
            var e = await Assert.ThrowsAsync<TrainingException>(() => s.Batch.AddSession(TestData.Unique("x"), spec, TestData.Command()));
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
            Assert.Equal(field, Assert.Single(e.Violations).Field);
        }
    }

    [Fact]
    public async Task A_session_is_moved_changed_and_cancelled_while_the_batch_runs_each_change_an_event_and_the_room_schedule_follows()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 1);
        var start = Now.AddDays(2);
        var id = await s.SessionAsync(TestData.Session(start));

        var moved = await s.Batch.UpdateSession(id, new SessionPatch(StartTime: start.AddHours(1), EndTime: start.AddHours(3), Room: "三楼会议室"), TestData.Command());
        Assert.Equal(("三楼会议室", start.AddHours(1)), (moved.Spec.Room, moved.Spec.StartTime));
        Assert.Empty(await RoomSessions(s.Center));
        var entry = Assert.Single(await RoomSessions(s.Center, "三楼会议室"));
        Assert.Equal(RoomSchedule.Key(s.Center, "三楼会议室", start.AddHours(1), s.SessionName(id)), entry.Key);

        var online = await s.Batch.UpdateSession(id, new SessionPatch(Mode: SessionMode.Online), TestData.Command());
        Assert.Equal((string.Empty, string.Empty), (online.Spec.Center, online.Spec.Room));
        Assert.Empty(await RoomSessions(s.Center, "三楼会议室"));
        await TestData.Refused(ErrorKind.InvalidArgument, () => s.Batch.UpdateSession(id, new SessionPatch(Mode: SessionMode.Offline), TestData.Command()));

        var cancelled = await s.Batch.CancelSession(id, "讲师临时出差", TestData.Command());
        Assert.Equal((SessionState.Cancelled, "讲师临时出差"), (cancelled.State, cancelled.CancelReason));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.UpdateSession(id, new SessionPatch(DisplayName: "x"), TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.CancelSession(id, "again", TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.CancelSession("none", "x", TestData.Command()));
        Assert.Equal(
            ["batch.session-scheduled.v1", "batch.session-changed.v1", "batch.session-changed.v1", "batch.session-cancelled.v1"],
            (await s.Batch.History(1, 100)).Select(h => h.EventType).Where(t => t.Contains("session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_closed_session_is_not_cancelled_and_closing_it_again_changes_nothing()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 1);
        var id = await s.SessionAsync(TestData.Session(Now.AddMinutes(-5)));
        var closed = await s.Batch.CloseSession(id, TestData.Command());
        var length = (await s.Batch.History(1, 100)).Count;

        Assert.Equal(closed, await s.Batch.CloseSession(id, TestData.Command()));
        Assert.Equal(length, (await s.Batch.History(1, 100)).Count);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.CancelSession(id, "x", TestData.Command()));
        Assert.Single(await RoomSessions(s.Center));
    }

    [Fact]
    public async Task Enrolling_many_answers_one_result_per_row_and_only_the_eligible_are_enrolled()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 0, start: false);
        var ok = await TestData.StaffAsync(grains, s.Center, 2);
        var wrongPost = await TestData.StaffAsync(grains, s.Center, 1, Post.VillageConstruction);
        var departed = await TestData.StaffAsync(grains, s.Center, 1);
        await grains.GetGrain<IStaffMemberGrain>(departed[0]).Depart("调离", TestData.Command());
        var otherCenter = await TestData.StaffAsync(grains, await TestData.CenterAsync(grains), 1);

        var results = await s.Batch.Enrol([ok[0], "staff/nobody", wrongPost[0], ok[1], departed[0], otherCenter[0], ok[0]], TestData.Command());

        Assert.Equal(Enumerable.Range(0, 7), results.Select(r => r.Index));
        Assert.Equal(
            [null, ErrorKind.NotFound, ErrorKind.FailedPrecondition, null, ErrorKind.FailedPrecondition, ErrorKind.FailedPrecondition, ErrorKind.AlreadyExists],
            results.Select(r => r.Error));
        Assert.Equal(["学员000", "学员001"], results.Where(r => r.Enrolment is not null).Select(r => r.Enrolment!.StaffDisplayName));
        Assert.All(results.Where(r => r.Error is not null), r => Assert.NotEmpty(r.Message));
        Assert.Equal(2, (await s.Batch.Get()).EnrolledCount);

        // Enrolled once: a second enrolment is AlreadyExists, and the staff record holds one enrolment.
        Assert.Equal(ErrorKind.AlreadyExists, Assert.Single(await s.Batch.Enrol([ok[0]], TestData.Command())).Error);
        Assert.Equal(EnrolmentStatus.Enrolled, (await Held(ok[0], s.Name)).Status);
    }

    [Fact]
    public async Task A_retried_enrolment_answers_the_same_rows_and_writes_nothing()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 0, start: false);
        var staff = await TestData.StaffAsync(grains, s.Center, 2);
        var request = TestData.Command();
        var first = await s.Batch.Enrol([staff[0], "staff/nobody", staff[1]], request);
        var length = (await s.Batch.History(1, 100)).Count;

        var again = await s.Batch.Enrol([staff[0], "staff/nobody", staff[1]], request);

        Assert.Equal(first.Select(r => (r.Index, r.Enrolment)), again.Select(r => (r.Index, r.Enrolment)));
        Assert.NotNull(again[1].Error);
        Assert.Equal(length, (await s.Batch.History(1, 100)).Count);
    }

    [Fact]
    public async Task Beyond_capacity_staff_wait_and_move_up_in_order_when_someone_withdraws_and_the_staff_records_agree()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 0, start: false, capacity: 2, waitingList: 2);
        var staff = await TestData.StaffAsync(grains, s.Center, 5);

        var results = await s.Batch.Enrol(staff, TestData.Command());

        Assert.Equal(
            [EnrolmentStatus.Enrolled, EnrolmentStatus.Enrolled, EnrolmentStatus.WaitListed, EnrolmentStatus.WaitListed],
            results.Take(4).Select(r => r.Enrolment!.Status));
        Assert.Equal([0, 0, 1, 2], results.Take(4).Select(r => r.Enrolment!.WaitListPosition));
        Assert.Equal(ErrorKind.FailedPrecondition, results[4].Error);
        Assert.All(results.Take(4), r => Assert.True(r.Enrolment!.Confirmed));

        var withdrawn = await s.Batch.Withdraw(staff[0], "岗位调整", TestData.Command());

        Assert.Equal((EnrolmentStatus.Withdrawn, "岗位调整", true), (withdrawn.Status, withdrawn.Reason, withdrawn.Confirmed));
        var page = (await s.Batch.ListEnrolments(new PageRequest(10, null))).Items.ToDictionary(e => e.StaffName);
        Assert.Equal((EnrolmentStatus.Enrolled, 0), (page[staff[2]].Status, page[staff[2]].WaitListPosition));
        Assert.Equal((EnrolmentStatus.WaitListed, 1), (page[staff[3]].Status, page[staff[3]].WaitListPosition));
        Assert.Equal((2, 1), ((await s.Batch.Get()).EnrolledCount, (await s.Batch.Get()).WaitListedCount));
        foreach (var enrolment in page.Values)
        {
            Assert.True(enrolment.Confirmed);
            Assert.Equal(enrolment.Status, (await Held(enrolment.StaffName, s.Name)).Status);
        }

        // A wait-listed one withdraws without anyone moving up; withdrawing someone not enrolled is NotFound.
        Assert.Equal(EnrolmentStatus.Withdrawn, (await s.Batch.Withdraw(staff[3], "不参加", TestData.Command())).Status);
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.Withdraw(staff[3], "again", TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.Withdraw(staff[4], "never", TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.Withdraw("staff/nobody", "never", TestData.Command()));

        // Someone who withdrew may enrol again (the batch is full: on the waiting list); the staff record follows.
        Assert.Equal(EnrolmentStatus.WaitListed, Assert.Single(await s.Batch.Enrol([staff[0]], TestData.Command())).Enrolment!.Status);
        Assert.Equal(EnrolmentStatus.WaitListed, (await Held(staff[0], s.Name)).Status);
    }

    [Fact]
    public async Task Without_a_waiting_list_enrolment_beyond_capacity_is_refused_and_raising_the_capacity_moves_the_waiting_up()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 0, start: false, capacity: 1, waitingList: 0);
        var staff = await TestData.StaffAsync(grains, s.Center, 2);
        var results = await s.Batch.Enrol(staff, TestData.Command());
        Assert.Equal([null, ErrorKind.FailedPrecondition], results.Select(r => r.Error));

        var batch = await s.Batch.Update(new BatchPatch(WaitingListCapacity: 3), 0, TestData.Command());
        Assert.Equal(EnrolmentStatus.WaitListed, Assert.Single(await s.Batch.Enrol([staff[1]], TestData.Command())).Enrolment!.Status);
        await TestData.Refused(ErrorKind.Aborted, () => s.Batch.Update(new BatchPatch(Capacity: 2), batch.Version, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => s.Batch.Update(new BatchPatch(Capacity: 0), 0, TestData.Command()));

        var raised = await s.Batch.Update(new BatchPatch(Capacity: 2), 0, TestData.Command());

        Assert.Equal((2, 0), (raised.EnrolledCount, raised.WaitListedCount));
        Assert.Equal(EnrolmentStatus.Enrolled, (await Held(staff[1], s.Name)).Status);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.Update(new BatchPatch(Capacity: 1), 0, TestData.Command()));
    }

    [Fact]
    public async Task Enrolment_is_refused_while_the_batch_is_planned()
    {
        var center = await TestData.CenterAsync(grains);
        var batch = grains.GetGrain<ICourseBatchGrain>($"{center}/batches/{TestData.Unique("b")}");
        await batch.Create(TestData.Batch(await TestData.CourseAsync(grains)), TestData.Command());
        var staff = await TestData.StaffAsync(grains, center, 1);

        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Enrol(staff, TestData.Command()));
        Assert.Empty(await grains.GetGrain<IStaffMemberGrain>(staff[0]).Enrolments());
    }

    [Fact]
    public async Task Outside_the_enrolment_window_and_while_the_batch_runs_only_a_manager_enrols()
    {
        var center = await TestData.CenterAsync(grains);
        var batch = grains.GetGrain<ICourseBatchGrain>($"{center}/batches/{TestData.Unique("b")}");
        var spec = TestData.Batch(await TestData.CourseAsync(grains)) with { EnrolmentOpens = Now.AddDays(1), EnrolmentCloses = Now.AddDays(8) };
        await batch.Create(spec, TestData.Command());
        await batch.OpenEnrolment(TestData.Command());
        var staff = await TestData.StaffAsync(grains, center, 2);
        var hr = new CommandContext(Guid.NewGuid().ToString("N"), "hr-system", "integration");
        var manager = new CommandContext(Guid.NewGuid().ToString("N"), "manager-li", "center-manager");

        await TestData.Refused(ErrorKind.FailedPrecondition, () => batch.Enrol([staff[0]], hr));
        Assert.Null(Assert.Single(await batch.Enrol([staff[0]], manager)).Error);
        await batch.Update(new BatchPatch(EnrolmentOpens: Now.AddDays(-1)), 0, TestData.Command());
        Assert.Null(Assert.Single(await batch.Enrol([staff[1]], hr with { RequestId = Guid.NewGuid().ToString("N") })).Error);
        Assert.Equal(2, (await batch.Get()).EnrolledCount);
    }

    [Fact]
    public async Task Staff_of_another_centre_of_the_batch_enrol_and_their_sessions_are_held_at_that_centre()
    {
        var host = await TestData.CenterAsync(grains);
        var county = host[..host.LastIndexOf("/centers/", StringComparison.Ordinal)];
        var other = $"{county}/centers/{TestData.Unique("c")}";
        await grains.GetGrain<ICenterGrain>(other).Create(TestData.Unit("Y镇便民服务中心"), TestData.Command());
        var course = await TestData.CourseAsync(grains);
        var batch = grains.GetGrain<ICourseBatchGrain>($"{host}/batches/{TestData.Unique("b")}");
        var created = await batch.Create(TestData.Batch(course, centers: [other, host]), TestData.Command());
        await batch.OpenEnrolment(TestData.Command());

        Assert.Equal([host, other], created.Spec.Centers);
        var staff = await TestData.StaffAsync(grains, other, 1);
        Assert.Null(Assert.Single(await batch.Enrol(staff, TestData.Command())).Error);
        var session = await batch.AddSession("y-1", TestData.Session(Now.AddDays(1)) with { Center = other }, TestData.Command());
        Assert.Equal(other, session.Spec.Center);
    }

    /// <summary>The enrolment in <paramref name="batchName"/> as the staff member's own record holds it.</summary>
    private async Task<StaffEnrolment> Held(string staffName, string batchName) =>
        Assert.Single(await grains.GetGrain<IStaffMemberGrain>(staffName).Enrolments(), e => e.BatchName == batchName);

    private async Task<IReadOnlyList<EnrolmentStatus>> HeldStatuses(IEnumerable<string> staffNames, string batchName) =>
        await Task.WhenAll(staffNames.Select(async n => (await Held(n, batchName)).Status));

    private async Task<IReadOnlyList<DirectoryEntry>> RoomSessions(string center, string room = TestData.Room) =>
        await BatchScenario.StoreOf(fixture.Cluster).QueryDirectoryAsync(new DirectoryQuery(RoomSchedule.Kind, RoomSchedule.Parent(center, room), null, 100));
}
