using Training.Grains.Batches;

namespace Training.Grains.Kiosks;

/// <summary>
/// The check-in desk's own rules, free of I/O: what makes a kiosk record malformed, which staff member a staff number
/// or QR payload names, how a session name splits, and which of a room's sessions a scan belongs to (by <see cref="CheckInWindow"/>). The batch judges
/// everything else (enrolment, window, closing, the clock skew of its policy).
/// </summary>
public static class CheckInRules
{
    /// <summary>Most records in one replay.</summary>
    public const int MaxReplay = 500;

    /// <summary>Longest credential (card id, QR payload or staff number).</summary>
    public const int MaxCredential = 200;

    /// <summary>Longest idempotency key.</summary>
    public const int MaxIdempotencyKey = 100;

    /// <summary>The largest clock skew any batch may allow (<see cref="CheckInPolicy.ClockSkewSeconds"/> is 0..900).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(900);

    /// <summary>A scan further ahead of the server's clock than this is malformed, not merely early.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(1);

    /// <summary>A scan before this is malformed (a kiosk whose clock was never set).</summary>
    public static readonly DateTimeOffset EarliestScan = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// How far before a scan the room's schedule is read: a session lasts at most 12 hours, so every session that
    /// could be under way at the scan time (and every window holding it) starts after this.
    /// </summary>
    public static readonly TimeSpan ScheduleLookBack = TimeSpan.FromHours(12);

    private const string StaffPrefix = "staff/";
    private const string SessionsSegment = "/sessions/";
    private const int MaxStaffId = 40;

    /// <summary>Why <paramref name="scan"/> is malformed at server time <paramref name="now"/>, or null when it is well formed.</summary>
    public static string? Malformed(KioskScan scan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scan);
        if (!Enum.IsDefined(scan.Kind))
        {
            return "The credential kind is not card, QR code or staff number.";
        }

        if (string.IsNullOrWhiteSpace(scan.Credential) || scan.Credential.Length > MaxCredential)
        {
            return $"The credential must be 1..{MaxCredential} characters.";
        }

        if (string.IsNullOrEmpty(scan.IdempotencyKey) || scan.IdempotencyKey.Length > MaxIdempotencyKey)
        {
            return $"The idempotency key must be 1..{MaxIdempotencyKey} characters.";
        }

        if (scan.ScanTime < EarliestScan)
        {
            return $"The scan time {scan.ScanTime:O} is before {EarliestScan:yyyy}: the kiosk's clock is not set.";
        }

        if (scan.ScanTime > now + MaxAhead)
        {
            return $"The scan time {scan.ScanTime:O} is more than a day ahead of the server's clock ({now:O}).";
        }

        if (!string.IsNullOrEmpty(scan.SessionName) && SplitSessionName(scan.SessionName) is null)
        {
            return "The session must be a session name: {batch}/sessions/{session_id}.";
        }

        return null;
    }

    /// <summary>
    /// The staff member a staff number or QR payload names (<c>staff/{id}</c>, or the bare id), or null when it cannot
    /// be a staff id. Cards are looked up in the directory instead.
    /// </summary>
    public static string? StaffNameOf(CredentialKind kind, string credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var id = credential.Trim();
        if (kind == CredentialKind.QrCode && id.StartsWith(StaffPrefix, StringComparison.Ordinal))
        {
            id = id[StaffPrefix.Length..];
        }

        return kind is CredentialKind.QrCode or CredentialKind.StaffNumber && IsStaffId(id) ? StaffPrefix + id : null;
    }

    /// <summary>A session name split into its batch and session id, or null when it is not <c>{batch}/sessions/{id}</c>.</summary>
    public static (string Batch, string SessionId)? SplitSessionName(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        var at = sessionName.LastIndexOf(SessionsSegment, StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }

        var batch = sessionName[..at];
        var id = sessionName[(at + SessionsSegment.Length)..];
        var segments = batch.Split('/');
        var batchShaped = segments is ["regions", { Length: > 0 }, "counties", { Length: > 0 }, "centers", { Length: > 0 }, "batches", { Length: > 0 }];
        return batchShaped && id.Length > 0 && !id.Contains('/', StringComparison.Ordinal) ? (batch, id) : null;
    }

    /// <summary>
    /// The session of a room whose check-in window (with skew) holds <paramref name="scan"/>; when several do, the one
    /// starting nearest to the scan (the earlier on a tie). Null when none does.
    /// </summary>
    public static RoomSession? SessionAt(IEnumerable<RoomSession> sessions, DateTimeOffset scan)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        RoomSession? best = null;
        var bestDistance = TimeSpan.MaxValue;
        foreach (var session in sessions)
        {
            if (!CheckInWindow.Holds(session.CheckIn, session.StartTime, scan))
            {
                continue;
            }

            var distance = (session.StartTime - scan).Duration();
            if (distance < bestDistance || (distance == bestDistance && best is not null && session.StartTime < best.StartTime))
            {
                (best, bestDistance) = (session, distance);
            }
        }

        return best;
    }

    private static bool IsStaffId(string id)
    {
        if (id.Length is 0 or > MaxStaffId || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
