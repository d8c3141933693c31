namespace Training.Grains;

/// <summary>A course batch's lifecycle: planned → open (enrolment) → running → completed, or cancelled from any but completed.</summary>
public enum BatchState
{
    /// <summary>Being planned: sessions are scheduled; no enrolment yet.</summary>
    Planned = 1,

    /// <summary>Enrolment is open (within the enrolment window).</summary>
    Open = 2,

    /// <summary>Sessions are being held; enrolment closed except by a manager.</summary>
    Running = 3,

    /// <summary>Every session closed or cancelled; the record is final (attendance corrections still allowed).</summary>
    Completed = 4,

    /// <summary>Called off, with a reason.</summary>
    Cancelled = 5,
}

/// <summary>Where a session is held.</summary>
public enum SessionMode
{
    /// <summary>In a training room of a centre; kiosks check trainees in.</summary>
    Offline = 1,

    /// <summary>Online; attendance is an online completion reported by the e-learning platform or a manager.</summary>
    Online = 2,
}

/// <summary>A session's state. Whether check-in is open is decided by time (the batch's <see cref="CheckInPolicy"/>), not by a state.</summary>
public enum SessionState
{
    /// <summary>Scheduled; check-in is possible within its window.</summary>
    Scheduled = 1,

    /// <summary>Closed at its end: everyone enrolled who was not marked became absent.</summary>
    Closed = 2,

    /// <summary>Called off, with a reason; nobody owes it.</summary>
    Cancelled = 3,
}

/// <summary>How a staff member attended one session.</summary>
public enum AttendanceMark
{
    /// <summary>Checked in on time.</summary>
    Present = 1,

    /// <summary>Checked in after the on-time threshold.</summary>
    Late = 2,

    /// <summary>Not there; owes the session (a make-up is offered).</summary>
    Absent = 3,

    /// <summary>Not there for a reason the manager accepted (e.g. called away to the service window); owes the session.</summary>
    Excused = 4,

    /// <summary>Completed an online session.</summary>
    CompletedOnline = 5,
}

/// <summary>Who or what produced an attendance mark.</summary>
public enum AttendanceSource
{
    /// <summary>A training-room kiosk (live or replayed from its offline buffer).</summary>
    Kiosk = 1,

    /// <summary>A manager's mark or correction (with a reason).</summary>
    Manager = 2,

    /// <summary>The e-learning platform reporting an online completion.</summary>
    OnlinePlatform = 3,

    /// <summary>The session closed and nobody had marked the staff member.</summary>
    SessionClosed = 4,
}

/// <summary>A staff member's place in a batch.</summary>
public enum EnrolmentStatus
{
    /// <summary>On the roster.</summary>
    Enrolled = 1,

    /// <summary>On the waiting list; moves up automatically when someone withdraws.</summary>
    WaitListed = 2,

    /// <summary>Withdrew (or was withdrawn), with a reason.</summary>
    Withdrawn = 3,

    /// <summary>The batch was cancelled.</summary>
    Cancelled = 4,

    /// <summary>The batch completed while enrolled.</summary>
    Completed = 5,

    /// <summary>
    /// The batch completed while enrolled, but a stage was left unfinished: a mentored trainee's on-the-job practice without
    /// the mentor's sign-off (the reason says which). Not a completion of the course.
    /// </summary>
    Incomplete = 6,
}

/// <summary>
/// The check-in rules of a batch's sessions, judged at the time a card was scanned (not when the record arrived).
/// Check-in is open from <c>start − EarlyMinutes</c> to <c>start + LateMinutes</c>; a scan after <c>start + OnTimeMinutes</c>
/// is late. A scan may lie outside the window by up to <see cref="ClockSkewSeconds"/> (the kiosk's clock may be off), and
/// may lie no more than that in the future of the server's clock. Records a kiosk buffered offline are accepted until
/// <see cref="OfflineGraceHours"/> after the session closed.
/// </summary>
/// <param name="EarlyMinutes">0..240.</param>
/// <param name="OnTimeMinutes">0..LateMinutes.</param>
/// <param name="LateMinutes">0..240.</param>
/// <param name="ClockSkewSeconds">0..900.</param>
/// <param name="OfflineGraceHours">0..168.</param>
[GenerateSerializer, Immutable, Alias("training.CheckInPolicy")]
public sealed record CheckInPolicy(
    [property: Id(0)] int EarlyMinutes = 30,
    [property: Id(1)] int OnTimeMinutes = 5,
    [property: Id(2)] int LateMinutes = 30,
    [property: Id(3)] int ClockSkewSeconds = 120,
    [property: Id(4)] int OfflineGraceHours = 24)
{
    /// <summary>The defaults: 30 minutes early, on time until 5 minutes after start, late until 30, 2 minutes of clock skew, 24 hours for offline records.</summary>
    public static CheckInPolicy Default { get; } = new();
}

