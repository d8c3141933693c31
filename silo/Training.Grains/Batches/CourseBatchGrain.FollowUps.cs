using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Training.Grains.Results;

namespace Training.Grains.Batches;

/// <summary>
/// Long-term follow-up (requirement 8): when trainees complete, the batch schedules their retention re-tests in the
/// same commit as the completion (<see cref="FollowUpsScheduled"/>, from <see cref="FollowUpOptions"/>), and keeps the
/// durable "follow-ups" reminder while any is open. Each tick records the follow-ups that became due or overdue since;
/// the reminder is never due further than <see cref="FollowUpOptions.CheckPeriod"/> ahead, since Orleans refuses due
/// times of months. A trainee takes a due follow-up as the batch's theory quick test: its attempt reports its result
/// here like any attempt, and the evidence reaches the staff record the same way; the result closes the follow-up.
/// </summary>
public sealed partial class CourseBatchGrain
{
    private const string FollowUpReminder = "follow-ups";

    /// <summary>Follow-up attempts are numbered from here (a trainee's own attempts never reach it: 3 stages × 10 at most).</summary>
    private const int FollowUpAttemptBase = 1000;

    private FollowUpOptions FollowUpPlan => ServiceProvider.GetService<IOptions<FollowUpOptions>>()?.Value ?? new FollowUpOptions();

    public async Task<AttemptView> StartFollowUp(string followUpName, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(followUpName);
        if (await FirstAnswer(context, (s, _) => s.FollowUps.GetValueOrDefault(followUpName)?.AttemptName is { Length: > 0 } a ? a : throw UsedElsewhere(s, context.RequestId)) is { } retried)
        {
            return await GrainFactory.GetGrain<IAssessmentAttemptGrain>(retried).Get();
        }

        EnsureCreated();
        if (!State.FollowUps.TryGetValue(followUpName, out var followUp))
        {
            throw TrainingException.NotFound(followUpName);
        }

        var state = followUp.StateAt(Now);
        if (state == FollowUpState.Taken)
        {
            throw TrainingException.Precondition(followUpName, $"{followUpName} was taken already.");
        }

        if (state == FollowUpState.Scheduled)
        {
            throw TrainingException.Precondition(followUpName, $"{followUpName} is due from {followUp.DueTime:yyyy-MM-dd HH:mm} UTC.");
        }

        if (followUp.AttemptName.Length > 0)
        {
            return await GrainFactory.GetGrain<IAssessmentAttemptGrain>(followUp.AttemptName).Get();
        }

        if (!State.Assessments.TryGetValue(StageKind.Theory, out var blueprint))
        {
            throw TrainingException.Precondition(StageName(StageKind.Theory), $"{StreamId} has no theory quick test to take as the re-test.");
        }

        var staffId = followUp.StaffName[(followUp.StaffName.LastIndexOf('/') + 1)..];
        var number = FollowUpAttemptBase + followUp.Ordinal;
        var allocation = new AttemptAllocation(FormattableString.Invariant($"{StreamId}/attempts/{staffId}.{number}"), StreamId, followUp.StaffName, StageKind.Theory, number, 1, blueprint);
        var opened = await GrainFactory.GetGrain<IAssessmentAttemptGrain>(allocation.AttemptName).Open(allocation, context).WaitAsync(CallTimeout);
        await Commit(Stamp(new FollowUpStarted(followUpName, allocation.AttemptName), context));
        return opened;
    }

