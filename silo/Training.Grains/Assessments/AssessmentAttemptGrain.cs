using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime;
using Training.Grains.EventSourcing;

namespace Training.Grains.Assessments;

/// <summary>
/// A quick-test attempt (<see cref="IAssessmentAttemptGrain"/>). Key <c>{batch}/attempts/{staff id}.{number}</c>: under
/// the batch, which allocates the number (and so counts attempts, one writer, no race) and whose host centre places it
/// for authorization; with the staff id in it, so that "a trainee reads only their own attempts" needs no lookup.
/// After grading, the attempt is the authority for its result: the submission event records the delivery as pending,
/// then the batch (<see cref="ICourseBatchGrain.RecordStageResult"/>, idempotent by attempt) and the staff record
/// (<see cref="IStaffMemberGrain.RecordEvidence"/>, idempotent by evidence id) are told, then the delivery is recorded;
/// a pending delivery is resumed on activation and by the "deliver-results" reminder registered before the submission.
/// </summary>
[GrainType("assessment-attempt")]
public sealed class AssessmentAttemptGrain(EventSourcingServices services, IOptions<ReminderOptions> reminderOptions, ILogger<AssessmentAttemptGrain> logger)
    : EventSourcedGrain<AssessmentAttemptState, AssessmentAttemptEvent>(services), IAssessmentAttemptGrain, IRemindable
{
    private const string DeliverReminder = "deliver-results";
    private readonly TimeSpan reminderPeriod = reminderOptions.Value.MinimumReminderPeriod;
    private IGrainTimer? deliveryTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.DeliveryPending)
        {
            deliveryTimer = this.RegisterGrainTimer(_ => Deliver(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }

    public async Task<AttemptView> Open(AttemptAllocation allocation, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        if (State.Opened)
        {
            return View();
        }

        if (!string.Equals(allocation.AttemptName, StreamId, StringComparison.Ordinal))
        {
            throw TrainingException.Invalid("attempt", $"the allocation names {allocation.AttemptName}, not {StreamId}.");
        }

        var pools = new List<(BlueprintPart, BankPool)>();
        foreach (var part in allocation.Blueprint.Parts)
        {
            var pool = await PoolOf(part.QuestionBank);
            if (pool.Items.Count < part.ItemCount)
            {
                throw TrainingException.Precondition(part.QuestionBank, $"{part.QuestionBank} has {pool.Items.Count} active items; the {allocation.Stage} quick test draws {part.ItemCount}.");
            }

            pools.Add((part, pool));
        }

        var seed = QuickTestDraw.SeedOf(StreamId);
        await Commit(Stamp(new AttemptOpened(allocation, seed, QuickTestDraw.Draw(pools, seed)), context));
        return View();
    }

    public Task<AttemptView> Get() => Task.FromResult(View());

    public async Task<AttemptView> Submit(IReadOnlyList<AttemptAnswer> answers, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(answers);
        EnsureOpened();
        if (State.Submission is not null)
        {
            // Submitting twice records once: the second answers the first result.
            return View();
        }

        var items = State.Items.ToDictionary(i => i.Item, StringComparer.Ordinal);
        var chosen = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            var picks = answer.Chosen ?? [];
            if (QuickTestGrading.Refusal(items.GetValueOrDefault(answer.Item ?? string.Empty), picks, chosen.ContainsKey(answer.Item ?? string.Empty)) is { } refusal)
            {
                throw TrainingException.Invalid($"answers[{i}]", $"{answer.Item}: {refusal}");
            }

            chosen[answer.Item!] = [.. picks];
        }

        var now = Now;
        var allocation = State.Allocation!;
        var late = now > GraceUntil;
        if (late && allocation.Blueprint.LateRule == LateSubmissionRule.Reject)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} was due by {GraceUntil:u} (time limit plus grace); the batch refuses late submissions.");
        }

        var correct = State.Items.Select(i => chosen.TryGetValue(i.Item, out var c) && QuickTestGrading.IsCorrect(i.Content, [.. c.Select(p => i.OptionOrder[p])])).ToList();
        var competencies = State.Items
            .Select((item, index) => (item, ok: correct[index]))
            .GroupBy(x => (x.item.FrameworkName, x.item.CompetencyId))
            .Select(g => new CompetencyScore(g.Key.FrameworkName, g.Key.CompetencyId, g.Count(), g.Count(x => x.ok), Math.Round((double)g.Count(x => x.ok) / g.Count(), 4)))
            .ToList();
        var score = QuickTestGrading.Percent(correct.Count(c => c), State.Items.Count);
        await EnsureReminder();
        await Commit(Stamp(new AttemptSubmitted(chosen, late, score, QuickTestGrading.Passes(score, allocation.Blueprint.PassMark), competencies), context) with { At = now });
        await Deliver();
        return View();
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount)
    {
        EnsureOpened();
        return ReadHistory(fromVersion, maxCount);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await Deliver();
        if (!State.DeliveryPending)
        {
            await this.UnregisterIfRegistered(DeliverReminder);
        }
    }

    // ---- the two-grain step -----------------------------------------------------------------------------------------

    private async Task EnsureReminder() => await this.RegisterOrUpdateReminder(DeliverReminder, reminderPeriod, reminderPeriod);

    /// <summary>Tells the batch the stage result and the staff record the evidence (in parallel), then records the delivery.</summary>
    private async Task Deliver()
    {
        if (!State.DeliveryPending)
        {
            return;
        }

        var allocation = State.Allocation!;
        var submission = State.Submission!;
        var result = new StageResult(StreamId, allocation.StaffName, allocation.Stage, submission.Score, submission.Passed, submission.Late, submission.At);
        var staff = GrainFactory.GetGrain<IStaffMemberGrain>(allocation.StaffName);
        var context = new CommandContext($"{StreamId}|evidence", "system", string.Empty, StreamId);
        var delivered = await Task.WhenAll(
            Delivery.TryAsync(logger, StreamId, allocation.BatchName, () => GrainFactory.GetGrain<ICourseBatchGrain>(allocation.BatchName).RecordStageResult(result)),
            Delivery.TryAsync(
                logger,
                StreamId,
                allocation.StaffName,
                async () =>
                {
                    foreach (var evidence in Evidence(allocation, submission))
                    {
                        await staff.RecordEvidence(evidence, context);
                    }
                },
                ErrorKind.InvalidArgument));
        if (delivered.All(d => d))
        {
            await Commit(Stamp(new AttemptResultDelivered(), context));
        }
    }

    /// <summary>One piece of evidence per competency of the attempt: its share of points there.</summary>
    private IEnumerable<CompetencyEvidence> Evidence(AttemptAllocation allocation, AttemptSubmitted submission) =>
        submission.Competencies.Select(c => new CompetencyEvidence(
            $"{StreamId}/{c.CompetencyId}",
            EvidenceKind.QuickTest,
            c.FrameworkName,
            c.CompetencyId,
            c.Score,
            submission.At,
            StreamId,
            FormattableString.Invariant($"{allocation.Stage} quick test, attempt {allocation.StageAttempt}: {c.Correct}/{c.Items} on {c.CompetencyId}{(submission.Late ? " (late)" : string.Empty)}.")));

    // ---- reading ----------------------------------------------------------------------------------------------------

    private async Task<BankPool> PoolOf(string bankName)
    {
        var bank = GrainFactory.GetGrain<IQuestionBankGrain>(bankName);
        var view = await bank.Get();
        var items = new List<QuestionItemView>();
        string? after = null;
        do
        {
            var page = await bank.ListItems(new PageRequest(1000, after), includeRetired: false);
            items.AddRange(page.Items);
            after = page.NextAfterKey;
        }
        while (after is not null);

        return new BankPool(view.FrameworkName, view.CompetencyId, items);
    }

    private DateTimeOffset Deadline => State.StartTime.AddMinutes(State.Allocation!.Blueprint.TimeLimitMinutes);

    private DateTimeOffset GraceUntil => Deadline.AddSeconds(State.Allocation!.Blueprint.GraceSeconds);

    private void EnsureOpened()
    {
        if (!State.Opened)
        {
            throw TrainingException.NotFound(StreamId);
        }
    }

    private AttemptView View()
    {
        EnsureOpened();
        var a = State.Allocation!;
        var s = State.Submission;
        var state = s is not null ? AttemptState.Submitted
            : a.Blueprint.LateRule == LateSubmissionRule.Reject && Now > GraceUntil ? AttemptState.Expired
            : AttemptState.InProgress;
        return new AttemptView(
            StreamId, a.BatchName, a.StaffName, a.Stage, a.StageAttempt, state, State.StartTime, Deadline, GraceUntil, s?.At, s?.Late ?? false,
            s?.Score ?? 0, s?.Passed ?? false, a.Blueprint.PassMark, [.. State.Items.Select(i => ItemView(i, s))], s?.Competencies ?? [], s is not null && !State.DeliveryPending, Version);
    }

    /// <summary>An item as presented; the key (correct options, correctness, explanation) only once submitted.</summary>
    private static AttemptItemView ItemView(DrawnItem item, AttemptSubmitted? submission)
    {
        var options = item.OptionOrder.Select(o => item.Content.Options[o]).ToList();
        if (submission is null)
        {
            return new AttemptItemView(item.Item, item.Revision, item.CompetencyId, item.Content.Kind, item.Content.Stem, options, [], [], null, string.Empty);
        }

        var chosen = submission.Answers.GetValueOrDefault(item.Item) ?? [];
        var correct = Enumerable.Range(0, item.OptionOrder.Count).Where(p => item.Content.CorrectOptions.Contains(item.OptionOrder[p])).ToList();
        var isCorrect = QuickTestGrading.IsCorrect(item.Content, [.. chosen.Select(p => item.OptionOrder[p])]);
        return new AttemptItemView(item.Item, item.Revision, item.CompetencyId, item.Content.Kind, item.Content.Stem, options, chosen, correct, isCorrect, item.Content.Explanation);
    }
}
