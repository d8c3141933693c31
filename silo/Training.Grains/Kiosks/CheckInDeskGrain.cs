using Orleans.Concurrency;
using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Kiosks;

/// <summary>
/// Turns a kiosk's scans into batch check-ins, on the morning rush's hot path: one call to the kiosk's grain (its
/// centre and room), one directory read to identify each staff member (card → <c>staff-card</c>; staff number and QR
/// code → the <c>staff</c> entry, so no staff grain is activated), one range read of the room's schedule
/// (<see cref="RoomSchedule"/>), then one <see cref="ICourseBatchGrain.CheckIn"/> per batch with all its records. It
/// writes nothing itself: what it refuses (malformed, unknown credential, no session in the room, wrong room) is
/// answered without a write, everything else is judged by the batch. The room's schedule is kept for
/// <see cref="ScheduleCacheLifetime"/> per worker; a scan that finds no session in a kept schedule reads it again, so
/// a session scheduled a moment ago is never missed.
/// </summary>
[StatelessWorker]
[GrainType("check-in-desk")]
public sealed class CheckInDeskGrain(EventSourcingServices services) : Grain, ICheckInDeskGrain
{
    /// <summary>How long a room's schedule read is reused by this worker.</summary>
    public static readonly TimeSpan ScheduleCacheLifetime = TimeSpan.FromSeconds(2);

    /// <summary>Most sessions read from a room's schedule at once (a room holds a few a day).</summary>
    private const int ScheduleReadLimit = 50;

    /// <summary>More kept schedules than this and the expired ones are dropped.</summary>
    private const int ScheduleCacheTrim = 256;

    private readonly Dictionary<string, KeptSchedule> schedules = new(StringComparer.Ordinal);

    public async Task<CheckInResult> CheckIn(string kioskName, KioskScan scan, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return (await Replay(kioskName, [scan], context))[0];
    }