/// <summary>What a batch is created with. Its stages and competencies are copied from the course at creation.</summary>
/// <param name="CourseName"><c>courses/{course}</c>, not archived.</param>
/// <param name="Centers">Centres whose staff may enrol, all in the host centre's county; the host centre (the parent of the batch's name) is always one of them.</param>
/// <param name="Capacity">1..500 enrolled at once.</param>
/// <param name="WaitingListCapacity">0..500; 0 means no waiting list (enrolment beyond capacity is refused).</param>
/// <param name="EligiblePosts">Posts that may enrol; empty means the course's target posts.</param>
/// <param name="EnrolmentOpens">Start of the enrolment window.</param>
/// <param name="EnrolmentCloses">End of the enrolment window (after it, only a manager enrols).</param>
[GenerateSerializer, Immutable, Alias("training.BatchSpec")]
public sealed record BatchSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string CourseName,
    [property: Id(2)] IReadOnlyList<string> Centers,
    [property: Id(3)] int Capacity,
    [property: Id(4)] int WaitingListCapacity,
    [property: Id(5)] IReadOnlyList<Post> EligiblePosts,
    [property: Id(6)] DateTimeOffset EnrolmentOpens,
    [property: Id(7)] DateTimeOffset EnrolmentCloses,
    [property: Id(8)] CheckInPolicy CheckIn);

/// <summary>Partial update of a batch; null fields stay. Capacity may not drop below those enrolled.</summary>
[GenerateSerializer, Immutable, Alias("training.BatchPatch")]
public sealed record BatchPatch(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] int? Capacity = null,
    [property: Id(2)] int? WaitingListCapacity = null,
    [property: Id(3)] IReadOnlyList<Post>? EligiblePosts = null,
    [property: Id(4)] DateTimeOffset? EnrolmentOpens = null,
    [property: Id(5)] DateTimeOffset? EnrolmentCloses = null,
    [property: Id(6)] CheckInPolicy? CheckIn = null);

/// <summary>A session of a batch as scheduled.</summary>
/// <param name="Stage">Which of the course's three stages it belongs to.</param>
/// <param name="Center">Where an offline session is held: one of the batch's centres (empty = the host centre). Empty for online sessions.</param>
/// <param name="Room">The room of that centre (1..100 characters) for offline sessions; empty for online ones.</param>
/// <param name="EndTime">After <paramref name="StartTime"/>; at most 12 hours later. The session closes then.</param>
/// <param name="Instructor">Who teaches (a county expert, a mentor …), 1..100 characters.</param>
/// <param name="MakeUp">A make-up session: it admits staff of this or another batch of the same course who owe a session of its stage and booked it.</param>
[GenerateSerializer, Immutable, Alias("training.SessionSpec")]
public sealed record SessionSpec(
    [property: Id(0)] StageKind Stage,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] SessionMode Mode,
    [property: Id(3)] string Center,
    [property: Id(4)] string Room,
    [property: Id(5)] DateTimeOffset StartTime,
    [property: Id(6)] DateTimeOffset EndTime,
    [property: Id(7)] string Instructor,
    [property: Id(8)] bool MakeUp);

/// <summary>Moves or changes a session; null fields stay. Not once it closed or was cancelled.</summary>
[GenerateSerializer, Immutable, Alias("training.SessionPatch")]
public sealed record SessionPatch(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] SessionMode? Mode = null,
    [property: Id(2)] string? Center = null,
    [property: Id(3)] string? Room = null,
    [property: Id(4)] DateTimeOffset? StartTime = null,
    [property: Id(5)] DateTimeOffset? EndTime = null,
    [property: Id(6)] string? Instructor = null);

/// <summary>Counts of one session, one staff member or a whole batch.</summary>
/// <param name="Expected">Marks expected: enrolled staff × closed sessions (plus make-up attendees), or for an open session those enrolled.</param>
/// <param name="Attended">Present + late + completed online + owed sessions fulfilled by a make-up.</param>
/// <param name="Rate">Attended ÷ expected over closed sessions, 0..1; 0 when nothing is expected yet.</param>
[GenerateSerializer, Immutable, Alias("training.AttendanceSummary")]
public sealed record AttendanceSummary(
    [property: Id(0)] int Expected,
    [property: Id(1)] int Present,
    [property: Id(2)] int Late,
    [property: Id(3)] int Absent,
    [property: Id(4)] int Excused,
    [property: Id(5)] int CompletedOnline,
    [property: Id(6)] int NotYetMarked,
    [property: Id(7)] int Attended,
    [property: Id(8)] double Rate);

