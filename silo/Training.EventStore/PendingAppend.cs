namespace Training.EventStore;

/// <summary>One queued commit and its caller's task. Cancellation wins only while the commit is still queued.</summary>
internal sealed class PendingAppend : TaskCompletionSource<AppendOutcome>
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Canceled = 2;

    private int _state;
    private CancellationTokenRegistration _cancellation;

    public PendingAppend(StreamCommit commit)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Commit = commit;
    }

    public StreamCommit Commit { get; }

    /// <summary>Set by the writer; delivered only once the transaction has committed.</summary>
    public AppendOutcome Outcome { get; set; }

    /// <summary>Set by the writer when this commit alone failed for a reason that is not the storage's.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Call before the commit is queued.</summary>
    public void CancelWith(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingAppend)state!).TryCancel(token),
                this);
        }
    }

    /// <summary>The writer takes the commit; false when the caller cancelled first.</summary>
    public bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Queued) != Queued)
        {
            return false;
        }

        _cancellation.Dispose();
        return true;
    }

    private void TryCancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Canceled, Queued) == Queued)
        {
            TrySetCanceled(token);
        }
    }

    /// <summary>Fails every commit of a batch the store could not commit: none of them was acknowledged.</summary>
    public static void FailAll(List<PendingAppend> batch, Exception cause)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].TrySetException(new EventStoreUnavailableException(
                "The event store could not commit; nothing of this commit was acknowledged. Retry later.",
                cause));
        }
    }

    /// <summary>Fails every commit still queued in <paramref name="reader"/> (the writer stopped; none will be written).</summary>
    public static void FailQueued(System.Threading.Channels.ChannelReader<PendingAppend> reader, Exception cause)
    {
        var queued = new List<PendingAppend>();
        while (reader.TryRead(out var pending))
        {
            if (pending.TryTake())
            {
                queued.Add(pending);
            }
        }

        FailAll(queued, cause);
    }

    /// <summary>Once the batch's transaction has committed: delivers each commit's outcome (or its own failure) and records the batch.</summary>
    public static void CompleteAll(List<PendingAppend> batch, EventStoreMetrics metrics, TimeSpan duration)
    {
        int appendedCommits = 0, appendedEvents = 0, conflicts = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            if (pending.Failure is { } failure)
            {
                pending.TrySetException(failure);
                continue;
            }

            if (pending.Outcome == AppendOutcome.Appended)
            {
                appendedCommits++;
                appendedEvents += pending.Commit.Events.Count;
            }
            else
            {
                conflicts++;
            }

            pending.TrySetResult(pending.Outcome);
        }

        metrics.RecordBatch(batch.Count, appendedCommits, appendedEvents, conflicts, duration);
    }
}
