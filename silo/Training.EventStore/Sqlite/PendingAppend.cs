namespace Training.EventStore.Sqlite;

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
}
