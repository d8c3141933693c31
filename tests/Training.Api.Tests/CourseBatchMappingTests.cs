using Google.Protobuf.WellKnownTypes;
using Training.Api.Mapping;
using Training.Api.Security;
using DomainAttendanceMark = Training.Grains.AttendanceMark;
using DomainAttendanceSource = Training.Grains.AttendanceSource;
using DomainEnrolmentStatus = Training.Grains.EnrolmentStatus;
using DomainSessionMode = Training.Grains.SessionMode;
using DomainSessionState = Training.Grains.SessionState;
using ProtoAttendanceMark = Training.Contracts.V1.AttendanceMark;
using Post = Training.Contracts.V1.Post;
using ProtoCheckInPolicy = Training.Contracts.V1.CheckInPolicy;
using ProtoSessionMode = Training.Contracts.V1.SessionMode;
using ProtoSessionState = Training.Contracts.V1.SessionState;
using ProtoStageKind = Training.Contracts.V1.StageKind;

namespace Training.Api.Tests;

public class CourseBatchMappingTests
{
    private const string Session = Samples.Batch + "/sessions/theory-1";

    private static readonly DateTimeOffset Soon = DateTimeOffset.UtcNow.Date.AddDays(10);

    [Fact]
    public void A_batch_maps_to_the_contract_and_back_to_the_spec_it_was_created_with()
    {
        var view = Samples.BatchView(Samples.Batch);

        var proto = view.ToProto();
        var validator = new Validator();
        var spec = CourseBatchMapping.ToSpec(proto, Samples.Center, validator, "course_batch");

        Assert.True(validator.IsValid, string.Join("; ", validator.Violations));
        Assert.Equal(Samples.BatchView(Samples.Batch, spec).ToProto(), proto);
        Assert.Equal([Samples.Center, Samples.OtherCenter], proto.Centers);
        Assert.Equal([Post.Hotline12345], proto.EligiblePosts);
        Assert.Equal(CourseBatchState.Open, proto.State);
        Assert.Equal("\"7\"", proto.Etag);
        Assert.Equal((3, 1), (proto.EnrolledCount, proto.WaitListedCount));
        Assert.Equal(ProtoStageKind.Theory, Assert.Single(proto.Stages).Kind);
        Assert.Equal(Samples.Batch + "/sessions/s1", Assert.Single(proto.Sessions).Name);
        Assert.Equal((20, 5, 25, 60, 12), (proto.CheckInPolicy.EarlyMinutes, proto.CheckInPolicy.OnTimeMinutes, proto.CheckInPolicy.LateMinutes, proto.CheckInPolicy.ClockSkewSeconds, proto.CheckInPolicy.OfflineGraceHours));
        Assert.Equal((4, 2, 0.5), (proto.Attendance.Expected, proto.Attendance.Attended, proto.Attendance.Rate));
    }

    [Fact]
    public void A_session_maps_to_the_contract_and_back_to_its_spec()
    {
        var view = Samples.SessionView(Session);

        var proto = view.ToProto();
        var validator = new Validator();
        var spec = CourseBatchMapping.ToSpec(proto, Samples.Center, validator, "session");

        Assert.True(validator.IsValid, string.Join("; ", validator.Violations));
        Assert.Equal(view.Spec, spec);
        Assert.Equal((ProtoSessionMode.Offline, ProtoSessionState.Scheduled, "二楼培训室"), (proto.Mode, proto.State, proto.Room));
    }

    [Fact]
    public void The_host_centre_is_always_one_of_a_batchs_centres_and_listed_first()
    {
        var batch = ValidBatch();
        batch.Centers.Clear();
        batch.Centers.Add(Samples.OtherCenter);

        var spec = CourseBatchMapping.ToSpec(batch, Samples.Center, new Validator(), "course_batch");

        Assert.Equal([Samples.Center, Samples.OtherCenter], spec.Centers);
    }

