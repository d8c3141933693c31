using System.Globalization;
using Training.Grains.EventSourcing;

namespace Training.Grains.Batches;

/// <summary>An event in a course batch's history.</summary>
[GenerateSerializer, Alias("training.CourseBatchEvent")]
public abstract record CourseBatchEvent : DomainEvent
{
    /// <summary>Whether the event changes what the batch's directory entries show (attendance marks do not: they are the hot path).</summary>
    public virtual bool ChangesListing => true;
}

/// <summary>An event that changes nothing the batch's directory entries show (its listing, the room schedule): attendance marks and bookkeeping.</summary>
[GenerateSerializer, Alias("training.CourseBatchUnlistedEvent")]
public abstract record CourseBatchUnlistedEvent : CourseBatchEvent
{
    public override bool ChangesListing => false;
}

/// <summary>The batch was created from a course, whose stages and target posts it copied.</summary>
[GenerateSerializer, Alias("batch.created.v1")]
public sealed record BatchCreated(
    [property: Id(0)] string Name,
    [property: Id(1)] BatchSpec Spec,
    [property: Id(2)] IReadOnlyList<CourseStage> Stages,
    [property: Id(3)] IReadOnlyList<Post> CoursePosts) : CourseBatchEvent
{
    public override string Describe() => $"Created \"{Spec.DisplayName}\" of {Spec.CourseName} for {string.Join(", ", Spec.Centers)}, capacity {Spec.Capacity}.";
}

[GenerateSerializer, Alias("batch.updated.v1")]
public sealed record BatchUpdated([property: Id(0)] BatchPatch Patch) : CourseBatchEvent
{
    public override string Describe() => Patch.Capacity is { } capacity
        ? string.Create(CultureInfo.InvariantCulture, $"Settings changed; capacity now {capacity}.")
        : "Settings changed.";
}

[GenerateSerializer, Alias("batch.enrolment-opened.v1")]
public sealed record BatchEnrolmentOpened : CourseBatchEvent
{
    public override string Describe() => "Enrolment opened.";
}

[GenerateSerializer, Alias("batch.started.v1")]
public sealed record BatchStarted : CourseBatchEvent
{
    public override string Describe() => "Started.";
}

/// <summary>
/// The batch completed: every enrolled staff member's enrolment became completed — except those in
/// <see cref="Unfinished"/> (staff name → reason), whose on-the-job stage lacked the mentor's sign-off: theirs became
/// incomplete. The waiting list was let go. (<see cref="Unfinished"/> is null in events recorded before it existed.)
/// </summary>
[GenerateSerializer, Alias("batch.completed.v1")]
public sealed record BatchCompleted : CourseBatchEvent
{
    [Id(0)]
    public IReadOnlyDictionary<string, string>? Unfinished { get; init; }

    public override string Describe() => Unfinished is { Count: > 0 } unfinished
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Completed; {unfinished.Count} trainee(s) incomplete: {string.Join("; ", unfinished.Select(u => $"{u.Key} ({u.Value})"))}.")
        : "Completed.";
}

/// <summary>The batch was called off: its scheduled sessions were cancelled, its enrolments became cancelled.</summary>
[GenerateSerializer, Alias("batch.cancelled.v1")]
public sealed record BatchCancelled([property: Id(0)] string Reason) : CourseBatchEvent
{
    public override string Describe() => $"Cancelled: {Reason}.";
}

[GenerateSerializer, Alias("batch.session-scheduled.v1")]
public sealed record SessionScheduled([property: Id(0)] string SessionId, [property: Id(1)] SessionSpec Spec) : CourseBatchEvent
{
    public override string Describe() => $"Session {SessionId} \"{Spec.DisplayName}\" ({Spec.Stage}{(Spec.MakeUp ? ", make-up" : string.Empty)}) scheduled {SessionText.When(Spec)}.";
}

/// <summary>A session was moved or changed; <see cref="Spec"/> is how it stands now.</summary>
[GenerateSerializer, Alias("batch.session-changed.v1")]
public sealed record SessionChanged([property: Id(0)] string SessionId, [property: Id(1)] SessionSpec Spec) : CourseBatchEvent
{
    public override string Describe() => $"Session {SessionId} changed: now \"{Spec.DisplayName}\" {SessionText.When(Spec)}, taught by {Spec.Instructor}.";
}

[GenerateSerializer, Alias("batch.session-cancelled.v1")]
public sealed record SessionCancelled([property: Id(0)] string SessionId, [property: Id(1)] string Reason) : CourseBatchEvent
{
    public override string Describe() => $"Session {SessionId} cancelled: {Reason}.";
}

/// <summary>A session closed; <see cref="Absent"/> were expected and not marked, and are now absent.</summary>
[GenerateSerializer, Alias("batch.session-closed.v1")]
public sealed record SessionClosed([property: Id(0)] string SessionId, [property: Id(1)] IReadOnlyList<string> Absent) : CourseBatchEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Session {SessionId} closed; {Absent.Count} absent.");
}

