using Orleans.Serialization;
using Training.Grains.Directory;

namespace Training.Grains.Batches;

/// <summary>
/// The directory entries a batch keeps in step with its events: the batch under its centre (kind <c>batch</c>),
/// offline sessions under their room (<see cref="RoomSchedule"/>; kept once closed, since late offline records still
/// find them), make-up sessions under their course and stage while scheduled (<see cref="MakeUpSchedule"/>).
/// </summary>
internal static class CourseBatchDirectory
{
    /// <summary>What <paramref name="events"/> change, from the state <paramref name="before"/> them to <paramref name="after"/>: a moved or cancelled session's old keys are deleted.</summary>
    public static List<DirectoryChange> Changes(CourseBatchState before, CourseBatchState after, long versionAfter, IEnumerable<CourseBatchEvent> events, Serializer serializer)
    {
        var batchId = after.Name[(after.Name.LastIndexOf('/') + 1)..];
        var changes = new List<DirectoryChange>
        {
            new(DirectoryKinds.Batch, after.Name, CourseBatchViews.HostCenterOf(after.Name), $"{after.Spec.DisplayName} {batchId}".ToLowerInvariant(),
                serializer.SerializeToArray(CourseBatchViews.Batch(after, versionAfter))),
        };
        var list = events.ToList();
        var sessionIds = list.Any(e => e is BatchCreated or BatchUpdated or BatchCancelled)
            ? after.Sessions.Keys.ToHashSet(StringComparer.Ordinal)
            : list.Select(SessionOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var sessionId in sessionIds)
        {
            var now = Entries(after, after.Sessions[sessionId], serializer);
            if (before.Sessions.TryGetValue(sessionId, out var earlier))
            {
                changes.AddRange(Entries(before, earlier, serializer)
                    .Where(old => !now.Any(e => e.Kind == old.Kind && e.Key == old.Key))
                    .Select(old => old with { Payload = ReadOnlyMemory<byte>.Empty, Delete = true }));
            }

            changes.AddRange(now);
        }

        return changes;
    }

    private static string? SessionOf(CourseBatchEvent e) => e switch
    {
        SessionScheduled s => s.SessionId,
        SessionChanged s => s.SessionId,
        SessionCancelled s => s.SessionId,
        SessionClosed s => s.SessionId,
        _ => null,
    };

    private static List<DirectoryChange> Entries(CourseBatchState s, BatchSession session, Serializer serializer)
    {
        var entries = new List<DirectoryChange>(2);
        if (session.State == SessionState.Cancelled)
        {
            return entries;
        }

        var spec = session.Spec;
        var name = s.SessionName(session.Id);
        var payload = serializer.SerializeToArray(new RoomSession(name, s.Name, session.Id, spec.StartTime, spec.EndTime, s.Spec.CheckIn));
        if (spec.Mode == SessionMode.Offline)
        {
            entries.Add(new DirectoryChange(RoomSchedule.Kind, RoomSchedule.Key(spec.Center, spec.Room, spec.StartTime, name), RoomSchedule.Parent(spec.Center, spec.Room), string.Empty, payload));
        }

        if (spec.MakeUp && session.State == SessionState.Scheduled)
        {
            entries.Add(new DirectoryChange(
                DirectoryKinds.MakeUpSession, MakeUpSchedule.Key(s.Spec.CourseName, spec.Stage, spec.StartTime, name), MakeUpSchedule.Parent(s.Spec.CourseName, spec.Stage), string.Empty, payload));
        }

        return entries;
    }
}
