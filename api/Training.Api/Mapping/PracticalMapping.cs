using G = Training.Grains;
using P = Training.Contracts.V1;

namespace Training.Api.Mapping;

/// <summary>
/// Rubrics and practical assessments: proto ⇄ grain records. Shape checks only (names, enums, text lengths); the ranges
/// of a rubric and the fit of a grading to its rubric are the grains' (<c>RubricRules</c>, <c>PracticalScoring</c>).
/// </summary>
public static class PracticalMapping
{
    /// <summary>Most criteria one grading carries (a rubric has at most 20).</summary>
    public const int MaxCriteria = 20;

    /// <summary>Most examiners one practical assessment names.</summary>
    public const int MaxExaminers = 20;

    private const int MaxLevels = 6;
    private const int MaxText = 2000;

    public static P.Rubric ToProto(this G.RubricView view) => new()
    {
        Name = view.Name,
        DisplayName = view.Spec.DisplayName,
        Description = view.Spec.Description,
        Framework = view.Spec.FrameworkName,
        Levels = { view.Spec.Levels },
        Criteria =
        {
            view.Spec.Criteria.Select(c => new P.RubricCriterion
            {
                CriterionId = c.Id, DisplayName = c.DisplayName, CompetencyId = c.CompetencyId, Weight = c.Weight, LevelDescriptors = { c.LevelDescriptors },
            }),
        },
        PassThreshold = view.Spec.PassThreshold,
        Revision = view.Revision,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    /// <summary>A rubric's whole content; lists are copied (and cut to a bound, so nothing huge reaches a grain) for the grain to check.</summary>
    public static G.RubricSpec ToGrain(P.Rubric rubric, Validator validator, string path)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(validator);
        validator.RequiredText($"{path}.display_name", rubric.DisplayName, 200).OptionalText($"{path}.description", rubric.Description, MaxText);
        validator.Check(ResourceNames.IsFramework(rubric.Framework), $"{path}.framework", "must be a framework name: frameworks/{framework}.");
        validator.Check(rubric.Levels.Count <= MaxLevels, $"{path}.levels", $"at most {MaxLevels} levels.");
        validator.Check(rubric.Criteria.Count <= MaxCriteria, $"{path}.criteria", $"at most {MaxCriteria} criteria.");
        return new G.RubricSpec(
            rubric.DisplayName,
            rubric.Description,
            rubric.Framework,
            [.. rubric.Levels.Take(MaxLevels + 1)],
            [.. rubric.Criteria.Take(MaxCriteria + 1).Select(c => new G.RubricCriterion(c.CriterionId, c.DisplayName, c.CompetencyId, c.Weight, [.. c.LevelDescriptors.Take(MaxLevels + 1)]))],
            rubric.PassThreshold);
    }

    public static G.PracticalStake? ToGrain(P.PracticalStake stake, Validator validator, string field)
    {
        ArgumentNullException.ThrowIfNull(validator);
        G.PracticalStake? value = stake switch
        {
            P.PracticalStake.Standard => G.PracticalStake.Standard,
            P.PracticalStake.High => G.PracticalStake.High,
            _ => null,
        };
        validator.Check(value is not null, field, "is required (STANDARD or HIGH).");
        return value;
    }

    public static P.PracticalStake ToProto(G.PracticalStake stake) => stake == G.PracticalStake.High ? P.PracticalStake.High : P.PracticalStake.Standard;

    public static P.PracticalStatus ToProto(G.PracticalStatus status) => status switch
    {
        G.PracticalStatus.NotGraded => P.PracticalStatus.NotGraded,
        G.PracticalStatus.AwaitingSecondGrading => P.PracticalStatus.AwaitingSecondGrading,
        G.PracticalStatus.AwaitingDecidingGrading => P.PracticalStatus.AwaitingDecidingGrading,
        G.PracticalStatus.Passed => P.PracticalStatus.Passed,
        G.PracticalStatus.NotPassed => P.PracticalStatus.NotPassed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "The grain answered a practical status the contract does not know."),
    };

    public static P.PracticalAssessment ToProto(this G.PracticalAssessment assessment) => new()
    {
        CourseBatch = assessment.BatchName,
        Stage = CatalogueMapping.ToProto(assessment.Stage),
        Rubric = assessment.Rubric.ToProto(),
        Stake = ToProto(assessment.Stake),
        Examiners = { assessment.Examiners },
        UpdateTime = assessment.UpdateTime.ToTimestamp(),
    };

    public static P.PracticalGrade ToProto(this G.PracticalGrade grade) => new()
    {
        Name = grade.Name,
        StaffMember = grade.StaffName,
        Stage = CatalogueMapping.ToProto(grade.Stage),
        Examiner = grade.Examiner,
        Criteria = { grade.Criteria.Select(c => new P.CriterionGrade { CriterionId = c.CriterionId, Level = c.Level, Comment = c.Comment }) },
        Comment = grade.Comment,
        Score = grade.Score,
        Passed = grade.Passed,
        GradeTime = grade.GradeTime.ToTimestamp(),
        Rubric = grade.RubricName,
        RubricRevision = grade.RubricRevision,
    };

    public static P.PracticalResult ToProto(this G.PracticalStageResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var proto = new P.PracticalResult { Stake = ToProto(result.Stake), Status = ToProto(result.Status), Gradings = result.Gradings, Passed = result.Passed };
        if (result.Score is { } score)
        {
            proto.Score = score;
        }

        return proto;
    }

    /// <summary>A grading's criteria (cut to a bound; their fit to the rubric is the batch's check).</summary>
    public static IReadOnlyList<G.CriterionGrade> ToGrain(IList<P.CriterionGrade> criteria, Validator validator)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(validator);
        validator.Check(criteria.Count is > 0 and <= MaxCriteria, "criteria", $"1..{MaxCriteria} criteria, each of the rubric once.");
        for (var i = 0; i < criteria.Count && i < MaxCriteria; i++)
        {
            validator.Check(criteria[i].CriterionId.Length is > 0 and <= 40, $"criteria[{i}].criterion_id", "is required (a criterion id of the rubric).");
            validator.OptionalText($"criteria[{i}].comment", criteria[i].Comment, 500);
        }

        return [.. criteria.Take(MaxCriteria).Select(c => new G.CriterionGrade(c.CriterionId, c.Level, c.Comment))];
    }
}
