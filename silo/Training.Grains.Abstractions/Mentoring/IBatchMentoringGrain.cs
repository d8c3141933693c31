namespace Training.Grains;

/// <summary>Who mentors a trainee in a batch's on-the-job stage, and whether the mentor signed their practice off.</summary>
/// <param name="BatchName">The course batch.</param>
/// <param name="StaffName">The trainee.</param>
/// <param name="DisplayName">The trainee's name on the roster.</param>
/// <param name="MentorName"><c>mentors/{id}</c>.</param>
/// <param name="GroupId">Empty for one-to-one; the group's id when assigned together with others.</param>
/// <param name="Since">When assigned.</param>
/// <param name="SignedOff">True while the mentor's sign-off of the on-the-job practice stands.</param>
/// <param name="SignOffTime">When signed off (null when not, or withdrawn).</param>
/// <param name="SignOffNote">The mentor's note on signing off, or the reason it was withdrawn.</param>
/// <param name="Orphaned">True when the mentor is no longer active: the trainee needs another mentor.</param>
/// <param name="OrphanReason">Why the mentor is inactive; empty unless orphaned.</param>
/// <param name="Confirmed">True once the mentor's own record confirmed this assignment (false while the delivery is pending).</param>
[GenerateSerializer, Immutable, Alias("training.TraineeMentor")]
public sealed record TraineeMentor(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string MentorName,
    [property: Id(4)] string GroupId,
    [property: Id(5)] DateTimeOffset Since,
    [property: Id(6)] bool SignedOff,
    [property: Id(7)] DateTimeOffset? SignOffTime,
    [property: Id(8)] string SignOffNote,
    [property: Id(9)] bool Orphaned,
    [property: Id(10)] string OrphanReason,
    [property: Id(11)] bool Confirmed);

/// <summary>
/// A course batch's mentoring (the same grain as <see cref="ICourseBatchGrain"/>, key the batch's name): the batch is
/// the authority for who mentors each of its trainees in the on-the-job stage. An assignment is recorded here first,
/// then the mentor's own mentee list is told (<see cref="IMentorGrain.ApplyMenteeChange"/>, idempotent by the batch's
/// per-trainee change number); a change not yet confirmed stays pending in the batch's state, and is resumed on
/// activation and by the batch's delivery reminder, so the two never disagree for long and never silently.
/// </summary>
public interface IBatchMentoringGrain : IGrainWithStringKey
{
    /// <summary>
    /// Assigns <paramref name="mentorName"/> to one trainee (one-to-one) or several (a group). Each trainee must be
    /// enrolled; the batch must be open or running; the mentor active, within capacity (current mentees across batches
    /// plus these), and — when the batch's on-the-job stage names competencies — holding a speciality in at least one of
    /// them. A trainee who had another mentor is reassigned (the earlier mentor is told too); a sign-off by the earlier
    /// mentor lapses. FailedPrecondition for each refusal, and nothing is written.
    /// </summary>
    Task<IReadOnlyList<TraineeMentor>> AssignMentor(string mentorName, IReadOnlyList<string> staffNames, CommandContext context);

    /// <summary>
    /// Ends a trainee's mentoring in this batch, with a reason (the mentor is told). The trainee is then listed as an
    /// orphan (with their former mentor and the reason) until another mentor is assigned, and their on-the-job stage
    /// needs that mentor's sign-off. Answers the trainee's mentorship after the release. NotFound if the trainee has no
    /// mentor here; InvalidArgument for a blank reason; FailedPrecondition unless the batch is open or running, or once
    /// the trainee completed the batch.
    /// </summary>
    Task<TraineeMentor> ReleaseMentor(string staffName, string reason, CommandContext context);

    /// <summary>
    /// Whether this batch recorded the assignment a mentor reserved places for under <paramref name="reservationId"/>
    /// (<see cref="IMentorGrain.ReservePlaces"/>), and whether its delivery to the mentor is still pending. Answered from
    /// the batch's own state, including a write not yet confirmed (it calls no mentor, so a mentor may ask it).
    /// </summary>
    Task<ReservationStanding> ReservationStanding(string reservationId);

    /// <summary>
    /// Every trainee's mentor in this batch, by staff name, with orphans marked: their mentor is inactive, or their
    /// mentoring was released (shown with the mentor they had) and nobody was assigned since.
    /// </summary>
    Task<IReadOnlyList<TraineeMentor>> Mentoring();

    /// <summary>
    /// How many trainees <paramref name="mentorName"/> mentors here without having signed off their on-the-job practice.
    /// Answered from the batch's own state (it calls no mentor, so a mentor may ask it while answering a call).
    /// </summary>
    Task<int> PendingSignOffsOf(string mentorName);

    /// <summary>
    /// The enrolled trainees who have not completed the batch, with their current mentor and the on-the-job stage's
    /// competencies, while the batch is open or running and has an on-the-job stage (empty otherwise). From the batch's
    /// own state only; feeds a centre's workload.
    /// </summary>
    Task<IReadOnlyList<OnTheJobTrainee>> OnTheJobTrainees();

    /// <summary>The trainees whose mentor is no longer active, or whose mentoring was released (they need another mentor).</summary>
    Task<IReadOnlyList<TraineeMentor>> Orphans();

    /// <summary>
    /// Suggested mentor–trainee pairs for the enrolled trainees without a mentor: each trainee's capability gaps (profile
    /// against their post profile, in the course's framework) against the active mentors of the batch's centre and county,
    /// their specialities, free places and load, the same centre preferred. Deterministic; writes nothing.
    /// </summary>
    Task<IReadOnlyList<MentorSuggestion>> SuggestMentors();

    /// <summary>
    /// The mentor signs off the trainee's on-the-job practice. FailedPrecondition when <paramref name="mentorName"/> is
    /// not the trainee's mentor in this batch (signing off someone who is not your mentee). Signing off twice changes nothing.
    /// </summary>
    Task<TraineeMentor> SignOff(string staffName, string mentorName, string note, CommandContext context);

    /// <summary>Withdraws a sign-off, with a reason; the on-the-job stage is no longer passed by it. Same refusals as <see cref="SignOff"/>.</summary>
    Task<TraineeMentor> WithdrawSignOff(string staffName, string mentorName, string reason, CommandContext context);
}

/// <summary>A suggested mentor for a trainee of a batch, with the reason; the manager accepts it by assigning, or picks another.</summary>
/// <param name="StaffName">The trainee.</param>
/// <param name="MentorName">The suggested mentor; empty when no active mentor with a free place covers the trainee's needs.</param>
/// <param name="Score">The gap levels the mentor's specialities cover, plus 0.5 for the same centre (higher is better).</param>
/// <param name="Reason">Why: the trainee's largest gaps, the mentor's matching specialities, same centre or not, free places.</param>
[GenerateSerializer, Immutable, Alias("training.MentorSuggestion")]
public sealed record MentorSuggestion(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string MentorName,
    [property: Id(2)] double Score,
    [property: Id(3)] string Reason);

/// <summary>What a batch did with the assignment a mentor reserved places for.</summary>
public enum ReservationStanding
{
    /// <summary>The batch has not recorded it (its write failed or never happened): the places are free again.</summary>
    NotRecorded = 1,

    /// <summary>Recorded, and the batch is still delivering it to the mentor: the places stay reserved.</summary>
    Pending = 2,

    /// <summary>Recorded and delivered (the reservation is spent).</summary>
    Settled = 3,
}
