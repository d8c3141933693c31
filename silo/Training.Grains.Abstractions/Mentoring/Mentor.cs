namespace Training.Grains;

/// <summary>Where a mentor comes from.</summary>
public enum MentorKind
{
    /// <summary>An experienced staff member of a centre, mentoring colleagues on site; has a staff record.</summary>
    Staff = 1,

    /// <summary>An expert from a county department or a university; no staff record, placed at a county.</summary>
    External = 2,
}

/// <summary>A competency a mentor coaches, at the level they master it (on the framework's scale).</summary>
[GenerateSerializer, Immutable, Alias("training.MentorSpeciality")]
public sealed record MentorSpeciality([property: Id(0)] string CompetencyId, [property: Id(1)] int Level);

/// <summary>What a mentor is registered with.</summary>
/// <param name="DisplayName">1..100 characters.</param>
/// <param name="HomeUnit">A staff mentor's centre (<c>regions/{r}/counties/{c}/centers/{ctr}</c>), an external expert's county (<c>regions/{r}/counties/{c}</c>).</param>
/// <param name="Kind">Staff or external.</param>
/// <param name="StaffName">A staff mentor's record (<c>staff/{id}</c>), registered at <paramref name="HomeUnit"/>; empty for an external expert.</param>
/// <param name="Affiliation">An external expert's department or university, e.g. "县人社局"; optional for staff.</param>
/// <param name="FrameworkName"><c>frameworks/{f}</c> whose competencies the specialities name.</param>
/// <param name="Specialities">Competencies with a level, distinct, 1..50.</param>
/// <param name="Capacity">How many mentees at once, across batches: 1..50.</param>
[GenerateSerializer, Immutable, Alias("training.MentorSpec")]
public sealed record MentorSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string HomeUnit,
    [property: Id(2)] MentorKind Kind,
    [property: Id(3)] string StaffName,
    [property: Id(4)] string Affiliation,
    [property: Id(5)] string FrameworkName,
    [property: Id(6)] IReadOnlyList<MentorSpeciality> Specialities,
    [property: Id(7)] int Capacity);

/// <summary>A partial update of a mentor: null fields stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("training.MentorPatch")]
public sealed record MentorPatch(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] string? Affiliation = null,
    [property: Id(2)] IReadOnlyList<MentorSpeciality>? Specialities = null,
    [property: Id(3)] int? Capacity = null);

/// <summary>One trainee a mentor coaches, in one batch's on-the-job stage.</summary>
/// <param name="BatchName">The course batch.</param>
/// <param name="StaffName">The trainee (<c>staff/{id}</c>).</param>
/// <param name="DisplayName">The trainee's name as the batch's roster has it.</param>
/// <param name="GroupId">Empty for one-to-one; the group's id when the mentor coaches several trainees of the batch together.</param>
/// <param name="Since">When the batch assigned them.</param>
[GenerateSerializer, Immutable, Alias("training.Mentee")]
public sealed record Mentee(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string GroupId,
    [property: Id(4)] DateTimeOffset Since);

/// <summary>A mentor as read.</summary>
/// <param name="Name"><c>mentors/{id}</c>.</param>
/// <param name="Active">False once deactivated (left, unavailable): takes no new mentee, and the batches list their mentees as orphans.</param>
/// <param name="InactiveReason">Why deactivated; empty while active.</param>
/// <param name="MenteeCount">Current mentees across batches (the mentor's load against <see cref="MentorSpec.Capacity"/>).</param>
/// <param name="Version">Stream version (etag).</param>
[GenerateSerializer, Immutable, Alias("training.MentorView")]
public sealed record MentorView(
    [property: Id(0)] string Name,
    [property: Id(1)] MentorSpec Spec,
    [property: Id(2)] bool Active,
    [property: Id(3)] string InactiveReason,
    [property: Id(4)] int MenteeCount,
    [property: Id(5)] long Version,
    [property: Id(6)] DateTimeOffset CreateTime,
    [property: Id(7)] DateTimeOffset UpdateTime);

