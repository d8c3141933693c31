using Training.Grains.Assessments;

namespace Training.Grains.Tests;

/// <summary>The rules of practical assessments, table-driven: rubric scoring, grading refusals and the two-examiner rule.</summary>
public sealed class PracticalScoringTests
{
    /// <summary>Five levels (0..4); weights 3, 1 (hotline handling counts three times listening).</summary>
    private static readonly RubricSpec Rubric = new(
        "模拟12345来电",
        string.Empty,
        "frameworks/f",
        ["未达到", "基本", "合格", "良好", "优秀"],
        [
            new RubricCriterion("handling", "诉求办理", "hotline-12345", 3, ["a", "b", "c", "d", "e"]),
            new RubricCriterion("listening", "倾听与沟通", "communication", 1, ["a", "b", "c", "d", "e"]),
        ],
        60);

    [Theory]
    [InlineData(4, 4, 100.0)]
    [InlineData(0, 0, 0.0)]
    [InlineData(2, 2, 50.0)]
    [InlineData(4, 0, 75.0)]
    [InlineData(0, 4, 25.0)]
    [InlineData(3, 1, 62.5)]
    [InlineData(1, 3, 37.5)]
    [InlineData(3, 2, 68.75)]
    public void A_grading_scores_the_weighted_mean_of_its_criteria_levels_in_percent(int handling, int listening, double expected)
    {
        var score = PracticalScoring.Score(Rubric, [new CriterionGrade("listening", listening, string.Empty), new CriterionGrade("handling", handling, string.Empty)]);
        Assert.Equal(expected, score);
    }

    [Theory]
    [InlineData(0, 5, 0.0)]
    [InlineData(2, 5, 0.5)]
    [InlineData(4, 5, 1.0)]
    [InlineData(1, 2, 1.0)]
    [InlineData(1, 4, 1.0 / 3)]
    public void A_criterion_scores_its_level_over_the_top_level(int level, int levels, double expected) =>
        Assert.Equal(expected, PracticalScoring.CriterionScore(level, levels), 10);

    [Theory]
    [InlineData(59.99, 60, false)]
    [InlineData(60.0, 60, true)]
    [InlineData(0.0, 0, true)]
    [InlineData(100.0, 100, true)]
    public void A_grading_passes_at_the_threshold(double score, int threshold, bool passes) => Assert.Equal(passes, PracticalScoring.Passes(score, threshold));

    public static TheoryData<string, CriterionGrade[], string[]> BadGradings => new()
    {
        { "level above the scale", [new("handling", 5, ""), new("listening", 2, "")], ["criteria[0].level"] },
        { "negative level", [new("handling", 2, ""), new("listening", -1, "")], ["criteria[1].level"] },
        { "unknown criterion", [new("handling", 2, ""), new("listening", 2, ""), new("empathy", 2, "")], ["criteria[2].criterion_id"] },
        { "criterion twice", [new("handling", 2, ""), new("handling", 3, ""), new("listening", 1, "")], ["criteria[1].criterion_id"] },
        { "criterion missing", [new("handling", 2, "")], ["criteria"] },
        { "nothing graded", [], ["criteria"] },
        { "comment too long", [new("handling", 2, new string('x', 501)), new("listening", 2, "")], ["criteria[0].comment"] },
        { "several at once", [new("handling", 9, ""), new("nope", 1, "")], ["criteria[0].level", "criteria[1].criterion_id", "criteria"] },
    };

    [Theory]
    [MemberData(nameof(BadGradings))]
    public void A_grading_that_does_not_fit_the_rubric_names_every_offending_field(string why, CriterionGrade[] grades, string[] fields)
    {
        var violations = PracticalScoring.Violations(Rubric, grades, string.Empty);
        Assert.True(fields.SequenceEqual(violations.Select(v => v.Field)), $"{why}: {string.Join(", ", violations.Select(v => v.Field))}");
    }

    [Fact]
    public void A_grading_of_every_criterion_on_the_scale_has_no_violation() =>
        Assert.Empty(PracticalScoring.Violations(Rubric, [new("listening", 0, "ok"), new("handling", 4, "")], "overall"));

    /// <summary>(stake, the examiners' scores in order with a 60 threshold, status, result score, passed).</summary>
    public static TheoryData<PracticalStake, double[], PracticalStatus, double?, bool> Results => new()
    {
        { PracticalStake.Standard, [], PracticalStatus.NotGraded, null, false },
        { PracticalStake.Standard, [75], PracticalStatus.Passed, 75, true },
        { PracticalStake.Standard, [40], PracticalStatus.NotPassed, 40, false },
        { PracticalStake.Standard, [40, 70], PracticalStatus.Passed, 70, true },
        { PracticalStake.High, [], PracticalStatus.NotGraded, null, false },
        { PracticalStake.High, [80], PracticalStatus.AwaitingSecondGrading, null, false },
        { PracticalStake.High, [80, 70], PracticalStatus.Passed, 75, true },
        { PracticalStake.High, [40, 50], PracticalStatus.NotPassed, 45, false },
        { PracticalStake.High, [80, 40], PracticalStatus.AwaitingDecidingGrading, null, false },
        { PracticalStake.High, [80, 40, 70], PracticalStatus.Passed, 75, true },
        { PracticalStake.High, [80, 40, 50], PracticalStatus.NotPassed, 45, false },
        { PracticalStake.High, [40, 80, 62.5], PracticalStatus.Passed, 71.25, true },
        { PracticalStake.High, [60, 59.99], PracticalStatus.AwaitingDecidingGrading, null, false },
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void The_result_follows_the_stakes_rule(PracticalStake stake, double[] scores, PracticalStatus status, double? score, bool passed)
    {
        var result = PracticalScoring.Result(stake, Gradings(scores));
        Assert.Equal((stake, status, scores.Length, score, passed), (result.Stake, result.Status, result.Gradings, result.Score, result.Passed));
    }

    /// <summary>(stake, the examiners who graded so far with their scores, the next examiner, refused?).</summary>
    public static TheoryData<PracticalStake, double[], string, bool> FurtherGradings => new()
    {
        { PracticalStake.Standard, [], "mentors/a", false },
        { PracticalStake.Standard, [40], "mentors/a", false },
        { PracticalStake.Standard, [70], "mentors/b", true },
        { PracticalStake.High, [80], "mentors/a", true },
        { PracticalStake.High, [80], "mentors/b", false },
        { PracticalStake.High, [80, 40], "mentors/a", true },
        { PracticalStake.High, [80, 40], "mentors/c", false },
        { PracticalStake.High, [80, 70], "mentors/c", true },
        { PracticalStake.High, [80, 40, 70], "mentors/d", true },
    };

    [Theory]
    [MemberData(nameof(FurtherGradings))]
    public void An_examiner_grades_a_high_stake_trainee_once_and_nobody_grades_a_decided_result(PracticalStake stake, double[] scores, string examiner, bool refused) =>
        Assert.Equal(refused, PracticalScoring.FurtherGradingRefusal(stake, Gradings(scores), examiner) is not null);

    /// <summary>Gradings by mentors/a, mentors/b, mentors/c … in order, with the scores given (threshold 60).</summary>
    private static List<PracticalGrade> Gradings(double[] scores) =>
    [
        .. scores.Select((score, i) => new PracticalGrade(
            $"b/practicalGrades/s.{i + 1}", "staff/s", StageKind.PracticalDrill, $"mentors/{(char)('a' + i)}", [], string.Empty, score,
            PracticalScoring.Passes(score, 60), DateTimeOffset.UnixEpoch.AddMinutes(i), "rubrics/r", 1, $"r{i}")),
    ];
}