    [Fact]
    public void Check_in_policy_fields_left_unset_take_the_defaults()
    {
        var validator = new Validator();

        var partial = CourseBatchMapping.ToPolicy(new ProtoCheckInPolicy { LateMinutes = 10, OnTimeMinutes = 0 }, validator, "p");
        var absent = CourseBatchMapping.ToPolicy(null, validator, "p");

        Assert.True(validator.IsValid);
        Assert.Equal(new Training.Grains.CheckInPolicy(30, 0, 10, 120, 24), partial);
        Assert.Equal(Training.Grains.CheckInPolicy.Default, absent);
    }

    [Fact]
    public void An_offline_session_without_a_centre_is_held_at_the_host_centre_and_an_online_one_at_none()
    {
        var offline = ValidSession();
        offline.Center = string.Empty;
        var online = ValidSession();
        (online.Mode, online.Center, online.Room) = (ProtoSessionMode.Online, string.Empty, string.Empty);
        var validator = new Validator();

        Assert.Equal(Samples.Center, CourseBatchMapping.ToSpec(offline, Samples.Center, validator, "session").Center);
        Assert.Equal(string.Empty, CourseBatchMapping.ToSpec(online, Samples.Center, validator, "session").Center);
        Assert.True(validator.IsValid);
    }

    [Fact]
    public void Every_enum_value_maps_both_ways_and_unspecified_is_refused()
    {
        var validator = new Validator();
        Assert.All(System.Enum.GetValues<BatchState>(), v => Assert.Equal(v, v.ToProto().ToDomain()));
        Assert.All(System.Enum.GetValues<DomainSessionState>(), v => Assert.Equal(v, v.ToProto().ToDomain()));
        Assert.All(System.Enum.GetValues<DomainAttendanceSource>(), v => Assert.Equal(v, v.ToProto().ToDomain()));
        Assert.All(System.Enum.GetValues<DomainEnrolmentStatus>(), v => Assert.Equal(v, v.ToProto().ToDomain()));
        Assert.All(System.Enum.GetValues<DomainSessionMode>(), v => Assert.Equal(v, CourseBatchMapping.ToDomain(v.ToProto(), validator, "mode")));
        Assert.All(System.Enum.GetValues<DomainAttendanceMark>(), v => Assert.Equal(v, CourseBatchMapping.ToDomain(v.ToProto(), validator, "mark")));
        Assert.True(validator.IsValid);

        Assert.Null(CourseBatchMapping.ToDomain(ProtoSessionMode.Unspecified, validator, "mode"));
        Assert.Null(CourseBatchMapping.ToDomain((ProtoAttendanceMark)99, validator, "mark"));
        Assert.Equal(["mode", "mark"], validator.Violations.Select(v => v.Field));
        Assert.Throws<ArgumentOutOfRangeException>(() => CourseBatchState.Unspecified.ToDomain());
    }

