namespace Training.Grains.Assessments;

/// <summary>
/// The rules of practical assessments, in one place (docs/practical-assessments.md):
/// <list type="bullet">
/// <item>A criterion graded at level <c>l</c> on a scale of <c>n</c> levels (0..n-1) scores <c>l / (n-1)</c>; that is the
/// score of its evidence (0..1).</item>
/// <item>A grading's score is the weighted mean of its criteria's scores, in percent, rounded to two decimals; the
/// examiner's verdict is pass when the score reaches the rubric's threshold.</item>
/// <item>Standard stake: the best grading is the result (passed as soon as one grading passed).</item>
/// <item>High stake: two examiners' gradings whose verdicts agree decide, with the mean of their scores; when they
/// disagree the third grading decides: its verdict is the result, with the mean of its score and the score of the
/// earlier grading that shares its verdict.</item>
/// </list>
/// </summary>
public static class PracticalScoring
{
    /// <summary>The score of one criterion graded at <paramref name="level"/> on a scale of <paramref name="levels"/> levels: 0..1.</summary>
    public static double CriterionScore(int level, int levels) => levels < 2 ? 0 : (double)level / (levels - 1);

    /// <summary>The weighted score (percent, two decimals) of a grading whose criteria are already validated against the rubric.</summary>
    public static double Score(RubricSpec rubric, IReadOnlyList<CriterionGrade> grades)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(grades);
        var levels = grades.ToDictionary(g => g.CriterionId, g => g.Level, StringComparer.Ordinal);
        var total = rubric.Criteria.Sum(c => c.Weight);
        var weighted = rubric.Criteria.Sum(c => c.Weight * CriterionScore(levels.GetValueOrDefault(c.Id), rubric.Levels.Count));
        return total == 0 ? 0 : Math.Round(100 * weighted / total, 2);
    }

    /// <summary>Whether a score (percent) reaches the threshold.</summary>
    public static bool Passes(double score, int threshold) => score >= threshold;

    /// <summary>
    /// Every violation of a grading against its rubric: each criterion of the rubric graded exactly once, none unknown,
    /// levels on the scale, comments at most 500 characters (the overall comment 2000).
    /// </summary>
    public static IReadOnlyList<FieldViolation> Violations(RubricSpec rubric, IReadOnlyList<CriterionGrade> grades, string comment)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(grades);
        var violations = new List<FieldViolation>();
        var criteria = rubric.Criteria.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var top = rubric.Levels.Count - 1;
        for (var i = 0; i < grades.Count; i++)
        {
            var grade = grades[i];
            var id = grade.CriterionId ?? string.Empty;
            if (!criteria.Contains(id))
            {
                violations.Add(new FieldViolation($"criteria[{i}].criterion_id", $"{id} is not a criterion of the rubric."));
            }
            else if (!seen.Add(id))
            {
                violations.Add(new FieldViolation($"criteria[{i}].criterion_id", $"{id} is graded twice."));
            }

            if (grade.Level < 0 || grade.Level > top)
            {
                violations.Add(new FieldViolation($"criteria[{i}].level", $"must lie on the rubric's scale, 0..{top}."));
            }

            if ((grade.Comment ?? string.Empty).Length > 500)
            {
                violations.Add(new FieldViolation($"criteria[{i}].comment", "at most 500 characters."));
            }
        }

        var missing = rubric.Criteria.Where(c => !seen.Contains(c.Id)).Select(c => c.Id).ToList();
        if (missing.Count > 0)
        {
            violations.Add(new FieldViolation("criteria", $"every criterion of the rubric is graded; missing: {string.Join(", ", missing)}."));
        }

        if ((comment ?? string.Empty).Length > 2000)
        {
            violations.Add(new FieldViolation("comment", "at most 2000 characters."));
        }

        return violations;
    }

    /// <summary>A trainee's result in a stage from its gradings (oldest first) by the stake's rule.</summary>
    public static PracticalStageResult Result(PracticalStake stake, IReadOnlyList<PracticalGrade> gradings)
    {
        ArgumentNullException.ThrowIfNull(gradings);
        if (gradings.Count == 0)
        {
            return new PracticalStageResult(stake, PracticalStatus.NotGraded, 0, null, false);
        }

        if (stake == PracticalStake.Standard)
        {
            var best = gradings.Max(g => g.Score);
            var passed = gradings.Any(g => g.Passed);
            return new PracticalStageResult(stake, passed ? PracticalStatus.Passed : PracticalStatus.NotPassed, gradings.Count, best, passed);
        }

        if (gradings.Count == 1)
        {
            return new PracticalStageResult(stake, PracticalStatus.AwaitingSecondGrading, 1, null, false);
        }

        var (first, second) = (gradings[0], gradings[1]);
        if (first.Passed == second.Passed)
        {
            return Decided(stake, gradings.Count, first, second);
        }

        if (gradings.Count == 2)
        {
            return new PracticalStageResult(stake, PracticalStatus.AwaitingDecidingGrading, 2, null, false);
        }

        var third = gradings[2];
        return Decided(stake, gradings.Count, third.Passed == first.Passed ? first : second, third);
    }

    /// <summary>
    /// Why <paramref name="examiner"/> may not grade the trainee again, or null: a standard-stake result already passed;
    /// a high-stake result already decided, or this examiner graded the trainee already.
    /// </summary>
    public static string? FurtherGradingRefusal(PracticalStake stake, IReadOnlyList<PracticalGrade> gradings, string examiner)
    {
        ArgumentNullException.ThrowIfNull(gradings);
        var result = Result(stake, gradings);
        if (result.Status == PracticalStatus.Passed && stake == PracticalStake.Standard)
        {
            return "the practical assessment is already passed.";
        }

        if (stake == PracticalStake.High && result.Status is PracticalStatus.Passed or PracticalStatus.NotPassed)
        {
            return "the high-stake practical assessment is already decided.";
        }

        return stake == PracticalStake.High && gradings.Any(g => string.Equals(g.Examiner, examiner, StringComparison.Ordinal))
            ? $"{examiner} already graded this trainee; a high-stake assessment needs independent examiners."
            : null;
    }

    private static PracticalStageResult Decided(PracticalStake stake, int count, PracticalGrade a, PracticalGrade b)
    {
        var passed = b.Passed;
        return new PracticalStageResult(stake, passed ? PracticalStatus.Passed : PracticalStatus.NotPassed, count, Math.Round((a.Score + b.Score) / 2, 2), passed);
    }
}
