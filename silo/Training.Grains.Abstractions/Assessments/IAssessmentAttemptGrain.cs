namespace Training.Grains;

/// <summary>
/// One quick-test attempt of a staff member in a batch's stage. Key: <c>{batch}/attempts/{staff id}.{number}</c>, the
/// number allocated by the batch (<see cref="ICourseBatchGrain.StartAttempt"/>), which is the authority for counting
/// attempts. The attempt draws its items when opened, keeps them (with the revision and answer key they were drawn
/// on), grades a submission at once, and then reports the result to the batch and the evidence to the staff record
/// with idempotent, retried calls that stay pending in its state until confirmed (resumed on activation and by a
/// reminder).
/// </summary>
public interface IAssessmentAttemptGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens the attempt the batch allocated: draws its items. Idempotent: an attempt already opened answers as it is.
    /// FailedPrecondition when a bank has too few active items.
    /// </summary>
    Task<AttemptView> Open(AttemptAllocation allocation, CommandContext context);

    /// <summary>The attempt; the answer key only once submitted. NotFound if never opened.</summary>
    Task<AttemptView> Get();

    /// <summary>
    /// Grades the answers at once and records the result (once: a second submission answers the first result and
    /// writes nothing). InvalidArgument for answers to items not in the attempt, an item answered twice, or options out of
    /// range; FailedPrecondition for a late submission under the reject rule.
    /// </summary>
    Task<AttemptView> Submit(IReadOnlyList<AttemptAnswer> answers, CommandContext context);

    /// <summary>The attempt's history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
