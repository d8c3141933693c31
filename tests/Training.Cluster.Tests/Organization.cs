using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Training.Cluster.Tests;

/// <summary>
/// What the tests' writes need, created through the gateway: a region, county and centre, and for enrolments and
/// check-ins a published competency framework and a course of it.
/// </summary>
public sealed record Organization(string Suffix, string Center, string? Course)
{
    /// <summary>Creates regions/sd-…/counties/zouping/centers/t-town (unique per call) and, with <paramref name="course"/>, a course.</summary>
    public static async Task<Organization> CreateAsync(GrpcChannel channel, bool course = false)
    {
        var organization = new OrganizationService.OrganizationServiceClient(channel);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var region = await organization.CreateRegionAsync(new CreateRegionRequest { RegionId = $"sd-{suffix}", Region = new Region { DisplayName = "山东省" }, RequestId = $"r-{suffix}" });
        var county = await organization.CreateCountyAsync(new CreateCountyRequest { Parent = region.Name, CountyId = "zouping", County = new County { DisplayName = "邹平市" }, RequestId = $"c-{suffix}" });
        var center = await organization.CreateCenterAsync(new CreateCenterRequest { Parent = county.Name, CenterId = "t-town", Center = new Center { DisplayName = "T镇便民服务中心" }, RequestId = $"x-{suffix}" });
        if (!course)
        {
            return new Organization(suffix, center.Name, null);
        }

        var frameworks = new CompetencyFrameworkService.CompetencyFrameworkServiceClient(channel);
        var framework = await frameworks.CreateFrameworkAsync(new CreateFrameworkRequest
        {
            FrameworkId = $"ps-{suffix}",
            RequestId = $"f-{suffix}",
            Framework = new CompetencyFramework { DisplayName = "便民服务能力框架", LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "掌握" } } },
        });
        await frameworks.CreateCompetencyAsync(new CreateCompetencyRequest
        {
            Parent = framework.Name,
            CompetencyId = "hotline-12345",
            RequestId = $"k-{suffix}",
            Competency = new Competency { DisplayName = "12345热线诉求办理", Dimension = Dimension.ServiceExcellent },
        });
        await frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = framework.Name, RequestId = $"p-{suffix}" });
        var created = await new CourseService.CourseServiceClient(channel).CreateCourseAsync(new CreateCourseRequest
        {
            CourseId = $"hotline-{suffix}",
            RequestId = $"h-{suffix}",
            Course = new Course
            {
                DisplayName = "12345热线诉求办理",
                Framework = framework.Name,
                TargetPosts = { Post.Hotline12345 },
                DeliveryMode = DeliveryMode.Blended,
                Stages =
                {
                    Stage(StageKind.Theory, "理论学习"),
                    Stage(StageKind.PracticalDrill, "模拟来电演练"),
                    Stage(StageKind.OnTheJob, "岗位实践"),
                },
            },
        });
        return new Organization(suffix, center.Name, created.Name);
    }

    /// <summary>
    /// The requests that set up batch <paramref name="batchId"/> of the course at the centre for check-ins now: the
    /// batch (500 places), one theory session starting in ten minutes in its own room, enrolment opened, a kiosk
    /// registered in that room, and (once someone is enrolled) the batch started. Each carries a fixed request_id, so a caller may retry any of them.
    /// </summary>
    public BatchSetup Batch(string batchId) => new(this, batchId);

    private static CourseStage Stage(StageKind kind, string name) =>
        new() { Kind = kind, DisplayName = name, CompetencyIds = { "hotline-12345" }, PlannedHours = 8, Assessment = "quick test" };
}

/// <summary>One batch with a session about to start in its own room, and that room's kiosk (see <see cref="Organization.Batch"/>).</summary>
public sealed record BatchSetup(Organization Organization, string BatchId)
{
    public string Name => $"{Organization.Center}/batches/{BatchId}";

    public string Session => $"{Name}/sessions/now";

    public string Room => $"培训室-{BatchId}";

    public CreateCourseBatchRequest Create => new()
    {
        Parent = Organization.Center,
        CourseBatchId = BatchId,
        RequestId = $"batch-{Organization.Suffix}-{BatchId}",
        CourseBatch = new CourseBatch
        {
            DisplayName = $"12345热线 {BatchId}",
            Course = Organization.Course,
            Capacity = 500,
            EligiblePosts = { Post.Hotline12345 },
            EnrolmentOpenTime = DateTimeOffset.UtcNow.AddDays(-1).ToTimestamp(),
            EnrolmentCloseTime = DateTimeOffset.UtcNow.AddDays(30).ToTimestamp(),
        },
    };

    public CreateSessionRequest AddSession => new()
    {
        Parent = Name,
        SessionId = "now",
        RequestId = $"session-{Organization.Suffix}-{BatchId}",
        Session = new Session
        {
            Stage = StageKind.Theory,
            DisplayName = "政策理论",
            Mode = SessionMode.Offline,
            Room = Room,
            StartTime = DateTimeOffset.UtcNow.AddMinutes(10).ToTimestamp(),
            EndTime = DateTimeOffset.UtcNow.AddHours(3).ToTimestamp(),
            Instructor = "县人社局 王老师",
        },
    };

    public OpenCourseBatchEnrolmentRequest Open => new() { Name = Name, RequestId = $"open-{Organization.Suffix}-{BatchId}" };

    public StartCourseBatchRequest Start => new() { Name = Name, RequestId = $"start-{Organization.Suffix}-{BatchId}" };

    public RegisterKioskRequest RegisterKiosk => new()
    {
        Parent = Organization.Center,
        KioskId = $"kiosk-{BatchId}",
        RequestId = $"kiosk-{Organization.Suffix}-{BatchId}",
        Kiosk = new Kiosk { DisplayName = $"{Room} 一号机", Room = Room },
    };
}
