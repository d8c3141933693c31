using Training.Grains.Results;

namespace Training.Grains.Tests;

/// <summary>The four-level rules (<see cref="TrainingResultsRules"/>), table-driven.</summary>
public sealed class TrainingResultsRulesTests
{
    private const string Batch = "regions/r/counties/c/centers/t/batches/b";
    private const string T = "regions/r/counties/c/centers/t";
    private const string H = "regions/r/counties/c/centers/h";

    [Theory]
    [InlineData(0, 0)]
    [InlineData(59.99, 0)]
    [InlineData(60, 1)]
    [InlineData(69.9, 1)]
    [InlineData(70, 2)]
    [InlineData(80, 3)]
    [InlineData(89.99, 3)]
    [InlineData(90, 4)]
    [InlineData(92, 4)]
    [InlineData(100, 4)]
    public void A_score_falls_in_its_band(double score, int band) => Assert.Equal(band, TrainingResultsRules.BandOf(score));

    public static TheoryData<string, int[], string, string?> Answers => new()
    {
        { "all four in range", [5, 4, 3, 1], string.Empty, null },
        { "a rating of 6", [5, 4, 3, 6], string.Empty, "ratings[3].rating" },
        { "a rating of 0", [0, 4, 3, 2], string.Empty, "ratings[0].rating" },
        { "a question missing", [5, 4, 3], string.Empty, "ratings" },
        { "a comment of 1,001 characters", [5, 4, 3, 2], new string('x', 1001), "comment" },
        { "a comment of 1,000 characters", [5, 4, 3, 2], new string('x', 1000), null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void An_answer_rates_every_question_once_on_the_scale(string because, int[] ratings, string comment, string? field)
    {
        var answer = new SurveyAnswer(StageKind.Theory, [.. ratings.Select((r, i) => new SurveyRating((SurveyQuestion)(i + 1), r))], comment);
        Assert.True(field == TrainingResultsRules.Invalid(answer)?.Field, because);
    }

    [Fact]
    public void A_question_rated_twice_or_unknown_is_refused()
    {
        Assert.Equal("ratings[1].question", TrainingResultsRules.Invalid(new SurveyAnswer(StageKind.Theory, [new(SurveyQuestion.Relevance, 5), new(SurveyQuestion.Relevance, 4)], string.Empty))?.Field);
        Assert.Equal("ratings[0].question", TrainingResultsRules.Invalid(new SurveyAnswer(StageKind.Theory, [new((SurveyQuestion)9, 5)], string.Empty))?.Field);
        Assert.Equal("stage", TrainingResultsRules.Invalid(new SurveyAnswer((StageKind)0, [], string.Empty))?.Field);
    }

    /// <summary>Trainee rows: centre, status, theory best score (null: none), drill (null: no result; else passed), on-the-job likewise.</summary>
    public static TheoryData<string, (string Center, EnrolmentStatus Status, double? Theory, bool? Drill, bool? Job)[], string, int, double?, int[], int, int, int, int> Tallies => new()
    {
        {
            "two trainees of one centre, one withdrawn (not counted)",
            [(T, EnrolmentStatus.Enrolled, 100, true, null), (T, EnrolmentStatus.Completed, 80, false, true), (T, EnrolmentStatus.Withdrawn, 20, false, false)],
            T, 2, 90, [0, 0, 0, 1, 1], 2, 1, 1, 1
        },
        {
            "a drill without a result is not assessed",
            [(T, EnrolmentStatus.Enrolled, 59, null, null), (T, EnrolmentStatus.Enrolled, null, true, null)],
            T, 2, 59, [1, 0, 0, 0, 0], 1, 1, 0, 0
        },
        {
            "a batch serving two centres counts each trainee at their own centre",
            [(T, EnrolmentStatus.Enrolled, 100, true, null), (H, EnrolmentStatus.Enrolled, 70, false, null), (H, EnrolmentStatus.Enrolled, 60, true, null)],
            H, 2, 65, [0, 1, 1, 0, 0], 2, 1, 0, 0
        },
        {
            "a trainee whose batch completed without their mentor's sign-off (incomplete) is counted",
            [(T, EnrolmentStatus.Completed, 80, true, true), (T, EnrolmentStatus.Incomplete, 70, true, false)],
            T, 2, 75, [0, 0, 1, 1, 0], 2, 2, 2, 1
        },
        {
            "a centre the batch serves with nobody enrolled yet",
            [(T, EnrolmentStatus.Enrolled, 100, true, null)],
            H, 0, null, [0, 0, 0, 0, 0], 0, 0, 0, 0
        },
    };

    [Theory]
    [MemberData(nameof(Tallies))]
    public void A_batch_tallies_learning_and_behaviour_per_centre(
        string because, (string Center, EnrolmentStatus Status, double? Theory, bool? Drill, bool? Job)[] rows, string center,
        int trainees, double? average, int[] bands, int drillAssessed, int drillPassed, int jobAssessed, int jobPassed)
    {
        var standings = rows.Select((r, i) => new TraineeStanding($"staff/s{i}", r.Center, r.Status, Stages(r.Theory, r.Drill, r.Job), false));
        var tally = TrainingResultsRules.Tally(Batch, 7, [T, H], standings).Single(t => t.CenterName == center);
        var report = TrainingResultsRules.Report(center, [tally], [], []);
        Assert.True(trainees == report.Trainees, because);
        Assert.Equal(average, report.Learning.Average);
        Assert.Equal(bands, report.Learning.Bands.Select(b => b.Count));
        Assert.Equal((drillAssessed, drillPassed, jobAssessed, jobPassed), (report.Behaviour.DrillAssessed, report.Behaviour.DrillPassed, report.Behaviour.OnTheJobAssessed, report.Behaviour.OnTheJobPassed));
        Assert.Equal(7, tally.BatchVersion);
    }

    [Fact]
    public void A_drill_graded_on_a_rubric_counts_once_its_result_is_decided()
    {
        StaffStageResult Drill(double? score, bool passed) =>
            new(StageKind.PracticalDrill, false, 0, 0, null, passed, string.Empty, new PracticalStageResult(PracticalStake.High, PracticalStatus.Passed, 2, score, passed));
        Assert.True(TrainingResultsRules.Assessed(Drill(87.5, true)));
        Assert.True(TrainingResultsRules.Assessed(Drill(40, false)));
        Assert.False(TrainingResultsRules.Assessed(Drill(null, false)));
        Assert.False(TrainingResultsRules.Assessed(new StaffStageResult(StageKind.PracticalDrill, false, 0, 0, null, true, string.Empty)));
        var tally = TrainingResultsRules.Tally(Batch, 1, [T], [new TraineeStanding("staff/a", T, EnrolmentStatus.Enrolled, [Drill(87.5, true)], false), new TraineeStanding("staff/b", T, EnrolmentStatus.Enrolled, [Drill(40, false)], false)]);
        var report = TrainingResultsRules.Report(T, tally, [], []);
        Assert.Equal((2, 1, 0.5), (report.Behaviour.DrillAssessed, report.Behaviour.DrillPassed, report.Behaviour.DrillPassRate));
    }

    [Fact]
    public void A_centre_over_several_batches_is_all_its_trainees_together_not_a_mean_of_batch_means()
    {
        var first = TrainingResultsRules.Tally("b1", 3, [T], [Standing(T, 100), Standing(T, 80)]);
        var second = TrainingResultsRules.Tally("b2", 9, [T], [Standing(T, 60)]);
        var report = TrainingResultsRules.Report(T, [.. first, .. second], [], []);
        Assert.Equal((3, 3, 80.0), (report.Trainees, report.Learning.Assessed, report.Learning.Average));
        Assert.Equal(["b1", "b2"], report.Batches);
    }

    [Fact]
    public void Reaction_means_each_question_over_every_answer_and_the_response_rate_counts_respondents_over_trainees()
    {
        SurveyResponse Response(string staff, StageKind stage, string center, params int[] r) =>
            new($"{Batch}/surveyResponses/{staff}.{stage}", Batch, $"staff/{staff}", center, stage, [.. r.Select((x, i) => new SurveyRating((SurveyQuestion)(i + 1), x))], string.Empty, DateTimeOffset.UnixEpoch);
        var reactions = TrainingResultsRules.Reaction(Batch, 4, [T], [Response("a", StageKind.Theory, T, 5, 5, 5, 5), Response("a", StageKind.PracticalDrill, T, 3, 4, 5, 4), Response("b", StageKind.Theory, H, 1, 2, 3, 4)]);
        var tallies = TrainingResultsRules.Tally(Batch, 4, [T, H], [Standing(T, 90), Standing(T, 90), Standing(H, 90)]);

        var atT = TrainingResultsRules.Report(T, tallies.Where(t => t.CenterName == T), reactions.Where(r => r.CenterName == T), []);
        Assert.Equal((2, 1, 0.5), (atT.Reaction.Responses, atT.Reaction.Respondents, atT.Reaction.ResponseRate));
        Assert.Equal([4.0, 4.5, 5.0, 4.5], atT.Reaction.Questions.Select(q => q.Mean!.Value));
        var both = TrainingResultsRules.Report(Batch, tallies, reactions, []);
        Assert.Equal((3, 2, 2.0 / 3), (both.Reaction.Responses, both.Reaction.Respondents, both.Reaction.ResponseRate));
        Assert.Null(TrainingResultsRules.Report(T, [], [], []).Reaction.ResponseRate);
    }

    [Theory]
    [InlineData(95.0, new[] { 97.0, 100.0 }, 100.0, 5.0)]
    [InlineData(null, new[] { 100.0 }, 100.0, null)]
    [InlineData(95.0, new double[0], null, null)]
    public void Results_read_the_baseline_the_latest_value_and_the_change(double? baseline, double[] values, double? latest, double? change)
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var view = new OutcomeIndicatorView(
            $"{T}/outcomes/hotline", "hotline", "12345", "percent",
            baseline is { } b ? new OutcomeValue("hotline", string.Empty, "percent", start, start.AddDays(30), b, true, string.Empty) : null,
            [.. values.Reverse().Select((v, i) => new OutcomeValue("hotline", string.Empty, "percent", start.AddDays(30 * (values.Length - i)), start.AddDays(30 * (values.Length - i) + 29), v, false, string.Empty))],
            null, start);
        var result = TrainingResultsRules.Change(T, view);
        Assert.Equal((baseline, latest, change), (result.Baseline, result.Latest, result.Change));
    }

    private static TraineeStanding Standing(string center, double theory) => new($"staff/{Guid.NewGuid():N}", center, EnrolmentStatus.Enrolled, Stages(theory, null, null), false);

    private static IReadOnlyList<StaffStageResult> Stages(double? theory, bool? drill, bool? job) =>
    [
        new(StageKind.Theory, true, theory is null ? 0 : 1, 3, theory, theory >= 60, string.Empty),
        new(StageKind.PracticalDrill, true, drill is null ? 0 : 1, 3, drill is null ? null : drill.Value ? 80 : 40, drill == true, string.Empty),
        new(StageKind.OnTheJob, job is not null, job is null ? 0 : 1, 3, job is null ? null : job.Value ? 80 : 40, job == true, string.Empty),
    ];
}