    public Task<IReadOnlyList<FollowUp>> FollowUps()
    {
        EnsureCreated();
        return Task.FromResult<IReadOnlyList<FollowUp>>([.. State.FollowUps.Values.OrderBy(f => f.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The follow-up whose re-test <paramref name="attemptName"/> is, or null for a stage's attempt.</summary>
    private FollowUp? FollowUpOfAttempt(string attemptName) =>
        State.FollowUps.Count == 0 ? null : State.FollowUps.Values.FirstOrDefault(f => string.Equals(f.AttemptName, attemptName, StringComparison.Ordinal));

    /// <summary>A re-test's result closes its follow-up (once: a repeated delivery finds it taken).</summary>
    private async Task RecordFollowUpResult(FollowUp followUp, StageResult result)
    {
        if (followUp.Result is not null)
        {
            return;
        }

        await Commit(Stamp(new FollowUpTaken(followUp.Name, result), new CommandContext($"{result.AttemptName}|result", "system", string.Empty, result.AttemptName)));
        await ArmFollowUps();
    }

    /// <summary>
    /// The follow-ups to schedule with <paramref name="events"/>: for each trainee those events complete (one by one, or
    /// all enrolled when the batch completes) who has none yet, one per offset of the plan.
    /// </summary>
    private IEnumerable<CourseBatchEvent> FollowUpsFor(IReadOnlyList<CourseBatchEvent> events, CommandContext context)
    {
        var completed = new List<(string Staff, DateTimeOffset At)>();
        foreach (var e in events)
        {
            if (e is TraineeCompleted t)
            {
                completed.Add((t.Completion.StaffName, t.Completion.CompleteTime));
            }
            else if (e is BatchCompleted)
            {
                completed.AddRange(State.Roster.Values.Where(r => r.Status == EnrolmentStatus.Enrolled).Select(r => (r.StaffName, Now)));
            }
        }

        if (completed.Count == 0)
        {
            return [];
        }

        var plan = FollowUpPlan;
        var scheduled = State.FollowUps.Values.Select(f => f.StaffName).ToHashSet(StringComparer.Ordinal);
        var followUps = completed
            .DistinctBy(c => c.Staff, StringComparer.Ordinal)
            .Where(c => !scheduled.Contains(c.Staff))
            .SelectMany(c => plan.Plan.Select((days, i) =>
            {
                var staffId = c.Staff[(c.Staff.LastIndexOf('/') + 1)..];
                var due = c.At.AddDays(days);
                return new FollowUp(
                    $"{StreamId}/followUps/{staffId}.{i + 1}", StreamId, c.Staff, State.Roster[c.Staff].CenterName, i + 1, days, c.At, due, due.AddDays(plan.GraceDays),
                    FollowUpState.Scheduled, string.Empty, null);
            }))
            .ToList();
        return followUps.Count == 0 ? [] : [Stamp(new FollowUpsScheduled(followUps), context)];
    }

    /// <summary>A tick of the follow-up reminder: records what became due or overdue, then re-arms (or drops) the reminder.</summary>
    private async Task CheckFollowUps()
    {
        var now = Now;
        var events = State.FollowUps.Values
            .Where(f => f.Result is null && f.StateAt(now) > f.NotedState)
            .GroupBy(f => f.StateAt(now))
            .OrderBy(g => g.Key)
            .Select(g => (CourseBatchEvent)Stamp(new FollowUpsFellDue([.. g.Select(f => f.Name).Order(StringComparer.Ordinal)], g.Key), System(FollowUpReminder)))
            .ToArray();
        if (events.Length > 0)
        {
            // Re-armed only after a change: between boundaries the reminder keeps ticking with its period, writing nothing.
            await Commit(events);
            await ArmFollowUps();
        }
    }

    /// <summary>
    /// Keeps the follow-up reminder while a follow-up has a boundary (due, overdue) not yet recorded: due at the next one
    /// but never further than the check period ahead, ticking every check period. Unregistered once none is left.
    /// </summary>
    private async Task ArmFollowUps()
    {
        var now = Now;
        var next = State.FollowUps.Values
            .Where(f => f.Result is null && f.NotedState < FollowUpState.Overdue)
            .Select(f => f.NotedState < FollowUpState.Due ? f.DueTime : f.OverdueTime)
            .DefaultIfEmpty(DateTimeOffset.MaxValue)
            .Min();
        if (next == DateTimeOffset.MaxValue)
        {
            await Unregister(FollowUpReminder);
            return;
        }

        var period = FollowUpPlan.CheckPeriod < reminderPeriod ? reminderPeriod : FollowUpPlan.CheckPeriod;
        period = period > FollowUpOptions.MaxCheckPeriod ? FollowUpOptions.MaxCheckPeriod : period;
        var due = next - now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > period ? period : due;
        try
        {
            await this.RegisterOrUpdateReminder(FollowUpReminder, due, period);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // The follow-ups are recorded; the next change of them (or a completion) registers the reminder again.
            LogReminderFailed(logger, StreamId, FollowUpReminder, e.Message);
        }
    }
}
