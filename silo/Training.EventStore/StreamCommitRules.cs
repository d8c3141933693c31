namespace Training.EventStore;

/// <summary>The shape every <see cref="IEventStore"/> implementation requires of a commit, checked before it is queued.</summary>
public static class StreamCommitRules
{
    /// <summary>Throws <see cref="ArgumentException"/> for a commit no store may accept (a programming error, not a conflict).</summary>
    public static void Validate(StreamCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (string.IsNullOrEmpty(commit.StreamId))
        {
            throw new ArgumentException("A commit needs a stream id.", nameof(commit));
        }

        if (commit.ExpectedVersion < 0)
        {
            throw new ArgumentException($"ExpectedVersion must be 0 (new stream) or more; it is {commit.ExpectedVersion}.", nameof(commit));
        }

        var events = commit.Events;
        if (events is null || events.Count == 0)
        {
            throw new ArgumentException("A commit needs at least one event.", nameof(commit));
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null || string.IsNullOrEmpty(events[i].Type))
            {
                throw new ArgumentException($"Event {i} of the commit is null or has no type.", nameof(commit));
            }
        }

        if (commit.Directory is { } changes)
        {
            for (var i = 0; i < changes.Count; i++)
            {
                var change = changes[i];
                if (change is null || string.IsNullOrEmpty(change.Kind) || string.IsNullOrEmpty(change.Key) || change.Parent is null || change.SearchText is null)
                {
                    throw new ArgumentException($"Directory change {i} needs a kind, a key, a parent (may be empty) and a search text (may be empty).", nameof(commit));
                }
            }
        }

        if (commit.Snapshot is { } snapshot && (snapshot.Version < 1 || snapshot.Version > commit.ExpectedVersion + events.Count))
        {
            throw new ArgumentException(
                $"The snapshot's version {snapshot.Version} is outside 1..{commit.ExpectedVersion + events.Count}, the stream's head after this commit.",
                nameof(commit));
        }
    }
}
