namespace Training.Grains;

/// <summary>The fixed questions of a stage's feedback survey (the reaction level), each rated 1..5.</summary>
public enum SurveyQuestion
{
    /// <summary>How relevant the stage was to my post.</summary>
    Relevance = 1,

    /// <summary>The instructor (or expert) who taught it.</summary>
    Instructor = 2,

    /// <summary>How useful it is in practice, at the counter or on the 12345 line.</summary>
    PracticalUsefulness = 3,

    /// <summary>How well it was organised (times, room, materials).</summary>
    Organisation = 4,
}

/// <summary>One rating of a survey answer.</summary>
/// <param name="Rating">1 (poor) .. 5 (excellent).</param>
[GenerateSerializer, Immutable, Alias("training.SurveyRating")]
public sealed record SurveyRating([property: Id(0)] SurveyQuestion Question, [property: Id(1)] int Rating);

/// <summary>A trainee's answer to the feedback survey of one stage of a batch: a rating for every question, and an optional comment.</summary>
[GenerateSerializer, Immutable, Alias("training.SurveyAnswer")]
public sealed record SurveyAnswer(
    [property: Id(0)] StageKind Stage,
    [property: Id(1)] IReadOnlyList<SurveyRating> Ratings,
    [property: Id(2)] string Comment);

/// <summary>A recorded survey answer.</summary>
/// <param name="Name"><c>{course_batch}/surveyResponses/{staff_id}.{stage}</c>.</param>
/// <param name="CenterName">The centre the trainee was enrolled from (their answer counts there).</param>
[GenerateSerializer, Immutable, Alias("training.SurveyResponse")]
public sealed record SurveyResponse(
    [property: Id(0)] string Name,
    [property: Id(1)] string BatchName,
    [property: Id(2)] string StaffName,
    [property: Id(3)] string CenterName,
    [property: Id(4)] StageKind Stage,
    [property: Id(5)] IReadOnlyList<SurveyRating> Ratings,
    [property: Id(6)] string Comment,
    [property: Id(7)] DateTimeOffset AnswerTime);

/// <summary>A trainee's standing in a batch, as the four-level figures read it.</summary>
/// <param name="CenterName">The centre they were enrolled from.</param>
[GenerateSerializer, Immutable, Alias("training.TraineeStanding")]
public sealed record TraineeStanding(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string CenterName,
    [property: Id(2)] EnrolmentStatus Status,
    [property: Id(3)] IReadOnlyList<StaffStageResult> Stages,
    [property: Id(4)] bool Completed);

/// <summary>What a batch holds for its four-level report: its trainees' standings and the stages that already closed a session.</summary>
/// <param name="StagesUnderway">Stages with at least one regular session closed: their feedback survey is open.</param>
[GenerateSerializer, Immutable, Alias("training.BatchResultsInput")]
public sealed record BatchResultsInput(
    [property: Id(0)] string BatchName,
    [property: Id(1)] IReadOnlyList<string> Centers,
    [property: Id(2)] BatchState Lifecycle,
    [property: Id(3)] long Version,
    [property: Id(4)] IReadOnlyList<TraineeStanding> Trainees,
    [property: Id(5)] IReadOnlyList<StageKind> StagesUnderway);

/// <summary>
/// The learning and behaviour figures of one batch at one centre, additive over batches (sums and counts, never
/// averages): what the batch keeps in the directory under the centre, in the same transaction as its events.
/// </summary>
/// <param name="BatchVersion">The batch's version the tally was computed at.</param>
/// <param name="Trainees">Trainees counted (enrolled or completed).</param>
/// <param name="TheoryAssessed">Trainees with a graded theory result.</param>
/// <param name="TheoryScoreSum">The sum of their best theory scores.</param>
/// <param name="TheoryBands">How many best theory scores fall in each band of <c>TrainingResultsRules.Bands</c>, in band order.</param>
[GenerateSerializer, Immutable, Alias("training.BatchCenterTally")]
public sealed record BatchCenterTally(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string CenterName,
    [property: Id(2)] long BatchVersion,
    [property: Id(3)] int Trainees,
    [property: Id(4)] int TheoryAssessed,
    [property: Id(5)] double TheoryScoreSum,
    [property: Id(6)] IReadOnlyList<int> TheoryBands,
    [property: Id(7)] int DrillAssessed,
    [property: Id(8)] int DrillPassed,
    [property: Id(9)] int OnTheJobAssessed,
    [property: Id(10)] int OnTheJobPassed,
    [property: Id(11)] int MentorSignOffs,
    [property: Id(12)] int Completed);

/// <summary>The sum and count of one question's ratings.</summary>
[GenerateSerializer, Immutable, Alias("training.QuestionTally")]
public sealed record QuestionTally([property: Id(0)] SurveyQuestion Question, [property: Id(1)] int Count, [property: Id(2)] int Sum);

/// <summary>The reaction figures of one batch at one centre, additive over batches; kept in the directory under the centre by the batch's evaluation.</summary>
/// <param name="Respondents">Trainees who answered at least one stage's survey.</param>
[GenerateSerializer, Immutable, Alias("training.ReactionTally")]
public sealed record ReactionTally(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string CenterName,
    [property: Id(2)] long Version,
    [property: Id(3)] int Responses,
    [property: Id(4)] int Respondents,
    [property: Id(5)] IReadOnlyList<QuestionTally> Questions);

