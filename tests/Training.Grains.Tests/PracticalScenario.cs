namespace Training.Grains.Tests;

/// <summary>A running batch with a rubric on its course's framework: the starting point of practical-assessment tests.</summary>
internal sealed class PracticalScenario
{
    public const string ExaminerA = "mentors/zhang-examiner";
    public const string ExaminerB = "mentors/li-examiner";
    public const string ExaminerC = "mentors/county-expert";

    private PracticalScenario(BatchScenario batch, string framework, string rubric)
    {
        Batch = batch;
        Framework = framework;
        Rubric = rubric;
    }

    public BatchScenario Batch { get; }

    public string Framework { get; }

    /// <summary>A 12345 call rubric: handling (hotline-12345, weight 3) and listening (communication, weight 1), levels 0..4, pass at 60.</summary>
    public string Rubric { get; }

    public IGrainFactory Grains => Batch.Grains;

    public ICourseBatchGrain Grain => Batch.Batch;

    public static async Task<PracticalScenario> CreateAsync(IGrainFactory grains, int staff = 2, bool start = true)
    {
        var batch = await BatchScenario.CreateAsync(grains, staff, start);
        var framework = (await grains.GetGrain<ICourseGrain>(batch.Course).Get()).FrameworkName;
        var rubric = $"rubrics/{TestData.Unique("r")}";
        await grains.GetGrain<IRubricGrain>(rubric).Create(Spec(framework), TestData.Command());
        return new PracticalScenario(batch, framework, rubric);
    }

    public static RubricSpec Spec(string framework, int passThreshold = 60) => new(
        "模拟12345热线来电",
        "学员接听模拟来电，考官按量表评分。",
        framework,
        ["未达到", "基本达到", "合格", "良好", "优秀"],
        [
            new RubricCriterion("handling", "诉求受理与办理", "hotline-12345", 3, ["未记录诉求", "记录不全", "记录完整", "记录完整并转办", "记录完整、转办并回访"]),
            new RubricCriterion("listening", "倾听与沟通", "communication", 1, ["打断来电人", "偶有打断", "耐心倾听", "复述确认", "共情并安抚"]),
        ],
        passThreshold);

    public Task<PracticalAssessment> SetAsync(StageKind stage = StageKind.PracticalDrill, PracticalStake stake = PracticalStake.Standard, params string[] examiners) =>
        Grain.SetPracticalAssessment(stage, new PracticalAssessmentSpec(Rubric, 0, stake, examiners.Length > 0 ? examiners : [ExaminerA, ExaminerB, ExaminerC]), TestData.Command());

    /// <summary>A grading of both criteria: 62.5 for (3, 1), 100 for (4, 4), 25 for (0, 4).</summary>
    public static PracticalGrading Grading(string staff, int handling, int listening, StageKind stage = StageKind.PracticalDrill) =>
        new(staff, stage, [new CriterionGrade("handling", handling, "转办及时"), new CriterionGrade("listening", listening, "语气平和")], "总体合格");

    public Task<PracticalGrade> GradeAsync(string examiner, PracticalGrading grading, string? requestId = null) =>
        Grain.GradePractical(examiner, grading, TestData.Command(requestId));

    /// <summary>How many events the batch holds (to show a refusal wrote nothing).</summary>
    public async Task<int> EventCountAsync() => (await Grain.History(1, 1000)).Count;
}