    /// <summary>Each bad input the API layer catches, with the field it must name.</summary>
    private static readonly Dictionary<string, (Func<CourseBatchApi, ServerCallContext, Task> Call, string Field)> BadInputs = new()
    {
        ["empty display name"] = (Create(b => b.DisplayName = " "), "course_batch.display_name"),
        ["oversized display name"] = (Create(b => b.DisplayName = new string('班', 201)), "course_batch.display_name"),
        ["control characters in the display name"] = (Create(b => b.DisplayName = "a\u0000b"), "course_batch.display_name"),
        ["not a course"] = (Create(b => b.Course = "catalogue/hotline"), "course_batch.course"),
        ["a centre that is no centre name"] = (Create(b => b.Centers.Add("regions/sd/counties/zouping")), "course_batch.centers[2]"),
        ["a centre listed twice"] = (Create(b => b.Centers.Add(Samples.OtherCenter)), "course_batch.centers[2]"),
        ["capacity 0"] = (Create(b => b.Capacity = 0), "course_batch.capacity"),
        ["capacity 501"] = (Create(b => b.Capacity = 501), "course_batch.capacity"),
        ["a waiting list of 501"] = (Create(b => b.WaitingListCapacity = 501), "course_batch.waiting_list_capacity"),
        ["a post unspecified"] = (Create(b => b.EligiblePosts.Add(Post.Unspecified)), "course_batch.eligible_posts[1]"),
        ["no enrolment open time"] = (Create(b => b.EnrolmentOpenTime = null), "course_batch.enrolment_open_time"),
        ["enrolment closing before it opens"] = (Create(b => b.EnrolmentCloseTime = b.EnrolmentOpenTime), "course_batch.enrolment_close_time"),
        ["an enrolment time in 1999"] = (Create(b => b.EnrolmentOpenTime = new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero).ToTimestamp()), "course_batch.enrolment_open_time"),
        ["an enrolment time in the far future"] = (Create(b => b.EnrolmentCloseTime = DateTimeOffset.UtcNow.AddYears(6).ToTimestamp()), "course_batch.enrolment_close_time"),
        ["a malformed timestamp"] = (Create(b => b.EnrolmentCloseTime = new Timestamp { Seconds = Soon.ToUnixTimeSeconds(), Nanos = -1 }), "course_batch.enrolment_close_time"),
        ["early minutes 241"] = (Create(b => b.CheckInPolicy = new ProtoCheckInPolicy { EarlyMinutes = 241 }), "course_batch.check_in_policy.early_minutes"),
        ["on time after late"] = (Create(b => b.CheckInPolicy = new ProtoCheckInPolicy { OnTimeMinutes = 20, LateMinutes = 10 }), "course_batch.check_in_policy.on_time_minutes"),
        ["clock skew 901 s"] = (Create(b => b.CheckInPolicy = new ProtoCheckInPolicy { ClockSkewSeconds = 901 }), "course_batch.check_in_policy.clock_skew_seconds"),
        ["offline grace 169 h"] = (Create(b => b.CheckInPolicy = new ProtoCheckInPolicy { OfflineGraceHours = 169 }), "course_batch.check_in_policy.offline_grace_hours"),
        ["a parent that is no centre"] = ((api, c) => api.CreateCourseBatch(new CreateCourseBatchRequest { Parent = "regions/sd", CourseBatchId = "b", CourseBatch = ValidBatch(), RequestId = "r" }, c), "parent"),
        ["a batch id with capitals"] = ((api, c) => api.CreateCourseBatch(new CreateCourseBatchRequest { Parent = Samples.Center, CourseBatchId = "Batch", CourseBatch = ValidBatch(), RequestId = "r" }, c), "course_batch_id"),
        ["no request id"] = ((api, c) => api.CreateCourseBatch(new CreateCourseBatchRequest { Parent = Samples.Center, CourseBatchId = "b", CourseBatch = ValidBatch() }, c), "request_id"),
        ["no batch at all"] = ((api, c) => api.CreateCourseBatch(new CreateCourseBatchRequest { Parent = Samples.Center, CourseBatchId = "b", RequestId = "r" }, c), "course_batch"),
        ["a batch name that is a centre"] = ((api, c) => api.GetCourseBatch(new GetCourseBatchRequest { Name = Samples.Center }, c), "name"),
        ["a batch name with a bad id"] = ((api, c) => api.GetCourseBatch(new GetCourseBatchRequest { Name = Samples.Center + "/batches/-x" }, c), "name"),
        ["an update of the course"] = ((api, c) => api.UpdateCourseBatch(new UpdateCourseBatchRequest { CourseBatch = Named(ValidBatch()), UpdateMask = new FieldMask { Paths = { "course" } }, RequestId = "r" }, c), "update_mask"),
        ["a forged etag"] = ((api, c) => api.UpdateCourseBatch(new UpdateCourseBatchRequest { CourseBatch = Named(ValidBatch(), "W/x"), UpdateMask = new FieldMask { Paths = { "capacity" } }, RequestId = "r" }, c), "course_batch.etag"),
        ["an update to capacity 0"] = ((api, c) => api.UpdateCourseBatch(new UpdateCourseBatchRequest { CourseBatch = Named(new CourseBatch()), UpdateMask = new FieldMask { Paths = { "capacity" } }, RequestId = "r" }, c), "course_batch.capacity"),
        ["a cancellation without a reason"] = ((api, c) => api.CancelCourseBatch(new CancelCourseBatchRequest { Name = Samples.Batch, RequestId = "r" }, c), "reason"),
        ["a cancellation reason of 501 characters"] = ((api, c) => api.CancelCourseBatch(new CancelCourseBatchRequest { Name = Samples.Batch, Reason = new string('x', 501), RequestId = "r" }, c), "reason"),
        ["a session without a stage"] = (AddSession(s => s.Stage = ProtoStageKind.Unspecified), "session.stage"),
        ["a session without a mode"] = (AddSession(s => s.Mode = ProtoSessionMode.Unspecified), "session.mode"),
        ["an offline session without a room"] = (AddSession(s => s.Room = string.Empty), "session.room"),
        ["an oversized room"] = (AddSession(s => s.Room = new string('室', 101)), "session.room"),
        ["an online session in a room"] = (AddSession(s => s.Mode = ProtoSessionMode.Online), "session.room"),
        ["a session at a centre that is no centre name"] = (AddSession(s => s.Center = "t-town"), "session.center"),
        ["a session without an instructor"] = (AddSession(s => s.Instructor = string.Empty), "session.instructor"),
        ["an oversized instructor"] = (AddSession(s => s.Instructor = new string('师', 101)), "session.instructor"),
        ["a session ending before it starts"] = (AddSession(s => s.EndTime = s.StartTime), "session.end_time"),
        ["a session of 13 hours"] = (AddSession(s => s.EndTime = s.StartTime.ToDateTimeOffset().AddHours(13).ToTimestamp()), "session.end_time"),
        ["a session in the far future"] = (AddSession(s => s.StartTime = DateTimeOffset.UtcNow.AddYears(6).ToTimestamp()), "session.start_time"),
        ["a session id with a slash"] = ((api, c) => api.CreateSession(new CreateSessionRequest { Parent = Samples.Batch, SessionId = "a/b", Session = ValidSession(), RequestId = "r" }, c), "session_id"),
        ["a session under a centre"] = ((api, c) => api.CreateSession(new CreateSessionRequest { Parent = Samples.Center, SessionId = "s", Session = ValidSession(), RequestId = "r" }, c), "parent"),
        ["a session update of make_up"] = ((api, c) => api.UpdateSession(new UpdateSessionRequest { Session = new Session { Name = Session }, UpdateMask = new FieldMask { Paths = { "makeUp" } }, RequestId = "r" }, c), "update_mask"),
        ["a session name that is a batch"] = ((api, c) => api.CloseSession(new CloseSessionRequest { Name = Samples.Batch, RequestId = "r" }, c), "name"),
        ["enrolling nobody"] = (Enrol(), "staff_members"),
        ["enrolling 501"] = (Enrol([.. Enumerable.Range(0, 501).Select(i => $"staff/ZP-{i}")]), "staff_members"),
        ["enrolling someone twice"] = (Enrol("staff/ZP-1", "staff/ZP-2", "staff/ZP-1"), "staff_members[2]"),
        ["enrolling a malformed name"] = (Enrol("staff/ZP-1", "ZP-2"), "staff_members[1]"),
        ["enrolling into a session"] = ((api, c) => api.EnrolStaffMembers(new EnrolStaffMembersRequest { CourseBatch = Session, StaffMembers = { "staff/ZP-1" }, RequestId = "r" }, c), "course_batch"),
        ["a withdrawal without a reason"] = ((api, c) => api.WithdrawStaffMember(new WithdrawStaffMemberRequest { CourseBatch = Samples.Batch, StaffMember = "staff/ZP-1", RequestId = "r" }, c), "reason"),
        ["a withdrawal of a malformed name"] = ((api, c) => api.WithdrawStaffMember(new WithdrawStaffMemberRequest { CourseBatch = Samples.Batch, StaffMember = "ZP-1", Reason = "调岗", RequestId = "r" }, c), "staff_member"),
        ["a forged enrolment page token"] = ((api, c) => api.ListEnrolments(new ListEnrolmentsRequest { Parent = Samples.Batch, PageToken = "bm90IGEgdG9rZW4" }, c), "page_token"),
        ["a page size of 1001"] = ((api, c) => api.ListCourseBatches(new ListCourseBatchesRequest { Parent = Samples.Center, PageSize = 1001 }, c), "page_size"),
        ["own enrolments of a malformed name"] = ((api, c) => api.ListStaffMemberEnrolments(new ListStaffMemberEnrolmentsRequest { Parent = "staff/" }, c), "parent"),
        ["a mark unspecified"] = ((api, c) => api.RecordAttendance(new RecordAttendanceRequest { Session = Session, StaffMember = "staff/ZP-1", RequestId = "r" }, c), "mark"),
        ["excused without a reason"] = ((api, c) => api.RecordAttendance(new RecordAttendanceRequest { Session = Session, StaffMember = "staff/ZP-1", Mark = ProtoAttendanceMark.Excused, RequestId = "r" }, c), "reason"),
        ["an online completion without a time"] = ((api, c) => api.RecordOnlineCompletion(new RecordOnlineCompletionRequest { Session = Session, StaffMember = "staff/ZP-1", RequestId = "r" }, c), "complete_time"),
        ["a stream of 9 hours"] = ((api, c) => api.StreamSessionAttendance(new StreamSessionAttendanceRequest { Name = Session, MaxDuration = Duration.FromTimeSpan(TimeSpan.FromHours(9)) }, new ListWriter<SessionAttendance>(), c), "max_duration"),
        ["a stream of a negative duration"] = ((api, c) => api.StreamSessionAttendance(new StreamSessionAttendanceRequest { Name = Session, MaxDuration = new Duration { Seconds = -5 } }, new ListWriter<SessionAttendance>(), c), "max_duration"),
        ["a make-up for a session of another batch"] = ((api, c) => api.BookMakeUpSession(new BookMakeUpSessionRequest { CourseBatch = Samples.Batch, StaffMember = "staff/ZP-1", MissedSession = Samples.Center + "/batches/other/sessions/s1", MakeUpSession = Session, RequestId = "r" }, c), "missed_session"),
        ["a make-up session that is no session"] = ((api, c) => api.BookMakeUpSession(new BookMakeUpSessionRequest { CourseBatch = Samples.Batch, StaffMember = "staff/ZP-1", MissedSession = Session, MakeUpSession = Samples.Batch, RequestId = "r" }, c), "make_up_session"),
        ["a forged history token"] = ((api, c) => api.ListCourseBatchHistory(new ListCourseBatchHistoryRequest { Name = Samples.Batch, PageToken = Paging.Encode("history:" + Samples.Batch, "zero") }, c), "page_token"),
    };

    public static TheoryData<string> BadInputCases => new(BadInputs.Keys);

    [Theory]
    [MemberData(nameof(BadInputCases))]
    public async Task A_bad_request_is_refused_with_the_field_named_and_never_reaches_a_grain(string badInput)
    {
        var (call, field) = BadInputs[badInput];
        var (factory, fakes) = FakeGrains.Create();

        var e = await Assert.ThrowsAsync<RpcException>(() => call(new CourseBatchApi(factory), TestCallContext.Create()));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(field, Samples.Fields(e));
        Assert.Empty(fakes.Requested);
    }

    [Fact]
    public async Task A_valid_create_reaches_the_batch_grain_of_its_name_with_the_mapped_spec_and_the_request_id()
    {
        var (factory, fakes) = FakeGrains.Create();
        var batch = new FakeCourseBatch(Samples.Batch);
        fakes.Add<ICourseBatchGrain>(Samples.Batch, batch);

        var created = await new CourseBatchApi(factory).CreateCourseBatch(
            new CreateCourseBatchRequest { Parent = Samples.Center, CourseBatchId = "hotline-2026", CourseBatch = ValidBatch(), RequestId = "create-1" }, TestCallContext.Create());

        var (method, args) = Assert.Single(batch.Calls);
        Assert.Equal("Create", method);
        var spec = Assert.IsType<BatchSpec>(args[0]);
        Assert.Equal(("2026年第一期", "courses/hotline", 30, 5), (spec.DisplayName, spec.CourseName, spec.Capacity, spec.WaitingListCapacity));
        Assert.Equal([Samples.Center, Samples.OtherCenter], spec.Centers);
        Assert.Equal([Training.Grains.Post.Hotline12345], spec.EligiblePosts);
        Assert.Equal((Soon, Soon.AddDays(7)), (spec.EnrolmentOpens, spec.EnrolmentCloses));
        Assert.Equal(new Training.Grains.CheckInPolicy(30, 5, 15, 120, 24), spec.CheckIn);
        Assert.Equal("create-1", Assert.IsType<CommandContext>(args[1]).RequestId);
        Assert.Equal(Samples.Batch, created.Name);
    }

    [Fact]
    public async Task A_session_update_sends_only_the_masked_fields_camel_case_accepted()
    {
        var (factory, fakes) = FakeGrains.Create();
        var batch = new FakeCourseBatch(Samples.Batch);
        fakes.Add<ICourseBatchGrain>(Samples.Batch, batch);
        var moved = ValidSession();
        moved.Name = Session;
        moved.Center = string.Empty;

        await new CourseBatchApi(factory).UpdateSession(
            new UpdateSessionRequest { Session = moved, UpdateMask = new FieldMask { Paths = { "startTime", "end_time", "center", "room" } }, RequestId = "move-1" }, TestCallContext.Create());

        var (method, args) = Assert.Single(batch.Calls);
        Assert.Equal(("UpdateSession", "theory-1"), (method, args[0]));
        var patch = Assert.IsType<SessionPatch>(args[1]);
        Assert.Equal(new SessionPatch(Center: string.Empty, Room: "二楼培训室", StartTime: Soon.AddDays(10), EndTime: Soon.AddDays(10).AddHours(3)), patch);
    }

    [Fact]
    public async Task Enrolment_rows_outside_the_callers_scope_are_refused_in_place_and_the_others_go_to_the_batch_in_one_call()
    {
        var (factory, fakes) = FakeGrains.Create();
        var directory = new FakeDirectory { StaffCenters = { ["staff/IN-1"] = Samples.Center, ["staff/OUT-1"] = Samples.OtherCenter, ["staff/IN-2"] = Samples.Center } };
        var batch = new FakeCourseBatch(Samples.Batch)
        {
            EnrolAnswer = (i, staff) => staff == "staff/IN-2"
                ? new Training.Grains.EnrolmentResult(i, staff, null, ErrorKind.AlreadyExists, $"{staff} is already enrolled.")
                : new Training.Grains.EnrolmentResult(i, staff, Samples.EnrolmentView(Samples.Batch, staff), null, string.Empty),
        };
        fakes.Add<IDirectoryGrain>(0, directory);
        fakes.Add<ICourseBatchGrain>(Samples.Batch, batch);
        var rows = new BatchRowAuthorization("/training.v1.CourseBatchService/EnrolStaffMembers", center => center == Samples.Center);
        var request = new EnrolStaffMembersRequest { CourseBatch = Samples.Batch, StaffMembers = { "staff/IN-1", "staff/OUT-1", "staff/NOBODY", "staff/IN-2" }, RequestId = "enrol-1" };

        var response = await new CourseBatchApi(factory).EnrolStaffMembers(request, TestCallContext.Create(rows: rows));

        var (method, args) = Assert.Single(batch.Calls);
        Assert.Equal("Enrol", method);
        Assert.Equal(["staff/IN-1", "staff/IN-2"], Assert.IsAssignableFrom<IReadOnlyList<string>>(args[0]));
        Assert.Equal(request.StaffMembers, response.Results.Select(r => r.StaffMember));
        Assert.Equal([Code.Ok, Code.PermissionDenied, Code.PermissionDenied, Code.AlreadyExists], response.Results.Select(r => (Code)(r.Status?.Code ?? 0)));
        Assert.Equal("staff/IN-1", response.Results[0].Enrolment.StaffMember);
        Assert.Equal(SecurityStatus.OutOfScope, response.Results[1].Status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal("staff/IN-2", response.Results[3].Status.GetDetail<ResourceInfo>().ResourceName);
        Assert.Null(response.Results[3].Enrolment);
    }

    [Fact]
    public async Task A_caller_allowed_everywhere_enrols_without_asking_the_directory_and_a_batch_of_refused_rows_calls_no_batch()
    {
        var (factory, fakes) = FakeGrains.Create();
        var directory = new FakeDirectory();
        var batch = new FakeCourseBatch(Samples.Batch);
        fakes.Add<IDirectoryGrain>(0, directory);
        fakes.Add<ICourseBatchGrain>(Samples.Batch, batch);
        var request = new EnrolStaffMembersRequest { CourseBatch = Samples.Batch, StaffMembers = { "staff/A-1" }, RequestId = "enrol-2" };

        await new CourseBatchApi(factory).EnrolStaffMembers(request, TestCallContext.Create(rows: BatchRowAuthorization.AllowAll));
        Assert.Empty(directory.Asked);
        Assert.Single(batch.Calls);

        var denied = await new CourseBatchApi(factory).EnrolStaffMembers(request, TestCallContext.Create(rows: new BatchRowAuthorization("m", _ => false)));
        Assert.Equal(Code.PermissionDenied, (Code)Assert.Single(denied.Results).Status.Code);
        Assert.Single(batch.Calls);
    }

    [Fact]
    public async Task A_staff_members_own_enrolments_come_with_their_attendance_in_each_batch()
    {
        var (factory, fakes) = FakeGrains.Create();
        const string staff = "staff/ZP-0001";
        const string other = Samples.Center + "/batches/policy-2025";
        fakes.Add<IStaffMemberGrain>(staff, new FakeStaffMember(staff, 3,
        [
            new StaffEnrolment(Samples.Batch, "courses/hotline", "2026年第一期", DomainEnrolmentStatus.Enrolled, 2, Samples.Time.AddDays(1)),
            new StaffEnrolment(other, "courses/policy", "2025年政策班", DomainEnrolmentStatus.Completed, 4, Samples.Time),
        ]));
        var batches = new[] { new FakeCourseBatch(Samples.Batch), new FakeCourseBatch(other) };
        fakes.Add<ICourseBatchGrain>(Samples.Batch, batches[0]);
        fakes.Add<ICourseBatchGrain>(other, batches[1]);

        var response = await new CourseBatchApi(factory).ListStaffMemberEnrolments(new ListStaffMemberEnrolmentsRequest { Parent = staff }, TestCallContext.Create());

        Assert.Equal([Samples.Batch, other], response.Enrolments.Select(e => e.CourseBatch));
        Assert.Equal([Training.Contracts.V1.EnrolmentStatus.Enrolled, Training.Contracts.V1.EnrolmentStatus.Completed], response.Enrolments.Select(e => e.Status));
        Assert.All(response.Enrolments, e => Assert.Equal((e.CourseBatch, staff), (e.Attendance.CourseBatch, e.Attendance.StaffMember)));
        Assert.All(batches, b => Assert.Equal([("AttendanceOf", staff)], b.Calls.Select(c => (c.Method, (string)c.Args[0]!))));
    }

    [Fact]
    public async Task The_attendance_stream_sends_the_current_state_then_each_newer_version_and_ends_once_the_session_closed()
    {
        var (factory, fakes) = FakeGrains.Create();
        var batch = new FakeCourseBatch(Samples.Batch) { Attendance = Samples.SessionAttendance(Session, 4, DomainSessionState.Scheduled) };
        batch.Watches.Enqueue(Samples.SessionAttendance(Session, 4, DomainSessionState.Scheduled)); // the wait ended with no change
        batch.Watches.Enqueue(Samples.SessionAttendance(Session, 6, DomainSessionState.Scheduled));
        batch.Watches.Enqueue(Samples.SessionAttendance(Session, 7, DomainSessionState.Closed));
        fakes.Add<ICourseBatchGrain>(Samples.Batch, batch);
        var writer = new ListWriter<SessionAttendance>();

        await new CourseBatchApi(factory).StreamSessionAttendance(new StreamSessionAttendanceRequest { Name = Session }, writer, TestCallContext.Create());

        Assert.Equal([4L, 6, 7], writer.Written.Select(a => a.Version));
        Assert.Equal(ProtoSessionState.Closed, writer.Written[^1].Session.State);
        Assert.Equal([4L, 4, 6], batch.Calls.Where(c => c.Method == "WatchSessionAttendance").Select(c => (long)c.Args[1]!));
        Assert.All(batch.Calls.Where(c => c.Method == "WatchSessionAttendance"), c => Assert.Equal((object)CourseBatchApi.WatchStep, c.Args[2]));
    }

    [Fact]
    public async Task The_attendance_stream_ends_when_max_duration_passes_or_the_client_cancels()
    {
        var (factory, fakes) = FakeGrains.Create();
        fakes.Add<ICourseBatchGrain>(Samples.Batch, new FakeCourseBatch(Samples.Batch)); // its watch never answers
        var writer = new ListWriter<SessionAttendance>();
        var started = System.Diagnostics.Stopwatch.StartNew();

        await new CourseBatchApi(factory).StreamSessionAttendance(
            new StreamSessionAttendanceRequest { Name = Session, MaxDuration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(300)) }, writer, TestCallContext.Create());

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Single(writer.Written);

        using var client = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var cancelled = new ListWriter<SessionAttendance>();
        await new CourseBatchApi(factory).StreamSessionAttendance(new StreamSessionAttendanceRequest { Name = Session }, cancelled, TestCallContext.Create(cancellationToken: client.Token));
        Assert.Single(cancelled.Written);
    }

    private static CourseBatch ValidBatch() => new()
    {
        DisplayName = "2026年第一期",
        Course = "courses/hotline",
        Centers = { Samples.Center, Samples.OtherCenter },
        Capacity = 30,
        WaitingListCapacity = 5,
        EligiblePosts = { Post.Hotline12345 },
        EnrolmentOpenTime = Soon.ToTimestamp(),
        EnrolmentCloseTime = Soon.AddDays(7).ToTimestamp(),
        CheckInPolicy = new ProtoCheckInPolicy { LateMinutes = 15 },
    };

    private static CourseBatch Named(CourseBatch batch, string etag = "")
    {
        batch.Name = Samples.Batch;
        batch.Etag = etag;
        return batch;
    }

    private static Session ValidSession() => new()
    {
        Stage = ProtoStageKind.Theory,
        DisplayName = "政策理论",
        Mode = ProtoSessionMode.Offline,
        Center = Samples.Center,
        Room = "二楼培训室",
        StartTime = Soon.AddDays(10).ToTimestamp(),
        EndTime = Soon.AddDays(10).AddHours(3).ToTimestamp(),
        Instructor = "县人社局 王老师",
    };

    private static Func<CourseBatchApi, ServerCallContext, Task> Create(Action<CourseBatch> change)
    {
        var batch = ValidBatch();
        change(batch);
        return (api, context) => api.CreateCourseBatch(new CreateCourseBatchRequest { Parent = Samples.Center, CourseBatchId = "b", CourseBatch = batch, RequestId = "r" }, context);
    }

    private static Func<CourseBatchApi, ServerCallContext, Task> AddSession(Action<Session> change)
    {
        var session = ValidSession();
        change(session);
        return (api, context) => api.CreateSession(new CreateSessionRequest { Parent = Samples.Batch, SessionId = "s", Session = session, RequestId = "r" }, context);
    }

    private static Func<CourseBatchApi, ServerCallContext, Task> Enrol(params string[] staff) =>
        (api, context) => api.EnrolStaffMembers(new EnrolStaffMembersRequest { CourseBatch = Samples.Batch, StaffMembers = { staff }, RequestId = "r" }, context);
}
