using Training.Api.Mapping;
using Training.Api.Security;
using DomainEnrolmentResult = Training.Grains.EnrolmentResult;
using ProtoEnrolmentResult = Training.Contracts.V1.EnrolmentResult;

namespace Training.Api.Services;

/// <summary>
/// Course batches (training.v1.CourseBatchService): validates each request fully, then calls the batch's grain (keyed
/// by its resource name), the staff member's grain (their own enrolments) or the directory (a centre's batches; where a
/// staff member to enrol is registered, for the per-row authorization). No domain rules here: those are the grain's.
/// </summary>
public sealed class CourseBatchApi(IGrainFactory grains) : CourseBatchService.CourseBatchServiceBase
{
    /// <summary>Most staff members enrolled by one call.</summary>
    public const int MaxEnrolRows = 500;

    /// <summary>How long one step of an attendance stream waits for a change before asking again.</summary>
    public static readonly TimeSpan WatchStep = TimeSpan.FromSeconds(20);

    /// <summary>The longest an attendance stream stays open (also its default).</summary>
    public static readonly TimeSpan MaxStreamDuration = TimeSpan.FromHours(8);

    private const int MaxReason = 500;

    private const string CenterName = "must be a centre name: regions/{region}/counties/{county}/centers/{center}.";
    private const string BatchName = "must be a course batch name: regions/{region}/counties/{county}/centers/{center}/batches/{batch}.";
    private const string SessionName = "must be a session name: regions/{region}/counties/{county}/centers/{center}/batches/{batch}/sessions/{session}.";
    private const string StaffName = "must be a staff member name: staff/{staff_id} with a staff id of [A-Za-z0-9][A-Za-z0-9-]{0,39}.";

    private static readonly string[] BatchPaths =
        ["display_name", "capacity", "waiting_list_capacity", "eligible_posts", "enrolment_open_time", "enrolment_close_time", "check_in_policy"];

    private static readonly string[] SessionPaths = ["display_name", "mode", "center", "room", "start_time", "end_time", "instructor"];

