using System.Reflection;
using Microsoft.AspNetCore.Http;
using Training.Api.Security;
using DomainHistoryEntry = Training.Grains.HistoryEntry;

namespace Training.Api.Tests;

/// <summary>An <see cref="IGrainFactory"/> that hands out registered fakes and fails the test on any other grain.</summary>
public class FakeGrains : DispatchProxy
{
    private readonly Dictionary<(System.Type, string), object> grains = [];

    public static (IGrainFactory Factory, FakeGrains Fakes) Create()
    {
        var factory = DispatchProxy.Create<IGrainFactory, FakeGrains>();
        return (factory, (FakeGrains)(object)factory);
    }

    public List<string> Requested { get; } = [];

    public void Add<TGrain>(object key, TGrain grain)
        where TGrain : notnull => grains[(typeof(TGrain), key.ToString()!)] = grain;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is { Name: "GetGrain", IsGenericMethod: true } && args is [{ } key, ..])
        {
            var type = targetMethod.GetGenericArguments()[0];
            Requested.Add($"{type.Name}:{key}");
            return grains.TryGetValue((type, key.ToString()!), out var grain)
                ? grain
                : throw new InvalidOperationException($"Unexpected grain {type.Name} '{key}'.");
        }

        throw new NotSupportedException(targetMethod?.Name);
    }
}

/// <summary>A server call context the way unit tests of grpc-dotnet services build one: the HttpContext in UserState.</summary>
public sealed class TestCallContext : ServerCallContext
{
    private TestCallContext(CancellationToken cancellationToken) => CancellationTokenCore = cancellationToken;

    /// <summary>
    /// An anonymous call (no principal, as the services see it without the interceptors) whose batch rows are all
    /// allowed, unless <paramref name="rows"/> says otherwise; <paramref name="user"/> sets a principal.
    /// </summary>
    public static TestCallContext Create(BatchRowAuthorization? rows = null, System.Security.Claims.ClaimsPrincipal? user = null, string method = "/test", CancellationToken cancellationToken = default)
    {
        var context = new TestCallContext(cancellationToken) { method = method };
        var http = new DefaultHttpContext();
        if (user is not null)
        {
            http.User = user;
        }

        BatchRowAuthorization.Set(http, rows ?? BatchRowAuthorization.AllowAll);
        context.UserState["__HttpContext"] = http;
        return context;
    }

    private string method = "/test";

    protected override string MethodCore => method;

    protected override string HostCore => "localhost";

    protected override string PeerCore => "test";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore { get; }

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Grpc.Core.Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}

public sealed class ListWriter<T> : IServerStreamWriter<T>
{
    public List<T> Written { get; } = [];

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Written.Add(message);
        return Task.CompletedTask;
    }
}

public sealed class ListReader<T>(IEnumerable<T> items) : IAsyncStreamReader<T>
{
    private readonly IEnumerator<T> items = items.GetEnumerator();

    public T Current => items.Current;

    public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(items.MoveNext());
}

public sealed class FakeRegistrar(Func<int, StaffRegistration, StaffRegistrationResult> answer) : IStaffRegistrarGrain
{
    public List<(IReadOnlyList<StaffRegistration> Rows, CommandContext Context)> Calls { get; } = [];

    public Task<IReadOnlyList<StaffRegistrationResult>> RegisterMany(IReadOnlyList<StaffRegistration> rows, CommandContext context)
    {
        Calls.Add((rows, context));
        IReadOnlyList<StaffRegistrationResult> results = [.. rows.Select((row, i) => answer(i, row))];
        return Task.FromResult(results);
    }
}

/// <summary>
/// A staff member with <paramref name="historyLength"/> events; reads at most 1,000 entries per call, as the real grain
/// does. Their own record of enrolments is <paramref name="enrolments"/> (none when null).
/// </summary>
public sealed class FakeStaffMember(string name, int historyLength, IReadOnlyList<StaffEnrolment>? enrolments = null) : IStaffMemberGrain
{
    public int HistoryCalls { get; private set; }

    public Task<StaffView> Get() => historyLength > 0
        ? Task.FromResult(View(name))
        : throw TrainingException.NotFound(name);

    public Task<IReadOnlyList<DomainHistoryEntry>> History(long fromVersion, int maxCount)
    {
        HistoryCalls++;
        var count = (int)Math.Max(0, Math.Min(Math.Min(maxCount, 1000), historyLength - fromVersion + 1));
        IReadOnlyList<DomainHistoryEntry> entries = [.. Enumerable.Range(0, count).Select(i => Entry(fromVersion + i))];
        return Task.FromResult(entries);
    }