/// <summary>A session as read. <see cref="Name"/> is <c>{batch}/sessions/{session_id}</c>.</summary>
[GenerateSerializer, Immutable, Alias("training.SessionView")]
public sealed record SessionView(
    [property: Id(0)] string Name,
    [property: Id(1)] string BatchName,
    [property: Id(2)] SessionSpec Spec,
    [property: Id(3)] SessionState State,
    [property: Id(4)] string CancelReason,
    [property: Id(5)] AttendanceSummary Summary,
    [property: Id(6)] long AttendanceVersion);

/// <summary>A batch as read. <see cref="Version"/> is the etag.</summary>
/// <param name="Name"><c>regions/{r}/counties/{c}/centers/{ctr}/batches/{batch}</c>.</param>
/// <param name="HostCenter">The centre that runs it (the parent of its name).</param>
/// <param name="Stages">The course's three stages, copied at creation.</param>
[GenerateSerializer, Immutable, Alias("training.BatchView")]
public sealed record BatchView(
    [property: Id(0)] string Name,
    [property: Id(1)] string HostCenter,
    [property: Id(2)] BatchSpec Spec,
    [property: Id(3)] IReadOnlyList<CourseStage> Stages,
    [property: Id(4)] BatchState State,
    [property: Id(5)] string CancelReason,
    [property: Id(6)] int EnrolledCount,
    [property: Id(7)] int WaitListedCount,
    [property: Id(8)] IReadOnlyList<SessionView> Sessions,
    [property: Id(9)] AttendanceSummary Attendance,
    [property: Id(10)] long Version,
    [property: Id(11)] DateTimeOffset CreateTime,
    [property: Id(12)] DateTimeOffset UpdateTime);

/// <summary>A staff member's enrolment in a batch, as the batch (the authority) holds it.</summary>
/// <param name="WaitListPosition">1-based place on the waiting list; 0 unless wait-listed.</param>
/// <param name="Reason">Why withdrawn; empty otherwise.</param>
/// <param name="Confirmed">True once the staff member's own record carries this status (the two-grain step is done).</param>
[GenerateSerializer, Immutable, Alias("training.EnrolmentView")]
public sealed record EnrolmentView(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string StaffDisplayName,
    [property: Id(3)] string CenterName,
    [property: Id(4)] Post Post,
    [property: Id(5)] EnrolmentStatus Status,
    [property: Id(6)] int WaitListPosition,
    [property: Id(7)] string Reason,
    [property: Id(8)] DateTimeOffset EnrolTime,
    [property: Id(9)] DateTimeOffset UpdateTime,
    [property: Id(10)] bool Confirmed);

/// <summary>The outcome of one row of an enrolment: either <see cref="Enrolment"/> or an error.</summary>
/// <param name="Index">The row's position in the request, from 0.</param>
[GenerateSerializer, Immutable, Alias("training.EnrolmentResult")]
public sealed record EnrolmentResult(
    [property: Id(0)] int Index,
    [property: Id(1)] string StaffName,
    [property: Id(2)] EnrolmentView? Enrolment,
    [property: Id(3)] ErrorKind? Error,
    [property: Id(4)] string Message);

/// <summary>
/// One staff member's mark for one session. Corrections are new events; the view shows the latest mark and
/// <see cref="Corrections"/> counts the earlier ones (the history keeps them all).
/// </summary>
/// <param name="SessionName"><c>{batch}/sessions/{id}</c>.</param>
/// <param name="ScanTime">For kiosk marks, the kiosk's clock when the card was read.</param>
/// <param name="Kiosk">For kiosk marks, the kiosk's name.</param>
/// <param name="Reason">For excused marks and corrections, why.</param>
/// <param name="Actor">Who recorded it.</param>
/// <param name="FulfilledBy">For an owed (absent or excused) session, the make-up session that fulfilled it; empty otherwise.</param>
/// <param name="OriginBatch">For a make-up attendee from another batch, that batch; empty otherwise.</param>
[GenerateSerializer, Immutable, Alias("training.AttendanceRecord")]
public sealed record AttendanceRecord(
    [property: Id(0)] string SessionName,
    [property: Id(1)] string StaffName,
    [property: Id(2)] AttendanceMark Mark,
    [property: Id(3)] AttendanceSource Source,
    [property: Id(4)] DateTimeOffset? ScanTime,
    [property: Id(5)] DateTimeOffset RecordTime,
    [property: Id(6)] string Kiosk,
    [property: Id(7)] string Reason,
    [property: Id(8)] string Actor,
    [property: Id(9)] int Corrections,
    [property: Id(10)] string FulfilledBy,
    [property: Id(11)] string OriginBatch);

