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