    public Task<StaffView> Register(StaffSpec spec, CommandContext context) => throw new NotSupportedException();

    public Task<StaffView> RegisterInBulk(StaffSpec spec, CommandContext context) => throw new NotSupportedException();

    /// <summary>The patches <see cref="Update"/> received.</summary>
    public List<StaffPatch> Updates { get; } = [];

    public Task<StaffView> Update(StaffPatch patch, long expectedVersion, CommandContext context)
    {
        Updates.Add(patch);
        return Task.FromResult(View(name));
    }

    public Task<StaffView> Transfer(string toCenterName, string reason, CommandContext context) => throw new NotSupportedException();

    public Task<StaffView> StartLeave(string reason, CommandContext context) => throw new NotSupportedException();

    public Task<StaffView> ReturnFromLeave(CommandContext context) => throw new NotSupportedException();

    public Task<StaffView> Depart(string reason, CommandContext context) => throw new NotSupportedException();

    public Task ApplyEnrolmentChange(EnrolmentChange change) => throw new NotSupportedException();

    public Task<IReadOnlyList<StaffEnrolment>> Enrolments() => Task.FromResult(enrolments ?? []);

    public Task RecordEvidence(CompetencyEvidence evidence, CommandContext context) => throw new NotSupportedException();

    public Task<CompetencyEvidence> RecordSatisfaction(SatisfactionResult result, CommandContext context) => throw new NotSupportedException();

    public Task<CapabilityProfileView> CapabilityProfile(string frameworkName, DateTimeOffset? asOf) => throw new NotSupportedException();

    public Task<CapabilityTrajectoryView> CapabilityTrajectory(string frameworkName, DateTimeOffset from, DateTimeOffset to, TimeSpan step) => throw new NotSupportedException();

    public Task<int> WatchEvidence(int afterCount, TimeSpan maxWait) => throw new NotSupportedException();

    public static StaffView View(string name, StaffSpec? spec = null) =>
        new(name, spec?.DisplayName ?? "Li Na", spec?.CenterName ?? Samples.Center, spec?.Post ?? Training.Grains.Post.Hotline12345, Training.Grains.StaffStatus.Active, string.Empty, spec?.Phone ?? string.Empty, spec?.Email ?? string.Empty, 1, Samples.Time, Samples.Time, spec?.CardId ?? string.Empty);

    private static DomainHistoryEntry Entry(long version) =>
        new(version, "staff.registered.v1", Samples.Time, "tester", $"r-{version}", $"event {version}");
}

/// <summary>A course batch that records every call it receives (name and arguments) and answers from its settings.</summary>
public sealed class FakeCourseBatch(string name) : ICourseBatchGrain
{
    public List<(string Method, object?[] Args)> Calls { get; } = [];

    /// <summary>The answer to Enrol, per row sent.</summary>
    public Func<int, string, Training.Grains.EnrolmentResult> EnrolAnswer { get; init; } =
        (i, staff) => new Training.Grains.EnrolmentResult(i, staff, Samples.EnrolmentView(name, staff), null, string.Empty);

    /// <summary>The answers to WatchSessionAttendance, in turn; when none is left the watch never answers.</summary>
    public Queue<SessionAttendanceView> Watches { get; } = new();

    public SessionAttendanceView Attendance { get; set; } = Samples.SessionAttendance(name + "/sessions/s1", 1, Training.Grains.SessionState.Scheduled);

    public Task<BatchView> Create(BatchSpec spec, CommandContext context) => Answer(nameof(Create), Samples.BatchView(name, spec), spec, context);

    public Task<BatchView> Get() => Answer(nameof(Get), Samples.BatchView(name));

    public Task<BatchView> Update(BatchPatch patch, long expectedVersion, CommandContext context) => Answer(nameof(Update), Samples.BatchView(name), patch, expectedVersion, context);

    public Task<BatchView> OpenEnrolment(CommandContext context) => Answer(nameof(OpenEnrolment), Samples.BatchView(name), context);

    public Task<BatchView> Start(CommandContext context) => Answer(nameof(Start), Samples.BatchView(name), context);

    public Task<BatchView> Complete(CommandContext context) => Answer(nameof(Complete), Samples.BatchView(name), context);

    public Task<BatchView> Cancel(string reason, CommandContext context) => Answer(nameof(Cancel), Samples.BatchView(name), reason, context);

    public Task<SessionView> AddSession(string sessionId, SessionSpec spec, CommandContext context) =>
        Answer(nameof(AddSession), Samples.SessionView($"{name}/sessions/{sessionId}", spec), sessionId, spec, context);

