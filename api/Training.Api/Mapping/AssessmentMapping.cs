using Google.Protobuf.WellKnownTypes;
using G = Training.Grains;
using P = Training.Contracts.V1;

namespace Training.Api.Mapping;

/// <summary>Quick tests: proto ⇄ grain records. Shape checks only; the ranges are the batch's (<c>QuickTestRules</c>).</summary>
public static class AssessmentMapping
{
    public static G.QuickTestBlueprint ToGrain(P.QuickTestBlueprint blueprint, Validator validator, string path)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        ArgumentNullException.ThrowIfNull(validator);
        for (var i = 0; i < blueprint.Parts.Count; i++)
        {
            validator.Check(ResourceNames.IsQuestionBank(blueprint.Parts[i].QuestionBank), $"{path}.parts[{i}].question_bank", "must be a question bank name: questionBanks/{bank}.");
        }

        var limit = blueprint.TimeLimit;
        var limitOk = limit is { Nanos: 0, Seconds: >= 60 and <= 240 * 60 } && limit.Seconds % 60 == 0;
        validator.Check(limitOk, $"{path}.time_limit", "is required: 1..240 whole minutes.");
        var grace = blueprint.Grace;
        validator.Check(grace is null or { Nanos: 0, Seconds: >= 0 and <= 3600 }, $"{path}.grace", "0..3600 whole seconds.");
        var late = blueprint.LateRule switch
        {
            P.LateSubmissionRule.AcceptFlagged => G.LateSubmissionRule.AcceptFlagged,
            P.LateSubmissionRule.Reject => G.LateSubmissionRule.Reject,
            _ => (G.LateSubmissionRule?)null,
        };
        validator.Check(late is not null, $"{path}.late_rule", "is required (ACCEPT_FLAGGED or REJECT).");
        return new G.QuickTestBlueprint(
            [.. blueprint.Parts.Select(p => new G.BlueprintPart(p.QuestionBank, p.ItemCount))],
            limitOk ? (int)(limit!.Seconds / 60) : 0,
            grace is { Seconds: >= 0 and <= 3600 } ? (int)grace.Seconds : 0,
            blueprint.MaxAttempts,
            blueprint.PassMark,
            late ?? G.LateSubmissionRule.AcceptFlagged);
    }

    public static P.QuickTestBlueprint ToProto(this G.QuickTestBlueprint blueprint) => new()
    {
        Parts = { blueprint.Parts.Select(p => new P.BlueprintPart { QuestionBank = p.QuestionBank, ItemCount = p.ItemCount }) },
        TimeLimit = Duration.FromTimeSpan(TimeSpan.FromMinutes(blueprint.TimeLimitMinutes)),
        Grace = Duration.FromTimeSpan(TimeSpan.FromSeconds(blueprint.GraceSeconds)),
        MaxAttempts = blueprint.MaxAttempts,
        PassMark = blueprint.PassMark,
        LateRule = blueprint.LateRule == G.LateSubmissionRule.Reject ? P.LateSubmissionRule.Reject : P.LateSubmissionRule.AcceptFlagged,
    };

    public static P.StageAssessment ToProto(this G.StageAssessment assessment) => new()
    {
        CourseBatch = assessment.BatchName,
        Stage = CatalogueMapping.ToProto(assessment.Stage),
        Blueprint = assessment.Blueprint.ToProto(),
        UpdateTime = assessment.UpdateTime.ToTimestamp(),
    };

    public static P.Attempt ToProto(this G.AttemptView view)
    {
        var attempt = new P.Attempt
        {
            Name = view.Name,
            StaffMember = view.StaffName,
            Stage = CatalogueMapping.ToProto(view.Stage),
            StageAttempt = view.StageAttempt,
            State = view.State switch
            {
                G.AttemptState.Submitted => P.AttemptState.Submitted,
                G.AttemptState.Expired => P.AttemptState.Expired,
                _ => P.AttemptState.InProgress,
            },
            StartTime = view.StartTime.ToTimestamp(),
            Deadline = view.Deadline.ToTimestamp(),
            GraceUntil = view.GraceUntil.ToTimestamp(),
            SubmitTime = view.SubmitTime?.ToTimestamp(),
            Late = view.Late,
            Score = view.Score,
            Passed = view.Passed,
            PassMark = view.PassMark,
            Delivered = view.Delivered,
            Competencies = { view.Competencies.Select(c => new P.CompetencyScore { CompetencyId = c.CompetencyId, Items = c.Items, Correct = c.Correct, Score = c.Score }) },
        };
        foreach (var item in view.Items)
        {
            var proto = new P.AttemptItem
            {
                Item = item.Item,
                Revision = item.Revision,
                CompetencyId = item.CompetencyId,
                Kind = CatalogueMapping.ToProto(item.Kind),
                Stem = item.Stem,
                Options = { item.Options },
                Chosen = { item.Chosen },
                CorrectOptions = { item.CorrectOptions },
                Explanation = item.Explanation,
            };
            if (item.Correct is { } correct)
            {
                proto.Correct = correct;
            }

            attempt.Items.Add(proto);
        }

        return attempt;
    }

    public static P.StageResult ToProto(this G.StaffStageResult result)
    {
        var proto = new P.StageResult
        {
            Stage = CatalogueMapping.ToProto(result.Stage),
            HasAssessment = result.HasAssessment,
            AttemptsUsed = result.AttemptsUsed,
            MaxAttempts = result.MaxAttempts,
            Passed = result.Passed,
            BestAttempt = result.BestAttempt,
        };
        if (result.BestScore is { } best)
        {
            proto.BestScore = best;
        }

        proto.Practical = result.Practical?.ToProto();
        return proto;
    }

    public static P.TraineeStageResults ToProto(this G.StaffStageResults results) => new()
    {
        StaffMember = results.StaffName,
        DisplayName = results.StaffDisplayName,
        Stages = { results.Stages.Select(ToProto) },
        Attempts = { results.Attempts },
        Completion = results.Completion is { } c
            ? new P.Completion { CompleteTime = c.CompleteTime.ToTimestamp(), Stages = { c.Stages.Select(ToProto) }, SessionsAttended = c.SessionsAttended, SessionsExpected = c.SessionsExpected }
            : null,
    };
}