/// <summary>The mean of one question's ratings (null without any).</summary>
[GenerateSerializer, Immutable, Alias("training.QuestionMean")]
public sealed record QuestionMean([property: Id(0)] SurveyQuestion Question, [property: Id(1)] int Count, [property: Id(2)] double? Mean);

/// <summary>Level 1, reaction: the trainees' own feedback.</summary>
/// <param name="ResponseRate">Respondents / trainees, 0..1; null without trainees.</param>
[GenerateSerializer, Immutable, Alias("training.ReactionLevel")]
public sealed record ReactionLevel(
    [property: Id(0)] int Responses,
    [property: Id(1)] int Respondents,
    [property: Id(2)] double? ResponseRate,
    [property: Id(3)] IReadOnlyList<QuestionMean> Questions);

/// <summary>How many best theory scores fall in [<see cref="Min"/>, <see cref="Max"/>).</summary>
[GenerateSerializer, Immutable, Alias("training.ScoreBand")]
public sealed record ScoreBand([property: Id(0)] string Label, [property: Id(1)] double Min, [property: Id(2)] double Max, [property: Id(3)] int Count);

/// <summary>Level 2, learning: the theory quick test (each trainee's best score).</summary>
/// <param name="Average">Mean of the best scores, 0..100; null without any.</param>
[GenerateSerializer, Immutable, Alias("training.LearningLevel")]
public sealed record LearningLevel([property: Id(0)] int Assessed, [property: Id(1)] double? Average, [property: Id(2)] IReadOnlyList<ScoreBand> Bands);

/// <summary>Level 3, behaviour: the practical drill and the on-the-job stage; mentor sign-offs.</summary>
/// <param name="DrillPassRate">Drill passed / drill assessed, 0..1; null without any assessed.</param>
[GenerateSerializer, Immutable, Alias("training.BehaviourLevel")]
public sealed record BehaviourLevel(
    [property: Id(0)] int DrillAssessed,
    [property: Id(1)] int DrillPassed,
    [property: Id(2)] double? DrillPassRate,
    [property: Id(3)] int OnTheJobAssessed,
    [property: Id(4)] int OnTheJobPassed,
    [property: Id(5)] double? OnTheJobPassRate,
    [property: Id(6)] int MentorSignOffs);

/// <summary>Level 4, results: one outcome indicator of a centre, its baseline and latest value.</summary>
[GenerateSerializer, Immutable, Alias("training.IndicatorChange")]
public sealed record IndicatorChange(
    [property: Id(0)] string CenterName,
    [property: Id(1)] string IndicatorId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Unit,
    [property: Id(4)] double? Baseline,
    [property: Id(5)] double? Latest,
    [property: Id(6)] double? Change);

/// <summary>The four-level evaluation of a batch or a centre.</summary>
/// <param name="Subject">The batch's or the centre's name.</param>
/// <param name="Batches">The batches counted.</param>
[GenerateSerializer, Immutable, Alias("training.FourLevelReport")]
public sealed record FourLevelReport(
    [property: Id(0)] string Subject,
    [property: Id(1)] IReadOnlyList<string> Batches,
    [property: Id(2)] int Trainees,
    [property: Id(3)] int Completed,
    [property: Id(4)] ReactionLevel Reaction,
    [property: Id(5)] LearningLevel Learning,
    [property: Id(6)] BehaviourLevel Behaviour,
    [property: Id(7)] IReadOnlyList<IndicatorChange> Results);

/// <summary>
/// A batch's evaluation: the trainees' feedback survey of each stage (reaction). Key: <c>{course_batch}/evaluation</c>.
/// Keeps its per-centre reaction tallies in the directory under each centre, in the same transaction as its events.
/// </summary>
public interface IBatchEvaluationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records <paramref name="staffName"/>'s answer to the survey of a stage, once. InvalidArgument for a rating off the
    /// 1..5 scale, a question missing or twice, a comment over 1,000 characters or a stage not of the batch; NotFound
    /// for an unknown batch; FailedPrecondition when the trainee is not enrolled (or completed) or no regular session of
    /// the stage closed yet; AlreadyExists when they answered that stage already. A retried request id answers the first answer.
    /// </summary>
    Task<SurveyResponse> AnswerSurvey(string staffName, SurveyAnswer answer, CommandContext context);

    /// <summary>Every answer, ordered by trainee and stage.</summary>
    Task<IReadOnlyList<SurveyResponse>> Responses();

    /// <summary>The reaction figures per centre the batch serves.</summary>
    Task<IReadOnlyList<ReactionTally>> ReactionTallies();
}

/// <summary>
/// Reads the four-level reports (a stateless worker): a batch's from its grains, a centre's from the tallies its
/// batches keep in the directory (no fan-out to the batches) and its outcome indicators.
/// </summary>
public interface ITrainingResultsGrain : IGrainWithIntegerKey
{
    /// <summary>The batch's four levels (its centres' indicators as results). NotFound for an unknown batch.</summary>
    Task<FourLevelReport> BatchReport(string batchName);

    /// <summary>The centre's four levels over every batch that enrolled its staff. NotFound for an unknown centre.</summary>
    Task<FourLevelReport> CenterReport(string centerName);
}
