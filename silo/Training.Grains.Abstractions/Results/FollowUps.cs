namespace Training.Grains;

/// <summary>Where a retention re-test stands.</summary>
public enum FollowUpState
{
    /// <summary>Scheduled; not due yet.</summary>
    Scheduled = 1,

    /// <summary>Due (from its due time): the trainee may take it.</summary>
    Due = 2,

    /// <summary>Past its due time plus the grace period, not taken.</summary>
    Overdue = 3,

    /// <summary>Taken: graded, evidence recorded.</summary>
    Taken = 4,
}

/// <summary>
/// A long-term follow-up (requirement 8): a retention re-test of a trainee a set time after they completed the batch,
/// taken as the batch's theory quick test.
/// </summary>
/// <param name="Name"><c>{course_batch}/followUps/{staff_id}.{ordinal}</c>.</param>
/// <param name="CenterName">The centre the trainee was enrolled from (it is listed there).</param>
/// <param name="Ordinal">1 for the first re-test after completion, 2 for the second …</param>
/// <param name="OffsetDays">Days after completion it falls due.</param>
/// <param name="OverdueTime">The due time plus the grace period.</param>
/// <param name="NotedState">The last state the batch recorded for it (from its reminder): Scheduled, Due or Overdue, or Taken.</param>
/// <param name="AttemptName">The re-test's attempt once started (<c>{course_batch}/attempts/{staff_id}.{1000 + ordinal}</c>), else empty.</param>
/// <param name="Result">The graded result once taken.</param>
[GenerateSerializer, Immutable, Alias("training.FollowUp")]
public sealed record FollowUp(
    [property: Id(0)] string Name,
    [property: Id(1)] string BatchName,
    [property: Id(2)] string StaffName,
    [property: Id(3)] string CenterName,
    [property: Id(4)] int Ordinal,
    [property: Id(5)] int OffsetDays,
    [property: Id(6)] DateTimeOffset CompleteTime,
    [property: Id(7)] DateTimeOffset DueTime,
    [property: Id(8)] DateTimeOffset OverdueTime,
    [property: Id(9)] FollowUpState NotedState,
    [property: Id(10)] string AttemptName,
    [property: Id(11)] StageResult? Result)
{
    /// <summary>Its state at <paramref name="now"/>: taken, else overdue from the overdue time, due from the due time, scheduled before.</summary>
    public FollowUpState StateAt(DateTimeOffset now) =>
        Result is not null ? FollowUpState.Taken
        : now >= OverdueTime ? FollowUpState.Overdue
        : now >= DueTime ? FollowUpState.Due
        : FollowUpState.Scheduled;
}

/// <summary>A follow-up as read at a time, with its state then.</summary>
[GenerateSerializer, Immutable, Alias("training.FollowUpView")]
public sealed record FollowUpView([property: Id(0)] FollowUp FollowUp, [property: Id(1)] FollowUpState State);

/// <summary>
/// The follow-ups of a centre and of a staff member (a stateless worker over the directory the batches keep: no batch
/// grain activated).
/// </summary>
public interface IFollowUpListGrain : IGrainWithIntegerKey
{
    /// <summary>The open (not taken) follow-ups of the centre's trainees in <paramref name="states"/> (due and overdue ones when empty), by due time.</summary>
    Task<IReadOnlyList<FollowUpView>> OfCenter(string centerName, IReadOnlyList<FollowUpState> states);

    /// <summary>Every follow-up of the staff member, taken ones too, by due time.</summary>
    Task<IReadOnlyList<FollowUpView>> OfStaff(string staffName);
}
