namespace Training.Grains.Batches;

/// <summary>
/// The check-in rules of a session (<see cref="CheckInPolicy"/>), judged at the time a card was scanned: open from
/// <c>start − early</c> to <c>start + late</c>, present up to <c>start + on time</c>, late after. A scan up to the clock
/// skew outside the window still counts, classified by its time clamped into the window; a scan more than the skew ahead
/// of the server's clock is refused.
/// </summary>
public static class CheckInWindow
{
    /// <summary>When check-in opens.</summary>
    public static DateTimeOffset Opens(CheckInPolicy policy, DateTimeOffset start) => start.AddMinutes(-policy.EarlyMinutes);

    /// <summary>When check-in closes.</summary>
    public static DateTimeOffset Closes(CheckInPolicy policy, DateTimeOffset start) => start.AddMinutes(policy.LateMinutes);

    /// <summary>Whether <paramref name="scan"/> lies in the window, within the clock-skew tolerance.</summary>
    public static bool Holds(CheckInPolicy policy, DateTimeOffset start, DateTimeOffset scan)
    {
        var skew = Skew(policy);
        return scan >= Opens(policy, start) - skew && scan <= Closes(policy, start) + skew;
    }

    /// <summary>Present or late for a scan at <paramref name="scan"/>; null when it lies outside the window (beyond the skew).</summary>
    public static AttendanceMark? Judge(CheckInPolicy policy, DateTimeOffset start, DateTimeOffset scan)
    {
        if (!Holds(policy, start, scan))
        {
            return null;
        }

        var opens = Opens(policy, start);
        var closes = Closes(policy, start);
        var clamped = scan < opens ? opens : scan > closes ? closes : scan;
        return clamped <= start.AddMinutes(policy.OnTimeMinutes) ? AttendanceMark.Present : AttendanceMark.Late;
    }

    /// <summary>Whether a scan lies further ahead of the server's clock than the skew allows.</summary>
    public static bool IsAhead(CheckInPolicy policy, DateTimeOffset scan, DateTimeOffset now) => scan > now + Skew(policy);

    /// <summary>InvalidArgument unless every setting is in its range (early and late 0..240 minutes, on time 0..late, skew 0..900 s, offline grace 0..168 h).</summary>
    public static void Validate(CheckInPolicy policy, string field)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Range(policy.EarlyMinutes, 0, 240, $"{field}.early_minutes");
        Range(policy.LateMinutes, 0, 240, $"{field}.late_minutes");
        Range(policy.OnTimeMinutes, 0, policy.LateMinutes, $"{field}.on_time_minutes");
        Range(policy.ClockSkewSeconds, 0, 900, $"{field}.clock_skew_seconds");
        Range(policy.OfflineGraceHours, 0, 168, $"{field}.offline_grace_hours");
    }

    private static TimeSpan Skew(CheckInPolicy policy) => TimeSpan.FromSeconds(policy.ClockSkewSeconds);

    private static void Range(int value, int min, int max, string field)
    {
        if (value < min || value > max)
        {
            throw TrainingException.Invalid(field, $"must be {min}..{max}.");
        }
    }
}
