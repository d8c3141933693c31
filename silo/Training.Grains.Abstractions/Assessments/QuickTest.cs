namespace Training.Grains;

/// <summary>What happens to a quick-test submission that arrives after the time limit plus the grace.</summary>
public enum LateSubmissionRule
{
    /// <summary>Graded and recorded, marked late.</summary>
    AcceptFlagged = 1,

    /// <summary>Refused (FailedPrecondition); nothing is recorded and the attempt stays used.</summary>
    Reject = 2,
}

/// <summary>Where an attempt stands.</summary>
public enum AttemptState
{
    /// <summary>Started; answers may be submitted (within the limit, or late per the rule).</summary>
    InProgress = 1,

    /// <summary>Submitted and graded.</summary>
    Submitted = 2,

    /// <summary>Past the limit plus the grace under the reject rule: it can no longer be submitted.</summary>
    Expired = 3,
}

/// <summary>One part of a quick-test blueprint: how many items to draw from one question bank (one bank is one competency).</summary>
/// <param name="QuestionBank"><c>questionBanks/{bank}</c>.</param>
/// <param name="ItemCount">1..50 items, at most the bank's active items.</param>
[GenerateSerializer, Immutable, Alias("training.BlueprintPart")]
public sealed record BlueprintPart(
    [property: Id(0)] string QuestionBank,
    [property: Id(1)] int ItemCount);

/// <summary>
/// How a stage's quick test is drawn and judged. Each attempt draws its items from the parts with a seed of its own
/// (the same attempt always has the same items in the same option order).
/// </summary>
/// <param name="Parts">1..10 parts, each bank once; 1..100 items in all.</param>
/// <param name="TimeLimitMinutes">1..240.</param>
/// <param name="GraceSeconds">0..3600 after the limit during which a submission is still on time.</param>
/// <param name="MaxAttempts">1..10 attempts per staff member.</param>
/// <param name="PassMark">0..100: the score (percent of points) that passes.</param>
[GenerateSerializer, Immutable, Alias("training.QuickTestBlueprint")]
public sealed record QuickTestBlueprint(
    [property: Id(0)] IReadOnlyList<BlueprintPart> Parts,
    [property: Id(1)] int TimeLimitMinutes,
    [property: Id(2)] int GraceSeconds,
    [property: Id(3)] int MaxAttempts,
    [property: Id(4)] int PassMark,
    [property: Id(5)] LateSubmissionRule LateRule);

/// <summary>A stage's assessment as the batch holds it.</summary>
[GenerateSerializer, Immutable, Alias("training.StageAssessment")]
public sealed record StageAssessment(
    [property: Id(0)] string BatchName,
    [property: Id(1)] StageKind Stage,
    [property: Id(2)] QuickTestBlueprint Blueprint,
    [property: Id(3)] DateTimeOffset UpdateTime);

/// <summary>
/// The batch's allocation of an attempt: the batch counts attempts (so two concurrent starts cannot exceed the
/// maximum) and names the attempt <c>{batch}/attempts/{staff id}.{number}</c>.
/// </summary>
/// <param name="Number">The staff member's attempt number in the batch (all stages), from 1.</param>
/// <param name="StageAttempt">The attempt's number within its stage, from 1 to the blueprint's maximum.</param>
[GenerateSerializer, Immutable, Alias("training.AttemptAllocation")]
public sealed record AttemptAllocation(
    [property: Id(0)] string AttemptName,
    [property: Id(1)] string BatchName,
    [property: Id(2)] string StaffName,
    [property: Id(3)] StageKind Stage,
    [property: Id(4)] int Number,
    [property: Id(5)] int StageAttempt,
    [property: Id(6)] QuickTestBlueprint Blueprint);

/// <summary>The options a trainee chose for one item of an attempt (indexes into the options as presented).</summary>
/// <param name="Item">The item's name, <c>questionBanks/{bank}/items/{item}</c>, as the attempt presented it.</param>
[GenerateSerializer, Immutable, Alias("training.AttemptAnswer")]
public sealed record AttemptAnswer(
    [property: Id(0)] string Item,
    [property: Id(1)] IReadOnlyList<int> Chosen);

/// <summary>
/// One item of an attempt as the trainee sees it. Before submission the answer key fields are empty
/// (<see cref="CorrectOptions"/> empty, <see cref="Correct"/> null, <see cref="Explanation"/> empty).
/// </summary>
/// <param name="Item"><c>questionBanks/{bank}/items/{item}</c>.</param>
/// <param name="Revision">The item's revision the attempt was drawn on (it stays valid if the item is later revised or retired).</param>
/// <param name="Options">In the order presented to this attempt (shuffled by its seed, except true/false).</param>
[GenerateSerializer, Immutable, Alias("training.AttemptItemView")]
public sealed record AttemptItemView(
    [property: Id(0)] string Item,
    [property: Id(1)] int Revision,
    [property: Id(2)] string CompetencyId,
    [property: Id(3)] QuestionKind Kind,
    [property: Id(4)] string Stem,
    [property: Id(5)] IReadOnlyList<string> Options,
    [property: Id(6)] IReadOnlyList<int> Chosen,
    [property: Id(7)] IReadOnlyList<int> CorrectOptions,
    [property: Id(8)] bool? Correct,
    [property: Id(9)] string Explanation);