/// <summary>A session's attendance: everyone expected, marked or not yet. <see cref="Version"/> grows with every change (for live views).</summary>
[GenerateSerializer, Immutable, Alias("training.SessionAttendanceView")]
public sealed record SessionAttendanceView(
    [property: Id(0)] SessionView Session,
    [property: Id(1)] IReadOnlyList<AttendanceRecord> Records,
    [property: Id(2)] IReadOnlyList<string> NotYetMarked,
    [property: Id(3)] long Version);

/// <summary>
/// A session a staff member still owes (absent or excused, not fulfilled), with the make-up offered: the next make-up
/// session of the same stage in this or another batch of the same course that has not started yet.
/// </summary>
/// <param name="Missed">The missed session's name.</param>
/// <param name="OfferedMakeUp">The next make-up session's name; empty when none is scheduled.</param>
/// <param name="OfferedStartTime">Its start; null when none.</param>
/// <param name="BookedMakeUp">The make-up session booked; empty when not booked.</param>
[GenerateSerializer, Immutable, Alias("training.OwedSession")]
public sealed record OwedSession(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string Missed,
    [property: Id(2)] StageKind Stage,
    [property: Id(3)] AttendanceMark Mark,
    [property: Id(4)] string OfferedMakeUp,
    [property: Id(5)] DateTimeOffset? OfferedStartTime,
    [property: Id(6)] string BookedMakeUp);

/// <summary>One staff member's attendance in a batch: every mark, what they still owe, and their rate.</summary>
[GenerateSerializer, Immutable, Alias("training.StaffAttendanceView")]
public sealed record StaffAttendanceView(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string StaffName,
    [property: Id(2)] IReadOnlyList<AttendanceRecord> Records,
    [property: Id(3)] IReadOnlyList<OwedSession> Owed,
    [property: Id(4)] AttendanceSummary Summary);

/// <summary>A batch's attendance: the batch's rate, each session's and each staff member's, and who owes which session.</summary>
[GenerateSerializer, Immutable, Alias("training.BatchAttendanceView")]
public sealed record BatchAttendanceView(
    [property: Id(0)] string BatchName,
    [property: Id(1)] AttendanceSummary Batch,
    [property: Id(2)] IReadOnlyList<SessionView> Sessions,
    [property: Id(3)] IReadOnlyList<StaffAttendanceView> Staff,
    [property: Id(4)] IReadOnlyList<OwedSession> Owed);

/// <summary>
/// Another batch asks this batch to admit <see cref="StaffName"/> to make-up session <see cref="SessionId"/>, for the
/// session they owe there. Idempotent by <see cref="OperationId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("training.MakeUpAdmission")]
public sealed record MakeUpAdmission(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string StaffName,
    [property: Id(3)] string StaffDisplayName,
    [property: Id(4)] string OriginBatch,
    [property: Id(5)] string OwedSession,
    [property: Id(6)] string CourseName,
    [property: Id(7)] StageKind Stage);

/// <summary>A make-up batch tells the origin batch that <see cref="StaffName"/> attended <see cref="MakeUpSession"/>, fulfilling <see cref="OwedSession"/>. Idempotent by <see cref="OperationId"/>.</summary>
[GenerateSerializer, Immutable, Alias("training.MakeUpFulfilment")]
public sealed record MakeUpFulfilment(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string OwedSession,
    [property: Id(3)] string MakeUpSession,
    [property: Id(4)] AttendanceMark Mark);

/// <summary>A check-in the check-in desk resolved to this batch: a staff member, a session, a kiosk scan.</summary>
/// <param name="Index">The record's position in the kiosk's request (echoed in the result).</param>
/// <param name="SessionId">The session in this batch.</param>
/// <param name="Kiosk">The kiosk's name; its centre and room (<paramref name="KioskCenter"/>, <paramref name="KioskRoom"/>) must be the session's.</param>
/// <param name="IdempotencyKey">Generated on the kiosk; the same key (from the same kiosk) is recorded once.</param>
[GenerateSerializer, Immutable, Alias("training.BatchCheckIn")]
public sealed record BatchCheckIn(
    [property: Id(0)] int Index,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string StaffName,
    [property: Id(3)] DateTimeOffset ScanTime,
    [property: Id(4)] string Kiosk,
    [property: Id(5)] string KioskCenter,
    [property: Id(6)] string KioskRoom,
    [property: Id(7)] string IdempotencyKey);
