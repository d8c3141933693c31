namespace Training.Grains.Results;

/// <summary>
/// The long-term follow-up plan (configuration section "FollowUps"): retention re-tests a number of days after a
/// trainee completes, due from that day and overdue after a grace period. The plan in force at completion is recorded
/// with the follow-ups it schedules, so a later change of configuration does not move them.
/// </summary>
public sealed class FollowUpOptions
{
    /// <summary>
    /// Orleans refuses a reminder due time or period above 0xfffffffe ms (about 49.7 days), so a re-test months away is
    /// never registered as the reminder's due time: the batch's reminder ticks every <see cref="CheckPeriod"/> and looks.
    /// </summary>
    public static readonly TimeSpan MaxCheckPeriod = TimeSpan.FromDays(49);

    /// <summary>Days after completion each re-test falls due (default 90 and 180: three and six months; 0: due at completion).</summary>
    public IList<int> OffsetDays { get; } = [];

    /// <summary>Days after the due time a re-test not taken is overdue.</summary>
    public int GraceDays { get; set; } = 30;

    /// <summary>How often a batch with open follow-ups checks them (its reminder's period); at most <see cref="MaxCheckPeriod"/>.</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The offsets in force: the configured ones, or 90 and 180 days when none is configured.</summary>
    public IReadOnlyList<int> Plan => OffsetDays.Count > 0 ? [.. OffsetDays.Where(d => d >= 0).Distinct().Order()] : [90, 180];
}
