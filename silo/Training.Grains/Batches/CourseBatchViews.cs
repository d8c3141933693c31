using Training.Grains.Directory;

namespace Training.Grains.Batches;

/// <summary>
/// How a batch's state reads: the batch, its sessions with their attendance and rates, enrolments, and the sessions
/// staff still owe. Pure functions of the state (so a retried request is answered as of the version it produced).
/// </summary>
internal static class CourseBatchViews
{
    public static string HostCenterOf(string batchName) => DirectoryKinds.ParentOf(batchName, "batches");

    public static BatchView Batch(CourseBatchState s, long version)
    {
        var sessions = Sessions(s).Select(session => Session(s, session)).ToList();
        var total = new AttendanceTally();
        foreach (var session in sessions.Where(v => v.State == SessionState.Closed))
        {
            total.Add(session.Summary);
        }

        return new BatchView(
            s.Name, HostCenterOf(s.Name), s.Spec, s.Stages, s.Lifecycle, s.CancelReason, s.EnrolledCount, s.WaitingList.Count,
            sessions, total.ToSummary(), version, s.CreateTime, s.UpdateTime);
    }

    /// <summary>The sessions ordered by start time (then id).</summary>
    public static IEnumerable<BatchSession> Sessions(CourseBatchState s) =>
        s.Sessions.Values.OrderBy(x => x.Spec.StartTime).ThenBy(x => x.Id, StringComparer.Ordinal);

    public static SessionView Session(CourseBatchState s, BatchSession session) =>
        new(s.SessionName(session.Id), s.Name, session.Spec, session.State, session.CancelReason, Summary(s, session), session.AttendanceVersion);