    public async Task<IReadOnlyList<CheckInResult>> Replay(string kioskName, IReadOnlyList<KioskScan> scans, CommandContext context)
    {
        ArgumentException.ThrowIfNullOrEmpty(kioskName);
        ArgumentNullException.ThrowIfNull(scans);
        ArgumentNullException.ThrowIfNull(context);
        if (scans.Count is 0 or > CheckInRules.MaxReplay)
        {
            throw TrainingException.Invalid("scans", $"must hold 1..{CheckInRules.MaxReplay} records.");
        }

        var kiosk = await GrainFactory.GetGrain<IKioskGrain>(kioskName).Get();
        if (kiosk.State != KioskState.Active)
        {
            throw TrainingException.Precondition(kioskName, $"{kioskName} was revoked; its records are not accepted.");
        }

        var now = services.Clock.GetUtcNow();
        var results = new CheckInResult?[scans.Count];
        var batches = new Dictionary<string, List<BatchCheckIn>>(StringComparer.Ordinal);
        var staffByCredential = new Dictionary<(CredentialKind, string), StaffMatch?>();
        for (var i = 0; i < scans.Count; i++)
        {
            var scan = scans[i] ?? throw TrainingException.Invalid($"scans[{i}]", "is required.");
            if (CheckInRules.Malformed(scan, now) is { } malformed)
            {
                results[i] = Rejected(i, scan, CheckInRejection.Invalid, malformed, staff: null);
                continue;
            }

            var credential = (scan.Kind, scan.Credential.Trim());
            if (!staffByCredential.TryGetValue(credential, out var staff))
            {
                staff = await FindStaff(scan.Kind, credential.Item2);
                staffByCredential[credential] = staff;
            }

            if (staff is null)
            {
                results[i] = Rejected(i, scan, CheckInRejection.UnknownCredential, "No staff member has this card, QR code or staff number.", staff: null);
                continue;
            }

            var (session, rejection, message) = await FindSession(kiosk, scan, now);
            if (session is null)
            {
                results[i] = Rejected(i, scan, rejection, message, await Described(staff));
                continue;
            }

            if (!batches.TryGetValue(session.Value.Batch, out var records))
            {
                batches[session.Value.Batch] = records = [];
            }

            records.Add(new BatchCheckIn(i, session.Value.SessionId, staff.Name, scan.ScanTime, kiosk.Name, kiosk.CenterName, kiosk.Room, scan.IdempotencyKey));
        }

        await Task.WhenAll(batches.Select(async batch =>
        {
            foreach (var answer in await GrainFactory.GetGrain<ICourseBatchGrain>(batch.Key).CheckIn(batch.Value, context))
            {
                results[answer.Index] = answer;
            }
        }));

        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is null)
            {
                throw new InvalidOperationException($"No result for record {i} of {kioskName}'s {scans.Count}.");
            }
        }

        return results!;
    }

    /// <summary>The staff member a credential names, or null when none is registered with it.</summary>
    private async Task<StaffMatch?> FindStaff(CredentialKind kind, string credential)
    {
        if (kind == CredentialKind.Card)
        {
            // The card's entry exists only while a registered staff member holds the card.
            var card = await services.Store.GetDirectoryEntryAsync(DirectoryKinds.StaffCard, credential);
            return card is null ? null : new StaffMatch(card.Parent, Entry: null);
        }

        if (CheckInRules.StaffNameOf(kind, credential) is not { } name)
        {
            return null;
        }

        var entry = await services.Store.GetDirectoryEntryAsync(DirectoryKinds.Staff, name);
        return entry is null ? null : new StaffMatch(name, entry);
    }

    /// <summary>
    /// The batch and session a well-formed scan goes to, or why none: the scan's explicit session when it is held in
    /// the kiosk's room (or may be, which its batch then judges), else the session of the room whose window holds the
    /// scan time.
    /// </summary>
    private async Task<((string Batch, string SessionId)? Session, CheckInRejection Rejection, string Message)> FindSession(KioskView kiosk, KioskScan scan, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(scan.SessionName))
        {
            var named = CheckInRules.SplitSessionName(scan.SessionName)!.Value;
            if (await FromSchedule(kiosk, scan.ScanTime, sessions => sessions.FirstOrDefault(s => string.Equals(s.SessionName, scan.SessionName, StringComparison.Ordinal))) is not null
                || await services.Store.GetDirectoryEntryAsync(DirectoryKinds.Batch, named.Batch) is not null)
            {
                // In the room's schedule; or a session of an existing batch the schedule does not show (cancelled, or
                // far from the scan time): the batch knows why it does not fit and says so.
                return (named, CheckInRejection.None, string.Empty);
            }

            return (null, CheckInRejection.WrongRoom, $"{scan.SessionName} is not held in room {kiosk.Room} of {kiosk.CenterName}.");
        }

        if (await FromSchedule(kiosk, scan.ScanTime, sessions => CheckInRules.SessionAt(sessions, scan.ScanTime)) is { } session)
        {
            return ((session.BatchName, session.SessionId), CheckInRejection.None, string.Empty);
        }

        return scan.ScanTime > now + CheckInRules.MaxClockSkew
            ? (null, CheckInRejection.ScanInFuture, $"The scan time {scan.ScanTime:O} lies ahead of the server's clock ({now:O}) and no session of room {kiosk.Room} is around it.")
            : (null, CheckInRejection.NoSessionInRoom, $"No session of room {kiosk.Room} of {kiosk.CenterName} has its check-in window around {scan.ScanTime:O}.");
    }

    /// <summary>What <paramref name="pick"/> finds in the kiosk's room schedule around <paramref name="scan"/>: in the kept schedule, else in a fresh read.</summary>
    private async Task<RoomSession?> FromSchedule(KioskView kiosk, DateTimeOffset scan, Func<IReadOnlyList<RoomSession>, RoomSession?> pick)
    {
        var (sessions, kept) = await Schedule(kiosk, scan, fresh: false);
        return pick(sessions) ?? (kept ? pick((await Schedule(kiosk, scan, fresh: true)).Sessions) : null);
    }

    /// <summary>
    /// The sessions of the kiosk's room starting after the scan time less <see cref="CheckInRules.ScheduleLookBack"/>
    /// (from the start of that hour, so scans of the same hour share one read), kept for <see cref="ScheduleCacheLifetime"/>.
    /// </summary>
    private async Task<(IReadOnlyList<RoomSession> Sessions, bool Kept)> Schedule(KioskView kiosk, DateTimeOffset scan, bool fresh)
    {
        var from = scan.UtcDateTime - CheckInRules.ScheduleLookBack;
        var hour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero);
        var after = RoomSchedule.After(kiosk.CenterName, kiosk.Room, hour);
        var clock = services.Clock;
        if (!fresh && schedules.TryGetValue(after, out var kept) && clock.GetElapsedTime(kept.ReadAt) < ScheduleCacheLifetime)
        {
            return (kept.Sessions, true);
        }

        var parent = RoomSchedule.Parent(kiosk.CenterName, kiosk.Room);
        var entries = await services.Store.QueryDirectoryAsync(new DirectoryQuery(RoomSchedule.Kind, parent, after, ScheduleReadLimit));
        var sessions = entries.Select(e => services.Serializer.Deserialize<RoomSession>(e.Payload)!).ToList();
        if (schedules.Count >= ScheduleCacheTrim)
        {
            foreach (var expired in schedules.Where(s => clock.GetElapsedTime(s.Value.ReadAt) >= ScheduleCacheLifetime).Select(s => s.Key).ToList())
            {
                schedules.Remove(expired);
            }
        }

        schedules[after] = new KeptSchedule(sessions, clock.GetTimestamp());
        return (sessions, false);
    }

    /// <summary>The staff member with their display name (read from the directory for a card, which names only the holder).</summary>
    private async Task<(string Name, string DisplayName)> Described(StaffMatch staff)
    {
        var entry = staff.Entry ?? await services.Store.GetDirectoryEntryAsync(DirectoryKinds.Staff, staff.Name);
        var view = entry is null ? null : services.Serializer.Deserialize<StaffView>(entry.Payload);
        return (staff.Name, view?.DisplayName ?? string.Empty);
    }

    private static CheckInResult Rejected(int index, KioskScan scan, CheckInRejection rejection, string message, (string Name, string DisplayName)? staff) =>
        new(index, scan.IdempotencyKey ?? string.Empty, CheckInOutcome.Rejected, rejection, message, staff?.Name ?? string.Empty, staff?.DisplayName ?? string.Empty,
            scan.SessionName ?? string.Empty, Mark: null, scan.ScanTime, RecordTime: null);

    /// <summary>A staff member a credential resolved to; <see cref="Entry"/> is their directory entry when it was read.</summary>
    private sealed record StaffMatch(string Name, DirectoryEntry? Entry);

    private sealed record KeptSchedule(IReadOnlyList<RoomSession> Sessions, long ReadAt);
}
