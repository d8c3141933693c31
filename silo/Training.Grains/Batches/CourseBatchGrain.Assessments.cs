using Training.Grains.Assessments;

namespace Training.Grains.Batches;

/// <summary>
/// The batch's part in quick tests: the stages' blueprints, the attempts it allocates (it is the one place attempts are
/// counted, so two concurrent starts cannot exceed the maximum: grain calls are serialized), the gating of stages,
/// the results attempts report, and each staff member's completion.
/// </summary>
public sealed partial class CourseBatchGrain
{
    public async Task<StageAssessment> SetStageAssessment(StageKind stage, QuickTestBlueprint blueprint, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        if (await FirstAnswer(context, (s, _) => s.Assessments.ContainsKey(stage) ? AssessmentOf(s, stage) : throw UsedElsewhere(s, context.RequestId)) is { } first)
        {
            return first;
        }

        EnsureChangeable();
        if (!State.Stages.Any(s => s.Kind == stage))
        {
            throw TrainingException.Invalid("stage", $"{stage} is not a stage of {StreamId}.");
        }

        QuickTestRules.Validate(blueprint);
        foreach (var part in blueprint.Parts)
        {
            var bank = await GrainFactory.GetGrain<IQuestionBankGrain>(part.QuestionBank).Get();
            if (bank.ActiveItemCount < part.ItemCount)
            {
                throw TrainingException.Precondition(part.QuestionBank, $"{part.QuestionBank} has {bank.ActiveItemCount} active items; the blueprint draws {part.ItemCount}.");
            }
        }

        await Commit(Stamp(new StageAssessmentSet(stage, blueprint), context));
        return AssessmentOf(State, stage);
    }

    public Task<IReadOnlyList<StageAssessment>> StageAssessments()
    {
        EnsureCreated();
        return Task.FromResult<IReadOnlyList<StageAssessment>>([.. State.Assessments.Keys.Order().Select(k => AssessmentOf(State, k))]);
    }

    public async Task<AttemptView> StartAttempt(string staffName, StageKind stage, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(staffName);
        ArgumentNullException.ThrowIfNull(context);
        if (await FirstAnswer(context, (s, _) => AttemptStartedBy(s, context.RequestId)) is { } retried)
        {
            return await GrainFactory.GetGrain<IAssessmentAttemptGrain>(retried).Get();
        }

        EnsureCreated();
        if (State.Lifecycle != BatchState.Running)
        {
            throw TrainingException.Precondition(StreamId, $"quick tests are taken while the batch runs; {StreamId} is {State.Lifecycle}.");
        }

        if (!State.Roster.TryGetValue(staffName, out var enrolment) || enrolment.Status is not (EnrolmentStatus.Enrolled or EnrolmentStatus.Completed))
        {
            throw new TrainingException(ErrorKind.FailedPrecondition, $"{staffName} is not enrolled in {StreamId}.", staffName);
        }

        if (!State.Assessments.TryGetValue(stage, out var blueprint))
        {
            throw TrainingException.Precondition(StageName(stage), $"the {stage} stage of {StreamId} has no quick test.");
        }

        if (State.Stages.Select(s => s.Kind).Where(k => k < stage).Order().FirstOrDefault(k => !StageResultOf(State, staffName, k).Passed) is var earlier && earlier != default)
        {
            throw TrainingException.Precondition(StageName(earlier), $"{staffName} has not passed the {earlier} stage's assessment; the {stage} stage's assessment starts after it.");
        }

        var assessed = State.Assessed.GetValueOrDefault(staffName);
        var used = assessed?.Attempts.Count(a => a.Stage == stage) ?? 0;
        if (used >= blueprint.MaxAttempts)
        {
            throw TrainingException.Precondition(StageName(stage), $"{staffName} has used all {blueprint.MaxAttempts} attempts of the {stage} quick test.");
        }

        var number = (assessed?.Attempts.Count ?? 0) + 1;
        var staffId = staffName[(staffName.LastIndexOf('/') + 1)..];
        var allocation = new AttemptAllocation(FormattableString.Invariant($"{StreamId}/attempts/{staffId}.{number}"), StreamId, staffName, stage, number, used + 1, blueprint);

        // The attempt first: a draw that cannot be made writes nothing here. A crash before the batch records the
        // allocation leaves an opened attempt the next start allocates (and opens, idempotently) again.
        var attempt = GrainFactory.GetGrain<IAssessmentAttemptGrain>(allocation.AttemptName);
        var opened = await attempt.Open(allocation, context).WaitAsync(CallTimeout);
        await Commit(Stamp(new AttemptAllocated(allocation), context));
        return opened;
    }

    public async Task RecordStageResult(StageResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        EnsureCreated();
        if (FollowUpOfAttempt(result.AttemptName) is { } followUp)
        {
            await RecordFollowUpResult(followUp, result);
            return;
        }

        if (State.Assessed.TryGetValue(result.StaffName, out var assessed) && assessed.Results.ContainsKey(result.AttemptName))
        {
            return;
        }

        var context = new CommandContext($"{result.AttemptName}|result", "system", string.Empty, result.AttemptName);
        await Commit(Stamp(new StageResultRecorded(result), context));
        await CompleteQualified(context);
    }