    public Task<SessionView> UpdateSession(string sessionId, SessionPatch patch, CommandContext context) =>
        Answer(nameof(UpdateSession), Samples.SessionView($"{name}/sessions/{sessionId}"), sessionId, patch, context);

    public Task<SessionView> CancelSession(string sessionId, string reason, CommandContext context) =>
        Answer(nameof(CancelSession), Samples.SessionView($"{name}/sessions/{sessionId}"), sessionId, reason, context);

    public Task<SessionView> CloseSession(string sessionId, CommandContext context) =>
        Answer(nameof(CloseSession), Samples.SessionView($"{name}/sessions/{sessionId}"), sessionId, context);

    public Task<IReadOnlyList<Training.Grains.EnrolmentResult>> Enrol(IReadOnlyList<string> staffNames, CommandContext context) =>
        Answer<IReadOnlyList<Training.Grains.EnrolmentResult>>(nameof(Enrol), [.. staffNames.Select((s, i) => EnrolAnswer(i, s))], staffNames, context);

    public Task<EnrolmentView> Withdraw(string staffName, string reason, CommandContext context) =>
        Answer(nameof(Withdraw), Samples.EnrolmentView(name, staffName), staffName, reason, context);

    public Task<Page<EnrolmentView>> ListEnrolments(PageRequest page) =>
        Answer(nameof(ListEnrolments), new Page<EnrolmentView>([Samples.EnrolmentView(name, "staff/A-1")], null), page);

    public Task<Training.Grains.AttendanceRecord> RecordAttendance(string sessionId, string staffName, Training.Grains.AttendanceMark mark, string reason, CommandContext context) =>
        Answer(nameof(RecordAttendance), Samples.Record($"{name}/sessions/{sessionId}", staffName, mark), sessionId, staffName, mark, reason, context);

    public Task<Training.Grains.AttendanceRecord> RecordOnlineCompletion(string sessionId, string staffName, DateTimeOffset completedAt, CommandContext context) =>
        Answer(nameof(RecordOnlineCompletion), Samples.Record($"{name}/sessions/{sessionId}", staffName, Training.Grains.AttendanceMark.CompletedOnline), sessionId, staffName, completedAt, context);

    public Task<IReadOnlyList<Training.Grains.CheckInResult>> CheckIn(IReadOnlyList<BatchCheckIn> records, CommandContext context) => throw new NotSupportedException();

    public Task<SessionAttendanceView> GetSessionAttendance(string sessionId) => Answer(nameof(GetSessionAttendance), Attendance, sessionId);

    public Task<SessionAttendanceView> WatchSessionAttendance(string sessionId, long afterVersion, TimeSpan maxWait)
    {
        Calls.Add((nameof(WatchSessionAttendance), [sessionId, afterVersion, maxWait]));
        return Watches.TryDequeue(out var next) ? Task.FromResult(next) : new TaskCompletionSource<SessionAttendanceView>().Task;
    }

    public Task<BatchAttendanceView> GetAttendance() =>
        Answer(nameof(GetAttendance), new BatchAttendanceView(name, Samples.Summary, [Samples.SessionView($"{name}/sessions/s1")], [Samples.StaffAttendance(name, "staff/A-1")], []));

    public Task<StaffAttendanceView> AttendanceOf(string staffName) => Answer(nameof(AttendanceOf), Samples.StaffAttendance(name, staffName), staffName);

    public Task<Training.Grains.OwedSession> BookMakeUp(string staffName, string owedSessionId, string makeUpSessionName, CommandContext context) =>
        Answer(nameof(BookMakeUp), new Training.Grains.OwedSession(staffName, $"{name}/sessions/{owedSessionId}", Training.Grains.StageKind.Theory, Training.Grains.AttendanceMark.Absent, makeUpSessionName, Samples.Time, makeUpSessionName), staffName, owedSessionId, makeUpSessionName, context);

    public Task AdmitToMakeUp(MakeUpAdmission admission) => throw new NotSupportedException();

    public Task FulfilMakeUp(MakeUpFulfilment fulfilment) => throw new NotSupportedException();

    public Task<Training.Grains.StageAssessment> SetStageAssessment(Training.Grains.StageKind stage, Training.Grains.QuickTestBlueprint blueprint, CommandContext context) => throw new NotSupportedException();

    public Task<IReadOnlyList<Training.Grains.StageAssessment>> StageAssessments() => throw new NotSupportedException();

    public Task<Training.Grains.AttemptView> StartAttempt(string staffName, Training.Grains.StageKind stage, CommandContext context) => throw new NotSupportedException();

    public Task RecordStageResult(Training.Grains.StageResult result) => throw new NotSupportedException();