    public override async Task<CourseBatch> CreateCourseBatch(CreateCourseBatchRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsCenter(request.Parent), "parent", CenterName)
            .ResourceId("course_batch_id", request.CourseBatchId);
        var batch = CatalogueMapping.Required(validator, "course_batch", request.CourseBatch);
        var spec = CourseBatchMapping.ToSpec(batch, request.Parent, validator, "course_batch");
        validator.ThrowIfInvalid();
        var created = await Batch(ResourceNames.Batch(request.Parent, request.CourseBatchId)).Create(spec, Callers.Command(context, request.RequestId));
        return created.ToProto();
    }

    public override async Task<CourseBatch> GetCourseBatch(GetCourseBatchRequest request, ServerCallContext context)
    {
        CheckBatch(new Validator(), "name", request.Name).ThrowIfInvalid();
        return (await Batch(request.Name).Get()).ToProto();
    }

    public override async Task<ListCourseBatchesResponse> ListCourseBatches(ListCourseBatchesRequest request, ServerCallContext context)
    {
        var collection = $"batches:{request.Parent}";
        var validator = new Validator().Check(ResourceNames.IsCenter(request.Parent), "parent", CenterName);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var page = await Directory.ListBatches(request.Parent, pageRequest);
        return new ListCourseBatchesResponse { CourseBatches = { page.Items.Select(CourseBatchMapping.ToProto) }, NextPageToken = Paging.NextToken(collection, page) };
    }

    public override async Task<CourseBatch> UpdateCourseBatch(UpdateCourseBatchRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId);
        var batch = CatalogueMapping.Required(validator, "course_batch", request.CourseBatch);
        CheckBatch(validator, "course_batch.name", batch.Name);
        var paths = FieldMasks.Paths(validator, request.UpdateMask, BatchPaths);
        var expectedVersion = Etags.ToExpectedVersion(validator, "course_batch.etag", batch.Etag);
        var patch = CourseBatchMapping.ToPatch(batch, paths, validator, "course_batch");
        validator.ThrowIfInvalid();
        return (await Batch(batch.Name).Update(patch, expectedVersion, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<CourseBatch> OpenCourseBatchEnrolment(OpenCourseBatchEnrolmentRequest request, ServerCallContext context)
    {
        CheckBatch(Mutation(request.RequestId), "name", request.Name).ThrowIfInvalid();
        return (await Batch(request.Name).OpenEnrolment(Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<CourseBatch> StartCourseBatch(StartCourseBatchRequest request, ServerCallContext context)
    {
        CheckBatch(Mutation(request.RequestId), "name", request.Name).ThrowIfInvalid();
        return (await Batch(request.Name).Start(Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<CourseBatch> CompleteCourseBatch(CompleteCourseBatchRequest request, ServerCallContext context)
    {
        CheckBatch(Mutation(request.RequestId), "name", request.Name).ThrowIfInvalid();
        return (await Batch(request.Name).Complete(Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<CourseBatch> CancelCourseBatch(CancelCourseBatchRequest request, ServerCallContext context)
    {
        CheckBatch(Mutation(request.RequestId), "name", request.Name).RequiredText("reason", request.Reason, MaxReason).ThrowIfInvalid();
        return (await Batch(request.Name).Cancel(request.Reason, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<Session> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        var validator = CheckBatch(Mutation(request.RequestId), "parent", request.Parent).ResourceId("session_id", request.SessionId);
        var session = CatalogueMapping.Required(validator, "session", request.Session);
        var spec = CourseBatchMapping.ToSpec(session, ResourceNames.HostCenterOf(request.Parent) ?? string.Empty, validator, "session");
        validator.ThrowIfInvalid();
        return (await Batch(request.Parent).AddSession(request.SessionId, spec, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<Session> UpdateSession(UpdateSessionRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId);
        var session = CatalogueMapping.Required(validator, "session", request.Session);
        var (batchName, sessionId) = CheckSession(validator, "session.name", session.Name);
        var paths = FieldMasks.Paths(validator, request.UpdateMask, SessionPaths);
        var patch = CourseBatchMapping.ToPatch(session, paths, ResourceNames.HostCenterOf(batchName) ?? string.Empty, validator, "session");
        validator.ThrowIfInvalid();
        return (await Batch(batchName).UpdateSession(sessionId, patch, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<Session> CancelSession(CancelSessionRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId);
        var (batchName, sessionId) = CheckSession(validator, "name", request.Name);
        validator.RequiredText("reason", request.Reason, MaxReason).ThrowIfInvalid();
        return (await Batch(batchName).CancelSession(sessionId, request.Reason, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<Session> CloseSession(CloseSessionRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId);
        var (batchName, sessionId) = CheckSession(validator, "name", request.Name);
        validator.ThrowIfInvalid();
        return (await Batch(batchName).CloseSession(sessionId, Callers.Command(context, request.RequestId))).ToProto();
    }

    /// <summary>
    /// Rows naming a staff member the caller may not enrol (decided per row by the authorization policy on the centre
    /// the directory places them at, <see cref="BatchRowAuthorization"/>) are answered PERMISSION_DENIED and not sent;
    /// the others go to the batch in one call. Results come back in the request's order.
    /// </summary>
    public override async Task<EnrolStaffMembersResponse> EnrolStaffMembers(EnrolStaffMembersRequest request, ServerCallContext context)
    {
        var validator = CheckBatch(Mutation(request.RequestId), "course_batch", request.CourseBatch);
        CheckStaffList(validator, "staff_members", request.StaffMembers).ThrowIfInvalid();

        var rows = BatchRowAuthorization.Of(context);
        var staff = request.StaffMembers;
        var results = new ProtoEnrolmentResult?[staff.Count];
        var sent = new List<int>(staff.Count);
        var centers = rows.Allows(string.Empty) ? null : await Task.WhenAll(staff.Select(Directory.CenterOfStaff));
        for (var i = 0; i < staff.Count; i++)
        {
            if (centers is null || rows.Allows(centers[i] ?? string.Empty))
            {
                sent.Add(i);
            }
            else
            {
                results[i] = new ProtoEnrolmentResult
                {
                    StaffMember = staff[i],
                    Status = SecurityStatus.RowDenied(rows.Method, staff[i], $"The caller may not enrol {staff[i]}, who is not a staff member within their scope."),
                };
            }
        }

        if (sent.Count > 0)
        {
            var answers = await Batch(request.CourseBatch).Enrol(sent.ConvertAll(i => staff[i]), Callers.Command(context, request.RequestId));
            foreach (var answer in answers)
            {
                var index = sent[answer.Index];
                results[index] = ToResult(staff[index], answer);
            }
        }

        var response = new EnrolStaffMembersResponse();
        for (var i = 0; i < results.Length; i++)
        {
            response.Results.Add(results[i] ?? throw new InvalidOperationException($"The batch gave no result for row {i}."));
        }

        return response;
    }

    public override async Task<Enrolment> WithdrawStaffMember(WithdrawStaffMemberRequest request, ServerCallContext context)
    {
        CheckBatch(Mutation(request.RequestId), "course_batch", request.CourseBatch)
            .Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName)
            .RequiredText("reason", request.Reason, MaxReason)
            .ThrowIfInvalid();
        return (await Batch(request.CourseBatch).Withdraw(request.StaffMember, request.Reason, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<ListEnrolmentsResponse> ListEnrolments(ListEnrolmentsRequest request, ServerCallContext context)
    {
        var collection = $"enrolments:{request.Parent}";
        var validator = CheckBatch(new Validator(), "parent", request.Parent);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var page = await Batch(request.Parent).ListEnrolments(pageRequest);
        return new ListEnrolmentsResponse { Enrolments = { page.Items.Select(CourseBatchMapping.ToProto) }, NextPageToken = Paging.NextToken(collection, page) };
    }

    /// <summary>The staff member's own record of their enrolments (newest first), each with their attendance read from its batch, all batches at once.</summary>
    public override async Task<ListStaffMemberEnrolmentsResponse> ListStaffMemberEnrolments(ListStaffMemberEnrolmentsRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsStaff(request.Parent), "parent", StaffName).ThrowIfInvalid();
        var enrolments = await grains.GetGrain<IStaffMemberGrain>(request.Parent).Enrolments();
        var attendance = await Task.WhenAll(enrolments.Select(e => Batch(e.BatchName).AttendanceOf(request.Parent)));
        return new ListStaffMemberEnrolmentsResponse { Enrolments = { enrolments.Select((e, i) => e.ToProto(attendance[i])) } };
    }

    public override async Task<Training.Contracts.V1.AttendanceRecord> RecordAttendance(RecordAttendanceRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId);
        var (batchName, sessionId) = CheckSession(validator, "session", request.Session);
        validator.Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName);
        var mark = CourseBatchMapping.ToDomain(request.Mark, validator, "mark");
        if (mark == Training.Grains.AttendanceMark.Excused)
        {
            validator.RequiredText("reason", request.Reason, MaxReason);
        }
        else
        {
            validator.OptionalText("reason", request.Reason, MaxReason);
        }

        validator.ThrowIfInvalid();
        var record = await Batch(batchName).RecordAttendance(sessionId, request.StaffMember, mark!.Value, request.Reason, Callers.Command(context, request.RequestId));
        return record.ToProto();
    }

    public override async Task<Training.Contracts.V1.AttendanceRecord> RecordOnlineCompletion(RecordOnlineCompletionRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId);
        var (batchName, sessionId) = CheckSession(validator, "session", request.Session);
        validator.Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName);
        var completed = validator.RequiredTime("complete_time", request.CompleteTime);
        validator.ThrowIfInvalid();
        var record = await Batch(batchName).RecordOnlineCompletion(sessionId, request.StaffMember, completed!.Value, Callers.Command(context, request.RequestId));
        return record.ToProto();
    }

    public override async Task<SessionAttendance> GetSessionAttendance(GetSessionAttendanceRequest request, ServerCallContext context)
    {
        var validator = new Validator();
        var (batchName, sessionId) = CheckSession(validator, "name", request.Name);
        validator.ThrowIfInvalid();
        return (await Batch(batchName).GetSessionAttendance(sessionId)).ToProto();
    }

    /// <summary>
    /// The session's attendance at once, then every newer version the batch reports (long polls of
    /// <see cref="WatchStep"/>), until the client cancels, <c>max_duration</c> passes, or the session is closed or
    /// cancelled and that final state was sent.
    /// </summary>
    public override async Task StreamSessionAttendance(StreamSessionAttendanceRequest request, IServerStreamWriter<SessionAttendance> responseStream, ServerCallContext context)
    {
        var validator = new Validator();
        var (batchName, sessionId) = CheckSession(validator, "name", request.Name);
        var duration = StreamDuration(validator, "max_duration", request.MaxDuration);
        validator.ThrowIfInvalid();

        var batch = Batch(batchName);
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        open.CancelAfter(duration);
        try
        {
            var current = await batch.GetSessionAttendance(sessionId).WaitAsync(open.Token);
            await responseStream.WriteAsync(current.ToProto(), open.Token);
            while (current.Session.State == Training.Grains.SessionState.Scheduled)
            {
                var next = await batch.WatchSessionAttendance(sessionId, current.Version, WatchStep).WaitAsync(open.Token);
                if (next.Version > current.Version)
                {
                    await responseStream.WriteAsync(next.ToProto(), open.Token);
                    current = next;
                }
            }
        }
        catch (OperationCanceledException) when (open.IsCancellationRequested)
        {
            // The client went away or max_duration passed: the stream ends (OK when it was the duration).
        }
    }

    public override async Task<CourseBatchAttendance> GetCourseBatchAttendance(GetCourseBatchAttendanceRequest request, ServerCallContext context)
    {
        CheckBatch(new Validator(), "name", request.Name).ThrowIfInvalid();
        return (await Batch(request.Name).GetAttendance()).ToProto();
    }

    public override async Task<Training.Contracts.V1.OwedSession> BookMakeUpSession(BookMakeUpSessionRequest request, ServerCallContext context)
    {
        var validator = CheckBatch(Mutation(request.RequestId), "course_batch", request.CourseBatch)
            .Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName);
        var (missedBatch, missedId) = CheckSession(validator, "missed_session", request.MissedSession);
        if (missedId.Length > 0)
        {
            validator.Check(missedBatch == request.CourseBatch, "missed_session", "must be a session of course_batch.");
        }

        CheckSession(validator, "make_up_session", request.MakeUpSession);
        validator.ThrowIfInvalid();
        var owed = await Batch(request.CourseBatch).BookMakeUp(request.StaffMember, missedId, request.MakeUpSession, Callers.Command(context, request.RequestId));
        return owed.ToProto();
    }

    public override async Task<ListCourseBatchHistoryResponse> ListCourseBatchHistory(ListCourseBatchHistoryRequest request, ServerCallContext context)
    {
        var collection = $"history:{request.Name}";
        var validator = CheckBatch(new Validator(), "name", request.Name);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        var afterVersion = HistoryPages.AfterVersion(validator, pageRequest.AfterKey);
        validator.ThrowIfInvalid();
        var batch = Batch(request.Name);
        var (entries, next) = await HistoryPages.ReadAsync(collection, pageRequest, afterVersion, batch.History, batch.Get);
        return new ListCourseBatchHistoryResponse { Entries = { entries.Select(StaffMapping.ToProto) }, NextPageToken = next };
    }

    private ICourseBatchGrain Batch(string name) => grains.GetGrain<ICourseBatchGrain>(name);

    private IDirectoryGrain Directory => grains.GetGrain<IDirectoryGrain>(0);

    private static Validator Mutation(string requestId) => new Validator().RequestId("request_id", requestId);

    private static Validator CheckBatch(Validator validator, string field, string name) =>
        name.Length == 0 ? validator.Fail(field, "is required.") : validator.Check(ResourceNames.IsBatch(name), field, BatchName);

    /// <summary>Checks a session name; answers its batch's name and the session id (empty when malformed).</summary>
    private static (string BatchName, string SessionId) CheckSession(Validator validator, string field, string name)
    {
        var valid = ResourceNames.TryParseSession(name, out var batchName, out var sessionId);
        if (name.Length == 0)
        {
            validator.Fail(field, "is required.");
        }
        else
        {
            validator.Check(valid, field, SessionName);
        }

        return (batchName, sessionId);
    }

    /// <summary>1..<see cref="MaxEnrolRows"/> staff member names, none twice.</summary>
    private static Validator CheckStaffList(Validator validator, string field, Google.Protobuf.Collections.RepeatedField<string> names)
    {
        validator.Check(names.Count is >= 1 and <= MaxEnrolRows, field, $"must name 1..{MaxEnrolRows} staff members.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(names.Count, MaxEnrolRows); i++)
        {
            if (!ResourceNames.IsStaff(names[i]))
            {
                validator.Fail($"{field}[{i}]", StaffName);
            }
            else if (!seen.Add(names[i]))
            {
                validator.Fail($"{field}[{i}]", "is listed twice.");
            }
        }

        return validator;
    }

    /// <summary>How long a stream may stay open: <c>max_duration</c> when set (positive, at most 8 hours), else 8 hours.</summary>
    private static TimeSpan StreamDuration(Validator validator, string field, Duration? duration)
    {
        if (duration is null)
        {
            return MaxStreamDuration;
        }

        var valid = duration.Seconds >= 0 && duration.Nanos is >= 0 and <= 999_999_999 && (duration.Seconds > 0 || duration.Nanos > 0)
            && duration.Seconds <= (long)MaxStreamDuration.TotalSeconds;
        validator.Check(valid, field, $"must be positive and at most {MaxStreamDuration.TotalHours:0} hours (unset: {MaxStreamDuration.TotalHours:0} hours).");
        return valid ? TimeSpan.FromTicks(Math.Min(duration.ToTimeSpan().Ticks, MaxStreamDuration.Ticks)) : MaxStreamDuration;
    }

    private static ProtoEnrolmentResult ToResult(string staffName, DomainEnrolmentResult answer) => answer switch
    {
        { Error: null, Enrolment: { } enrolment } => new() { StaffMember = staffName, Enrolment = enrolment.ToProto() },
        { Error: { } kind } => new() { StaffMember = staffName, Status = StatusMapping.ForRow(kind, answer.Message, staffName) },
        _ => throw new InvalidOperationException($"The batch answered row {answer.Index} with neither an enrolment nor an error."),
    };
}
