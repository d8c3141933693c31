using Orleans.Concurrency;

namespace Training.Grains;

/// <summary>
/// One staff member of a service centre. Its event history is their training archive. Key:
/// <c>staff/{staff_id}</c>. Staff are listed per centre through <see cref="IDirectoryGrain"/>,
/// whose entries are written in the same transaction as the events that change them.
/// </summary>
public interface IStaffMemberGrain : IGrainWithStringKey
{
    /// <summary>Registers the staff member at an existing, non-archived centre. AlreadyExists if registered.</summary>
    Task<StaffView> Register(StaffSpec spec, CommandContext context);

    /// <summary>
    /// <see cref="Register"/> for a bulk import: the same rules and answer, but the grain deactivates
    /// once idle instead of staying in memory, since a staff member imported with thousands of others
    /// is rarely read in the minutes that follow.
    /// </summary>
    Task<StaffView> RegisterInBulk(StaffSpec spec, CommandContext context);

    /// <summary>The staff member; NotFound if never registered.</summary>
    Task<StaffView> Get();

    /// <summary>Updates the profile. FailedPrecondition once departed; Aborted on a stale <paramref name="expectedVersion"/> (when &gt; 0).</summary>
    Task<StaffView> Update(StaffPatch patch, long expectedVersion, CommandContext context);

    /// <summary>Moves the staff member to another centre. FailedPrecondition if departed, already there, or the target is archived.</summary>
    Task<StaffView> Transfer(string toCenterName, string reason, CommandContext context);

    /// <summary>Starts a leave. FailedPrecondition unless active.</summary>
    Task<StaffView> StartLeave(string reason, CommandContext context);

    /// <summary>Returns from leave. FailedPrecondition unless on leave.</summary>
    Task<StaffView> ReturnFromLeave(CommandContext context);

    /// <summary>
    /// Records that the staff member left the service. The record stays. The staff mentor records standing for them are
    /// deactivated (<see cref="IMentorGrain.StaffMemberDeparted"/>): named in the event and told afterwards, until each confirms.
    /// </summary>
    Task<StaffView> Depart(string reason, CommandContext context);

    /// <summary>
    /// Applies a batch's enrolment change to the staff member's own record if it is newer (by sequence) than the one
    /// held for that batch; an older or repeated change writes nothing. Called by the batch, retried until it answers.
    /// NotFound if never registered.
    /// </summary>
    Task ApplyEnrolmentChange(EnrolmentChange change);

    /// <summary>
    /// Records evidence of a competency on the staff member's record (their archive; the capability profile is computed
    /// from it). Idempotent by <see cref="CompetencyEvidence.EvidenceId"/>: a resend writes nothing. NotFound if never
    /// registered; InvalidArgument for a score outside 0..1 or a time in the future.
    /// </summary>
    Task RecordEvidence(CompetencyEvidence evidence, CommandContext context);

    /// <summary>
    /// Records a resident's satisfaction result as <see cref="EvidenceKind.Satisfaction"/> evidence (evidence id
    /// <c>satisfaction/{result id}</c>; rating 1..5 scores (rating − 1) / 4, satisfied 1, unsatisfied 0). The same
    /// refusals as <see cref="RecordEvidence"/>, and InvalidArgument unless exactly one of rating and satisfied is given.
    /// Answers the evidence as recorded (the first one for a resend).
    /// </summary>
    Task<CompetencyEvidence> RecordSatisfaction(SatisfactionResult result, CommandContext context);

    /// <summary>
    /// The capability profile against <paramref name="frameworkName"/>'s latest published version as of
    /// <paramref name="asOf"/> (now when null), with the gaps to the post's profile. NotFound if never registered or the
    /// framework is unknown; FailedPrecondition when it has no published version; InvalidArgument for a date in the future.
    /// </summary>
    Task<CapabilityProfileView> CapabilityProfile(string frameworkName, DateTimeOffset? asOf);

    /// <summary>
    /// The profile as of <paramref name="from"/>, every <paramref name="step"/> after, and <paramref name="to"/>. The
    /// refusals of <see cref="CapabilityProfile"/>, and InvalidArgument for to before from, a step ≤ 0 or more than
    /// 400 points.
    /// </summary>
    Task<CapabilityTrajectoryView> CapabilityTrajectory(string frameworkName, DateTimeOffset from, DateTimeOffset to, TimeSpan step);

    /// <summary>
    /// Answers the number of evidence pieces on the record as soon as it exceeds <paramref name="afterCount"/>, or after
    /// <paramref name="maxWait"/> with the current number (long poll for a live profile). Interleaves: it only waits.
    /// </summary>
    [AlwaysInterleave]
    Task<int> WatchEvidence(int afterCount, TimeSpan maxWait);

    /// <summary>The staff member's enrolments, as their own record holds them, newest first.</summary>
    Task<IReadOnlyList<StaffEnrolment>> Enrolments();

    /// <summary>The staff member's history (training archive), oldest first, from <paramref name="fromVersion"/>.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
