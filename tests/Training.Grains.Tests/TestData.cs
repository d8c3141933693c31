namespace Training.Grains.Tests;

/// <summary>Builders for the requests the tests send, with unique names so tests can share a cluster.</summary>
internal static class TestData
{
    public static CommandContext Command(string? requestId = null) => new(requestId ?? Guid.NewGuid().ToString("N"), "tester");

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static OrgUnitSpec Unit(string displayName) => new(displayName, string.Empty, string.Empty, string.Empty);

    public static StaffSpec Staff(string name, string center, Post post = Post.Hotline12345) => new(name, center, post, "0543-1234567", string.Empty);

    /// <summary>Creates region → county → centre and returns the centre's name.</summary>
    public static async Task<string> CenterAsync(IGrainFactory grains, string? region = null)
    {
        region ??= $"regions/{Unique("r")}";
        await grains.GetGrain<IRegionGrain>(region).Create(Unit("山东省"), Command());
        var county = $"{region}/counties/zouping";
        await grains.GetGrain<ICountyGrain>(county).Create(Unit("邹平市"), Command());
        var center = $"{county}/centers/t-town";
        await grains.GetGrain<ICenterGrain>(center).Create(new OrgUnitSpec("T镇便民服务中心", "一站式服务", "T镇政府路1号", "0543-4260000"), Command());
        return center;
    }

    /// <summary>Creates a framework with two modules and three sub-competencies; returns its name.</summary>
    public static async Task<string> FrameworkAsync(IGrainFactory grains)
    {
        var name = $"frameworks/{Unique("f")}";
        var framework = grains.GetGrain<ICompetencyFrameworkGrain>(name);
        await framework.Create(new FrameworkSpec("便民服务能力", "test", Scale()), Command());
        await framework.AddCompetency(new CompetencySpec("policy", string.Empty, "政策法规", string.Empty, Dimension.PolicySavvy), Command());
        await framework.AddCompetency(new CompetencySpec("service", string.Empty, "服务意识", string.Empty, Dimension.ServiceExcellent), Command());
        await framework.AddCompetency(new CompetencySpec("medical-insurance", "policy", "医保政策", string.Empty, Dimension.PolicySavvy), Command());
        await framework.AddCompetency(new CompetencySpec("hotline-12345", "service", "12345热线诉求办理", string.Empty, Dimension.ServiceExcellent), Command());
        await framework.AddCompetency(new CompetencySpec("communication", "service", "群众沟通", string.Empty, Dimension.ServiceExcellent), Command());
        return name;
    }

    public static IReadOnlyList<LevelDefinition> Scale() =>
        [new(1, "了解", "aware"), new(2, "熟悉", "familiar"), new(3, "掌握", "proficient"), new(4, "精通", "advanced"), new(5, "专家", "expert")];

    public static IReadOnlyList<CourseStage> Stages(params string[] competencies) =>
    [
        new(StageKind.Theory, "理论学习", competencies, 8, "in-class quick test"),
        new(StageKind.PracticalDrill, "实操演练", competencies, 6, "simulated 12345 call, rubric"),
        new(StageKind.OnTheJob, "岗位实践", competencies, 40, "mentor sign-off"),
    ];

    /// <summary>Creates a course (on a new framework) for <paramref name="posts"/> (default: the 12345 hotline); returns its name.</summary>
    public static async Task<string> CourseAsync(IGrainFactory grains, params Post[] posts)
    {
        var framework = await FrameworkAsync(grains);
        var name = $"courses/{Unique("c")}";
        var spec = new CourseSpec("12345热线诉求办理", "接诉即办", framework, posts.Length > 0 ? posts : [Post.Hotline12345], DeliveryMode.Blended, Stages("hotline-12345", "communication"));
        await grains.GetGrain<ICourseGrain>(name).Create(spec, Command());
        return name;
    }

    /// <summary>A batch of <paramref name="course"/> whose enrolment window is open now.</summary>
    public static BatchSpec Batch(string course, int capacity = 30, int waitingList = 5, IReadOnlyList<string>? centers = null, CheckInPolicy? checkIn = null) =>
        new("2026年第一期 12345热线接诉即办", course, centers ?? [], capacity, waitingList, [], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), checkIn ?? CheckInPolicy.Default);

    /// <summary>An offline session of the host centre's room <paramref name="room"/>.</summary>
    public static SessionSpec Session(DateTimeOffset start, TimeSpan? length = null, StageKind stage = StageKind.Theory, string room = Room, bool makeUp = false) =>
        new(stage, "医保政策解读", SessionMode.Offline, string.Empty, room, start, start + (length ?? TimeSpan.FromHours(2)), "县医保局 张老师", makeUp);

    public static SessionSpec OnlineSession(DateTimeOffset start, TimeSpan? length = null, StageKind stage = StageKind.Theory) =>
        new(stage, "线上课程: 低保政策", SessionMode.Online, string.Empty, string.Empty, start, start + (length ?? TimeSpan.FromHours(2)), "县民政局 李老师", false);

    /// <summary>The training room sessions are held in unless a test says otherwise.</summary>
    public const string Room = "二楼培训室";

    /// <summary>Registers <paramref name="count"/> staff members at <paramref name="center"/>, in parallel; returns their names in order.</summary>
    public static async Task<IReadOnlyList<string>> StaffAsync(IGrainFactory grains, string center, int count, Post post = Post.Hotline12345)
    {
        var prefix = Unique("s");
        var names = Enumerable.Range(0, count).Select(i => $"staff/{prefix}-{i:D3}").ToList();
        await Task.WhenAll(names.Select((n, i) => grains.GetGrain<IStaffMemberGrain>(n).Register(Staff($"学员{i:D3}", center, post), Command())));
        return names;
    }

    /// <summary>A kiosk record for the batch's session held in the host centre's <see cref="Room"/>.</summary>
    public static BatchCheckIn Scan(string center, string sessionId, string staffName, DateTimeOffset scanTime, string? key = null, int index = 0, string room = Room) =>
        new(index, sessionId, staffName, scanTime, $"{center}/kiosks/k1", center, room, key ?? Guid.NewGuid().ToString("N"));

    /// <summary>Waits until <paramref name="condition"/> holds (polling), or fails after <paramref name="timeout"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"condition not met in time; last value: {value}");
            await Task.Delay(100);
        }
    }

    /// <summary>A view as JSON, to compare views holding lists (a record compares its lists by reference).</summary>
    public static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    public static async Task<T> Refused<T>(ErrorKind kind, Func<Task<T>> call)
    {
        var e = await Assert.ThrowsAsync<TrainingException>(async () => await call());
        Assert.Equal(kind, e.Kind);
        return default!;
    }
}

/// <summary>One cluster shared by the tests of a class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TrainingCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Grains;

    public async Task InitializeAsync() => Cluster = await TrainingCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