    public Task<StaffStageResults> StageResultsOf(string staffName)
    {
        EnsureCreated();
        return State.Roster.ContainsKey(staffName)
            ? Task.FromResult(ResultsOf(State, staffName))
            : throw new TrainingException(ErrorKind.NotFound, $"{staffName} was never enrolled in {StreamId}.", staffName);
    }

    public Task<IReadOnlyList<StaffStageResults>> StageResults()
    {
        EnsureCreated();
        return Task.FromResult<IReadOnlyList<StaffStageResults>>([.. State.Roster.Values
            .Where(e => e.Status is EnrolmentStatus.Enrolled or EnrolmentStatus.Completed or EnrolmentStatus.Incomplete)
            .OrderBy(e => e.StaffName, StringComparer.Ordinal)
            .Select(e => ResultsOf(State, e.StaffName))]);
    }

    /// <summary>
    /// Completes every enrolled staff member who passed every stage (every assessment a stage has — quick test, practical
    /// assessment — passed; a stage with none counts as passed) and owes no session (every regular session closed, misses
    /// made up); the enrolment change reaches their record like any other. Only a batch with at least one assessment
    /// completes trainees here: a batch without any completes everyone with <see cref="Complete"/>.
    /// </summary>
    private async Task CompleteQualified(CommandContext context)
    {
        if ((State.Assessments.Count == 0 && State.Practicals.Count == 0) || State.Lifecycle != BatchState.Running)
        {
            return;
        }

        var regular = State.Sessions.Values.Where(s => !s.Spec.MakeUp && s.State != SessionState.Cancelled).ToList();
        if (regular.Any(s => s.State != SessionState.Closed))
        {
            return;
        }

        var now = Now;
        var events = new List<CourseBatchEvent>();
        foreach (var staffName in State.Roster.Values.Where(e => e.Status == EnrolmentStatus.Enrolled).Select(e => e.StaffName).Order(StringComparer.Ordinal))
        {
            if (State.Assessed.GetValueOrDefault(staffName)?.Completion is not null)
            {
                continue;
            }

            var stages = State.Stages.Select(s => StageResultOf(State, staffName, s.Kind)).ToList();
            var marked = regular.Where(s => s.Marks.ContainsKey(staffName)).ToList();
            if (!stages.All(s => s.Passed) || marked.Any(s => CourseBatchViews.Owes(State, s, staffName, s.Marks[staffName])))
            {
                continue;
            }

            var attended = marked.Count(s => s.Marks[staffName].Attended || s.FulfilledBy.ContainsKey(staffName));
            events.Add(Stamp(new TraineeCompleted(new TraineeCompletion(staffName, now, stages, attended, marked.Count)), context));
        }

        if (events.Count > 0)
        {
            await RecordEnrolmentChanges(events, context);
        }
    }

    private string StageName(StageKind stage) => $"{StreamId}/stages/{stage}";

    private static StageAssessment AssessmentOf(CourseBatchState s, StageKind stage) =>
        new(s.Name, stage, s.Assessments[stage], s.UpdateTime);

    /// <summary>The attempt a retried start allocated; FailedPrecondition when the request id was used for something else.</summary>
    private static string AttemptStartedBy(CourseBatchState s, string requestId) =>
        s.Assessed.Values.SelectMany(a => a.Attempts).FirstOrDefault(a => string.Equals(a.RequestId, requestId, StringComparison.Ordinal)) is { } a
            ? a.AttemptName
            : throw UsedElsewhere(s, requestId);

    private static TrainingException UsedElsewhere(CourseBatchState s, string requestId) =>
        TrainingException.Precondition(s.Name, $"request {requestId} was used for another change of {s.Name}.");

    /// <summary>
    /// A staff member's standing in one stage: passed when every assessment the stage has is passed (its quick test: any
    /// attempt passed; its practical assessment: by the stake's rule); a stage without any assessment counts as passed.
    /// </summary>
    private static StaffStageResult StageResultOf(CourseBatchState s, string staffName, StageKind stage)
    {
        var assessed = s.Assessed.GetValueOrDefault(staffName);
        var practical = PracticalResultOf(s, staffName, stage);
        var practicalPassed = practical?.Passed ?? true;
        if (!s.Assessments.TryGetValue(stage, out var blueprint))
        {
            return new StaffStageResult(stage, false, 0, 0, null, practicalPassed && SignedOffIfMentored(s, staffName, stage), string.Empty, practical);
        }

        var results = assessed?.Results.Values.Where(r => r.Stage == stage).ToList() ?? [];
        var best = results.OrderByDescending(r => r.Score).ThenBy(r => r.SubmitTime).FirstOrDefault();
        return new StaffStageResult(
            stage,
            true,
            assessed?.Attempts.Count(a => a.Stage == stage) ?? 0,
            blueprint.MaxAttempts,
            best?.Score,
            results.Any(r => r.Passed) && practicalPassed && SignedOffIfMentored(s, staffName, stage),
            best?.AttemptName ?? string.Empty,
            practical);
    }

    private static StaffStageResults ResultsOf(CourseBatchState s, string staffName)
    {
        var assessed = s.Assessed.GetValueOrDefault(staffName);
        return new StaffStageResults(
            s.Name,
            staffName,
            s.Roster.TryGetValue(staffName, out var e) ? e.DisplayName : string.Empty,
            [.. s.Stages.Select(st => StageResultOf(s, staffName, st.Kind))],
            [.. assessed?.Attempts.Select(a => a.AttemptName) ?? []],
            assessed?.Completion);
    }
}