    /// <summary>
    /// Who a session expects: once closed (or cancelled), those it marked; while scheduled, those on the roster (for a
    /// make-up session, those admitted) and anyone already marked.
    /// </summary>
    public static IEnumerable<string> Expected(CourseBatchState s, BatchSession session)
    {
        if (session.State != SessionState.Scheduled)
        {
            return session.Marks.Keys;
        }

        var expected = session.Spec.MakeUp
            ? session.Attendees.Keys
            : s.Roster.Values.Where(e => e.Active).Select(e => e.StaffName);
        return session.Marks.Count == 0 ? expected : expected.Union(session.Marks.Keys, StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="staffName"/> is expected at the session (enrolled, or admitted to a make-up, or already marked).</summary>
    public static bool IsExpected(CourseBatchState s, BatchSession session, string staffName) =>
        session.Marks.ContainsKey(staffName)
        || (session.Spec.MakeUp
            ? session.Attendees.ContainsKey(staffName)
            : s.Roster.TryGetValue(staffName, out var entry) && entry.Active);

    public static AttendanceSummary Summary(CourseBatchState s, BatchSession session)
    {
        var tally = new AttendanceTally();
        foreach (var staffName in Expected(s, session))
        {
            var mark = session.Marks.TryGetValue(staffName, out var entry) ? entry.Mark : (AttendanceMark?)null;
            tally.Count(mark, session.FulfilledBy.ContainsKey(staffName));
        }

        return tally.ToSummary();
    }

    public static AttendanceRecord Record(CourseBatchState s, BatchSession session, string staffName, AttendanceEntry entry)
    {
        var origin = session.Attendees.TryGetValue(staffName, out var admission) && !string.Equals(admission.OriginBatch, s.Name, StringComparison.Ordinal)
            ? admission.OriginBatch
            : string.Empty;
        return new AttendanceRecord(
            s.SessionName(session.Id), staffName, entry.Mark, entry.Source, entry.ScanTime, entry.RecordTime, entry.Kiosk, entry.Reason, entry.Actor,
            entry.Corrections, session.FulfilledBy.GetValueOrDefault(staffName, string.Empty), origin);
    }

    public static SessionAttendanceView SessionAttendance(CourseBatchState s, BatchSession session)
    {
        var records = session.Marks.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => Record(s, session, m.Key, m.Value)).ToList();
        var notYetMarked = session.State == SessionState.Scheduled
            ? Expected(s, session).Where(name => !session.Marks.ContainsKey(name)).Order(StringComparer.Ordinal).ToList()
            : [];
        return new SessionAttendanceView(Session(s, session), records, notYetMarked, session.AttendanceVersion);
    }

    /// <summary>The 1-based place of everyone on the waiting list.</summary>
    public static Dictionary<string, int> WaitListPositions(CourseBatchState s)
    {
        var positions = new Dictionary<string, int>(s.WaitingList.Count, StringComparer.Ordinal);
        for (var i = 0; i < s.WaitingList.Count; i++)
        {
            positions[s.WaitingList[i]] = i + 1;
        }

        return positions;
    }

    public static EnrolmentView Enrolment(CourseBatchState s, RosterEntry e, IReadOnlyDictionary<string, int>? positions = null) =>
        new(
            s.Name, e.StaffName, e.DisplayName, e.CenterName, e.Post, e.Status,
            e.Status == EnrolmentStatus.WaitListed ? (positions ?? WaitListPositions(s)).GetValueOrDefault(e.StaffName) : 0,
            e.Reason, e.EnrolTime, e.UpdateTime, e.ConfirmedSequence >= e.Sequence);

    /// <summary>The sessions (not make-ups, not cancelled) staff on the roster missed and have not made up yet; <paramref name="staffName"/> narrows it to one.</summary>
    public static List<OwedSession> Owed(CourseBatchState s, IReadOnlyDictionary<StageKind, SessionOffer> offers, string? staffName = null)
    {
        var owed = new List<OwedSession>();
        foreach (var session in Sessions(s).Where(x => !x.Spec.MakeUp && x.State != SessionState.Cancelled))
        {
            if (staffName is not null)
            {
                if (session.Marks.TryGetValue(staffName, out var entry) && Owes(s, session, staffName, entry))
                {
                    owed.Add(OwedOf(s, session, staffName, entry, offers));
                }

                continue;
            }

            foreach (var (name, entry) in session.Marks)
            {
                if (Owes(s, session, name, entry))
                {
                    owed.Add(OwedOf(s, session, name, entry, offers));
                }
            }
        }

        return [.. owed.OrderBy(o => o.StaffName, StringComparer.Ordinal)];
    }

    public static bool Owes(CourseBatchState s, BatchSession session, string staffName, AttendanceEntry entry) =>
        entry.Missed && !session.FulfilledBy.ContainsKey(staffName) && s.Roster.TryGetValue(staffName, out var enrolment) && enrolment.Active;

    public static OwedSession OwedOf(CourseBatchState s, BatchSession session, string staffName, AttendanceEntry entry, IReadOnlyDictionary<StageKind, SessionOffer> offers)
    {
        var offer = offers.GetValueOrDefault(session.Spec.Stage);
        return new OwedSession(
            staffName, s.SessionName(session.Id), session.Spec.Stage, entry.Mark, offer?.SessionName ?? string.Empty, offer?.StartTime,
            session.Bookings.GetValueOrDefault(staffName, string.Empty));
    }

    /// <summary>One staff member's marks (in this batch's sessions, by start time), what they owe, and their rate over closed sessions.</summary>
    public static StaffAttendanceView StaffAttendance(CourseBatchState s, string staffName, IReadOnlyDictionary<StageKind, SessionOffer> offers)
    {
        var records = new List<AttendanceRecord>();
        var tally = new AttendanceTally();
        foreach (var session in Sessions(s))
        {
            if (session.Marks.TryGetValue(staffName, out var entry))
            {
                records.Add(Record(s, session, staffName, entry));
                if (session.State == SessionState.Closed)
                {
                    tally.Count(entry.Mark, session.FulfilledBy.ContainsKey(staffName));
                }
            }
        }

        return new StaffAttendanceView(s.Name, staffName, records, Owed(s, offers, staffName), tally.ToSummary());
    }

    /// <summary>The batch's attendance: the batch's rate, each session's, each staff member's (roster and make-up attendees), and who owes what.</summary>
    public static BatchAttendanceView BatchAttendance(CourseBatchState s, long version, IReadOnlyDictionary<StageKind, SessionOffer> offers)
    {
        var batch = Batch(s, version);
        var staff = s.Roster.Keys
            .Concat(s.Sessions.Values.SelectMany(x => x.Attendees.Keys))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => StaffAttendance(s, name, offers))
            .ToList();
        return new BatchAttendanceView(s.Name, batch.Attendance, batch.Sessions, staff, Owed(s, offers));
    }
}

/// <summary>The next make-up session of a stage, offered to those who owe a session of it.</summary>
internal sealed record SessionOffer(string SessionName, DateTimeOffset StartTime);
