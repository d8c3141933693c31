using System.Globalization;

namespace Training.Grains.Batches;

/// <summary>A trainee named in a mentor assignment, with their name on the roster.</summary>
[GenerateSerializer, Immutable, Alias("training.AssignedTrainee")]
public sealed record AssignedTrainee([property: Id(0)] string StaffName, [property: Id(1)] string DisplayName);

/// <summary>
/// A mentor was assigned to trainees of the batch's on-the-job stage: one (one-to-one, <see cref="GroupId"/> empty) or
/// several (a group). A trainee who had another mentor was reassigned. The mentors' own records are told afterwards
/// (pending until <see cref="MentorNoticesConfirmed"/>). <see cref="ReservationId"/> names the places the mentor reserved
/// for it beforehand (null or empty in assignments recorded before reservations existed).
/// </summary>
[GenerateSerializer, Alias("batch.mentor-assigned.v1")]
public sealed record MentorAssigned(
    [property: Id(0)] string MentorName,
    [property: Id(1)] IReadOnlyList<AssignedTrainee> Trainees,
    [property: Id(2)] string GroupId,
    [property: Id(3)] string? ReservationId = null) : CourseBatchUnlistedEvent
{
    public override string Describe() => GroupId.Length == 0
        ? $"{MentorName} assigned to mentor {string.Join(", ", Trainees.Select(t => t.StaffName))} one-to-one."
        : string.Create(CultureInfo.InvariantCulture, $"{MentorName} assigned to mentor group {GroupId} of {Trainees.Count}: {string.Join(", ", Trainees.Select(t => t.StaffName))}.");
}

/// <summary>A trainee's mentoring in this batch ended (the mentor is told); the trainee is an orphan until another mentor is assigned.</summary>
[GenerateSerializer, Alias("batch.mentor-released.v1")]
public sealed record MentorReleased([property: Id(0)] string StaffName, [property: Id(1)] string Reason) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"{StaffName}'s mentoring ended: {Reason}.";
}

/// <summary>The mentors' own records confirmed these mentee changes (the second step of the two-grain write).</summary>
[GenerateSerializer, Alias("batch.mentor-notices-confirmed.v1")]
public sealed record MentorNoticesConfirmed([property: Id(0)] IReadOnlyList<string> OperationIds) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{OperationIds.Count} mentee change(s) confirmed by the mentors.");
}

/// <summary>The trainee's mentor signed off their on-the-job practice.</summary>
[GenerateSerializer, Alias("batch.on-the-job-signed-off.v1")]
public sealed record OnTheJobSignedOff([property: Id(0)] string StaffName, [property: Id(1)] string MentorName, [property: Id(2)] string Note) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"{MentorName} signed off {StaffName}'s on-the-job practice" + (Note.Length > 0 ? $": {Note}." : ".");
}

/// <summary>The mentor withdrew their sign-off of the trainee's on-the-job practice, with a reason.</summary>
[GenerateSerializer, Alias("batch.on-the-job-sign-off-withdrawn.v1")]
public sealed record OnTheJobSignOffWithdrawn([property: Id(0)] string StaffName, [property: Id(1)] string MentorName, [property: Id(2)] string Reason) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"{MentorName} withdrew the sign-off of {StaffName}'s on-the-job practice: {Reason}.";
}
