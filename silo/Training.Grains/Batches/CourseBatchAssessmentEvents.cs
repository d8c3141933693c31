using System.Globalization;

namespace Training.Grains.Batches;

/// <summary>A stage's quick test was set or replaced (attempts already started keep their own blueprint).</summary>
[GenerateSerializer, Alias("batch.stage-assessment-set.v1")]
public sealed record StageAssessmentSet(
    [property: Id(0)] StageKind Stage,
    [property: Id(1)] QuickTestBlueprint Blueprint) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Stage} quick test set: {Blueprint.Parts.Sum(p => p.ItemCount)} items, {Blueprint.TimeLimitMinutes} min, pass mark {Blueprint.PassMark}, {Blueprint.MaxAttempts} attempts.");
}

/// <summary>An attempt was allocated (and its attempt grain opened): the batch counts it against the maximum.</summary>
[GenerateSerializer, Alias("batch.attempt-allocated.v1")]
public sealed record AttemptAllocated([property: Id(0)] AttemptAllocation Allocation) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"{Allocation.StaffName} started {Allocation.Stage} quick test attempt {Allocation.StageAttempt}: {Allocation.AttemptName}.");
}

/// <summary>An attempt reported its graded result.</summary>
[GenerateSerializer, Alias("batch.stage-result-recorded.v1")]
public sealed record StageResultRecorded([property: Id(0)] StageResult Result) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"{Result.StaffName} scored {Result.Score} in the {Result.Stage} quick test ({(Result.Passed ? "passed" : "not passed")}{(Result.Late ? ", late" : string.Empty)}): {Result.AttemptName}.");
}

/// <summary>A staff member passed every stage and owes no session: their enrolment became completed (told to their record like any enrolment change).</summary>
[GenerateSerializer, Alias("batch.trainee-completed.v1")]
public sealed record TraineeCompleted([property: Id(0)] TraineeCompletion Completion) : CourseBatchEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Completion.StaffName} completed: {string.Join(", ", Completion.Stages.Select(Summary))}; attended {Completion.SessionsAttended} of {Completion.SessionsExpected} sessions.");

    /// <summary>One stage of the completion: its quick test's best score and its practical result, or "(no assessment)".</summary>
    private static string Summary(StaffStageResult s)
    {
        List<string> parts = [];
        if (s.HasAssessment)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{s.BestScore}"));
        }

        if (s.Practical is { } p)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"practical {p.Score}"));
        }

        return parts.Count == 0 ? $"{s.Stage} (no assessment)" : $"{s.Stage} {string.Join(" + ", parts)}";
    }
}
