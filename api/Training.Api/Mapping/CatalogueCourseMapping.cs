using Google.Protobuf.Collections;
using GrainCourseStage = Training.Grains.CourseStage;
using GrainPost = Training.Grains.Post;
using GrainStageKind = Training.Grains.StageKind;
using ProtoCourseStage = Training.Contracts.V1.CourseStage;
using ProtoPost = Training.Contracts.V1.Post;

namespace Training.Api.Mapping;

/// <summary>Courses and their three stages.</summary>
internal static partial class CatalogueMapping
{
    private const int MaxTargetPosts = 6;
    private const int MaxStageCompetencies = 50;
    private const int MinPlannedHours = 1;
    private const int MaxPlannedHours = 200;
    private const int MaxAssessment = 500;

    /// <summary>The stages every course runs, in order, with their contract names for violations.</summary>
    private static readonly (GrainStageKind Kind, string Name)[] StageOrder =
    [
        (GrainStageKind.Theory, "STAGE_KIND_THEORY"),
        (GrainStageKind.PracticalDrill, "STAGE_KIND_PRACTICAL_DRILL"),
        (GrainStageKind.OnTheJob, "STAGE_KIND_ON_THE_JOB"),
    ];

    public static Course ToProto(CourseView view) => new()
    {
        Name = view.Name,
        DisplayName = view.DisplayName,
        Description = view.Description,
        Framework = view.FrameworkName,
        TargetPosts = { view.TargetPosts.Select(ToProto) },
        DeliveryMode = ToProto(view.DeliveryMode),
        Stages = { view.Stages.Select(ToProto) },
        Archived = view.Archived,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static ProtoCourseStage ToProto(GrainCourseStage stage) => new()
    {
        Kind = ToProto(stage.Kind),
        DisplayName = stage.DisplayName,
        CompetencyIds = { stage.CompetencyIds },
        PlannedHours = stage.PlannedHours,
        Assessment = stage.Assessment,
    };

    public static CourseSpec ToCourseSpec(Course course, Validator validator, string path)
    {
        FrameworkName(validator, $"{path}.framework", course.Framework);
        return new CourseSpec(
            DisplayName(validator, $"{path}.display_name", course.DisplayName),
            Description(validator, $"{path}.description", course.Description),
            course.Framework,
            ToTargetPosts(course.TargetPosts, validator, $"{path}.target_posts"),
            ToGrain(course.DeliveryMode, validator, $"{path}.delivery_mode").GetValueOrDefault(),
            ToStages(course.Stages, validator, $"{path}.stages"));
    }

    /// <summary>The patch of the masked fields: display_name, description, target_posts, delivery_mode, stages.</summary>
    public static CoursePatch ToCoursePatch(Course course, IReadOnlySet<string> paths, Validator validator, string path) => new(
        paths.Contains("display_name") ? DisplayName(validator, $"{path}.display_name", course.DisplayName) : null,
        paths.Contains("description") ? Description(validator, $"{path}.description", course.Description) : null,
        paths.Contains("target_posts") ? ToTargetPosts(course.TargetPosts, validator, $"{path}.target_posts") : null,
        paths.Contains("delivery_mode") ? ToGrain(course.DeliveryMode, validator, $"{path}.delivery_mode") : null,
        paths.Contains("stages") ? ToStages(course.Stages, validator, $"{path}.stages") : null);

    private static List<GrainPost> ToTargetPosts(RepeatedField<ProtoPost> posts, Validator validator, string field)
    {
        validator.Check(posts.Count is >= 1 and <= MaxTargetPosts, field, $"must name 1..{MaxTargetPosts} posts.");
        var result = new List<GrainPost>(posts.Count);
        for (var i = 0; i < Math.Min(posts.Count, MaxTargetPosts); i++)
        {
            if (ToGrain(posts[i], validator, $"{field}[{i}]") is { } post)
            {
                validator.Check(!result.Contains(post), $"{field}[{i}]", "is listed twice.");
                result.Add(post);
            }
        }

        return result;
    }

    private static List<GrainCourseStage> ToStages(RepeatedField<ProtoCourseStage> stages, Validator validator, string field)
    {
        validator.Check(
            stages.Count == StageOrder.Length,
            field,
            "must be exactly 3 stages: STAGE_KIND_THEORY, STAGE_KIND_PRACTICAL_DRILL, STAGE_KIND_ON_THE_JOB, in this order.");
        var result = new List<GrainCourseStage>(StageOrder.Length);
        for (var i = 0; i < Math.Min(stages.Count, StageOrder.Length); i++)
        {
            result.Add(ToStage(stages[i], i, validator, $"{field}[{i}]"));
        }

        return result;
    }

    private static GrainCourseStage ToStage(ProtoCourseStage stage, int index, Validator validator, string path)
    {
        var (expectedKind, expectedName) = StageOrder[index];
        if (ToGrain(stage.Kind, validator, $"{path}.kind") is { } kind)
        {
            validator.Check(kind == expectedKind, $"{path}.kind", $"must be {expectedName}: stages run theory, practical drill, on-the-job, in this order.");
        }

        validator
            .Check(stage.PlannedHours is >= MinPlannedHours and <= MaxPlannedHours, $"{path}.planned_hours", $"must be between {MinPlannedHours} and {MaxPlannedHours}.")
            .OptionalText($"{path}.assessment", stage.Assessment, MaxAssessment);
        return new GrainCourseStage(
            expectedKind,
            DisplayName(validator, $"{path}.display_name", stage.DisplayName),
            ToCompetencyIds(stage.CompetencyIds, validator, $"{path}.competency_ids"),
            stage.PlannedHours,
            stage.Assessment);
    }

    private static List<string> ToCompetencyIds(RepeatedField<string> ids, Validator validator, string field)
    {
        validator.Check(ids.Count is >= 1 and <= MaxStageCompetencies, field, $"must list 1..{MaxStageCompetencies} competency ids.");
        var result = new List<string>(ids.Count);
        for (var i = 0; i < Math.Min(ids.Count, MaxStageCompetencies); i++)
        {
            var id = ids[i];
            if (!ResourceNames.IsValidId(id))
            {
                validator.Fail($"{field}[{i}]", "must be a competency id: [a-z0-9][a-z0-9-]{0,62}.");
                continue;
            }

            validator.Check(!result.Contains(id), $"{field}[{i}]", "is listed twice.");
            result.Add(id);
        }

        return result;
    }
}
