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

    /// <summary>An open follow-up under its trainee's centre (deleted once taken): key its name.</summary>
    public const string CenterFollowUpKind = "follow-up";

    /// <summary>A follow-up under its staff member (kept once taken): key its name.</summary>
    public const string StaffFollowUpKind = "staff-follow-up";

    /// <summary>The tally entries of the batch after its pending events, and the entries of the follow-ups they change.</summary>
    public static IEnumerable<DirectoryChange> Changes(CourseBatchState after, long versionAfter, IEnumerable<CourseBatchEvent> events, Serializer serializer)
    {
        var input = CourseBatchGrain.ResultsInputOf(after, versionAfter);
        foreach (var tally in TrainingResultsRules.Tally(after.Name, versionAfter, input.Centers, input.Trainees))
        {
            yield return new DirectoryChange(TallyKind, Key(tally.CenterName, after.Name), tally.CenterName, string.Empty, serializer.SerializeToArray(tally));
        }

        var followUps = events.SelectMany(e => e switch
        {
            FollowUpsScheduled s => s.FollowUps.Select(f => f.Name),
            FollowUpsFellDue d => d.Names,
            FollowUpStarted s => [s.FollowUpName],
            FollowUpTaken t => [t.FollowUpName],
            _ => [],
        }).Distinct(StringComparer.Ordinal);
        foreach (var name in followUps)
        {
            var f = after.FollowUps[name];
            var payload = serializer.SerializeToArray(f);
            yield return new DirectoryChange(CenterFollowUpKind, name, f.CenterName, string.Empty, f.Result is null ? payload : ReadOnlyMemory<byte>.Empty, Delete: f.Result is not null);
            yield return new DirectoryChange(StaffFollowUpKind, name, f.StaffName, string.Empty, payload);
        }
    }
}
