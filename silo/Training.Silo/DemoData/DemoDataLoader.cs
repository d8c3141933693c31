using Microsoft.Extensions.Logging;
using Training.Grains;

namespace Training.Silo.DemoData;

/// <summary>
/// Loads the demonstration dataset once the host has started (the silo is up by then). A failure
/// is logged and the host keeps running; transient failures are retried a few times.
/// </summary>
internal sealed partial class DemoDataLoader(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<DemoDataLoader> logger) : BackgroundService
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStart(stoppingToken))
        {
            return;
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                await DemoDataSet.LoadAsync(grains, logger, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsTransient(e) && attempt < MaxAttempts)
            {
                LogRetrying(logger, e, attempt, MaxAttempts);
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
                return;
            }

            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static bool IsTransient(Exception e) =>
        e is TimeoutException or OrleansException || e is TrainingException { Kind: ErrorKind.Unavailable or ErrorKind.Aborted };

    /// <summary>Waits for ApplicationStarted; false when the host stops first.</summary>
    private async Task<bool> WaitForStart(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(10, LogLevel.Warning, "Loading the demonstration dataset failed (attempt {Attempt} of {MaxAttempts}); retrying")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int attempt, int maxAttempts);

    [LoggerMessage(11, LogLevel.Error, "Loading the demonstration dataset failed; the host keeps running without it")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
