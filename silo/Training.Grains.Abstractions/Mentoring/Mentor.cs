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
