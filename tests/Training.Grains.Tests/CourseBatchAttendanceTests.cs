using System.Diagnostics;

namespace Training.Grains.Tests;

/// <summary>Attendance of a batch's sessions: kiosk check-ins judged at scan time, manager marks, online completions, closing, rates, live views.</summary>
public sealed class CourseBatchAttendanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_scan_is_present_up_to_the_on_time_threshold_late_after_and_refused_outside_the_window_beyond_the_clock_skew()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 8);
        var now = Now;
        var upcoming = await s.SessionAsync(TestData.Session(now.AddMinutes(10)));
        var started = await s.SessionAsync(TestData.Session(now.AddMinutes(-10)));
        var longAgo = await s.SessionAsync(TestData.Session(now.AddMinutes(-40), TimeSpan.FromHours(2)));

        var results = await s.CheckInAsync(
            s.Scan(upcoming, s.Staff[0], now, index: 0),                         // 20 min before the window closes: on time
            s.Scan(started, s.Staff[1], now, index: 1),                          // 10 min after the start: late
            s.Scan(started, s.Staff[2], now.AddMinutes(-41), index: 2),          // 1 min before the window opens: within the skew, on time
            s.Scan(started, s.Staff[3], now.AddMinutes(-43), index: 3),          // 3 min before: outside
            s.Scan(longAgo, s.Staff[4], now.AddMinutes(-9), index: 4),           // 1 min after the window closed: within the skew, late
            s.Scan(longAgo, s.Staff[5], now, index: 5),                          // 10 min after: outside
            s.Scan(upcoming, s.Staff[6], now.AddMinutes(1), index: 6),           // the kiosk's clock 1 min ahead: accepted
            s.Scan(upcoming, s.Staff[7], now.AddMinutes(5), index: 7));          // 5 min ahead: in the future

        Assert.Equal(Enumerable.Range(0, 8), results.Select(r => r.Index));
        Assert.Equal(
            [AttendanceMark.Present, AttendanceMark.Late, AttendanceMark.Present, null, AttendanceMark.Late, null, AttendanceMark.Present, null],
            results.Select(r => r.Mark));
        Assert.Equal(
            [CheckInRejection.None, CheckInRejection.None, CheckInRejection.None, CheckInRejection.OutsideWindow, CheckInRejection.None, CheckInRejection.OutsideWindow, CheckInRejection.None, CheckInRejection.ScanInFuture],
            results.Select(r => r.Rejection));
        Assert.All(results.Where(r => r.Outcome == CheckInOutcome.Accepted), r => Assert.Equal($"学员{s.Staff.ToList().IndexOf(r.StaffName):D3}", r.StaffDisplayName));
        Assert.All(results.Where(r => r.Outcome == CheckInOutcome.Rejected), r => Assert.Null(r.RecordTime));

        var attendance = await s.Batch.GetSessionAttendance(started);
        Assert.Equal([s.Staff[1], s.Staff[2]], attendance.Records.Select(r => r.StaffName));
        Assert.All(attendance.Records, r => Assert.Equal((AttendanceSource.Kiosk, $"{s.Center}/kiosks/k1"), (r.Source, r.Kiosk)));
        Assert.Equal(s.Staff.Where(n => n != s.Staff[1] && n != s.Staff[2]), attendance.NotYetMarked);
    }

    [Fact]
    public async Task Only_enrolled_staff_check_in_in_the_sessions_room_and_not_to_a_cancelled_or_unknown_session()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 2);
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(5)));
        var cancelled = await s.SessionAsync(TestData.Session(Now.AddMinutes(5)));
        await s.Batch.CancelSession(cancelled, "停电", TestData.Command());
        var online = await s.SessionAsync(TestData.OnlineSession(Now.AddMinutes(5)));
        var stranger = await TestData.StaffAsync(grains, s.Center, 1);
        await s.Batch.Withdraw(s.Staff[1], "请假", TestData.Command());

        var results = await s.CheckInAsync(
            s.Scan(session, stranger[0]),
            s.Scan(session, s.Staff[1]),
            s.Scan(cancelled, s.Staff[0]),
            s.Scan("no-such-session", s.Staff[0]),
            TestData.Scan(s.Center, session, s.Staff[0], Now, room: "一楼大厅"),
            s.Scan(online, s.Staff[0]));

        Assert.Equal(
            [CheckInRejection.NotEnrolled, CheckInRejection.NotEnrolled, CheckInRejection.SessionCancelled, CheckInRejection.NoSessionInRoom, CheckInRejection.WrongRoom, CheckInRejection.WrongRoom],
            results.Select(r => r.Rejection));
        Assert.All(results, r => Assert.Equal(CheckInOutcome.Rejected, r.Outcome));
        Assert.All(results, r => Assert.NotEmpty(r.Message));
        Assert.DoesNotContain((await s.Batch.History(1, 100)).Select(h => h.EventType), t => t == "batch.checked-in.v1");
    }

    [Fact]
    public async Task The_same_record_sent_ten_times_in_parallel_is_recorded_once_and_every_answer_is_the_original_result()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 1);
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(3)));
        var record = s.Scan(session, s.Staff[0], Now, key: "kiosk-k1-000042");

        var results = (await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => s.CheckInAsync(record)))).Select(Assert.Single).ToList();

        var accepted = Assert.Single(results, r => r.Outcome == CheckInOutcome.Accepted);
        Assert.Equal(9, results.Count(r => r.Outcome == CheckInOutcome.Duplicate));
        Assert.All(results, r => Assert.Equal((accepted.Mark, accepted.RecordTime, accepted.ScanTime, "kiosk-k1-000042"), (r.Mark, r.RecordTime, r.ScanTime, r.IdempotencyKey)));
        Assert.Single(await s.Batch.History(1, 100), h => h.EventType == "batch.checked-in.v1");

        // An hour later, or from another card of the same person (another key), or twice in one call: still once.
        var again = await s.CheckInAsync(record, s.Scan(session, s.Staff[0], key: "other-key", index: 1), s.Scan(session, s.Staff[0], key: "other-key", index: 2));
        Assert.All(again, r => Assert.Equal((CheckInOutcome.Duplicate, accepted.Mark, accepted.RecordTime), (r.Outcome, r.Mark, r.RecordTime)));
        Assert.Equal([0, 1, 2], again.Select(r => r.Index));
        Assert.Single((await s.Batch.GetSessionAttendance(session)).Records);
    }

    [Fact]
    public async Task Five_hundred_enrolled_staff_checking_in_to_one_session_in_parallel_are_each_recorded_exactly_once()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 500, capacity: 500, waitingList: 0);
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(10)));
        var before = (await s.Batch.Get()).Version;

        var results = await Task.WhenAll(s.Staff.Select(n => s.CheckInAsync(s.Scan(session, n))));

        Assert.All(results, r => Assert.Equal(CheckInOutcome.Accepted, Assert.Single(r).Outcome));
        var attendance = await s.Batch.GetSessionAttendance(session);
        Assert.Equal(s.Staff, attendance.Records.Select(r => r.StaffName));
        Assert.Empty(attendance.NotYetMarked);
        Assert.Equal((500, 500, 1.0), (attendance.Session.Summary.Expected, attendance.Session.Summary.Present, attendance.Session.Summary.Rate));
        var events = await s.Batch.History(before + 1, 1000);
        Assert.Equal(500, events.Count);
        Assert.All(events, h => Assert.Equal("batch.checked-in.v1", h.EventType));
    }

    [Fact]
    public async Task Closing_marks_the_unmarked_absent_and_an_offline_record_scanned_before_the_close_replaces_that_but_never_a_managers_mark()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 4);
        var start = Now.AddMinutes(-10);
        var session = await s.SessionAsync(TestData.Session(start));
        Assert.Equal(CheckInOutcome.Accepted, Assert.Single(await s.CheckInAsync(s.Scan(session, s.Staff[0]))).Outcome);
        var scannedOffline = start.AddMinutes(4);

        var closed = await s.Batch.CloseSession(session, TestData.Command());

        Assert.Equal((SessionState.Closed, 4, 3), (closed.State, closed.Summary.Expected, closed.Summary.Absent));
        var attendance = await s.Batch.GetSessionAttendance(session);
        Assert.All(attendance.Records.Skip(1), r => Assert.Equal((AttendanceMark.Absent, AttendanceSource.SessionClosed, "tester"), (r.Mark, r.Source, r.Actor)));
        await s.Batch.RecordAttendance(session, s.Staff[2], AttendanceMark.Excused, "被叫去窗口办理业务", TestData.Command());

        var late = await s.CheckInAsync(
            s.Scan(session, s.Staff[1], scannedOffline, index: 0),
            s.Scan(session, s.Staff[2], scannedOffline, index: 1),
            s.Scan(session, s.Staff[3], Now, index: 2));

        Assert.Equal((CheckInOutcome.Accepted, AttendanceMark.Present), (late[0].Outcome, late[0].Mark));
        Assert.Equal((CheckInOutcome.Duplicate, AttendanceMark.Excused), (late[1].Outcome, late[1].Mark));
        Assert.Equal((CheckInOutcome.Rejected, CheckInRejection.SessionClosed), (late[2].Outcome, late[2].Rejection));
        var records = (await s.Batch.GetSessionAttendance(session)).Records.ToDictionary(r => r.StaffName);
        Assert.Equal((AttendanceMark.Present, AttendanceSource.Kiosk, 1, scannedOffline), (records[s.Staff[1]].Mark, records[s.Staff[1]].Source, records[s.Staff[1]].Corrections, records[s.Staff[1]].ScanTime));
        Assert.Equal((AttendanceMark.Excused, AttendanceSource.Manager), (records[s.Staff[2]].Mark, records[s.Staff[2]].Source));
        Assert.Equal(AttendanceMark.Absent, records[s.Staff[3]].Mark);
    }

    [Fact]
    public async Task A_session_closes_by_itself_at_its_end_time_and_the_unmarked_become_absent()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 2);
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(-10), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(3)));
        await s.CheckInAsync(s.Scan(session, s.Staff[0]));

        var attendance = await TestData.EventuallyAsync(() => s.Batch.GetSessionAttendance(session), a => a.Session.State == SessionState.Closed);

        Assert.Equal([AttendanceMark.Late, AttendanceMark.Absent], attendance.Records.Select(r => r.Mark));
        Assert.Equal((AttendanceSource.SessionClosed, "system"), (attendance.Records[1].Source, attendance.Records[1].Actor));
        Assert.Empty(attendance.NotYetMarked);
    }

    [Fact]
    public async Task A_managers_correction_is_a_new_event_with_who_and_why_and_the_original_mark_stays_in_the_history()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 3);
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(5)));
        await s.CheckInAsync(s.Scan(session, s.Staff[0]));

        await TestData.Refused(ErrorKind.InvalidArgument, () => s.Batch.RecordAttendance(session, s.Staff[0], AttendanceMark.Absent, string.Empty, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => s.Batch.RecordAttendance(session, s.Staff[1], AttendanceMark.Excused, " ", TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.RecordAttendance(session, "staff/nobody", AttendanceMark.Present, string.Empty, TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.RecordAttendance("none", s.Staff[0], AttendanceMark.Present, string.Empty, TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.RecordAttendance(session, s.Staff[1], AttendanceMark.CompletedOnline, string.Empty, TestData.Command()));

        var correction = new CommandContext(Guid.NewGuid().ToString("N"), "manager-li", "center-manager");
        var corrected = await s.Batch.RecordAttendance(session, s.Staff[0], AttendanceMark.Excused, "刷卡后被叫回窗口", correction);
        var marked = await s.Batch.RecordAttendance(session, s.Staff[1], AttendanceMark.Present, string.Empty, TestData.Command());

        Assert.Equal((AttendanceMark.Excused, AttendanceSource.Manager, "manager-li", "刷卡后被叫回窗口", 1), (corrected.Mark, corrected.Source, corrected.Actor, corrected.Reason, corrected.Corrections));
        Assert.Equal((AttendanceMark.Present, 0), (marked.Mark, marked.Corrections));
        Assert.Equal(corrected, await s.Batch.RecordAttendance(session, s.Staff[0], AttendanceMark.Excused, "刷卡后被叫回窗口", correction));
        var history = (await s.Batch.History(1, 100)).Where(h => h.EventType is "batch.checked-in.v1" or "batch.attendance-marked.v1").ToList();
        Assert.Equal(["batch.checked-in.v1", "batch.attendance-marked.v1", "batch.attendance-marked.v1"], history.Select(h => h.EventType));
        Assert.Equal(("manager-li", "center-manager"), (history[1].Actor, history[1].Role));
        Assert.Contains("刷卡后被叫回窗口", history[1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_online_session_is_completed_online_once_and_an_offline_one_is_not()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 2);
        var online = await s.SessionAsync(TestData.OnlineSession(Now.AddMinutes(-30)));
        var offline = await s.SessionAsync(TestData.Session(Now.AddMinutes(-30)));
        var platform = new CommandContext(Guid.NewGuid().ToString("N"), "elearning", "integration", "elearning-platform");
        var completedAt = Now.AddMinutes(-1);

        var record = await s.Batch.RecordOnlineCompletion(online, s.Staff[0], completedAt, platform);

        Assert.Equal((AttendanceMark.CompletedOnline, AttendanceSource.OnlinePlatform, "elearning"), (record.Mark, record.Source, record.Actor));
        var length = (await s.Batch.History(1, 100)).Count;
        Assert.Equal(record, await s.Batch.RecordOnlineCompletion(online, s.Staff[0], completedAt, TestData.Command()));
        Assert.Equal(length, (await s.Batch.History(1, 100)).Count);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.RecordOnlineCompletion(offline, s.Staff[0], completedAt, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => s.Batch.RecordOnlineCompletion(online, s.Staff[1], Now.AddHours(1), TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.RecordOnlineCompletion(online, "staff/nobody", completedAt, TestData.Command()));
        Assert.Equal(AttendanceMark.CompletedOnline, (await s.Batch.RecordAttendance(online, s.Staff[1], AttendanceMark.CompletedOnline, string.Empty, TestData.Command())).Mark);
    }

    [Fact]
    public async Task Rates_count_closed_sessions_per_session_per_staff_member_and_per_batch_and_the_batch_shows_who_owes_what()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 4);
        var first = await s.SessionAsync(TestData.Session(Now.AddMinutes(-10)));
        var second = await s.SessionAsync(TestData.Session(Now.AddMinutes(20)) with { Stage = StageKind.PracticalDrill });
        await s.CheckInAsync(s.Scan(first, s.Staff[0], Now.AddMinutes(-11), index: 0), s.Scan(first, s.Staff[1], Now, index: 1), s.Scan(second, s.Staff[0], Now, index: 2));
        await s.Batch.RecordAttendance(first, s.Staff[3], AttendanceMark.Excused, "值班", TestData.Command());
        await s.Batch.CloseSession(first, TestData.Command());

        var attendance = await s.Batch.GetAttendance();

        var expected = new AttendanceSummary(4, 1, 1, 1, 1, 0, 0, 2, 0.5);
        Assert.Equal(expected, attendance.Batch);
        Assert.Equal(expected, attendance.Sessions[0].Summary);
        Assert.Equal(new AttendanceSummary(4, 1, 0, 0, 0, 0, 3, 1, 0.25), attendance.Sessions[1].Summary);
        var staff = attendance.Staff.ToDictionary(a => a.StaffName);
        Assert.Equal((1, 1.0), (staff[s.Staff[0]].Summary.Expected, staff[s.Staff[0]].Summary.Rate));
        Assert.Equal(2, staff[s.Staff[0]].Records.Count);
        Assert.Equal((1, 0.0), (staff[s.Staff[2]].Summary.Expected, staff[s.Staff[2]].Summary.Rate));
        Assert.Equal([(s.Staff[2], AttendanceMark.Absent), (s.Staff[3], AttendanceMark.Excused)], attendance.Owed.Select(o => (o.StaffName, o.Mark)));
        Assert.All(attendance.Owed, o => Assert.Equal((s.SessionName(first), StageKind.Theory, string.Empty), (o.Missed, o.Stage, o.OfferedMakeUp)));
        Assert.Equal(TestData.Json(attendance.Staff[2]), TestData.Json(await s.Batch.AttendanceOf(s.Staff[2])));
        Assert.Equal(expected, (await s.Batch.Get()).Attendance);
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.AttendanceOf("staff/nobody"));
    }

    [Fact]
    public async Task A_watcher_waits_for_the_next_change_while_check_ins_proceed()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 3);
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(5)));
        var current = await s.Batch.GetSessionAttendance(session);

        var watching = s.Batch.WatchSessionAttendance(session, current.Version, TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        Assert.False(watching.IsCompleted);
        var clock = Stopwatch.StartNew();
        Assert.Equal(CheckInOutcome.Accepted, Assert.Single(await s.CheckInAsync(s.Scan(session, s.Staff[0]))).Outcome);
        Assert.Equal(CheckInOutcome.Accepted, Assert.Single(await s.CheckInAsync(s.Scan(session, s.Staff[1]))).Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"check-ins waited for the watcher ({clock.Elapsed})");

        var changed = await watching.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(changed.Version > current.Version);
        Assert.Contains(changed.Records, r => r.StaffName == s.Staff[0]);

        // Behind the current version it answers at once; with nothing new it answers the same after the wait.
        Assert.Equal(2, (await s.Batch.WatchSessionAttendance(session, 0, TimeSpan.FromSeconds(30))).Records.Count);
        var latest = await s.Batch.GetSessionAttendance(session);
        Assert.Equal(TestData.Json(latest), TestData.Json(await s.Batch.WatchSessionAttendance(session, latest.Version, TimeSpan.FromMilliseconds(300))));
    }
}