    public Task<Training.Grains.StaffStageResults> StageResultsOf(string staffName) => throw new NotSupportedException();

    public Task<IReadOnlyList<Training.Grains.StaffStageResults>> StageResults() => throw new NotSupportedException();

    public Task<Training.Grains.BatchResultsInput> ResultsInput() => throw new NotSupportedException();

    public Task<AttemptView> StartFollowUp(string followUpName, CommandContext context) => throw new NotSupportedException();

    public Task<IReadOnlyList<Training.Grains.FollowUp>> FollowUps() => throw new NotSupportedException();

    public Task<IReadOnlyList<AttendanceFact>> AttendanceHistoryOf(string staffName) =>
        Answer<IReadOnlyList<AttendanceFact>>(nameof(AttendanceHistoryOf), [], staffName);

    public Task<IReadOnlyList<DomainHistoryEntry>> History(long fromVersion, int maxCount) =>
        Answer<IReadOnlyList<DomainHistoryEntry>>(nameof(History), [new DomainHistoryEntry(1, "batch.created.v1", Samples.Time, "tester", "r-1", "created")], fromVersion, maxCount);

    public Task<Training.Grains.PracticalAssessment> SetPracticalAssessment(Training.Grains.StageKind stage, PracticalAssessmentSpec spec, CommandContext context) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<Training.Grains.PracticalAssessment>> PracticalAssessments() => throw new NotSupportedException();

    public Task<Training.Grains.PracticalGrade> GradePractical(string examiner, PracticalGrading grading, CommandContext context) => throw new NotSupportedException();

    public Task<IReadOnlyList<Training.Grains.PracticalGrade>> PracticalGrades(string? staffName) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> Examiners() => Task.FromResult<IReadOnlyList<string>>([]);

    private Task<T> Answer<T>(string method, T answer, params object?[] args)
    {
        Calls.Add((method, args));
        return Task.FromResult(answer);
    }
}

/// <summary>The directory: where staff members are registered, and the batches of a centre.</summary>
public sealed class FakeDirectory : IDirectoryGrain
{
    public Dictionary<string, string> StaffCenters { get; } = [];

    public List<string> Asked { get; } = [];

    public Task<string?> CenterOfStaff(string staffName)
    {
        Asked.Add(staffName);
        return Task.FromResult(StaffCenters.GetValueOrDefault(staffName));
    }

    public Task<Page<BatchView>> ListBatches(string centerName, PageRequest page) =>
        Task.FromResult(new Page<BatchView>([Samples.BatchView($"{centerName}/batches/b1")], null));

    public Task<Page<OrgUnitView>> ListRegions(PageRequest page) => throw new NotSupportedException();

    public Task<Page<OrgUnitView>> ListCounties(string regionName, PageRequest page) => throw new NotSupportedException();

    public Task<Page<OrgUnitView>> ListCenters(string countyName, PageRequest page) => throw new NotSupportedException();

    public Task<Page<StaffView>> ListStaff(string centerName, PageRequest page) => throw new NotSupportedException();

    public Task<Page<KioskView>> ListKiosks(string centerName, PageRequest page) => throw new NotSupportedException();

    public Task<Page<MentorView>> ListMentors(string homeUnit, PageRequest page) => throw new NotSupportedException();

    public Task<string?> HomeOfMentor(string mentorName) => Task.FromResult<string?>(null);

    public Task<string?> StaffOfCard(string cardId) => throw new NotSupportedException();

    public Task<Page<FrameworkView>> ListFrameworks(PageRequest page) => throw new NotSupportedException();

    public Task<Page<CourseView>> ListCourses(PageRequest page) => throw new NotSupportedException();

    public Task<Page<QuestionBankView>> ListQuestionBanks(PageRequest page) => throw new NotSupportedException();

    public Task<Page<RubricView>> ListRubrics(PageRequest page) => throw new NotSupportedException();
}

/// <summary>A centre grain that records the update it receives.</summary>
public sealed class RecordingCenter(string name) : ICenterGrain
{
    public (OrgUnitPatch Patch, long ExpectedVersion, CommandContext Context)? Updated { get; private set; }

    public Task<OrgUnitView> Update(OrgUnitPatch patch, long expectedVersion, CommandContext context)
    {
        Updated = (patch, expectedVersion, context);
        return Task.FromResult(View());
    }

    public Task<OrgUnitView> Get() => Task.FromResult(View());

    public Task<OrgUnitView> Create(OrgUnitSpec spec, CommandContext context) => throw new NotSupportedException();

    public Task<OrgUnitView> Archive(CommandContext context) => throw new NotSupportedException();

    public Task<IReadOnlyList<DomainHistoryEntry>> History(long fromVersion, int maxCount) => throw new NotSupportedException();

