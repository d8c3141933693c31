namespace Training.Grains;

/// <summary>
/// One attendance fact of one staff member in a batch, as the batch's history recorded it: a kiosk check-in, a
/// manager's mark or correction (with who and why), an online completion, absent at a session's close, a make-up
/// admitted, booked or fulfilled. Read back from the batch's events, so earlier marks a correction replaced are kept.
/// </summary>
/// <param name="Version">The batch event's version in the batch's history.</param>
/// <param name="EventType">The batch event's type, e.g. <c>batch.attendance-marked.v1</c>.</param>
/// <param name="RecordTime">When the batch recorded it.</param>
/// <param name="SessionName">The session it concerns, <c>{batch}/sessions/{id}</c> (for a make-up booked or fulfilled: the session owed).</param>
/// <param name="Mark">The mark it gives; null for a make-up admitted or booked.</param>
/// <param name="Source">Who or what produced the mark; null when no mark.</param>
/// <param name="OccurredTime">For a kiosk check-in the scan time, for an online completion the completion time; else null.</param>
/// <param name="Reason">For a manager's mark, why (required for excused marks and corrections); else empty.</param>
/// <param name="Actor">Who recorded it (the manager, the kiosk's caller, the e-learning platform, the batch itself at close).</param>
/// <param name="Summary">A sentence about this staff member (a correction says which mark it replaced).</param>
/// <param name="RelatedSession">For a make-up booked or fulfilled, the make-up session; for a make-up admitted, the session owed; else empty.</param>
[GenerateSerializer, Immutable, Alias("training.AttendanceFact")]
public sealed record AttendanceFact(
    [property: Id(0)] long Version,
    [property: Id(1)] string EventType,
    [property: Id(2)] DateTimeOffset RecordTime,
    [property: Id(3)] string SessionName,
    [property: Id(4)] AttendanceMark? Mark,
    [property: Id(5)] AttendanceSource? Source,
    [property: Id(6)] DateTimeOffset? OccurredTime,
    [property: Id(7)] string Reason,
    [property: Id(8)] string Actor,
    [property: Id(9)] string Role,
    [property: Id(10)] string Client,
    [property: Id(11)] string RequestId,
    [property: Id(12)] string Summary,
    [property: Id(13)] string RelatedSession);
