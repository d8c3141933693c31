using System.Runtime.ExceptionServices;

namespace Training.EventStore;

/// <summary>One queued commit and its caller's task. Cancellation wins only while the commit is still queued.</summary>
internal sealed class PendingAppend : TaskCompletionSource<AppendOutcome>
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Canceled = 2;

    private readonly bool _inlineContinuations;
    private int _state;
    private CancellationTokenRegistration _cancellation;

    /// <param name="commit">The commit.</param>
    /// <param name="inlineContinuations">
    /// False (the default): completing the task queues the caller's continuation to the thread pool, so the writer
    /// may complete it from its own thread. True: the continuation runs on the thread that completes the task —
    /// the writer must then complete its callers away from its own thread (e.g. one thread-pool work item per
    /// batch), which saves a thread-pool dispatch per caller. A cancellation is completed on the thread pool either way.
    /// </param>
    public PendingAppend(StreamCommit commit, bool inlineContinuations = false)
        : base(inlineContinuations ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Commit = commit;
        _inlineContinuations = inlineContinuations;
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
            if (_inlineContinuations)
            {
                // Not on the thread that called Cancel: it may hold locks the caller's continuation needs.
                ThreadPool.UnsafeQueueUserWorkItem(static s => s.Pending.TrySetCanceled(s.Token), (Pending: this, Token: token), preferLocal: false);
            }
            else
            {
                TrySetCanceled(token);
            }
        }
    }

    /// <summary>Fails every commit of a batch the store could not commit: none of them was acknowledged.</summary>
    public static void FailAll(List<PendingAppend> batch, Exception cause) => Fail(batch, 0, batch.Count, cause);

    /// <summary>Fails the commits <paramref name="start"/> to <paramref name="end"/> (exclusive) of a batch the store could not commit.</summary>
    public static void Fail(List<PendingAppend> batch, int start, int end, Exception cause)
    {
        for (var i = start; i < end; i++)
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

    /// <summary>Once the batch's transaction has committed: records the batch and delivers each commit's outcome (or its own failure).</summary>
    public static void CompleteAll(List<PendingAppend> batch, EventStoreMetrics metrics, TimeSpan duration)
    {
        RecordBatch(batch, metrics, duration);
        Deliver(batch, 0, batch.Count);
    }

    /// <summary>Records a committed batch, whose outcomes are set, in <paramref name="metrics"/>.</summary>
    public static void RecordBatch(List<PendingAppend> batch, EventStoreMetrics metrics, TimeSpan duration)
    {
        int appendedCommits = 0, appendedEvents = 0, conflicts = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            if (pending.Failure is not null)
            {
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
        }

        metrics.RecordBatch(batch.Count, appendedCommits, appendedEvents, conflicts, duration);
    }

    /// <summary>
    /// Once the batch's transaction has committed: delivers the outcomes (or own failures) of commits
    /// <paramref name="start"/> to <paramref name="end"/> (exclusive). Should a caller's continuation, run inline,
    /// throw (awaits and ContinueWith capture their exceptions, so it should not), the others still get theirs and
    /// the first exception is rethrown afterwards.
    /// </summary>
    public static void Deliver(List<PendingAppend> batch, int start, int end)
    {
        ExceptionDispatchInfo? thrown = null;
        for (var i = start; i < end; i++)
        {
            var pending = batch[i];
            try
            {
                if (pending.Failure is { } failure)
                {
                    pending.TrySetException(failure);
                }
                else
                {
                    pending.TrySetResult(pending.Outcome);
                }
            }
#pragma warning disable CA1031 // Every caller must get its outcome; the exception is rethrown below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                thrown ??= ExceptionDispatchInfo.Capture(ex);
            }
        }

        thrown?.Throw();
    }
}