/// <summary>A staff member was enrolled, or put on the waiting list, with what the batch keeps of them (name, centre, post at the time).</summary>
[GenerateSerializer, Alias("batch.staff-enrolled.v1")]
public sealed record StaffEnrolled(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string CenterName,
    [property: Id(3)] Post Post,
    [property: Id(4)] bool WaitListed) : CourseBatchEvent
{
    public override string Describe() => WaitListed ? $"{DisplayName} ({StaffName}) put on the waiting list." : $"{DisplayName} ({StaffName}) enrolled.";
}

[GenerateSerializer, Alias("batch.staff-withdrawn.v1")]
public sealed record StaffWithdrawn([property: Id(0)] string StaffName, [property: Id(1)] string Reason) : CourseBatchEvent
{
    public override string Describe() => $"{StaffName} withdrawn: {Reason}.";
}

/// <summary>The first on the waiting list moved up to the roster (a place became free).</summary>
[GenerateSerializer, Alias("batch.staff-moved-up.v1")]
public sealed record StaffMovedUp([property: Id(0)] string StaffName) : CourseBatchEvent
{
    public override string Describe() => $"{StaffName} moved up from the waiting list.";
}

/// <summary>The staff members' own records confirmed their enrolment changes up to these sequence numbers (the second step of the two-grain write).</summary>
[GenerateSerializer, Alias("batch.enrolments-confirmed.v1")]
public sealed record EnrolmentsConfirmed([property: Id(0)] IReadOnlyList<ConfirmedEnrolment> Confirmed) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Confirmed.Count} staff record(s) confirmed their enrolment.");
}

/// <summary>One staff record's confirmation of the batch's change number <see cref="Sequence"/>.</summary>
[GenerateSerializer, Immutable, Alias("training.ConfirmedEnrolment")]
public sealed record ConfirmedEnrolment([property: Id(0)] string StaffName, [property: Id(1)] long Sequence);

/// <summary>A kiosk checked a staff member in, judged at the scan's time.</summary>
[GenerateSerializer, Alias("batch.checked-in.v1")]
public sealed record CheckedIn(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string StaffName,
    [property: Id(2)] AttendanceMark Mark,
    [property: Id(3)] DateTimeOffset ScanTime,
    [property: Id(4)] string Kiosk,
    [property: Id(5)] string IdempotencyKey) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{StaffName} checked in to {SessionId} at {ScanTime:u} by {Kiosk}: {Mark}.");
}

/// <summary>A manager marked or corrected a staff member's attendance (who: the event's actor).</summary>
[GenerateSerializer, Alias("batch.attendance-marked.v1")]
public sealed record AttendanceMarked(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string StaffName,
    [property: Id(2)] AttendanceMark Mark,
    [property: Id(3)] string Reason) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"{StaffName} marked {Mark} for {SessionId} by {Actor}" + (Reason.Length > 0 ? $": {Reason}." : ".");
}

[GenerateSerializer, Alias("batch.online-completion-recorded.v1")]
public sealed record OnlineCompletionRecorded(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string StaffName,
    [property: Id(2)] DateTimeOffset CompletedAt) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{StaffName} completed online session {SessionId} at {CompletedAt:u}.");
}

/// <summary>This batch admitted a staff member (of this or another batch) to one of its make-up sessions.</summary>
[GenerateSerializer, Alias("batch.make-up-admitted.v1")]
public sealed record MakeUpAdmitted([property: Id(0)] MakeUpAdmission Admission) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"{Admission.StaffDisplayName} ({Admission.StaffName}) of {Admission.OriginBatch} admitted to make-up session {Admission.SessionId} for {Admission.OwedSession}.";
}

/// <summary>A staff member booked a make-up session for a session they owe here.</summary>
[GenerateSerializer, Alias("batch.make-up-booked.v1")]
public sealed record MakeUpBooked(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string MakeUpSession,
    [property: Id(3)] string OperationId) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"{StaffName} booked make-up session {MakeUpSession} for {SessionId}.";
}

/// <summary>An owed session here was fulfilled by attending a make-up session (here or in another batch).</summary>
[GenerateSerializer, Alias("batch.make-up-fulfilled.v1")]
public sealed record MakeUpFulfilled(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string MakeUpSession,
    [property: Id(3)] AttendanceMark Mark,
    [property: Id(4)] string OperationId) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"{StaffName} made up {SessionId} by attending {MakeUpSession} ({Mark}).";
}

/// <summary>The origin batches confirmed these make-up fulfilments (the second step of the two-grain write).</summary>
[GenerateSerializer, Alias("batch.make-up-fulfilments-confirmed.v1")]
public sealed record MakeUpFulfilmentsConfirmed([property: Id(0)] IReadOnlyList<string> OperationIds) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{OperationIds.Count} make-up fulfilment(s) confirmed by the origin batch.");
}

/// <summary>How events describe a session's time and place.</summary>
internal static class SessionText
{
    public static string When(SessionSpec spec) =>
        string.Create(CultureInfo.InvariantCulture, $"{spec.StartTime:u}–{spec.EndTime:u}") + (spec.Mode == SessionMode.Online ? " online" : $" in room {spec.Room} of {spec.Center}");
}
