using Grpc.Net.Client;

namespace Training.EndToEnd.Tests;

/// <summary>A seed's rubric over gRPC (the 12345 call: handling on hotline-12345, weight 3; listening on communication, weight 1; levels 0..4; pass at 60) and gradings on it.</summary>
internal static class PracticalSeed
{
    /// <summary>The rubric of a seed: <c>rubrics/call-{suffix}</c>.</summary>
    public static string RubricOf(Seed seed) => $"rubrics/call-{seed.Suffix}";

    public static Rubric Rubric(Seed seed, int passThreshold = 60) => new()
    {
        DisplayName = "模拟12345热线来电",
        Description = "学员接听模拟来电，考官按量表逐项评分。",
        Framework = seed.Framework,
        Levels = { "未达到", "基本达到", "合格", "良好", "优秀" },
        Criteria =
        {
            new RubricCriterion
            {
                CriterionId = "handling", DisplayName = "诉求受理与办理", CompetencyId = "hotline-12345", Weight = 3,
                LevelDescriptors = { "未记录诉求", "记录不全", "记录完整", "记录完整并及时转办", "转办并按时回访" },
            },
            new RubricCriterion
            {
                CriterionId = "listening", DisplayName = "倾听与沟通", CompetencyId = "communication", Weight = 1,
                LevelDescriptors = { "打断来电人", "偶有打断", "耐心倾听", "复述确认", "共情并安抚情绪" },
            },
        },
        PassThreshold = passThreshold,
    };

    /// <summary>A request creating a new rubric (a fresh id) like the seed's, changed by <paramref name="change"/>.</summary>
    public static CreateRubricRequest NewRubric(Seed seed, Action<CreateRubricRequest> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var request = new CreateRubricRequest { RubricId = $"bad-{Guid.NewGuid().ToString("N")[..8]}", Rubric = Rubric(seed), RequestId = Seed.RequestId() };
        change(request);
        return request;
    }

    /// <summary>A client of the rubric service as the host's operator.</summary>
    public static RubricService.RubricServiceClient Rubrics(TrainingHostProcess host) => new(host.Channel);

    /// <summary>Creates the seed's rubric (as the channel's caller, a catalogue admin); answers its name.</summary>
    public static async Task<string> CreateRubricAsync(GrpcChannel channel, Seed seed)
    {
        var created = await new RubricService.RubricServiceClient(channel).CreateRubricAsync(
            new CreateRubricRequest { RubricId = $"call-{seed.Suffix}", Rubric = Rubric(seed), RequestId = Seed.RequestId() });
        return created.Name;
    }

    /// <summary>Sets the seed's rubric on a stage of a batch (as the channel's caller, a manager of the batch).</summary>
    public static Task<PracticalAssessment> SetAsync(GrpcChannel channel, Seed seed, string batch, StageKind stage, PracticalStake stake, params string[] examiners) =>
        new PracticalAssessmentService.PracticalAssessmentServiceClient(channel).SetPracticalAssessmentAsync(new SetPracticalAssessmentRequest
        {
            CourseBatch = batch, Stage = stage, Rubric = RubricOf(seed), Stake = stake, Examiners = { examiners }, RequestId = Seed.RequestId(),
        }).ResponseAsync;

    /// <summary>A grading of both criteria: (4, 4) scores 100, (3, 1) 62.5, (1, 1) 25.</summary>
    public static GradePracticalAssessmentRequest Grading(string batch, string staff, int handling, int listening, StageKind stage = StageKind.PracticalDrill) => new()
    {
        Parent = batch,
        StaffMember = staff,
        Stage = stage,
        Criteria =
        {
            new CriterionGrade { CriterionId = "handling", Level = handling, Comment = "转办及时" },
            new CriterionGrade { CriterionId = "listening", Level = listening, Comment = "语气平和" },
        },
        Comment = "总体表现",
        RequestId = Seed.RequestId(),
    };
}
