using Microsoft.Extensions.Logging;

namespace Training.Grains.EventSourcing;

/// <summary>
/// The calls an authority grain makes to drive another grain in a two-grain step (DESIGN.md "Operations that touch two
/// grains"): idempotent, bounded in time, and either confirmed (true), left for a retry (false: the target was
/// unavailable, slow or refused for now), or dropped when the target says it will never take it (it does not exist,
/// or refuses the content for good) — logged, so that a step cannot be retried forever.
/// </summary>
internal static partial class Delivery
{
    /// <summary>How long a call to another grain may take before the step is left for a retry (two grains calling each other must not wait for Orleans' call timeout).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>One idempotent call; true when confirmed or dropped for good, false when left for a retry.</summary>
    /// <param name="dropWhen">The refusals that will not change on a retry (NotFound always is one).</param>
    public static async Task<bool> TryAsync(ILogger logger, string source, string target, Func<Task> call, params ErrorKind[] dropWhen)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call().WaitAsync(CallTimeout);
            return true;
        }
        catch (TrainingException e) when (e.Kind == ErrorKind.NotFound || dropWhen.Contains(e.Kind))
        {
            LogDropped(logger, source, target, e.Message);
            return true;
        }
        catch (Exception e) when (e is TrainingException or TimeoutException or OrleansException or TaskCanceledException)
        {
            LogFailed(logger, source, target, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source} could not tell {Target} yet (will retry): {Error}")]
    private static partial void LogFailed(ILogger logger, string source, string target, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source} dropped a change for {Target}, which does not exist or refuses it for good: {Error}")]
    private static partial void LogDropped(ILogger logger, string source, string target, string error);
}