/// <summary>
/// A change of who mentors a trainee in a batch, as the batch (the authority) tells the mentor: assigned or released,
/// with the batch's per-trainee change number, so the mentor applies each change once and never an older one after a
/// newer one.
/// </summary>
/// <param name="OperationId">Unique per change and mentor: <c>{batch}|{staff}|{sequence}|{mentor}</c>.</param>
/// <param name="Sequence">The batch's change number of this trainee's mentoring, from 1.</param>
/// <param name="Assigned">True: the trainee is now this mentor's mentee; false: no longer.</param>
[GenerateSerializer, Immutable, Alias("training.MenteeChange")]
public sealed record MenteeChange(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string MentorName,
    [property: Id(2)] string BatchName,
    [property: Id(3)] string StaffName,
    [property: Id(4)] string DisplayName,
    [property: Id(5)] int Sequence,
    [property: Id(6)] bool Assigned,
    [property: Id(7)] string GroupId,
    [property: Id(8)] DateTimeOffset At);

/// <summary>Whether a coaching session was with one mentee or a group.</summary>
public enum CoachingMode
{
    OneToOne = 1,
    Group = 2,
}

/// <summary>A coaching session as the mentor logs (or corrects) it.</summary>
/// <param name="StartTime">When it began; not in the future.</param>
/// <param name="Duration">1 minute .. 12 hours.</param>
/// <param name="Mode">One-to-one (exactly one mentee) or group (two or more).</param>
/// <param name="Mentees">The mentees present (<c>staff/{id}</c>), each a current mentee of the mentor.</param>
/// <param name="Competencies">The competencies worked on (ids of the mentor's framework), up to 20.</param>
/// <param name="Notes">What was done, up to 2,000 characters.</param>
[GenerateSerializer, Immutable, Alias("training.CoachingSessionSpec")]
public sealed record CoachingSessionSpec(
    [property: Id(0)] DateTimeOffset StartTime,
    [property: Id(1)] TimeSpan Duration,
    [property: Id(2)] CoachingMode Mode,
    [property: Id(3)] IReadOnlyList<string> Mentees,
    [property: Id(4)] IReadOnlyList<string> Competencies,
    [property: Id(5)] string Notes);

/// <summary>A logged coaching session, as it stands after any corrections.</summary>
/// <param name="Name"><c>mentors/{m}/coachingSessions/{id}</c>.</param>
/// <param name="LoggedBy">Who logged it.</param>
/// <param name="Corrections">How many times it was corrected; the last correction's author and reason follow.</param>
[GenerateSerializer, Immutable, Alias("training.CoachingSessionView")]
public sealed record CoachingSessionView(
    [property: Id(0)] string Name,
    [property: Id(1)] CoachingSessionSpec Spec,
    [property: Id(2)] string LoggedBy,
    [property: Id(3)] DateTimeOffset LogTime,
    [property: Id(4)] int Corrections,
    [property: Id(5)] string CorrectedBy,
    [property: Id(6)] string CorrectionReason);

/// <summary>A mentor's evaluation of a mentee in one competency, which becomes evidence of kind <see cref="EvidenceKind.MentorEvaluation"/> on the mentee's record.</summary>
/// <param name="Name"><c>mentors/{m}/evaluations/{id}</c>.</param>
/// <param name="StaffName">The mentee.</param>
/// <param name="CompetencyId">A competency of the mentor's framework.</param>
/// <param name="Score">0..1.</param>
/// <param name="ObservedAt">When observed; not in the future.</param>
/// <param name="Note">Up to 500 characters.</param>
/// <param name="Delivered">True once the mentee's record holds the evidence.</param>
[GenerateSerializer, Immutable, Alias("training.MentorEvaluationView")]
public sealed record MentorEvaluationView(
    [property: Id(0)] string Name,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string CompetencyId,
    [property: Id(3)] double Score,
    [property: Id(4)] DateTimeOffset ObservedAt,
    [property: Id(5)] string Note,
    [property: Id(6)] bool Delivered);

/// <summary>A mentor's load.</summary>
/// <param name="Mentees">Current mentees across batches.</param>
/// <param name="Capacity">How many at once.</param>
/// <param name="SessionsThisMonth">Coaching sessions that started in the current calendar month (UTC).</param>
/// <param name="PendingSignOffs">Current mentees whose on-the-job practice the mentor has not signed off (as their batches say).</param>
[GenerateSerializer, Immutable, Alias("training.MentorWorkload")]
public sealed record MentorWorkload(
    [property: Id(0)] string MentorName,
    [property: Id(1)] int Mentees,
    [property: Id(2)] int Capacity,
    [property: Id(3)] int SessionsThisMonth,
    [property: Id(4)] int PendingSignOffs);
