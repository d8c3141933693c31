namespace Training.Grains;

/// <summary>
/// A mentor: an experienced staff member of a centre, or an expert of a county department or a university. Key: the
/// resource name <c>mentors/{id}</c>, under which the mentor acts (the token's <c>mentor</c> claim). The mentor keeps
/// its specialities, its capacity, whether it is active, and its mentees: the batches decide who mentors whom (each
/// batch is the authority for its trainees, see <see cref="IBatchMentoringGrain"/>) and tell the mentor through
/// <see cref="ApplyMenteeChange"/>. Mentors are listed per home unit (centre or county) through
/// <see cref="IDirectoryGrain.ListMentors"/>.
/// </summary>
public interface IMentorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the mentor. A staff mentor must be a registered, active staff member of <see cref="MentorSpec.HomeUnit"/>
    /// (a centre); an external expert is placed at a county. Specialities must be active competencies of the framework.
    /// AlreadyExists if registered before; NotFound for an unknown home unit, staff member or framework.
    /// </summary>
    Task<MentorView> Register(MentorSpec spec, CommandContext context);

    /// <summary>The mentor; NotFound if never registered.</summary>
    Task<MentorView> Get();

    /// <summary>
    /// Changes name, affiliation, specialities or capacity (non-null fields). Capacity may not drop below the current
    /// number of mentees (FailedPrecondition). Aborted on a stale <paramref name="expectedVersion"/> (when &gt; 0).
    /// </summary>
    Task<MentorView> Update(MentorPatch patch, long expectedVersion, CommandContext context);

    /// <summary>
    /// Deactivates the mentor (left, ill, no longer available): no new mentee is assigned, and every batch lists the
    /// mentor's current mentees as orphans until they are reassigned. Deactivating an inactive mentor changes nothing.
    /// </summary>
    Task<MentorView> Deactivate(string reason, CommandContext context);

    /// <summary>
    /// Makes an inactive mentor active again. Reactivating an active mentor changes nothing. FailedPrecondition for a staff
    /// mentor whose staff record departed.
    /// </summary>
    Task<MentorView> Reactivate(CommandContext context);

    /// <summary>The current mentees, by batch then staff name.</summary>
    Task<IReadOnlyList<Mentee>> Mentees();

    /// <summary>
    /// Applies a batch's change of a trainee's mentor. Idempotent: a change with a sequence at or below the one last
    /// applied for that batch and trainee is ignored. Called by the batch until it succeeds; never refused for capacity
    /// (the places were reserved with <see cref="ReservePlaces"/> before the batch recorded the assignment). An applied
    /// assignment turns the trainee's reserved place into a mentee.
    /// </summary>
    Task ApplyMenteeChange(MenteeChange change);

    /// <summary>
    /// Reserves a place for each of <paramref name="staffNames"/> before <paramref name="batchName"/> records their
    /// assignment: the one place where capacity is counted across batches (current mentees plus live reservations).
    /// Idempotent by <paramref name="reservationId"/> (a reservation held already is answered again, writing nothing).
    /// FailedPrecondition when the mentor is inactive or the places would exceed the capacity; NotFound if never
    /// registered. A reservation ends when the batch's assignment reaches the mentee list, when the batch releases it
    /// (<see cref="ReleaseReservation"/>), or when, minutes later, the batch answers that it never recorded it (or has
    /// nothing left to deliver for it, <see cref="IBatchMentoringGrain.ReservationStanding"/>).
    /// </summary>
    Task ReservePlaces(string reservationId, string batchName, IReadOnlyList<string> staffNames);

    /// <summary>Releases a reservation the batch did not record (its write failed). Releasing an unknown or ended reservation changes nothing.</summary>
    Task ReleaseReservation(string reservationId, string reason);

    /// <summary>
    /// The staff record of this (staff) mentor departed: the mentor is deactivated with the reason "staff member
    /// departed" (even if inactive already for another reason) and can no longer be reactivated; the batches list its
    /// mentees as orphans. Called by the staff record until it succeeds; idempotent.
    /// </summary>
    Task StaffMemberDeparted(string staffName);

    /// <summary>
    /// Logs a coaching session under <paramref name="sessionId"/>. InvalidArgument when it lies in the future or does
    /// not fit (mode and number of mentees, duration, sizes); FailedPrecondition when a mentee is not a current mentee.
    /// </summary>
    Task<CoachingSessionView> LogCoachingSession(string sessionId, CoachingSessionSpec spec, CommandContext context);

    /// <summary>Corrects a logged session: a new event with who and why; the original stays in the history. NotFound for an unknown session.</summary>
    Task<CoachingSessionView> CorrectCoachingSession(string sessionId, CoachingSessionSpec spec, string reason, CommandContext context);

    /// <summary>The logged sessions, newest first; only those with <paramref name="mentee"/> when given.</summary>
    Task<IReadOnlyList<CoachingSessionView>> CoachingSessions(string? mentee);

    /// <summary>
    /// Evaluates a current mentee in one competency of the mentor's framework. The evaluation is recorded here and then
    /// delivered to the mentee's record as evidence (<c>{mentor}/evaluations/{id}</c>, kind MentorEvaluation), pending
    /// until the record confirms (resumed on activation and by a reminder). FailedPrecondition for someone who is not a
    /// current mentee; InvalidArgument for a score outside 0..1, a time in the future or an unknown competency.
    /// </summary>
    Task<MentorEvaluationView> Evaluate(string evaluationId, string staffName, string competencyId, double score, DateTimeOffset observedAt, string note, CommandContext context);

    /// <summary>The evaluations, newest first; only those of <paramref name="mentee"/> when given.</summary>
    Task<IReadOnlyList<MentorEvaluationView>> Evaluations(string? mentee);

    /// <summary>
    /// The mentor's load: current mentees against capacity, coaching sessions this month (from its own log), and sign-offs
    /// still pending (read from the batches of its current mentees, one call per batch).
    /// </summary>
    Task<MentorWorkload> Workload();

    /// <summary>The mentor's history, oldest first, from <paramref name="fromVersion"/>.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
