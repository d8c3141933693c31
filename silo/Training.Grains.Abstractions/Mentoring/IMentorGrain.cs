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

    /// <summary>Makes an inactive mentor active again. Reactivating an active mentor changes nothing.</summary>
    Task<MentorView> Reactivate(CommandContext context);

    /// <summary>The current mentees, by batch then staff name.</summary>
    Task<IReadOnlyList<Mentee>> Mentees();

    /// <summary>
    /// Applies a batch's change of a trainee's mentor. Idempotent: a change with a sequence at or below the one last
    /// applied for that batch and trainee is ignored. Called by the batch until it succeeds; never refused for capacity
    /// (the batch checked it).
    /// </summary>
    Task ApplyMenteeChange(MenteeChange change);

    /// <summary>The mentor's history, oldest first, from <paramref name="fromVersion"/>.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