    private OrgUnitView View() => new(name, "regions/sd/counties/zouping", "T town centre", string.Empty, string.Empty, "0543 1234", false, 4, Samples.Time, Samples.Time);
}

public static class Samples
{
    public const string Center = "regions/sd/counties/zouping/centers/t-town";

    public static readonly DateTimeOffset Time = new(2025, 3, 1, 8, 30, 0, TimeSpan.Zero);

    public static CreateStaffMemberRequest Row(string id, Training.Contracts.V1.Post post = Training.Contracts.V1.Post.Hotline12345, string center = Center) => new()
    {
        StaffMemberId = id,
        StaffMember = new StaffMember { DisplayName = $"Staff {id}", Center = center, Post = post, Phone = "+86 543-1234", Email = "a@b.cn" },
    };

    public const string Batch = Center + "/batches/hotline-2026";

    public const string OtherCenter = "regions/sd/counties/zouping/centers/han-dian";

    public static readonly Training.Grains.AttendanceSummary Summary = new(4, 1, 1, 1, 0, 0, 1, 2, 0.5);

    public static BatchSpec BatchSpec() => new(
        "2026年第一期 12345热线接诉即办",
        "courses/hotline",
        [Center, OtherCenter],
        30,
        5,
        [Training.Grains.Post.Hotline12345],
        Time,
        Time.AddDays(14),
        new Training.Grains.CheckInPolicy(20, 5, 25, 60, 12));

    public static SessionSpec SessionSpec() => new(Training.Grains.StageKind.Theory, "政策理论", Training.Grains.SessionMode.Offline, Center, "二楼培训室", Time.AddDays(20), Time.AddDays(20).AddHours(3), "县人社局 王老师", false);

    public static BatchView BatchView(string name, BatchSpec? spec = null) => new(
        name,
        Center,
        spec ?? BatchSpec(),
        [new Training.Grains.CourseStage(Training.Grains.StageKind.Theory, "理论", ["hotline-12345"], 8, "quick test")],
        BatchState.Open,
        string.Empty,
        3,
        1,
        [SessionView(name + "/sessions/s1")],
        Summary,
        7,
        Time,
        Time.AddHours(1));

    public static SessionView SessionView(string name, SessionSpec? spec = null, Training.Grains.SessionState state = Training.Grains.SessionState.Scheduled) =>
        new(name, name[..name.IndexOf("/sessions/", StringComparison.Ordinal)], spec ?? SessionSpec(), state, string.Empty, Summary, 3);

    public static EnrolmentView EnrolmentView(string batch, string staff) =>
        new(batch, staff, "李娜", Center, Training.Grains.Post.Hotline12345, Training.Grains.EnrolmentStatus.Enrolled, 0, string.Empty, Time, Time, true);

    public static Training.Grains.AttendanceRecord Record(string session, string staff, Training.Grains.AttendanceMark mark) =>
        new(session, staff, mark, Training.Grains.AttendanceSource.Manager, null, Time, string.Empty, "迟到", "manager", 0, string.Empty, string.Empty);

    public static SessionAttendanceView SessionAttendance(string session, long version, Training.Grains.SessionState state) =>
        new(SessionView(session, state: state), [Record(session, "staff/A-1", Training.Grains.AttendanceMark.Present)], ["staff/A-2"], version);

    public static StaffAttendanceView StaffAttendance(string batch, string staff) =>
        new(batch, staff, [Record(batch + "/sessions/s1", staff, Training.Grains.AttendanceMark.Late)], [], Summary);

    public static BadRequest BadRequestOf(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>() ?? throw new InvalidOperationException("no BadRequest detail");

    public static string[] Fields(RpcException e) => [.. BadRequestOf(e).FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal)];
}

/// <summary>Kiosk credentials standing as set (current unless told otherwise), recording every check asked of them.</summary>
public sealed class FakeKioskCredentials : IKioskCredentials
{
    public KioskCredentialStanding Standing { get; init; } = KioskCredentialStanding.Current;

    public List<(string Kiosk, int Generation)> Checked { get; } = [];

    public Task<KioskCredentialStanding> Check(string kioskName, int generation)
    {
        Checked.Add((kioskName, generation));
        return Task.FromResult(Standing);
    }
}

/// <summary>A resource locator that knows no staff member and no examiner.</summary>
public sealed class NoLocator : IResourceLocator
{
    public Task<string?> CenterOfStaff(string staffName) => Task.FromResult<string?>(null);

    public Task<IReadOnlyList<string>> ExaminersOf(string batchName) => Task.FromResult<IReadOnlyList<string>>([]);
}