/// <summary>A submitted attempt's share of points on one competency (what its evidence records).</summary>
/// <param name="Score">0..1.</param>
[GenerateSerializer, Immutable, Alias("training.CompetencyScore")]
public sealed record CompetencyScore(
    [property: Id(0)] string FrameworkName,
    [property: Id(1)] string CompetencyId,
    [property: Id(2)] int Items,
    [property: Id(3)] int Correct,
    [property: Id(4)] double Score);

/// <summary>An attempt as read.</summary>
/// <param name="Name"><c>{batch}/attempts/{staff id}.{number}</c>.</param>
/// <param name="Deadline">Start + time limit; a submission after <see cref="GraceUntil"/> is late.</param>
/// <param name="Score">0..100 (percent of points) once submitted; 0 before.</param>
/// <param name="Delivered">True once the batch and the staff record have the result (the two-grain step is done).</param>
[GenerateSerializer, Immutable, Alias("training.AttemptView")]
public sealed record AttemptView(
    [property: Id(0)] string Name,
    [property: Id(1)] string BatchName,
    [property: Id(2)] string StaffName,
    [property: Id(3)] StageKind Stage,
    [property: Id(4)] int StageAttempt,
    [property: Id(5)] AttemptState State,
    [property: Id(6)] DateTimeOffset StartTime,
    [property: Id(7)] DateTimeOffset Deadline,
    [property: Id(8)] DateTimeOffset GraceUntil,
    [property: Id(9)] DateTimeOffset? SubmitTime,
    [property: Id(10)] bool Late,
    [property: Id(11)] double Score,
    [property: Id(12)] bool Passed,
    [property: Id(13)] int PassMark,
    [property: Id(14)] IReadOnlyList<AttemptItemView> Items,
    [property: Id(15)] IReadOnlyList<CompetencyScore> Competencies,
    [property: Id(16)] bool Delivered,
    [property: Id(17)] long Version);

/// <summary>A graded attempt's result, reported by the attempt to its batch (idempotent by <see cref="AttemptName"/>).</summary>
[GenerateSerializer, Immutable, Alias("training.StageResult")]
public sealed record StageResult(
    [property: Id(0)] string AttemptName,
    [property: Id(1)] string StaffName,
    [property: Id(2)] StageKind Stage,
    [property: Id(3)] double Score,
    [property: Id(4)] bool Passed,
    [property: Id(5)] bool Late,
    [property: Id(6)] DateTimeOffset SubmitTime);

/// <summary>One staff member's standing in one stage's assessments: its quick test and its practical assessment.</summary>
/// <param name="HasAssessment">True when the stage has a quick test (the quick-test fields are about it).</param>
/// <param name="AttemptsUsed">Attempts started (graded or not).</param>
/// <param name="BestScore">The best graded quick-test score, 0..100; null before any.</param>
/// <param name="Passed">The stage is passed: every assessment it has (quick test, practical) is passed; a stage with none counts as passed.</param>
/// <param name="Practical">The practical assessment's result when the stage has one; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("training.StaffStageResult")]
public sealed record StaffStageResult(
    [property: Id(0)] StageKind Stage,
    [property: Id(1)] bool HasAssessment,
    [property: Id(2)] int AttemptsUsed,
    [property: Id(3)] int MaxAttempts,
    [property: Id(4)] double? BestScore,
    [property: Id(5)] bool Passed,
    [property: Id(6)] string BestAttempt,
    [property: Id(7)] PracticalStageResult? Practical = null);

/// <summary>A staff member's completion of the batch: every stage passed and no session owed, with the evidence.</summary>
/// <param name="Stages">The stage results it rests on.</param>
/// <param name="SessionsAttended">Sessions attended (make-ups included) when they completed, of <paramref name="SessionsExpected"/>.</param>
[GenerateSerializer, Immutable, Alias("training.TraineeCompletion")]
public sealed record TraineeCompletion(
    [property: Id(0)] string StaffName,
    [property: Id(1)] DateTimeOffset CompleteTime,
    [property: Id(2)] IReadOnlyList<StaffStageResult> Stages,
    [property: Id(3)] int SessionsAttended,
    [property: Id(4)] int SessionsExpected);

/// <summary>One staff member's stage results in a batch, and their completion once reached.</summary>
[GenerateSerializer, Immutable, Alias("training.StaffStageResults")]
public sealed record StaffStageResults(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string StaffDisplayName,
    [property: Id(3)] IReadOnlyList<StaffStageResult> Stages,
    [property: Id(4)] IReadOnlyList<string> Attempts,
    [property: Id(5)] TraineeCompletion? Completion);
