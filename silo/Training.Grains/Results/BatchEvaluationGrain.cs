using Training.Grains.EventSourcing;

namespace Training.Grains.Results;

/// <summary>
/// A batch's evaluation (<see cref="IBatchEvaluationGrain"/>): the trainees' feedback survey of each stage. It reads the
/// batch (enrolment, stages underway) before recording an answer; the batch is not written. Its reaction tallies go to
/// the directory under each centre in the same transaction as the answer (<see cref="BatchResultsProjection"/>).
/// </summary>
[GrainType("batch-evaluation")]
public sealed class BatchEvaluationGrain(EventSourcingServices services) : EventSourcedGrain<BatchEvaluationState, BatchEvaluationEvent>(services), IBatchEvaluationGrain
{
    /// <summary>The key's suffix after the batch's name.</summary>
    public const string Suffix = "/evaluation";

    private string BatchName => StreamId.EndsWith(Suffix, StringComparison.Ordinal) ? StreamId[..^Suffix.Length] : string.Empty;

    public async Task<SurveyResponse> AnswerSurvey(string staffName, SurveyAnswer answer, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(staffName);
        ArgumentNullException.ThrowIfNull(answer);
        if (await FirstAnswer(context, (s, _) => s.Responses.Values.LastOrDefault(r => r.StaffName == staffName && r.Stage == answer.Stage)
            ?? throw TrainingException.Precondition(StreamId, $"request {context.RequestId} was used for another answer.")) is { } first)
        {
            return first;
        }

        if (TrainingResultsRules.Invalid(answer) is { } invalid)
        {
            throw TrainingException.Invalid(invalid.Field, invalid.Description);
        }

        var batch = await GrainFactory.GetGrain<ICourseBatchGrain>(BatchName).ResultsInput();
        var trainee = batch.Trainees.FirstOrDefault(t => string.Equals(t.StaffName, staffName, StringComparison.Ordinal));
        if (trainee is null || !TrainingResultsRules.Counts(trainee.Status))
        {
            throw new TrainingException(ErrorKind.FailedPrecondition, $"{staffName} is not enrolled in {BatchName}.", staffName);
        }

        if (!batch.StagesUnderway.Contains(answer.Stage))
        {
            throw TrainingException.Precondition($"{BatchName}/stages/{answer.Stage}", $"the {answer.Stage} survey of {BatchName} opens once a session of the stage has closed.");
        }

        var name = ResponseName(BatchName, staffName, answer.Stage);
        if (State.Responses.ContainsKey(name))
        {
            throw TrainingException.AlreadyExists(name);
        }

        var response = new SurveyResponse(name, BatchName, staffName, trainee.CenterName, answer.Stage, [.. answer.Ratings.OrderBy(r => r.Question)], answer.Comment, Now);
        await Commit(Stamp(new SurveyAnswered(response), context));
        return response;
    }

    public Task<IReadOnlyList<SurveyResponse>> Responses() => Task.FromResult<IReadOnlyList<SurveyResponse>>([.. State.Responses.Values]);

    public Task<IReadOnlyList<ReactionTally>> ReactionTallies() =>
        Task.FromResult(TrainingResultsRules.Reaction(BatchName, Version, State.Centers, State.Responses.Values));

    /// <summary>The reaction tally of every centre with an answer, in the same transaction as the answer.</summary>
    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(BatchEvaluationState stateAfter, long versionAfter) =>
        [.. TrainingResultsRules.Reaction(BatchName, versionAfter, stateAfter.Centers, stateAfter.Responses.Values)
            .Select(t => new DirectoryChange(BatchResultsProjection.ReactionKind, BatchResultsProjection.Key(t.CenterName, BatchName), t.CenterName, string.Empty, Serialize(t)))];

    /// <summary><c>{batch}/surveyResponses/{staff_id}.{stage}</c>, the stage in lower case (theory, practicaldrill, onthejob).</summary>
    public static string ResponseName(string batchName, string staffName, StageKind stage) =>
        $"{batchName}/surveyResponses/{staffName[(staffName.LastIndexOf('/') + 1)..]}.{stage.ToString().ToLowerInvariant()}";
}
