using System.Net;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>
/// A course batch's whole life over real gRPC (issue #4), as a centre manager runs it: created from a course,
/// sessions scheduled in the three stages, enrolment opened, staff enrolled by post, started, attendance marked,
/// corrected and read back, followed live over gRPC and gRPC-Web, sessions closed, completed — with a few calls over
/// HTTP/JSON; and bad input answered with a clear status that writes nothing.
/// </summary>
public sealed class CourseBatchLifecycleTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string ManagerSubject = "manager-t-town";

    private TrainingHostProcess Host => fixture.Host;

    [Fact]
    public async Task A_batch_runs_from_planned_to_completed_with_staff_enrolled_by_post_and_attendance_followed_live()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 4);
        var others = await RegisterAsync(seed.Center, Post.GeneralServices, 2);
        var managerToken = Host.TokenAs(ManagerSubject, Roles.CenterManager, seed.Center);
        var batches = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(managerToken));
        var staff = new StaffService.StaffServiceClient(Host.ChannelFor(managerToken));
        var http = Host.HttpFor(managerToken);

        // Created from the course: its three stages copied, the host centre one of the batch's centres.
        var spec = NewBatch(seed, "2026年第一期 12345热线接诉即办", capacity: 3);
        spec.EligiblePosts.Add(Post.Hotline12345);
        spec.CheckInPolicy = new CheckInPolicy { LateMinutes = 20 };
        var created = await batches.CreateCourseBatchAsync(new CreateCourseBatchRequest { Parent = seed.Center, CourseBatchId = "hotline-2026-1", CourseBatch = spec, RequestId = Seed.RequestId() });
        var batch = created.Name;
        Assert.Equal(Seed.BatchAt(seed.Center, "hotline-2026-1"), batch);
        Assert.Equal(CourseBatchState.Planned, created.State);
        Assert.Equal([seed.Center], created.Centers);
        Assert.Equal([StageKind.Theory, StageKind.PracticalDrill, StageKind.OnTheJob], created.Stages.Select(s => s.Kind));
        Assert.Equal((30, 5, 20, 120, 24), (created.CheckInPolicy.EarlyMinutes, created.CheckInPolicy.OnTimeMinutes, created.CheckInPolicy.LateMinutes, created.CheckInPolicy.ClockSkewSeconds, created.CheckInPolicy.OfflineGraceHours));

        // Sessions in the three stages: theory over gRPC, the drill over HTTP/JSON, on-the-job practice online.
        var theory = (await batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "theory-1", Session = Seed.NewSession(StageKind.Theory, days: 1), RequestId = Seed.RequestId() })).Name;
        var drillBody = new { stage = "STAGE_KIND_PRACTICAL_DRILL", displayName = "模拟来电演练", mode = "SESSION_MODE_OFFLINE", room = "三楼会议室", startTime = Day(2, 14), endTime = Day(2, 17), instructor = "县12345热线办 李老师" };
        var (drillStatus, drillJson) = await HttpJson.SendAsync(http, HttpMethod.Post, $"/v1/{batch}/sessions?sessionId=drill-1&requestId={Seed.RequestId()}", drillBody);
        Assert.True(drillStatus == HttpStatusCode.OK, drillJson.GetRawText());
        var drill = drillJson.GetProperty("name").GetString()!;
        Assert.Equal((seed.Center, "SESSION_STATE_SCHEDULED"), (drillJson.GetProperty("center").GetString(), drillJson.GetProperty("state").GetString()));
        var practice = (await batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "practice-1", Session = Seed.NewSession(StageKind.OnTheJob, days: 3, online: true), RequestId = Seed.RequestId() })).Name;

        // Enrolment opens over HTTP/JSON.
        var (openStatus, opened) = await HttpJson.SendAsync(http, HttpMethod.Post, $"/v1/{batch}:openEnrolment", new { requestId = Seed.RequestId() });
        Assert.True(openStatus == HttpStatusCode.OK, opened.GetRawText());
        Assert.Equal("COURSE_BATCH_STATE_OPEN", opened.GetProperty("state").GetString());
        Assert.Equal(3, opened.GetProperty("sessions").GetArrayLength());

        // Enrol by post: the centre's hotline staff (not the general-services ones). Three places, no waiting list.
        var listed = await staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = seed.Center, PageSize = 1000 });
        var hotline = listed.StaffMembers.Where(s => s.Post == Post.Hotline12345).Select(s => s.Name).ToList();
        Assert.Equal([seed.StaffName(1), seed.StaffName(2), seed.StaffName(3), seed.StaffName(4)], hotline);
        Assert.All(others, o => Assert.DoesNotContain(o, hotline));
        var enrolled = await batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { hotline }, RequestId = Seed.RequestId() });
        Assert.Equal(hotline, enrolled.Results.Select(r => r.StaffMember));
        Assert.All(enrolled.Results.Take(3), r => Assert.Equal(EnrolmentStatus.Enrolled, r.Enrolment.Status));
        Assert.Equal(Code.FailedPrecondition, (Code)enrolled.Results[3].Status.Code);
        Assert.Null(enrolled.Results[3].Enrolment);
        var roster = await batches.ListEnrolmentsAsync(new ListEnrolmentsRequest { Parent = batch });
        Assert.Equal(hotline.Take(3), roster.Enrolments.Select(e => e.StaffMember));
        Assert.All(roster.Enrolments, e => Assert.True(e.Confirmed, $"{e.StaffMember}'s own record does not carry the enrolment yet."));

        // The trainee sees the enrolment on their own record; not the session's attendance (others' marks).
        var traineeToken = Host.TokenFor(Roles.Trainee, seed.StaffName(1), seed.Center);
        var trainee = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(traineeToken));
        var own = Assert.Single((await trainee.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = seed.StaffName(1) })).Enrolments);
        Assert.Equal((batch, seed.Course, EnrolmentStatus.Enrolled), (own.CourseBatch, own.Course, own.Status));
        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = theory }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = seed.StaffName(2) }).ResponseAsync);

        Assert.Equal(CourseBatchState.Running, (await batches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() })).State);

        // The room display and the manager's dashboard follow the theory session live, over gRPC and over gRPC-Web.
        using var streamTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var grpcStream = batches.StreamSessionAttendance(new StreamSessionAttendanceRequest { Name = theory }, cancellationToken: streamTimeout.Token);
        using var webStream = new CourseBatchService.CourseBatchServiceClient(Host.GrpcWebChannelFor(managerToken))
            .StreamSessionAttendance(new StreamSessionAttendanceRequest { Name = theory }, cancellationToken: streamTimeout.Token);
        var streams = new[] { grpcStream.ResponseStream, webStream.ResponseStream };
        foreach (var stream in streams)
        {
            var first = await Next(stream);
            Assert.Equal((theory, SessionState.Scheduled), (first.Session.Name, first.Session.State));
            Assert.Equal(hotline.Take(3), first.NotYetMarked);
        }

        // A manager marks: present, excused with a reason; read back.
        await batches.RecordAttendanceAsync(new RecordAttendanceRequest { Session = theory, StaffMember = seed.StaffName(1), Mark = AttendanceMark.Present, RequestId = Seed.RequestId() });
        await batches.RecordAttendanceAsync(new RecordAttendanceRequest { Session = theory, StaffMember = seed.StaffName(2), Mark = AttendanceMark.Excused, Reason = "窗口值班", RequestId = Seed.RequestId() });
        var marked = await batches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = theory });
        Assert.Equal([seed.StaffName(3)], marked.NotYetMarked);
        var present = Assert.Single(marked.Records, r => r.StaffMember == seed.StaffName(1));
        Assert.Equal((AttendanceMark.Present, AttendanceSource.Manager, ManagerSubject), (present.Mark, present.Source, present.Actor));
        var excused = Assert.Single(marked.Records, r => r.StaffMember == seed.StaffName(2));
        Assert.Equal((AttendanceMark.Excused, "窗口值班"), (excused.Mark, excused.Reason));
        foreach (var stream in streams)
        {
            var seen = await NextUntil(stream, a => a.Version >= marked.Version);
            Assert.Equal(marked.Records, seen.Records);
        }

        // A correction is a new mark with who and why; the earlier one stays in the history.
        var historyBefore = await HistoryOf(batches, batch);
        var corrected = await batches.RecordAttendanceAsync(new RecordAttendanceRequest { Session = theory, StaffMember = seed.StaffName(1), Mark = AttendanceMark.Late, Reason = "签到晚了十分钟", RequestId = Seed.RequestId() });
        Assert.Equal((AttendanceMark.Late, 1, "签到晚了十分钟"), (corrected.Mark, corrected.Corrections, corrected.Reason));
        Assert.Equal(historyBefore.Count + 1, (await HistoryOf(batches, batch)).Count);

        // Closing the session: whoever was not marked is absent; the streams send the final state and end.
        var closed = await batches.CloseSessionAsync(new CloseSessionRequest { Name = theory, RequestId = Seed.RequestId() });
        Assert.Equal(SessionState.Closed, closed.State);
        foreach (var stream in streams)
        {
            var last = await NextUntil(stream, a => a.Session.State == SessionState.Closed);
            var absent = Assert.Single(last.Records, r => r.StaffMember == seed.StaffName(3));
            Assert.Equal((AttendanceMark.Absent, AttendanceSource.SessionClosed), (absent.Mark, absent.Source));
            Assert.Empty(last.NotYetMarked);
            Assert.False(await stream.MoveNext(streamTimeout.Token), "The stream went on after the session closed.");
        }

        // The e-learning platform reports an online completion; the other sessions close.
        var platform = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Integration, seed.County, "client:e-learning")));
        var online = await platform.RecordOnlineCompletionAsync(new RecordOnlineCompletionRequest { Session = practice, StaffMember = seed.StaffName(1), CompleteTime = DateTimeOffset.UtcNow.AddMinutes(-3).ToTimestamp(), RequestId = Seed.RequestId() });
        Assert.Equal((AttendanceMark.CompletedOnline, AttendanceSource.OnlinePlatform), (online.Mark, online.Source));
        await batches.CloseSessionAsync(new CloseSessionRequest { Name = drill, RequestId = Seed.RequestId() });
        await batches.CloseSessionAsync(new CloseSessionRequest { Name = practice, RequestId = Seed.RequestId() });

        var completed = await batches.CompleteCourseBatchAsync(new CompleteCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
        Assert.Equal(CourseBatchState.Completed, completed.State);
        Assert.All((await batches.ListEnrolmentsAsync(new ListEnrolmentsRequest { Parent = batch })).Enrolments, e => Assert.Equal(EnrolmentStatus.Completed, e.Status));
        Assert.Equal(EnrolmentStatus.Completed, Assert.Single((await trainee.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = seed.StaffName(1) })).Enrolments).Status);

        // Read back over HTTP/JSON: the batch and its attendance (rates, and who owes which session).
        var (getStatus, read) = await HttpJson.SendAsync(http, HttpMethod.Get, $"/v1/{batch}");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("COURSE_BATCH_STATE_COMPLETED", read.GetProperty("state").GetString());
        var (attendanceStatus, attendance) = await HttpJson.SendAsync(http, HttpMethod.Get, $"/v1/{batch}/attendance");
        Assert.Equal(HttpStatusCode.OK, attendanceStatus);
        Assert.Equal(9, attendance.GetProperty("summary").GetProperty("expected").GetInt32());
        var owed = attendance.GetProperty("owed").EnumerateArray().Select(o => (o.GetProperty("staffMember").GetString(), o.GetProperty("missedSession").GetString())).ToList();
        Assert.Contains((seed.StaffName(2), theory), owed);
        Assert.Contains((seed.StaffName(3), theory), owed);
        Assert.DoesNotContain((seed.StaffName(1), theory), owed);
        Assert.Contains((seed.StaffName(1), drill), owed);
    }

    [Fact]
    public async Task Bad_input_answers_a_clear_status_and_a_refused_request_writes_nothing()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 3);
        var batches = Host.CourseBatches;
        var batch = await seed.CreateBatchAsync(Host, seed.Center, enrol: [seed.StaffName(1)]);
        var theory = Seed.SessionOf(batch, "theory-1");
        var small = (await batches.CreateCourseBatchAsync(new CreateCourseBatchRequest { Parent = seed.Center, CourseBatchId = "one-place", CourseBatch = NewBatch(seed, "一个名额", capacity: 1), RequestId = Seed.RequestId() })).Name;
        await batches.OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = small, RequestId = Seed.RequestId() });
        await batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = small, StaffMembers = { seed.StaffName(1) }, RequestId = Seed.RequestId() });
        var manager = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(Host.TokenFor(Roles.CenterManager, seed.Center)));

        var (historyBefore, smallHistoryBefore) = (await HistoryOf(batches, batch), await HistoryOf(batches, small));
        var worldBefore = await World.TakeAsync(Host, seed);
        var headBefore = await EventLog.HeadAsync(Host);

        // Unknown batch, session, staff member.
        var unknownBatch = Seed.BatchAt(seed.Center, "no-such-batch");
        Assert.Equal(unknownBatch, (await Expect.NotFound(() => batches.GetCourseBatchAsync(new GetCourseBatchRequest { Name = unknownBatch }).ResponseAsync)).ResourceName);
        await Expect.NotFound(() => batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = unknownBatch, StaffMembers = { seed.StaffName(2) }, RequestId = Seed.RequestId() }).ResponseAsync);
        var unknownSession = Seed.SessionOf(batch, "no-such-session");
        Assert.Equal(unknownSession, (await Expect.NotFound(() => batches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = unknownSession }).ResponseAsync)).ResourceName);
        await Expect.NotFound(() => batches.RecordAttendanceAsync(new RecordAttendanceRequest { Session = unknownSession, StaffMember = seed.StaffName(1), Mark = AttendanceMark.Present, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.NotFound(() => batches.RecordAttendanceAsync(new RecordAttendanceRequest { Session = theory, StaffMember = "staff/NOBODY-1", Mark = AttendanceMark.Present, RequestId = Seed.RequestId() }).ResponseAsync);
        var unknownRow = Assert.Single((await batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { "staff/NOBODY-1" }, RequestId = Seed.RequestId() })).Results);
        Assert.Equal(Code.NotFound, (Code)unknownRow.Status.Code);

        // A centre manager learns nothing about a staff member who does not exist: the row is refused, not NotFound.
        var hiddenRow = Assert.Single((await manager.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { "staff/NOBODY-1" }, RequestId = Seed.RequestId() })).Results);
        Assert.Equal(Code.PermissionDenied, (Code)hiddenRow.Status.Code);

        // Full without a waiting list; withdrawing someone not enrolled.
        var fullRow = Assert.Single((await batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = small, StaffMembers = { seed.StaffName(2) }, RequestId = Seed.RequestId() })).Results);
        Assert.Equal(Code.FailedPrecondition, (Code)fullRow.Status.Code);
        Assert.Contains("no waiting list", fullRow.Status.Message, StringComparison.Ordinal);
        Assert.Equal(seed.StaffName(2), (await Expect.NotFound(() => batches.WithdrawStaffMemberAsync(new WithdrawStaffMemberRequest { CourseBatch = batch, StaffMember = seed.StaffName(2), Reason = "调岗", RequestId = Seed.RequestId() }).ResponseAsync)).ResourceName);

        // Out of order: a planned step again, completing a batch that is not running.
        await Expect.FailedPrecondition(() => batches.OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = batch, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.FailedPrecondition(() => batches.CompleteCourseBatchAsync(new CompleteCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() }).ResponseAsync);

        // Malformed and out-of-range input.
        var backwards = Seed.NewSession(StageKind.Theory, days: 2);
        backwards.EndTime = backwards.StartTime;
        await Expect.InvalidArgument("session.end_time", () => batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "backwards", Session = backwards, RequestId = Seed.RequestId() }).ResponseAsync);
        var farFuture = Seed.NewSession(StageKind.Theory, days: 2);
        (farFuture.StartTime, farFuture.EndTime) = (DateTimeOffset.UtcNow.AddYears(50).ToTimestamp(), DateTimeOffset.UtcNow.AddYears(50).AddHours(2).ToTimestamp());
        await Expect.InvalidArgument("session.start_time", () => batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "far-future", Session = farFuture, RequestId = Seed.RequestId() }).ResponseAsync);
        var past = Seed.NewSession(StageKind.Theory, days: -3);
        await Expect.InvalidArgument("session.end_time", () => batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "past", Session = past, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("course_batch.display_name", () => batches.UpdateCourseBatchAsync(new UpdateCourseBatchRequest { CourseBatch = new CourseBatch { Name = batch, DisplayName = new string('班', 201) }, UpdateMask = new FieldMask { Paths = { "display_name" } }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("reason", () => batches.CancelCourseBatchAsync(new CancelCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() }).ResponseAsync);
        var tooMany = new EnrolStaffMembersRequest { CourseBatch = batch, RequestId = Seed.RequestId() };
        tooMany.StaffMembers.AddRange(Enumerable.Range(0, 501).Select(i => $"staff/BULK-{i}"));
        await Expect.InvalidArgument("staff_members", () => batches.EnrolStaffMembersAsync(tooMany).ResponseAsync);
        await Expect.InvalidArgument("staff_members[1]", () => batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { seed.StaffName(2), seed.StaffName(2) }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("complete_time", () => batches.RecordOnlineCompletionAsync(new RecordOnlineCompletionRequest { Session = Seed.SessionOf(batch, "online-1"), StaffMember = seed.StaffName(1), CompleteTime = DateTimeOffset.UtcNow.AddDays(1).ToTimestamp(), RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("name", () => batches.GetCourseBatchAsync(new GetCourseBatchRequest { Name = seed.Center + "/batches/Not An Id" }).ResponseAsync);

        // Nothing was written: the batches' histories, everything readable around the seed, the event store's head.
        Assert.Equal(historyBefore, await HistoryOf(batches, batch));
        Assert.Equal(smallHistoryBefore, await HistoryOf(batches, small));
        await World.AssertUnchangedAsync(Host, seed, worldBefore);
        Assert.Equal(headBefore, await EventLog.HeadAsync(Host));
    }

    /// <summary>A batch of the seed's course without a waiting list, enrolment open since an hour and for a week.</summary>
    private static CourseBatch NewBatch(Seed seed, string displayName, int capacity) => new()
    {
        DisplayName = displayName,
        Course = seed.Course,
        Capacity = capacity,
        EnrolmentOpenTime = DateTimeOffset.UtcNow.AddHours(-1).ToTimestamp(),
        EnrolmentCloseTime = DateTimeOffset.UtcNow.AddDays(7).ToTimestamp(),
    };

    private async Task<List<string>> RegisterAsync(string center, Post post, int count)
    {
        var request = new BatchCreateStaffMembersRequest { RequestId = Seed.RequestId() };
        for (var i = 0; i < count; i++)
        {
            request.Requests.Add(new CreateStaffMemberRequest
            {
                StaffMemberId = $"GS-{Guid.NewGuid():N}"[..16],
                StaffMember = new StaffMember { DisplayName = $"综合窗口{i}", Center = center, Post = post },
            });
        }

        var created = await Host.Staff.BatchCreateStaffMembersAsync(request);
        return [.. created.Results.Select(r => r.StaffMember.Name)];
    }

    /// <summary>A batch's whole history, as one line per entry.</summary>
    private static async Task<List<string>> HistoryOf(CourseBatchService.CourseBatchServiceClient batches, string batch)
    {
        var lines = new List<string>();
        await foreach (var entry in World.Pages(t => batches.ListCourseBatchHistoryAsync(new ListCourseBatchHistoryRequest { Name = batch, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Entries, r.NextPageToken)))
        {
            lines.Add($"{entry.Version} {entry.EventType} {entry.Summary}");
        }

        return lines;
    }

    private static async Task<SessionAttendance> Next(IAsyncStreamReader<SessionAttendance> stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await stream.MoveNext(timeout.Token), "The attendance stream ended early.");
        return stream.Current;
    }

    /// <summary>Reads the stream until an attendance satisfies <paramref name="done"/>; each one newer than the one before.</summary>
    private static async Task<SessionAttendance> NextUntil(IAsyncStreamReader<SessionAttendance> stream, Func<SessionAttendance, bool> done)
    {
        var version = stream.Current.Version;
        while (true)
        {
            var next = await Next(stream);
            Assert.True(next.Version > version, $"The stream sent version {next.Version} after {version}.");
            version = next.Version;
            if (done(next))
            {
                return next;
            }
        }
    }

    /// <summary>An RFC 3339 time <paramref name="days"/> days ahead at <paramref name="hour"/>:00 UTC.</summary>
    private static string Day(int days, int hour) =>
        DateTimeOffset.UtcNow.Date.AddDays(days).AddHours(hour).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
