using Orleans.Runtime;
using Training.Grains.EventSourcing;

namespace Training.Grains.Mentoring;

/// <summary>
/// The mentor's coaching log (sessions, corrected by new events with who and why) and evaluations. An evaluation is
/// recorded here first and then delivered to the mentee's record as evidence (idempotent by its evidence id); until
/// confirmed it stays in <see cref="MentorGrainState.Undelivered"/>, resumed on activation and by the
/// "deliver-evaluations" reminder.
/// </summary>
public sealed partial class MentorGrain
{
    private const string DeliverReminder = "deliver-evaluations";
    private const int MaxNotes = 2000;
    private const int MaxNote = 500;
    private const int MaxCompetencies = 20;
    private const int MaxMentees = 50;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(12);

    private bool deliverReminderRegistered;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Undelivered.Count > 0)
        {
            this.RegisterGrainTimer(_ => DeliverEvaluations(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }

    public async Task<CoachingSessionView> LogCoachingSession(string sessionId, CoachingSessionSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, (s, _) => SessionViewOf(s, sessionId)) is { } first)
        {
            return first;
        }

        EnsureRegistered();
        if (State.CoachingSessions.ContainsKey(sessionId))
        {
            throw TrainingException.AlreadyExists(SessionName(sessionId));
        }

        await ValidSession(spec);
        await Commit(Stamp(new CoachingSessionLogged(sessionId, spec), context));
        return SessionViewOf(State, sessionId);
    }

    public async Task<CoachingSessionView> CorrectCoachingSession(string sessionId, CoachingSessionSpec spec, string reason, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, (s, _) => SessionViewOf(s, sessionId)) is { } first)
        {
            return first;
        }

        EnsureRegistered();
        if (!State.CoachingSessions.ContainsKey(sessionId))
        {
            throw TrainingException.NotFound(SessionName(sessionId));
        }

        await ValidSession(spec);
        await Commit(Stamp(new CoachingSessionCorrected(sessionId, spec, reason), context));
        return SessionViewOf(State, sessionId);
    }

    public Task<IReadOnlyList<CoachingSessionView>> CoachingSessions(string? mentee)
    {
        EnsureRegistered();
        return Task.FromResult<IReadOnlyList<CoachingSessionView>>([.. State.CoachingSessions
            .Where(s => mentee is null || s.Value.Spec.Mentees.Contains(mentee))
            .OrderByDescending(s => s.Value.Spec.StartTime).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => SessionViewOf(State, s.Key))]);
    }

    public async Task<MentorEvaluationView> Evaluate(string evaluationId, string staffName, string competencyId, double score, DateTimeOffset observedAt, string note, CommandContext context)
    {
        if (await FirstAnswer(context, (s, _) => EvaluationViewOf(s, evaluationId)) is { } first)
        {
            return first;
        }

        EnsureRegistered();
        if (State.Evaluations.ContainsKey(evaluationId))
        {
            throw TrainingException.AlreadyExists(EvaluationName(evaluationId));
        }

        if (!double.IsFinite(score) || score is < 0 or > 1)
        {
            throw TrainingException.Invalid("evaluation.score", "must lie in 0..1.");
        }

        if (observedAt > Now + ClockSkew)
        {
            throw TrainingException.Invalid("evaluation.observe_time", "must not lie in the future.");
        }

        if (note.Length > MaxNote)
        {
            throw TrainingException.Invalid("evaluation.note", $"at most {MaxNote} characters.");
        }

        EnsureMentees([staffName]);
        if (!await GrainFactory.GetGrain<ICompetencyFrameworkGrain>(State.Spec.FrameworkName).IsActiveCompetency(competencyId))
        {
            throw TrainingException.Invalid("evaluation.competency", $"{competencyId} is not an active competency of {State.Spec.FrameworkName}.");
        }

        var evidence = new CompetencyEvidence(
            EvaluationName(evaluationId), EvidenceKind.MentorEvaluation, State.Spec.FrameworkName, competencyId, score, observedAt, StreamId,
            note.Length > 0 ? $"{State.Spec.DisplayName}: {note}" : $"Evaluated by {State.Spec.DisplayName}");
        await EnsureDeliverReminder();
        await Commit(Stamp(new MentorEvaluationRecorded(evaluationId, evidence, staffName), context));
        await DeliverEvaluations();
        return EvaluationViewOf(State, evaluationId);
    }

    public Task<IReadOnlyList<MentorEvaluationView>> Evaluations(string? mentee)
    {
        EnsureRegistered();
        return Task.FromResult<IReadOnlyList<MentorEvaluationView>>([.. State.Evaluations
            .Where(e => mentee is null || e.Value.StaffName == mentee)
            .OrderByDescending(e => e.Value.Evidence.ObservedAt).ThenBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => EvaluationViewOf(State, e.Key))]);
    }

    public async Task<MentorWorkload> Workload()
    {
        EnsureRegistered();
        var now = Now;
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var sessions = State.CoachingSessions.Values.Count(s => s.Spec.StartTime >= month && s.Spec.StartTime <= now);
        var batches = State.Mentees.Values.Select(m => m.BatchName).Distinct(StringComparer.Ordinal).ToList();
        var pending = (await Task.WhenAll(batches.Select(b => GrainFactory.GetGrain<IBatchMentoringGrain>(b).PendingSignOffsOf(StreamId).WaitAsync(Delivery.CallTimeout)))).Sum();
        return new MentorWorkload(StreamId, State.Mentees.Count, State.Spec.Capacity, sessions, pending);
    }

    /// <summary>Tells each mentee's record the evaluations it has not confirmed yet, then records what it confirmed.</summary>
    private async Task DeliverEvaluations()
    {
        if (State.Undelivered.Count == 0)
        {
            return;
        }

        var pending = State.Undelivered.Select(id => (Id: id, Entry: State.Evaluations[id])).ToList();
        var delivered = await Task.WhenAll(pending.Select(async p =>
            await Delivery.TryAsync(logger, StreamId, p.Entry.StaffName, () => GrainFactory.GetGrain<IStaffMemberGrain>(p.Entry.StaffName)
                .RecordEvidence(p.Entry.Evidence, new CommandContext($"{p.Entry.Evidence.EvidenceId}|evidence", "system", string.Empty, StreamId)), ErrorKind.InvalidArgument)
                ? p.Id
                : null));
        var confirmed = delivered.OfType<string>().ToList();
        if (confirmed.Count > 0)
        {
            await Commit(Stamp(new MentorEvaluationsDelivered(confirmed), new CommandContext(string.Empty, "system", string.Empty, DeliverReminder)));
        }
    }

    private async Task EnsureDeliverReminder()
    {
        if (!deliverReminderRegistered)
        {
            var period = reminderOptions.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(DeliverReminder, period, period);
            deliverReminderRegistered = true;
        }
    }

    /// <summary>InvalidArgument for a session that does not fit; FailedPrecondition when someone present is not a current mentee.</summary>
    private async Task ValidSession(CoachingSessionSpec spec)
    {
        if (spec.StartTime > Now + ClockSkew)
        {
            throw TrainingException.Invalid("coaching_session.start_time", "a session is logged after it took place; it must not lie in the future.");
        }

        if (spec.Duration < TimeSpan.FromMinutes(1) || spec.Duration > MaxDuration)
        {
            throw TrainingException.Invalid("coaching_session.duration", "must be 1 minute .. 12 hours.");
        }

        var distinct = spec.Mentees.Distinct(StringComparer.Ordinal).Count();
        if (distinct != spec.Mentees.Count || distinct > MaxMentees || (spec.Mode == CoachingMode.OneToOne ? distinct != 1 : distinct < 2))
        {
            throw TrainingException.Invalid("coaching_session.mentees", "one-to-one names exactly one mentee, a group two or more, all distinct.");
        }

        if (spec.Competencies.Count > MaxCompetencies || spec.Notes.Length > MaxNotes)
        {
            throw TrainingException.Invalid("coaching_session", $"at most {MaxCompetencies} competencies and {MaxNotes} characters of notes.");
        }

        EnsureMentees(spec.Mentees);
        var framework = GrainFactory.GetGrain<ICompetencyFrameworkGrain>(State.Spec.FrameworkName);
        foreach (var competency in spec.Competencies)
        {
            if (!await framework.IsActiveCompetency(competency))
            {
                throw TrainingException.Invalid("coaching_session.competencies", $"{competency} is not an active competency of {State.Spec.FrameworkName}.");
            }
        }
    }

    /// <summary>FailedPrecondition naming the first who is not a current mentee (in any batch).</summary>
    private void EnsureMentees(IEnumerable<string> staffNames)
    {
        var mentees = State.Mentees.Values.Select(m => m.StaffName).ToHashSet(StringComparer.Ordinal);
        if (staffNames.FirstOrDefault(n => !mentees.Contains(n)) is { } stranger)
        {
            throw new TrainingException(ErrorKind.FailedPrecondition, $"{stranger} is not a current mentee of {StreamId}.", stranger);
        }
    }

    private string SessionName(string sessionId) => $"{StreamId}/coachingSessions/{sessionId}";

    private string EvaluationName(string evaluationId) => $"{StreamId}/evaluations/{evaluationId}";

    private CoachingSessionView SessionViewOf(MentorGrainState s, string sessionId)
    {
        var e = s.CoachingSessions[sessionId];
        return new CoachingSessionView(SessionName(sessionId), e.Spec, e.LoggedBy, e.LogTime, e.Corrections, e.CorrectedBy, e.CorrectionReason);
    }

    private MentorEvaluationView EvaluationViewOf(MentorGrainState s, string evaluationId)
    {
        var e = s.Evaluations[evaluationId];
        return new MentorEvaluationView(EvaluationName(evaluationId), e.StaffName, e.Evidence.CompetencyId, e.Evidence.Score, e.Evidence.ObservedAt, e.Evidence.Detail, e.Delivered);
    }
}
