namespace Training.Grains.Batches;

/// <summary>
/// Judges one call's kiosk records against the batch's state, each at its scan's time: in memory, one dictionary
/// lookup per rule. Records accepted earlier in the same call count as recorded, so a call carrying the same key or
/// the same staff member twice records them once.
/// </summary>
internal sealed class CheckInJudge(CourseBatchState state, DateTimeOffset now)
{
    private readonly Dictionary<string, CheckInResult> acceptedKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CheckInResult> acceptedStaff = new(StringComparer.Ordinal);

    /// <summary>The result of one record, and the event to record when it is accepted.</summary>
    public (CheckInResult Result, CheckedIn? Accepted) Judge(BatchCheckIn record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sessionName = state.SessionName(record.SessionId);
        if (state.Lifecycle is not (BatchState.Open or BatchState.Running))
        {
            return Rejected(record, sessionName, CheckInRejection.BatchNotRunning, string.Empty, state.Created ? $"{state.Name} is {state.Lifecycle}." : "the batch does not exist.");
        }

        if (!state.Sessions.TryGetValue(record.SessionId, out var session))
        {
            return Rejected(record, sessionName, CheckInRejection.NoSessionInRoom, string.Empty, $"{sessionName} does not exist.");
        }

        var key = KioskCheckIn.KeyOf(record.Kiosk, record.IdempotencyKey);
        if (acceptedKeys.TryGetValue($"{record.SessionId}\n{key}", out var inCall))
        {
            return Duplicate(record, inCall, "the same record was sent twice.");
        }

        if (session.KioskKeys.TryGetValue(key, out var staffOfKey))
        {
            return Duplicate(record, Original(session, sessionName, staffOfKey, session.CheckIns[staffOfKey]), "already recorded.");
        }

        if (session.State == SessionState.Cancelled)
        {
            return Rejected(record, sessionName, CheckInRejection.SessionCancelled, string.Empty, $"the session was cancelled: {session.CancelReason}.");
        }

        if (session.Spec.Mode != SessionMode.Offline
            || !string.Equals(session.Spec.Center, record.KioskCenter, StringComparison.Ordinal)
            || !string.Equals(session.Spec.Room, record.KioskRoom, StringComparison.Ordinal))
        {
            return Rejected(record, sessionName, CheckInRejection.WrongRoom, string.Empty, session.Spec.Mode == SessionMode.Online
                ? "the session is held online."
                : $"the session is held in room {session.Spec.Room} of {session.Spec.Center}.");
        }

        var displayName = DisplayNameOf(session, record.StaffName);
        if (displayName is null)
        {
            return Rejected(record, sessionName, CheckInRejection.NotEnrolled, string.Empty, session.Spec.MakeUp
                ? $"{record.StaffName} has not booked this make-up session."
                : $"{record.StaffName} is not enrolled in {state.Name}.");
        }

        if (acceptedStaff.TryGetValue($"{record.SessionId}\n{record.StaffName}", out inCall))
        {
            return Duplicate(record, inCall, "already checked in.");
        }

        if (session.CheckIns.TryGetValue(record.StaffName, out var original))
        {
            return Duplicate(record, Original(session, sessionName, record.StaffName, original), "already checked in.");
        }

        var policy = state.Spec.CheckIn;
        if (session.Marks.TryGetValue(record.StaffName, out var mark) && mark.Source != AttendanceSource.SessionClosed)
        {
            var marked = new CheckInResult(record.Index, record.IdempotencyKey, CheckInOutcome.Duplicate, CheckInRejection.None, string.Empty,
                record.StaffName, displayName, sessionName, mark.Mark, record.ScanTime, mark.RecordTime);
            return Duplicate(record, marked, $"already marked {mark.Mark} by {mark.Actor}.");
        }

        if (CheckInWindow.IsAhead(policy, record.ScanTime, now))
        {
            return Rejected(record, sessionName, CheckInRejection.ScanInFuture, displayName, $"the scan time lies more than {policy.ClockSkewSeconds} s ahead of the server's clock.");
        }

        if (session.State == SessionState.Closed || session.Spec.EndTime <= now)
        {
            if (record.ScanTime > session.CloseTime)
            {
                return Rejected(record, sessionName, CheckInRejection.SessionClosed, displayName, "the session had closed when the card was scanned.");
            }

            if (now > session.CloseTime.AddHours(policy.OfflineGraceHours))
            {
                return Rejected(record, sessionName, CheckInRejection.SessionClosed, displayName, $"the session closed more than {policy.OfflineGraceHours} hours ago.");
            }
        }

        if (CheckInWindow.Judge(policy, session.Spec.StartTime, record.ScanTime) is not { } judged)
        {
            return Rejected(record, sessionName, CheckInRejection.OutsideWindow, displayName,
                $"check-in is open {CheckInWindow.Opens(policy, session.Spec.StartTime):u}–{CheckInWindow.Closes(policy, session.Spec.StartTime):u}.");
        }

        var result = new CheckInResult(record.Index, record.IdempotencyKey, CheckInOutcome.Accepted, CheckInRejection.None, string.Empty,
            record.StaffName, displayName, sessionName, judged, record.ScanTime, now);
        acceptedKeys[$"{record.SessionId}\n{key}"] = result;
        acceptedStaff[$"{record.SessionId}\n{record.StaffName}"] = result;
        return (result, new CheckedIn(record.SessionId, record.StaffName, judged, record.ScanTime, record.Kiosk, record.IdempotencyKey));
    }

    /// <summary>The staff member's name as captured at enrolment (or admission to a make-up), or null when not expected at the session.</summary>
    private string? DisplayNameOf(BatchSession session, string staffName)
    {
        if (session.Spec.MakeUp)
        {
            return session.Attendees.TryGetValue(staffName, out var admission) ? admission.StaffDisplayName : null;
        }

        return state.Roster.TryGetValue(staffName, out var entry) && entry.Active ? entry.DisplayName : null;
    }

    private CheckInResult Original(BatchSession session, string sessionName, string staffName, KioskCheckIn original) =>
        new(0, original.IdempotencyKey, CheckInOutcome.Duplicate, CheckInRejection.None, string.Empty,
            staffName, DisplayNameOf(session, staffName) ?? string.Empty, sessionName, original.Mark, original.ScanTime, original.RecordTime);

    /// <summary>The original result, for this record (its index and key).</summary>
    private static (CheckInResult, CheckedIn?) Duplicate(BatchCheckIn record, CheckInResult original, string message) =>
        (original with { Index = record.Index, IdempotencyKey = record.IdempotencyKey, Outcome = CheckInOutcome.Duplicate, Rejection = CheckInRejection.None, Message = message }, null);

    private static (CheckInResult, CheckedIn?) Rejected(BatchCheckIn record, string sessionName, CheckInRejection rejection, string displayName, string message) =>
        (new CheckInResult(record.Index, record.IdempotencyKey, CheckInOutcome.Rejected, rejection, message, record.StaffName, displayName, sessionName, null, record.ScanTime, null), null);
}
