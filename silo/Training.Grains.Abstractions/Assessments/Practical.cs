namespace Training.Grains;

/// <summary>
/// How much rides on a practical assessment, and so how many examiners grade it (docs/practical-assessments.md).
/// </summary>
public enum PracticalStake
{
    /// <summary>One examiner's grading is the result; a trainee who did not pass may be graded again (the best grading counts).</summary>
    Standard = 1,

    /// <summary>
    /// Two independent examiners grade; the result is the mean of their scores when their pass/fail verdicts agree. When
    /// they disagree, a third examiner's grading decides: its verdict is the result, the score the mean of it and the
    /// earlier grading that shares its verdict. No examiner grades the same trainee twice; once decided, no more gradings.
    /// </summary>
    High = 2,
}

/// <summary>Where a trainee's practical assessment in a stage stands.</summary>
public enum PracticalStatus
{
    /// <summary>No grading yet.</summary>
    NotGraded = 1,

    /// <summary>High stake: one grading, waiting for the second examiner.</summary>
    AwaitingSecondGrading = 2,

    /// <summary>High stake: two gradings whose verdicts disagree, waiting for a third examiner to decide.</summary>
    AwaitingDecidingGrading = 3,

    /// <summary>Passed.</summary>
    Passed = 4,

    /// <summary>Decided, not passed (standard stake: may be graded again).</summary>
    NotPassed = 5,
}

/// <summary>What a manager sets on a stage: the rubric (its revision frozen into the batch), the stake, the examiners.</summary>
/// <param name="RubricName"><c>rubrics/{rubric}</c>.</param>
/// <param name="RubricRevision">The revision to use; 0 = the latest when set.</param>
/// <param name="Examiners">1..20 distinct examiners, <c>mentors/{id}</c> (two at least for a high stake).</param>
[GenerateSerializer, Immutable, Alias("training.PracticalAssessmentSpec")]
public sealed record PracticalAssessmentSpec(
    [property: Id(0)] string RubricName,
    [property: Id(1)] int RubricRevision,
    [property: Id(2)] PracticalStake Stake,
    [property: Id(3)] IReadOnlyList<string> Examiners);

/// <summary>A stage's practical assessment as the batch holds it, with the rubric revision it grades on.</summary>
[GenerateSerializer, Immutable, Alias("training.PracticalAssessment")]
public sealed record PracticalAssessment(
    [property: Id(0)] string BatchName,
    [property: Id(1)] StageKind Stage,
    [property: Id(2)] RubricView Rubric,
    [property: Id(3)] PracticalStake Stake,
    [property: Id(4)] IReadOnlyList<string> Examiners,
    [property: Id(5)] DateTimeOffset UpdateTime);

/// <summary>An examiner's level and comment on one criterion.</summary>
/// <param name="Level">0..levels-1 of the rubric's scale.</param>
[GenerateSerializer, Immutable, Alias("training.CriterionGrade")]
public sealed record CriterionGrade(
    [property: Id(0)] string CriterionId,
    [property: Id(1)] int Level,
    [property: Id(2)] string Comment);

/// <summary>An examiner's grading of one trainee in one stage: a level per criterion of the rubric, comments per criterion and overall.</summary>
[GenerateSerializer, Immutable, Alias("training.PracticalGrading")]
public sealed record PracticalGrading(
    [property: Id(0)] string StaffName,
    [property: Id(1)] StageKind Stage,
    [property: Id(2)] IReadOnlyList<CriterionGrade> Criteria,
    [property: Id(3)] string Comment);

/// <summary>A recorded grading, scored at once.</summary>
/// <param name="Name"><c>{batch}/practicalGrades/{staff id}.{number}</c>, the number counting the trainee's gradings in the batch.</param>
/// <param name="Examiner"><c>mentors/{id}</c>.</param>
/// <param name="Score">The weighted score, 0..100.</param>
/// <param name="Passed">Score ≥ the rubric's pass threshold (this examiner's verdict).</param>
/// <param name="RequestId">The request that recorded it (to answer a retry).</param>
[GenerateSerializer, Immutable, Alias("training.PracticalGrade")]
public sealed record PracticalGrade(
    [property: Id(0)] string Name,
    [property: Id(1)] string StaffName,
    [property: Id(2)] StageKind Stage,
    [property: Id(3)] string Examiner,
    [property: Id(4)] IReadOnlyList<CriterionGrade> Criteria,
    [property: Id(5)] string Comment,
    [property: Id(6)] double Score,
    [property: Id(7)] bool Passed,
    [property: Id(8)] DateTimeOffset GradeTime,
    [property: Id(9)] string RubricName,
    [property: Id(10)] int RubricRevision,
    [property: Id(11)] string RequestId);

/// <summary>A trainee's practical result in one stage, from its gradings by the stake's rule.</summary>
/// <param name="Score">The result's score (0..100) once decided; for a standard stake not passed, the best so far; null before.</param>
[GenerateSerializer, Immutable, Alias("training.PracticalStageResult")]
public sealed record PracticalStageResult(
    [property: Id(0)] PracticalStake Stake,
    [property: Id(1)] PracticalStatus Status,
    [property: Id(2)] int Gradings,
    [property: Id(3)] double? Score,
    [property: Id(4)] bool Passed);
