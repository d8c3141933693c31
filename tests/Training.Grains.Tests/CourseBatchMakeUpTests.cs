namespace Training.Grains.Tests;

/// <summary>Make-ups: a session missed is owed, the next make-up of its stage is offered, booked and attended, and that fulfils it.</summary>
public sealed class CourseBatchMakeUpTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string MakeUpRoom = "补课室";

    private readonly IGrainFactory grains = fixture.Grains;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_absent_staff_member_is_offered_the_next_make_up_of_another_batch_books_it_attends_it_and_the_origin_batch_counts_it_fulfilled()
    {
        var origin = await BatchScenario.CreateAsync(grains, staff: 2);
        var missed = await MissedSessionAsync(origin, absent: origin.Staff[1]);
        var other = await BatchScenario.CreateAsync(grains, staff: 1, center: origin.Center, course: origin.Course);
        var makeUpStart = Now.AddMinutes(10);
        var later = await other.SessionAsync(TestData.Session(makeUpStart.AddDays(1), room: MakeUpRoom, makeUp: true));
        var makeUp = await other.SessionAsync(TestData.Session(makeUpStart, room: MakeUpRoom, makeUp: true));
        var makeUpName = other.SessionName(makeUp);

        var owed = Assert.Single((await origin.Batch.AttendanceOf(origin.Staff[1])).Owed);
        Assert.Equal((origin.SessionName(missed), AttendanceMark.Absent, makeUpName, string.Empty), (owed.Missed, owed.Mark, owed.OfferedMakeUp, owed.BookedMakeUp));
        Assert.Equal(makeUpStart, owed.OfferedStartTime);

        var booked = await origin.Batch.BookMakeUp(origin.Staff[1], missed, makeUpName, TestData.Command());

        Assert.Equal(makeUpName, booked.BookedMakeUp);
        Assert.Equal([origin.Staff[1]], (await other.Batch.GetSessionAttendance(makeUp)).NotYetMarked);
        Assert.Empty((await other.Batch.GetSessionAttendance(later)).NotYetMarked);

        var results = await other.CheckInAsync(
            TestData.Scan(other.Center, makeUp, origin.Staff[1], Now, room: MakeUpRoom, index: 0),
            TestData.Scan(other.Center, makeUp, other.Staff[0], Now, room: MakeUpRoom, index: 1));

        Assert.Equal((CheckInOutcome.Accepted, AttendanceMark.Present, "学员001"), (results[0].Outcome, results[0].Mark, results[0].StaffDisplayName));
        Assert.Equal(CheckInRejection.NotEnrolled, results[1].Rejection);
        var fulfilled = await TestData.EventuallyAsync(() => origin.Batch.AttendanceOf(origin.Staff[1]), a => a.Owed.Count == 0);
        Assert.Equal(makeUpName, Assert.Single(fulfilled.Records).FulfilledBy);
        Assert.Equal((1, 1, 1.0), (fulfilled.Summary.Expected, fulfilled.Summary.Attended, fulfilled.Summary.Rate));
        Assert.Equal(1.0, (await origin.Batch.Get()).Attendance.Rate);
        Assert.Equal(origin.Name, Assert.Single((await other.Batch.AttendanceOf(origin.Staff[1])).Records).OriginBatch);
        Assert.Contains("batch.make-up-fulfilled.v1", (await origin.Batch.History(1, 100)).Select(h => h.EventType));
        await TestData.EventuallyAsync(() => other.Batch.History(1, 100), h => h.Any(e => e.EventType == "batch.make-up-fulfilments-confirmed.v1"));
    }

    [Fact]
    public async Task Booking_needs_a_session_owed_and_a_make_up_of_the_same_course_and_stage_that_has_not_started()
    {
        var origin = await BatchScenario.CreateAsync(grains, staff: 2);
        var missed = await MissedSessionAsync(origin, absent: origin.Staff[1]);
        var other = await BatchScenario.CreateAsync(grains, staff: 1, center: origin.Center, course: origin.Course);
        var drill = other.SessionName(await other.SessionAsync(TestData.Session(Now.AddHours(1), stage: StageKind.PracticalDrill, room: MakeUpRoom, makeUp: true)));
        var regular = other.SessionName(await other.SessionAsync(TestData.Session(Now.AddHours(1), room: MakeUpRoom)));
        var started = other.SessionName(await other.SessionAsync(TestData.Session(Now.AddMinutes(-1), room: MakeUpRoom, makeUp: true)));
        var otherCourse = await BatchScenario.CreateAsync(grains, staff: 1, center: origin.Center);
        var foreign = otherCourse.SessionName(await otherCourse.SessionAsync(TestData.Session(Now.AddHours(1), room: MakeUpRoom, makeUp: true)));
        var fine = other.SessionName(await other.SessionAsync(TestData.Session(Now.AddHours(2), room: MakeUpRoom, makeUp: true)));

        await TestData.Refused(ErrorKind.FailedPrecondition, () => origin.Batch.BookMakeUp(origin.Staff[0], missed, fine, TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => origin.Batch.BookMakeUp(origin.Staff[1], missed, drill, TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => origin.Batch.BookMakeUp(origin.Staff[1], missed, regular, TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => origin.Batch.BookMakeUp(origin.Staff[1], missed, started, TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => origin.Batch.BookMakeUp(origin.Staff[1], missed, foreign, TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => origin.Batch.BookMakeUp(origin.Staff[1], missed, $"{other.Name}/sessions/none", TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => origin.Batch.BookMakeUp(origin.Staff[1], "none", fine, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => origin.Batch.BookMakeUp(origin.Staff[1], missed, "not-a-session", TestData.Command()));
        Assert.Equal(string.Empty, Assert.Single((await origin.Batch.GetAttendance()).Owed).BookedMakeUp);

        var request = TestData.Command();
        var booked = await origin.Batch.BookMakeUp(origin.Staff[1], missed, fine, request);
        Assert.Equal(booked, await origin.Batch.BookMakeUp(origin.Staff[1], missed, fine, request));
        Assert.Single(await other.Batch.History(1, 100), h => h.EventType == "batch.make-up-admitted.v1");
    }

    [Fact]
    public async Task A_make_up_in_the_same_batch_fulfils_the_session_owed_at_once_and_an_excused_absence_is_owed_too()
    {
        var s = await BatchScenario.CreateAsync(grains, staff: 2);
        var missed = await s.SessionAsync(TestData.Session(Now.AddMinutes(-10)));
        await s.Batch.RecordAttendance(missed, s.Staff[0], AttendanceMark.Excused, "窗口值班", TestData.Command());
        await s.Batch.CloseSession(missed, TestData.Command());
        var makeUp = await s.SessionAsync(TestData.Session(Now.AddMinutes(15), room: MakeUpRoom, makeUp: true));

        var owed = (await s.Batch.GetAttendance()).Owed;
        Assert.Equal([(s.Staff[0], AttendanceMark.Excused), (s.Staff[1], AttendanceMark.Absent)], owed.Select(o => (o.StaffName, o.Mark)));
        Assert.All(owed, o => Assert.Equal(s.SessionName(makeUp), o.OfferedMakeUp));

        await s.Batch.BookMakeUp(s.Staff[0], missed, s.SessionName(makeUp), TestData.Command());
        Assert.Equal(CheckInOutcome.Accepted, Assert.Single(await s.CheckInAsync(TestData.Scan(s.Center, makeUp, s.Staff[0], Now, room: MakeUpRoom))).Outcome);

        var attendance = await s.Batch.GetAttendance();
        Assert.Equal([s.Staff[1]], attendance.Owed.Select(o => o.StaffName));
        var excused = (await s.Batch.GetSessionAttendance(missed)).Records[0];
        Assert.Equal((AttendanceMark.Excused, s.SessionName(makeUp)), (excused.Mark, excused.FulfilledBy));
        Assert.Equal(new AttendanceSummary(2, 0, 0, 1, 1, 0, 0, 1, 0.5), attendance.Sessions[0].Summary);
    }

    /// <summary>A theory session of the batch that closed with <paramref name="absent"/> absent and everyone else present.</summary>
    private static async Task<string> MissedSessionAsync(BatchScenario s, string absent)
    {
        var session = await s.SessionAsync(TestData.Session(Now.AddMinutes(-3)));
        await s.CheckInAsync([.. s.Staff.Where(n => n != absent).Select((n, i) => s.Scan(session, n, index: i))]);
        await s.Batch.CloseSession(session, TestData.Command());
        return session;
    }
}
