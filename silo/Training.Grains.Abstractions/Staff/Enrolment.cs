namespace Training.Grains;

/// <summary>
/// A batch tells a staff member's record where they stand in it. <see cref="Sequence"/> grows with every change the
/// batch makes for this staff member: the staff grain applies a change only if it is newer than the one it holds, so
/// resending (after a crash, a timeout) or reordering changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("training.EnrolmentChange")]
public sealed record EnrolmentChange(
    [property: Id(0)] string BatchName,
    [property: Id(1)] long Sequence,
    [property: Id(2)] EnrolmentStatus Status,
    [property: Id(3)] string CourseName,
    [property: Id(4)] string BatchDisplayName,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string OperationId);

/// <summary>An enrolment as the staff member's own record holds it.</summary>
[GenerateSerializer, Immutable, Alias("training.StaffEnrolment")]
public sealed record StaffEnrolment(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string CourseName,
    [property: Id(2)] string BatchDisplayName,
    [property: Id(3)] EnrolmentStatus Status,
    [property: Id(4)] long Sequence,
    [property: Id(5)] DateTimeOffset UpdateTime);
