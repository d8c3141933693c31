namespace Training.Grains;

/// <summary>The three stages every batch runs, in this order (DOMAIN.md, "Delivery").</summary>
public enum StageKind
{
    /// <summary>Theory (理论学习).</summary>
    Theory = 1,

    /// <summary>Practical drill: simulated 12345 calls, mediation role-play (实操演练).</summary>
    PracticalDrill = 2,

    /// <summary>On-the-job practice under a mentor (岗位实践).</summary>
    OnTheJob = 3,
}

/// <summary>How a course is delivered.</summary>
public enum DeliveryMode
{
    /// <summary>In a training room.</summary>
    Offline = 1,

    /// <summary>Online (e-learning).</summary>
    Online = 2,

    /// <summary>Both.</summary>
    Blended = 3,
}

/// <summary>A post (岗位) in a public service centre; courses and batches target posts.</summary>
public enum Post
{
    /// <summary>Social security: medical and pension insurance (社保).</summary>
    SocialSecurity = 1,

    /// <summary>Veterans' services (退役军人服务).</summary>
    VeteransServices = 2,

    /// <summary>Village and town construction: dry toilets, clean heating, house renovation (村镇建设).</summary>
    VillageConstruction = 3,

    /// <summary>The 12345 government hotline desk.</summary>
    Hotline12345 = 4,

    /// <summary>General service window (综合窗口), including allowances such as 低保.</summary>
    GeneralServices = 5,

    /// <summary>Centre leadership and management.</summary>
    CenterManagement = 6,
}

/// <summary>One stage of a course.</summary>
/// <param name="CompetencyIds">Competencies of the course's framework that this stage trains (at least one).</param>
/// <param name="PlannedHours">1..200.</param>
/// <param name="Assessment">How the stage ends: e.g. "in-class quick test", "simulated 12345 call, rubric".</param>
[GenerateSerializer, Immutable, Alias("training.CourseStage")]
public sealed record CourseStage(
    [property: Id(0)] StageKind Kind,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<string> CompetencyIds,
    [property: Id(3)] int PlannedHours,
    [property: Id(4)] string Assessment);

/// <summary>What a course is created with. It has exactly three stages: theory, practical drill, on-the-job.</summary>
/// <param name="FrameworkName"><c>frameworks/{framework}</c> whose competencies the stages train.</param>
/// <param name="TargetPosts">Posts the course is for (at least one).</param>
[GenerateSerializer, Immutable, Alias("training.CourseSpec")]
public sealed record CourseSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string Description,
    [property: Id(2)] string FrameworkName,
    [property: Id(3)] IReadOnlyList<Post> TargetPosts,
    [property: Id(4)] DeliveryMode DeliveryMode,
    [property: Id(5)] IReadOnlyList<CourseStage> Stages);

/// <summary>Partial update of a course; null fields stay.</summary>
[GenerateSerializer, Immutable, Alias("training.CoursePatch")]
public sealed record CoursePatch(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] string? Description = null,
    [property: Id(2)] IReadOnlyList<Post>? TargetPosts = null,
    [property: Id(3)] DeliveryMode? DeliveryMode = null,
    [property: Id(4)] IReadOnlyList<CourseStage>? Stages = null);

/// <summary>A course as read. <see cref="Version"/> is the etag.</summary>
[GenerateSerializer, Immutable, Alias("training.CourseView")]
public sealed record CourseView(
    [property: Id(0)] string Name,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Description,
    [property: Id(3)] string FrameworkName,
    [property: Id(4)] IReadOnlyList<Post> TargetPosts,
    [property: Id(5)] DeliveryMode DeliveryMode,
    [property: Id(6)] IReadOnlyList<CourseStage> Stages,
    [property: Id(7)] bool Archived,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTimeOffset CreateTime,
    [property: Id(10)] DateTimeOffset UpdateTime);
