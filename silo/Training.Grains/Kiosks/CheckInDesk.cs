using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Kiosks;

/// <summary>
/// Turns an active kiosk's scans into batch check-ins, on the morning rush's hot path: one directory read to identify
/// each staff member (card → <c>staff-card</c>; staff number and QR code → the <c>staff</c> entry, so no staff grain is
/// activated), one range read of the room's schedule (<see cref="RoomSchedule"/>), then one
/// <see cref="ICourseBatchGrain.CheckIn"/> per batch with all its records. It writes nothing itself: what it refuses
/// (malformed, unknown credential, no session in the room, wrong room) is answered without a write, everything else is
/// judged by the batch. Within one call the room's schedule is read once per hour of scan times and a credential looked
/// up once. (A schedule kept across calls for a couple of seconds was measured and did not help: the read is one indexed
/// range query.) Used by the kiosk's own grain for a live scan (<see cref="IKioskGrain.CheckIn"/>, the device token's
/// credential check in the same call) and by the check-in desk for replays (<see cref="CheckInDeskGrain"/>).
/// </summary>
internal sealed class CheckInDesk(EventSourcingServices services, IGrainFactory grains)
{
    /// <summary>Most sessions read from a room's schedule at once (a room holds a few a day).</summary>
    private const int ScheduleReadLimit = 50;

    /// <summary>Identifies, places and hands to their batches the scans of <paramref name="kiosk"/> (active); one result per scan.</summary>
    public async Task<IReadOnlyList<CheckInResult>> Judge(KioskView kiosk, IReadOnlyList<KioskScan> scans, CommandContext context)
    {
        var now = services.Clock.GetUtcNow();
        var results = new CheckInResult?[scans.Count];
        var batches = new Dictionary<string, List<BatchCheckIn>>(StringComparer.Ordinal);
        var staffByCredential = new Dictionary<(CredentialKind, string), StaffMatch?>();
        var schedules = new Dictionary<DateTimeOffset, IReadOnlyList<RoomSession>>();
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

            var (session, rejection, message) = await FindSession(kiosk, scan, now, schedules);
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
            foreach (var answer in await grains.Cached<ICourseBatchGrain>(batch.Key).CheckIn(batch.Value, context))
            {
                results[answer.Index] = answer;
            }
        }));

        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is null)
            {
                throw new InvalidOperationException($"No result for record {i} of {kiosk.Name}'s {scans.Count}.");
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
    private async Task<((string Batch, string SessionId)? Session, CheckInRejection Rejection, string Message)> FindSession(
        KioskView kiosk, KioskScan scan, DateTimeOffset now, Dictionary<DateTimeOffset, IReadOnlyList<RoomSession>> schedules)
    {
        if (!string.IsNullOrEmpty(scan.SessionName))
        {
            var named = CheckInRules.SplitSessionName(scan.SessionName)!.Value;
            if ((await Schedule(kiosk, scan.ScanTime, schedules)).Any(s => string.Equals(s.SessionName, scan.SessionName, StringComparison.Ordinal))
                || await services.Store.GetDirectoryEntryAsync(DirectoryKinds.Batch, named.Batch) is not null)
            {
                // In the room's schedule; or a session of an existing batch the schedule does not show (cancelled, or
                // far from the scan time): the batch knows why it does not fit and says so.
                return (named, CheckInRejection.None, string.Empty);
            }

            return (null, CheckInRejection.WrongRoom, $"{scan.SessionName} is not held in room {kiosk.Room} of {kiosk.CenterName}.");
        }

        if (CheckInRules.SessionAt(await Schedule(kiosk, scan.ScanTime, schedules), scan.ScanTime) is { } session)
        {
            return ((session.BatchName, session.SessionId), CheckInRejection.None, string.Empty);
        }

        return scan.ScanTime > now + CheckInRules.MaxClockSkew
            ? (null, CheckInRejection.ScanInFuture, $"The scan time {scan.ScanTime:O} lies ahead of the server's clock ({now:O}) and no session of room {kiosk.Room} is around it.")
            : (null, CheckInRejection.NoSessionInRoom, $"No session of room {kiosk.Room} of {kiosk.CenterName} has its check-in window around {scan.ScanTime:O}.");
    }

    /// <summary>
    /// The sessions of the kiosk's room starting after the scan time less <see cref="CheckInRules.ScheduleLookBack"/>
    /// (from the start of that hour): every session whose check-in window could hold the scan, in one ordered range
    /// read of the directory, made once per hour of scan times in a call (<paramref name="schedules"/>).
    /// </summary>
    private async Task<IReadOnlyList<RoomSession>> Schedule(KioskView kiosk, DateTimeOffset scan, Dictionary<DateTimeOffset, IReadOnlyList<RoomSession>> schedules)
    {
        var from = scan.UtcDateTime - CheckInRules.ScheduleLookBack;
        var hour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero);
        if (!schedules.TryGetValue(hour, out var sessions))
        {
            var query = new DirectoryQuery(RoomSchedule.Kind, RoomSchedule.Parent(kiosk.CenterName, kiosk.Room), RoomSchedule.After(kiosk.CenterName, kiosk.Room, hour), ScheduleReadLimit);
            var entries = await services.Store.QueryDirectoryAsync(query);
            schedules[hour] = sessions = [.. entries.Select(e => services.Serializer.Deserialize<RoomSession>(e.Payload)!)];
        }

        return sessions;
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
}
