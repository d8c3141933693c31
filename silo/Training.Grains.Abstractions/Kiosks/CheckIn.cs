using System.Globalization;

namespace Training.Grains;

/// <summary>What a kiosk read to identify a trainee.</summary>
public enum CredentialKind
{
    /// <summary>A staff card's id (as registered on the staff member, <see cref="StaffSpec.CardId"/>).</summary>
    Card = 1,

    /// <summary>The QR code on a staff badge or phone: <c>staff/{staff_id}</c> (or just the staff id).</summary>
    QrCode = 2,

    /// <summary>The staff number typed in: the staff id.</summary>
    StaffNumber = 3,
}

/// <summary>What happened to one kiosk record.</summary>
public enum CheckInOutcome
{
    /// <summary>Recorded now.</summary>
    Accepted = 1,

    /// <summary>Already recorded (the same idempotency key, or the staff member already checked in to the session): the original result.</summary>
    Duplicate = 2,

    /// <summary>Not recorded; <see cref="CheckInRejection"/> says why. Nothing was written.</summary>
    Rejected = 3,
}

/// <summary>Why a kiosk record was not recorded.</summary>
public enum CheckInRejection
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>No staff member has this card, QR payload or staff number.</summary>
    UnknownCredential = 1,

    /// <summary>The staff member is not enrolled in the session's batch (nor booked into this make-up session).</summary>
    NotEnrolled = 2,

    /// <summary>The scan time lies outside the session's check-in window (beyond the clock-skew tolerance).</summary>
    OutsideWindow = 3,

    /// <summary>No session of the kiosk's room has its check-in window around the scan time.</summary>
    NoSessionInRoom = 4,

    /// <summary>The session was cancelled.</summary>
    SessionCancelled = 5,

    /// <summary>The session closed before the scan, or closed longer ago than offline records are accepted.</summary>
    SessionClosed = 6,

    /// <summary>The session is not held in the kiosk's room (or centre).</summary>
    WrongRoom = 7,

    /// <summary>The scan time lies further in the future than the clock-skew tolerance allows.</summary>
    ScanInFuture = 8,

    /// <summary>The batch is not running (planned, completed or cancelled).</summary>
    BatchNotRunning = 9,

    /// <summary>The record is malformed (empty credential, idempotency key or scan time).</summary>
    Invalid = 10,
}

/// <summary>One record a kiosk sends: who was scanned, when by the kiosk's clock, under which idempotency key.</summary>
/// <param name="Credential">The card id, QR payload or staff number, 1..200 characters.</param>
/// <param name="ScanTime">The kiosk's clock when it was read.</param>
/// <param name="IdempotencyKey">Generated on the kiosk for this scan, 1..100 characters; resending it records nothing twice.</param>
/// <param name="SessionName">Optional: the session the kiosk meant (<c>{batch}/sessions/{id}</c>); else the session of the kiosk's room around the scan time.</param>
[GenerateSerializer, Immutable, Alias("training.KioskScan")]
public sealed record KioskScan(
    [property: Id(0)] CredentialKind Kind,
    [property: Id(1)] string Credential,
    [property: Id(2)] DateTimeOffset ScanTime,
    [property: Id(3)] string IdempotencyKey,
    [property: Id(4)] string? SessionName = null);

/// <summary>The outcome of one kiosk record.</summary>
/// <param name="Index">The record's position in the request, from 0.</param>
/// <param name="StaffDisplayName">For the kiosk's screen ("欢迎, 王芳"); empty when the credential is unknown.</param>
/// <param name="Mark">Present or late when accepted or duplicate.</param>
/// <param name="RecordTime">When the platform recorded it (for a duplicate: the original recording).</param>
[GenerateSerializer, Immutable, Alias("training.CheckInResult")]
public sealed record CheckInResult(
    [property: Id(0)] int Index,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] CheckInOutcome Outcome,
    [property: Id(3)] CheckInRejection Rejection,
    [property: Id(4)] string Message,
    [property: Id(5)] string StaffName,
    [property: Id(6)] string StaffDisplayName,
    [property: Id(7)] string SessionName,
    [property: Id(8)] AttendanceMark? Mark,
    [property: Id(9)] DateTimeOffset ScanTime,
    [property: Id(10)] DateTimeOffset? RecordTime);

/// <summary>
/// An offline session in a room, as the batch keeps it in the store's directory (written in the same transaction as the
/// session's events) so that a kiosk's scan finds its session without asking every batch.
/// </summary>
[GenerateSerializer, Immutable, Alias("training.RoomSession")]
public sealed record RoomSession(
    [property: Id(0)] string SessionName,
    [property: Id(1)] string BatchName,
    [property: Id(2)] string SessionId,
    [property: Id(3)] DateTimeOffset StartTime,
    [property: Id(4)] DateTimeOffset EndTime,
    [property: Id(5)] CheckInPolicy CheckIn);

/// <summary>
/// How room sessions are keyed in the directory: parent <c>{center}/rooms/{room}</c>, key the parent, the UTC start
/// (sortable) and the session name, so "sessions of this room starting after T" is one ordered range read.
/// </summary>
public static class RoomSchedule
{
    /// <summary>The directory kind of room sessions.</summary>
    public const string Kind = "room-session";

    /// <summary>The directory parent of a room's sessions.</summary>
    public static string Parent(string center, string room) => $"{center}/rooms/{room}";

    /// <summary>The key of a session starting at <paramref name="start"/>.</summary>
    public static string Key(string center, string room, DateTimeOffset start, string sessionName) =>
        $"{Parent(center, room)}|{Stamp(start)}|{sessionName}";

    /// <summary>A key that sorts before every session of the room starting at or after <paramref name="time"/>.</summary>
    public static string After(string center, string room, DateTimeOffset time) => $"{Parent(center, room)}|{Stamp(time)}";

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
}
