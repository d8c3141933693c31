using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;

namespace Training.Grains.Batches;

/// <summary>
/// A staff member's attendance history in the batch, for their training archive. It is read from the batch's own event
/// stream rather than kept in the state: the state holds only the latest mark per session (a correction replaces it),
/// and a per-staff list of every mark would grow every activation, every snapshot written on the check-in path, and
/// would be empty for marks recorded before a snapshot that lacked it. The archive is read rarely; a batch's history
/// is bounded (roster × sessions, a few thousand events), only the attendance event types are deserialized, and the
/// read touches the store only, so it interleaves with check-ins instead of holding them up.
/// </summary>
public sealed partial class CourseBatchGrain
{
    private const int HistoryPageSize = 1000;

    private static readonly FrozenSet<string> AttendanceEventTypes = new[]
    {
        typeof(CheckedIn), typeof(AttendanceMarked), typeof(OnlineCompletionRecorded), typeof(SessionClosed),
        typeof(MakeUpAdmitted), typeof(MakeUpBooked), typeof(MakeUpFulfilled),
    }.Select(t => t.GetCustomAttribute<AliasAttribute>(inherit: false)!.Alias).ToFrozenSet(StringComparer.Ordinal);

    public async Task<IReadOnlyList<AttendanceFact>> AttendanceHistoryOf(string staffName)
    {
        EnsureCreated();
        var upTo = Version;
        var facts = new List<AttendanceFact>();
        var latest = new Dictionary<string, AttendanceMark>(StringComparer.Ordinal);
        for (var from = 1L; from <= upTo;)
        {
            var page = await Services.Store.ReadStreamAsync(StreamId, from, (int)Math.Min(HistoryPageSize, upTo - from + 1));
            if (page.Count == 0)
            {
                break;
            }

            foreach (var stored in page.Where(e => AttendanceEventTypes.Contains(e.Type)))
            {
                var @event = Services.Serializer.Deserialize<CourseBatchEvent>(stored.Payload)!;
                if (FactOf(@event, staffName, latest) is { } fact)
                {
                    facts.Add(fact with { Version = stored.Version, EventType = stored.Type });
                }
            }

            from = page[^1].Version + 1;
        }

        return facts;
    }

    /// <summary>The fact <paramref name="e"/> records about <paramref name="staff"/>, or null; keeps each session's latest mark in <paramref name="latest"/> (to tell a correction).</summary>
    private AttendanceFact? FactOf(CourseBatchEvent e, string staff, Dictionary<string, AttendanceMark> latest)
    {
        AttendanceFact Fact(string sessionId, AttendanceMark? mark, AttendanceSource? source, DateTimeOffset? occurred, string reason, string summary, string related = "")
        {
            var session = State.SessionName(sessionId);
            if (mark is { } given && source is not null)
            {
                latest[session] = given;
            }

            return new AttendanceFact(0, string.Empty, e.At, session, mark, source, occurred, reason, e.Actor, e.Role, e.Client, e.RequestId, summary, related);
        }

        string Replacing(string sessionId) => latest.TryGetValue(State.SessionName(sessionId), out var earlier) ? $" (replacing {earlier})" : string.Empty;

        return e switch
        {
            CheckedIn c when c.StaffName == staff => Fact(c.SessionId, c.Mark, AttendanceSource.Kiosk, c.ScanTime, string.Empty,
                string.Create(CultureInfo.InvariantCulture, $"Checked in to {c.SessionId} at {c.ScanTime:u} by {c.Kiosk}: {c.Mark}{Replacing(c.SessionId)}.")),
            AttendanceMarked m when m.StaffName == staff => Fact(m.SessionId, m.Mark, AttendanceSource.Manager, null, m.Reason,
                (latest.TryGetValue(State.SessionName(m.SessionId), out var earlier) ? $"Corrected {earlier} → {m.Mark}" : $"Marked {m.Mark}")
                + $" for {m.SessionId} by {m.Actor}" + (m.Reason.Length > 0 ? $": {m.Reason}." : ".")),
            OnlineCompletionRecorded o when o.StaffName == staff => Fact(o.SessionId, AttendanceMark.CompletedOnline, AttendanceSource.OnlinePlatform, o.CompletedAt, string.Empty,
                string.Create(CultureInfo.InvariantCulture, $"Completed online session {o.SessionId} at {o.CompletedAt:u}{Replacing(o.SessionId)}.")),
            SessionClosed s when s.Absent.Contains(staff, StringComparer.Ordinal) => Fact(s.SessionId, AttendanceMark.Absent, AttendanceSource.SessionClosed, null, string.Empty,
                $"Absent: session {s.SessionId} closed without a mark."),
            MakeUpAdmitted { Admission: var a } when a.StaffName == staff => Fact(a.SessionId, null, null, null, string.Empty,
                $"Admitted to make-up session {a.SessionId} for {a.OwedSession}.", a.OwedSession),
            MakeUpBooked b when b.StaffName == staff => Fact(b.SessionId, null, null, null, string.Empty,
                $"Booked make-up session {b.MakeUpSession} for {b.SessionId}.", b.MakeUpSession),
            MakeUpFulfilled f when f.StaffName == staff => Fact(f.SessionId, f.Mark, null, null, string.Empty,
                $"Made up {f.SessionId} by attending {f.MakeUpSession} ({f.Mark}).", f.MakeUpSession),
            _ => null,
        };
    }
}
