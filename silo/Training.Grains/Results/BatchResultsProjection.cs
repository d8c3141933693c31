using Orleans.Serialization;
using Training.Grains.Batches;

namespace Training.Grains.Results;

/// <summary>
/// The centre roll-up of the four-level evaluation, as a projection: a batch keeps one directory entry per centre it
/// serves (kind <see cref="TallyKind"/>, parent the centre, key <c>{centre}|{batch}</c>) holding its
/// <see cref="BatchCenterTally"/>, written in the same transaction as the events that change it — so the centre's
/// figures can never disagree with the batch's record, a late or repeated write cannot overwrite a newer one (each
/// write is the batch's own next version), and there is no second write to recover. The batch's evaluation keeps its
/// <see cref="ReactionTally"/> entries the same way (kind <see cref="ReactionKind"/>).
/// </summary>
internal static class BatchResultsProjection
{
    /// <summary>A batch's learning and behaviour tally at one centre.</summary>
    public const string TallyKind = "batch-results";

    /// <summary>A batch's reaction tally at one centre.</summary>
    public const string ReactionKind = "batch-reaction";

    /// <summary>The entry's key: the centre, then the batch.</summary>
    public static string Key(string center, string batch) => $"{center}|{batch}";

    /// <summary>
    /// Whether an event may change the tallies. Attendance, delivery confirmations, make-ups and attempt allocations do
    /// not (and stay off the check-in hot path); anything else does, including event kinds added later (practical results).
    /// </summary>
    public static bool Affects(CourseBatchEvent e) => e is not (CheckedIn or AttendanceMarked or OnlineCompletionRecorded or EnrolmentsConfirmed
        or AttemptAllocated or MakeUpAdmitted or MakeUpBooked or MakeUpFulfilled or MakeUpFulfilmentsConfirmed or SessionScheduled or SessionChanged);

    /// <summary>The tally entries of the batch after its pending events.</summary>
    public static IEnumerable<DirectoryChange> Changes(CourseBatchState after, long versionAfter, Serializer serializer)
    {
        var input = CourseBatchGrain.ResultsInputOf(after, versionAfter);
        foreach (var tally in TrainingResultsRules.Tally(after.Name, versionAfter, input.Centers, input.Trainees))
        {
            yield return new DirectoryChange(TallyKind, Key(tally.CenterName, after.Name), tally.CenterName, string.Empty, serializer.SerializeToArray(tally));
        }
    }
}
